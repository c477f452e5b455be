//! "Save" on a job: a plain POST form (`/saved` keeps the id in the
//! visitor's saved-jobs cookie and comes back), which `/jobs`' search
//! island sends in place, marking the jobs already saved. On `/saved`,
//! "Remove".

use leptos::prelude::*;

/// The class the search island finds the forms by.
pub const SAVE_FORM_CLASS: &str = "save-form";

/// The Save (or Remove) button of job `id`. Saved just now by the plain
/// form, the page it came back to says so (`saved=` names the job); in the
/// browser, the page's script marks every job saved.
#[component]
pub fn SaveForm(id: i64, title: String, #[prop(optional)] remove: bool) -> impl IntoView {
    let just_saved = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("saved").is_some_and(|saved| saved == id.to_string()));
    let (name, label) = match (remove, just_saved) {
        (true, _) => ("remove", "Remove"),
        (false, true) => ("job", "Saved ✓"),
        (false, false) => ("job", "Save"),
    };
    view! {
        <form class=SAVE_FORM_CLASS method="post" action="/saved" data-job=id.to_string()>
            <input type="hidden" name=name value=id.to_string()/>
            <button type="submit" class="save secondary" aria-pressed=(!remove).then(|| just_saved.to_string())>
                <span class="save-label">{label}</span>
                <span class="visually-hidden">" “"{title}"”"</span>
            </button>
        </form>
    }
}

/// The saved-jobs cookie as the browser holds it, and the save buttons.
#[cfg(feature = "hydrate")]
pub mod store {
    use leptos::prelude::document;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlDocument, HtmlFormElement};

    use crate::model::SavedJobs;

    fn html_document() -> Option<HtmlDocument> {
        document().dyn_into::<HtmlDocument>().ok()
    }

    fn read() -> SavedJobs {
        html_document().and_then(|d| d.cookie().ok()).map(|c| SavedJobs::from_cookies(&c)).unwrap_or_default()
    }

    fn write(saved: &SavedJobs) {
        let secure = leptos::prelude::window().location().protocol().is_ok_and(|p| p == "https:");
        if let Some(d) = html_document() {
            let _ = d.set_cookie(&saved.cookie(secure));
        }
    }

    fn job_of(form: &Element) -> Option<i64> {
        form.get_attribute("data-job")?.parse().ok()
    }

    fn show(form: &Element, saved: bool) {
        if let Ok(Some(label)) = form.query_selector(".save-label") {
            label.set_text_content(Some(if saved { "Saved ✓" } else { "Save" }));
        }
        if let Ok(Some(button)) = form.query_selector("button") {
            let _ = button.set_attribute("aria-pressed", if saved { "true" } else { "false" });
        }
    }

    /// Sends the change as the plain form would, in the background: the
    /// server answers a script with the same cookie and, for a signed-in
    /// seeker, keeps the account's list in step.
    fn tell_server(id: i64, saved: bool) {
        let Ok(request) = web_sys::XmlHttpRequest::new() else { return };
        if request.open("POST", "/saved").is_ok() {
            let field = if saved { "job" } else { "remove" };
            let _ = request.set_request_header("Content-Type", "application/x-www-form-urlencoded");
            let _ = request.send_with_opt_str(Some(&format!("{field}={id}")));
        }
    }

    /// Marks the save buttons under `root` whose job is saved.
    pub fn mark(root: &Element) {
        let saved = read();
        let Ok(forms) = root.query_selector_all(&format!("form.{}", super::SAVE_FORM_CLASS)) else { return };
        for form in (0..forms.length()).filter_map(|i| forms.item(i)?.dyn_into::<Element>().ok()) {
            if form.query_selector("input[name=job]").ok().flatten().is_some() {
                show(&form, job_of(&form).is_some_and(|id| saved.contains(id)));
            }
        }
    }

    /// Saves (or, when saved, forgets) a save form's job without leaving
    /// the page; `false` when `form` is not a save form.
    pub fn submit(form: &HtmlFormElement) -> bool {
        let is_save = form.class_list().contains(super::SAVE_FORM_CLASS)
            && form.query_selector("input[name=job]").ok().flatten().is_some();
        let Some(id) = job_of(form).filter(|_| is_save) else { return false };
        let mut saved = read();
        let now_saved = !saved.contains(id);
        if now_saved {
            saved.add(id)
        } else {
            saved.remove(id)
        }
        write(&saved);
        show(form, now_saved);
        tell_server(id, now_saved);
        true
    }
}
