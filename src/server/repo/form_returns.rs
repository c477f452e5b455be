//! Refused forms kept for the page that shows them again, named by the hash
//! of a cookie's token and gone after a few minutes.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

pub async fn insert(mut c: impl Conn, token_hash: &str, payload: &str, expires_at: Time) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO form_returns (token_hash, payload, expires_at) VALUES (");
    sql.bind(token_hash).push(", ").bind(payload).push(", ").bind(expires_at).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

pub async fn find(mut c: impl Conn, token_hash: &str, now: Time) -> Result<Option<String>, DbError> {
    let mut sql = c.sql("SELECT payload FROM form_returns WHERE token_hash = ");
    sql.bind(token_hash).push(" AND expires_at > ").bind(now);
    Ok(sql.query_as::<(String,)>().fetch_optional(c.executor()).await?.map(|(p,)| p))
}

/// Forgets every return that has expired.
pub async fn prune(mut c: impl Conn, now: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("DELETE FROM form_returns WHERE expires_at <= ");
    sql.bind(now);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}
