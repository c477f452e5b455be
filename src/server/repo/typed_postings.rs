//! What employers are typing into posting forms, one copy per person and
//! posting (0: a new one).

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// Keeps `draft` (JSON) as what `user_id` is typing into posting `posting`.
pub async fn keep(mut c: impl Conn, user_id: i64, posting: i64, draft: &str, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO typed_postings (user_id, posting_id, draft, saved_at) VALUES (");
    sql.bind(user_id).push(", ").bind(posting).push(", ").bind(draft).push(", ").bind(now);
    sql.push(") ON CONFLICT (user_id, posting_id) DO UPDATE SET draft = excluded.draft, saved_at = excluded.saved_at");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// What `user_id` last typed into posting `posting`, and when.
pub async fn find(mut c: impl Conn, user_id: i64, posting: i64) -> Result<Option<(String, Time)>, DbError> {
    let mut sql = c.sql("SELECT draft, saved_at FROM typed_postings WHERE user_id = ");
    sql.bind(user_id).push(" AND posting_id = ").bind(posting);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Forgets what `user_id` typed into posting `posting`.
pub async fn forget(mut c: impl Conn, user_id: i64, posting: i64) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM typed_postings WHERE user_id = ");
    sql.bind(user_id).push(" AND posting_id = ").bind(posting);
    sql.query().execute(c.executor()).await?;
    Ok(())
}
