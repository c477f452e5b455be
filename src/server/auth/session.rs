//! The session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS; its value a
//! random token whose hash names a row in `sessions`.

pub const COOKIE: &str = "farcoder_session";
/// Thirty days.
pub const LIFETIME_SECS: i64 = 30 * 86_400;

/// The `Set-Cookie` value that stores `token`.
pub fn set_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={LIFETIME_SECS}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the cookie.
pub fn clear_cookie(secure: bool) -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", if secure { "; Secure" } else { "" })
}

/// The session token in a `Cookie` header, if any.
pub fn token_in(cookie_header: &str) -> Option<&str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_attributes() {
        let c = set_cookie("t", true);
        for attr in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(c.contains(attr), "{c}");
        }
        assert!(!set_cookie("t", false).contains("Secure"));
        assert!(clear_cookie(false).contains("Max-Age=0"));
    }

    #[test]
    fn finds_the_token_among_cookies() {
        let t = "a".repeat(64);
        assert_eq!(token_in(&format!("x=1; {COOKIE}={t}; y=2")), Some(t.as_str()));
        assert_eq!(token_in(&format!("{COOKIE}=short")), None);
        assert_eq!(token_in("x=1"), None);
    }
}
