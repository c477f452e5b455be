//! Automatic flags on postings, and the company's earlier postings a new one
//! is compared with.

use sqlx::AnyConnection;

use crate::model::{PostingStatus, Time};
use crate::server::db::{Backend, Db, DbError, Sql};

/// A stored flag.
#[derive(Debug, sqlx::FromRow)]
pub struct FlagRow {
    pub job_id: i64,
    pub kind: String,
    pub reason: String,
}

/// Replaces job `job_id`'s flags of the given kinds with `flags` (kind, reason).
pub async fn replace(db: &Db, job_id: i64, kinds: &[&str], flags: &[(&str, &str)], now: Time) -> Result<(), DbError> {
    let mut tx = db.begin_write().await?;
    replace_on(&mut tx, db.backend, job_id, kinds, flags, now).await?;
    tx.commit().await?;
    Ok(())
}

/// `replace` on `conn`, inside a transaction the caller commits.
pub async fn replace_on(
    conn: &mut AnyConnection,
    backend: Backend,
    job_id: i64,
    kinds: &[&str],
    flags: &[(&str, &str)],
    now: Time,
) -> Result<(), DbError> {
    let mut sql = Sql::new(backend, "DELETE FROM job_flags WHERE job_id = ");
    sql.bind(job_id).push(" AND kind IN ").bind_list(kinds.iter().copied());
    sql.query().execute(&mut *conn).await?;
    for (kind, reason) in flags {
        let mut sql = Sql::new(backend, "INSERT INTO job_flags (job_id, kind, reason, created_at) VALUES (");
        sql.bind(job_id).push(", ").bind(*kind).push(", ").bind(*reason).push(", ").bind(now).push(")");
        sql.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// The flags of the jobs `ids`, oldest first.
pub async fn of_jobs(db: &Db, ids: &[i64]) -> Result<Vec<FlagRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(db.backend, "SELECT job_id, kind, reason FROM job_flags WHERE job_id IN ");
    sql.bind_list(ids.iter().copied()).push(" ORDER BY id");
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// A posting a new one of the same company might duplicate.
#[derive(Debug, sqlx::FromRow)]
pub struct EarlierRow {
    pub id: i64,
    pub title: String,
    pub description: String,
}

/// `company_id`'s other postings that are in review, live, or were
/// published or updated since `since`.
pub async fn earlier_postings(db: &Db, company_id: i64, except: i64, since: Time) -> Result<Vec<EarlierRow>, DbError> {
    let mut conn = db.pool.acquire().await?;
    earlier_postings_on(&mut conn, db.backend, company_id, except, since).await
}

/// `earlier_postings` on `conn`, inside the submission's transaction.
pub async fn earlier_postings_on(
    conn: &mut AnyConnection,
    backend: Backend,
    company_id: i64,
    except: i64,
    since: Time,
) -> Result<Vec<EarlierRow>, DbError> {
    let mut sql = Sql::new(backend, "SELECT id, title, description FROM jobs WHERE company_id = ");
    sql.bind(company_id).push(" AND id <> ").bind(except);
    sql.push(" AND (status IN ").states(&[PostingStatus::Review.slug(), PostingStatus::Published.slug()]);
    sql.push(" OR (status <> ").state(PostingStatus::Draft.slug()).push(" AND updated_at >= ").bind(since);
    sql.push(")) ORDER BY id DESC LIMIT 500");
    Ok(sql.query_as().fetch_all(conn).await?)
}
