//! Single-use, expiring tokens sent by e-mail. Only their hashes are stored.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// Stores a link on `c`, inside the transaction that also queues its e-mail.
pub async fn insert(
    mut c: impl Conn,
    token_hash: &str,
    purpose: &str,
    user_id: i64,
    now: Time,
    expires_at: Time,
) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO email_tokens (token_hash, purpose, user_id, expires_at, created_at) VALUES (");
    sql.bind(token_hash).push(", ").bind(purpose).push(", ").bind(user_id);
    sql.push(", ").bind(expires_at).push(", ").bind(now).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Marks a live, unused token used and returns its user, in one statement, so
/// two requests racing with the same link cannot both succeed.
pub async fn consume(mut c: impl Conn, token_hash: &str, purpose: &str, now: Time) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("UPDATE email_tokens SET used_at = ");
    sql.bind(now).push(" WHERE token_hash = ").bind(token_hash);
    sql.push(" AND purpose = ").bind(purpose);
    sql.push(" AND used_at IS NULL AND expires_at > ").bind(now).push(" RETURNING user_id");
    Ok(sql.query_as::<(i64,)>().fetch_optional(c.executor()).await?.map(|(id,)| id))
}

/// Whether the link `token_hash` of `purpose` is unused and unexpired, to
/// turn a made-up one away before any costly work.
pub async fn is_live(mut c: impl Conn, token_hash: &str, purpose: &str, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("SELECT 1 FROM email_tokens WHERE token_hash = ");
    sql.bind(token_hash).push(" AND purpose = ").bind(purpose);
    sql.push(" AND used_at IS NULL AND expires_at > ").bind(now);
    Ok(sql.query().fetch_optional(c.executor()).await?.is_some())
}

/// Ends every unused link of `purpose` the user was sent before: only the
/// newest reset link works.
pub async fn revoke_all(mut c: impl Conn, user_id: i64, purpose: &str, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE email_tokens SET used_at = ");
    sql.bind(now).push(" WHERE user_id = ").bind(user_id).push(" AND purpose = ").bind(purpose);
    sql.push(" AND used_at IS NULL");
    sql.query().execute(c.executor()).await?;
    Ok(())
}
