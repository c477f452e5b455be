//! What employers are typing into posting forms, one copy per person and
//! posting (0: a new one).

use crate::model::Time;
use crate::server::db::{Db, DbError, Sql};

/// Keeps `draft` (JSON) as what `user_id` is typing into posting `posting`.
pub async fn keep(db: &Db, user_id: i64, posting: i64, draft: &str, now: Time) -> Result<(), DbError> {
    let mut sql = Sql::new(db.backend, "INSERT INTO typed_postings (user_id, posting_id, draft, saved_at) VALUES (");
    sql.bind(user_id).push(", ").bind(posting).push(", ").bind(draft).push(", ").bind(now);
    sql.push(") ON CONFLICT (user_id, posting_id) DO UPDATE SET draft = excluded.draft, saved_at = excluded.saved_at");
    sql.query().execute(&db.pool).await?;
    Ok(())
}

/// What `user_id` last typed into posting `posting`, and when.
pub async fn find(db: &Db, user_id: i64, posting: i64) -> Result<Option<(String, Time)>, DbError> {
    let mut sql = Sql::new(db.backend, "SELECT draft, saved_at FROM typed_postings WHERE user_id = ");
    sql.bind(user_id).push(" AND posting_id = ").bind(posting);
    Ok(sql.query_as().fetch_optional(&db.pool).await?)
}

/// Forgets what `user_id` typed into posting `posting`.
pub async fn forget(db: &Db, user_id: i64, posting: i64) -> Result<(), DbError> {
    let mut sql = Sql::new(db.backend, "DELETE FROM typed_postings WHERE user_id = ");
    sql.bind(user_id).push(" AND posting_id = ").bind(posting);
    sql.query().execute(&db.pool).await?;
    Ok(())
}
