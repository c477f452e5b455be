//! Browser protections on every response: a Content-Security-Policy that
//! runs only our own scripts (the hydration script by its per-response
//! nonce, read from the page as it leaves) and the wasm, no framing, no sniffing, a referrer that names no
//! path to other sites, no powerful browser features, and HSTS over HTTPS.
//! Pages reached with a token in their URL are never stored and send no
//! referrer at all, so the token goes nowhere.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of an HTML page whose inline scripts carry `nonce`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// For everything that is not a page (JSON, feeds, files): nothing runs.
const RESOURCE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

/// `response`, a page, with its policy: its scripts run by their nonce; a
/// page without one runs no inline script at all.
async fn with_page_policy(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match crate::server::http::cache::page_bytes(body).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    // Read from the page itself: the policy and the body it is sent with can
    // never disagree, also for a page kept by the page cache.
    let policy = match crate::server::http::cache::nonce_in(&bytes) {
        Some(nonce) => page_policy(nonce),
        None => page_policy("").replace(" 'nonce-'", ""),
    };
    if let Ok(value) = HeaderValue::from_str(&policy) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Pages whose URL carries a secret token or a signed link (and `/saved`,
/// which shows the visitor's own list): never stored, no referrer.
fn carries_token(path: &str) -> bool {
    matches!(path, "/reset" | "/join" | "/confirm" | "/verify" | "/still-hiring" | "/saved")
        || path.strip_prefix("/applications/").is_some_and(|rest| !rest.is_empty() && rest != "withdrawn")
}

pub async fn protect(State(https): State<bool>, request: Request<Body>, next: Next) -> Response {
    let token_page = carries_token(request.uri().path());
    let widget = crate::server::http::embed::is_embed(request.uri().path());
    let response = next.run(request).await;
    // A 304 keeps the policy the browser stored with the body it reuses
    // (nonce and all); a new one would replace it.
    let revalidated = response.status() == axum::http::StatusCode::NOT_MODIFIED;
    let mut response = if !revalidated && crate::server::http::cache::is_html(&response) {
        with_page_policy(response).await
    } else {
        response
    };
    let widget = widget && (response.status().is_success() || revalidated);
    let headers = response.headers_mut();
    if revalidated {
        headers.remove(header::CONTENT_SECURITY_POLICY);
    } else if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(RESOURCE_POLICY));
    }
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    );
    set(headers, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if https {
        set(headers, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    if widget {
        // Made to be framed by the company's own site, and to do nothing else.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::server::http::embed::EMBED_POLICY),
        );
        headers.remove(header::X_FRAME_OPTIONS);
    }
    if token_page {
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else {
        set(headers, header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    }
    response
}

/// Sets `name` unless the handler chose its own value.
fn set(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    if !headers.contains_key(&name) {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_pages_are_known() {
        for path in ["/reset", "/join", "/confirm", "/verify", "/applications/abc123", "/still-hiring", "/saved"] {
            assert!(carries_token(path), "{path}");
        }
        for path in ["/", "/jobs", "/applications/withdrawn", "/applications/", "/resetx"] {
            assert!(!carries_token(path), "{path}");
        }
    }

    #[test]
    fn the_nonce_is_read_from_the_page() {
        assert_eq!(
            crate::server::http::cache::nonce_in(b"<link><script nonce=\"Ab+9/x=\">go()</script>"),
            Some("Ab+9/x=")
        );
        assert_eq!(crate::server::http::cache::nonce_in(b"<script>go()</script>"), None);
        assert_eq!(
            crate::server::http::cache::nonce_in(b"<script nonce=\"a'b\">"),
            None,
            "nothing that could end the policy's quote"
        );
    }

    #[test]
    fn scripts_need_the_nonce() {
        let policy = page_policy("abc");
        assert!(policy.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
