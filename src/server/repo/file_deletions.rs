//! Stored files to delete: written with the change that dropped their
//! record, removed once storage has deleted the file.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// Schedules the file `key` for deletion on `c`, inside the transaction
/// that deletes its record.
pub async fn schedule(mut c: impl Conn, key: &str, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO file_deletions (key, created_at) VALUES (");
    sql.bind(key).push(", ").bind(now).push(") ON CONFLICT (key) DO NOTHING");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// The file `key` is no longer to be deleted, on `c`: its record was
/// stored after all (inside that transaction), or storage deleted it.
pub async fn keep(mut c: impl Conn, key: &str) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM file_deletions WHERE key = ");
    sql.bind(key);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Up to `limit` files scheduled before `before`, oldest first.
pub async fn waiting(mut c: impl Conn, before: Time, limit: i64) -> Result<Vec<String>, DbError> {
    let mut sql = c.sql("SELECT key FROM file_deletions WHERE created_at < ");
    sql.bind(before).push(" ORDER BY created_at, key LIMIT ").bind(limit);
    let rows: Vec<(String,)> = sql.query_as().fetch_all(c.executor()).await?;
    Ok(rows.into_iter().map(|(key,)| key).collect())
}

/// The file `key` is gone from storage.
pub async fn done(mut c: impl Conn, key: &str) -> Result<(), DbError> {
    keep(&mut c, key).await
}
