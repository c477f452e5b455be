//! Cross-site request forgery: a state-changing request must come from our
//! own pages. Browsers send `Origin` with every cross-site POST (and
//! `Sec-Fetch-Site`); a request whose origin is not the site's public
//! address is refused. The `Host` header is never the measure: a name an
//! attacker points at this server (DNS rebinding) makes `Host` and
//! `Origin` agree. The session cookie is also SameSite=Lax, so a
//! cross-site POST carries no session.

use axum::body::Body;
use axum::extract::State;
use axum::http::{Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The origin our pages are served from: `FARCODER_PUBLIC_URL`'s scheme,
/// host and port.
#[derive(Clone, Debug)]
pub struct SiteOrigin {
    origin: String,
    /// The port, when the site is on this machine (a developer's): then
    /// `localhost`, `127.0.0.1` and `[::1]` on that port are all its own
    /// (on any port when it is `0`, a port the system picks at start).
    loopback_port: Option<String>,
}

impl SiteOrigin {
    pub fn of(public_url: &str) -> SiteOrigin {
        let (scheme, rest) = public_url.split_once("://").unwrap_or(("http", public_url));
        let authority = rest.split('/').next().unwrap_or_default().to_ascii_lowercase();
        let origin = format!("{}://{authority}", scheme.to_ascii_lowercase());
        let loopback_port = loopback(&authority).map(|port| port.unwrap_or(default_port(scheme)).to_owned());
        SiteOrigin { origin, loopback_port }
    }

    fn allows(&self, origin: &str) -> bool {
        let origin = origin.to_ascii_lowercase();
        if origin == self.origin {
            return true;
        }
        let Some(port) = &self.loopback_port else { return false };
        let Some(("http", authority)) = origin.split_once("://") else { return false };
        loopback(authority).is_some_and(|theirs| port == "0" || theirs.unwrap_or("80") == port)
    }
}

fn default_port(scheme: &str) -> &'static str {
    if scheme.eq_ignore_ascii_case("https") { "443" } else { "80" }
}

/// The port (if written) of `authority` when its host is this machine.
fn loopback(authority: &str) -> Option<Option<&str>> {
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    let own =
        host == "localhost" || host == "[::1]" || host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback());
    own.then_some(port)
}

pub async fn same_origin_writes(State(site): State<SiteOrigin>, request: Request<Body>, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) || is_same_origin(&site, &request) {
        return next.run(request).await;
    }
    let origin = request.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()).unwrap_or("none");
    tracing::warn!(origin = ?origin, public = %site.origin, "refused a write from another origin than FARCODER_PUBLIC_URL's");
    (StatusCode::FORBIDDEN, "This request came from another site, so FarCoder refused it.").into_response()
}

fn is_same_origin(site: &SiteOrigin, request: &Request<Body>) -> bool {
    let headers = request.headers();
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        // A page that sends no referrer (those reached with a token) makes
        // the browser send `Origin: null` with its own forms; the fetch
        // metadata, which no page can set, still says where it came from.
        Some("null") => headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("same-origin"),
        Some(origin) => site.allows(origin),
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

    fn is_same_origin(request: &Request<Body>) -> bool {
        super::is_same_origin(&SiteOrigin::of("https://farcoder.dev"), request)
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

    #[test]
    fn the_public_address_decides_not_the_host_header() {
        // A name the attacker points at this server: Host and Origin agree.
        assert!(!is_same_origin(&post(&[("host", "rebound.example"), ("origin", "https://rebound.example")])));
        assert!(!is_same_origin(&post(&[("host", "farcoder.dev"), ("origin", "http://farcoder.dev")])), "scheme");
        assert!(
            is_same_origin(&post(&[("host", "10.0.0.5:3000"), ("origin", "https://farcoder.dev")])),
            "behind a proxy"
        );
        let developer = SiteOrigin::of("http://127.0.0.1:3000");
        for (origin, allowed) in [
            ("http://localhost:3000", true),
            ("http://[::1]:3000", true),
            ("http://127.0.0.1:3000", true),
            ("http://localhost:4000", false),
            ("http://127.0.0.1.evil.example:3000", false),
            ("https://farcoder.dev", false),
        ] {
            assert_eq!(developer.allows(origin), allowed, "{origin}");
        }
        assert!(!SiteOrigin::of("https://farcoder.dev").allows("http://localhost:443"));
        assert!(SiteOrigin::of("http://127.0.0.1:0").allows("http://127.0.0.1:41234"), "a port picked at start");
    }
}
