//! `/dashboard/jobs/new` and `/dashboard/jobs/{id}/edit`: every field of a
//! posting in a plain POST form; in the browser, `PreviewedForm` checks the
//! fields as you type by `PostingDraft`'s own rules and previews the posting.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::dashboard::members_only;
use super::posting_preview::{FORM_ID, PreviewedForm};
use crate::api::postings::{CreatePosting, UpdatePosting, fetch_posting_draft};
use crate::components::{Loading, PageMeta};
use crate::error::AppError;
use crate::model::{Category, Currency, EmploymentType, Level, Location, PostingDraft, Region, SalaryPeriod, Stack};

#[component]
pub fn NewPostingPage() -> impl IntoView {
    let action = ServerAction::<CreatePosting>::new();
    let errors = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    // After a refused plain-form submission the error brings back what was typed.
    let echoed = action.value().get_untracked().and_then(|r| r.err()).and_then(|e| e.echoed_draft());
    let initial = echoed.unwrap_or_else(|| PostingDraft {
        currency: "USD".into(),
        period: "year".into(),
        ..PostingDraft::default()
    });
    view! {
        <PageMeta title="New posting" description="Write a remote job posting." path="/dashboard/jobs/new"/>
        <div class="container narrow-wide">
            <p><a href="/dashboard">"← Dashboard"</a></p>
            <h1>"New posting"</h1>
            <PreviewedForm>
                <ActionForm action attr:id=FORM_ID attr:class="stack-form posting-form" attr:novalidate="">
                    <PostingFields initial=initial.clone() errors/>
                    <button type="submit" disabled=move || action.pending().get()>"Save draft"</button>
                </ActionForm>
            </PreviewedForm>
        </div>
    }
}

#[component]
pub fn EditPostingPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let draft = Resource::new(id, fetch_posting_draft);
    let action = ServerAction::<UpdatePosting>::new();
    let errors = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        <PageMeta title="Edit posting" description="Edit a remote job posting." path="/dashboard"/>
        <div class="container narrow-wide">
            <p><a href="/dashboard">"← Dashboard"</a></p>
            <h1>"Edit posting"</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    members_only(draft.await, "/dashboard", |saved| {
                        let echoed = action.value().get_untracked().and_then(|r| r.err()).and_then(|e| e.echoed_draft());
                        let initial = echoed.unwrap_or(saved);
                                            view! {
                            <p><a href=format!("/dashboard/jobs/{}/preview", id())>"Preview the saved version"</a></p>
                            <PreviewedForm>
                                <ActionForm action attr:id=FORM_ID attr:class="stack-form posting-form" attr:novalidate="">
                                    <input type="hidden" name="id" value=id().to_string()/>
                                    <PostingFields initial=initial.clone() errors/>
                                    <button type="submit" disabled=move || action.pending().get()>"Save changes"</button>
                                </ActionForm>
                            </PreviewedForm>
                        }.into_any()
                    })
                })}
            </Suspense>
        </div>
    }
}

/// The server's message for one field, from the last refused submission.
fn message(errors: Signal<Option<AppError>>, key: &'static str) -> Option<String> {
    errors.get_untracked().and_then(|e| e.for_field(key))
}

#[component]
fn PostingFields(initial: PostingDraft, errors: Signal<Option<AppError>>) -> impl IntoView {
    let general = match errors.get_untracked() {
        Some(AppError::InvalidFields(_) | AppError::InvalidDraft { .. }) => {
            Some("Some fields need another look: see the messages below.".to_owned())
        }
        Some(other) => other.general(&[]),
        None => None,
    };
    view! {
        <p class="form-error" role="alert">{general}</p>
        <div class="field">
            <label for="title">"Job title"</label>
            <input id="title" name="draft[title]" value=initial.title.clone() maxlength="100" required
                aria-describedby="title-error"/>
            <p class="field-error" id="title-error" aria-live="polite">{message(errors, "title")}</p>
        </div>
        <div class="field-row">
            <Choice label="Category" name="draft[category]" id="category" key="category" errors
                options=Category::ALL.iter().map(|c| (c.slug(), c.label())).collect() selected=initial.category.clone()/>
            <Choice label="Level" name="draft[level]" id="level" key="level" errors
                options=Level::ALL.iter().map(|l| (l.slug(), l.label())).collect() selected=initial.level.clone()/>
            <Choice label="Job type" name="draft[job_type]" id="job_type" key="job_type" errors
                options=EmploymentType::ALL.iter().map(|t| (t.slug(), t.label())).collect() selected=initial.job_type.clone()/>
        </div>
        <fieldset class="salary">
            <legend>"Salary range (required)"</legend>
            <div class="field-row">
                <div class="field">
                    <label for="salary_min">"Minimum"</label>
                    <input id="salary_min" name="draft[salary_min]" inputmode="numeric" value=initial.salary_min.clone()
                        aria-describedby="salary_min-error"/>
                </div>
                <div class="field">
                    <label for="salary_max">"Maximum"</label>
                    <input id="salary_max" name="draft[salary_max]" inputmode="numeric" value=initial.salary_max.clone()/>
                </div>
                <Choice label="Currency" name="draft[currency]" id="currency" key="currency" errors
                    options=Currency::ALL.iter().map(|c| (c.slug(), c.label())).collect() selected=initial.currency.clone()/>
                <Choice label="Per" name="draft[period]" id="period" key="period" errors
                    options=SalaryPeriod::ALL.iter().map(|p| (p.slug(), p.slug())).collect() selected=initial.period.clone()/>
            </div>
            <p class="field-error" id="salary_min-error" aria-live="polite">{message(errors, "salary_min")}</p>
            <p class="field-error" aria-live="polite">{message(errors, "salary_max")}</p>
        </fieldset>
        <Checkboxes legend="Stack" name="draft[stacks][]" key="stacks" errors checked=initial.stacks.clone()
            options=Stack::ALL.iter().map(|s| (s.slug(), s.label())).collect()/>
        <Checkboxes legend="Applicants may live in" name="draft[locations][]" key="locations" errors checked=initial.locations.clone()
            options=Region::ALL.iter().map(|r| (r.slug(), r.label())).chain(Location::countries().map(|c| (c.slug(), c.label()))).collect()/>
        <fieldset class="timezone">
            <legend>"Time zone overlap (optional, UTC offsets in hours)"</legend>
            <div class="field-row">
                <div class="field">
                    <label for="tz_from">"From UTC"</label>
                    <input id="tz_from" name="draft[tz_from]" type="number" min="-12" max="14" value=initial.tz_from.clone()/>
                </div>
                <div class="field">
                    <label for="tz_to">"To UTC"</label>
                    <input id="tz_to" name="draft[tz_to]" type="number" min="-12" max="14" value=initial.tz_to.clone()/>
                </div>
            </div>
            <p class="field-error" aria-live="polite">{message(errors, "tz_from")}</p>
            <p class="field-error" aria-live="polite">{message(errors, "tz_to")}</p>
        </fieldset>
        <div class="field">
            <label for="description">"Description (Markdown)"</label>
            <textarea id="description" name="draft[description]" rows="12" maxlength="20000"
                aria-describedby="description-error">{initial.description.clone()}</textarea>
            <p class="field-error" id="description-error" aria-live="polite">{message(errors, "description")}</p>
        </div>
        <div class="field">
            <label for="apply_url">"Application page (leave empty to use FarCoder’s form)"</label>
            <input id="apply_url" name="draft[apply_url]" type="url" maxlength="500" value=initial.apply_url.clone()
                aria-describedby="apply_url-error"/>
            <p class="field-error" id="apply_url-error" aria-live="polite">{message(errors, "apply_url")}</p>
        </div>
    }
}

#[component]
fn Choice(
    label: &'static str,
    name: &'static str,
    id: &'static str,
    key: &'static str,
    errors: Signal<Option<AppError>>,
    options: Vec<(&'static str, &'static str)>,
    selected: String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                <option value="" selected=selected.is_empty()>"Choose…"</option>
                {options.into_iter().map(|(slug, text)| view! { <option value=slug selected=selected == slug>{text}</option> }).collect_view()}
            </select>
            <p class="field-error" aria-live="polite">{move || errors.get().and_then(|e| e.for_field(key))}</p>
        </div>
    }
}

#[component]
fn Checkboxes(
    legend: &'static str,
    name: &'static str,
    key: &'static str,
    errors: Signal<Option<AppError>>,
    options: Vec<(&'static str, &'static str)>,
    checked: Vec<String>,
) -> impl IntoView {
    view! {
        <fieldset class="stack-filter">
            <legend>{legend}</legend>
            {options.into_iter().map(|(slug, text)| {
                let is_checked = checked.iter().any(|c| c == slug);
                view! { <label class="chip"><input type="checkbox" name=name value=slug checked=is_checked/>{text}</label> }
            }).collect_view()}
            <p class="field-error" aria-live="polite">{move || errors.get().and_then(|e| e.for_field(key))}</p>
        </fieldset>
    }
}
