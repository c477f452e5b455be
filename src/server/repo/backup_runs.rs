//! Scheduled backups, one row per window.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// Takes the window starting at `window` for a backup to `target`: `false`
/// when another server took it first.
pub async fn claim(mut c: impl Conn, window: Time, target: &str, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("INSERT INTO backup_runs (window_start, target, started_at) VALUES (");
    sql.bind(window).push(", ").bind(target).push(", ").bind(now).push(") ON CONFLICT (window_start) DO NOTHING");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

pub async fn finish(mut c: impl Conn, window: Time, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE backup_runs SET finished_at = ");
    sql.bind(now).push(" WHERE window_start = ").bind(window);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// The finished copies beyond the newest `keep`, oldest first: (window, target).
pub async fn beyond(mut c: impl Conn, keep: usize) -> Result<Vec<(Time, String)>, DbError> {
    let sql =
        c.sql("SELECT window_start, target FROM backup_runs WHERE finished_at IS NOT NULL ORDER BY window_start DESC");
    let finished: Vec<(Time, String)> = sql.query_as().fetch_all(c.executor()).await?;
    Ok(finished.into_iter().skip(keep).rev().collect())
}

pub async fn forget(mut c: impl Conn, window: Time) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM backup_runs WHERE window_start = ");
    sql.bind(window);
    sql.query().execute(c.executor()).await?;
    Ok(())
}
