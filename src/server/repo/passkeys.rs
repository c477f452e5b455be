//! Seekers' passkeys and the WebAuthn ceremonies under way.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// A stored passkey.
#[derive(Debug, sqlx::FromRow)]
pub struct PasskeyRow {
    pub id: i64,
    pub seeker_id: i64,
    pub credential_id: String,
    /// The relying-party library's serialised passkey.
    pub passkey: String,
    pub created_at: Time,
    pub last_used_at: Option<Time>,
}

const COLUMNS: &str = "SELECT id, seeker_id, credential_id, passkey, created_at, last_used_at FROM seeker_passkeys";

/// The user handle seeker `seeker_id`'s authenticators keep, set to
/// `fresh` when they had none; the one that stands.
pub async fn user_handle(mut c: impl Conn, seeker_id: i64, fresh: &str) -> Result<String, DbError> {
    let mut set = c.sql("UPDATE seekers SET passkey_user = ");
    set.bind(fresh).push(" WHERE id = ").bind(seeker_id).push(" AND passkey_user IS NULL");
    set.query().execute(c.executor()).await?;
    let mut sql = c.sql("SELECT passkey_user FROM seekers WHERE id = ");
    sql.bind(seeker_id);
    let (handle,): (Option<String>,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(handle.unwrap_or_else(|| fresh.to_owned()))
}

/// The seeker whose authenticators keep `handle`.
pub async fn seeker_of_handle(mut c: impl Conn, handle: &str) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("SELECT id FROM seekers WHERE passkey_user = ");
    sql.bind(handle);
    Ok(sql.query_as::<(i64,)>().fetch_optional(c.executor()).await?.map(|(id,)| id))
}

pub async fn of_seeker(mut c: impl Conn, seeker_id: i64) -> Result<Vec<PasskeyRow>, DbError> {
    let mut sql = c.sql(COLUMNS);
    sql.push(" WHERE seeker_id = ").bind(seeker_id).push(" ORDER BY id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Stores a new passkey; `false` when its credential is stored already.
pub async fn insert(
    mut c: impl Conn,
    seeker_id: i64,
    credential_id: &str,
    passkey: &str,
    now: Time,
) -> Result<bool, DbError> {
    let mut sql = c.sql("INSERT INTO seeker_passkeys (seeker_id, credential_id, passkey, created_at) VALUES (");
    sql.bind(seeker_id).push(", ").bind(credential_id).push(", ").bind(passkey).push(", ").bind(now);
    sql.push(") ON CONFLICT (credential_id) DO NOTHING");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Keeps a passkey's new counter after a sign-in.
pub async fn used(mut c: impl Conn, id: i64, passkey: &str, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE seeker_passkeys SET passkey = ");
    sql.bind(passkey).push(", last_used_at = ").bind(now).push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Deletes seeker `seeker_id`'s passkey `id`; whether there was one.
pub async fn delete(mut c: impl Conn, seeker_id: i64, id: i64) -> Result<bool, DbError> {
    let mut sql = c.sql("DELETE FROM seeker_passkeys WHERE id = ");
    sql.bind(id).push(" AND seeker_id = ").bind(seeker_id);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Stores a ceremony under way (and forgets those that ran out).
pub async fn begin(
    mut c: impl Conn,
    token_hash: &str,
    seeker_id: Option<i64>,
    state: &str,
    now: Time,
    expires_at: Time,
) -> Result<(), DbError> {
    let mut prune = c.sql("DELETE FROM passkey_ceremonies WHERE expires_at < ");
    prune.bind(now);
    prune.query().execute(c.executor()).await?;
    let mut sql = c.sql("INSERT INTO passkey_ceremonies (token_hash, seeker_id, state, expires_at) VALUES (");
    sql.bind(token_hash).push(", ").bind_opt(seeker_id).push(", ").bind(state).push(", ").bind(expires_at).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Takes a live ceremony, once: (whose, its state).
pub async fn take(mut c: impl Conn, token_hash: &str, now: Time) -> Result<Option<(Option<i64>, String)>, DbError> {
    let mut sql = c.sql("DELETE FROM passkey_ceremonies WHERE token_hash = ");
    sql.bind(token_hash).push(" AND expires_at > ").bind(now).push(" RETURNING seeker_id, state");
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}
