//! E-mail waiting to be sent. Written in the same transaction as the change
//! that causes it; a sender claims a batch, delivers it, and marks each
//! message sent, to be retried, or failed. A claim expires, so a message a
//! crashed server held goes out from another.

use sqlx::AnyConnection;

use crate::model::Time;
use crate::server::db::{Backend, Db, DbError, Sql};

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

/// Queues `mail` by itself: for a message that is the whole change (a
/// change that writes rows as well queues its mail with `enqueue_on`).
pub async fn enqueue(db: &Db, mail: &Outgoing<'_>, now: Time) -> Result<(), DbError> {
    enqueue_on(&mut *db.pool.acquire().await?, db.backend, mail, now).await
}

/// Queues `mail` on `conn`, which may be inside the transaction of the
/// change that causes it: both commit, or neither.
pub async fn enqueue_on(
    conn: &mut AnyConnection,
    backend: Backend,
    mail: &Outgoing<'_>,
    now: Time,
) -> Result<(), DbError> {
    let mut sql = Sql::new(backend, &format!("{INSERT} VALUES ("));
    sql.bind_opt(mail.application_id).push(", ").bind(mail.recipient).push(", ").bind(mail.subject);
    sql.push(", ").bind(mail.body).push(", ").bind_opt(mail.html).push(", ").bind_opt(mail.unsubscribe_url);
    sql.push(", ").bind(now).push(", ").bind(now).push(")");
    sql.query().execute(conn).await?;
    Ok(())
}

/// Queues every message of `mails` on `conn`, a hundred to a statement.
pub async fn enqueue_many_on(
    conn: &mut AnyConnection,
    backend: Backend,
    mails: &[Outgoing<'_>],
    now: Time,
) -> Result<(), DbError> {
    for chunk in mails.chunks(100) {
        let mut sql = Sql::new(backend, &format!("{INSERT} VALUES "));
        for (n, mail) in chunk.iter().enumerate() {
            sql.push(if n == 0 { "(" } else { ", (" });
            sql.bind_opt(mail.application_id).push(", ").bind(mail.recipient).push(", ").bind(mail.subject);
            sql.push(", ").bind(mail.body).push(", ").bind_opt(mail.html).push(", ").bind_opt(mail.unsubscribe_url);
            sql.push(", ").bind(now).push(", ").bind(now).push(")");
        }
        sql.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Queues one message to everyone on company `company_id`'s team, in one
/// statement on `conn` (inside the change's transaction). `mail.recipient`
/// is not used.
pub async fn enqueue_to_team_on(
    conn: &mut AnyConnection,
    backend: Backend,
    company_id: i64,
    mail: &Outgoing<'_>,
    now: Time,
) -> Result<(), DbError> {
    let mut sql = Sql::new(backend, &format!("{INSERT} SELECT "));
    sql.bind_opt(mail.application_id).push(", u.email, ").bind(mail.subject);
    sql.push(", ").bind(mail.body).push(", ").bind_opt(mail.html).push(", ").bind_opt(mail.unsubscribe_url);
    sql.push(", ").bind(now).push(", ").bind(now);
    sql.push(" FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = ").bind(company_id);
    sql.query().execute(conn).await?;
    Ok(())
}

/// Deletes every message about application `application_id`, sent or not.
pub async fn delete_about_on(conn: &mut AnyConnection, backend: Backend, application_id: i64) -> Result<(), DbError> {
    let mut sql = Sql::new(backend, "DELETE FROM outbox WHERE application_id = ");
    sql.bind(application_id);
    sql.query().execute(conn).await?;
    Ok(())
}
/// Claims up to `limit` messages that are due (never tried, or their retry
/// time has come) and that no live claim holds, for `sender` until
/// `until`. One statement: on SQLite writes are serialised, and on
/// PostgreSQL `SKIP LOCKED` passes over rows another sender is claiming, so
/// no message is claimed twice.
pub async fn claim(db: &Db, sender: &str, limit: i64, now: Time, until: Time) -> Result<Vec<Message>, DbError> {
    let mut sql = Sql::new(db.backend, "UPDATE outbox SET claimed_by = ");
    sql.bind(sender).push(", claimed_until = ").bind(until);
    sql.push(" WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ");
    sql.bind(now)
        .push(" AND (claimed_until IS NULL OR claimed_until < ")
        .bind(now)
        .push(") ORDER BY next_attempt_at, id LIMIT ");
    sql.bind(limit);
    if db.backend == Backend::Postgres {
        sql.push(" FOR UPDATE SKIP LOCKED");
    }
    sql.push(") RETURNING id, recipient, subject, body, html, unsubscribe_url, attempts, created_at");
    let mut claimed: Vec<Message> = sql.query_as().fetch_all(&db.pool).await?;
    claimed.sort_by_key(|m| m.id);
    Ok(claimed)
}

/// Marks a message `sender` holds as sent and forgets its body (which may
/// hold a private link); `false` when the claim was lost meanwhile.
pub async fn mark_sent(db: &Db, id: i64, sender: &str, now: Time) -> Result<bool, DbError> {
    let mut sql = Sql::new(db.backend, "UPDATE outbox SET body = '', html = NULL, claimed_by = NULL, sent_at = ");
    sql.bind(now).push(", attempts = attempts + 1 WHERE id = ").bind(id);
    sql.push(" AND claimed_by = ").bind(sender).push(" AND sent_at IS NULL");
    Ok(sql.query().execute(&db.pool).await?.rows_affected() == 1)
}

/// Gives a message `sender` holds back for another try at `retry_at`.
pub async fn retry_later(db: &Db, id: i64, sender: &str, retry_at: Time, error: &str) -> Result<(), DbError> {
    let mut sql = Sql::new(db.backend, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, next_attempt_at = ");
    sql.bind(retry_at).push(", attempts = attempts + 1, last_error = ").bind(error);
    sql.push(" WHERE id = ").bind(id).push(" AND claimed_by = ").bind(sender);
    sql.query().execute(&db.pool).await?;
    Ok(())
}

/// Gives up on a message `sender` holds; its body is forgotten as a sent one's is.
pub async fn mark_failed_on(
    conn: &mut AnyConnection,
    backend: Backend,
    id: i64,
    sender: &str,
    now: Time,
    error: &str,
) -> Result<(), DbError> {
    let mut sql = Sql::new(backend, "UPDATE outbox SET body = '', html = NULL, claimed_by = NULL, failed_at = ");
    sql.bind(now).push(", attempts = attempts + 1, last_error = ").bind(error);
    sql.push(" WHERE id = ").bind(id).push(" AND claimed_by = ").bind(sender);
    sql.query().execute(&mut *conn).await?;
    Ok(())
}

/// Records that a mail server refused `email` for good.
pub async fn record_bounce_on(
    conn: &mut AnyConnection,
    backend: Backend,
    email: &str,
    reason: &str,
    now: Time,
) -> Result<(), DbError> {
    let mut sql = Sql::new(backend, "INSERT INTO mail_bounces (email, reason, bounced_at) VALUES (");
    sql.bind(email.to_lowercase()).push(", ").bind(reason).push(", ").bind(now);
    sql.push(") ON CONFLICT (email) DO UPDATE SET reason = excluded.reason, bounced_at = excluded.bounced_at");
    sql.query().execute(&mut *conn).await?;
    Ok(())
}

/// Forgets that `email` bounced: mail from it showed it receives mail.
pub async fn clear_bounce(db: &Db, email: &str) -> Result<(), DbError> {
    let mut sql = Sql::new(db.backend, "DELETE FROM mail_bounces WHERE email = ");
    sql.bind(email.to_lowercase());
    sql.query().execute(&db.pool).await?;
    Ok(())
}

pub async fn is_bouncing(db: &Db, email: &str) -> Result<bool, DbError> {
    let mut sql = Sql::new(db.backend, "SELECT COUNT(*) FROM mail_bounces WHERE email = ");
    sql.bind(email.to_lowercase());
    let (n,): (i64,) = sql.query_as().fetch_one(&db.pool).await?;
    Ok(n > 0)
}

/// How many messages wait to be sent, for `/metrics`.
pub async fn depth(db: &Db) -> Result<i64, DbError> {
    let sql = Sql::new(db.backend, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL");
    let (n,): (i64,) = sql.query_as().fetch_one(&db.pool).await?;
    Ok(n)
}
