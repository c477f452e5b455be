//! Applications, their status history and the employer's notes.

use crate::model::{ApplicationStatus, PostingStatus, Span, Time};
use crate::server::db::{Conn, Db, DbError};
use crate::server::repo::outbox;

/// An application to store.
pub struct NewApplication<'a> {
    pub job_id: i64,
    pub token_hash: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub country: &'a str,
    pub github: Option<&'a str>,
    pub linkedin: Option<&'a str>,
    pub portfolio: Option<&'a str>,
    pub cover_note: &'a str,
    pub cv_key: &'a str,
    pub cv_bytes: i64,
    /// The seeker's account it was sent from, when signed in.
    pub seeker_id: Option<i64>,
    pub now: Time,
}

/// Stores `application`; `None` when this address already applied for the job.
pub async fn insert(mut c: impl Conn, a: &NewApplication<'_>) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql(
        "INSERT INTO applications (job_id, token_hash, name, email, country, github, linkedin, portfolio, \
         cover_note, cv_key, cv_bytes, status, notes, created_at, updated_at, seeker_id) VALUES (",
    );
    sql.bind(a.job_id).push(", ").bind(a.token_hash).push(", ").bind(a.name).push(", ").bind(a.email);
    sql.push(", ").bind(a.country).push(", ").bind_opt(a.github).push(", ").bind_opt(a.linkedin);
    sql.push(", ").bind_opt(a.portfolio).push(", ").bind(a.cover_note).push(", ").bind(a.cv_key);
    sql.push(", ").bind(a.cv_bytes).push(", ").state(ApplicationStatus::New.slug());
    sql.push(", '', ").bind(a.now).push(", ").bind(a.now).push(", ").bind_opt(a.seeker_id);
    sql.push(") ON CONFLICT (job_id, email) DO NOTHING RETURNING id");
    Ok(sql.query_as::<(i64,)>().fetch_optional(c.executor()).await?.map(|(id,)| id))
}

/// An application in full.
#[derive(Debug, sqlx::FromRow)]
pub struct ApplicationRow {
    pub id: i64,
    pub job_id: i64,
    pub company_id: i64,
    pub job_title: String,
    pub company_name: String,
    pub name: String,
    pub email: String,
    pub country: String,
    pub github: Option<String>,
    pub linkedin: Option<String>,
    pub portfolio: Option<String>,
    pub cover_note: String,
    pub cv_key: String,
    pub cv_bytes: i64,
    pub status: ApplicationStatus,
    pub notes: String,
    pub created_at: Time,
    pub first_response_at: Option<Time>,
    pub seeker_id: Option<i64>,
}

const SELECT: &str = "SELECT a.id, a.job_id, j.company_id, j.title AS job_title, c.name AS company_name, a.name, \
    a.email, a.country, a.github, a.linkedin, a.portfolio, a.cover_note, a.cv_key, a.cv_bytes, a.status, a.notes, \
    a.created_at, a.first_response_at, a.seeker_id FROM applications a JOIN jobs j ON j.id = a.job_id \
    JOIN companies c ON c.id = j.company_id";

pub async fn by_token(mut c: impl Conn, token_hash: &str) -> Result<Option<ApplicationRow>, DbError> {
    let mut sql = c.sql(SELECT);
    sql.push(" WHERE a.token_hash = ").bind(token_hash);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

pub async fn by_id(mut c: impl Conn, id: i64) -> Result<Option<ApplicationRow>, DbError> {
    let mut sql = c.sql(SELECT);
    sql.push(" WHERE a.id = ").bind(id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// The applications to company `company_id`'s postings, newest first (the
/// newest `limit`).
pub async fn of_company(mut c: impl Conn, company_id: i64, limit: i64) -> Result<Vec<ApplicationRow>, DbError> {
    let mut sql = c.sql(SELECT);
    sql.push(" WHERE j.company_id = ").bind(company_id);
    sql.push(" ORDER BY a.created_at DESC, a.id DESC LIMIT ").bind(limit);
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// A job's applications, newest first.
pub async fn of_job(mut c: impl Conn, job_id: i64) -> Result<Vec<ApplicationRow>, DbError> {
    let mut sql = c.sql(SELECT);
    sql.push(" WHERE a.job_id = ").bind(job_id).push(" ORDER BY a.created_at DESC, a.id DESC");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// An application as its seeker's tracker lists it.
#[derive(Debug, sqlx::FromRow)]
pub struct SeekerApplicationRow {
    pub id: i64,
    pub job_id: i64,
    pub company_id: i64,
    pub job_title: String,
    pub company_name: String,
    pub company_slug: String,
    pub status: ApplicationStatus,
    pub created_at: Time,
    pub decision_days: Option<i64>,
    pub cv_key: String,
    pub name: String,
}

/// Seeker `seeker_id`'s applications, newest first.
pub async fn of_seeker(mut c: impl Conn, seeker_id: i64) -> Result<Vec<SeekerApplicationRow>, DbError> {
    let mut sql = c.sql(
        "SELECT a.id, a.job_id, j.company_id, j.title AS job_title, c.name AS company_name, c.slug AS company_slug, \
         a.status, a.created_at, j.decision_days, a.cv_key, a.name FROM applications a JOIN jobs j ON j.id = a.job_id \
         JOIN companies c ON c.id = j.company_id WHERE a.seeker_id = ",
    );
    sql.bind(seeker_id).push(" ORDER BY a.created_at DESC, a.id DESC");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Every application of the account: sent signed in, or sent from its
/// address signed out (the address is the account's, proven by its codes).
pub async fn of_account(mut c: impl Conn, seeker_id: i64, email: &str) -> Result<Vec<SeekerApplicationRow>, DbError> {
    let mut sql = c.sql(
        "SELECT a.id, a.job_id, j.company_id, j.title AS job_title, c.name AS company_name, c.slug AS company_slug, \
         a.status, a.created_at, j.decision_days, a.cv_key, a.name FROM applications a JOIN jobs j ON j.id = a.job_id \
         JOIN companies c ON c.id = j.company_id WHERE a.seeker_id = ",
    );
    sql.bind(seeker_id).push(" OR a.email = ").bind(email).push(" ORDER BY a.created_at DESC, a.id DESC");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Whether seeker `seeker_id` applied for job `job_id` through FarCoder.
pub async fn seeker_applied(mut c: impl Conn, seeker_id: i64, job_id: i64) -> Result<bool, DbError> {
    let mut sql = c.sql("SELECT 1 FROM applications WHERE seeker_id = ");
    sql.bind(seeker_id).push(" AND job_id = ").bind(job_id);
    Ok(sql.query().fetch_optional(c.executor()).await?.is_some())
}

/// An application's status changes, oldest first, as (status, message,
/// when, who).
pub async fn updates(
    mut c: impl Conn,
    application_id: i64,
) -> Result<Vec<(ApplicationStatus, String, Time, Option<String>)>, DbError> {
    let mut sql = c.sql("SELECT status, message, created_at, actor FROM application_updates WHERE application_id = ");
    sql.bind(application_id).push(" ORDER BY id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Moves application `id` from `from` to `to` with `message` and its
/// `actor` in its history, and queues `mail` (to the candidate): all of it
/// or nothing; `false` when its status was no longer `from`.
pub async fn set_status(
    db: &Db,
    id: i64,
    (from, to): (ApplicationStatus, ApplicationStatus),
    message: &str,
    actor: &str,
    mail: &outbox::Outgoing<'_>,
    now: Time,
) -> Result<bool, DbError> {
    let mut tx = db.begin_write().await?;
    let mut sql = tx.sql("UPDATE applications SET status = ");
    sql.bind(to.slug()).push(", updated_at = ").bind(now);
    sql.push(", first_response_at = COALESCE(first_response_at, ").bind(now).push(")");
    sql.push(" WHERE id = ").bind(id).push(" AND status = ").bind(from.slug());
    if sql.query().execute(tx.executor()).await?.rows_affected() != 1 {
        return Ok(false);
    }
    let mut sql =
        tx.sql("INSERT INTO application_updates (application_id, status, message, created_at, actor) VALUES (");
    sql.bind(id).push(", ").bind(to.slug()).push(", ").bind(message).push(", ").bind(now);
    sql.push(", ").bind(actor).push(")");
    sql.query().execute(tx.executor()).await?;
    outbox::enqueue(&mut tx, mail, now).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn set_notes(mut c: impl Conn, id: i64, notes: &str, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE applications SET notes = ");
    sql.bind(notes).push(", updated_at = ").bind(now).push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Deletes application `id` and its history on `c` (inside a
/// transaction, so both go); the CV's key, when it existed.
pub async fn delete(mut c: impl Conn, id: i64) -> Result<Option<String>, DbError> {
    let mut sql = c.sql("DELETE FROM application_updates WHERE application_id = ");
    sql.bind(id);
    sql.query().execute(c.executor()).await?;
    let mut sql = c.sql("DELETE FROM applications WHERE id = ");
    sql.bind(id).push(" RETURNING cv_key");
    Ok(sql.query_as::<(String,)>().fetch_optional(c.executor()).await?.map(|(k,)| k))
}

/// Per job of `company_id`: (job id, applications, those still "new",
/// those still "new" from before `stale_before`).
pub async fn counts_for_company(
    mut c: impl Conn,
    company_id: i64,
    stale_before: Time,
) -> Result<Vec<(i64, i64, i64, i64)>, DbError> {
    let mut sql = c.sql("SELECT a.job_id, COUNT(*) AS total, SUM(CASE WHEN a.status = ");
    sql.state(ApplicationStatus::New.slug()).push(" THEN 1 ELSE 0 END) AS fresh, SUM(CASE WHEN a.status = ");
    sql.state(ApplicationStatus::New.slug()).push(" AND a.created_at < ");
    sql.bind(stale_before).push(" THEN 1 ELSE 0 END) AS stale FROM applications a JOIN jobs j ON j.id = a.job_id");
    sql.push(" WHERE j.company_id = ").bind(company_id).push(" GROUP BY a.job_id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// For `company_id`'s applications received before `judged_before` or
/// already answered: how many there are, and how many were answered within
/// `within` seconds.
pub async fn response_counts(
    mut c: impl Conn,
    company_id: i64,
    judged_before: Time,
    within: Span,
) -> Result<(i64, i64), DbError> {
    let mut sql = c.sql(
        "SELECT COUNT(*) AS counted, COALESCE(SUM(CASE WHEN a.first_response_at IS NOT NULL AND \
         a.first_response_at - a.created_at <= ",
    );
    sql.bind(within).push(" THEN 1 ELSE 0 END), 0) AS answered FROM applications a JOIN jobs j ON j.id = a.job_id");
    sql.push(" WHERE j.company_id = ").bind(company_id);
    sql.push(" AND (a.created_at <= ").bind(judged_before).push(" OR a.first_response_at IS NOT NULL)");
    Ok(sql.query_as().fetch_one(c.executor()).await?)
}

/// Applications whose posting closed (was closed, unpublished, rejected,
/// or expired) at or before `closed_before`: (id, CV key).
pub async fn past_retention(mut c: impl Conn, closed_before: Time) -> Result<Vec<(i64, String)>, DbError> {
    let mut sql = c.sql(
        "SELECT a.id, a.cv_key FROM applications a JOIN jobs j ON j.id = a.job_id WHERE \
         (j.status IN ",
    );
    sql.states(&[PostingStatus::Closed.slug(), PostingStatus::Unpublished.slug(), PostingStatus::Rejected.slug()]);
    sql.push(" AND j.updated_at <= ").bind(closed_before).push(") OR (j.status IN ");
    sql.states(&[PostingStatus::Published.slug(), PostingStatus::Expired.slug()]).push(" AND j.expires_at <= ");
    sql.bind(closed_before).push(") ORDER BY a.id LIMIT 500");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}
