//! What search engines were last told of each posting (`search_pings`),
//! which postings they should be told of again, and the ledger of requests
//! sent to Google's Indexing API (`google_indexing_sends`).

use crate::model::{PostingStatus, Time};
use crate::server::db::{Backend, Conn, DbError};

/// A posting whose state differs from what search engines were last told.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Changed {
    pub id: i64,
    pub title: String,
    pub company_slug: String,
    /// Whether it is on the board now (published, not expired).
    pub live: i64,
    pub updated_at: Time,
    /// What they were told, when they were told anything.
    pub told_live: Option<i64>,
    pub told_path: Option<String>,
    pub told_updated_at: Option<Time>,
}

/// Up to `limit` postings search engines should hear of at `now`: public
/// and never told, or told otherwise than they stand (live then and not
/// now, or the reverse, or edited since).
pub async fn changed(mut c: impl Conn, now: Time, limit: i64) -> Result<Vec<Changed>, DbError> {
    let mut sql = c.sql("SELECT * FROM (SELECT j.id, j.title, c.slug AS company_slug, CASE WHEN j.status = ");
    sql.state(PostingStatus::Published.slug()).push(" AND j.expires_at > ").bind(now);
    sql.push(
        " THEN 1 ELSE 0 END AS live, j.updated_at, p.live AS told_live, p.path AS told_path, \
         p.updated_at AS told_updated_at \
         FROM jobs j JOIN companies c ON c.id = j.company_id LEFT JOIN search_pings p ON p.job_id = j.id) t \
         WHERE (t.told_live IS NULL AND t.live = 1) OR t.told_live <> t.live \
         OR (t.live = 1 AND t.updated_at > t.told_updated_at) ORDER BY t.id LIMIT ",
    );
    sql.bind(limit);
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Records that search engines are told of `row` as it stands, at `path`;
/// `false` when another server recorded a change of it first.
pub async fn claim(mut c: impl Conn, row: &Changed, path: &str, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("INSERT INTO search_pings (job_id, live, path, updated_at, told_at) VALUES (");
    sql.bind(row.id).push(", ").bind(row.live).push(", ").bind(path).push(", ").bind(row.updated_at);
    sql.push(", ").bind(now).push(") ON CONFLICT (job_id) DO ");
    match (row.told_live, row.told_updated_at) {
        (Some(live), Some(updated_at)) => {
            sql.push("UPDATE SET live = excluded.live, path = excluded.path, updated_at = excluded.updated_at");
            sql.push(", told_at = excluded.told_at WHERE search_pings.live = ").bind(live);
            sql.push(" AND search_pings.updated_at = ").bind(updated_at);
        }
        _ => {
            sql.push("NOTHING");
        }
    }
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Whether job `id` is on the board at `now`; `None` when there is no such job.
pub async fn is_live(mut c: impl Conn, id: i64, now: Time) -> Result<Option<bool>, DbError> {
    let mut sql = c.sql("SELECT status, expires_at FROM jobs WHERE id = ");
    sql.bind(id);
    let row: Option<(String, Option<Time>)> = sql.query_as().fetch_optional(c.executor()).await?;
    Ok(row
        .map(|(status, expires_at)| status == PostingStatus::Published.slug() && expires_at.is_some_and(|at| at > now)))
}

/// Takes one request of Google's quota at `now`: `Ok(None)` when fewer than
/// `quota` were sent in the 24 hours before (and this one is now counted),
/// or else when the oldest of those leaves the window. Several servers
/// count together: on PostgreSQL the ledger is locked for the check.
pub async fn take_google_quota(mut c: impl Conn, quota: i64, now: Time) -> Result<Option<Time>, DbError> {
    let window = now - crate::model::DAY;
    if c.backend() == Backend::Postgres {
        sqlx::query("LOCK TABLE google_indexing_sends IN SHARE ROW EXCLUSIVE MODE").execute(c.executor()).await?;
    }
    let mut sql = c.sql("SELECT COUNT(*), MIN(sent_at) FROM google_indexing_sends WHERE sent_at > ");
    sql.bind(window);
    let (sent, oldest): (i64, Option<Time>) = sql.query_as().fetch_one(c.executor()).await?;
    if sent >= quota {
        return Ok(Some(oldest.unwrap_or(now) + crate::model::DAY));
    }
    let mut sql = c.sql("INSERT INTO google_indexing_sends (sent_at) VALUES (");
    sql.bind(now).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(None)
}

/// Forgets the ledger's rows older than a day before `now`.
pub async fn prune_google_sends(mut c: impl Conn, now: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("DELETE FROM google_indexing_sends WHERE sent_at <= ");
    sql.bind(now - crate::model::DAY);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}
