//! E-mail: each message is written in the same transaction as the change
//! that causes it, with the queue's job that sends it (`SendMail`); the
//! row records what became of it (sent, tries, given up) and which
//! addresses bounce.

use crate::model::Time;
use crate::server::db::{Conn, DbError, Sql};
use crate::server::queue;

/// The columns every way of queueing a message writes.
const INSERT: &str = "INSERT INTO outbox (application_id, recipient, subject, body, html, unsubscribe_url, created_at)";

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

/// The job that sends outbox message `id` (the mail sender runs it).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct SendMail {
    pub id: i64,
}

/// Queues `mail` on `c`, which may be inside the transaction of the
/// change that causes it: both commit, or neither.
pub async fn enqueue(mut c: impl Conn, mail: &Outgoing<'_>, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql(&format!("{INSERT} VALUES "));
    push_values(&mut sql, mail, now);
    sql.push(" RETURNING id");
    let (id,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    queue::enqueue(&mut c, &SendMail { id }, now, now).await?;
    Ok(())
}

fn push_values(sql: &mut Sql, mail: &Outgoing<'_>, now: Time) {
    sql.push("(").bind_opt(mail.application_id).push(", ").bind(mail.recipient).push(", ").bind(mail.subject);
    sql.push(", ").bind(mail.body).push(", ").bind_opt(mail.html).push(", ").bind_opt(mail.unsubscribe_url);
    sql.push(", ").bind(now).push(")");
}

/// Queues every message of `mails` on `c`, a hundred to a statement.
pub async fn enqueue_many(mut c: impl Conn, mails: &[Outgoing<'_>], now: Time) -> Result<(), DbError> {
    for chunk in mails.chunks(100) {
        let mut sql = c.sql(&format!("{INSERT} VALUES "));
        for (n, mail) in chunk.iter().enumerate() {
            if n > 0 {
                sql.push(", ");
            }
            push_values(&mut sql, mail, now);
        }
        sql.push(" RETURNING id");
        let ids: Vec<(i64,)> = sql.query_as().fetch_all(c.executor()).await?;
        let jobs: Vec<SendMail> = ids.into_iter().map(|(id,)| SendMail { id }).collect();
        queue::enqueue_many(&mut c, &jobs, now, now).await?;
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
    sql.push(", ").bind(now);
    sql.push(" FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = ").bind(company_id);
    sql.push(" RETURNING id");
    let ids: Vec<(i64,)> = sql.query_as().fetch_all(c.executor()).await?;
    let jobs: Vec<SendMail> = ids.into_iter().map(|(id,)| SendMail { id }).collect();
    queue::enqueue_many(&mut c, &jobs, now, now).await?;
    Ok(())
}

/// Deletes every message about application `application_id`, sent or not
/// (a job sending one finds it gone, and is done).
pub async fn delete_about(mut c: impl Conn, application_id: i64) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM outbox WHERE application_id = ");
    sql.bind(application_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Message `id`, while it waits to be sent (`None` once sent, given up on,
/// or deleted).
pub async fn waiting(mut c: impl Conn, id: i64) -> Result<Option<Message>, DbError> {
    let mut sql = c.sql(
        "SELECT id, recipient, subject, body, html, unsubscribe_url, attempts, created_at FROM outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL AND id = ",
    );
    sql.bind(id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Deletes every message to `email`, sent or waiting (a waiting one's job
/// then finds nothing to send), and the address's bounce record.
pub async fn forget_recipient(mut c: impl Conn, email: &str) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM outbox WHERE recipient = ");
    sql.bind(email);
    sql.query().execute(c.executor()).await?;
    let mut sql = c.sql("DELETE FROM mail_bounces WHERE email = ");
    sql.bind(email);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Marks message `id` sent and forgets its body (which may hold a private
/// link); `false` when it was no longer waiting.
pub async fn mark_sent(mut c: impl Conn, id: i64, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE outbox SET body = '', html = NULL, sent_at = ");
    sql.bind(now).push(", attempts = attempts + 1, last_error = NULL WHERE id = ").bind(id);
    sql.push(" AND sent_at IS NULL AND failed_at IS NULL");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Records a try of message `id` that failed for now.
pub async fn record_try(mut c: impl Conn, id: i64, error: &str) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE outbox SET attempts = attempts + 1, last_error = ");
    sql.bind(error).push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Gives up on message `id`; its body is forgotten as a sent one's is.
pub async fn mark_failed(mut c: impl Conn, id: i64, now: Time, error: &str) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE outbox SET body = '', html = NULL, failed_at = ");
    sql.bind(now).push(", attempts = attempts + 1, last_error = ").bind(error);
    sql.push(" WHERE id = ").bind(id);
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
