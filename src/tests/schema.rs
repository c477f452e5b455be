//! `migrations/sqlite` and `migrations/postgres` are kept in step by number:
//! after migrating, both have the same tables, columns (with nullability) and
//! indexes, with nothing left out: search is the engine's, not the
//! database's, so neither has a full-text table of its own.

use std::collections::BTreeSet;

use farcoder::server::db::Db;

use crate::harness::TestDatabase;
use crate::postgres::server_url;

/// Tables, `table.column NOT NULL?` and indexes.
#[derive(Debug, PartialEq)]
struct Shape {
    tables: BTreeSet<String>,
    columns: BTreeSet<String>,
    indexes: BTreeSet<String>,
}

async fn sqlite_shape() -> Shape {
    let dir = tempfile::tempdir().expect("temp dir");
    let db =
        Db::connect(&format!("sqlite://{}/shape.db", dir.path().display()), &Default::default()).await.expect("sqlite");
    db.migrate().await.expect("migrate sqlite");
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("tables");
    let mut columns = BTreeSet::new();
    for (table,) in &tables {
        let rows: Vec<(String, i64, i64)> =
            sqlx::query_as(&format!("SELECT name, \"notnull\", pk FROM pragma_table_info('{table}')"))
                .fetch_all(&db.pool)
                .await
                .expect("columns");
        for (column, not_null, pk) in rows {
            // A primary key column can never be NULL, whatever SQLite reports.
            columns.insert(format!("{table}.{column}{}", if not_null == 1 || pk > 0 { " NOT NULL" } else { "" }));
        }
    }
    let indexes: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            .fetch_all(&db.pool)
            .await
            .expect("indexes");
    Shape {
        tables: tables.into_iter().map(|(t,)| t).collect(),
        columns,
        indexes: indexes.into_iter().map(|(i,)| i).collect(),
    }
}

async fn postgres_shape() -> Shape {
    let database = TestDatabase::new().await;
    let db = Db::connect(&database.url, &Default::default()).await.expect("postgres");
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
         AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("tables");
    let columns: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("columns");
    // Primary keys and UNIQUE constraints make indexes of their own in
    // PostgreSQL (`_pkey`, `_key`); SQLite's equivalents have no SQL. Neither
    // is written in a migration, so neither is compared.
    let indexes: Vec<(String,)> = sqlx::query_as(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '_sqlx%' \
         AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("indexes");
    db.pool.close().await;
    Shape {
        tables: tables.into_iter().map(|(t,)| t).collect(),
        columns: columns
            .into_iter()
            .map(|(t, c, nullable)| format!("{t}.{c}{}", if nullable == "NO" { " NOT NULL" } else { "" }))
            .collect(),
        indexes: indexes.into_iter().map(|(i,)| i).collect(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_migration_folders_have_the_same_numbered_files() {
    let names = |backend: &str| -> Vec<String> {
        let dir = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names("sqlite"), names("postgres"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_keeps_no_search_tables_of_its_own() {
    let sqlite = sqlite_shape().await;
    for gone in ["jobs_fts", "job_stacks", "job_locations"] {
        assert!(!sqlite.tables.iter().any(|t| t.starts_with(gone)), "{gone} in {:?}", sqlite.tables);
    }
    assert!(sqlite.columns.contains("jobs.stacks NOT NULL"), "the stacks stay with the job");
}

/// The tests that need PostgreSQL (see `operations::NEEDS_POSTGRES`).
mod on_postgres {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_and_postgres_migrations_describe_the_same_schema() {
        assert!(server_url().is_some(), "{}", crate::operations::NEEDS_POSTGRES);
        let (sqlite, postgres) = (sqlite_shape().await, postgres_shape().await);
        assert!(sqlite.tables.contains("jobs") && sqlite.columns.contains("jobs.title NOT NULL"), "{sqlite:?}");
        assert_eq!(sqlite, postgres);
    }
}
