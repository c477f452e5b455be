//! FarCoder: a remote-only job board for software developers. One crate, two
//! builds: `ssr` is the axum server, `hydrate` the wasm the browser runs.

// Leptos views are deeply nested types; larger pages exceed the default
// query depth, notably in release builds.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A mark that the page is interactive, for people's tools and our browser tests.
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "");
    }
}
