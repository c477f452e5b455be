//! `/dashboard`: the signed-in employer's postings. Signed out, it sends you
//! to `/login` and back.

use leptos::prelude::*;

use crate::api::accounts::{Logout, fetch_dashboard};
use crate::api::postings::{ClosePosting, ConfirmOpen, DuplicatePosting, RenewPosting, SubmitPosting};
use crate::components::{DailyBars, ErrorView, InPlace, Loading, PageMeta};
use crate::error::AppError;
use crate::model::{CHART_DAYS, Dashboard, EditState, PostingStatus, UNANSWERED_DAYS};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let actions = Actions {
        submit: ServerAction::new(),
        close: ServerAction::new(),
        confirm: ServerAction::new(),
        renew: ServerAction::new(),
        duplicate: ServerAction::new(),
    };
    // Rendered once, on the server: an action's post comes back to a new page.
    let data = Resource::new(|| (), |_| fetch_dashboard());
    view! {
        <PageMeta title="Dashboard" description="Your company’s remote job postings on FarCoder." path="/dashboard"/>
        <div class="container">
            // Each row's actions update the list in place.
            <InPlace>
                <Suspense fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        members_only(data.await, "/dashboard", |dashboard| view! { <DashboardView dashboard actions/> }.into_any())
                    })}
                </Suspense>
            </InPlace>
        </div>
    }
}

/// What a page for signed-in employers shows: `render` with its data; for a
/// signed-out visitor, a redirect to sign in and come back to `back`; or the
/// error.
pub(super) fn members_only<T>(result: Result<T, AppError>, back: &str, render: impl FnOnce(T) -> AnyView) -> AnyView {
    match result {
        Ok(data) => render(data),
        Err(AppError::Unauthorized) => {
            let login = format!("/login?next={back}");
            crate::components::redirect(&login, 302);
            view! { <p>"Please "<a href=login>"sign in"</a>" to continue."</p> }.into_any()
        }
        Err(error) => view! { <ErrorView error/> }.into_any(),
    }
}

/// What an employer can do to a posting from the list.
#[derive(Clone, Copy)]
struct Actions {
    submit: ServerAction<SubmitPosting>,
    close: ServerAction<ClosePosting>,
    confirm: ServerAction<ConfirmOpen>,
    renew: ServerAction<RenewPosting>,
    duplicate: ServerAction<DuplicatePosting>,
}

impl Actions {
    fn error(&self) -> Option<String> {
        let errors = [
            self.submit.value().get().and_then(|r| r.err()),
            self.close.value().get().and_then(|r| r.err()),
            self.confirm.value().get().and_then(|r| r.err()),
            self.renew.value().get().and_then(|r| r.err()),
            self.duplicate.value().get().and_then(|r| r.err()),
        ];
        errors.into_iter().flatten().next().map(|e| e.general(&[]).unwrap_or_else(|| e.to_string()))
    }
}

/// One button that runs `action` on job `id`; a plain POST without JavaScript.
/// (A macro: `ActionForm`'s bounds do not abstract over server functions.)
macro_rules! row_action {
    ($action:expr, $id:expr, $label:literal) => {
        view! {
            <ActionForm action=$action attr:class="row-action">
                <input type="hidden" name="id" value=$id.to_string()/>
                <button type="submit" class="secondary small" aria-label=format!("{} posting {}", $label, $id)>{$label}</button>
            </ActionForm>
        }
    };
}

#[component]
fn DashboardView(dashboard: Dashboard, actions: Actions) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let Dashboard { viewer, jobs } = dashboard;
    let query = leptos_router::hooks::use_query_map();
    let saved_edit = move || query.read().get("saved").is_some_and(|s| s == "edit");
    let back_to_draft = move || query.read().get("saved").is_some_and(|s| s == "draft");
    view! {
        <header class="dashboard-header">
            <div>
                <h1>{viewer.company_name.clone()}</h1>
                <p class="muted">"Signed in as "{viewer.email.clone()}</p>
            </div>
            <ActionForm action=logout>
                <button type="submit" class="secondary">"Sign out"</button>
            </ActionForm>
        </header>
        {saved_edit().then(|| view! {
            <p class="notice" role="status">"Your edit is saved and waits for a moderator. Until it is approved, visitors see the version that was approved before."</p>
        })}
        {back_to_draft().then(|| view! {
            <p class="notice" role="status">"Your edit is saved, and the posting is a draft again: submit it when it is ready for review."</p>
        })}
        {(!viewer.email_confirmed).then(|| view! {
            <p class="notice" role="status">"Please confirm your e-mail address: we sent a link to "{viewer.email.clone()}"."</p>
        })}
        {
            let unanswered: i64 = jobs.iter().map(|j| j.unanswered).sum();
            (unanswered > 0).then(|| view! {
                <div class="warning" role="status">
                    <strong>{format!("{unanswered} application{} waited more than {UNANSWERED_DAYS} days for an answer.", if unanswered == 1 { " has" } else { "s have" })}</strong>
                    " Every candidate deserves one: "
                    {jobs.iter().filter(|j| j.unanswered > 0).map(|j| view! {
                        <a href=format!("/dashboard/jobs/{}/applications?status=new", j.id)>{format!("{} ({})", j.title, j.unanswered)}</a>" "
                    }).collect_view()}
                </div>
            })
        }
        {
            let fresh: i64 = jobs.iter().map(|j| j.new_applications).sum();
            let total: i64 = jobs.iter().map(|j| j.applications).sum();
            (total > 0).then(|| view! {
                <p class="inbox-link">
                    <a class="button secondary" href="/dashboard/applications">
                        {if fresh > 0 { format!("Applications inbox: {fresh} new") } else { "Applications inbox".to_owned() }}
                    </a>
                </p>
            })
        }
        <section aria-labelledby="postings-heading">
            <div class="section-head">
                <h2 id="postings-heading">"Your postings"</h2>
                <div class="actions">
                    <a class="button secondary" href="/dashboard/import">"Import from your ATS"</a>
                    <a class="button" href="/dashboard/jobs/new">"New posting"</a>
                </div>
            </div>
            <p class="form-error" role="alert">{move || actions.error()}</p>
            {if jobs.is_empty() {
                view! { <p class="empty">"You have no postings yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll"><table class="postings stacked">
                        <thead><tr>
                            <th scope="col">"Title"</th><th scope="col">"Status"</th><th scope="col">"Published"</th>
                            <th scope="col">"Days left"</th><th scope="col">"Views"</th>
                            <th scope="col">"Applications"</th>
                            <th scope="col">"Views per day"</th><th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>
                            {jobs.into_iter().map(|job| view! {
                                <tr>
                                    <td data-label="Title">{match job.public_path.clone() {
                                        Some(path) => view! { <a href=path>{job.title.clone()}</a> }.into_any(),
                                        None => job.title.clone().into_any(),
                                    }}</td>
                                    <td data-label="Status">
                                        <span class=format!("status status-{}", job.status.slug())>{job.status.label()}</span>
                                        {job.moderation_note.clone().map(|note| view! { <p class="moderation-note">"Moderator: "{note}</p> })}
                                        {job.still_open.clone().map(|text| view! { <p class="still-open">{text}</p> })}
                                        {job.edit.clone().map(|edit| match edit {
                                            EditState::Waiting => view! { <p class="edit-state">"Edit in review: the live version stays up until a moderator approves it."</p> }.into_any(),
                                            EditState::Declined(reason) => view! { <p class="moderation-note">"Edit declined: "{reason}</p> }.into_any(),
                                        })}
                                    </td>
                                    <td data-label="Published">{job.published.unwrap_or_else(|| "—".to_owned())}</td>
                                    <td data-label="Days left" title=job.expires.clone().map(|d| format!("Open until {d}"))>
                                        {job.days_left.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned())}
                                    </td>
                                    <td class="number" data-label="Views">{job.stats.views}</td>
                                    <td class="number" data-label="Applications">
                                        {if job.own_form || job.applications > 0 {
                                            view! {
                                                <a href=format!("/dashboard/jobs/{}/applications", job.id) aria-label=format!("Applications for {}", job.title)>{job.applications}</a>
                                                {(job.new_applications > 0).then(|| view! { " "<span class="status status-new">{format!("{} new", job.new_applications)}</span> })}
                                                {(job.unanswered > 0).then(|| view! { " "<span class="status status-unanswered">{format!("{} unanswered", job.unanswered)}</span> })}
                                            }.into_any()
                                        } else {
                                            view! {
                                                <span title="Applications go to your own page: these are the clicks on Apply.">
                                                    {format!("{} click{} to your page", job.stats.apply_clicks, if job.stats.apply_clicks == 1 { "" } else { "s" })}
                                                </span>
                                            }.into_any()
                                        }}
                                    </td>
                                    <td data-label="Views per day"><DailyBars counts=job.stats.daily_views.clone() label=format!("Views per day over the last {CHART_DAYS} days")/></td>
                                    <td class="actions" data-label="Actions">
                                        {(job.status != PostingStatus::Closed).then(|| view! {
                                            <a class="small" href=format!("/dashboard/jobs/{}/edit", job.id)>"Edit"</a>
                                            <a class="small" href=format!("/dashboard/jobs/{}/preview", job.id)>"Preview"</a>
                                        })}
                                        {job.status.can_submit().then(|| row_action!(actions.submit, job.id, "Submit"))}
                                        {(job.status == PostingStatus::Published).then(|| row_action!(actions.confirm, job.id, "Still hiring"))}
                                        {(job.status == PostingStatus::Published).then(|| row_action!(actions.close, job.id, "Close"))}
                                        {job.status.is_public().then(|| row_action!(actions.renew, job.id, "Renew"))}
                                        {(job.status == PostingStatus::Published).then(|| job.public_path.clone()).flatten().map(|path| view! {
                                            <a class="small" href=format!("/embed?job={path}#card")>"Card for a README"</a>
                                        })}
                                        {row_action!(actions.duplicate, job.id, "Duplicate")}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
        <p>
            <a href="/dashboard/company">"Company profile and team"</a>" · "
            <a href=format!("/companies/{}", viewer.company_slug)>"Your public company page"</a>" · "
            <a href="/embed">"Your jobs on your own site"</a>
        </p>
    }
}
