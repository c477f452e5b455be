//! Companies' verification requests and the verified mark itself.

use crate::model::Time;
use crate::model::VerificationStatus::{self, Approved, Confirmed, Revoked, Unconfirmed, Withdrawn};
use crate::server::db::{Conn, DbError};

/// Stores a request whose link (hashed) went to `email`.
pub async fn insert(
    mut c: impl Conn,
    company_id: i64,
    email: &str,
    token_hash: &str,
    now: Time,
) -> Result<(), DbError> {
    let mut sql =
        c.sql("INSERT INTO verification_requests (company_id, email, token_hash, status, created_at) VALUES (");
    sql.bind(company_id).push(", ").bind(email).push(", ").bind(token_hash).push(", ");
    sql.state(Unconfirmed.slug()).push(", ").bind(now);
    sql.push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// A company's latest request.
#[derive(Debug, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub company_id: i64,
    pub email: String,
    pub status: VerificationStatus,
    pub note: Option<String>,
    pub created_at: Time,
}

pub async fn latest(mut c: impl Conn, company_id: i64) -> Result<Option<RequestRow>, DbError> {
    let mut sql =
        c.sql("SELECT id, company_id, email, status, note, created_at FROM verification_requests WHERE company_id = ");
    sql.bind(company_id).push(" ORDER BY id DESC LIMIT 1");
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Confirms the unconfirmed request a link names, if created after
/// `not_before`, in one statement; its company id.
pub async fn confirm(mut c: impl Conn, token_hash: &str, not_before: Time, now: Time) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("UPDATE verification_requests SET status = ");
    sql.state(Confirmed.slug()).push(", confirmed_at = ").bind(now).push(" WHERE token_hash = ").bind(token_hash);
    sql.push(" AND status = ")
        .state(Unconfirmed.slug())
        .push(" AND created_at > ")
        .bind(not_before)
        .push(" RETURNING company_id");
    Ok(sql.query_as::<(i64,)>().fetch_optional(c.executor()).await?.map(|(id,)| id))
}

/// A confirmed request, for moderators.
#[derive(Debug, sqlx::FromRow)]
pub struct PendingRow {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub company_slug: String,
    pub website: Option<String>,
    pub email: String,
    pub confirmed_at: Time,
}

/// Confirmed requests of companies not verified yet, oldest first.
pub async fn pending(mut c: impl Conn) -> Result<Vec<PendingRow>, DbError> {
    let mut sql = c.sql(
        "SELECT r.id, r.company_id, c.name AS company_name, c.slug AS company_slug, c.website, r.email, \
         r.confirmed_at FROM verification_requests r JOIN companies c ON c.id = r.company_id WHERE r.status = ",
    );
    sql.state(Confirmed.slug()).push(" AND c.verified_at IS NULL ORDER BY r.confirmed_at, r.id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Moves request `id` from confirmed to `status` (approved or declined);
/// its company, or `None` when it was not waiting.
pub async fn decide(
    mut c: impl Conn,
    id: i64,
    status: VerificationStatus,
    note: Option<&str>,
    now: Time,
) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("UPDATE verification_requests SET status = ");
    sql.bind(status.slug()).push(", note = ").bind_opt(note).push(", decided_at = ").bind(now);
    sql.push(" WHERE id = ").bind(id).push(" AND status = ").state(Confirmed.slug()).push(" RETURNING company_id");
    Ok(sql.query_as::<(i64,)>().fetch_optional(c.executor()).await?.map(|(id,)| id))
}

/// Marks the company's latest approved request revoked, with the reason.
pub async fn mark_revoked(mut c: impl Conn, company_id: i64, reason: &str, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE verification_requests SET status = ");
    sql.state(Revoked.slug()).push(", note = ").bind(reason).push(", decided_at = ").bind(now);
    sql.push(" WHERE status = ").state(Approved.slug()).push(" AND company_id = ");
    sql.bind(company_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Sets or clears the company's verified mark; `false` when it already was so.
pub async fn set_verified(mut c: impl Conn, company_id: i64, verified_at: Option<Time>) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE companies SET verified_at = ");
    sql.bind_opt(verified_at).push(" WHERE id = ").bind(company_id);
    sql.push(if verified_at.is_some() { " AND verified_at IS NULL" } else { " AND verified_at IS NOT NULL" });
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Verified companies, most recently verified first.
pub async fn verified(mut c: impl Conn) -> Result<Vec<(i64, String, String, Time)>, DbError> {
    let sql = c.sql(
        "SELECT id, name, slug, verified_at FROM companies WHERE verified_at IS NOT NULL ORDER BY verified_at DESC, id",
    );
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Ends the company's requests still waiting (sent or confirmed): they were
/// made for a name and website that changed. How many there were.
pub async fn withdraw_waiting(mut c: impl Conn, company_id: i64, now: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("UPDATE verification_requests SET status = ");
    sql.state(Withdrawn.slug()).push(", decided_at = ").bind(now).push(" WHERE status IN ");
    sql.states(&[Unconfirmed.slug(), Confirmed.slug()]).push(" AND company_id = ").bind(company_id);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}
