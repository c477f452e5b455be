//! The browser's half of updating a page in place: ask the server for a page
//! (the same HTML a link or a plain form would load), then move parts of it
//! into the page on screen by their ids. The islands that use it render no
//! lists themselves, so the browser carries none of the pages' code.

use leptos::prelude::{document, window};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlElement, XmlHttpRequest, XmlHttpRequestResponseType};

/// What a form sends, encoded as its `enctype` says.
pub enum Fields {
    /// `multipart/form-data`.
    Multipart(web_sys::FormData),
    /// `application/x-www-form-urlencoded`.
    Encoded(String),
}

impl Fields {
    /// `form`'s fields, as the browser would send them.
    pub fn of(form: &web_sys::HtmlFormElement, data: web_sys::FormData) -> Result<Fields, JsValue> {
        if form.enctype().eq_ignore_ascii_case("multipart/form-data") {
            return Ok(Fields::Multipart(data));
        }
        Ok(Fields::Encoded(encoded(&data)?))
    }
}

/// `data` as `application/x-www-form-urlencoded` text.
pub fn encoded(data: &web_sys::FormData) -> Result<String, JsValue> {
    Ok(web_sys::UrlSearchParams::new_with_str_sequence_sequence(data)?.to_string().into())
}

/// Sends `method` to `url` (with `fields`, for a post) as a browser
/// asks for a page, and hands the page it ended on, after any redirect, and
/// that page's address to `arrived`. If the request fails or ends anywhere
/// but on a page, loads `fallback` as a link would.
pub fn request(
    method: &str,
    url: &str,
    fields: Option<Fields>,
    fallback: String,
    arrived: impl FnOnce(Document, String) + 'static,
) -> Result<(), JsValue> {
    let request = XmlHttpRequest::new()?;
    request.open(method, url)?;
    // A plain form's post is answered with a redirect to a page; without
    // this, a server function answers with its bare result.
    request.set_request_header("Accept", "text/html")?;
    request.set_response_type(XmlHttpRequestResponseType::Document);
    let answered = request.clone();
    let on_error = {
        let fallback = fallback.clone();
        Closure::once_into_js(move || load(&fallback))
    };
    let on_load = Closure::once_into_js(move || match answered.response_xml() {
        Ok(Some(page)) if answered.status() == Ok(200) => arrived(page, answered.response_url()),
        _ => load(&fallback),
    });
    request.set_onload(Some(on_load.unchecked_ref()));
    request.set_onerror(Some(on_error.unchecked_ref()));
    match fields {
        Some(Fields::Multipart(data)) => request.send_with_opt_form_data(Some(&data)),
        Some(Fields::Encoded(body)) => {
            request.set_request_header("Content-Type", "application/x-www-form-urlencoded")?;
            request.send_with_opt_str(Some(&body))
        }
        None => request.send(),
    }
}

/// Replaces the content of each element of `ids` with the fetched page's,
/// keeps the focus where it was, and takes the page's title.
pub fn swap(page: &Document, ids: &[&str]) {
    let here = document();
    let focused = here.active_element().map(|e| e.id()).filter(|id| !id.is_empty());
    for id in ids {
        if let (Some(old), Some(new)) = (here.get_element_by_id(id), page.get_element_by_id(id)) {
            old.set_inner_html(&new.inner_html());
            let _ = old.remove_attribute("aria-busy");
        }
    }
    here.set_title(&page.title());
    if let Some(field) =
        focused.and_then(|id| here.get_element_by_id(&id)).and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = field.focus();
    }
}

/// Marks the element `id` as being updated, for assistive technology.
pub fn busy(id: &str) {
    if let Some(region) = document().get_element_by_id(id) {
        let _ = region.set_attribute("aria-busy", "true");
    }
}

/// The path and query the browser shows now.
pub fn here() -> String {
    let location = window().location();
    format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
}

/// Loads `url` as a link would.
pub fn load(url: &str) {
    let _ = window().location().assign(url);
}
