//! What the in-process search index is built from: published postings with
//! their searchable text and filter values, and the change log
//! (`search_changes`, written by triggers) that tells it what to re-read;
//! and the versions of what else pages show, for the page cache.

use crate::model::{Category, EmploymentType, HireMode, Level, Location, Stack, Time};
use crate::server::db::{Backend, Conn, DbError};
use crate::server::repo::columns::{Bit, List};

/// A published posting as the index needs it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IndexRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub company_name: String,
    pub company_slug: String,
    pub category: Category,
    pub level: Level,
    pub employment_type: EmploymentType,
    pub stacks: List<Stack>,
    pub locations: List<Location>,
    pub salary_usd_min: i64,
    pub salary_usd_max: i64,
    pub company_verified: Bit,
    pub published_at: Time,
    pub expires_at: Time,
    pub featured: Bit,
    pub updated_at: Time,
    pub core_start: Option<i64>,
    pub core_end: Option<i64>,
    pub core_need: Option<i64>,
    pub hire_modes: List<HireMode>,
    pub employee_countries: List<Location>,
    pub visa_sponsor: Bit,
    /// When the team last confirmed it open, or else published it.
    pub confirmed_at: Time,
}

/// A senior full-time backend posting with nothing else said, for tests to
/// change what they look at.
#[cfg(test)]
impl Default for IndexRow {
    fn default() -> Self {
        IndexRow {
            id: 0,
            title: String::new(),
            description: String::new(),
            company_name: String::new(),
            company_slug: String::new(),
            category: Category::Backend,
            level: Level::Senior,
            employment_type: EmploymentType::FullTime,
            stacks: List::default(),
            locations: List::default(),
            salary_usd_min: 0,
            salary_usd_max: 0,
            company_verified: Bit(false),
            published_at: Time::EPOCH,
            expires_at: Time::EPOCH,
            featured: Bit(false),
            updated_at: Time::EPOCH,
            core_start: None,
            core_end: None,
            core_need: None,
            hire_modes: List::default(),
            employee_countries: List::default(),
            visa_sponsor: Bit(false),
            confirmed_at: Time::EPOCH,
        }
    }
}

/// The select of `IndexRow`s; `with_text` false reads every column but the
/// description (an empty one), which is most of a row's bytes. Rows are
/// found by id: SQLite is told not to walk an index on the status instead
/// (which its planner prefers, for every published posting).
fn index_rows(c: &impl Conn, with_text: bool) -> String {
    let description = if with_text { "j.description" } else { "'' AS description" };
    let jobs = match c.backend() {
        Backend::Sqlite => "jobs j NOT INDEXED",
        Backend::Postgres => "jobs j",
    };
    format!(
        "SELECT j.id, j.title, {description}, c.name AS company_name, c.slug AS company_slug, \
         j.category, j.level, j.employment_type, j.stacks, j.locations, j.salary_usd_min, j.salary_usd_max, \
         CASE WHEN c.verified_at IS NULL THEN 0 ELSE 1 END AS company_verified, \
         COALESCE(j.published_at, j.created_at) AS published_at, COALESCE(j.expires_at, 0) AS expires_at, \
         j.featured, j.updated_at, j.core_start, j.core_end, j.core_need, j.hire_modes, j.employee_countries, \
         j.visa_sponsor, COALESCE(j.confirmed_at, j.published_at, j.created_at) AS confirmed_at \
         FROM {jobs} JOIN companies c ON c.id = j.company_id WHERE j.status = '{published}'",
        published = crate::model::PostingStatus::Published.slug()
    )
}

/// The published postings with ids in `from..to`, without their
/// descriptions (expired ones too: the index drops those at query time, as
/// the clock passes their date). A range of ids reads the table in order;
/// ranges read side by side, on their own connections.
pub async fn published_facts_between(mut c: impl Conn, from: i64, to: i64) -> Result<Vec<IndexRow>, DbError> {
    let mut sql = c.sql(&index_rows(&c, false));
    sql.push(" AND j.id >= ").bind(from).push(" AND j.id < ").bind(to);
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// The lowest and highest id of any posting (0, 0 for none).
pub async fn id_range(mut c: impl Conn) -> Result<(i64, i64), DbError> {
    let sql = c.sql("SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM jobs");
    Ok(sql.query_as().fetch_one(c.executor()).await?)
}

/// Up to `limit` published postings with ids after `after`, by id, whole.
pub async fn published_after(mut c: impl Conn, after: i64, limit: i64) -> Result<Vec<IndexRow>, DbError> {
    let mut sql = c.sql(&index_rows(&c, true));
    sql.push(" AND j.id > ").bind(after).push(" ORDER BY j.id LIMIT ").bind(limit);
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Those of `ids` that are published; the others left the index.
pub async fn published_among(mut c: impl Conn, ids: &[i64]) -> Result<Vec<IndexRow>, DbError> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(500) {
        let mut sql = c.sql(&index_rows(&c, true));
        sql.push(" AND j.id IN ").bind_list(chunk.iter().copied());
        rows.extend(sql.query_as::<IndexRow>().fetch_all(c.executor()).await?);
    }
    Ok(rows)
}

/// The newest change's number (0 for none).
pub async fn last_change(mut c: impl Conn) -> Result<i64, DbError> {
    let sql = c.sql("SELECT COALESCE(MAX(seq), 0) FROM search_changes");
    let (seq,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(seq)
}

/// Up to 10,000 changes after `seq`, oldest first: (seq, job id).
pub async fn changes_after(mut c: impl Conn, seq: i64) -> Result<Vec<(i64, i64)>, DbError> {
    let mut sql = c.sql("SELECT seq, job_id FROM search_changes WHERE seq > ");
    sql.bind(seq).push(" ORDER BY seq LIMIT 10000");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Changes logged at or after `since` with numbers after `after` and up to
/// `upto`, in order, 10,000 at most: those a follower that has read up to
/// `upto` may have passed over while their transactions were still open.
pub async fn logged_since(mut c: impl Conn, since: Time, after: i64, upto: i64) -> Result<Vec<(i64, i64)>, DbError> {
    let mut sql = c.sql("SELECT seq, job_id FROM search_changes WHERE changed_at >= ");
    sql.bind(since).push(" AND seq > ").bind(after).push(" AND seq <= ").bind(upto);
    sql.push(" ORDER BY seq LIMIT 10000");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// The changes logged under any of `numbers`.
pub async fn changes_numbered(mut c: impl Conn, numbers: &[i64]) -> Result<Vec<(i64, i64)>, DbError> {
    let mut found = Vec::new();
    for chunk in numbers.chunks(500) {
        let mut sql = c.sql("SELECT seq, job_id FROM search_changes WHERE seq IN ");
        sql.bind_list(chunk.iter().copied());
        found.extend(sql.query_as::<(i64, i64)>().fetch_all(c.executor()).await?);
    }
    Ok(found)
}

/// Forgets changes older than `before` (every server has long read them).
pub async fn prune_changes(mut c: impl Conn, before: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("DELETE FROM search_changes WHERE changed_at < ");
    sql.bind(before);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}

/// The versions of what else public pages show (guides, company profiles),
/// summed: it moves whenever any of them changes (`page_versions`).
pub async fn page_topics(mut c: impl Conn) -> Result<i64, DbError> {
    let sql = c.sql("SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM page_versions");
    let (sum,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(sum)
}
