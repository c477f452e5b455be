//! `/dashboard/jobs/new` and `/dashboard/jobs/{id}/edit`: every field of a
//! posting in a plain POST form; in the browser, `PreviewedForm` checks the
//! fields as you type by `PostingDraft`'s own rules and previews the posting.

use crate::model::escape_html;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::account::kept_after;
use super::dashboard::members_only;
use super::posting_preview::{FORM_ID, PreviewedForm};
use crate::api::accounts::fetch_viewer;
use crate::api::imports::fetch_import_draft;
use crate::api::postings::{
    CreatePosting, DiscardTypedPosting, UpdatePosting, fetch_kept_posting_draft, fetch_posting_draft,
    fetch_typed_posting,
};
use crate::components::{Loading, PageMeta};
use crate::error::AppError;
use crate::model::{
    Category, Currency, EmploymentType, HireMode, Level, Location, MAX_DECISION_DAYS, OFFSETS, Offset, PostingDraft,
    Region, STEPS_CHARS, SalaryPeriod, Stack, TypedDraft,
};

/// The hours of a day, as the core hours' selects offer them.
const UTC_HOURS: [(&str, &str); 24] = [
    ("0", "00:00"),
    ("1", "01:00"),
    ("2", "02:00"),
    ("3", "03:00"),
    ("4", "04:00"),
    ("5", "05:00"),
    ("6", "06:00"),
    ("7", "07:00"),
    ("8", "08:00"),
    ("9", "09:00"),
    ("10", "10:00"),
    ("11", "11:00"),
    ("12", "12:00"),
    ("13", "13:00"),
    ("14", "14:00"),
    ("15", "15:00"),
    ("16", "16:00"),
    ("17", "17:00"),
    ("18", "18:00"),
    ("19", "19:00"),
    ("20", "20:00"),
    ("21", "21:00"),
    ("22", "22:00"),
    ("23", "23:00"),
];

#[component]
pub fn NewPostingPage() -> impl IntoView {
    let action = ServerAction::<CreatePosting>::new();
    let errors = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let kept = kept_after(action, || async { fetch_kept_posting_draft(0).await.ok().flatten() });
    let typed = Resource::new(|| 0, fetch_typed_posting);
    let restore = wants_restore();
    // `?import=ID`: an opening brought in from the company's ATS, to complete.
    let query = leptos_router::hooks::use_query_map();
    let import = query.read_untracked().get("import").and_then(|id| id.parse::<i64>().ok());
    let imported = Resource::new(
        move || import,
        |import| async move {
            match import {
                Some(import) => fetch_import_draft(import).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // A visitor who is not signed in is sent to sign in (or sign up) first,
    // before typing a posting that could not be saved.
    let viewer = Resource::new(|| (), |_| fetch_viewer());
    view! {
        <PageMeta title="New posting" description="Write a remote job posting." path="/dashboard/jobs/new"/>
        <div class="container posting-page">
            <p><a href="/dashboard">"← Dashboard"</a></p>
            <h1>"New posting"</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let viewer = viewer.await;
                    let (kept, typed, imported) = (kept.await, typed.await, imported.await);
                    members_only(viewer.and_then(|viewer| imported.map(|imported| (viewer, imported))), "/dashboard/jobs/new", move |(_, imported)| {
                        let blank = PostingDraft { currency: "USD".into(), period: "year".into(), ..PostingDraft::default() };
                        // An import starts from what the ATS said; what was
                        // typed and refused still comes first.
                        let (initial, notice) = match imported {
                            Some(imported) => (kept.unwrap_or(imported), None),
                            None => starting_point(kept, typed.ok().flatten(), restore, blank),
                        };
                        view! {
                            <TypedNotice notice posting=0/>
                            <PreviewedForm posting=0>
                                <ActionForm action attr:id=FORM_ID attr:class="stack-form posting-form" attr:novalidate="">
                                    <PostingFields initial=initial.clone() errors/>
                                    <div>
                                        <button type="submit" disabled=move || action.pending().get()>"Save draft"</button>
                                        <p class="form-hint">"Only your team sees a draft. Next you see it as job seekers will, and submit it for review."</p>
                                    </div>
                                </ActionForm>
                            </PreviewedForm>
                        }.into_any()
                    })
                })}
            </Suspense>
        </div>
    }
}

/// Whether the address asks for what was typed and not saved (`?restore=1`).
fn wants_restore() -> bool {
    leptos_router::hooks::use_query_map().read_untracked().get("restore").is_some()
}

/// What the form holds once it opens, and what to tell about a copy the
/// server kept as it was typed.
#[derive(Clone)]
enum Typed {
    /// A copy waits: offer it.
    Waiting(String),
    /// The form holds that copy, not saved yet.
    Restored(String),
}

/// The form's starting point: what a refused submission typed; else, when
/// asked, the copy kept as it was typed; else `saved` (offering the copy).
fn starting_point(
    refused: Option<PostingDraft>,
    typed: Option<TypedDraft>,
    restore: bool,
    saved: PostingDraft,
) -> (PostingDraft, Option<Typed>) {
    match (refused, typed) {
        (Some(refused), _) => (refused, None),
        (None, Some(typed)) if restore => (typed.draft, Some(Typed::Restored(typed.kept_at))),
        (None, Some(typed)) if typed.draft != saved => (saved, Some(Typed::Waiting(typed.kept_at))),
        (None, _) => (saved, None),
    }
}

/// Says that a copy of what was typed waits (with the links to bring it
/// back or throw it away), or that the form holds it.
#[component]
fn TypedNotice(notice: Option<Typed>, posting: i64) -> impl IntoView {
    let discard = ServerAction::<DiscardTypedPosting>::new();
    notice.map(|notice| match notice {
        Typed::Waiting(at) => view! {
            <div class="notice typed-notice" role="status">
                <p>"You were writing this posting on "{at}" and did not save it. "
                    <a href="?restore=1">"Bring back what you typed"</a>
                </p>
                <ActionForm action=discard attr:class="row-action">
                    <input type="hidden" name="posting" value=posting.to_string()/>
                    <button type="submit" class="secondary small">"Throw it away"</button>
                </ActionForm>
            </div>
        }
        .into_any(),
        Typed::Restored(at) => view! {
            <p class="notice" role="status">"This is what you typed on "{at}". It is not saved yet: save it when it is ready."</p>
        }
        .into_any(),
    })
}

#[component]
pub fn EditPostingPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let draft = Resource::new(id, fetch_posting_draft);
    let action = ServerAction::<UpdatePosting>::new();
    let errors = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let posting = id();
    let kept = kept_after(action, move || async move { fetch_kept_posting_draft(posting).await.ok().flatten() });
    let typed = Resource::new(id, fetch_typed_posting);
    let restore = wants_restore();
    view! {
        <PageMeta title="Edit posting" description="Edit a remote job posting." path="/dashboard"/>
        <div class="container posting-page">
            <p><a href="/dashboard">"← Dashboard"</a></p>
            <h1>"Edit posting"</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (refused, typed) = (kept.await, typed.await.ok().flatten());
                    members_only(draft.await, "/dashboard", |saved| {
                        let (initial, notice) = starting_point(refused, typed, restore, saved);
                        view! {
                            <p><a href=format!("/dashboard/jobs/{}/preview", id())>"Preview the saved version"</a></p>
                            <TypedNotice notice posting=id()/>
                            <PreviewedForm posting=id()>
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

/// A typed or stored offset ("-6", "+05:30") as the select lists it.
fn offset_choice(raw: &str) -> String {
    Offset::parse(raw).map(Offset::slug).unwrap_or_else(|| raw.to_owned())
}

/// The server's message for one field, from the last refused submission.
fn message(errors: Signal<Option<AppError>>, key: &'static str) -> Option<String> {
    errors.get_untracked().and_then(|e| e.for_field(key))
}

#[component]
fn PostingFields(initial: PostingDraft, errors: Signal<Option<AppError>>) -> impl IntoView {
    let general = match errors.get_untracked() {
        Some(AppError::InvalidFields(_)) => Some("Some fields need another look: see the messages below.".to_owned()),
        Some(other) => other.general(&[]),
        None => None,
    };
    let import = (!initial.import.is_empty()).then(|| initial.import.clone());
    view! {
        <p class="form-error" role="alert">{general}</p>
        {import.map(|import| view! {
            <input type="hidden" name="draft[import]" value=import/>
            <p class="notice">"Imported from your ATS: check what it says, and add what it does not (how you hire, from where, and a salary if it gave none)."</p>
        })}
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
            <legend>"Time zones people may work in (optional): the westernmost and easternmost UTC offset"</legend>
            <div class="field-row">
                <Choice label="From (UTC offset)" name="draft[tz_from]" id="tz_from" key="tz_from" errors
                    options=OFFSETS.iter().map(|o| (*o, *o)).collect() selected=offset_choice(&initial.tz_from)/>
                <Choice label="To (UTC offset)" name="draft[tz_to]" id="tz_to" key="tz_to" errors
                    options=OFFSETS.iter().map(|o| (*o, *o)).collect() selected=offset_choice(&initial.tz_to)/>
            </div>
        </fieldset>
        <fieldset class="core-hours">
            <legend>"Core hours (optional, UTC): when the team meets, and how many of those hours people must join"</legend>
            <div class="field-row">
                <Choice label="From (UTC)" name="draft[core_start]" id="core_start" key="core_start" errors
                    options=UTC_HOURS.to_vec() selected=initial.core_start.clone()/>
                <Choice label="To (UTC)" name="draft[core_end]" id="core_end" key="core_end" errors
                    options=UTC_HOURS.to_vec() selected=initial.core_end.clone()/>
                <div class="field">
                    <label for="core_need">"Hours of overlap needed"</label>
                    <input id="core_need" name="draft[core_need]" type="number" min="1" max="23" value=initial.core_need.clone()
                        aria-describedby="core_need-error"/>
                    <p class="field-error" id="core_need-error" aria-live="polite">{message(errors, "core_need")}</p>
                </div>
            </div>
        </fieldset>
        <fieldset class="hiring">
            <legend>"How you hire, and where"</legend>
            <p class="form-hint">"Everyone who may apply must be someone you can hire: employ people only where applicants may live, and when you hire only employees, without visas, applicants may live only in those countries."</p>
            <Checkboxes legend="You hire people as (required)" name="draft[hire_modes][]" key="hire_modes" errors checked=initial.hire_modes.clone()
                options=HireMode::ALL.iter().map(|h| (h.slug(), h.label())).collect()/>
            <Checkboxes legend="As employees in (with “Employee”)" name="draft[employee_in][]" key="employee_in" errors checked=initial.employee_in.clone()
                options=Location::countries().map(|c| (c.slug(), c.label())).collect()/>
            <div class="field checkbox-field">
                <label>
                    <input type="checkbox" name="draft[visa]" value="1" checked=initial.visa == "1"/>
                    " We sponsor a visa for employees who need one to work where we employ them"
                </label>
            </div>
        </fieldset>
        <fieldset class="process">
            <legend>"Hiring process (shown beside your measured response rate)"</legend>
            <div class="field">
                <label for="hiring_steps">"Steps"</label>
                <input id="hiring_steps" name="draft[hiring_steps]" maxlength=STEPS_CHARS.to_string()
                    placeholder="Intro call, paid take-home of 3 h, two interviews" value=initial.hiring_steps.clone()
                    aria-describedby="hiring_steps-error"/>
                <p class="field-error" id="hiring_steps-error" aria-live="polite">{message(errors, "hiring_steps")}</p>
            </div>
            <div class="field">
                <label for="decision_days">"Usual days from applying to a decision"</label>
                <input id="decision_days" name="draft[decision_days]" type="number" min="1" max=MAX_DECISION_DAYS.to_string()
                    value=initial.decision_days.clone() aria-describedby="decision_days-error"/>
                <p class="field-error" id="decision_days-error" aria-live="polite">{message(errors, "decision_days")}</p>
            </div>
        </fieldset>
        <div class="field">
            <label for="description">"Description (Markdown)"</label>
            <textarea id="description" name="draft[description]" rows="12" maxlength="20000"
                aria-describedby="description-error" inner_html=escape_html(&initial.description)></textarea>
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
