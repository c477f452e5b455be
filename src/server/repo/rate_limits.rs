//! Fixed-window counters in the database, so limits hold across app servers.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// Counts one hit in `bucket`'s current window and returns the window's total.
pub async fn hit(mut c: impl Conn, bucket: &str, window_start: Time) -> Result<i64, DbError> {
    let mut sql = c.sql("INSERT INTO rate_limits (bucket, window_start, hits) VALUES (");
    sql.bind(bucket).push(", ").bind(window_start).push(", 1)");
    sql.push(" ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits");
    let (hits,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(hits)
}

/// Forgets windows that ended before `before`.
pub async fn prune(mut c: impl Conn, before: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("DELETE FROM rate_limits WHERE window_start < ");
    sql.bind(before);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}
