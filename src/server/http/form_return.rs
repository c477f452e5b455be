//! A refused plain form goes back to its page with its messages and what was
//! typed. None of it travels in the URL (where it would sit in histories,
//! logs and referrers, and where anyone could write a message for our page):
//! the server keeps it for a few minutes under a random token that only the
//! submitter's browser holds, in an HttpOnly cookie.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::model::{Span, Time};
use crate::server::auth::token;
use crate::server::db::Db;
use crate::server::repo::form_returns;

/// The cookie naming the kept form.
pub const COOKIE: &str = "farcoder_form";
/// How long a kept form can be shown.
pub const LIFETIME: Span = Span::minutes(10);

/// Keeps `payload`; the `Set-Cookie` value that names it.
pub async fn keep(db: &Db, payload: &impl Serialize, secure: bool, now: Time) -> Result<String, AppError> {
    let json = serde_json::to_string(payload).map_err(|e| {
        tracing::error!(error = %e, "a refused form could not be kept");
        AppError::Internal
    })?;
    let token = token::generate();
    form_returns::insert(db, &token::digest(&token), &json, now + LIFETIME).await?;
    Ok(token::cookie(COOKIE, &token, LIFETIME, secure))
}

/// The kept form the request's cookie names, while it lasts.
pub async fn find<T: DeserializeOwned>(
    db: &Db,
    headers: &axum::http::HeaderMap,
    now: Time,
) -> Result<Option<T>, AppError> {
    let Some(token) = token_of(headers) else { return Ok(None) };
    let payload = form_returns::find(db, &token::digest(&token), now).await?;
    Ok(payload.and_then(|p| serde_json::from_str(&p).ok()))
}

/// The token in the request's cookie, if it carries one.
pub fn token_of(headers: &axum::http::HeaderMap) -> Option<String> {
    crate::server::http::cookies::token(headers, COOKIE)
}
