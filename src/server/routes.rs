//! Plain HTTP routes beside the Leptos pages: liveness, readiness, and the
//! apply button's counted redirect.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use super::auth::request::client_ip_of;
use super::state::AppState;
use super::stats::{self, Visitor};

/// Alive: the process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers too.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.db.is_ready().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}

/// `/jobs/{slug}/apply`: counts the click, then sends the visitor on to where
/// the job takes applications.
pub async fn apply(State(state): State<AppState>, Path(slug): Path<String>, parts: Parts) -> Response {
    let now = super::now();
    let visitor = Visitor::of(&parts.headers, &client_ip_of(&parts, state.config.trust_proxy), now);
    match stats::apply_target(&state.db, &slug, visitor.as_ref(), now).await {
        Ok(target) => Redirect::to(&target).into_response(),
        Err(error) => {
            (StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), error.to_string())
                .into_response()
        }
    }
}
