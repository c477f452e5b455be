//! What the freshness task reads and marks: postings about to expire, and
//! apply links due for a check.

use crate::model::{PostingStatus, Span, Time};
use crate::server::db::{Conn, DbError, Sql};

const PUBLISHED: &str = PostingStatus::Published.slug();

/// A posting whose employer should hear that it expires soon.
#[derive(Debug, sqlx::FromRow)]
pub struct ExpiringRow {
    pub id: i64,
    pub title: String,
    pub company_id: i64,
    pub expires_at: Time,
}

/// A reminder sent more than this long before the current expiry belongs to
/// an earlier term: the posting was renewed since.
const REMINDER_SLACK: Span = Span::days(4);

fn push_not_reminded(sql: &mut Sql) {
    sql.push(" AND (reminded_at IS NULL OR reminded_at < expires_at - ").bind(REMINDER_SLACK).push(")");
}

/// Open postings that expire within `within` seconds and whose employer has
/// not been reminded for this term.
pub async fn expiring(mut c: impl Conn, now: Time, within: Span) -> Result<Vec<ExpiringRow>, DbError> {
    let mut sql = c.sql(&format!(
        "SELECT id, title, company_id, expires_at FROM jobs WHERE status = '{PUBLISHED}' AND expires_at > "
    ));
    sql.bind(now).push(" AND expires_at <= ").bind(now + within);
    push_not_reminded(&mut sql);
    sql.push(" ORDER BY expires_at, id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Marks job `id` reminded; `false` when another server did it first.
pub async fn claim_reminder(mut c: impl Conn, id: i64, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE jobs SET reminded_at = ");
    sql.bind(now).push(" WHERE id = ").bind(id);
    push_not_reminded(&mut sql);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Up to `limit` open postings whose apply link was not checked since
/// `checked_before`, the least recently checked first.
pub async fn links_due(
    mut c: impl Conn,
    now: Time,
    checked_before: Time,
    limit: i64,
) -> Result<Vec<(i64, String)>, DbError> {
    let mut sql = c.sql(&format!(
        "SELECT id, apply_url FROM jobs WHERE status = '{PUBLISHED}' AND apply_url IS NOT NULL AND expires_at > "
    ));
    sql.bind(now).push(" AND COALESCE(link_checked_at, 0) < ").bind(checked_before);
    sql.push(" ORDER BY COALESCE(link_checked_at, 0), id LIMIT ").bind(limit);
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Marks job `id`'s link checked; `false` when another server claimed it.
pub async fn claim_link_check(mut c: impl Conn, id: i64, checked_before: Time, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE jobs SET link_checked_at = ");
    sql.bind(now).push(" WHERE id = ").bind(id).push(" AND COALESCE(link_checked_at, 0) < ").bind(checked_before);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}
