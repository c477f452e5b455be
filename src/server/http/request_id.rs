//! Every request's id: the `X-Request-Id` a proxy in front sent (when it
//! looks like an id) or one made here, on every log line written while the
//! request is served (its database work included) and in the response, so an
//! operator can follow one request from the balancer to the database. Its
//! path is never logged (private links carry their secret in it): the route
//! pattern it matched is, on the line for a slow or failed request.

use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

pub const HEADER: &str = "x-request-id";

/// Slower than this, a request gets a log line of its own.
pub const SLOW: Duration = Duration::from_secs(1);

/// An id a client sent is kept when it is 1 to 64 letters, digits, `-`,
/// `_` or `.`: nothing that could forge a log line or a header.
fn usable(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A new id: 16 random hex digits.
fn fresh() -> String {
    let mut id = crate::server::auth::token::generate();
    id.truncate(16);
    id
}

pub async fn tag(request: Request, next: Next) -> Response {
    let sent = request.headers().get(HEADER).and_then(|v| v.to_str().ok()).filter(|id| usable(id));
    let id = sent.map_or_else(fresh, str::to_owned);
    let span = tracing::info_span!("request", id = %id, method = %request.method());
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let took = started.elapsed();
    let status = response.status();
    if took >= SLOW || status.is_server_error() {
        let route = crate::server::http::metrics::matched_route(&response).unwrap_or("fallback");
        let _in = span.enter();
        tracing::warn!(status = status.as_u16(), route, took_ms = took.as_millis() as u64, "slow or failed request");
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_id_that_looks_like_one_is_kept() {
        assert!(usable("4bf92f3577b34da6a3ce929d0e0e4736") && usable("req-1.2_3"));
        for forged in ["", "a b", "id\r\nX-Admin: 1", "ünicode", &"x".repeat(65)] {
            assert!(!usable(forged), "{forged:?}");
        }
        let (a, b) = (fresh(), fresh());
        assert!(a.len() == 16 && usable(&a) && a != b);
    }
}
