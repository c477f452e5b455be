//! Connected ATS boards (`ats_sources`) and the openings brought in from
//! them (`ats_openings`).

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// A connected board.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SourceRow {
    pub id: i64,
    pub company_id: i64,
    /// Who connected it.
    pub created_by: i64,
    pub kind: String,
    pub board: String,
    pub synced_at: Option<Time>,
    pub sync_error: Option<String>,
}

const SOURCE: &str = "SELECT id, company_id, created_by, kind, board, synced_at, sync_error FROM ats_sources";

/// Connects `board` of `kind` to company `company_id`, by user `by` (once);
/// its id.
pub async fn insert_source(
    mut c: impl Conn,
    company_id: i64,
    by: i64,
    kind: &str,
    board: &str,
    now: Time,
) -> Result<i64, DbError> {
    let mut sql = c.sql("INSERT INTO ats_sources (company_id, created_by, kind, board, created_at) VALUES (");
    sql.bind(company_id).push(", ").bind(by).push(", ").bind(kind).push(", ").bind(board).push(", ").bind(now);
    sql.push(") ON CONFLICT (company_id, kind, board) DO NOTHING");
    sql.query().execute(c.executor()).await?;
    let mut sql = c.sql("SELECT id FROM ats_sources WHERE company_id = ");
    sql.bind(company_id).push(" AND kind = ").bind(kind).push(" AND board = ").bind(board);
    let (id,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(id)
}

pub async fn sources_of(mut c: impl Conn, company_id: i64) -> Result<Vec<SourceRow>, DbError> {
    let mut sql = c.sql(SOURCE);
    sql.push(" WHERE company_id = ").bind(company_id).push(" ORDER BY id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

pub async fn source(mut c: impl Conn, id: i64) -> Result<Option<SourceRow>, DbError> {
    let mut sql = c.sql(SOURCE);
    sql.push(" WHERE id = ").bind(id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Disconnects board `id` of company `company_id`, with the openings brought
/// in from it (their postings stay, as ordinary postings); `false` when
/// there was no such board.
pub async fn delete_source(mut c: impl Conn, id: i64, company_id: i64) -> Result<bool, DbError> {
    let mut sql = c.sql("DELETE FROM ats_sources WHERE id = ");
    sql.bind(id).push(" AND company_id = ").bind(company_id);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// How many boards company `company_id` connected.
pub async fn count_sources(mut c: impl Conn, company_id: i64) -> Result<i64, DbError> {
    let mut sql = c.sql("SELECT COUNT(*) FROM ats_sources WHERE company_id = ");
    sql.bind(company_id);
    let (n,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(n)
}

/// Boards with an opening brought in and still listed, last read before
/// `before` (or never), oldest first.
pub async fn due_sources(mut c: impl Conn, before: Time, limit: i64) -> Result<Vec<i64>, DbError> {
    let mut sql = c.sql("SELECT s.id FROM ats_sources s WHERE (s.synced_at IS NULL OR s.synced_at < ");
    sql.bind(before);
    sql.push(") AND EXISTS (SELECT 1 FROM ats_openings o WHERE o.source_id = s.id AND o.gone_at IS NULL)");
    sql.push(" ORDER BY s.synced_at, s.id LIMIT ").bind(limit);
    let rows: Vec<(i64,)> = sql.query_as().fetch_all(c.executor()).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Notes a read of board `id` at `now`: whole, or failed for `error`.
/// Either way the next is due a period later (the queue tries a failed one
/// again meanwhile).
pub async fn mark_synced(mut c: impl Conn, id: i64, error: Option<&str>, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE ats_sources SET sync_error = ");
    sql.bind_opt(error).push(", synced_at = ").bind(now);
    sql.push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// An opening brought in.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OpeningRow {
    pub id: i64,
    pub source_id: i64,
    pub external_id: String,
    pub job_id: Option<i64>,
    /// The draft made of what the ATS said (`PostingDraft` as JSON).
    pub draft: String,
    pub digest: String,
    pub gone_at: Option<Time>,
    /// Whole reads in a row that did not list it.
    pub missed: i64,
    /// Its posting's status, once completed.
    pub job_status: Option<String>,
}

const OPENING: &str = "SELECT o.id, o.source_id, o.external_id, o.job_id, o.draft, o.digest, o.gone_at, o.missed, \
     j.status AS job_status FROM ats_openings o LEFT JOIN jobs j ON j.id = o.job_id";

pub async fn openings_of(mut c: impl Conn, source_id: i64) -> Result<Vec<OpeningRow>, DbError> {
    let mut sql = c.sql(OPENING);
    sql.push(" WHERE o.source_id = ").bind(source_id).push(" ORDER BY o.id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Opening `id`, with the company whose board it came from.
pub async fn opening(mut c: impl Conn, id: i64) -> Result<Option<(OpeningRow, i64)>, DbError> {
    let mut sql = c.sql(OPENING);
    sql.push(" WHERE o.id = ").bind(id);
    let Some(row): Option<OpeningRow> = sql.query_as().fetch_optional(c.executor()).await? else { return Ok(None) };
    let mut sql = c.sql("SELECT company_id FROM ats_sources WHERE id = ");
    sql.bind(row.source_id);
    let (company,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(Some((row, company)))
}

/// Brings opening `external_id` of board `source_id` in, as `draft` (again,
/// when it had gone from the board and came back); `false` when it was in
/// already.
pub async fn insert_opening(
    mut c: impl Conn,
    source_id: i64,
    external_id: &str,
    draft: &str,
    digest: &str,
    now: Time,
) -> Result<bool, DbError> {
    let mut sql =
        c.sql("INSERT INTO ats_openings (source_id, external_id, draft, digest, imported_at, seen_at) VALUES (");
    sql.bind(source_id).push(", ").bind(external_id).push(", ").bind(draft).push(", ").bind(digest);
    sql.push(", ").bind(now).push(", ").bind(now).push(") ON CONFLICT (source_id, external_id) DO UPDATE SET ");
    sql.push("gone_at = NULL, missed = 0, job_id = NULL, draft = excluded.draft, digest = excluded.digest, ");
    sql.push("imported_at = excluded.imported_at, seen_at = excluded.seen_at WHERE ats_openings.gone_at IS NOT NULL");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Ties opening `id` to the posting `job_id` completed from it, while it
/// has none; `false` otherwise.
pub async fn link(mut c: impl Conn, id: i64, job_id: i64) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE ats_openings SET job_id = ");
    sql.bind(job_id).push(" WHERE id = ").bind(id).push(" AND job_id IS NULL AND gone_at IS NULL");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Notes that opening `id` is listed as it was.
pub async fn listed(mut c: impl Conn, id: i64, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE ats_openings SET missed = 0, seen_at = ");
    sql.bind(now).push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Counts a whole read that did not list opening `id`; how many in a row.
pub async fn missed(mut c: impl Conn, id: i64) -> Result<i64, DbError> {
    let mut sql = c.sql("UPDATE ats_openings SET missed = missed + 1 WHERE id = ");
    sql.bind(id);
    sql.query().execute(c.executor()).await?;
    let mut sql = c.sql("SELECT missed FROM ats_openings WHERE id = ");
    sql.bind(id);
    let (n,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(n)
}

/// Notes what the ATS says of opening `id` now.
pub async fn seen(mut c: impl Conn, id: i64, draft: &str, digest: &str, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE ats_openings SET missed = 0, draft = ");
    sql.bind(draft).push(", digest = ").bind(digest).push(", seen_at = ").bind(now);
    sql.push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Notes that the ATS no longer lists opening `id`.
pub async fn gone(mut c: impl Conn, id: i64, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE ats_openings SET gone_at = ");
    sql.bind(now).push(" WHERE id = ").bind(id).push(" AND gone_at IS NULL");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Where posting `job_id` came from: the system's slug, the board, and the
/// draft the opening made (`PostingDraft` as JSON, with its page on the ATS).
pub async fn source_of_job(mut c: impl Conn, job_id: i64) -> Result<Option<(String, String, String)>, DbError> {
    let mut sql = c.sql(
        "SELECT s.kind, s.board, o.draft FROM ats_openings o JOIN ats_sources s ON s.id = o.source_id WHERE o.job_id = ",
    );
    sql.bind(job_id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}
