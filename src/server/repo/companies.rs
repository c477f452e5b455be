//! Companies: public profiles and inserting new ones.

use crate::model::Time;
use crate::server::db::{Backend, Conn, DbError};

#[derive(Debug, sqlx::FromRow)]
pub struct CompanyRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub website: Option<String>,
    pub about: String,
    pub verified_at: Option<Time>,
    /// A new name waiting for a moderator.
    pub pending_name: Option<String>,
}

const COLUMNS: &str = "id, slug, name, website, about, verified_at, pending_name";

pub async fn find_by_slug(mut c: impl Conn, slug: &str) -> Result<Option<CompanyRow>, DbError> {
    let mut sql = c.sql(&format!("SELECT {COLUMNS} FROM companies WHERE slug = "));
    sql.bind(slug);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Company `slug` if it is public: verified, or with a posting that was
/// published. A sign-up alone (confirmed or not) shows nothing to the world.
pub async fn find_public_by_slug(mut c: impl Conn, slug: &str) -> Result<Option<CompanyRow>, DbError> {
    let mut sql = c.sql(&format!("SELECT {COLUMNS} FROM companies WHERE slug = "));
    sql.bind(slug);
    sql.push(
        " AND (verified_at IS NOT NULL OR EXISTS \
         (SELECT 1 FROM jobs WHERE jobs.company_id = companies.id AND jobs.published_at IS NOT NULL))",
    );
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// A company to store.
#[derive(Clone, Debug)]
pub struct NewCompany {
    pub slug: String,
    pub name: String,
    pub website: Option<String>,
    pub about: String,
    pub verified_at: Option<Time>,
    pub created_at: Time,
}

/// Stores `company`; its slug must be free.
pub async fn insert(mut c: impl Conn, company: &NewCompany) -> Result<i64, DbError> {
    insert_if_free(&mut c, company).await?.ok_or_else(|| DbError::Conflict(format!("company slug `{}`", company.slug)))
}

/// Stores `company` unless its slug is taken; `None` then.
pub async fn insert_if_free(mut c: impl Conn, company: &NewCompany) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("INSERT INTO companies (slug, name, website, about, verified_at, created_at) VALUES (");
    sql.bind(company.slug.as_str()).push(", ").bind(company.name.as_str()).push(", ");
    sql.bind_opt(company.website.as_deref()).push(", ").bind(company.about.as_str()).push(", ");
    sql.bind_opt(company.verified_at).push(", ").bind(company.created_at);
    sql.push(") ON CONFLICT (slug) DO NOTHING RETURNING id");
    Ok(sql.query_as::<(i64,)>().fetch_optional(c.executor()).await?.map(|(id,)| id))
}

/// A company by id.
pub async fn find_by_id(mut c: impl Conn, id: i64) -> Result<Option<CompanyRow>, DbError> {
    let mut sql = c.sql(&format!("SELECT {COLUMNS} FROM companies WHERE id = "));
    sql.bind(id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Changes the profile (the name too, unless `None`); the slug, and so
/// every public address, stays.
pub async fn update_profile(
    mut c: impl Conn,
    id: i64,
    name: Option<&str>,
    website: Option<&str>,
    about: &str,
) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE companies SET ");
    if let Some(name) = name {
        sql.push("name = ").bind(name).push(", ");
    }
    sql.push("website = ").bind_opt(website).push(", about = ").bind(about);
    sql.push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Stores (or replaces) the company's re-encoded logo.
pub async fn set_logo(mut c: impl Conn, company_id: i64, png: Vec<u8>, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO company_logos (company_id, png, updated_at) VALUES (");
    sql.bind(company_id).push(", ").bind(png).push(", ").bind(now);
    sql.push(") ON CONFLICT (company_id) DO UPDATE SET png = excluded.png, updated_at = excluded.updated_at");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

pub async fn remove_logo(mut c: impl Conn, company_id: i64) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM company_logos WHERE company_id = ");
    sql.bind(company_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// The logo of the company `slug`, with when it was stored.
pub async fn logo(mut c: impl Conn, slug: &str) -> Result<Option<(Vec<u8>, i64)>, DbError> {
    let mut sql = c
        .sql("SELECT l.png, l.updated_at FROM company_logos l JOIN companies c ON c.id = l.company_id WHERE c.slug = ");
    sql.bind(slug);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// When the company's logo was stored, if it has one: its version for caches.
pub async fn logo_version(mut c: impl Conn, company_id: i64) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("SELECT updated_at FROM company_logos WHERE company_id = ");
    sql.bind(company_id);
    Ok(sql.query_as::<(i64,)>().fetch_optional(c.executor()).await?.map(|(v,)| v))
}

/// Company `id` inside a write, held until it ends (on PostgreSQL a row
/// lock; SQLite's write transaction holds the whole database already).
pub async fn find_by_id_for_update(mut c: impl Conn, id: i64) -> Result<Option<CompanyRow>, DbError> {
    let mut sql = c.sql(&format!("SELECT {COLUMNS} FROM companies WHERE id = "));
    sql.bind(id);
    if c.backend() == Backend::Postgres {
        sql.push(" FOR UPDATE");
    }
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Whether a moderator has seen, or is seeing, company `id` under its name:
/// verified, or with a posting past its draft. Its new names wait for a
/// moderator.
pub async fn name_is_watched(mut c: impl Conn, id: i64) -> Result<bool, DbError> {
    let mut sql = c.sql("SELECT COUNT(*) FROM companies WHERE id = ");
    sql.bind(id);
    sql.push(" AND (verified_at IS NOT NULL OR EXISTS (SELECT 1 FROM jobs WHERE jobs.company_id = companies.id AND (jobs.status <> ");
    sql.state(crate::model::PostingStatus::Draft.slug()).push(" OR jobs.published_at IS NOT NULL)))");
    Ok(sql.query_as::<(i64,)>().fetch_one(c.executor()).await?.0 > 0)
}

/// Holds `name` as company `id`'s new name until a moderator decides (or
/// drops the one waiting, with `None`). Asking again for the same name keeps
/// its place in the queue.
pub async fn set_pending_name(mut c: impl Conn, id: i64, name: Option<&str>, now: Time) -> Result<(), DbError> {
    let mut sql = match name {
        Some(name) => {
            let mut sql = c.sql("UPDATE companies SET pending_name_at = CASE WHEN pending_name = ");
            sql.bind(name).push(" THEN pending_name_at ELSE ").bind(now).push(" END, pending_name = ").bind(name);
            sql
        }
        None => c.sql("UPDATE companies SET pending_name = NULL, pending_name_at = NULL"),
    };
    sql.push(" WHERE id = ").bind(id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// A new name waiting for a moderator.
#[derive(Debug, sqlx::FromRow)]
pub struct RenameRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub pending_name: String,
    pub pending_name_at: Time,
}

/// The new names waiting, oldest first.
pub async fn pending_renames(mut c: impl Conn) -> Result<Vec<RenameRow>, DbError> {
    let sql = c.sql(
        "SELECT id, slug, name, pending_name, pending_name_at FROM companies \
         WHERE pending_name IS NOT NULL ORDER BY pending_name_at, id",
    );
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Ends company `id`'s wait for `expected`, the name the moderator saw:
/// takes it as the company's name when `approve`, drops it otherwise.
/// `false` when that name no longer waits (decided, withdrawn or changed
/// meanwhile).
pub async fn decide_rename(mut c: impl Conn, id: i64, expected: &str, approve: bool) -> Result<bool, DbError> {
    let set = if approve { "name = pending_name, " } else { "" };
    let mut sql = c.sql(&format!("UPDATE companies SET {set}pending_name = NULL, pending_name_at = NULL WHERE id = "));
    sql.bind(id).push(" AND pending_name = ").bind(expected);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}
