//! The server's secret key: it keys the digests that stand for visitors and
//! reporters (so a stored digest cannot be reversed by hashing every
//! address). Set `FARCODER_SECRET`, or the first server to start makes one
//! and stores it in the database, where every other server finds it.

use std::sync::Arc;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::model::Time;
use crate::server::db::Db;
use crate::server::repo::server_secrets;

/// Shortest `FARCODER_SECRET` accepted.
pub const MIN_SETTING_CHARS: usize = 32;
const STORED_NAME: &str = "digest-key";

#[derive(Clone)]
pub struct Secret(Arc<[u8; 32]>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(hidden)")
    }
}

impl Secret {
    /// From the operator's setting: any text of at least `MIN_SETTING_CHARS`.
    pub fn from_setting(value: &str) -> Result<Secret, String> {
        if value.chars().count() < MIN_SETTING_CHARS {
            return Err(format!("FARCODER_SECRET must be at least {MIN_SETTING_CHARS} characters long"));
        }
        Ok(Secret(Arc::new(Sha256::digest(value.as_bytes()).into())))
    }

    /// The configured secret, or the one stored in the database (made by the
    /// first server that needed it).
    pub async fn load(db: &Db, configured: Option<Secret>, now: Time) -> Result<Secret, AppError> {
        if let Some(secret) = configured {
            return Ok(secret);
        }
        let stored =
            server_secrets::get_or_insert(db, STORED_NAME, &crate::server::auth::token::generate(), now).await?;
        Ok(Secret(Arc::new(Sha256::digest(stored.as_bytes()).into())))
    }

    /// A keyed digest of `parts` (each length-prefixed, so `("ab", "c")`
    /// and `("a", "bc")` differ), as hex of its first 16 bytes.
    pub fn digest(&self, purpose: &str, parts: &[&str]) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0[..]) else { return String::new() };
        for part in std::iter::once(purpose).chain(parts.iter().copied()) {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// Whether `given` is `digest(purpose, parts)`, compared in time that
    /// does not depend on where they differ.
    pub fn verifies(&self, purpose: &str, parts: &[&str], given: &str) -> bool {
        same(&self.digest(purpose, parts), given)
    }
}

/// Compares in time that does not depend on where the strings differ (only
/// their lengths may show): every secret, digest and token is compared here.
pub fn same(expected: &str, given: &str) -> bool {
    use subtle::ConstantTimeEq;
    expected.as_bytes().ct_eq(given.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_depend_on_the_key_and_hide_it() {
        let a = Secret::from_setting(&"a".repeat(32)).unwrap();
        let b = Secret::from_setting(&"b".repeat(32)).unwrap();
        assert_eq!(a.digest("visitor", &["10.0.0.1"]), a.digest("visitor", &["10.0.0.1"]));
        assert_ne!(a.digest("visitor", &["10.0.0.1"]), b.digest("visitor", &["10.0.0.1"]));
        assert_ne!(a.digest("x", &["ab", "c"]), a.digest("x", &["a", "bc"]));
        assert_eq!(format!("{a:?}"), "Secret(hidden)");
        assert!(Secret::from_setting("short").is_err());
    }
}
