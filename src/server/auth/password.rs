//! Argon2id password hashes (the crate's defaults: 19 MiB, 2 passes), computed
//! off the async threads, `cpu::PASSWORD_HASHES_AT_ONCE` at a time.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::AppError;
use crate::model::Password;
use crate::server::cpu::PASSWORDS;

pub async fn hash(password: &Password) -> Result<String, AppError> {
    let password = password.expose().to_owned();
    PASSWORDS
        .run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
        })
        .await?
        .map_err(|e| internal("hashing failed", e))
}

/// Whether `password` matches `stored`; `false` for a malformed hash too.
pub async fn verify(stored: &str, password: &str) -> Result<bool, AppError> {
    let (stored, password) = (stored.to_owned(), password.to_owned());
    PASSWORDS
        .run(move || {
            PasswordHash::new(&stored)
                .is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
        })
        .await
}

/// A hash of nothing in particular: verified against when the e-mail is
/// unknown, so a login takes as long whether or not the account exists.
pub const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$S1bQm+P6c5Kk1ZCqOqQ0v1sJ3n7W3c3lqJ6H3oYb1lE";

fn internal(what: &str, err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "{what}");
    AppError::Internal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_are_argon2id() {
        let password = Password::parse("correct horse battery").unwrap();
        let hash = hash(&password).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify(&hash, "correct horse battery").await.unwrap());
        assert!(!verify(&hash, "correct horse battery!").await.unwrap());
        assert!(!verify("not a hash", "x").await.unwrap());
        assert!(!verify(DECOY_HASH, "correct horse battery").await.unwrap());
    }
}
