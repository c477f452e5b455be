//! Career guides.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// What lists, feeds and the sitemap need of a guide.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct GuideListing {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub category: Option<String>,
    pub published_at: Time,
    pub updated_at: Time,
}

/// A whole guide.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct GuideRow {
    #[sqlx(flatten)]
    pub listing: GuideListing,
    pub body: String,
    /// JSON `[[question, answer], …]`.
    pub faq: String,
}

const LISTING_COLUMNS: &str = "slug, title, summary, author, category, published_at, updated_at";
const COLUMNS: &str = "slug, title, summary, author, category, published_at, updated_at, body, faq";

/// Stores `guide` unless one with its slug exists; whether it was stored.
pub async fn insert_if_missing(mut c: impl Conn, guide: &GuideRow) -> Result<bool, DbError> {
    let listing = &guide.listing;
    let mut sql = c.sql(&format!("INSERT INTO guides ({COLUMNS}) VALUES ("));
    sql.bind(listing.slug.as_str()).push(", ").bind(listing.title.as_str()).push(", ");
    sql.bind(listing.summary.as_str()).push(", ").bind(listing.author.as_str()).push(", ");
    sql.bind_opt(listing.category.as_deref()).push(", ").bind(listing.published_at).push(", ");
    sql.bind(listing.updated_at).push(", ").bind(guide.body.as_str()).push(", ").bind(guide.faq.as_str());
    sql.push(") ON CONFLICT (slug) DO NOTHING");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Every guide, newest first, without bodies.
pub async fn all(mut c: impl Conn) -> Result<Vec<GuideListing>, DbError> {
    let sql = c.sql(&format!("SELECT {LISTING_COLUMNS} FROM guides ORDER BY published_at DESC, slug"));
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

pub async fn find(mut c: impl Conn, slug: &str) -> Result<Option<GuideRow>, DbError> {
    let mut sql = c.sql(&format!("SELECT {COLUMNS} FROM guides WHERE slug = "));
    sql.bind(slug);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Replaces what guide `slug` says; `false` when there is no such guide.
#[allow(clippy::too_many_arguments)]
pub async fn update(
    mut c: impl Conn,
    slug: &str,
    title: &str,
    summary: &str,
    category: Option<&str>,
    body: &str,
    faq: &str,
    now: Time,
) -> Result<bool, DbError> {
    let mut sql = c.sql("UPDATE guides SET title = ");
    sql.bind(title).push(", summary = ").bind(summary).push(", category = ").bind_opt(category);
    sql.push(", body = ").bind(body).push(", faq = ").bind(faq).push(", updated_at = ").bind(now);
    sql.push(" WHERE slug = ").bind(slug);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}
