//! `/jobs/{slug}`: one posting with everything a seeker needs at a glance, its
//! JSON-LD for search engines, and similar jobs. A stale slug answers 301.

use crate::model::escape_html;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::account::{field_error, form_error, kept_after_refusal, typed};
use super::apply::ApplyForm;
use crate::api::applications::fetch_apply_feedback;
use crate::api::jobs::{ReportJob, fetch_job};
use crate::api::seekers::{MarkApplied, fetch_seeker_apply};
use crate::components::{ErrorView, JobList, Loading, PageMeta, SaveForm, VerifiedBadge, redirect};
use crate::model::{
    ApplyFeedback, JobDetail, JobLookup, JobPage as JobPageData, Process, ReportReason, ResponseRate, SeekerApply,
};

#[component]
pub fn JobPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, fetch_job);
    // A refused apply form comes back as `?apply=refused`; what it said is
    // kept on the server, never in the URL.
    let query = use_query_map();
    let refused = move || query.read().get("apply").is_some_and(|v| v == "refused");
    let feedback = Resource::new(refused, |refused| async move {
        if refused { fetch_apply_feedback().await.ok().flatten().unwrap_or_default() } else { ApplyFeedback::default() }
    });
    // A signed-in seeker's profile fills the form; anyone else gets none.
    let seeker = Resource::new(slug, |slug| async move { fetch_seeker_apply(slug).await.ok().flatten() });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let feedback = feedback.await;
                let seeker = seeker.await;
                match data.await {
                    Ok(JobLookup::Found(page)) => view! { <JobView page=*page feedback seeker/> }.into_any(),
                    Ok(JobLookup::Moved(slug)) => {
                        redirect(&format!("/jobs/{slug}"), 301);
                        view! { <p>"This job has moved to "<a href=format!("/jobs/{slug}")>"its new address"</a>"."</p> }.into_any()
                    }
                    Err(error) => view! { <ErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn JobView(page: JobPageData, feedback: ApplyFeedback, seeker: Option<SeekerApply>) -> impl IntoView {
    let JobPageData { job, similar, json_ld, response_rate, imported_from } = page;
    let process = job.process.clone();
    let card = &job.card;
    let description = format!(
        "{} at {}: {}, {}, remote from {}.",
        card.title,
        card.company_name,
        card.salary.display(),
        card.level.label(),
        card.where_label()
    );
    let (title, path, category) = (format!("{} at {}", card.title, card.company_name), card.path(), card.category);
    let slug = card.slug.clone();
    let apply_form = job.apply_url.is_none().then(|| (card.slug.clone(), card.title.clone()));
    let applied_elsewhere = job.apply_url.is_some().then(|| (card.slug.clone(), seeker.clone()));
    view! {
        <PageMeta title description path kind="article"/>
        <script type="application/ld+json" inner_html=json_ld></script>
        <article class="container job-page">
            <nav class="breadcrumbs" aria-label="Breadcrumb">
                <a href="/jobs">"Jobs"</a>" / "
                <a href=format!("/jobs?category={}", category.slug())>{category.label()}</a>
            </nav>
            <JobArticle job/>
            {imported_from.map(|ats| view! {
                <p class="muted source-note">{format!("Imported from {ats} and kept in sync with it: when the opening closes there, it closes here.")}</p>
            })}
            <HiringProcess process response_rate/>
            {applied_elsewhere.map(|(slug, seeker)| view! { <AppliedElsewhere slug seeker/> })}
            {apply_form.map(|(slug, title)| view! { <ApplyForm slug title feedback seeker/> })}
            <ReportForm slug/>
            <section aria-labelledby="similar-heading">
                <h2 id="similar-heading">"Similar jobs"</h2>
                <JobList jobs=similar empty="No similar jobs right now."/>
            </section>
        </article>
    }
    .into_any()
}

/// Below a job that takes applications elsewhere: "I applied" puts it on
/// a signed-in seeker's tracker.
#[component]
fn AppliedElsewhere(slug: String, seeker: Option<SeekerApply>) -> impl IntoView {
    let action = ServerAction::<MarkApplied>::new();
    let tracked = use_query_map().with_untracked(|q| q.get("tracked").is_some());
    let back = format!("/me/signin?next=/jobs/{slug}");
    view! {
        <section class="applied-elsewhere" aria-label="Track your application">
            {match seeker {
                Some(seeker) if seeker.applied || tracked => view! {
                    <p class="notice" role="status">"This job is on "<a href="/me">"your tracker"</a>"."</p>
                }.into_any(),
                Some(_) => view! {
                    <ActionForm action>
                        <input type="hidden" name="slug" value=slug/>
                        <button type="submit" class="secondary">"I applied: add it to my tracker"</button>
                    </ActionForm>
                }.into_any(),
                None => view! {
                    <p class="muted"><a href=back>"Sign in"</a>" to keep this application on your tracker."</p>
                }.into_any(),
            }}
        </section>
    }
}

/// What the posting promises about its hiring process, beside the company's
/// measured record of answering applicants.
#[component]
fn HiringProcess(process: Process, response_rate: Option<ResponseRate>) -> impl IntoView {
    if !process.is_stated() && response_rate.is_none() {
        return ().into_any();
    }
    let promise = process.promise();
    let steps = (!process.steps.is_empty()).then_some(process.steps);
    view! {
        <section class="hiring-process" aria-labelledby="process-heading">
            <h2 id="process-heading">"Hiring process"</h2>
            <dl>
                {steps.map(|steps| view! { <div><dt>"Steps"</dt><dd>{steps}</dd></div> })}
                {promise.map(|promise| view! { <div><dt>"The promise"</dt><dd class="promise">{promise}</dd></div> })}
                <div>
                    <dt>"The record"</dt>
                    <dd class="response-rate">{response_rate.map(|rate| rate.sentence()).unwrap_or_else(|| {
                        "Not measured yet: too few applications through FarCoder.".to_owned()
                    })}</dd>
                </div>
            </dl>
        </section>
    }
    .into_any()
}

/// "Report this job": a reason and an optional note for the moderators.
/// Folded away until opened; a plain form without JavaScript.
#[component]
fn ReportForm(slug: String) -> impl IntoView {
    let action = ServerAction::<ReportJob>::new();
    let query = use_query_map();
    let sent = move || query.read().get("reported").is_some() || action.value().get().is_some_and(|r| r.is_ok());
    let general = form_error(action, &["reason", "note"]);
    let (reason_error, note_error) = (field_error(action, "reason"), field_error(action, "note"));
    let open = move || sent() || action.value().get().is_some_and(|r| r.is_err());
    // A refused plain form comes back with what was typed, kept by the server.
    let kept = kept_after_refusal(action, "report");
    view! {
        <details class="report" id="report" open=open>
            <summary>"Report this job"</summary>
            <Show when=sent fallback=move || { let slug = slug.clone(); view! {
                <Suspense>{move || { let slug = slug.clone(); Suspend::new(async move {
                let kept = kept.await;
                let (reason, note) = (typed(&kept, "reason"), typed(&kept, "note"));
                view! {
                <ActionForm action attr:class="stack-form">
                    <p class="muted">"Is this posting a scam, not really remote, or already filled? Tell our moderators."</p>
                    <p class="form-error" role="alert">{general}</p>
                    <input type="hidden" name="slug" value=slug/>
                    <div class="field">
                        <label for="report-reason">"What is wrong"</label>
                        <select id="report-reason" name="reason" required>
                            <option value="">"Choose…"</option>
                            {ReportReason::ALL.iter().map(|r| view! { <option value=r.slug() selected=reason == r.slug()>{r.label()}</option> }).collect_view()}
                        </select>
                        <p class="field-error" aria-live="polite">{reason_error}</p>
                    </div>
                    <div class="field">
                        <label for="report-note">"Details (optional)"</label>
                        <textarea id="report-note" name="note" rows="3" maxlength="1000" inner_html=escape_html(&note)></textarea>
                        <p class="field-error" aria-live="polite">{note_error}</p>
                    </div>
                    <button type="submit" class="secondary" disabled=move || action.pending().get()>"Send report"</button>
                </ActionForm>
                }
                })}}</Suspense>
            } }>
                <p class="notice" role="status">"Thank you. A moderator will look at this posting."</p>
            </Show>
        </details>
    }
    .into_any()
}

/// A posting as its page shows it: header with the salary and where one may
/// work from, the description, the company. The employer's preview renders
/// the same component, with the apply button inert.
#[component]
pub fn JobArticle(job: JobDetail, #[prop(optional)] preview: bool) -> impl IntoView {
    let card = job.card;
    let apply = match job.apply_url {
        Some(_) if preview => view! { <span class="button apply" aria-disabled="true">"Apply on the company’s site"</span> }.into_any(),
        // Through our own route, which counts the click and redirects.
        Some(_) => view! {
            <a class="button apply" href=format!("{}/apply", card.path()) rel="nofollow">"Apply on the company’s site"</a>
        }
        .into_any(),
        None if preview => view! { <span class="button apply" aria-disabled="true">"Apply on FarCoder"</span> }.into_any(),
        // FarCoder's own form, further down the page.
        None => view! { <a class="button apply" href="#apply">"Apply on FarCoder"</a> }.into_any(),
    };
    let company_path = format!("/companies/{}", card.company_slug);
    view! {
        <header class="job-header">
            <h1>{card.title.clone()}</h1>
            <p class="job-company">
                {card.logo.clone().map(|src| view! { <img class="card-logo" src=src alt="" width="40" height="40"/> })}
                <a href=company_path.clone()>{card.company_name.clone()}</a>
                {card.company_verified.then(|| view! { <VerifiedBadge/> })}
            </p>
            <dl class="job-summary">
                <div><dt>"Salary"</dt><dd class="salary">{card.salary.display()}</dd></div>
                <div><dt>"Work from"</dt><dd>{card.where_label()}</dd></div>
                <div><dt>"Time zones"</dt><dd>{card.timezone.map(|t| t.display()).unwrap_or_else(|| "Any (async)".to_owned())}</dd></div>
                <div><dt>"Core hours"</dt><dd class="core-hours" data-utc-hours=card.core_hours.map(|c| c.utc_hours())>{card.core_hours.map(|c| c.headline()).unwrap_or_else(|| "None: work when it suits you".to_owned())}</dd></div>
                <div><dt>"Hired as"</dt><dd class="hiring">{card.hiring.sentence()}</dd></div>
                <div><dt>"Level"</dt><dd>{card.level.label()}</dd></div>
                <div><dt>"Type"</dt><dd>{card.job_type.label()}</dd></div>
                <div><dt>"Posted"</dt><dd><time datetime=job.posted_date.clone()>{job.posted_date.clone()}</time></dd></div>
                {card.confirmed.clone().map(|c| view! { <div><dt>"Still open?"</dt><dd class="confirmed">{c}</dd></div> })}
            </dl>
            <ul class="stacks" aria-label="Stack">
                {card.stacks.iter().map(|s| view! { <li><a class="tag" href=format!("/jobs?stack={}", s.slug())>{s.label()}</a></li> }).collect_view()}
            </ul>
            <div class="job-actions">
                {apply}
                {(!preview).then(|| view! { <SaveForm id=card.id title=card.title.clone()/> })}
            </div>
        </header>
        <section class="job-description" inner_html=job.description_html></section>
        <section class="company-box">
            <h2>"About "{card.company_name.clone()}</h2>
            <p>{job.company_about.lines().next().unwrap_or_default().to_owned()}</p>
            <a href=company_path>"All jobs at "{card.company_name.clone()}</a>
        </section>
        <p class="expires">"Open until "{job.expires_date}"."</p>
    }
    .into_any()
}
