//! The database's own full-text matching, used where a filter with words
//! reaches SQL (the filtered feed and the JSON API, newest first); `/jobs`
//! uses the in-process engine (`server::search`). The one place the
//! backends differ: SQLite's FTS5, PostgreSQL's tsvector with a GIN index.
//! Both match every word of the query as a prefix, without regard to case.

use crate::model::Stack;
use crate::server::db::{Backend, Sql};

/// The words of a free-text query, letters and digits only, so no user input
/// is ever read as query syntax by either engine.
pub fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(16).map(str::to_lowercase).collect()
}

/// The engine's query for `words`: every word, each as a prefix.
fn engine_query(backend: Backend, words: &[String]) -> String {
    match backend {
        Backend::Sqlite => words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" "),
        Backend::Postgres => words.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(" & "),
    }
}

/// Joins the search table to `j` (jobs).
pub fn push_join(sql: &mut Sql) {
    sql.push(match sql.backend() {
        Backend::Sqlite => " JOIN jobs_fts ON jobs_fts.rowid = j.id",
        Backend::Postgres => " JOIN jobs_fts ON jobs_fts.job_id = j.id",
    });
}

/// ` AND <the document matches every word>`.
pub fn push_match(sql: &mut Sql, words: &[String]) {
    let query = engine_query(sql.backend(), words);
    match sql.backend() {
        Backend::Sqlite => sql.push(" AND jobs_fts MATCH ").bind(query),
        Backend::Postgres => sql.push(" AND jobs_fts.document @@ to_tsquery('simple', ").bind(query).push(")"),
    };
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_never_becomes_query_syntax() {
        let w = words("Rust OR \"go\" NEAR(x) & !b:* c++ / ***");
        assert_eq!(w, ["rust", "or", "go", "near", "x", "b", "c"]);
        assert_eq!(engine_query(Backend::Sqlite, &w[..2]), "\"rust\"* \"or\"*");
        assert_eq!(engine_query(Backend::Postgres, &w[..2]), "rust:* & or:*");
        assert!(words("  -- ' ; ").is_empty());
    }
}
