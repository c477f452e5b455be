//! What server functions read from the request: the client's address, the
//! session token, whether the site is served over HTTPS.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use leptos::prelude::use_context;

use crate::model::Time;
use crate::server::auth::proxy::ProxyRule;
use crate::server::auth::secret::Secret;
use crate::server::auth::session;

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The client's IP: the peer address, or the hop `proxies` says to believe
/// in `X-Forwarded-For`.
pub fn client_ip(proxies: &ProxyRule) -> String {
    match parts() {
        Some(parts) => client_ip_of(&parts, proxies),
        None => "unknown".to_owned(),
    }
}

/// What per-address limits count `ip` as: an IPv6 address by its /64 (one
/// subscriber's network holds billions of them), an IPv4 address as it is.
pub fn limit_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match ipnet::Ipv6Net::new(v6, 64) {
            Ok(net) => net.trunc().to_string(),
            Err(_) => ip.to_owned(),
        },
        _ => ip.to_owned(),
    }
}

/// `client_ip` of a request a plain route handles.
pub fn client_ip_of(parts: &Parts, proxies: &ProxyRule) -> String {
    let peer: Option<IpAddr> = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let forwarded = parts.headers.get_all("x-forwarded-for").into_iter().filter_map(|v| v.to_str().ok());
    proxies.client(peer, forwarded).map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// Who is looking, for the posting statistics; `None` for a bot.
pub fn visitor(proxies: &ProxyRule, secret: &Secret, now: Time) -> Option<crate::server::postings::stats::Visitor> {
    visitor_of(&parts()?, proxies, secret, now)
}

/// `visitor` of a request a plain route or middleware handles.
pub fn visitor_of(
    parts: &Parts,
    proxies: &ProxyRule,
    secret: &Secret,
    now: Time,
) -> Option<crate::server::postings::stats::Visitor> {
    crate::server::postings::stats::Visitor::of(user_agent(&parts.headers), &client_ip_of(parts, proxies), secret, now)
}

/// What a response that shows something of one person's says: only their
/// browser may keep it, asking again before each use.
pub const PERSONAL: &str = "private, no-cache";

/// Whether a handler marked `headers`, a response's, as personal.
pub fn is_marked_personal(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("private"))
}

/// Marks the response being made as one person's: no cache, ours or any
/// other, keeps it. Whatever reads something personal of a request says so.
pub fn mark_personal() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static(PERSONAL));
    }
}

/// The session token the browser sent, if any; `https` says which cookie
/// name counts (`Config::https`). A response made with one is personal.
pub fn session_token(https: bool) -> Option<String> {
    let token = session_token_of(&parts()?.headers, https);
    if token.is_some() {
        mark_personal();
    }
    token
}

/// `session_token` of a request a plain route handles.
pub fn session_token_of(headers: &axum::http::HeaderMap, https: bool) -> Option<String> {
    crate::server::http::cookies::token(headers, session::name(https))
}

/// The seeker's session token the browser sent, if any: a response made
/// with one is personal.
pub fn seeker_token(https: bool) -> Option<String> {
    let token = seeker_token_of(&parts()?.headers, https);
    if token.is_some() {
        mark_personal();
    }
    token
}

/// `seeker_token` of a request a plain route handles.
pub fn seeker_token_of(headers: &axum::http::HeaderMap, https: bool) -> Option<String> {
    crate::server::http::cookies::token(headers, crate::server::auth::seeker_session::name(https))
}

/// The sign-in in progress this browser holds (see `auth::seeker_session`).
pub fn sign_in_token(https: bool) -> Option<String> {
    crate::server::http::cookies::token(&parts()?.headers, crate::server::auth::seeker_session::sign_in_name(https))
}

/// The jobs the visitor saved, from their cookie: a response made with
/// them is personal.
pub fn saved_jobs() -> crate::model::SavedJobs {
    let saved = parts().map(|p| saved_jobs_of(&p.headers)).unwrap_or_default();
    if saved != crate::model::SavedJobs::default() {
        mark_personal();
    }
    saved
}

/// `saved_jobs` of a request a plain route handles.
pub fn saved_jobs_of(headers: &axum::http::HeaderMap) -> crate::model::SavedJobs {
    crate::server::http::cookies::saved_jobs(headers)
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

/// Whether the request carries a session cookie of either name, valid or
/// not, or a kept form: its pages may be personal, so they are never served
/// from or stored as anonymous pages, nor cached by anyone else.
pub fn is_personal(headers: &axum::http::HeaderMap) -> bool {
    session_token_of(headers, false).is_some()
        || session_token_of(headers, true).is_some()
        || crate::server::auth::seeker_session::names()
            .iter()
            .any(|name| crate::server::http::cookies::token(headers, name).is_some())
        || crate::server::http::form_return::token_of(headers).is_some()
}

/// The request's `User-Agent`, or nothing.
pub fn user_agent(headers: &axum::http::HeaderMap) -> &str {
    headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_network_counts_as_one_address() {
        assert_eq!(limit_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(limit_key("2001:db8:1:2:bbbb::9"), limit_key("2001:db8:1:2:aaaa::1"));
        assert_eq!(limit_key("203.0.113.5"), "203.0.113.5");
        assert_eq!(limit_key("unknown"), "unknown");
    }

    fn headers(cookie: &str) -> axum::http::HeaderMap {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(axum::http::header::COOKIE, cookie.parse().expect("header"));
        headers
    }

    #[test]
    fn finds_the_session_token_among_cookies() {
        let t = "a".repeat(64);
        let (plain, host) = (session::COOKIE, session::HOST_COOKIE);
        assert_eq!(session_token_of(&headers(&format!("x=1; {plain}={t}; y=2")), false), Some(t.clone()));
        assert_eq!(session_token_of(&headers(&format!("{plain}=short")), false), None);
        assert_eq!(session_token_of(&headers("x=1"), false), None);
        assert_eq!(session_token_of(&headers(&format!("{host}={t}")), true), Some(t.clone()));
        let plain_over_https = session_token_of(&headers(&format!("{plain}={t}")), true);
        assert_eq!(plain_over_https, None, "a plain cookie is not read over HTTPS");
    }

    #[test]
    fn reads_the_saved_jobs_cookie() {
        let saved = saved_jobs_of(&headers("farcoder_session=abc; farcoder_saved=12.45.x.12.-3.7"));
        assert!(saved.contains(12) && saved.contains(45) && saved.contains(7) && !saved.contains(-3));
        assert_eq!(saved_jobs_of(&headers("other=1")), crate::model::SavedJobs::default());
    }
}
