//! The review queue, moderators' decisions and the append-only audit log.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// One entry of the audit log.
#[derive(Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub actor: String,
    pub action: String,
    pub job_id: Option<i64>,
    pub company_id: Option<i64>,
    pub reason: String,
    pub created_at: Time,
}

/// An audit entry as the log lists it: with the posting's title and the
/// company's name as they are now (the company of the posting when the
/// entry names none).
#[derive(Debug, sqlx::FromRow)]
pub struct ListedAuditRow {
    #[sqlx(flatten)]
    pub entry: AuditRow,
    pub job_title: Option<String>,
    pub company_name: Option<String>,
}

/// The audit entry of what `actor` did, to write with `audit`
/// inside the transaction of the change.
pub fn audit_entry(
    actor: &str,
    action: &str,
    job_id: Option<i64>,
    company_id: Option<i64>,
    reason: &str,
    now: Time,
) -> AuditRow {
    AuditRow {
        actor: actor.to_owned(),
        action: action.to_owned(),
        job_id,
        company_id,
        reason: reason.to_owned(),
        created_at: now,
    }
}

/// Appends to the audit log on `c`, inside the transaction of what it
/// records; nothing ever updates or deletes it.
pub async fn audit(mut c: impl Conn, entry: &AuditRow) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO audit_log (actor, action, job_id, company_id, reason, created_at) VALUES (");
    sql.bind(entry.actor.as_str()).push(", ").bind(entry.action.as_str()).push(", ");
    sql.bind_opt(entry.job_id).push(", ").bind_opt(entry.company_id).push(", ");
    sql.bind(entry.reason.as_str()).push(", ").bind(entry.created_at).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// The newest `limit` audit entries.
pub async fn audit_log(mut c: impl Conn, limit: i64) -> Result<Vec<ListedAuditRow>, DbError> {
    let mut sql = c.sql(
        "SELECT a.actor, a.action, a.job_id, a.company_id, j.title AS job_title, \
         COALESCE(c.name, jc.name) AS company_name, a.reason, a.created_at FROM audit_log a \
         LEFT JOIN jobs j ON j.id = a.job_id LEFT JOIN companies c ON c.id = a.company_id \
         LEFT JOIN companies jc ON jc.id = j.company_id ORDER BY a.id DESC LIMIT ",
    );
    sql.bind(limit);
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// A user's role, by session.
pub async fn role_of(mut c: impl Conn, user_id: i64) -> Result<Option<(String, crate::model::AccountKind)>, DbError> {
    let mut sql = c.sql("SELECT email, role FROM users WHERE id = ");
    sql.bind(user_id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Stores a moderator; `None` when the address is taken.
pub async fn insert_admin(
    mut c: impl Conn,
    email: &str,
    password_hash: &str,
    now: Time,
) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("INSERT INTO users (email, password_hash, role, email_confirmed_at, created_at) VALUES (");
    sql.bind(email).push(", ").bind(password_hash).push(", ").state(crate::model::AccountKind::Admin.slug());
    sql.push(", ").bind(now).push(", ").bind(now);
    sql.push(") ON CONFLICT (email) DO NOTHING RETURNING id");
    Ok(sql.query_as::<(i64,)>().fetch_optional(c.executor()).await?.map(|(id,)| id))
}

/// Records that job `id` went to review at `now`, in the transaction that
/// moves it there.
pub async fn mark_submitted(mut c: impl Conn, id: i64, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE jobs SET submitted_at = ");
    sql.bind(now).push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// How long moderators took, in seconds, to publish the postings they
/// approved since `since` (the newest 500; automatic approvals left out).
pub async fn review_waits(mut c: impl Conn, since: Time) -> Result<Vec<i64>, DbError> {
    let mut sql = c.sql("SELECT published_at - submitted_at FROM jobs WHERE submitted_at IS NOT NULL");
    sql.push(" AND published_at > submitted_at AND published_at > ").bind(since);
    sql.push(" ORDER BY published_at DESC LIMIT 500");
    let rows: Vec<(i64,)> = sql.query_as().fetch_all(c.executor()).await?;
    Ok(rows.into_iter().map(|(wait,)| wait).collect())
}
