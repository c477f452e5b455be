//! FarCoder: a remote-only job board for software developers. One crate, two
//! builds: `ssr` is the axum server, `hydrate` the wasm the browser runs, which
//! holds only the page parts that need a browser (`#[island]`s).

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
    // Panic messages in development; a release build aborts without one.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Pages are rendered on the server; the loader (`IslandScripts`) then
    // hydrates each `#[island]` and marks `<body data-hydrated>`.
    leptos::mount::hydrate_islands();
}
