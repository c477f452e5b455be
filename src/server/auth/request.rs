//! What server functions read from the request: the client's address, the
//! session token, whether the site is served over HTTPS.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use leptos::prelude::use_context;

use super::session;

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The client's IP: the peer address, or the first `X-Forwarded-For` hop when
/// `FARCODER_TRUST_PROXY=1` says a proxy in front of us sets it.
pub fn client_ip(trust_proxy: bool) -> String {
    match parts() {
        Some(parts) => client_ip_of(&parts, trust_proxy),
        None => "unknown".to_owned(),
    }
}

/// `client_ip` of a request a plain route handles.
pub fn client_ip_of(parts: &Parts, trust_proxy: bool) -> String {
    if trust_proxy {
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        if let Some(ip) = forwarded.and_then(|v| v.split(',').next()).and_then(|v| v.trim().parse::<IpAddr>().ok()) {
            return ip.to_string();
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Who is looking, for the posting statistics; `None` for a bot.
pub fn visitor(trust_proxy: bool, now: i64) -> Option<crate::server::stats::Visitor> {
    visitor_of(&parts()?, trust_proxy, now)
}

/// `visitor` of a request a plain route or middleware handles.
pub fn visitor_of(parts: &Parts, trust_proxy: bool, now: i64) -> Option<crate::server::stats::Visitor> {
    crate::server::stats::Visitor::of(&parts.headers, &client_ip_of(parts, trust_proxy), now)
}

/// The session token the browser sent, if any.
pub fn session_token() -> Option<String> {
    session_token_of(&parts()?.headers)
}

/// `session_token` of a request a plain route handles.
pub fn session_token_of(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(session::token_in)
        .map(str::to_owned)
}

/// Whether the request came from a plain HTML form (no JavaScript).
pub fn from_html_form() -> bool {
    parts()
        .and_then(|p| {
            p.headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Whether this request is a server function call (rather than a page that
/// calls server functions while it renders).
pub fn is_server_fn_call() -> bool {
    parts().is_some_and(|p| p.uri.path().starts_with("/api/fn/"))
}
