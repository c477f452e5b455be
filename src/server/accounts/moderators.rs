//! Who moderates: a signed-in moderator, found from their session, and the
//! rule every moderator's written reason follows. The moderators' work
//! itself (the queue, decisions, reports) is `moderation`'s.

use crate::error::AppError;
use crate::model::Time;
use crate::server::db::Db;
use crate::server::repo::moderation;

/// A signed-in moderator.
#[derive(Clone, Debug)]
pub struct Moderator {
    pub user_id: i64,
    pub email: String,
}

/// The moderator a session belongs to: 401 without a session, 403 for
/// anyone who is not a moderator.
pub async fn moderator(db: &Db, token: Option<&str>, now: Time) -> Result<Moderator, AppError> {
    let token = token.ok_or(AppError::Unauthorized)?;
    let user_id = crate::server::auth::session::user_of(db, token, now).await?.ok_or(AppError::Unauthorized)?;
    match moderation::role_of(db, user_id).await? {
        Some((email, crate::model::AccountKind::Admin)) => Ok(Moderator { user_id, email }),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::Unauthorized),
    }
}

/// A moderator's reason, trimmed: a sentence or more when `needed` (it
/// goes to `whom`), never over 2,000 characters.
pub fn checked_reason<'a>(reason: &'a str, needed: bool, whom: &str) -> Result<&'a str, AppError> {
    let reason = reason.trim();
    if needed && reason.chars().count() < 10 {
        return Err(AppError::invalid("reason", format!("Tell {whom} why, in a sentence or more.")));
    }
    if reason.chars().count() > 2_000 {
        return Err(AppError::invalid("reason", "Keep the reason under 2,000 characters."));
    }
    Ok(reason)
}
