//! `/admin/review`: the moderators' queue of submitted postings, oldest
//! first, each with a preview link and the decisions. Plain forms without
//! JavaScript.

use leptos::prelude::*;

use super::dashboard::members_only;
use crate::api::moderation::{Moderate, fetch_review_queue};
use crate::components::{Loading, PageMeta};
use crate::model::{Decision, ReviewItem, ReviewQueue};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let moderate = ServerAction::<Moderate>::new();
    let data = Resource::new(move || moderate.version().get(), |_| fetch_review_queue());
    view! {
        <PageMeta title="Review queue" description="Postings waiting for a moderator." path="/admin/review"/>
        <div class="container">
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
