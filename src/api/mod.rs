//! Server functions: public endpoints, each a thin shell that reads the request,
//! calls a service and returns shared model types.

pub mod accounts;
pub mod alerts;
pub mod applications;
pub mod company;
pub mod jobs;
pub mod moderation;
pub mod postings;
pub mod saved;

/// Sends the caller on to `path` after the call (a plain form follows it; a
/// hydrated page is told to). Anything but a same-site path goes home
/// instead, so no request data can aim it elsewhere or break the header.
#[cfg(feature = "ssr")]
pub(crate) fn redirect(path: &str) {
    leptos_axum::redirect(crate::model::local_path(path).unwrap_or("/"));
}
