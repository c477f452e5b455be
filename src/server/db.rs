//! The database: one pool for SQLite or PostgreSQL, migrations, and a small
//! query builder that writes each backend's placeholders.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Transaction};

/// Which server is behind the pool. Queries share their SQL text except where a
/// backend's own strength (full-text search) is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend as a backup's manifest names it.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL `{0}`: use sqlite://… or postgres://…")]
    UnsupportedUrl(String),
    #[error("could not create the database folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("gave up waiting for the database after {waited}s: {source}")]
    Unreachable { waited: u64, source: sqlx::Error },
    #[error("already taken: {0}")]
    Conflict(String),
    #[error("stored row is not valid: {0}")]
    Corrupt(String),
}

impl From<DbError> for crate::error::AppError {
    fn from(err: DbError) -> Self {
        tracing::error!(error = %err, "database request failed");
        crate::error::AppError::Internal
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// How the pool connects and how long it waits.
#[derive(Clone, Debug)]
pub struct PoolSettings {
    pub max_connections: u32,
    /// PostgreSQL cancels any statement running longer than this.
    pub statement_timeout: Duration,
    /// How long start-up waits for an unreachable database before giving up.
    pub wait_at_start: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_connections: 10,
            statement_timeout: Duration::from_secs(5),
            wait_at_start: Duration::from_secs(30),
        }
    }
}

/// A key for PostgreSQL's advisory lock that serialises start-up work
/// (migrations, demo data) between app servers starting at once.
const STARTUP_LOCK: i64 = 0x4641_5243_4f44_4552; // "FARCODER"

impl Db {
    /// On SQLite, folds the write-ahead log into the database file and
    /// empties it (a long run of writes, like seeding, calls it as it goes,
    /// so the log stays small); nothing on PostgreSQL.
    pub async fn checkpoint(&self) -> Result<(), DbError> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await?;
        }
        Ok(())
    }

    /// Connects, creating a SQLite file (and its folder) when missing, and
    /// waiting up to `settings.wait_at_start` for a database that is not up yet.
    pub async fn connect(url: &str, settings: &PoolSettings) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(DbError::UnsupportedUrl(redact(url)));
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url_with_create(url)?,
            Backend::Postgres => postgres_url_with_timeout(url, settings.statement_timeout),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool_options = AnyPoolOptions::new()
            .max_connections(settings.max_connections.max(1))
            .acquire_timeout(Duration::from_secs(2))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // In WAL mode NORMAL never corrupts the file; it syncs
                        // at checkpoints instead of at every commit (the view
                        // counts written per job page waited on that).
                        sqlx::query("PRAGMA synchronous = NORMAL").execute(conn).await?;
                    }
                    Ok(())
                })
            });
        let wait = settings.wait_at_start;
        tracing::info!(database = %redact(&url), "connecting to the database (waiting up to {}s for it)", wait.as_secs());
        let started = tokio::time::Instant::now();
        let mut attempt = 0;
        let pool = loop {
            match pool_options.clone().connect_with(options.clone()).await {
                Ok(pool) => break pool,
                Err(err) if is_unreachable(&err) && started.elapsed() < wait => {
                    attempt += 1;
                    tracing::warn!(attempt, error = %err, "waiting for the database to accept connections");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(err) if is_unreachable(&err) => {
                    return Err(DbError::Unreachable { waited: wait.as_secs(), source: err });
                }
                Err(err) => return Err(err.into()),
            }
        };
        if backend == Backend::Sqlite {
            // WAL: readers never wait for the writer. It is a property of the
            // file, so setting it once per start is enough.
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
        }
        Ok(Db { pool, backend })
    }

    /// Applies every pending migration. sqlx takes PostgreSQL's advisory lock
    /// while it migrates, so servers starting together apply each one once.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&self.pool).await?,
        }
        Ok(())
    }

    /// Runs `work` while holding the start-up lock (PostgreSQL); on SQLite,
    /// which serves one machine, it just runs `work`. The lock belongs to a
    /// transaction of its own, so it ends with that transaction however
    /// `work` ends: returning, failing, or panicking (the transaction is
    /// then dropped and rolled back), never left held on a pooled connection.
    pub async fn with_startup_lock<T, F>(&self, work: F) -> Result<T, DbError>
    where
        F: AsyncFnOnce(&Db) -> Result<T, DbError>,
    {
        if self.backend == Backend::Sqlite {
            return work(self).await;
        }
        let mut lock = self.pool.begin().await?;
        sqlx::query(&format!("SELECT pg_advisory_xact_lock({STARTUP_LOCK})")).execute(&mut *lock).await?;
        let result = work(self).await;
        lock.commit().await?;
        result
    }

    /// A transaction that will write: every repository write inside it
    /// commits with the others or not at all. SQLite takes its write lock at
    /// `BEGIN` (`IMMEDIATE`), so a transaction that reads before it writes
    /// waits for another writer instead of failing with "database is locked"
    /// when that writer came between; PostgreSQL begins as usual.
    pub async fn begin_write(&self) -> Result<Tx, DbError> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(Tx { tx, backend: self.backend })
    }

    /// Whether the database answers a trivial query within two seconds.
    pub async fn is_ready(&self) -> bool {
        let ping = sqlx::query("SELECT 1").execute(&self.pool);
        matches!(tokio::time::timeout(Duration::from_secs(2), ping).await, Ok(Ok(_)))
    }
}

/// An open write transaction (`Db::begin_write`): every repository
/// function takes it as a connection (`&mut tx`); dropped without `commit`,
/// it rolls back.
pub struct Tx {
    tx: Transaction<'static, Any>,
    backend: Backend,
}

impl Tx {
    pub async fn commit(self) -> Result<(), DbError> {
        Ok(self.tx.commit().await?)
    }
}

/// Where a repository function runs its statements: the pool (`&Db`, each
/// statement on whichever connection is free) or one write transaction
/// (`&mut Tx`), each knowing its backend. Every repository function takes
/// `impl Conn`, so one function serves a plain read and a step inside an
/// action's transaction alike.
pub trait Conn: Send {
    fn backend(&self) -> Backend;

    /// What runs the next statement.
    fn executor(&mut self) -> impl sqlx::Executor<'_, Database = Any>;

    /// An empty statement in this backend's dialect.
    fn sql(&self, text: &str) -> Sql {
        Sql::new(self.backend(), text)
    }
}

impl Conn for &Db {
    fn backend(&self) -> Backend {
        self.backend
    }

    fn executor(&mut self) -> impl sqlx::Executor<'_, Database = Any> {
        &self.pool
    }
}

impl Conn for Tx {
    fn backend(&self) -> Backend {
        self.backend
    }

    fn executor(&mut self) -> impl sqlx::Executor<'_, Database = Any> {
        &mut *self.tx
    }
}

impl<C: Conn> Conn for &mut C {
    fn backend(&self) -> Backend {
        (**self).backend()
    }

    fn executor(&mut self) -> impl sqlx::Executor<'_, Database = Any> {
        (**self).executor()
    }
}

/// Errors that mean "not up yet" rather than "wrong": worth waiting for.
fn is_unreachable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut => true,
        // 57P03: the server is starting up.
        sqlx::Error::Database(db) => db.code().is_some_and(|c| c == "57P03"),
        _ => false,
    }
}

/// Adds PostgreSQL's statement timeout as a connection option.
fn postgres_url_with_timeout(url: &str, timeout: Duration) -> String {
    if url.contains("statement_timeout") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-c%20statement_timeout%3D{}", timeout.as_millis())
}

/// Adds `mode=rwc` so SQLite creates the file, and creates its folder.
fn sqlite_url_with_create(url: &str) -> Result<String, DbError> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let file = path.split('?').next().unwrap_or_default();
    if !file.is_empty()
        && file != ":memory:"
        && let Some(dir) = std::path::Path::new(file).parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|source| DbError::Folder { path: dir.display().to_string(), source })?;
    }
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// A URL with its password hidden, for messages and logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_owned(),
    }
}

/// A value bound to a query.
#[derive(Clone, Debug)]
pub enum Value {
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

/// SQL text with its bound values, written once for both backends:
/// `bind` emits `?` for SQLite and `$n` for PostgreSQL.
#[derive(Debug)]
pub struct Sql {
    backend: Backend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: Backend, text: &str) -> Self {
        Sql { backend, text: text.to_owned(), values: Vec::new() }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn push(&mut self, text: &'static str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        match self.backend {
            Backend::Sqlite => self.text.push('?'),
            Backend::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.values.len().to_string());
            }
        }
        self
    }

    /// A stored state's text (a `model::states` slug) written into the
    /// statement as a literal, not bound: a partial index on that state
    /// (`WHERE status = 'pending'`) is used only for a literal.
    pub fn state(&mut self, slug: &'static str) -> &mut Self {
        debug_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "a state's slug: {slug}");
        self.text.push('\'');
        self.text.push_str(slug);
        self.text.push('\'');
        self
    }

    /// `('a', 'b', …)` of states, as `state` writes each; never empty.
    pub fn states(&mut self, slugs: &[&'static str]) -> &mut Self {
        self.list(slugs.iter().copied(), |sql, slug| {
            sql.state(slug);
        })
    }

    /// A value, or `NULL` for `None`.
    pub fn bind_opt<T: Into<Value>>(&mut self, value: Option<T>) -> &mut Self {
        match value {
            Some(v) => self.bind(v),
            None => self.push("NULL"),
        }
    }

    /// `(v1, v2, …)` for an `IN` list; never empty.
    pub fn bind_list<T: Into<Value>>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self {
        self.list(values, |sql, value| {
            sql.bind(value);
        })
    }

    pub fn query_as<'q, T>(&'q self) -> sqlx::query::QueryAs<'q, Any, T, sqlx::any::AnyArguments<'q>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_as_with(&self.text, self.arguments())
    }

    pub fn query(&self) -> sqlx::query::Query<'_, Any, sqlx::any::AnyArguments<'_>> {
        sqlx::query_with(&self.text, self.arguments())
    }

    /// The bound values, in order.
    fn arguments(&self) -> sqlx::any::AnyArguments<'_> {
        use sqlx::Arguments as _;
        let mut arguments = sqlx::any::AnyArguments::default();
        for value in &self.values {
            // Adding a value the `Any` driver has a type for does not fail.
            let _ = match value {
                Value::Int(i) => arguments.add(*i),
                Value::Text(s) => arguments.add(s.as_str()),
                Value::Bytes(b) => arguments.add(b.as_slice()),
            };
        }
        arguments
    }

    /// `(…, …)`: each of `items` written by `write`; never empty.
    fn list<T>(&mut self, items: impl IntoIterator<Item = T>, mut write: impl FnMut(&mut Self, T)) -> &mut Self {
        self.text.push('(');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            write(self, item);
        }
        self.text.push(')');
        self
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<crate::model::Time> for Value {
    fn from(v: crate::model::Time) -> Self {
        Value::Int(v.unix())
    }
}

impl From<crate::model::Span> for Value {
    fn from(v: crate::model::Span) -> Self {
        Value::Int(v.as_secs())
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Bytes(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A statement with every kind of piece, in each backend's dialect.
    fn statement(backend: Backend) -> Sql {
        let mut sql = Sql::new(backend, "SELECT id FROM jobs WHERE company_id = ");
        sql.bind(7).push(" AND status IN ").states(&["published", "expired"]);
        sql.push(" AND id IN ").bind_list([1, 2, 3]).push(" AND moderation_note IS ").bind_opt(None::<&str>);
        sql.push(" AND title = ")
            .bind("a'b; DROP TABLE jobs")
            .push(" AND expires_at > ")
            .bind(crate::model::Time::from_unix(9));
        sql
    }

    #[test]
    fn placeholders_are_numbered_in_order_on_postgres_and_plain_on_sqlite() {
        let expected = "SELECT id FROM jobs WHERE company_id = {} AND status IN ('published', 'expired') \
                        AND id IN ({}, {}, {}) AND moderation_note IS NULL AND title = {} AND expires_at > {}";
        let fill = |marks: &[&str]| marks.iter().fold(expected.to_owned(), |text, m| text.replacen("{}", m, 1));
        assert_eq!(statement(Backend::Postgres).text, fill(&["$1", "$2", "$3", "$4", "$5", "$6"]));
        assert_eq!(statement(Backend::Sqlite).text, fill(&["?"; 6]));
        let values = statement(Backend::Postgres).values;
        assert_eq!(values.len(), 6, "a NULL is written, not bound");
        assert!(matches!(&values[4], Value::Text(t) if t == "a'b; DROP TABLE jobs"), "text is bound, never written");
    }

    #[tokio::test]
    async fn a_bound_statement_runs_and_reads_back_each_kind_of_value() {
        let db = Db::connect("sqlite::memory:", &PoolSettings { max_connections: 1, ..PoolSettings::default() })
            .await
            .expect("in-memory database");
        let mut c = &db;
        let create = c.sql("CREATE TABLE t (n INTEGER, s TEXT, b BLOB, x TEXT)");
        create.query().execute(c.executor()).await.expect("create");
        let mut insert = c.sql("INSERT INTO t (n, s, b, x) VALUES (");
        insert.bind(-3).push(", ").bind("it's").push(", ").bind(vec![0u8, 255]).push(", ").bind_opt(None::<i64>);
        insert.push(")");
        insert.query().execute(c.executor()).await.expect("insert");
        let mut select = c.sql("SELECT n, s, b, x FROM t WHERE n IN ");
        select.bind_list([-3, 4]).push(" AND s = ").bind("it's");
        let row: (i64, String, Vec<u8>, Option<String>) =
            select.query_as().fetch_one(c.executor()).await.expect("the row");
        assert_eq!(row, (-3, "it's".to_owned(), vec![0, 255], None));
    }
}
