//! The database's own full-text table: SQLite's FTS5, PostgreSQL's tsvector
//! with a GIN index. Nothing reads it any more (every search, feed and API
//! list goes through the in-process engine, `server::search`); it is still
//! written with each posting until the schema clean-up drops it with the
//! stack and location tables.

use crate::model::Stack;
use crate::server::db::{Backend, Sql};

/// What a job is found by.
pub struct Document<'a> {
    pub job_id: i64,
    pub title: &'a str,
    pub company: &'a str,
    pub stacks: &'a [Stack],
    pub description: &'a str,
}

/// The statement that indexes `doc`.
pub fn insert(backend: Backend, doc: &Document<'_>) -> Sql {
    let stacks = doc.stacks.iter().map(|s| format!("{} {}", s.label(), s.slug())).collect::<Vec<_>>().join(" ");
    let mut sql = match backend {
        Backend::Sqlite => {
            Sql::new(backend, "INSERT INTO jobs_fts (rowid, title, company, stacks, description) VALUES (")
        }
        Backend::Postgres => Sql::new(backend, "INSERT INTO jobs_fts (job_id, document) VALUES ("),
    };
    sql.bind(doc.job_id);
    match backend {
        Backend::Sqlite => {
            sql.push(", ").bind(doc.title).push(", ").bind(doc.company);
            sql.push(", ").bind(stacks).push(", ").bind(doc.description).push(")");
        }
        Backend::Postgres => {
            sql.push(", setweight(to_tsvector('simple', ").bind(doc.title).push("), 'A')");
            sql.push(" || setweight(to_tsvector('simple', ").bind(doc.company).push("), 'B')");
            sql.push(" || setweight(to_tsvector('simple', ").bind(stacks).push("), 'B')");
            sql.push(" || setweight(to_tsvector('simple', ").bind(doc.description).push("), 'D'))");
        }
    }
    sql
}
