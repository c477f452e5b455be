//! `/jobs`: search and filter. The query string is the state: a plain GET form
//! without JavaScript; in the browser (`JobSearch`), results update in place
//! and the URL follows.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::alerts::AlertForm;
use crate::api::jobs::search_jobs;
use crate::components::{
    ALERT_ID, ErrorView, JobList, JobSearch, ListJsonLd, Loading, PageMeta, Pagination, RESULTS_ID, SearchForm,
};
use crate::model::{JobFilter, SearchResults};

#[component]
pub fn JobsPage() -> impl IntoView {
    let location = use_location();
    let query = Memo::new(move |_| location.search.get());
    // Read by every field of the form: the query is parsed once, and each
    // read of the counts copies only them, not the results' cards. (They
    // stay derived: read inside the form's `Transition`, the results hold
    // its render until they are ready.)
    let filter = Signal::from(Memo::new(move |_| JobFilter::parse(&query.get()).0));
    let results = Resource::new(move || query.get(), search_jobs);
    let facets = Signal::derive(move || results.with(|r| r.as_ref()?.as_ref().ok().map(|r| r.facets.clone())));
    let total = Signal::derive(move || results.with(|r| r.as_ref()?.as_ref().ok().map(|r| r.total)));
    view! {
        <div class="container jobs-page">
            <a class="skip-link" href=format!("#{RESULTS_ID}")>"Skip to the results"</a>
            <h1>"Remote developer jobs"</h1>
            <JobSearch>
                // Rendered once the counts are known.
                <Transition fallback=move || view! { <SearchForm filter/> }>
                    <SearchForm filter facets total/>
                </Transition>
                <div id=RESULTS_ID>
                    <Transition fallback=|| view! { <Loading label="Searching…"/> }>
                        {move || Suspend::new(async move {
                            match results.await {
                                Ok(results) => view! { <Results results/> }.into_any(),
                                Err(error) => view! { <ErrorView error/> }.into_any(),
                            }
                        })}
                    </Transition>
                </div>
                <AlertForm query=Signal::derive(move || filter.get().to_query(1)) back=Signal::derive(move || {
                    let q = filter.get().to_query(1);
                    if q.is_empty() { "/jobs".to_owned() } else { format!("/jobs?{q}") }
                })/>
            </JobSearch>
        </div>
    }
}

#[component]
fn Results(results: SearchResults) -> impl IntoView {
    let page_count = results.page_count();
    let SearchResults { filter, notes, total, jobs, suggestion, .. } = results;
    let query = filter.to_query(filter.page);
    let path = if query.is_empty() { "/jobs".to_owned() } else { format!("/jobs?{query}") };
    let title = match (filter.category, filter.q.is_empty()) {
        (Some(c), true) => format!("Remote {} jobs", c.role()),
        (_, false) => format!("Remote jobs matching “{}”", filter.q),
        (None, true) => "Remote developer jobs".to_owned(),
    };
    let count = match total {
        0 => "No jobs found".to_owned(),
        1 => "1 job".to_owned(),
        n => format!("{n} jobs"),
    };
    let beyond_last_page = total > 0 && jobs.is_empty();
    let items: Vec<(String, String)> = jobs.iter().map(|j| (j.title.clone(), j.path())).collect();
    let trail = vec![("Jobs".to_owned(), path.clone())];
    view! {
        <ListJsonLd trail items/>
        <PageMeta
            title=title
            description=format!("{count} for remote software developers, each with its salary and the places you may work from.")
            path=path
        />
        {(!notes.is_empty()).then(|| view! {
            <ul class="notes" role="status">
                {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
        })}
        <ActiveFilters filter=filter.clone()/>
        // The heading of the list below (its cards' titles are h3s), announced as it changes.
        <div class="result-head">
            <h2 class="result-count" aria-live="polite" aria-atomic="true">{count}</h2>
            <a class="alert-offer" href=format!("#{ALERT_ID}")>"Get new jobs like these by e-mail"</a>
        </div>
        {suggestion.map(|s| view! {
            <p class="suggestion">
                <a href=format!("/jobs?{}", s.query)>{s.label}</a>
                {format!(" finds {}.", if s.total == 1 { "1 job".to_owned() } else { format!("{} jobs", s.total) })}
            </p>
        })}
        {beyond_last_page.then(|| view! {
            <p class="empty">"There are no results on this page. "<a href="/jobs">"Start again"</a></p>
        })}
        {(!beyond_last_page).then(|| view! {
            <JobList jobs empty="No jobs match this search. Try fewer filters or another word."/>
        })}
        <Pagination filter page_count/>
    }
}

/// The filters that narrow this search, each a link to the search without
/// it, and one to clear them all (the words stay).
#[component]
fn ActiveFilters(filter: JobFilter) -> impl IntoView {
    let chips = filter.chips();
    let href = |f: &JobFilter| {
        let query = f.to_query(1);
        if query.is_empty() { "/jobs".to_owned() } else { format!("/jobs?{query}") }
    };
    let clear = href(&filter.cleared());
    (!chips.is_empty()).then(|| {
        view! {
            <ul class="active-filters" aria-label="Filters in use">
                {chips.into_iter().map(|(label, rest)| view! {
                    <li><a class="chip" href=href(&rest) aria-label=format!("Remove the filter {label}")>{label.clone()}<span aria-hidden="true">" ×"</span></a></li>
                }).collect_view()}
                <li><a class="clear-filters" href=clear>"Clear all filters"</a></li>
            </ul>
        }
    })
}
