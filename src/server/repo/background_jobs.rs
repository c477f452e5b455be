//! The queue's table (`background_jobs`): jobs waiting, leased to a server,
//! or given up on. Every kind of deferred work shares it.

use crate::model::Time;
use crate::server::db::{Backend, Conn, DbError};

/// A job as a runner leased it.
#[derive(Debug, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub data: String,
    /// Tries before this one.
    pub attempts: i64,
}

/// A job to store: run no earlier than `run_at`; `key`, when given, makes
/// it the only job of its kind with that key (a second is not stored).
#[derive(Clone, Copy, Debug)]
pub struct NewJob<'a> {
    pub kind: &'static str,
    pub key: Option<&'a str>,
    pub data: &'a str,
    pub run_at: Time,
}

/// Stores `job`; `false` when a job of its kind with its key waits already.
pub async fn insert(mut c: impl Conn, job: NewJob<'_>, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("INSERT INTO background_jobs (kind, key, data, run_at, created_at) VALUES (");
    sql.bind(job.kind).push(", ").bind_opt(job.key).push(", ").bind(job.data);
    sql.push(", ").bind(job.run_at).push(", ").bind(now).push(")");
    if job.key.is_some() {
        sql.push(" ON CONFLICT (kind, key) WHERE key IS NOT NULL AND failed_at IS NULL DO NOTHING");
    }
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Stores jobs of `kind` without keys, each with its data, a hundred to a
/// statement.
pub async fn insert_many(
    mut c: impl Conn,
    kind: &'static str,
    data: &[String],
    run_at: Time,
    now: Time,
) -> Result<(), DbError> {
    for chunk in data.chunks(100) {
        let mut sql = c.sql("INSERT INTO background_jobs (kind, data, run_at, created_at) VALUES ");
        for (n, data) in chunk.iter().enumerate() {
            sql.push(if n == 0 { "(" } else { ", (" });
            sql.bind(kind).push(", ").bind(data.as_str()).push(", ").bind(run_at).push(", ").bind(now).push(")");
        }
        sql.query().execute(c.executor()).await?;
    }
    Ok(())
}

/// Calls off the job of `kind` with `key`, unless a runner holds it now;
/// `false` when there was none to call off.
pub async fn cancel(mut c: impl Conn, kind: &str, key: &str, now: Time) -> Result<bool, DbError> {
    let mut sql = c.sql("DELETE FROM background_jobs WHERE kind = ");
    sql.bind(kind).push(" AND key = ").bind(key);
    sql.push(" AND (leased_until IS NULL OR leased_until < ").bind(now).push(")");
    Ok(sql.query().execute(c.executor()).await?.rows_affected() > 0)
}

/// Leases up to `limit` due jobs of `kind` to `runner` until `until`,
/// oldest due first. A lease ends by itself, so a job a crashed server held
/// runs elsewhere once it has; on PostgreSQL, servers leasing at once skip
/// each other's rows instead of waiting for them.
pub async fn lease(
    mut c: impl Conn,
    kind: &str,
    runner: &str,
    limit: i64,
    now: Time,
    until: Time,
) -> Result<Vec<JobRow>, DbError> {
    let mut sql = c.sql("UPDATE background_jobs SET leased_by = ");
    sql.bind(runner).push(", leased_until = ").bind(until);
    sql.push(" WHERE id IN (SELECT id FROM background_jobs WHERE failed_at IS NULL AND run_at <= ").bind(now);
    sql.push(" AND (leased_until IS NULL OR leased_until < ").bind(now).push(") AND kind = ").bind(kind);
    sql.push(" ORDER BY run_at, id LIMIT ").bind(limit);
    if c.backend() == Backend::Postgres {
        sql.push(" FOR UPDATE SKIP LOCKED");
    }
    sql.push(") RETURNING id, kind, data, attempts");
    let mut leased: Vec<JobRow> = sql.query_as().fetch_all(c.executor()).await?;
    leased.sort_by_key(|job| job.id);
    Ok(leased)
}

/// Deletes job `id`, done, while `runner` still holds it.
pub async fn finish(mut c: impl Conn, id: i64, runner: &str) -> Result<bool, DbError> {
    let mut sql = c.sql("DELETE FROM background_jobs WHERE id = ");
    sql.bind(id).push(" AND leased_by = ").bind(runner);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Records a failed try of job `id`: again at `retry_at`, or given up on
/// (`None`), with `error`.
pub async fn fail(
    mut c: impl Conn,
    id: i64,
    runner: &str,
    error: &str,
    retry_at: Option<Time>,
    now: Time,
) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE background_jobs SET attempts = attempts + 1, leased_by = NULL, leased_until = NULL");
    sql.push(", last_error = ").bind(error);
    match retry_at {
        Some(at) => sql.push(", run_at = ").bind(at),
        None => sql.push(", failed_at = ").bind(now),
    };
    sql.push(" WHERE id = ").bind(id).push(" AND leased_by = ").bind(runner);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Sets job `id`, leased by `runner`, to run again from `until`, its tries
/// as they were.
pub async fn defer(mut c: impl Conn, id: i64, runner: &str, why: &str, until: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE background_jobs SET leased_by = NULL, leased_until = NULL, last_error = ");
    sql.bind(why).push(", run_at = ").bind(until);
    sql.push(" WHERE id = ").bind(id).push(" AND leased_by = ").bind(runner);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Forgets jobs given up on before `before`; how many.
pub async fn prune_failed(mut c: impl Conn, before: Time) -> Result<u64, DbError> {
    let mut sql = c.sql("DELETE FROM background_jobs WHERE failed_at < ");
    sql.bind(before);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}

/// Jobs waiting (not given up on), by kind, for `/metrics`.
pub async fn waiting(mut c: impl Conn) -> Result<Vec<(String, i64)>, DbError> {
    let sql = c.sql("SELECT kind, COUNT(*) FROM background_jobs WHERE failed_at IS NULL GROUP BY kind ORDER BY kind");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}
