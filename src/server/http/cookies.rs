//! The cookies a request carries, read with axum-extra's jar (the
//! `Set-Cookie` values are built by `auth::token::cookie`).

use axum::http::HeaderMap;
use axum_extra::extract::cookie::CookieJar;

use crate::server::auth::token;

/// The token cookie `name` holds, when it has a token's shape.
pub fn token(headers: &HeaderMap, name: &str) -> Option<String> {
    let jar = CookieJar::from_headers(headers);
    jar.get(name).map(|cookie| cookie.value().to_owned()).filter(|value| token::has_shape(value))
}

/// The jobs the saved-jobs cookie lists.
pub fn saved_jobs(headers: &HeaderMap) -> crate::model::SavedJobs {
    let jar = CookieJar::from_headers(headers);
    jar.get(crate::model::SAVED_COOKIE).map(|c| crate::model::SavedJobs::parse(c.value())).unwrap_or_default()
}
