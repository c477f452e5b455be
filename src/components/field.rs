//! A labelled form field that checks its value as you type, with the same
//! parse the server runs, and shows the server's message for it too.

use leptos::prelude::*;

#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// The browser-side check: `Some(message)` when the value is refused.
    #[prop(optional)]
    check: Option<fn(&str) -> Option<String>>,
    /// The server's message for this field, if any.
    #[prop(into)]
    server_error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<&'static str>,
    #[prop(default = 200)] maxlength: usize,
    /// What the field holds when the page loads.
    #[prop(optional, into)]
    value: String,
) -> impl IntoView {
    let local = RwSignal::new(None::<String>);
    let touched = RwSignal::new(false);
    let run_check = move |value: String| {
        if let Some(check) = check {
            local.set(check(&value));
        }
    };
    let message = move || local.get().or_else(|| server_error.get());
    let error_id = format!("{name}-error");
    view! {
        <div class="field">
            <label for=name>{label}</label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                maxlength=maxlength
                value=value
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
                aria-describedby=error_id.clone()
                on:change=move |ev| {
                    touched.set(true);
                    run_check(event_target_value(&ev));
                }
                on:input=move |ev| {
                    if touched.get() {
                        run_check(event_target_value(&ev));
                    }
                }
            />
            <p class="field-error" id=error_id aria-live="polite">{message}</p>
        </div>
    }
}
