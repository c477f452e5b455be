//! The session cookie: HttpOnly, SameSite=Lax, and over HTTPS `Secure` with
//! the `__Host-` prefix (so no other host, not even a subdomain, can set or
//! scope it); its value a random token whose hash names a row in `sessions`.

use crate::model::{Span, Time};

/// The cookie's name over plain HTTP (development, tests).
pub const COOKIE: &str = "farcoder_session";
/// Its name over HTTPS: browsers accept it only Secure, for `/`, without a domain.
pub const HOST_COOKIE: &str = "__Host-farcoder_session";
/// Thirty days at most.
pub const LIFETIME: Span = Span::days(30);
/// A session nobody used for this long has ended, whatever its lifetime.
pub const IDLE: Span = Span::days(3);
/// How stale a session's last-seen time may get before a request renews it
/// (one write per session this often, not one per request).
pub const TOUCH: Span = Span::minutes(5);

/// The user whose live session `token` is (see `IDLE`).
pub async fn user_of(
    db: &crate::server::db::Db,
    token: &str,
    now: Time,
) -> Result<Option<i64>, crate::error::AppError> {
    let digest = crate::server::auth::token::digest(token);
    Ok(crate::server::repo::sessions::user_of(db, &digest, now, IDLE, TOUCH).await?)
}

/// The cookie's name: over HTTPS only the `__Host-` cookie counts (a plain
/// one may have been planted by another host).
pub fn name(secure: bool) -> &'static str {
    if secure { HOST_COOKIE } else { COOKIE }
}

/// The `Set-Cookie` value that stores `token`.
pub fn set_cookie(token: &str, secure: bool) -> String {
    crate::server::auth::token::cookie(name(secure), token, LIFETIME, secure)
}

/// The `Set-Cookie` value that removes the cookie.
pub fn clear_cookie(secure: bool) -> String {
    crate::server::auth::token::cookie(name(secure), "", Span::seconds(0), secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_attributes() {
        let c = set_cookie("t", true);
        for attr in ["__Host-farcoder_session=t", "HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(c.contains(attr), "{c}");
        }
        assert!(!c.contains("Domain"));
        let plain = set_cookie("t", false);
        assert!(plain.starts_with("farcoder_session=t") && !plain.contains("Secure"), "{plain}");
        assert!(clear_cookie(false).contains("Max-Age=0"));
        assert!(clear_cookie(true).starts_with("__Host-farcoder_session=;"));
    }
}
