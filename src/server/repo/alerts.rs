//! Job alerts and their subscribers. A digest is written in one transaction
//! with the alert's new `since` and `due_at`: a digest is never built twice
//! for the same postings, nor lost.

use crate::model::{AlertFrequency, Span, Time};
use crate::server::db::{Backend, Conn, DbError};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SubscriberRow {
    pub id: i64,
    pub email: String,
    pub link_key: String,
}

/// An alert with its subscriber.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AlertRow {
    pub id: i64,
    pub subscriber_id: i64,
    pub email: String,
    pub link_key: String,
    pub query: String,
    pub frequency: crate::model::AlertFrequency,
    pub confirmed_at: Option<Time>,
    pub paused_at: Option<Time>,
    pub since: Time,
    pub due_at: Time,
    pub created_at: Time,
}

const ALERT_COLUMNS: &str = "SELECT a.id, a.subscriber_id, s.email, s.link_key, a.query, a.frequency, a.confirmed_at, \
     a.paused_at, a.since, a.due_at, a.created_at FROM alerts a JOIN alert_subscribers s ON s.id = a.subscriber_id";

pub async fn subscriber_by_email(mut c: impl Conn, email: &str) -> Result<Option<SubscriberRow>, DbError> {
    let mut sql = c.sql("SELECT id, email, link_key FROM alert_subscribers WHERE email = ");
    sql.bind(email);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

pub async fn subscriber(mut c: impl Conn, id: i64) -> Result<Option<SubscriberRow>, DbError> {
    let mut sql = c.sql("SELECT id, email, link_key FROM alert_subscribers WHERE id = ");
    sql.bind(id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// The subscriber of `email`, made with `link_key` if new.
pub async fn ensure_subscriber(
    mut c: impl Conn,
    email: &str,
    link_key: &str,
    now: Time,
) -> Result<SubscriberRow, DbError> {
    let mut sql = c.sql("INSERT INTO alert_subscribers (email, link_key, created_at) VALUES (");
    sql.bind(email).push(", ").bind(link_key).push(", ").bind(now).push(") ON CONFLICT (email) DO NOTHING");
    sql.query().execute(c.executor()).await?;
    let mut sql = c.sql("SELECT id, email, link_key FROM alert_subscribers WHERE email = ");
    sql.bind(email);
    // Held until the transaction ends, so what it counts of the
    // subscriber's alerts stays true until it commits (SQLite's write
    // transaction holds the whole database already).
    if c.backend() == Backend::Postgres {
        sql.push(" FOR UPDATE");
    }
    Ok(sql.query_as().fetch_one(c.executor()).await?)
}

/// How many alerts subscriber `subscriber_id` has, and whether one of them
/// is the search `query`.
pub async fn kept(mut c: impl Conn, subscriber_id: i64, query: &str) -> Result<(i64, bool), DbError> {
    let mut sql = c.sql("SELECT COUNT(*) FROM alerts WHERE subscriber_id = ");
    sql.bind(subscriber_id);
    let (count,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    let mut sql = c.sql("SELECT COUNT(*) FROM alerts WHERE subscriber_id = ");
    sql.bind(subscriber_id).push(" AND query = ").bind(query);
    let (same,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok((count, same > 0))
}

/// A new, unconfirmed alert; `None` when the subscriber has this search already.
pub async fn insert(
    mut c: impl Conn,
    subscriber_id: i64,
    query: &str,
    frequency: &str,
    now: Time,
) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("INSERT INTO alerts (subscriber_id, query, frequency, since, due_at, created_at) VALUES (");
    sql.bind(subscriber_id).push(", ").bind(query).push(", ").bind(frequency);
    sql.push(", ").bind(now).push(", ").bind(now).push(", ").bind(now);
    sql.push(") ON CONFLICT (subscriber_id, query) DO NOTHING RETURNING id");
    let row: Option<(i64,)> = sql.query_as().fetch_optional(c.executor()).await?;
    Ok(row.map(|(id,)| id))
}

pub async fn find(mut c: impl Conn, id: i64) -> Result<Option<AlertRow>, DbError> {
    let mut sql = c.sql(ALERT_COLUMNS);
    sql.push(" WHERE a.id = ").bind(id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

pub async fn of_subscriber(mut c: impl Conn, subscriber_id: i64) -> Result<Vec<AlertRow>, DbError> {
    let mut sql = c.sql(ALERT_COLUMNS);
    sql.push(" WHERE a.subscriber_id = ").bind(subscriber_id).push(" ORDER BY a.id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Confirms alert `id`: postings from now on are new to it, and its first
/// digest is due at `due_at`. `false` when it was confirmed already.
pub async fn confirm(mut c: impl Conn, id: i64, now: Time, due_at: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE alerts SET confirmed_at = ");
    sql.bind(now).push(", since = ").bind(now).push(", due_at = ").bind(due_at);
    sql.push(" WHERE id = ").bind(id).push(" AND confirmed_at IS NULL");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Pauses (`Some(now)`) or resumes (`None`) alert `id` of `subscriber_id`.
pub async fn set_paused(
    mut c: impl Conn,
    id: i64,
    subscriber_id: i64,
    paused_at: Option<Time>,
) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE alerts SET paused_at = ");
    sql.bind_opt(paused_at).push(" WHERE id = ").bind(id).push(" AND subscriber_id = ").bind(subscriber_id);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Changes alert `id`'s search and how often it is sent; `false` when it is
/// not `subscriber_id`'s, or the subscriber has that search already.
pub async fn update(
    mut c: impl Conn,
    id: i64,
    subscriber_id: i64,
    query: &str,
    frequency: &str,
    due_at: Time,
) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE alerts SET query = ");
    sql.bind(query).push(", frequency = ").bind(frequency).push(", due_at = ").bind(due_at);
    sql.push(" WHERE id = ").bind(id).push(" AND subscriber_id = ").bind(subscriber_id);
    sql.push(" AND NOT EXISTS (SELECT 1 FROM alerts o WHERE o.subscriber_id = ").bind(subscriber_id);
    sql.push(" AND o.query = ").bind(query).push(" AND o.id <> ").bind(id).push(")");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

pub async fn delete(mut c: impl Conn, id: i64, subscriber_id: i64) -> Result<bool, DbError> {
    let mut sql = c.sql("DELETE FROM alerts WHERE id = ");
    sql.bind(id).push(" AND subscriber_id = ").bind(subscriber_id);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Up to `limit` confirmed, running alerts whose digest is due, to
/// addresses that do not bounce, oldest due first. Read outside any
/// transaction: `claim_due` decides which of them this builder sends.
pub async fn due(mut c: impl Conn, now: Time, limit: i64) -> Result<Vec<AlertRow>, DbError> {
    let mut sql = c.sql(ALERT_COLUMNS);
    sql.push(" WHERE a.confirmed_at IS NOT NULL AND a.paused_at IS NULL AND a.due_at <= ").bind(now);
    sql.push(" AND NOT EXISTS (SELECT 1 FROM mail_bounces b WHERE b.email = s.email)");
    sql.push(" ORDER BY a.due_at, a.id LIMIT ").bind(limit);
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// The oldest `since` among the alerts due at `now` (`None`: none is due).
pub async fn oldest_due_since(mut c: impl Conn, now: Time) -> Result<Option<Time>, DbError> {
    let mut sql =
        c.sql("SELECT MIN(since) FROM alerts WHERE confirmed_at IS NOT NULL AND paused_at IS NULL AND due_at <= ");
    sql.bind(now);
    let (since,): (Option<Time>,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(since)
}

/// Claims the alerts of `read` that are still as they were read, inside
/// the transaction that queues their digests: what is new to each starts at
/// `cutoff` (or later, where an alert's `since` is later), and each is next
/// due a period of its frequency after `now`. Returns the ids claimed. An
/// alert another builder claimed first (its `due_at` moved on), or its
/// subscriber paused or changed meanwhile, is not among them, so no digest
/// goes twice, to a paused alert, or for a search nobody keeps.
pub async fn claim_due(mut c: impl Conn, read: &[&AlertRow], cutoff: Time, now: Time) -> Result<Vec<i64>, DbError> {
    let mut claimed = Vec::with_capacity(read.len());
    for alert in read {
        let mut sql = c.sql("UPDATE alerts SET since = CASE WHEN since > ");
        sql.bind(cutoff).push(" THEN since ELSE ").bind(cutoff).push(" END, due_at = CASE frequency");
        for frequency in AlertFrequency::ALL {
            sql.push(" WHEN ")
                .bind(frequency.slug())
                .push(" THEN ")
                .bind(now + frequency.period().max(Span::seconds(1)));
        }
        sql.push(" END WHERE id = ").bind(alert.id).push(" AND due_at = ").bind(alert.due_at);
        sql.push(" AND since = ").bind(alert.since).push(" AND query = ").bind(alert.query.as_str());
        sql.push(" AND paused_at IS NULL RETURNING id");
        if let Some((id,)) = sql.query_as::<(i64,)>().fetch_optional(c.executor()).await? {
            claimed.push(id);
        }
    }
    Ok(claimed)
}

/// Unconfirmed alerts older than `before` are forgotten.
pub async fn forget_unconfirmed(mut c: impl Conn, before: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("DELETE FROM alerts WHERE confirmed_at IS NULL AND created_at < ");
    sql.bind(before);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}

/// Deletes the subscriber of `email` and their alerts (the account that
/// owns the address was erased).
pub async fn forget_address(mut c: impl Conn, email: &str) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM alert_subscribers WHERE email = ");
    sql.bind(email);
    sql.query().execute(c.executor()).await?;
    Ok(())
}
