//! Loading and error states, designed rather than left blank.

use leptos::prelude::*;

use super::meta::set_status;
use crate::error::AppError;

#[component]
pub fn Loading(#[prop(default = "Loading…")] label: &'static str) -> impl IntoView {
    view! { <p class="loading" role="status" aria-live="polite">{label}</p> }
}

/// An error as a page section; on the server it also sets the response status.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    set_status(error.status());
    let heading = match error {
        AppError::NotFound => "Page not found",
        AppError::Gone => "This job has closed",
        AppError::Filled => "This job was filled",
        AppError::Unauthorized => "Please sign in",
        AppError::Forbidden => "Not yours to see",
        AppError::TooManyRequests { .. } => "Slow down a little",
        AppError::Invalid { .. } | AppError::InvalidFields(_) => "That request did not make sense",
        AppError::Busy => "Very busy right now",
        AppError::Internal | AppError::Transport(_) => "Something went wrong",
    };
    view! {
        <section class="error-page">
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            <p><a class="button" href="/jobs">"Browse open remote jobs"</a></p>
        </section>
    }
}

/// A page's content once its data arrived: `render` it, or show the error.
pub fn loaded<T>(result: Result<T, AppError>, render: impl FnOnce(T) -> AnyView) -> AnyView {
    match result {
        Ok(data) => render(data),
        Err(error) => view! { <ErrorView error/> }.into_any(),
    }
}
