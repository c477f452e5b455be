//! Server-side sessions: the cookie holds a random token, the table its hash.

use crate::model::{Span, Time};
use crate::server::db::{Conn, DbError};

/// Stores a session, inside the transaction that signs the user in (a
/// password reset, an accepted invitation).
pub async fn insert(
    mut c: impl Conn,
    token_hash: &str,
    user_id: i64,
    now: Time,
    expires_at: Time,
) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (");
    sql.bind(token_hash).push(", ").bind(user_id).push(", ").bind(now).push(", ").bind(now);
    sql.push(", ").bind(expires_at).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// The user of a live session: before its end, and used within the last
/// `idle_secs`. Renews its last-seen time when that is over `touch_secs` old.
pub async fn user_of(
    mut c: impl Conn,
    token_hash: &str,
    now: Time,
    idle_secs: Span,
    touch_secs: Span,
) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("SELECT user_id, last_seen_at FROM sessions WHERE token_hash = ");
    sql.bind(token_hash).push(" AND expires_at > ").bind(now).push(" AND last_seen_at > ").bind(now - idle_secs);
    let Some((user_id, last_seen)) = sql.query_as::<(i64, Time)>().fetch_optional(c.executor()).await? else {
        return Ok(None);
    };
    if last_seen < now - touch_secs {
        let mut touch = c.sql("UPDATE sessions SET last_seen_at = ");
        touch.bind(now).push(" WHERE token_hash = ").bind(token_hash);
        touch.query().execute(c.executor()).await?;
    }
    Ok(Some(user_id))
}

pub async fn delete(mut c: impl Conn, token_hash: &str) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM sessions WHERE token_hash = ");
    sql.bind(token_hash);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Ends every session of a user (after a password reset).
pub async fn delete_all_of(mut c: impl Conn, user_id: i64) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM sessions WHERE user_id = ");
    sql.bind(user_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}
