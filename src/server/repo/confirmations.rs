//! "Still hiring?": which open postings are due the question, claiming the
//! asking, the team's answer, and the postings nobody answered for.

use crate::model::{PostingStatus, Time};
use crate::server::db::{Conn, DbError};

const PUBLISHED: &str = PostingStatus::Published.slug();

/// A posting the question is about.
#[derive(Debug, sqlx::FromRow)]
pub struct AskRow {
    pub id: i64,
    pub title: String,
    pub company_id: i64,
}

/// Open postings with no question waiting, last confirmed (or published)
/// at or before `confirmed_before`, oldest first, at most `limit`.
pub async fn due(mut c: impl Conn, now: Time, confirmed_before: Time, limit: i64) -> Result<Vec<AskRow>, DbError> {
    let mut sql = c.sql(&format!(
        "SELECT id, title, company_id FROM jobs WHERE status = '{PUBLISHED}' AND confirm_asked_at IS NULL"
    ));
    sql.push(" AND expires_at > ").bind(now);
    sql.push(" AND COALESCE(confirmed_at, published_at) <= ").bind(confirmed_before);
    sql.push(" ORDER BY COALESCE(confirmed_at, published_at), id LIMIT ").bind(limit);
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Marks job `id` asked at `now` while it is still due (last confirmed at
/// or before `confirmed_before`); `false` when another server asked first,
/// the team answered meanwhile, or it is no longer open.
pub async fn claim_ask(mut c: impl Conn, id: i64, confirmed_before: Time, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE jobs SET confirm_asked_at = ");
    sql.bind(now).push(" WHERE id = ").bind(id);
    sql.push(" AND status = ").state(PUBLISHED).push(" AND confirm_asked_at IS NULL AND expires_at > ").bind(now);
    sql.push(" AND COALESCE(confirmed_at, published_at) <= ").bind(confirmed_before);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Open postings asked at or before `asked_before` and still unanswered
/// (one past its date is the freshness task's to expire).
pub async fn unanswered(mut c: impl Conn, asked_before: Time, now: Time) -> Result<Vec<AskRow>, DbError> {
    let mut sql =
        c.sql(&format!("SELECT id, title, company_id FROM jobs WHERE status = '{PUBLISHED}' AND confirm_asked_at <= "));
    sql.bind(asked_before).push(" AND expires_at > ").bind(now).push(" ORDER BY id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// The team says job `id` is still open (from its dashboard, asked or
/// not); `false` when it is not open.
pub async fn confirm(mut c: impl Conn, id: i64, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE jobs SET confirm_asked_at = NULL, confirmed_at = ");
    sql.bind(now).push(" WHERE id = ").bind(id).push(" AND status = ").state(PUBLISHED);
    sql.push(" AND expires_at > ").bind(now);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// The team's answer to the question asked at `asked_at`: still open
/// (confirmed now) or filled (closed now). `false` when that question is
/// no longer waiting (answered already, or the posting moved on).
pub async fn answer(mut c: impl Conn, id: i64, asked_at: Time, filled: bool, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE jobs SET confirm_asked_at = NULL, ");
    if filled {
        sql.push("status = ").state(PostingStatus::Closed.slug()).push(", filled_at = ").bind(now);
        sql.push(", updated_at = ").bind(now);
    } else {
        sql.push("confirmed_at = ").bind(now);
    }
    sql.push(" WHERE id = ").bind(id).push(" AND status = ").state(PUBLISHED);
    sql.push(" AND confirm_asked_at = ").bind(asked_at);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}
