//! The employer's and the moderators' actions, in place. Without JavaScript
//! each action is a plain form whose post comes back to the page it was sent
//! from. In the browser a post from inside `InPlace` is sent from here, and
//! when it comes back to this same page, the new page's content replaces the
//! old without a reload (the status, the queue, the message); an action that
//! leads elsewhere (signing out, a copy to edit) goes there as before.

use leptos::prelude::*;

/// The id of the region an `InPlace` updates.
pub const IN_PLACE_ID: &str = "in-place";

/// Wraps a page's content (`children`) whose forms post back to it. Lazy: its
/// code loads on those pages alone.
#[island(lazy)]
pub fn InPlace(children: Children) -> impl IntoView {
    view! { <div id=IN_PLACE_ID on:submit=on_submit>{children()}</div> }
}

fn on_submit(ev: leptos::ev::SubmitEvent) {
    #[cfg(feature = "hydrate")]
    live::on_submit(ev);
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

#[cfg(feature = "hydrate")]
mod live {
    use wasm_bindgen::JsCast;
    use web_sys::{HtmlFormElement, Url};

    use super::super::page_swap;
    use super::IN_PLACE_ID;

    pub fn on_submit(ev: leptos::ev::SubmitEvent) {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        if !form.method().eq_ignore_ascii_case("post") {
            return;
        }
        let Ok(fields) = web_sys::FormData::new_with_form(&form) else { return };
        // The button pressed is part of what the plain form sends.
        if let Some(button) = ev.submitter().and_then(|b| b.dyn_into::<web_sys::HtmlButtonElement>().ok())
            && !button.name().is_empty()
        {
            let _ = fields.append_with_str(&button.name(), &button.value());
        }
        let Ok(fields) = page_swap::Fields::of(&form, fields) else { return };
        ev.prevent_default();
        page_swap::busy(IN_PLACE_ID);
        let sent_from = page_swap::here();
        let arrived = move |page: web_sys::Document, landed: String| {
            let path = Url::new(&landed).ok().map(|url| format!("{}{}", url.pathname(), url.search()));
            let same_page = path.as_deref().is_some_and(|p| p.split('?').next() == sent_from.split('?').next());
            match path {
                Some(path) if same_page => {
                    page_swap::swap(&page, &[IN_PLACE_ID]);
                    // The address says what the page shows now (a notice, an error).
                    if let Ok(history) = leptos::prelude::window().history() {
                        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
                    }
                }
                _ => page_swap::load(&landed),
            }
        };
        // Should the answer not be a page, showing this one again tells what happened.
        if page_swap::request("POST", &form.action(), Some(fields), page_swap::here(), arrived).is_err() {
            let _ = form.submit();
        }
    }
}
