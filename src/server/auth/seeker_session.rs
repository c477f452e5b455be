//! A seeker's cookies, apart from the employers' session so that neither
//! can ever stand for the other: the session (`farcoder_me`), and the
//! sign-in in progress (`farcoder_signin`), which binds a code sent by
//! e-mail to the browser that asked for it. Both HttpOnly, SameSite=Lax,
//! and over HTTPS `Secure` with the `__Host-` prefix.

use crate::model::Span;
use crate::server::auth::token;

/// Thirty days at most.
pub const LIFETIME: Span = Span::days(30);
/// A session nobody used for this long has ended.
pub const IDLE: Span = Span::days(14);
/// How stale a session's last-seen time may get before a request renews it.
pub const TOUCH: Span = Span::minutes(5);
/// How long a code and the sign-in waiting for it live.
pub const SIGN_IN_LIFETIME: Span = Span::minutes(15);

const SESSION: (&str, &str) = ("farcoder_me", "__Host-farcoder_me");
const SIGN_IN: (&str, &str) = ("farcoder_signin", "__Host-farcoder_signin");

fn pick((plain, host): (&'static str, &'static str), secure: bool) -> &'static str {
    if secure { host } else { plain }
}

/// The session cookie's name: over HTTPS only the `__Host-` one counts.
pub fn name(secure: bool) -> &'static str {
    pick(SESSION, secure)
}

/// The sign-in cookie's name.
pub fn sign_in_name(secure: bool) -> &'static str {
    pick(SIGN_IN, secure)
}

/// A seeker's cookies' names: a request with one is personal (its pages
/// are never served from or kept as anonymous ones).
pub fn names() -> [&'static str; 4] {
    [SESSION.0, SESSION.1, SIGN_IN.0, SIGN_IN.1]
}

pub fn set_cookie(token: &str, secure: bool) -> String {
    token::cookie(name(secure), token, LIFETIME, secure)
}

pub fn clear_cookie(secure: bool) -> String {
    token::cookie(name(secure), "", Span::seconds(0), secure)
}

pub fn set_sign_in_cookie(token: &str, secure: bool) -> String {
    token::cookie(sign_in_name(secure), token, SIGN_IN_LIFETIME, secure)
}

pub fn clear_sign_in_cookie(secure: bool) -> String {
    token::cookie(sign_in_name(secure), "", Span::seconds(0), secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeker_cookies_are_apart_from_the_employers() {
        let c = set_cookie("t", true);
        for attr in ["__Host-farcoder_me=t", "HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(c.contains(attr), "{c}");
        }
        assert_ne!(name(false), crate::server::auth::session::name(false));
        assert!(set_sign_in_cookie("s", false).starts_with("farcoder_signin=s"));
        assert!(clear_sign_in_cookie(false).contains("Max-Age=0"));
    }
}
