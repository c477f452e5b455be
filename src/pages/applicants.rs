//! The employer's applicant inbox: `/dashboard/applications` (every
//! posting's), `/dashboard/jobs/{id}/applications` (one posting's: counts
//! per status, a status filter, the list, a CSV export) and
//! `/dashboard/applications/{id}` (one application, its CV, status changes
//! that tell the candidate, private notes). Plain forms and links: all of it
//! works without JavaScript.

use crate::model::escape_html;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::account::{field_error, form_error};
use super::dashboard::members_only;
use crate::api::applications::{
    SetApplicationNotes, SetApplicationStatus, fetch_application_detail, fetch_application_inbox,
    fetch_application_list,
};
use crate::components::{Loading, PageMeta};
use crate::model::{ApplicationDetail, ApplicationList, NOTES_CHARS};

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let job_id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or_default();
    let status = move || query.read().get("status");
    let data = Resource::new(move || (job_id(), status()), |(id, status)| fetch_application_list(id, status));
    view! {
        <PageMeta title="Applications" description="Applications to your posting." path="/dashboard"/>
        <div class="container">
            <p><a href="/dashboard">"← Dashboard"</a></p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let back = format!("/dashboard/jobs/{}/applications", job_id());
                    members_only(data.await, &back, |list| view! { <ApplicationListView list/> }.into_any())
                })}
            </Suspense>
        </div>
    }
}

/// `/dashboard/applications`: the applications to every posting, newest
/// first, with the same counts and filter.
#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.read().get("status");
    let data = Resource::new(status, fetch_application_inbox);
    view! {
        <PageMeta title="Applications inbox" description="Applications to all your postings." path="/dashboard"/>
        <div class="container">
            <p><a href="/dashboard">"← Dashboard"</a></p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    members_only(data.await, "/dashboard/applications", |list| view! { <ApplicationListView list/> }.into_any())
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ApplicationListView(list: ApplicationList) -> impl IntoView {
    let ApplicationList { job, counts, total, filter, items } = list;
    let inbox = job.is_none();
    let base = match &job {
        Some((id, _)) => format!("/dashboard/jobs/{id}/applications"),
        None => "/dashboard/applications".to_owned(),
    };
    view! {
        <h1>{match job {
            Some((_, title)) => format!("Applications: {title}"),
            None => "Applications inbox".to_owned(),
        }}</h1>
        <nav class="status-filter" aria-label="Filter by status">
            <a href=base.clone() aria-current=filter.is_none().then_some("page")>{format!("All ({total})")}</a>
            {counts.into_iter().map(|(status, n)| view! {
                " · "
                <a href=format!("{base}?status={}", status.slug()) aria-current=(filter == Some(status)).then_some("page")>
                    {format!("{} ({n})", status.label())}
                </a>
            }).collect_view()}
        </nav>
        {(!inbox).then(|| view! { <p><a href=format!("{base}/export.csv") download="">"Download all as CSV"</a></p> })}
        {if items.is_empty() {
            let message = if total == 0 { "No applications yet." } else { "No application has this status." };
            view! { <p class="empty">{message}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll"><table class="postings stacked">
                    <thead><tr>
                        <th scope="col">"Candidate"</th>
                        {inbox.then(|| view! { <th scope="col">"Posting"</th> })}
                        <th scope="col">"Country"</th>
                        <th scope="col">"Applied"</th><th scope="col">"Status"</th>
                    </tr></thead>
                    <tbody>
                        {items.into_iter().map(|a| view! {
                            <tr class:unanswered=a.unanswered>
                                <td data-label="Candidate"><a href=format!("/dashboard/applications/{}", a.id)>{a.name}</a><br/><span class="muted">{a.email}</span></td>
                                {inbox.then(|| view! {
                                    <td data-label="Posting"><a href=format!("/dashboard/jobs/{}/applications", a.job_id)>{a.job_title}</a></td>
                                })}
                                <td data-label="Country">{a.country}</td>
                                <td data-label="Applied">{a.applied}</td>
                                <td data-label="Status">
                                    <span class=format!("status status-{}", a.status.slug())>{a.status.label()}</span>
                                    {a.unanswered.then(|| view! { <span class="status status-unanswered">"waiting over a week"</span> })}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            }.into_any()
        }}
    }
    .into_any()
}

#[component]
pub fn ApplicationDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or_default();
    let status = ServerAction::<SetApplicationStatus>::new();
    let notes = ServerAction::<SetApplicationNotes>::new();
    let data = Resource::new(id, fetch_application_detail);
    view! {
        <PageMeta title="Application" description="One application to your posting." path="/dashboard"/>
        <div class="container narrow-wide">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let back = format!("/dashboard/applications/{}", id());
                    members_only(data.await, &back, |detail| view! { <DetailView detail status notes/> }.into_any())
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn DetailView(
    detail: ApplicationDetail,
    status: ServerAction<SetApplicationStatus>,
    notes: ServerAction<SetApplicationNotes>,
) -> impl IntoView {
    let query = use_query_map();
    let saved = move || match query.read().get("saved").as_deref() {
        Some("status") => Some("Status changed. The candidate was e-mailed."),
        Some("notes") => Some("Notes saved."),
        _ => None,
    };
    let ApplicationDetail {
        id,
        job_id,
        job_title,
        name,
        email,
        country,
        github,
        linkedin,
        portfolio,
        cover_note,
        cv_bytes,
        status: current,
        next,
        notes: note_text,
        applied,
        updates,
    } = detail;
    let links = [("GitHub", github), ("LinkedIn", linkedin), ("Portfolio", portfolio)];
    view! {
        <p><a href=format!("/dashboard/jobs/{job_id}/applications")>"← Applications: "{job_title}</a></p>
        <p class="notice" role="status">{saved}</p>
        <h1>{name.clone()}</h1>
        <p><a href=format!("mailto:{email}")>{email.clone()}</a>" · "{country}" · applied "{applied}</p>
        <p class="application-status">"Status: "<strong>{current.label()}</strong></p>
        <ul class="profile-links">
            {links.into_iter().filter_map(|(label, url)| url.map(|url| view! {
                <li>{label}": "<a href=url.clone() rel="noopener nofollow ugc">{url.clone()}</a></li>
            })).collect_view()}
        </ul>
        <p><a class="button" href=format!("/dashboard/applications/{id}/cv")>{format!("Download the CV (PDF, {} KB)", (cv_bytes + 1023) / 1024)}</a></p>
        {(!cover_note.is_empty()).then(|| view! {
            <section aria-labelledby="note-heading">
                <h2 id="note-heading">"Cover note"</h2>
                <p class="cover-note">{cover_note}</p>
            </section>
        })}
        {
            let (back, onward): (Vec<_>, Vec<_>) = next.into_iter().partition(|s| current.is_back_to(*s));
            view! {
                <section aria-labelledby="status-heading">
                    <h2 id="status-heading">"Change the status"</h2>
                    <ActionForm action=status attr:class="stack-form">
                        <p class="form-error" role="alert">{form_error(status, &["message"])}</p>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <div class="field">
                            <label for="message">"Message to the candidate (optional, e-mailed with the new status)"</label>
                            <textarea id="message" name="message" rows="4" maxlength=NOTES_CHARS></textarea>
                            <p class="field-error" aria-live="polite">{field_error(status, "message")}</p>
                        </div>
                        <div class="decisions">
                            {onward.into_iter().map(|s| view! {
                                <button type="submit" name="status" value=s.slug()
                                    class=if s == crate::model::ApplicationStatus::Rejected { "secondary" } else { "" }>
                                    {format!("Move to “{}”", s.label())}
                                </button>
                            }).collect_view()}
                        </div>
                        {(!back.is_empty()).then(|| view! {
                            <p class="muted">"Moved it by mistake? Move it back; the candidate is told, and the history keeps both moves."</p>
                            <div class="decisions">
                                {back.into_iter().map(|s| view! {
                                    <button type="submit" name="status" value=s.slug() class="secondary">
                                        {format!("Move back to “{}”", s.label())}
                                    </button>
                                }).collect_view()}
                            </div>
                        })}
                    </ActionForm>
                </section>
            }
        }
        {(!updates.is_empty()).then(|| view! {
            <section aria-labelledby="history-heading">
                <h2 id="history-heading">"History"</h2>
                <ol class="updates">
                    {updates.into_iter().map(|u| view! {
                        <li><strong>{u.status.label()}</strong>" · "{u.date}{u.by.map(|by| format!(" · by {by}"))}{(!u.message.is_empty()).then(|| view! { <p>{u.message.clone()}</p> })}</li>
                    }).collect_view()}
                </ol>
            </section>
        })}
        <section aria-labelledby="notes-heading">
            <h2 id="notes-heading">"Private notes"</h2>
            <p class="muted">"Only your team sees these; the candidate never does."</p>
            <ActionForm action=notes attr:class="stack-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <div class="field">
                    <label for="notes">"Notes"</label>
                    <textarea id="notes" name="notes" rows="5" maxlength=NOTES_CHARS inner_html=escape_html(&note_text)></textarea>
                    <p class="field-error" aria-live="polite">{field_error(notes, "notes")}</p>
                </div>
                <button type="submit" class="secondary">"Save notes"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
