//! Career guides.

use crate::server::db::{Db, DbError, Sql};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct GuideRow {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub category: Option<String>,
    pub body: String,
    /// JSON `[[question, answer], …]`.
    pub faq: String,
    pub published_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "slug, title, summary, author, category, body, faq, published_at, updated_at";

/// Stores `guide` unless one with its slug exists; whether it was stored.
pub async fn insert_if_missing(db: &Db, guide: &GuideRow) -> Result<bool, DbError> {
    let mut sql = Sql::new(db.backend, &format!("INSERT INTO guides ({COLUMNS}) VALUES ("));
    sql.bind(guide.slug.as_str()).push(", ").bind(guide.title.as_str()).push(", ");
    sql.bind(guide.summary.as_str()).push(", ").bind(guide.author.as_str()).push(", ");
    sql.bind_opt(guide.category.as_deref()).push(", ").bind(guide.body.as_str()).push(", ");
    sql.bind(guide.faq.as_str()).push(", ").bind(guide.published_at).push(", ").bind(guide.updated_at);
    sql.push(") ON CONFLICT (slug) DO NOTHING");
    Ok(sql.query().execute(&db.pool).await?.rows_affected() == 1)
}

/// Every guide, newest first.
pub async fn all(db: &Db) -> Result<Vec<GuideRow>, DbError> {
    let sql = Sql::new(db.backend, &format!("SELECT {COLUMNS} FROM guides ORDER BY published_at DESC, slug"));
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

pub async fn find(db: &Db, slug: &str) -> Result<Option<GuideRow>, DbError> {
    let mut sql = Sql::new(db.backend, &format!("SELECT {COLUMNS} FROM guides WHERE slug = "));
    sql.bind(slug);
    Ok(sql.query_as().fetch_optional(&db.pool).await?)
}
