//! Announcing newly published postings to the operator's webhooks: which
//! postings are not announced yet (their deliveries are queued jobs).

use crate::model::{PostingStatus, Time};
use crate::server::db::{Conn, DbError};

/// Published postings not announced yet, published after `since`, by id.
pub async fn unannounced(mut c: impl Conn, since: Time, limit: i64) -> Result<Vec<i64>, DbError> {
    let mut sql = c.sql("SELECT id FROM jobs WHERE status = ");
    sql.state(PostingStatus::Published.slug()).push(" AND announced_at IS NULL AND published_at > ").bind(since);
    sql.push(" ORDER BY id LIMIT ").bind(limit);
    let rows: Vec<(i64,)> = sql.query_as().fetch_all(c.executor()).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Marks job `id` announced; `false` when another server did first.
pub async fn claim(mut c: impl Conn, id: i64, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE jobs SET announced_at = ");
    sql.bind(now).push(" WHERE id = ").bind(id).push(" AND announced_at IS NULL");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Marks postings announced that will never be (published too long ago).
pub async fn skip_older(mut c: impl Conn, before: Time, now: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("UPDATE jobs SET announced_at = ");
    sql.bind(now).push(" WHERE announced_at IS NULL AND published_at <= ").bind(before);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}
