//! Seekers: the account and its profile, its sessions, the sign-in codes
//! sent by e-mail, the saved jobs and the postings marked "I applied".

use crate::model::{SeekerProfile, Span, Time};
use crate::server::db::{Conn, DbError};

/// A seeker's account as stored.
#[derive(Debug, sqlx::FromRow)]
pub struct SeekerRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub country: String,
    pub time_zone: String,
    pub headline: String,
    pub github: String,
    pub linkedin: String,
    pub portfolio: String,
    pub desired_salary: Option<i64>,
    pub salary_currency: String,
    pub authorised_in: String,
    pub needs_visa: i64,
    pub cv_key: Option<String>,
    pub cv_bytes: Option<i64>,
    pub created_at: Time,
    pub updated_at: Time,
}

impl SeekerRow {
    pub fn profile(&self) -> SeekerProfile {
        SeekerProfile {
            name: self.name.clone(),
            country: self.country.clone(),
            time_zone: self.time_zone.clone(),
            headline: self.headline.clone(),
            github: self.github.clone(),
            linkedin: self.linkedin.clone(),
            portfolio: self.portfolio.clone(),
            desired_salary: self.desired_salary,
            salary_currency: self.salary_currency.clone(),
            authorised_in: self.authorised_in.split_whitespace().map(str::to_owned).collect(),
            needs_visa: self.needs_visa != 0,
        }
    }
}

const COLUMNS: &str = "SELECT id, email, name, country, time_zone, headline, github, linkedin, portfolio, \
    desired_salary, salary_currency, authorised_in, needs_visa, cv_key, cv_bytes, created_at, updated_at FROM seekers";

pub async fn find(mut c: impl Conn, id: i64) -> Result<Option<SeekerRow>, DbError> {
    let mut sql = c.sql(COLUMNS);
    sql.push(" WHERE id = ").bind(id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// The account of `email`, made now if it has none.
pub async fn find_or_insert(mut c: impl Conn, email: &str, now: Time) -> Result<i64, DbError> {
    let mut sql = c.sql("INSERT INTO seekers (email, created_at, updated_at) VALUES (");
    sql.bind(email).push(", ").bind(now).push(", ").bind(now);
    sql.push(") ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING id");
    let (id,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(id)
}

pub async fn save_profile(mut c: impl Conn, id: i64, p: &SeekerProfile, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE seekers SET name = ");
    sql.bind(p.name.as_str()).push(", country = ").bind(p.country.as_str());
    sql.push(", time_zone = ").bind(p.time_zone.as_str()).push(", headline = ").bind(p.headline.as_str());
    sql.push(", github = ").bind(p.github.as_str()).push(", linkedin = ").bind(p.linkedin.as_str());
    sql.push(", portfolio = ").bind(p.portfolio.as_str()).push(", desired_salary = ").bind_opt(p.desired_salary);
    sql.push(", salary_currency = ").bind(p.salary_currency.as_str());
    sql.push(", authorised_in = ").bind(p.authorised_in.join(" "));
    sql.push(", needs_visa = ").bind(i64::from(p.needs_visa)).push(", updated_at = ").bind(now);
    sql.push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Puts CV `key` on file, inside the write that holds the row (on
/// PostgreSQL locked, so two uploads at once each see the key the other
/// replaced): `Some(the key it replaced, if any)`, or `None` when the
/// account is gone.
pub async fn set_cv(
    mut c: impl Conn,
    id: i64,
    key: &str,
    bytes: i64,
    now: Time,
) -> Result<Option<Option<String>>, DbError> {
    let mut old = c.sql("SELECT cv_key FROM seekers WHERE id = ");
    old.bind(id);
    if c.backend() == crate::server::db::Backend::Postgres {
        old.push(" FOR UPDATE");
    }
    let Some((previous,)) = old.query_as::<(Option<String>,)>().fetch_optional(c.executor()).await? else {
        return Ok(None);
    };
    let mut sql = c.sql("UPDATE seekers SET cv_key = ");
    sql.bind(key).push(", cv_bytes = ").bind(bytes).push(", updated_at = ").bind(now).push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(Some(previous))
}

/// Deletes the account; what hangs off it goes with it (the schema's
/// cascades), except the applications, which the caller erases first.
pub async fn delete(mut c: impl Conn, id: i64) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM seekers WHERE id = ");
    sql.bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

pub async fn insert_session(
    mut c: impl Conn,
    token_hash: &str,
    seeker_id: i64,
    now: Time,
    expires_at: Time,
) -> Result<(), DbError> {
    let mut sql =
        c.sql("INSERT INTO seeker_sessions (token_hash, seeker_id, created_at, last_seen_at, expires_at) VALUES (");
    sql.bind(token_hash).push(", ").bind(seeker_id).push(", ").bind(now).push(", ").bind(now);
    sql.push(", ").bind(expires_at).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// The seeker of a live session: before its end and used within `idle`;
/// renews its last-seen time when that is over `touch` old.
pub async fn seeker_of(
    mut c: impl Conn,
    token_hash: &str,
    now: Time,
    idle: Span,
    touch: Span,
) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("SELECT seeker_id, last_seen_at FROM seeker_sessions WHERE token_hash = ");
    sql.bind(token_hash).push(" AND expires_at > ").bind(now).push(" AND last_seen_at > ").bind(now - idle);
    let Some((seeker_id, last_seen)) = sql.query_as::<(i64, Time)>().fetch_optional(c.executor()).await? else {
        return Ok(None);
    };
    if last_seen < now - touch {
        let mut renew = c.sql("UPDATE seeker_sessions SET last_seen_at = ");
        renew.bind(now).push(" WHERE token_hash = ").bind(token_hash);
        renew.query().execute(c.executor()).await?;
    }
    Ok(Some(seeker_id))
}

pub async fn delete_session(mut c: impl Conn, token_hash: &str) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM seeker_sessions WHERE token_hash = ");
    sql.bind(token_hash);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// A code to store.
pub struct NewCode<'a> {
    pub email: &'a str,
    pub purpose: &'static str,
    pub code_hash: &'a str,
    pub link_hash: &'a str,
    pub browser_hash: &'a str,
    pub expires_at: Time,
}

/// Stores a code. Another browser's codes for the same address stay: a
/// stranger asking for one ends nobody else's.
pub async fn insert_code(mut c: impl Conn, code: &NewCode<'_>, now: Time) -> Result<(), DbError> {
    let mut sql =
        c.sql("INSERT INTO seeker_codes (email, purpose, code_hash, link_hash, browser_hash, expires_at, created_at) VALUES (");
    sql.bind(code.email).push(", ").bind(code.purpose).push(", ").bind(code.code_hash);
    sql.push(", ")
        .bind(code.link_hash)
        .push(", ")
        .bind(code.browser_hash)
        .push(", ")
        .bind(code.expires_at)
        .push(", ")
        .bind(now)
        .push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// The live code of `purpose` the browser `browser_hash` asked for: (id,
/// address, its hash).
pub async fn live_code(
    mut c: impl Conn,
    browser_hash: &str,
    purpose: &str,
    now: Time,
) -> Result<Option<(i64, String, String)>, DbError> {
    let mut sql = c.sql("SELECT id, email, code_hash FROM seeker_codes WHERE browser_hash = ");
    sql.bind(browser_hash)
        .push(" AND purpose = ")
        .bind(purpose)
        .push(" AND used_at IS NULL AND expires_at > ")
        .bind(now);
    sql.push(" ORDER BY id DESC LIMIT 1");
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Takes one of code `id`'s `max` tries before the code is checked, in one
/// statement, so requests racing each other cannot check it more often;
/// whether a try was left.
pub async fn claim_try(mut c: impl Conn, id: i64, max: i64) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE seeker_codes SET attempts = attempts + 1 WHERE id = ");
    sql.bind(id).push(" AND used_at IS NULL AND attempts < ").bind(max);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Uses code `id` up, in one statement, so two requests racing with it
/// cannot both succeed; whether this one did.
pub async fn use_code(mut c: impl Conn, id: i64, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE seeker_codes SET used_at = ");
    sql.bind(now).push(" WHERE id = ").bind(id).push(" AND used_at IS NULL");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Uses the live link `link_hash` of `purpose` up: its address, and the
/// browser that asked for it.
pub async fn use_link(
    mut c: impl Conn,
    link_hash: &str,
    purpose: &str,
    now: Time,
) -> Result<Option<(String, String)>, DbError> {
    let mut sql = c.sql("UPDATE seeker_codes SET used_at = ");
    sql.bind(now).push(" WHERE link_hash = ").bind(link_hash).push(" AND purpose = ").bind(purpose);
    sql.push(" AND used_at IS NULL AND expires_at > ").bind(now).push(" RETURNING email, browser_hash");
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// The address of the live link `link_hash`, without using it (the page
/// the link opens names it on its button).
pub async fn link_email(
    mut c: impl Conn,
    link_hash: &str,
    purpose: &str,
    now: Time,
) -> Result<Option<String>, DbError> {
    let mut sql = c.sql("SELECT email FROM seeker_codes WHERE link_hash = ");
    sql.bind(link_hash).push(" AND purpose = ").bind(purpose);
    sql.push(" AND used_at IS NULL AND expires_at > ").bind(now);
    Ok(sql.query_as::<(String,)>().fetch_optional(c.executor()).await?.map(|(email,)| email))
}

/// Deletes every code sent to `email`.
pub async fn delete_codes(mut c: impl Conn, email: &str) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM seeker_codes WHERE email = ");
    sql.bind(email);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Deletes the sessions that ended by `now`: past their end, or unused
/// for `idle`.
pub async fn prune_sessions(mut c: impl Conn, now: Time, idle: Span) -> Result<u64, DbError> {
    let mut sql = c.sql("DELETE FROM seeker_sessions WHERE expires_at <= ");
    sql.bind(now).push(" OR last_seen_at <= ").bind(now - idle);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}

/// Deletes the codes that ended before `before`.
pub async fn prune_codes(mut c: impl Conn, before: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("DELETE FROM seeker_codes WHERE expires_at < ");
    sql.bind(before);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}

/// The saved jobs' ids, newest first.
pub async fn saved(mut c: impl Conn, seeker_id: i64) -> Result<Vec<i64>, DbError> {
    let mut sql = c.sql("SELECT job_id FROM seeker_saved WHERE seeker_id = ");
    sql.bind(seeker_id).push(" ORDER BY saved_at DESC, job_id DESC");
    let rows: Vec<(i64,)> = sql.query_as().fetch_all(c.executor()).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Saves job `job_id` at `at` (a job saved already keeps its time); a job
/// that does not exist is skipped.
pub async fn save(mut c: impl Conn, seeker_id: i64, job_id: i64, at: Time) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO seeker_saved (seeker_id, job_id, saved_at) SELECT ");
    sql.bind(seeker_id).push(", id, ").bind(at).push(" FROM jobs WHERE id = ").bind(job_id);
    sql.push(" ON CONFLICT (seeker_id, job_id) DO NOTHING");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

pub async fn unsave(mut c: impl Conn, seeker_id: i64, job_id: i64) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM seeker_saved WHERE seeker_id = ");
    sql.bind(seeker_id).push(" AND job_id = ").bind(job_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Marks job `job_id` "I applied" (once).
pub async fn track(mut c: impl Conn, seeker_id: i64, job_id: i64, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO seeker_tracked (seeker_id, job_id, applied_at) VALUES (");
    sql.bind(seeker_id).push(", ").bind(job_id).push(", ").bind(now);
    sql.push(") ON CONFLICT (seeker_id, job_id) DO NOTHING");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

pub async fn untrack(mut c: impl Conn, seeker_id: i64, job_id: i64) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM seeker_tracked WHERE seeker_id = ");
    sql.bind(seeker_id).push(" AND job_id = ").bind(job_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// A posting marked "I applied".
#[derive(Debug, sqlx::FromRow)]
pub struct TrackedRow {
    pub job_id: i64,
    pub job_title: String,
    pub company_name: String,
    pub company_slug: String,
    pub applied_at: Time,
    pub decision_days: Option<i64>,
}

/// The postings marked "I applied", newest first.
pub async fn tracked(mut c: impl Conn, seeker_id: i64) -> Result<Vec<TrackedRow>, DbError> {
    let mut sql = c.sql(
        "SELECT t.job_id, j.title AS job_title, c.name AS company_name, c.slug AS company_slug, t.applied_at, \
         j.decision_days FROM seeker_tracked t JOIN jobs j ON j.id = t.job_id \
         JOIN companies c ON c.id = j.company_id WHERE t.seeker_id = ",
    );
    sql.bind(seeker_id).push(" ORDER BY t.applied_at DESC, t.job_id DESC");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Whether job `job_id` is marked "I applied".
pub async fn is_tracked(mut c: impl Conn, seeker_id: i64, job_id: i64) -> Result<bool, DbError> {
    let mut sql = c.sql("SELECT 1 FROM seeker_tracked WHERE seeker_id = ");
    sql.bind(seeker_id).push(" AND job_id = ").bind(job_id);
    Ok(sql.query().fetch_optional(c.executor()).await?.is_some())
}
