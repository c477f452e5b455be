//! `/jobs` in place. Without JavaScript the search form is a plain GET form.
//! In the browser, a submit or any filter's change fetches the results page
//! for the new query (the same page the server keeps for everyone), swaps in
//! its results, counts and alert form, and the URL follows; back and forward
//! bring earlier searches back the same way. No list is rendered here, so the
//! browser carries none of the page's code.

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

    use leptos::prelude::{document, window};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{Document, Element, HtmlElement, HtmlFormElement, XmlHttpRequest, XmlHttpRequestResponseType};

    use super::{AFTER_SEARCH, FILTERS_ID, FORM_ID};

    /// The newest search asked for: an older answer arriving late is dropped.
    static LATEST: AtomicU32 = AtomicU32::new(0);

    pub fn on_submit(ev: leptos::ev::SubmitEvent) {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        // The alert form inside posts as it always does.
        if form.id() == FORM_ID {
            ev.prevent_default();
            search(&form);
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
        let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        let query: Vec<String> = String::from(params.to_string())
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.ends_with('='))
            .map(str::to_owned)
            .collect();
        Some(if query.is_empty() { "/jobs".to_owned() } else { format!("/jobs?{}", query.join("&")) })
    }

    /// The path and query the browser shows now.
    pub fn here() -> String {
        let location = window().location();
        format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
    }

    /// Fetches the page at `url` and swaps in its `regions`; if that fails,
    /// loads the page as a link would.
    pub fn show(url: &str, regions: &'static [&'static str]) {
        let ticket = LATEST.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(results) = document().get_element_by_id(super::RESULTS_ID) {
            let _ = results.set_attribute("aria-busy", "true");
        }
        if fetch(url, ticket, regions).is_err() {
            load(url);
        }
    }

    fn fetch(url: &str, ticket: u32, regions: &'static [&'static str]) -> Result<(), JsValue> {
        let request = XmlHttpRequest::new()?;
        request.open("GET", url)?;
        request.set_response_type(XmlHttpRequestResponseType::Document);
        let (answered, target) = (request.clone(), url.to_owned());
        let on_load = Closure::once_into_js(move || {
            if LATEST.load(Ordering::Relaxed) != ticket {
                return;
            }
            match answered.response_xml() {
                Ok(Some(page)) if answered.status() == Ok(200) => swap(&page, regions),
                _ => load(&target),
            }
        });
        request.set_onload(Some(on_load.unchecked_ref()));
        let target = url.to_owned();
        let on_error = Closure::once_into_js(move || load(&target));
        request.set_onerror(Some(on_error.unchecked_ref()));
        request.send()
    }

    /// Replaces each region with the fetched page's, keeping the focus where it was.
    fn swap(page: &Document, regions: &[&str]) {
        let here = document();
        let focused = here.active_element().map(|e| e.id()).filter(|id| !id.is_empty());
        for id in regions {
            if let (Some(old), Some(new)) = (here.get_element_by_id(id), page.get_element_by_id(id)) {
                old.set_inner_html(&new.inner_html());
            }
        }
        if let Some(results) = here.get_element_by_id(super::RESULTS_ID) {
            let _ = results.remove_attribute("aria-busy");
        }
        here.set_title(&page.title());
        if let Some(field) =
            focused.and_then(|id| here.get_element_by_id(&id)).and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = field.focus();
        }
    }

    fn load(url: &str) {
        let _ = window().location().assign(url);
    }
}
