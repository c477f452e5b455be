//! Stored files to delete: written with the change that dropped their
//! record, removed once storage has deleted the file.

use sqlx::AnyConnection;

use crate::model::Time;
use crate::server::db::{Backend, Db, DbError, Sql};

/// Schedules the file `key` for deletion on `conn`, inside the transaction
/// that deletes its record.
pub async fn schedule_on(conn: &mut AnyConnection, backend: Backend, key: &str, now: Time) -> Result<(), DbError> {
    let mut sql = Sql::new(backend, "INSERT INTO file_deletions (key, created_at) VALUES (");
    sql.bind(key).push(", ").bind(now).push(") ON CONFLICT (key) DO NOTHING");
    sql.query().execute(conn).await?;
    Ok(())
}

/// `schedule_on` on its own: a file about to be stored, whose record may
/// never come.
pub async fn schedule(db: &Db, key: &str, now: Time) -> Result<(), DbError> {
    schedule_on(&mut *db.pool.acquire().await?, db.backend, key, now).await
}

/// The file `key` is no longer to be deleted, on `conn`: its record was
/// stored after all (inside that transaction), or storage deleted it.
pub async fn keep_on(conn: &mut AnyConnection, backend: Backend, key: &str) -> Result<(), DbError> {
    let mut sql = Sql::new(backend, "DELETE FROM file_deletions WHERE key = ");
    sql.bind(key);
    sql.query().execute(conn).await?;
    Ok(())
}

/// Up to `limit` files scheduled before `before`, oldest first.
pub async fn waiting(db: &Db, before: Time, limit: i64) -> Result<Vec<String>, DbError> {
    let mut sql = Sql::new(db.backend, "SELECT key FROM file_deletions WHERE created_at < ");
    sql.bind(before).push(" ORDER BY created_at, key LIMIT ").bind(limit);
    let rows: Vec<(String,)> = sql.query_as().fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(|(key,)| key).collect())
}

/// The file `key` is gone from storage.
pub async fn done(db: &Db, key: &str) -> Result<(), DbError> {
    keep_on(&mut *db.pool.acquire().await?, db.backend, key).await
}
