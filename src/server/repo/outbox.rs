//! E-mail waiting to be sent. Written in the same breath as the change that
//! causes it; a sender delivers it and marks it sent.

use crate::server::db::{Db, DbError, Sql};

#[derive(Debug, sqlx::FromRow)]
pub struct Message {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
}

pub async fn enqueue(db: &Db, recipient: &str, subject: &str, body: &str, now: i64) -> Result<(), DbError> {
    enqueue_about(db, None, recipient, subject, body, now).await
}

/// `enqueue` of a message about application `application_id`, which
/// withdrawing the application deletes.
pub async fn enqueue_about(
    db: &Db,
    application_id: Option<i64>,
    recipient: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<(), DbError> {
    let mut sql =
        Sql::new(db.backend, "INSERT INTO outbox (application_id, recipient, subject, body, created_at) VALUES (");
    sql.bind_opt(application_id).push(", ").bind(recipient).push(", ").bind(subject).push(", ").bind(body);
    sql.push(", ").bind(now).push(")");
    sql.query().execute(&db.pool).await?;
    Ok(())
}

/// Deletes every message about application `application_id`, sent or not.
pub async fn delete_about(db: &Db, application_id: i64) -> Result<(), DbError> {
    let mut sql = Sql::new(db.backend, "DELETE FROM outbox WHERE application_id = ");
    sql.bind(application_id);
    sql.query().execute(&db.pool).await?;
    Ok(())
}

pub async fn unsent(db: &Db, limit: i64) -> Result<Vec<Message>, DbError> {
    let mut sql = Sql::new(
        db.backend,
        "SELECT id, recipient, subject, body, created_at FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ",
    );
    sql.bind(limit);
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// Marks a message sent and forgets its body (which may hold a private
/// link); `false` when another sender got there first.
pub async fn mark_sent(db: &Db, id: i64, now: i64) -> Result<bool, DbError> {
    let mut sql = Sql::new(db.backend, "UPDATE outbox SET body = '', sent_at = ");
    sql.bind(now).push(" WHERE id = ").bind(id).push(" AND sent_at IS NULL");
    Ok(sql.query().execute(&db.pool).await?.rows_affected() == 1)
}
