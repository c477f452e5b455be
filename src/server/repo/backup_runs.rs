//! Scheduled backups, one row per window.

use crate::model::Time;
use crate::server::db::{Db, DbError, Sql};

/// Takes the window starting at `window` for a backup to `target`: `false`
/// when another server took it first.
pub async fn claim(db: &Db, window: Time, target: &str, now: Time) -> Result<bool, DbError> {
    let mut sql = Sql::new(db.backend, "INSERT INTO backup_runs (window_start, target, started_at) VALUES (");
    sql.bind(window).push(", ").bind(target).push(", ").bind(now).push(") ON CONFLICT (window_start) DO NOTHING");
    Ok(sql.query().execute(&db.pool).await?.rows_affected() == 1)
}

pub async fn finish(db: &Db, window: Time, now: Time) -> Result<(), DbError> {
    let mut sql = Sql::new(db.backend, "UPDATE backup_runs SET finished_at = ");
    sql.bind(now).push(" WHERE window_start = ").bind(window);
    sql.query().execute(&db.pool).await?;
    Ok(())
}

/// The finished copies beyond the newest `keep`, oldest first: (window, target).
pub async fn beyond(db: &Db, keep: usize) -> Result<Vec<(Time, String)>, DbError> {
    let sql = Sql::new(
        db.backend,
        "SELECT window_start, target FROM backup_runs WHERE finished_at IS NOT NULL ORDER BY window_start DESC",
    );
    let finished: Vec<(Time, String)> = sql.query_as().fetch_all(&db.pool).await?;
    Ok(finished.into_iter().skip(keep).rev().collect())
}

pub async fn forget(db: &Db, window: Time) -> Result<(), DbError> {
    let mut sql = Sql::new(db.backend, "DELETE FROM backup_runs WHERE window_start = ");
    sql.bind(window);
    sql.query().execute(&db.pool).await?;
    Ok(())
}
