//! What the in-process search index is built from: published postings with
//! their searchable text and filter values, and the change log
//! (`search_changes`, written by triggers) that tells it what to re-read;
//! and the versions of what else pages show, for the page cache.

use crate::model::Time;
use crate::server::db::{Backend, Db, DbError, Sql};

/// A published posting as the index needs it.
#[derive(Debug, Default, sqlx::FromRow)]
pub struct IndexRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub company_name: String,
    pub company_slug: String,
    pub category: String,
    pub level: String,
    pub employment_type: String,
    pub stacks: String,
    pub locations: String,
    pub salary_usd_min: i64,
    pub salary_usd_max: i64,
    pub company_verified: i64,
    pub published_at: Time,
    pub expires_at: Time,
    pub featured: i64,
    pub updated_at: Time,
    pub core_start: Option<i64>,
    pub core_end: Option<i64>,
    pub core_need: Option<i64>,
    pub hire_modes: String,
    pub employee_countries: String,
    pub visa_sponsor: i64,
    /// When the team last confirmed it open, or else published it.
    pub confirmed_at: Time,
}

/// The select of `IndexRow`s; `with_text` false reads every column but the
/// description (an empty one), which is most of a row's bytes. Rows are
/// found by id: SQLite is told not to walk an index on the status instead
/// (which its planner prefers, for every published posting).
fn index_rows(backend: Backend, with_text: bool) -> String {
    let description = if with_text { "j.description" } else { "'' AS description" };
    let jobs = match backend {
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
pub async fn published_facts_between(db: &Db, from: i64, to: i64) -> Result<Vec<IndexRow>, DbError> {
    let mut sql = Sql::new(db.backend, &index_rows(db.backend, false));
    sql.push(" AND j.id >= ").bind(from).push(" AND j.id < ").bind(to);
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// The lowest and highest id of any posting (0, 0 for none).
pub async fn id_range(db: &Db) -> Result<(i64, i64), DbError> {
    let sql = Sql::new(db.backend, "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM jobs");
    Ok(sql.query_as().fetch_one(&db.pool).await?)
}

/// Up to `limit` published postings with ids after `after`, by id, whole.
pub async fn published_after(db: &Db, after: i64, limit: i64) -> Result<Vec<IndexRow>, DbError> {
    let mut sql = Sql::new(db.backend, &index_rows(db.backend, true));
    sql.push(" AND j.id > ").bind(after).push(" ORDER BY j.id LIMIT ").bind(limit);
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// Those of `ids` that are published; the others left the index.
pub async fn published_among(db: &Db, ids: &[i64]) -> Result<Vec<IndexRow>, DbError> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(500) {
        let mut sql = Sql::new(db.backend, &index_rows(db.backend, true));
        sql.push(" AND j.id IN ").bind_list(chunk.iter().copied());
        rows.extend(sql.query_as::<IndexRow>().fetch_all(&db.pool).await?);
    }
    Ok(rows)
}

/// The newest change's number (0 for none).
pub async fn last_change(db: &Db) -> Result<i64, DbError> {
    let sql = Sql::new(db.backend, "SELECT COALESCE(MAX(seq), 0) FROM search_changes");
    let (seq,): (i64,) = sql.query_as().fetch_one(&db.pool).await?;
    Ok(seq)
}

/// Up to 10,000 changes after `seq`, oldest first: (seq, job id).
pub async fn changes_after(db: &Db, seq: i64) -> Result<Vec<(i64, i64)>, DbError> {
    let mut sql = Sql::new(db.backend, "SELECT seq, job_id FROM search_changes WHERE seq > ");
    sql.bind(seq).push(" ORDER BY seq LIMIT 10000");
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// Changes logged at or after `since` with numbers after `after` and up to
/// `upto`, in order, 10,000 at most: those a follower that has read up to
/// `upto` may have passed over while their transactions were still open.
pub async fn logged_since(db: &Db, since: Time, after: i64, upto: i64) -> Result<Vec<(i64, i64)>, DbError> {
    let mut sql = Sql::new(db.backend, "SELECT seq, job_id FROM search_changes WHERE changed_at >= ");
    sql.bind(since).push(" AND seq > ").bind(after).push(" AND seq <= ").bind(upto);
    sql.push(" ORDER BY seq LIMIT 10000");
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// The changes logged under any of `numbers`.
pub async fn changes_numbered(db: &Db, numbers: &[i64]) -> Result<Vec<(i64, i64)>, DbError> {
    let mut found = Vec::new();
    for chunk in numbers.chunks(500) {
        let mut sql = Sql::new(db.backend, "SELECT seq, job_id FROM search_changes WHERE seq IN ");
        sql.bind_list(chunk.iter().copied());
        found.extend(sql.query_as::<(i64, i64)>().fetch_all(&db.pool).await?);
    }
    Ok(found)
}

/// Forgets changes older than `before` (every server has long read them).
pub async fn prune_changes(db: &Db, before: Time) -> Result<u64, DbError> {
    let mut sql = Sql::new(db.backend, "DELETE FROM search_changes WHERE changed_at < ");
    sql.bind(before);
    Ok(sql.query().execute(&db.pool).await?.rows_affected())
}

/// The versions of what else public pages show (guides, company profiles),
/// summed: it moves whenever any of them changes (`page_versions`).
pub async fn page_topics(db: &Db) -> Result<i64, DbError> {
    let sql = Sql::new(db.backend, "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM page_versions");
    let (sum,): (i64,) = sql.query_as().fetch_one(&db.pool).await?;
    Ok(sum)
}
