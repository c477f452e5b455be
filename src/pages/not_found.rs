//! The designed 404 page for any path no route matches.

use leptos::prelude::*;

use crate::components::{ErrorView, PageMeta};
use crate::error::AppError;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageMeta title="Page not found" description="This page does not exist on FarCoder." path="/404"/>
        <ErrorView error=AppError::NotFound/>
    }
}
