//! The `/jobs` search form: a plain GET form, whose query string is the
//! search. In the browser `JobSearch` sends it in place, and any filter's
//! change sends it at once.

use leptos::prelude::*;

use super::job_search::{FILTERS_ID, FORM_ID, RESULTS_ID};
use crate::model::{
    Category, EmploymentType, Facets, HireMode, JobFilter, Level, Location, OFFSETS, Region, Sort, Stack, USUAL_DAY,
};

/// The `overlap` options, as `OVERLAP_OPTIONS` counts them.
const OVERLAP_CHOICES: &[(&str, &str)] =
    &[("1", "1 hour"), ("2", "2 hours"), ("3", "3 hours"), ("4", "4 hours"), ("6", "6 hours"), ("8", "8 hours")];

/// The `confirmed` options, as `CONFIRMED_DAYS` counts them.
const CONFIRMED_CHOICES: &[(&str, &str)] = &[("7", "Last 7 days"), ("14", "Last 14 days"), ("30", "Last 30 days")];

/// The time zone select's id: `JobSearch` guesses it from the browser.
pub const TZ_ID: &str = "tz";

#[component]
pub fn SearchForm(
    /// The search the page currently shows.
    filter: Signal<JobFilter>,
    /// How many results each option would give (none while unknown).
    #[prop(into, default = Signal::stored(None))]
    facets: Signal<Option<Facets>>,
    /// How many jobs the search finds (none while unknown).
    #[prop(into, default = Signal::stored(None))]
    total: Signal<Option<i64>>,
) -> impl IntoView {
    let show = move || match total.get() {
        Some(1) => "Show 1 job".to_owned(),
        Some(n) => format!("Show {n} jobs"),
        None => "Show jobs".to_owned(),
    };
    let q = move || filter.read().q.clone();
    let min_salary = move || filter.read().min_salary.map(|m| m.to_string()).unwrap_or_default();
    view! {
        <form method="get" action="/jobs" id=FORM_ID class="search-form" role="search">
            <div class="search-row">
                <label class="visually-hidden" for="q">"Search jobs"</label>
                <input
                    id="q"
                    type="search"
                    name="q"
                    placeholder="Title, company, stack or keyword"
                    maxlength="200"
                    value=q
                    prop:value=q
                />
                <button type="submit">"Search"</button>
            </div>
            // Folded behind "Filters (n)" on a phone, so results come first;
            // always open on a wider screen (the stylesheet).
            <details class="filters-panel" id=FILTERS_ID>
                <summary>{move || match filter.read().narrowing_count() {
                    0 => "Filters".to_owned(),
                    n => format!("Filters ({n})"),
                }}</summary>
            <div class="filters">
                <Select label="Category" name="category" filter facets
                    options=Category::ALL.iter().map(|c| (c.slug(), c.label())).collect()
                    current=|f: &JobFilter| f.category.map(|c| c.slug())/>
                <Select label="Level" name="level" filter facets
                    options=Level::ALL.iter().map(|l| (l.slug(), l.label())).collect()
                    current=|f: &JobFilter| f.level.map(|l| l.slug())/>
                <Select label="Job type" name="type" filter facets
                    options=EmploymentType::ALL.iter().map(|t| (t.slug(), t.label())).collect()
                    current=|f: &JobFilter| f.job_type.map(|t| t.slug())/>
                <Select label="You live in" name="region" filter facets
                    options=Region::ALL.iter().map(|r| (r.slug(), r.label())).chain(Location::countries().map(|c| (c.slug(), c.label()))).collect()
                    current=|f: &JobFilter| f.region.map(|r| r.slug())/>
                <WorkFilters filter facets/>
                <div class="field">
                    <label for="min_salary">"Minimum salary (USD a year)"</label>
                    <input id="min_salary" name="min_salary" inputmode="numeric" placeholder="e.g. 90000"
                        value=min_salary prop:value=min_salary/>
                </div>
                <Flag label="Verified companies only" name="verified" filter facets on=|f: &JobFilter| f.verified/>
                <Select label="Sort by" name="sort" filter
                    options=Sort::ALL.iter().map(|s| (s.slug(), s.label())).collect()
                    current=|f: &JobFilter| f.sort.map(|s| s.slug())
                    any="Default"/>
                <fieldset class="stack-filter">
                    <legend>"Stack (any of)"</legend>
                    {Stack::ALL.iter().map(|stack| {
                        let stack = *stack;
                        let checked = move || filter.read().stacks.contains(&stack);
                        let id = format!("stack-{}", stack.slug());
                        view! {
                            <label class="chip">
                                <input type="checkbox" id=id name="stack" value=stack.slug() checked=checked prop:checked=checked/>
                                {stack.label()}
                                <Count facets name="stack" value=stack.slug()/>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            </div>
            // On a phone the panel ends with the way back to the results.
            <button type="submit" class="show-results" formaction=format!("/jobs#{RESULTS_ID}")>{show}</button>
            </details>
        </form>
    }
}

/// The option among `options` whose value is `value`, spelled as listed.
fn listed(mut options: impl Iterator<Item = &'static str>, value: impl ToString) -> Option<&'static str> {
    let value = value.to_string();
    options.find(|option| *option == value)
}

/// How the company would hire, and the seeker's working day: a part of the
/// form of its own (type-erased, so rendering the form stays shallow).
#[component]
fn WorkFilters(filter: Signal<JobFilter>, facets: Signal<Option<Facets>>) -> impl IntoView {
    let hours = move || {
        filter.read().hours.filter(|h| *h != USUAL_DAY).map(|(from, to)| format!("{from}-{to}")).unwrap_or_default()
    };
    view! {
        <Select label="Hired as" name="hire" filter facets
            options=HireMode::ALL.iter().map(|h| (h.slug(), h.label())).collect()
            current=|f: &JobFilter| f.hire.map(|h| h.slug())/>
        <Select label="Your time zone (UTC offset)" name=TZ_ID filter
            options=OFFSETS.iter().map(|o| (*o, *o)).collect()
            current=|f: &JobFilter| f.tz.and_then(|tz| listed(OFFSETS.iter().copied(), tz.slug()))/>
        <Select label="Most hours a day you can give to a team’s core hours" name="overlap" filter facets
            options=OVERLAP_CHOICES.to_vec()
            current=|f: &JobFilter| f.overlap.and_then(|h| listed(OVERLAP_CHOICES.iter().map(|(v, _)| *v), h))/>
        <div class="field">
            <label for="hours">"Your working hours, in your time zone"</label>
            <input id="hours" name="hours" placeholder="9-17" value=hours prop:value=hours aria-describedby="hours-hint"/>
            <p class="form-hint" id="hours-hint">"With your time zone: jobs whose core hours fall outside them drop out."</p>
        </div>
        <Select label="Confirmed open in the" name="confirmed" filter facets
            options=CONFIRMED_CHOICES.to_vec()
            current=|f: &JobFilter| f.confirmed.and_then(|d| listed(CONFIRMED_CHOICES.iter().map(|(v, _)| *v), d))/>
        <Flag label="Sponsors a visa" name="visa" filter facets on=|f: &JobFilter| f.visa/>
    }
    .into_any()
}

/// A yes-or-no filter (`name=1`) as a checkbox, with its count.
#[component]
fn Flag(
    label: &'static str,
    name: &'static str,
    filter: Signal<JobFilter>,
    facets: Signal<Option<Facets>>,
    on: fn(&JobFilter) -> bool,
) -> impl IntoView {
    let checked = move || on(&filter.read());
    view! {
        <div class="field checkbox-field">
            <label>
                <input type="checkbox" name=name value="1" checked=checked prop:checked=checked/>
                " "{label}
                <Count facets name value="1"/>
            </label>
        </div>
    }
}

/// " (12)": how many results choosing this option gives.
#[component]
fn Count(facets: Signal<Option<Facets>>, name: &'static str, value: &'static str) -> impl IntoView {
    let count = move || facets.read().as_ref().and_then(|f| f.count(name, value)).map(|n| format!(" ({n})"));
    view! { <span class="count">{count}</span> }
}

/// A labelled select whose first option means "any".
#[component]
fn Select(
    label: &'static str,
    name: &'static str,
    filter: Signal<JobFilter>,
    options: Vec<(&'static str, &'static str)>,
    current: fn(&JobFilter) -> Option<&'static str>,
    #[prop(default = "Any")] any: &'static str,
    #[prop(default = Signal::stored(None))] facets: Signal<Option<Facets>>,
) -> impl IntoView {
    let selected = move || current(&filter.read());
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <select id=name name=name>
                <option value="" selected=move || selected().is_none()>{any}</option>
                {options.into_iter().map(|(slug, text)| {
                    let is_selected = move || selected() == Some(slug);
                    let count = move || facets.read().as_ref().and_then(|f| f.count(name, slug)).map(|n| format!(" ({n})"));
                    view! { <option value=slug selected=is_selected prop:selected=is_selected>{text}{count}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
