//! Companies: public profiles and inserting new ones.

use crate::server::db::{Db, DbError, Sql};

#[derive(Debug, sqlx::FromRow)]
pub struct CompanyRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub website: Option<String>,
    pub about: String,
    pub verified_at: Option<i64>,
}

pub async fn find_by_slug(db: &Db, slug: &str) -> Result<Option<CompanyRow>, DbError> {
    let mut sql =
        Sql::new(db.backend, "SELECT id, slug, name, website, about, verified_at FROM companies WHERE slug = ");
    sql.bind(slug);
    Ok(sql.query_as().fetch_optional(&db.pool).await?)
}

/// A company to store.
#[derive(Clone, Debug)]
pub struct NewCompany {
    pub slug: String,
    pub name: String,
    pub website: Option<String>,
    pub about: String,
    pub verified_at: Option<i64>,
    pub created_at: i64,
}

pub async fn insert(db: &Db, company: &NewCompany) -> Result<i64, DbError> {
    let mut sql =
        Sql::new(db.backend, "INSERT INTO companies (slug, name, website, about, verified_at, created_at) VALUES (");
    sql.bind(company.slug.as_str()).push(", ").bind(company.name.as_str()).push(", ");
    sql.bind_opt(company.website.as_deref()).push(", ").bind(company.about.as_str()).push(", ");
    sql.bind_opt(company.verified_at).push(", ").bind(company.created_at).push(") RETURNING id");
    let (id,): (i64,) = sql.query_as().fetch_one(&db.pool).await?;
    Ok(id)
}
