//! E-mail waiting to be sent. Written in the same transaction as the change
//! that causes it; a sender claims a batch, delivers it, and marks each
//! message sent, to be retried, or failed. A claim expires, so a message a
//! crashed server held goes out from another.

use crate::model::Time;
use crate::server::db::{Backend, Conn, DbError};

/// The columns every way of queueing a message writes.
const INSERT: &str =
    "INSERT INTO outbox (application_id, recipient, subject, body, html, unsubscribe_url, created_at, next_attempt_at)";

/// A message as a sender claimed it.
#[derive(Debug, sqlx::FromRow)]
pub struct Message {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub html: Option<String>,
    pub unsubscribe_url: Option<String>,
    pub attempts: i64,
    pub created_at: Time,
}

/// A message to queue: a plain-text body, and for digests an HTML part and
/// a one-click unsubscribe address.
#[derive(Clone, Copy, Debug, Default)]
pub struct Outgoing<'a> {
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub html: Option<&'a str>,
    pub unsubscribe_url: Option<&'a str>,
    /// The application the message is about: withdrawing it deletes the message.
    pub application_id: Option<i64>,
}

/// Queues `mail` on `c`, which may be inside the transaction of the
/// change that causes it: both commit, or neither.
pub async fn enqueue(mut c: impl Conn, mail: &Outgoing<'_>, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql(&format!("{INSERT} VALUES ("));
    sql.bind_opt(mail.application_id).push(", ").bind(mail.recipient).push(", ").bind(mail.subject);
    sql.push(", ").bind(mail.body).push(", ").bind_opt(mail.html).push(", ").bind_opt(mail.unsubscribe_url);
    sql.push(", ").bind(now).push(", ").bind(now).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Queues every message of `mails` on `c`, a hundred to a statement.
pub async fn enqueue_many(mut c: impl Conn, mails: &[Outgoing<'_>], now: Time) -> Result<(), DbError> {
    for chunk in mails.chunks(100) {
        let mut sql = c.sql(&format!("{INSERT} VALUES "));
        for (n, mail) in chunk.iter().enumerate() {
            sql.push(if n == 0 { "(" } else { ", (" });
            sql.bind_opt(mail.application_id).push(", ").bind(mail.recipient).push(", ").bind(mail.subject);
            sql.push(", ").bind(mail.body).push(", ").bind_opt(mail.html).push(", ").bind_opt(mail.unsubscribe_url);
            sql.push(", ").bind(now).push(", ").bind(now).push(")");
        }
        sql.query().execute(c.executor()).await?;
    }
    Ok(())
}

/// Queues one message to everyone on company `company_id`'s team, in one
/// statement on `c` (inside the change's transaction). `mail.recipient`
/// is not used.
pub async fn enqueue_to_team(mut c: impl Conn, company_id: i64, mail: &Outgoing<'_>, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql(&format!("{INSERT} SELECT "));
    sql.bind_opt(mail.application_id).push(", u.email, ").bind(mail.subject);
    sql.push(", ").bind(mail.body).push(", ").bind_opt(mail.html).push(", ").bind_opt(mail.unsubscribe_url);
    sql.push(", ").bind(now).push(", ").bind(now);
    sql.push(" FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = ").bind(company_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Deletes every message about application `application_id`, sent or not.
pub async fn delete_about(mut c: impl Conn, application_id: i64) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM outbox WHERE application_id = ");
    sql.bind(application_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}
/// Claims up to `limit` messages that are due (never tried, or their retry
/// time has come) and that no live claim holds, for `sender` until
/// `until`. One statement: on SQLite writes are serialised, and on
/// PostgreSQL `SKIP LOCKED` passes over rows another sender is claiming, so
/// no message is claimed twice.
pub async fn claim(
    mut c: impl Conn,
    sender: &str,
    limit: i64,
    now: Time,
    until: Time,
) -> Result<Vec<Message>, DbError> {
    let mut sql = c.sql("UPDATE outbox SET claimed_by = ");
    sql.bind(sender).push(", claimed_until = ").bind(until);
    sql.push(" WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ");
    sql.bind(now)
        .push(" AND (claimed_until IS NULL OR claimed_until < ")
        .bind(now)
        .push(") ORDER BY next_attempt_at, id LIMIT ");
    sql.bind(limit);
    if c.backend() == Backend::Postgres {
        sql.push(" FOR UPDATE SKIP LOCKED");
    }
    sql.push(") RETURNING id, recipient, subject, body, html, unsubscribe_url, attempts, created_at");
    let mut claimed: Vec<Message> = sql.query_as().fetch_all(c.executor()).await?;
    claimed.sort_by_key(|m| m.id);
    Ok(claimed)
}

/// Marks a message `sender` holds as sent and forgets its body (which may
/// hold a private link); `false` when the claim was lost meanwhile.
pub async fn mark_sent(mut c: impl Conn, id: i64, sender: &str, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE outbox SET body = '', html = NULL, claimed_by = NULL, sent_at = ");
    sql.bind(now).push(", attempts = attempts + 1 WHERE id = ").bind(id);
    sql.push(" AND claimed_by = ").bind(sender).push(" AND sent_at IS NULL");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Gives a message `sender` holds back for another try at `retry_at`.
pub async fn retry_later(mut c: impl Conn, id: i64, sender: &str, retry_at: Time, error: &str) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, next_attempt_at = ");
    sql.bind(retry_at).push(", attempts = attempts + 1, last_error = ").bind(error);
    sql.push(" WHERE id = ").bind(id).push(" AND claimed_by = ").bind(sender);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Gives up on a message `sender` holds; its body is forgotten as a sent one's is.
pub async fn mark_failed(mut c: impl Conn, id: i64, sender: &str, now: Time, error: &str) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE outbox SET body = '', html = NULL, claimed_by = NULL, failed_at = ");
    sql.bind(now).push(", attempts = attempts + 1, last_error = ").bind(error);
    sql.push(" WHERE id = ").bind(id).push(" AND claimed_by = ").bind(sender);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Records that a mail server refused `email` for good.
pub async fn record_bounce(mut c: impl Conn, email: &str, reason: &str, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO mail_bounces (email, reason, bounced_at) VALUES (");
    sql.bind(email.to_lowercase()).push(", ").bind(reason).push(", ").bind(now);
    sql.push(") ON CONFLICT (email) DO UPDATE SET reason = excluded.reason, bounced_at = excluded.bounced_at");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Forgets that `email` bounced: mail from it showed it receives mail.
pub async fn clear_bounce(mut c: impl Conn, email: &str) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM mail_bounces WHERE email = ");
    sql.bind(email.to_lowercase());
    sql.query().execute(c.executor()).await?;
    Ok(())
}

pub async fn is_bouncing(mut c: impl Conn, email: &str) -> Result<bool, DbError> {
    let mut sql = c.sql("SELECT COUNT(*) FROM mail_bounces WHERE email = ");
    sql.bind(email.to_lowercase());
    let (n,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(n > 0)
}

/// How many messages wait to be sent, for `/metrics`.
pub async fn depth(mut c: impl Conn) -> Result<i64, DbError> {
    let sql = c.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL");
    let (n,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(n)
}
