//! Rendered job and company pages, kept compressed for every app server
//! (`http::page_cache::copies`). Triggers delete a copy when what it shows
//! is written; what is kept here is what the reader checks besides.

use crate::model::{PostingStatus, Span, Time};
use crate::server::db::{Conn, DbError};

/// A kept page as read back.
#[derive(Debug, sqlx::FromRow)]
pub struct CopyRow {
    pub job_id: Option<i64>,
    pub company_id: i64,
    pub build: i64,
    pub topics: i64,
    pub shown: String,
    pub holds_until: Time,
    pub headers: String,
    pub brotli: Vec<u8>,
}

/// A page to keep.
pub struct NewCopy<'a> {
    pub path: &'a str,
    pub job_id: Option<i64>,
    pub company_id: i64,
    pub build: i64,
    pub topics: i64,
    pub shown: &'a str,
    pub holds_until: Time,
    pub headers: &'a str,
    pub brotli: Vec<u8>,
}

pub async fn find(mut c: impl Conn, path: &str) -> Result<Option<CopyRow>, DbError> {
    let mut sql = c.sql(
        "SELECT job_id, company_id, build, topics, shown, holds_until, headers, brotli FROM page_copies WHERE path = ",
    );
    sql.bind(path);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Keeps `copy` in place of any older one.
pub async fn keep(mut c: impl Conn, copy: NewCopy<'_>, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql(
        "INSERT INTO page_copies (path, job_id, company_id, build, topics, shown, stored_at, holds_until, headers, \
         brotli) VALUES (",
    );
    sql.bind(copy.path).push(", ").bind_opt(copy.job_id).push(", ").bind(copy.company_id);
    sql.push(", ").bind(copy.build).push(", ").bind(copy.topics).push(", ").bind(copy.shown);
    sql.push(", ").bind(now).push(", ").bind(copy.holds_until).push(", ").bind(copy.headers);
    sql.push(", ").bind(copy.brotli).push(")");
    sql.push(
        " ON CONFLICT (path) DO UPDATE SET job_id = excluded.job_id, company_id = excluded.company_id, \
         build = excluded.build, topics = excluded.topics, shown = excluded.shown, stored_at = excluded.stored_at, \
         holds_until = excluded.holds_until, headers = excluded.headers, brotli = excluded.brotli",
    );
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// How many postings `company_id` has published, and when one last changed.
pub async fn company_postings(mut c: impl Conn, company_id: i64) -> Result<(i64, Option<Time>), DbError> {
    let mut sql = c.sql("SELECT COUNT(*), MAX(updated_at) FROM jobs WHERE status = ");
    sql.state(PostingStatus::Published.slug()).push(" AND company_id = ").bind(company_id);
    Ok(sql.query_as().fetch_one(c.executor()).await?)
}

/// The company of published posting `job_id`.
pub async fn company_of_job(mut c: impl Conn, job_id: i64) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("SELECT company_id FROM jobs WHERE id = ");
    sql.bind(job_id);
    let row: Option<(i64,)> = sql.query_as().fetch_optional(c.executor()).await?;
    Ok(row.map(|(id,)| id))
}

/// The company whose public page is at `/companies/{slug}`.
pub async fn company_of_slug(mut c: impl Conn, slug: &str) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("SELECT id FROM companies WHERE slug = ");
    sql.bind(slug);
    let row: Option<(i64,)> = sql.query_as().fetch_optional(c.executor()).await?;
    Ok(row.map(|(id,)| id))
}

/// The times a page shows of postings, as (published, confirmed open,
/// expires): of `ids`, or of every published posting of `company_id`.
pub async fn shown_times(
    mut c: impl Conn,
    ids: &[i64],
    company_id: Option<i64>,
) -> Result<Vec<(Time, Option<Time>, Option<Time>)>, DbError> {
    let mut sql =
        c.sql("SELECT COALESCE(published_at, created_at) AS published_at, confirmed_at, expires_at FROM jobs WHERE ");
    match company_id {
        Some(company) => {
            sql.push("status = ").state(PostingStatus::Published.slug()).push(" AND company_id = ").bind(company)
        }
        None if ids.is_empty() => return Ok(Vec::new()),
        None => sql.push("id IN ").bind_list(ids.iter().copied()),
    };
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// When the first application of `company_id` now unanswered and younger
/// than `window` reaches that age (and so starts to count against its
/// response rate).
pub async fn next_unanswered_due(
    mut c: impl Conn,
    company_id: i64,
    window: Span,
    now: Time,
) -> Result<Option<Time>, DbError> {
    let mut sql = c.sql(
        "SELECT MIN(a.created_at) FROM applications a JOIN jobs j ON j.id = a.job_id WHERE a.first_response_at IS \
         NULL AND j.company_id = ",
    );
    sql.bind(company_id).push(" AND a.created_at > ").bind(now - window);
    let (first,): (Option<Time>,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(first.map(|at| at + window))
}

/// Deletes copies the clock has passed.
pub async fn prune(mut c: impl Conn, now: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("DELETE FROM page_copies WHERE holds_until <= ");
    sql.bind(now);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}
