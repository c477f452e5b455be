//! A labelled form field that shows the server's message for it and, in the
//! browser, checks its value as you type with the same parse the server runs.

use leptos::prelude::*;

use crate::model::Check;

#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// The rule the browser checks as you type.
    #[prop(optional)]
    check: Option<Check>,
    /// The server's message for this field, if any.
    #[prop(into)]
    server_error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<&'static str>,
    #[prop(default = 200)] maxlength: usize,
    /// What the field holds when the page loads.
    #[prop(optional, into)]
    value: String,
) -> impl IntoView {
    let message = server_error.get_untracked();
    let error_id = format!("{name}-error");
    let parts = view! {
        <label for=name>{label}</label>
        {hint.map(|h| view! { <p class="hint">{h}</p> })}
        <input
            id=name
            name=name
            type=kind
            autocomplete=autocomplete
            maxlength=maxlength
            value=value
            data-check=check.map(Check::slug)
            aria-invalid=if message.is_some() { "true" } else { "false" }
            aria-describedby=error_id.clone()
        />
        <p class="field-error" id=error_id aria-live="polite">{message}</p>
    };
    match check {
        Some(_) => view! { <LiveCheck>{parts}</LiveCheck> }.into_any(),
        None => view! { <div class="field">{parts}</div> }.into_any(),
    }
}

/// A `.field` whose input is checked by the rule its `data-check` names once
/// it has changed, and on every keystroke after.
#[island]
pub fn LiveCheck(children: Children) -> impl IntoView {
    let rule = |input: &leptos::web_sys::Element, value: String| {
        let check = input.get_attribute("data-check").and_then(|slug| Check::from_slug(&slug))?;
        Some(check.message(&value))
    };
    view! {
        <div class="field" on:change=move |ev| live::check(&ev, true, rule) on:input=move |ev| live::check(&ev, false, rule)>
            {children()}
        </div>
    }
}

/// The browser's side of a live check.
pub mod live {
    /// Checks the field `ev` came from by `rule` (`None` for a field it does
    /// not check): always on `change`, and on `input` once the field has
    /// changed once (no message while first typing). The message goes into
    /// the element the field's `aria-describedby` names.
    pub fn check(
        ev: &leptos::ev::Event,
        changed: bool,
        rule: impl FnOnce(&leptos::web_sys::Element, String) -> Option<Option<String>>,
    ) {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            if changed {
                let _ = input.set_attribute("data-touched", "");
            } else if !input.has_attribute("data-touched") {
                return;
            }
            if let Some(message) = rule(&input, leptos::prelude::event_target_value(ev)) {
                show(&input, message);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, changed, rule);
    }

    /// Shows `message` for `input`, or clears it.
    #[cfg(feature = "hydrate")]
    pub fn show(input: &web_sys::Element, message: Option<String>) {
        let _ = input.set_attribute("aria-invalid", if message.is_some() { "true" } else { "false" });
        let shown =
            input.get_attribute("aria-describedby").and_then(|id| leptos::prelude::document().get_element_by_id(&id));
        if let Some(shown) = shown {
            shown.set_text_content(message.as_deref());
        }
    }
}
