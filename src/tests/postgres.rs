//! PostgreSQL for the tests: a scratch database per test, copied from a
//! template that carries the migrations, and dropped when the test ends.

use std::sync::atomic::{AtomicU64, Ordering};

use farcoder::server::db::Backend;
use sqlx::{Connection, PgConnection};
use tokio::sync::OnceCell;

/// The server the suite runs against, if any (`TEST_DATABASE_URL`).
pub fn server_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres"))
}

/// `url` with its database name replaced.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[authority_start..].find('/').map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The migrated template database, made once per test process. Its name
/// carries a hash of the migrations, so a changed schema gets a new one.
async fn template(server: &str) -> &'static str {
    TEMPLATE
        .get_or_init(|| async {
            let mut hash = std::hash::DefaultHasher::new();
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres");
            let mut files: Vec<_> = std::fs::read_dir(dir).expect("migrations").flatten().map(|e| e.path()).collect();
            files.sort();
            for file in files {
                std::hash::Hash::hash(&std::fs::read(file).expect("migration"), &mut hash);
            }
            let name = format!("farcoder_template_{:016x}", std::hash::Hasher::finish(&hash));
            let mut admin = PgConnection::connect(server).await.expect("connect to TEST_DATABASE_URL");
            let exists: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
                .bind(&name)
                .fetch_optional(&mut admin)
                .await
                .expect("look up template");
            if exists.is_none() {
                // Built under a temporary name and renamed, so no other test
                // process ever copies a half-migrated template.
                let building = format!("{name}_{}", std::process::id());
                sqlx::query(&format!("CREATE DATABASE {building}")).execute(&mut admin).await.expect("create template");
                let db = farcoder::server::db::Db::connect(&with_database(server, &building), &Default::default())
                    .await
                    .expect("connect to template");
                db.migrate().await.expect("migrate template");
                db.pool.close().await;
                // The migrating pool's sessions may take a moment to end.
                let mut attempts = 0;
                loop {
                    // Sessions the migrating pool left behind would block the rename.
                    let _ = sqlx::query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                    )
                    .bind(&building)
                    .execute(&mut admin)
                    .await;
                    let renamed =
                        sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {name}")).execute(&mut admin).await;
                    match renamed {
                        Ok(_) => break,
                        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {
                            // Another process finished first; theirs is as good.
                            let _ = sqlx::query(&format!("DROP DATABASE {building} WITH (FORCE)"))
                                .execute(&mut admin)
                                .await;
                            break;
                        }
                        Err(e) => {
                            attempts += 1;
                            assert!(attempts < 50, "could not rename the template: {e}");
                            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                        }
                    }
                }
            }
            name
        })
        .await
}

/// A fresh database on the test server.
pub struct Scratch {
    pub url: String,
    server: String,
    name: String,
}

impl Scratch {
    /// A migrated database; `None` when the suite runs on SQLite.
    pub async fn create() -> Option<Scratch> {
        let server = server_url()?;
        let template = template(&server).await;
        Some(Scratch::new(server, &format!("TEMPLATE {template}")).await)
    }

    /// A database with nothing in it, not even the migrations.
    pub async fn empty() -> Option<Scratch> {
        Some(Scratch::new(server_url()?, "").await)
    }

    async fn new(server: String, options: &str) -> Scratch {
        let name = format!("farcoder_test_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let mut admin = PgConnection::connect(&server).await.expect("connect to TEST_DATABASE_URL");
        sqlx::query(&format!("CREATE DATABASE {name} {options}")).execute(&mut admin).await.expect("create a database");
        Scratch { url: with_database(&server, &name), server, name }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        // Drop runs outside any async context: use a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&server).await.ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(_))) {
            eprintln!("could not drop the scratch database {}", self.name);
        }
    }
}

#[test]
fn replaces_the_database_name() {
    assert_eq!(with_database("postgres://u@h:5/postgres", "x"), "postgres://u@h:5/x");
    assert_eq!(with_database("postgres://u:p@h/db?sslmode=disable", "x"), "postgres://u:p@h/x?sslmode=disable");
    assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_suite_runs_on_the_backend_it_was_given() {
    let app = crate::harness::TestApp::new().await;
    let expected = if server_url().is_some() { Backend::Postgres } else { Backend::Sqlite };
    assert_eq!(app.db.backend, expected);
}
