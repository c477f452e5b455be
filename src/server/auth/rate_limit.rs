//! Limits on how often one address or one account may try something, counted
//! in the database so every app server sees the same numbers.

use crate::error::AppError;
use crate::model::{DAY, HOUR, Span, Time};
use crate::server::db::Db;
use crate::server::repo::rate_limits;

/// A kind of attempt and how many of them a window allows.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub action: &'static str,
    pub max: i64,
    pub window: Span,
}

pub const LOGIN_PER_IP: Limit = Limit { action: "login-ip", max: 30, window: Span::minutes(15) };
pub const LOGIN_PER_ACCOUNT: Limit = Limit { action: "login-account", max: 10, window: Span::minutes(15) };
pub const SIGNUP_PER_IP: Limit = Limit { action: "signup-ip", max: 10, window: HOUR };
pub const RESET_PER_IP: Limit = Limit { action: "reset-ip", max: 10, window: HOUR };
pub const RESET_PER_ACCOUNT: Limit = Limit { action: "reset-account", max: 5, window: HOUR };
pub const LOGOS_PER_COMPANY: Limit = Limit { action: "logo-company", max: 30, window: HOUR };
/// Choosing a password from a link (reset, invitation): each try hashes.
pub const PASSWORD_SET_PER_IP: Limit = Limit { action: "password-set-ip", max: 10, window: HOUR };
/// Refused forms kept for one address to fill in again: a person corrects a
/// form a few times; a flood is refused before anything is stored.
pub const KEPT_FORMS_PER_IP: Limit = Limit { action: "kept-form-ip", max: 30, window: HOUR };
pub const INVITES_PER_COMPANY: Limit = Limit { action: "invite-company", max: 20, window: DAY };

/// E-mails a stranger can cause to one address: "you have an account" and
/// a fresh confirmation link.
pub const ACCOUNT_MAILS_PER_ADDRESS: Limit = Limit { action: "account-mail", max: 3, window: HOUR };

/// Counts an attempt by `who`: whether it is within the limit. For what is
/// skipped quietly rather than refused (a mail a stranger could repeat).
pub async fn within(db: &Db, limit: Limit, who: &str, now: Time) -> Result<bool, AppError> {
    match check(db, limit, who, now).await {
        Ok(()) => Ok(true),
        Err(AppError::TooManyRequests { .. }) => Ok(false),
        Err(other) => Err(other),
    }
}

/// Counts an attempt by `who`; refuses it with 429 once the window is full.
pub async fn check(db: &Db, limit: Limit, who: &str, now: Time) -> Result<(), AppError> {
    let window_start = now.window_start(limit.window);
    let hits = rate_limits::hit(db, &format!("{}:{who}", limit.action), window_start).await?;
    if hits > limit.max {
        tracing::warn!(action = limit.action, "rate limit reached");
        return Err(AppError::TooManyRequests { retry_after_secs: (window_start + limit.window - now).as_secs() });
    }
    Ok(())
}
