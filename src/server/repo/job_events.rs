//! Views and apply clicks, one row per job, kind, day and visitor.

use crate::model::JobEvent;
use crate::server::db::{Conn, Db, DbError};

/// Records an event; a repeat by the same visitor on the same day is ignored.
pub async fn record(mut c: impl Conn, job_id: i64, kind: JobEvent, day: i64, visitor: &str) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO job_events (job_id, kind, day, visitor) VALUES (");
    sql.bind(job_id).push(", ").bind(kind.slug()).push(", ").bind(day).push(", ").bind(visitor);
    sql.push(") ON CONFLICT (job_id, kind, day, visitor) DO NOTHING");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Counts each of `events` (job, day, visitor) of `kind` in one
/// transaction; repeats the same day are not counted.
pub async fn record_many(db: &Db, kind: JobEvent, events: &[(i64, i64, String)]) -> Result<(), DbError> {
    let mut tx = db.begin_write().await?;
    for chunk in events.chunks(200) {
        let mut sql = tx.sql("INSERT INTO job_events (job_id, kind, day, visitor) VALUES ");
        for (i, (job_id, day, visitor)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(*job_id)
                .push(", ")
                .bind(kind.slug())
                .push(", ")
                .bind(*day)
                .push(", ")
                .bind(visitor.as_str())
                .push(")");
        }
        sql.push(" ON CONFLICT (job_id, kind, day, visitor) DO NOTHING");
        sql.query().execute(tx.executor()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Daily counts for one company's jobs.
#[derive(Debug, sqlx::FromRow)]
pub struct DailyCount {
    pub job_id: i64,
    pub kind: JobEvent,
    pub day: i64,
    pub visitors: i64,
}

/// Every job of `company_id`'s events, counted per kind and day.
pub async fn daily_counts(mut c: impl Conn, company_id: i64) -> Result<Vec<DailyCount>, DbError> {
    let mut sql = c.sql(
        "SELECT e.job_id, e.kind, e.day, COUNT(*) AS visitors FROM job_events e \
         JOIN jobs j ON j.id = e.job_id WHERE j.company_id = ",
    );
    sql.bind(company_id).push(" GROUP BY e.job_id, e.kind, e.day");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}
