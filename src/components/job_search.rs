//! `/jobs` in place. Without JavaScript the search form is a plain GET form.
//! In the browser, a submit or any filter's change fetches the results page
//! for the new query (the same page the server keeps for everyone), swaps in
//! its results, counts and alert form, and the URL follows; back and forward
//! bring earlier searches back the same way. No list is rendered here, so the
//! browser carries none of the page's code. The browser's own time zone is
//! named in the time zone list, not chosen: choosing one narrows the results.

use leptos::prelude::*;

/// The ids of the search form and of the filters inside it.
pub const FORM_ID: &str = "job-search-form";
pub const FILTERS_ID: &str = "job-filters";
/// The id of the results region.
pub const RESULTS_ID: &str = "results";
/// The id of the alert sign-up, whose hidden fields name the search.
pub const ALERT_ID: &str = "alert";

/// What a new search replaces: everything that depends on the results, but
/// not the search box being typed in.
#[cfg_attr(not(feature = "hydrate"), expect(dead_code, reason = "read in the browser only"))]
const AFTER_SEARCH: [&str; 3] = [FILTERS_ID, RESULTS_ID, ALERT_ID];
/// What going back or forward replaces: the whole form too, so its fields
/// show that search again.
#[cfg_attr(not(feature = "hydrate"), expect(dead_code, reason = "read in the browser only"))]
const ON_RETURN: [&str; 3] = [FORM_ID, RESULTS_ID, ALERT_ID];

/// Wraps the search form, the results and the alert form of `/jobs`.
#[island]
pub fn JobSearch(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let _ = window_event_listener(leptos::ev::popstate, |_| live::show(&live::here(), &ON_RETURN));
        live::guess_zone();
        live::mark_saved();
    }
    view! { <div class="job-search" on:submit=on_submit on:change=on_change>{children()}</div> }
}

fn on_submit(ev: leptos::ev::SubmitEvent) {
    #[cfg(feature = "hydrate")]
    live::on_submit(ev);
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

fn on_change(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    live::on_change(ev);
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

#[cfg(feature = "hydrate")]
mod live {
    use std::sync::atomic::{AtomicU32, Ordering};

    use leptos::prelude::window;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{Element, HtmlFormElement, HtmlSelectElement};

    use super::super::filters::TZ_ID;
    use super::super::page_swap;
    use super::super::save::store as save;
    use super::{AFTER_SEARCH, FILTERS_ID, FORM_ID, RESULTS_ID};
    use crate::model::Offset;

    /// The newest search asked for: an older answer arriving late is dropped.
    static LATEST: AtomicU32 = AtomicU32::new(0);

    pub use page_swap::here;

    /// Names the browser's UTC offset in the time zone select, so it is
    /// one look away; choosing it stays the visitor's call, since a time
    /// zone narrows the results.
    pub fn guess_zone() {
        let select = leptos::prelude::document().get_element_by_id(TZ_ID);
        let Some(select) = select.and_then(|e| e.dyn_into::<HtmlSelectElement>().ok()) else { return };
        let behind = web_sys::js_sys::Date::new_0().get_timezone_offset() as i32;
        let Some(offset) = Offset::from_browser(behind) else { return };
        let slug = offset.slug();
        if let Ok(Some(option)) = select.query_selector(&format!("option[value=\"{slug}\"]")) {
            let text = option.text_content().unwrap_or_default();
            if !text.contains("your time zone") {
                option.set_text_content(Some(&format!("{text} (your time zone)")));
            }
        }
    }

    pub fn on_submit(ev: leptos::ev::SubmitEvent) {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        // The alert form inside posts as it always does.
        if form.id() == FORM_ID {
            ev.prevent_default();
            search(&form);
            // "Show N jobs" at the end of the phone's filter panel folds it
            // and goes to the results.
            let to_results = ev.submitter().is_some_and(|b| b.class_list().contains("show-results"));
            let document = leptos::prelude::document();
            if let (true, Some(panel)) = (to_results, document.get_element_by_id(FILTERS_ID)) {
                let _ = panel.remove_attribute("open");
                if let Some(results) = document.get_element_by_id(RESULTS_ID) {
                    results.scroll_into_view();
                }
            }
        } else if save::submit(&form) {
            ev.prevent_default();
        }
    }

    /// Marks the results' save buttons of jobs this browser saved.
    pub fn mark_saved() {
        if let Some(results) = leptos::prelude::document().get_element_by_id(RESULTS_ID) {
            save::mark(&results);
        }
    }

    pub fn on_change(ev: leptos::ev::Event) {
        let Some(field) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let in_filters = field.closest(&format!("#{FILTERS_ID}")).ok().flatten().is_some();
        let form = field.closest("form").ok().flatten().and_then(|f| f.dyn_into::<HtmlFormElement>().ok());
        if let (true, Some(form)) = (in_filters, form) {
            search(&form);
        }
    }

    /// Shows the results of `form`'s search and puts its URL in the history.
    fn search(form: &HtmlFormElement) {
        let Some(url) = url_of(form) else {
            let _ = form.submit();
            return;
        };
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
        }
        show(&url, &AFTER_SEARCH);
    }

    /// The URL the plain form would go to, without its empty fields.
    fn url_of(form: &HtmlFormElement) -> Option<String> {
        let data = web_sys::FormData::new_with_form(form).ok()?;
        let query: Vec<String> = page_swap::encoded(&data)
            .ok()?
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.ends_with('='))
            .map(str::to_owned)
            .collect();
        Some(if query.is_empty() { "/jobs".to_owned() } else { format!("/jobs?{}", query.join("&")) })
    }

    /// Fetches the results page at `url` and swaps in its `regions`; if that
    /// fails, loads the page as a link would.
    pub fn show(url: &str, regions: &'static [&'static str]) {
        let ticket = LATEST.fetch_add(1, Ordering::Relaxed) + 1;
        page_swap::busy(RESULTS_ID);
        let arrived = move |page: web_sys::Document, _landed: String| {
            if LATEST.load(Ordering::Relaxed) == ticket {
                page_swap::swap(&page, regions);
                mark_saved();
                guess_zone();
            }
        };
        if page_swap::request("GET", url, None, url.to_owned(), arrived).is_err() {
            page_swap::load(url);
        }
    }
}
