//! Automatic flags on postings, and the company's earlier postings a new one
//! is compared with.

use crate::model::{PostingStatus, Time};
use crate::server::db::{Conn, DbError};

/// A stored flag.
#[derive(Debug, sqlx::FromRow)]
pub struct FlagRow {
    pub job_id: i64,
    pub kind: crate::model::FlagKind,
    pub reason: String,
}

/// Replaces the job's flags of `kinds` with `flags`, inside a transaction
/// the caller commits.
pub async fn replace(
    mut c: impl Conn,
    job_id: i64,
    kinds: &[&str],
    flags: &[(&str, &str)],
    now: Time,
) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM job_flags WHERE job_id = ");
    sql.bind(job_id).push(" AND kind IN ").bind_list(kinds.iter().copied());
    sql.query().execute(c.executor()).await?;
    for (kind, reason) in flags {
        let mut sql = c.sql("INSERT INTO job_flags (job_id, kind, reason, created_at) VALUES (");
        sql.bind(job_id).push(", ").bind(*kind).push(", ").bind(*reason).push(", ").bind(now).push(")");
        sql.query().execute(c.executor()).await?;
    }
    Ok(())
}

/// The flags of the jobs `ids`, oldest first.
pub async fn of_jobs(mut c: impl Conn, ids: &[i64]) -> Result<Vec<FlagRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = c.sql("SELECT job_id, kind, reason FROM job_flags WHERE job_id IN ");
    sql.bind_list(ids.iter().copied()).push(" ORDER BY id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// A posting a new one of the same company might duplicate.
#[derive(Debug, sqlx::FromRow)]
pub struct EarlierRow {
    pub id: i64,
    pub title: String,
    pub description: String,
}

/// The company's postings since `since` other than `except`.
pub async fn earlier_postings(
    mut c: impl Conn,
    company_id: i64,
    except: i64,
    since: Time,
) -> Result<Vec<EarlierRow>, DbError> {
    let mut sql = c.sql("SELECT id, title, description FROM jobs WHERE company_id = ");
    sql.bind(company_id).push(" AND id <> ").bind(except);
    sql.push(" AND (status IN ").states(&[PostingStatus::Review.slug(), PostingStatus::Published.slug()]);
    sql.push(" OR (status <> ").state(PostingStatus::Draft.slug()).push(" AND updated_at >= ").bind(since);
    sql.push(")) ORDER BY id DESC LIMIT 500");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}
