//! `/admin/review`: the moderators' queue of submitted postings, oldest
//! first, each with a preview link and the decisions. Plain forms without
//! JavaScript.

use leptos::prelude::*;

use super::dashboard::members_only;
use crate::api::moderation::{Moderate, fetch_audit_log, fetch_review_queue};
use crate::components::{Loading, PageMeta};
use crate::model::{AuditEntry, Decision, ReviewItem, ReviewQueue};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let moderate = ServerAction::<Moderate>::new();
    let data = Resource::new(move || moderate.version().get(), |_| fetch_review_queue());
    view! {
        <PageMeta title="Review queue" description="Postings waiting for a moderator." path="/admin/review"/>
        <div class="container">
            <nav class="admin-nav" aria-label="Moderation"><a href="/admin/review">"Review queue"</a>" · "<a href="/admin/audit">"Audit log"</a></nav>
            <h1>"Review queue"</h1>
            <p class="form-error" role="alert">{move || moderate.value().get().and_then(|r| r.err()).map(|e| e.general(&[]).unwrap_or_else(|| e.to_string()))}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    members_only(data.await, "/admin/review", |queue| view! { <QueueView queue moderate/> }.into_any())
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn QueueView(queue: ReviewQueue, moderate: ServerAction<Moderate>) -> impl IntoView {
    let ReviewQueue { moderator, items } = queue;
    view! {
        <p class="muted">"Signed in as "{moderator}" · "{items.len()}" waiting"</p>
        {if items.is_empty() {
            view! { <p class="empty">"Nothing waits for review."</p> }.into_any()
        } else {
            view! {
                <ol class="review-queue">
                    {items.into_iter().map(|item| view! { <QueueItem item moderate/> }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}

#[component]
fn QueueItem(item: ReviewItem, moderate: ServerAction<Moderate>) -> impl IntoView {
    let reason_id = format!("reason-{}", item.id);
    view! {
        <li class="review-item">
            <h2>{item.title.clone()}</h2>
            <p>
                <a href=format!("/companies/{}", item.company_slug)>{item.company_name.clone()}</a>" · "
                {if item.company_verified { "verified company" } else { "unverified company" }}" · submitted "{item.submitted.clone()}
            </p>
            <ActionForm action=moderate attr:class="stack-form">
                <input type="hidden" name="id" value=item.id.to_string()/>
                <div class="field">
                    <label for=reason_id.clone()>"Reason for the employer (needed to reject or ask for changes)"</label>
                    <textarea id=reason_id name="reason" rows="2" maxlength="2000"></textarea>
                </div>
                <div class="decisions">
                    {[Decision::Approve, Decision::RequestChanges, Decision::Reject].into_iter().map(|d| view! {
                        <button type="submit" name="decision" value=d.slug()
                            class=if d == Decision::Approve { "" } else { "secondary" }
                            aria-label=format!("{} {}", d.label(), item.title)>{d.label()}</button>
                    }).collect_view()}
                </div>
            </ActionForm>
        </li>
    }
}

/// `/admin/audit`: who did what to which posting or company, when and why.
#[component]
pub fn AuditPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| fetch_audit_log());
    view! {
        <PageMeta title="Audit log" description="Every moderation decision." path="/admin/audit"/>
        <div class="container">
            <nav class="admin-nav" aria-label="Moderation"><a href="/admin/review">"Review queue"</a>" · "<a href="/admin/audit">"Audit log"</a></nav>
            <h1>"Audit log"</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    members_only(data.await, "/admin/audit", |entries| view! { <AuditTable entries/> }.into_any())
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="empty">"Nothing has been done yet."</p> }.into_any();
    }
    view! {
        <div class="table-scroll"><table class="postings audit">
            <thead><tr>
                <th scope="col">"When (UTC)"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                <th scope="col">"Posting"</th><th scope="col">"Company"</th><th scope="col">"Reason"</th>
            </tr></thead>
            <tbody>
                {entries.into_iter().map(|e| view! {
                    <tr>
                        <td><time datetime=e.at.clone()>{e.at.replace('T', " ").replace('Z', "")}</time></td>
                        <td>{e.actor}</td>
                        <td>{e.action}</td>
                        <td>{e.job_id.map(|id| format!("#{id}")).unwrap_or_default()}</td>
                        <td>{e.company_id.map(|id| format!("#{id}")).unwrap_or_default()}</td>
                        <td>{e.reason}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}
