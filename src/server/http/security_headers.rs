//! Browser protections on every response: a Content-Security-Policy that
//! runs only our own scripts (the loader, named by its digest, and the wasm)
//! and is the same for every page, whatever the page shows; no framing, no
//! sniffing, a referrer that names no path to other sites, no powerful
//! browser features, and HSTS over HTTPS. Pages reached with a token in
//! their URL are never stored and send no referrer at all, so the token goes
//! nowhere.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of an HTML page whose one inline script is allowed by
/// `script_source` (`'sha256-…'`).
pub fn page_policy(script_source: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' {script_source} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// For everything that is not a page (JSON, feeds, files): nothing runs.
const RESOURCE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

/// What `protect` adds: fixed for the life of the process.
#[derive(Clone)]
pub struct Protection {
    https: bool,
    page_policy: HeaderValue,
}

impl Protection {
    pub fn new(https: bool, script_source: &str) -> Protection {
        let page_policy = HeaderValue::from_str(&page_policy(script_source))
            .unwrap_or_else(|_| HeaderValue::from_static(RESOURCE_POLICY));
        Protection { https, page_policy }
    }
}

/// Pages whose URL carries a secret token or a signed link (and `/saved`,
/// which shows the visitor's own list): never stored, no referrer.
fn carries_token(path: &str) -> bool {
    matches!(
        path,
        "/reset"
            | "/join"
            | "/confirm"
            | "/verify"
            | "/still-hiring"
            | "/saved"
            | "/alerts/confirm"
            | "/alerts/manage"
            | "/alerts/unsubscribe"
    ) || path.strip_prefix("/applications/").is_some_and(|rest| !rest.is_empty() && rest != "withdrawn")
        || path == "/me/link"
}

pub async fn protect(State(protection): State<Protection>, request: Request<Body>, next: Next) -> Response {
    let token_page = carries_token(request.uri().path());
    let widget = crate::server::http::embed::is_embed(request.uri().path());
    let mut response = next.run(request).await;
    // A 304 keeps the policy the browser stored with the body it reuses.
    let revalidated = response.status() == axum::http::StatusCode::NOT_MODIFIED;
    let policy = if crate::server::http::cache::is_html(&response) {
        protection.page_policy.clone()
    } else {
        HeaderValue::from_static(RESOURCE_POLICY)
    };
    let widget = widget && (response.status().is_success() || revalidated);
    let headers = response.headers_mut();
    if revalidated {
        headers.remove(header::CONTENT_SECURITY_POLICY);
    } else if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    );
    set(headers, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if protection.https {
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
        for path in [
            "/reset",
            "/join",
            "/confirm",
            "/verify",
            "/applications/abc123",
            "/still-hiring",
            "/saved",
            "/alerts/confirm",
            "/alerts/manage",
            "/me/link",
        ] {
            assert!(carries_token(path), "{path}");
        }
        for path in ["/", "/jobs", "/applications/withdrawn", "/applications/", "/resetx", "/me/signin"] {
            assert!(!carries_token(path), "{path}");
        }
    }

    #[test]
    fn scripts_need_the_digest() {
        let policy = page_policy("'sha256-abc='");
        assert!(policy.contains("script-src 'self' 'sha256-abc=' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("nonce"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
