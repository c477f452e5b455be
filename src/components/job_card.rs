//! A posting as a list shows it: salary, level, where you may work from and the
//! stack, at a glance.

use leptos::prelude::*;

use super::SaveForm;
use crate::model::JobCard;

/// `saved`: on the saved list, where the card's button removes it.
#[component]
pub fn JobCardView(job: JobCard, #[prop(optional)] saved: bool) -> impl IntoView {
    let path = job.path();
    let where_label = job.where_label();
    let company_path = format!("/companies/{}", job.company_slug);
    view! {
        <article class="job-card" class:featured=job.featured>
            <div class="job-card-main">
                <h3 class="job-title"><a href=path>{job.title.clone()}</a></h3>
                <p class="job-company">
                    {job.logo.clone().map(|src| view! { <img class="card-logo" src=src alt="" width="28" height="28" loading="lazy"/> })}
                    <a href=company_path>{job.company_name.clone()}</a>
                    {job.company_verified.then(|| view! { <VerifiedBadge/> })}
                    {job.featured.then(|| view! { <span class="tag tag-featured">"Featured"</span> })}
                </p>
                <ul class="job-facts" aria-label="Key facts">
                    <li class="salary">{job.salary.display()}</li>
                    <li>{job.level.label()}</li>
                    <li>{job.job_type.label()}</li>
                    <li class="where">{where_label}</li>
                    {job.timezone.map(|tz| view! { <li>{tz.display()}</li> })}
                    {job.core_hours.map(|core| view! { <li class="core-hours" data-utc-hours=core.utc_hours()>{core.sentence()}</li> })}
                    {job.hiring.tags().into_iter().map(|tag| view! { <li class="hiring">{tag}</li> }).collect_view()}
                </ul>
                <ul class="stacks" aria-label="Stack">
                    {job.stacks.iter().map(|s| view! { <li class="tag">{s.label()}</li> }).collect_view()}
                </ul>
            </div>
            <div class="job-side">
                <p class="job-posted">{job.posted.clone()}{job.confirmed.clone().map(|c| view! { <br/><span class="confirmed">{c}</span> })}</p>
                <SaveForm id=job.id title=job.title.clone() remove=saved/>
            </div>
        </article>
    }
}

/// Job cards, or a message when there are none.
#[component]
pub fn JobList(
    jobs: Vec<JobCard>,
    #[prop(default = "No jobs match yet.")] empty: &'static str,
    /// The saved list: each card's button removes it.
    #[prop(optional)]
    saved: bool,
) -> impl IntoView {
    if jobs.is_empty() {
        view! { <p class="empty">{empty}</p> }.into_any()
    } else {
        view! {
            <ol class="job-list">
                {jobs.into_iter().map(|job| view! { <li><JobCardView job saved/></li> }).collect_view()}
            </ol>
        }
        .into_any()
    }
}

/// The mark of a company a moderator verified.
#[component]
pub fn VerifiedBadge() -> impl IntoView {
    view! { <span class="verified" title="Company verified by FarCoder: it proved its domain and a moderator checked it">"✓ Verified"</span> }
}
