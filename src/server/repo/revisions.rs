//! Edits of live postings waiting for a moderator: at most one pending per
//! posting (a newer edit replaces it), decided once.

use crate::model::{RevisionStatus, Time};
use crate::server::db::{Backend, Conn, Db, DbError};

const PENDING: &str = RevisionStatus::Pending.slug();

#[derive(Debug, sqlx::FromRow)]
pub struct RevisionRow {
    pub id: i64,
    pub job_id: i64,
    pub author_id: i64,
    /// The edited form, as JSON.
    pub draft: String,
    /// What the checks raised, as JSON `[[kind, reason], …]`.
    pub flags: String,
    pub status: RevisionStatus,
    pub reason: String,
    pub created_at: Time,
}

const COLUMNS: &str = "id, job_id, author_id, draft, flags, status, reason, created_at";

/// Stores `draft` as job `job_id`'s pending edit; an earlier one still
/// pending is marked replaced (and kept), so no id is reused for other
/// content.
pub async fn replace_pending(
    db: &Db,
    job_id: i64,
    author_id: i64,
    draft: &str,
    flags: &str,
    now: Time,
) -> Result<i64, DbError> {
    let mut tx = db.begin_write().await?;
    if db.backend == Backend::Postgres {
        // Two edits of one posting at once take turns (SQLite writes one at
        // a time anyway); otherwise the second would meet the first's row.
        let mut lock = tx.sql("SELECT id FROM jobs WHERE id = ");
        lock.bind(job_id).push(" FOR UPDATE");
        lock.query().execute(tx.executor()).await?;
    }
    let mut replace = tx.sql("UPDATE job_revisions SET status = ");
    replace.state(RevisionStatus::Replaced.slug()).push(", decided_at = ").bind(now);
    replace.push(" WHERE status = ").state(PENDING).push(" AND job_id = ").bind(job_id);
    replace.query().execute(tx.executor()).await?;
    let mut insert = tx.sql("INSERT INTO job_revisions (job_id, author_id, draft, flags, status, created_at) VALUES (");
    insert.bind(job_id).push(", ").bind(author_id).push(", ").bind(draft).push(", ").bind(flags);
    insert.push(", ").state(PENDING).push(", ").bind(now).push(") RETURNING id");
    let (id,): (i64,) = insert.query_as().fetch_one(tx.executor()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Job `job_id`'s pending edit.
pub async fn pending_of(mut c: impl Conn, job_id: i64) -> Result<Option<RevisionRow>, DbError> {
    let mut sql = c.sql(&format!("SELECT {COLUMNS} FROM job_revisions WHERE status = '{PENDING}' AND job_id = "));
    sql.bind(job_id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Every pending edit, oldest first.
pub async fn pending(mut c: impl Conn) -> Result<Vec<RevisionRow>, DbError> {
    let sql = c.sql(&format!("SELECT {COLUMNS} FROM job_revisions WHERE status = '{PENDING}' ORDER BY id"));
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

pub async fn find(mut c: impl Conn, id: i64) -> Result<Option<RevisionRow>, DbError> {
    let mut sql = c.sql(&format!("SELECT {COLUMNS} FROM job_revisions WHERE id = "));
    sql.bind(id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// The newest edit of each of company `company_id`'s postings.
pub async fn newest_of_company(mut c: impl Conn, company_id: i64) -> Result<Vec<RevisionRow>, DbError> {
    let mut sql = c.sql(
        "SELECT r.id, r.job_id, r.author_id, r.draft, r.flags, r.status, r.reason, r.created_at \
         FROM job_revisions r JOIN jobs j ON j.id = r.job_id WHERE j.company_id = ",
    );
    sql.bind(company_id).push(" ORDER BY r.id");
    let rows: Vec<RevisionRow> = sql.query_as().fetch_all(c.executor()).await?;
    let mut newest: std::collections::HashMap<i64, RevisionRow> = std::collections::HashMap::new();
    for row in rows {
        newest.insert(row.job_id, row);
    }
    Ok(newest.into_values().collect())
}

/// Withdraws the pending edits of every posting of `company_id` (the
/// company is closing).
pub async fn withdraw_pending_of_company(mut c: impl Conn, company_id: i64, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE job_revisions SET status = ");
    sql.state(RevisionStatus::Withdrawn.slug()).push(", decided_at = ").bind(now);
    sql.push(" WHERE status = ").state(PENDING).push(" AND job_id IN (SELECT id FROM jobs WHERE company_id = ");
    sql.bind(company_id).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

pub async fn withdraw_pending(mut c: impl Conn, job_ids: &[i64], now: Time) -> Result<(), DbError> {
    if job_ids.is_empty() {
        return Ok(());
    }
    let mut sql = c.sql("UPDATE job_revisions SET status = ");
    sql.state(RevisionStatus::Withdrawn.slug()).push(", decided_at = ").bind(now);
    sql.push(" WHERE status = ").state(PENDING).push(" AND job_id IN ").bind_list(job_ids.iter().copied());
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Decides pending edit `id` inside `tx`; `false` when it was no longer
/// pending (another moderator decided, or a newer edit replaced it).
pub async fn decide(
    mut c: impl Conn,
    id: i64,
    status: RevisionStatus,
    reason: &str,
    now: Time,
) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE job_revisions SET status = ");
    sql.bind(status.slug()).push(", reason = ").bind(reason).push(", decided_at = ").bind(now);
    sql.push(" WHERE status = ").state(PENDING).push(" AND id = ").bind(id);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}
