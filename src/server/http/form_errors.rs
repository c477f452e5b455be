//! A server function called by a plain form (no JavaScript) answers an
//! error with a redirect back to the form, the error written into the URL
//! (`__err`, Leptos's way), and the page shows it. Anyone could write such a
//! URL, and the page would show their words as ours. So every redirect a
//! server function gives is checked here: it must stay on this site, and an
//! error it carries is signed with the server's secret (`__sig`) together
//! with the time (`__t`). A page asked for with an error that is not signed,
//! is older than `MAX_AGE`, or names any of these twice (Leptos reads
//! the last one) is sent to the same address without them.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::model::{Span, Time, local_path};
use crate::server::auth::secret::Secret;

const ERROR: &str = "__err";
const ERROR_PATH: &str = "__path";
const SIGNATURE: &str = "__sig";
const TIME: &str = "__t";
/// How long a signed error may be shown: a refused form comes straight back.
const MAX_AGE: Span = Span::minutes(10);

pub async fn signed(State(secret): State<Secret>, request: Request<Body>, next: Next) -> Response {
    if request.method() == Method::GET {
        if let Some(query) = request.uri().query()
            && has(query, ERROR)
            && !is_signed(&secret, query, crate::server::now())
        {
            let path = request.uri().path();
            let to = format!("{path}{}", without_errors(query));
            let to = local_path(&to).unwrap_or("/").to_owned();
            return (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
        }
        return next.run(request).await;
    }
    let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let is_server_fn = request.uri().path().starts_with("/api/fn/");
    let mut response = next.run(request).await;
    if !is_server_fn {
        return response;
    }
    let Some(location) = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()) else {
        return response;
    };
    let path = same_site(location, host.as_deref()).unwrap_or("/").to_owned();
    let path = match path.split_once('?') {
        Some((_, query)) if has(query, ERROR) => {
            let now = crate::server::now().unix();
            let query = format!("{query}&{TIME}={now}");
            format!("{path}&{TIME}={now}&{SIGNATURE}={}", sign(&secret, &query))
        }
        _ => path,
    };
    if let Ok(value) = HeaderValue::from_str(&path) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The path of `location` when it leads to this site (`host`): a path, or
/// an absolute URL on our host (Leptos redirects to the `Referer`).
fn same_site<'a>(location: &'a str, host: Option<&str>) -> Option<&'a str> {
    let path = match location.split_once("://") {
        Some(("http" | "https", rest)) => {
            let at = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let (authority, path) = rest.split_at(at);
            if Some(authority) != host {
                return None;
            }
            if path.is_empty() { "/" } else { path }
        }
        Some(_) => return None,
        None => location,
    };
    local_path(path)
}

/// Marks a response that refused what was sent (a plain form sent back to
/// be corrected): it changed nothing for others to see.
#[derive(Clone, Copy, Debug)]
pub struct Refused;

/// Whether `location`, a redirect's, sends a form back with an error.
pub(crate) fn carries_error(location: &str) -> bool {
    location.split_once('?').is_some_and(|(_, query)| has(query, ERROR))
}

fn pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned()))
}

fn has(query: &str, key: &str) -> bool {
    pairs(query).any(|(k, _)| k == key)
}

fn value(query: &str, key: &str) -> String {
    pairs(query).find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or_default()
}

fn sign(secret: &Secret, query: &str) -> String {
    secret.digest("form-error", &[&value(query, ERROR_PATH), &value(query, ERROR), &value(query, TIME)])
}

fn is_signed(secret: &Secret, query: &str, now: Time) -> bool {
    let once = |key: &str| pairs(query).filter(|(k, _)| k == key).count() == 1;
    if ![ERROR, ERROR_PATH, SIGNATURE, TIME].into_iter().all(once) {
        return false;
    }
    let fresh = value(query, TIME).parse::<i64>().map(Time::from_unix).is_ok_and(|t| t <= now && now - t <= MAX_AGE);
    if !fresh {
        return false;
    }
    let given = value(query, SIGNATURE);
    let expected = sign(secret, query);
    crate::server::auth::secret::same(&expected, &given)
}

/// `?…` of `query` without the error's parameters, or nothing.
fn without_errors(query: &str) -> String {
    let kept: Vec<(String, String)> =
        pairs(query).filter(|(k, _)| ![ERROR, ERROR_PATH, SIGNATURE, TIME].contains(&k.as_str())).collect();
    if kept.is_empty() {
        return String::new();
    }
    let mut out = form_urlencoded::Serializer::for_suffix(String::from("?"), 1);
    out.extend_pairs(kept);
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_on_this_site() {
        let host = Some("farcoder.dev");
        assert_eq!(same_site("https://farcoder.dev/login?x=1", host), Some("/login?x=1"));
        assert_eq!(same_site("http://farcoder.dev", host), Some("/"));
        assert_eq!(same_site("/dashboard", host), Some("/dashboard"));
        assert_eq!(same_site("https://evil.example/login", host), None);
        assert_eq!(same_site("https://farcoder.dev.evil.example/", host), None);
        assert_eq!(same_site("javascript://farcoder.dev/%0aalert(1)", host), None);
        assert_eq!(same_site("//evil.example", host), None);
    }

    #[test]
    fn only_errors_we_signed_are_kept() {
        let secret = Secret::from_setting(&"k".repeat(32)).expect("secret");
        let now = Time::from_unix(1_800_000_000);
        let query = format!("q=1&__path=%2Fapi%2Ffn%2Flogin&__err=eyJ4Ijp9&__t={}", now.unix());
        let signed = format!("{query}&__sig={}", sign(&secret, &query));
        assert!(is_signed(&secret, &signed, now + Span::seconds(5)));
        assert!(!is_signed(&secret, &query, now));
        assert!(!is_signed(&secret, &signed.replace("eyJ4Ijp9", "eyJ5Ijp9"), now), "another error, same signature");
        assert!(!is_signed(&secret, &format!("{signed}&__err=eyJ5Ijp9"), now), "a second error appended");
        assert!(!is_signed(&secret, &signed, now + MAX_AGE + Span::seconds(1)), "too old");
        assert_eq!(without_errors(&signed), "?q=1");
        assert_eq!(without_errors("__err=x"), "");
    }
}
