//! Visitors' reports on postings.

use sqlx::AnyConnection;

use crate::model::Time;
use crate::server::db::{Backend, Db, DbError, Sql};

/// Stores a report; `false` when this visitor already reported this job.
pub async fn insert(
    db: &Db,
    job_id: i64,
    reason: &str,
    note: &str,
    reporter: &str,
    now: Time,
) -> Result<bool, DbError> {
    let mut sql = Sql::new(db.backend, "INSERT INTO reports (job_id, reason, note, reporter, created_at) VALUES (");
    sql.bind(job_id).push(", ").bind(reason).push(", ").bind(note).push(", ").bind(reporter).push(", ").bind(now);
    sql.push(") ON CONFLICT (job_id, reporter) DO NOTHING");
    Ok(sql.query().execute(&db.pool).await?.rows_affected() == 1)
}

/// An open report.
#[derive(Debug, sqlx::FromRow)]
pub struct ReportRow {
    pub job_id: i64,
    pub reason: String,
    pub note: String,
    pub created_at: Time,
}

/// The open reports of the jobs `ids`, oldest first.
pub async fn open_for(db: &Db, ids: &[i64]) -> Result<Vec<ReportRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        db.backend,
        "SELECT job_id, reason, note, created_at FROM reports WHERE resolved_at IS NULL AND job_id IN ",
    );
    sql.bind_list(ids.iter().copied()).push(" ORDER BY id");
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// Marks job `job_id`'s open reports as dealt with.
pub async fn resolve(db: &Db, job_id: i64, now: Time) -> Result<(), DbError> {
    resolve_on(&mut *db.pool.acquire().await?, db.backend, job_id, now).await
}

pub async fn resolve_on(conn: &mut AnyConnection, backend: Backend, job_id: i64, now: Time) -> Result<(), DbError> {
    let mut sql = Sql::new(backend, "UPDATE reports SET resolved_at = ");
    sql.bind(now).push(" WHERE resolved_at IS NULL AND job_id = ").bind(job_id);
    sql.query().execute(conn).await?;
    Ok(())
}
