//! Announcing newly published postings to the operator's webhooks: which
//! postings are not announced yet, and the deliveries' own outbox.

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

pub async fn enqueue(
    mut c: impl Conn,
    job_id: i64,
    kind: &str,
    hook: &str,
    payload: &str,
    now: Time,
) -> Result<(), DbError> {
    let mut sql =
        c.sql("INSERT INTO webhook_outbox (job_id, kind, hook, payload, next_attempt_at, created_at) VALUES (");
    sql.bind(job_id).push(", ").bind(kind).push(", ").bind(hook).push(", ").bind(payload);
    sql.push(", ").bind(now).push(", ").bind(now).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// A delivery waiting for its turn.
#[derive(Debug, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub kind: String,
    /// The webhook's key (`Webhook::key`), not its address.
    pub hook: String,
    pub payload: String,
    pub attempts: i64,
    pub next_attempt_at: Time,
}

/// Deliveries due at `now`, oldest first.
pub async fn due(mut c: impl Conn, now: Time, limit: i64) -> Result<Vec<DeliveryRow>, DbError> {
    let mut sql = c.sql(
        "SELECT id, kind, hook, payload, attempts, next_attempt_at FROM webhook_outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ",
    );
    sql.bind(now).push(" ORDER BY next_attempt_at, id LIMIT ").bind(limit);
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Takes delivery `id` for this server until `until` (its next attempt
/// moves there, so no other server sends it meanwhile); `false` when
/// another took it first.
pub async fn claim_delivery(mut c: impl Conn, row: &DeliveryRow, until: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE webhook_outbox SET next_attempt_at = ");
    sql.bind(until).push(" WHERE id = ").bind(row.id).push(" AND sent_at IS NULL AND next_attempt_at = ");
    sql.bind(row.next_attempt_at);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

pub async fn sent(mut c: impl Conn, id: i64, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE webhook_outbox SET sent_at = ");
    sql.bind(now).push(", attempts = attempts + 1, last_error = NULL WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Records a failed try: again at `retry_at`, or given up (`None`).
pub async fn failed(mut c: impl Conn, id: i64, error: &str, retry_at: Option<Time>, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE webhook_outbox SET attempts = attempts + 1, last_error = ");
    sql.bind(error);
    match retry_at {
        Some(at) => sql.push(", next_attempt_at = ").bind(at),
        None => sql.push(", failed_at = ").bind(now),
    };
    sql.push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}
