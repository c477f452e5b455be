//! Invitations to join a company's team.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// The end time of a revoked invitation: before any request's clock, so an
/// acceptance that read the time before the revocation committed still
/// finds the link ended.
const ENDED: i64 = 0;

/// Stores an invitation on `c`, inside the transaction that queues its e-mail.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    mut c: impl Conn,
    token_hash: &str,
    company_id: i64,
    email: &str,
    invited_by: i64,
    expires_at: Time,
    now: Time,
) -> Result<(), DbError> {
    let mut sql =
        c.sql("INSERT INTO invites (token_hash, company_id, email, invited_by, expires_at, created_at) VALUES (");
    sql.bind(token_hash).push(", ").bind(company_id).push(", ").bind(email).push(", ");
    sql.bind(invited_by).push(", ").bind(expires_at).push(", ").bind(now).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Invitations of `company_id` neither accepted nor expired, newest first.
pub async fn pending(mut c: impl Conn, company_id: i64, now: Time) -> Result<Vec<(String, Time)>, DbError> {
    let mut sql = c.sql("SELECT email, MAX(expires_at) FROM invites WHERE company_id = ");
    sql.bind(company_id).push(" AND accepted_at IS NULL AND expires_at > ").bind(now);
    sql.push(" GROUP BY email ORDER BY MAX(created_at) DESC");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

#[derive(Debug, sqlx::FromRow)]
pub struct InviteRow {
    pub company_id: i64,
    pub company_name: String,
    pub email: String,
    pub expires_at: Time,
    pub accepted_at: Option<Time>,
}

pub async fn find(mut c: impl Conn, token_hash: &str) -> Result<Option<InviteRow>, DbError> {
    let mut sql = c.sql(
        "SELECT i.company_id, c.name AS company_name, i.email, i.expires_at, i.accepted_at \
         FROM invites i JOIN companies c ON c.id = i.company_id WHERE i.token_hash = ",
    );
    sql.bind(token_hash);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// How accepting an invitation ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Accepted {
    /// The new member's user id.
    Joined(i64),
    /// Used, expired or unknown.
    Invalid,
    /// An account with the invited address exists already.
    AddressTaken,
}

/// Uses the invitation once on `c`, inside the transaction that also
/// signs the new member in: creates the invited user (address confirmed,
/// as the link proves it) as a member of the company.
pub async fn accept(mut c: impl Conn, token_hash: &str, password_hash: &str, now: Time) -> Result<Accepted, DbError> {
    let mut sql = c.sql("UPDATE invites SET accepted_at = ");
    sql.bind(now).push(" WHERE token_hash = ").bind(token_hash);
    sql.push(" AND accepted_at IS NULL AND expires_at > ").bind(now).push(" RETURNING company_id, email");
    let Some((company_id, email)) = sql.query_as::<(i64, String)>().fetch_optional(c.executor()).await? else {
        return Ok(Accepted::Invalid);
    };
    let mut sql = c.sql("INSERT INTO users (email, password_hash, role, email_confirmed_at, created_at) VALUES (");
    sql.bind(email.as_str()).push(", ").bind(password_hash).push(", ");
    sql.state(crate::model::AccountKind::Employer.slug()).push(", ").bind(now).push(", ").bind(now);
    sql.push(") ON CONFLICT (email) DO NOTHING RETURNING id");
    let Some((user_id,)) = sql.query_as::<(i64,)>().fetch_optional(c.executor()).await? else {
        return Ok(Accepted::AddressTaken);
    };
    crate::server::repo::users::add_membership(&mut c, user_id, company_id, crate::model::Role::Member, now).await?;
    Ok(Accepted::Joined(user_id))
}

/// Ends every open invitation of `company_id` (the company is closing).
pub async fn revoke_all(mut c: impl Conn, company_id: i64, now: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("UPDATE invites SET expires_at = ");
    sql.bind(ENDED).push(" WHERE company_id = ").bind(company_id);
    sql.push(" AND accepted_at IS NULL AND expires_at > ").bind(now);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}

/// Ends `company_id`'s open invitations of `email`; how many there were.
pub async fn revoke(mut c: impl Conn, company_id: i64, email: &str, now: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("UPDATE invites SET expires_at = ");
    sql.bind(ENDED).push(" WHERE company_id = ").bind(company_id).push(" AND email = ").bind(email);
    sql.push(" AND accepted_at IS NULL AND expires_at > ").bind(now);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}
