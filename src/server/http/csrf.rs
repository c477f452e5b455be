//! Cross-site request forgery: a state-changing request must come from our
//! own pages. Browsers send `Origin` with every cross-site POST (and
//! `Sec-Fetch-Site`); a request whose origin is another site is refused. The
//! session cookie is also SameSite=Lax, so a cross-site POST carries no session.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn same_origin_writes(request: Request<Body>, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) || is_same_origin(&request) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "refused a cross-site write");
    (StatusCode::FORBIDDEN, "This request came from another site, so FarCoder refused it.").into_response()
}

fn is_same_origin(request: &Request<Body>) -> bool {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        // A page that sends no referrer (those reached with a token) makes
        // the browser send `Origin: null` with its own forms; the fetch
        // metadata, which no page can set, still says where it came from.
        Some("null") => headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("same-origin"),
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest);
            origin_host.is_some() && origin_host == host
        }
        // No Origin (old browsers, non-browser clients): trust the fetch
        // metadata when present.
        None => headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_none_or(|site| site != "cross-site"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Request<Body> {
        let mut builder = Request::post("/api/fn/login");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn same_origin_passes_and_other_sites_do_not() {
        assert!(is_same_origin(&post(&[("host", "farcoder.dev"), ("origin", "https://farcoder.dev")])));
        assert!(!is_same_origin(&post(&[("host", "farcoder.dev"), ("origin", "https://evil.example")])));
        assert!(!is_same_origin(&post(&[("host", "farcoder.dev"), ("origin", "null")])));
        assert!(!is_same_origin(&post(&[
            ("host", "farcoder.dev"),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(is_same_origin(&post(&[
            ("host", "farcoder.dev"),
            ("origin", "null"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!is_same_origin(&post(&[("host", "farcoder.dev"), ("sec-fetch-site", "cross-site")])));
        assert!(is_same_origin(&post(&[("host", "farcoder.dev")])));
    }
}
