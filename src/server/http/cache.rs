//! HTTP caching for pages. Every page, feed and sitemap gets an `ETag` (a
//! digest of its bytes), and a request that already holds that version gets
//! `304 Not Modified` without the body. Anonymous pages may be cached
//! briefly by browsers and shared caches; a signed-in person's pages never
//! are. `pages` is the one layer that reads a page whole and finishes it:
//! tidied (`http::tidy`), then validated.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::server::http::request::{PERSONAL, is_marked_personal, is_personal};

/// How long an anonymous page may be reused without asking again.
pub const ANONYMOUS_MAX_AGE_SECS: u32 = 60;
/// Pages larger than this are passed through untouched.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

fn content_type(response: &Response) -> &str {
    response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
}

pub(crate) fn is_html(response: &Response) -> bool {
    content_type(response).starts_with("text/html")
}

/// A page, a feed, a sitemap or a job's card: what gets a validator and
/// may be kept.
pub(crate) fn is_document(response: &Response) -> bool {
    let kind = content_type(response);
    ["text/html", "application/xml", "application/rss+xml", "application/atom+xml", "image/svg+xml"]
        .iter()
        .any(|k| kind.starts_with(k))
}

/// The weak validator of a document's bytes.
fn digest_etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("W/\"{hex}\"")
}

/// The version of a document a request says it holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Held {
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
}

impl Held {
    pub(crate) fn of(request: &axum::http::HeaderMap) -> Held {
        let value = |name| request.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_owned);
        Held { if_none_match: value(header::IF_NONE_MATCH), if_modified_since: value(header::IF_MODIFIED_SINCE) }
    }

    /// Whether it is the version `response` (a response's headers) describes.
    pub(crate) fn is_current(&self, response: &axum::http::HeaderMap) -> bool {
        let header = |name| response.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
        match (&self.if_none_match, &self.if_modified_since) {
            (Some(tags), _) => header(header::ETAG).is_some_and(|etag| matches(tags, etag)),
            // A crawler sends back the date it was given.
            (None, Some(since)) => header(header::LAST_MODIFIED) == Some(since.as_str()),
            (None, None) => false,
        }
    }
}

/// Whether `If-None-Match` names `etag` (or is `*`).
fn matches(if_none_match: &str, etag: &str) -> bool {
    let bare = etag.trim_start_matches("W/");
    if_none_match.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == bare)
}

/// Finishes each page on its way out, reading it whole once: an HTML page is
/// tidied; a page, feed or sitemap answering a GET gets its validator and
/// caching headers, or `304` when the request holds that version.
pub async fn pages(request: Request, next: Next) -> Response {
    let read = matches!(*request.method(), Method::GET | Method::HEAD);
    let signed_in = is_personal(request.headers());
    let held = Held::of(request.headers());
    let response = next.run(request).await;
    let html = is_html(&response);
    let validated = read && response.status() == StatusCode::OK && is_document(&response);
    if !html && !validated {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match page_bytes(body).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let bytes = if html { crate::server::http::tidy::page(bytes) } else { bytes };
    parts.headers.remove(header::CONTENT_LENGTH);
    if !validated {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let etag = digest_etag(&bytes);
    let headers = &mut parts.headers;
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    // A page whose handler read something of one person's keeps the mark it
    // set; one that set a cookie (a sign-in, say) or was asked for by a
    // signed-in visitor is for that person only too.
    let marked = is_marked_personal(headers);
    let personal = marked || headers.contains_key(header::SET_COOKIE);
    // A file that set its own (the favicon) keeps it.
    if !marked && !headers.contains_key(header::CACHE_CONTROL) {
        let cache_control = if signed_in || personal {
            PERSONAL.to_owned()
        } else {
            format!("public, max-age={ANONYMOUS_MAX_AGE_SECS}")
        };
        if let Ok(value) = HeaderValue::from_str(&cache_control) {
            headers.insert(header::CACHE_CONTROL, value);
        }
    }
    headers.append(header::VARY, HeaderValue::from_static("Cookie"));
    if held.is_current(headers) && !personal {
        return not_modified(parts.headers);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A page's whole body (a page too large to read is a 500).
pub(crate) async fn page_bytes(body: Body) -> Result<axum::body::Bytes, Response> {
    axum::body::to_bytes(body, MAX_PAGE_BYTES).await.map_err(|e| {
        tracing::warn!(error = %e, "page body unreadable");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    })
}

/// `304 Not Modified` with a page's headers, less those of the body it
/// omits, and less its Content-Security-Policy: the kept body keeps the
/// policy it came with.
pub(crate) fn not_modified(mut headers: axum::http::HeaderMap) -> Response {
    headers.remove(header::CONTENT_LENGTH);
    headers.remove(header::CONTENT_TYPE);
    headers.remove(header::CONTENT_SECURITY_POLICY);
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NOT_MODIFIED;
    *response.headers_mut() = headers;
    response
}

/// How long a browser may keep a build asset (`/pkg/…`): for ever when its
/// name carries a hash of its content, five minutes otherwise.
fn asset_cache_control(hashed_names: bool) -> &'static str {
    if hashed_names { "public, max-age=31536000, immutable" } else { "public, max-age=300" }
}

/// `Cache-Control` for the build assets (the precompressed `.br` and `.gz`
/// files beside them are served as they are).
pub async fn assets(
    axum::extract::State(hashed_names): axum::extract::State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let asset = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    if asset && response.status() == StatusCode::OK {
        let value = HeaderValue::from_static(asset_cache_control(hashed_names));
        response.headers_mut().insert(header::CACHE_CONTROL, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_immutable() {
        assert!(asset_cache_control(true).contains("immutable"));
        assert!(!asset_cache_control(false).contains("immutable"));
    }

    #[test]
    fn validators_match_with_or_without_the_weak_mark() {
        let etag = digest_etag(b"<html>jobs</html>");
        assert!(etag.starts_with("W/\"") && etag.len() == 24 + 4);
        assert!(matches(&etag, &etag));
        assert!(matches(etag.trim_start_matches("W/"), &etag));
        assert!(matches(&format!("\"other\", {etag}"), &etag));
        assert!(matches("*", &etag));
        assert!(!matches("W/\"other\"", &etag));
        assert_ne!(etag, digest_etag(b"<html>other jobs</html>"));
    }
}
