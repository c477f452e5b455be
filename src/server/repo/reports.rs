//! Visitors' reports on postings.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// Stores a report; `false` when this visitor already reported this job.
pub async fn insert(
    mut c: impl Conn,
    job_id: i64,
    reason: &str,
    note: &str,
    reporter: &str,
    now: Time,
) -> Result<bool, DbError> {
    let mut sql = c.sql("INSERT INTO reports (job_id, reason, note, reporter, created_at) VALUES (");
    sql.bind(job_id).push(", ").bind(reason).push(", ").bind(note).push(", ").bind(reporter).push(", ").bind(now);
    sql.push(") ON CONFLICT (job_id, reporter) DO NOTHING");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// An open report.
#[derive(Debug, sqlx::FromRow)]
pub struct ReportRow {
    pub job_id: i64,
    pub reason: crate::model::ReportReason,
    pub note: String,
    pub created_at: Time,
}

/// The open reports of the jobs `ids`, oldest first.
pub async fn open_for(mut c: impl Conn, ids: &[i64]) -> Result<Vec<ReportRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql =
        c.sql("SELECT job_id, reason, note, created_at FROM reports WHERE resolved_at IS NULL AND job_id IN ");
    sql.bind_list(ids.iter().copied()).push(" ORDER BY id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

pub async fn resolve(mut c: impl Conn, job_id: i64, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE reports SET resolved_at = ");
    sql.bind(now).push(" WHERE resolved_at IS NULL AND job_id = ").bind(job_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}
