//! `farcoder backup DEST` and `farcoder restore SRC`: a consistent copy of
//! the database taken while the server serves, with every uploaded file, in
//! a folder or an S3-compatible bucket (`s3://bucket/prefix`, reached with
//! the `FARCODER_S3_*` endpoint, region and key), and the way back into an
//! empty database.
//!
//! The copy: SQLite's `VACUUM INTO` (one read transaction, so one moment),
//! or PostgreSQL's `pg_dump` (one snapshot); then the uploaded files, which
//! exist before any row names them, so every file the copy's rows name is
//! among them; then `backup.json`, written last, which marks a copy complete.

use std::path::PathBuf;

use crate::model::Time;
use crate::server::db::{Backend, Db};
use crate::server::storage::{S3Settings, Storage, StorageSettings};

/// The database's copy, by backend.
const SQLITE_COPY: &str = "database/farcoder.sqlite3";
const POSTGRES_COPY: &str = "database/farcoder.pgdump";
/// Uploaded files go under this prefix.
const UPLOADS: &str = "uploads/";
/// Written last: a copy without it is unfinished.
const MANIFEST: &str = "backup.json";

/// What `backup.json` says of a copy.
#[derive(Debug, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// When the database's copy was taken (RFC 2822, UTC), and as a moment.
    pub taken: String,
    pub taken_at: Time,
    pub backend: String,
    pub files: usize,
}

/// Where a copy goes or comes from: `s3://bucket/prefix` (with the bucket
/// settings of `s3`: endpoint, region, key), or a folder.
pub fn place(target: &str, s3: Option<&S3Settings>) -> Result<Storage, String> {
    if let Some(rest) = target.strip_prefix("s3://") {
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(format!("{target}: name the bucket, as s3://bucket/prefix"));
        }
        let mut settings = s3.cloned().unwrap_or_default();
        settings.bucket = bucket.to_owned();
        let storage = Storage::s3(&settings)?;
        return Ok(if prefix.trim_matches('/').is_empty() { storage } else { storage.under(prefix.trim_matches('/')) });
    }
    Storage::local(PathBuf::from(target)).map_err(|e| format!("{target}: {e}"))
}

/// The S3 settings a backup's `s3://` target borrows from the server's.
pub fn s3_of(settings: &StorageSettings) -> Option<&S3Settings> {
    match settings {
        StorageSettings::S3(s3) => Some(s3),
        StorageSettings::Local(_) => None,
    }
}

/// Copies the database `db` and every file in `uploads` to `target`.
pub async fn backup(
    db: &Db,
    database_url: &str,
    uploads: &Storage,
    target: &Storage,
    now: Time,
) -> Result<Manifest, String> {
    let scratch = Scratch::new()?;
    let (copy_key, copy) = match db.backend {
        Backend::Sqlite => {
            let file = scratch.path().join("copy.sqlite3");
            let path = file.to_str().filter(|p| !p.contains('\'')).ok_or("an unusable scratch path")?;
            sqlx::query(&format!("VACUUM INTO '{path}'"))
                .execute(&db.pool)
                .await
                .map_err(|e| format!("VACUUM INTO: {e}"))?;
            (SQLITE_COPY, file)
        }
        Backend::Postgres => {
            let file = scratch.path().join("copy.pgdump");
            let mut dump = std::process::Command::new(postgres_tool("pg_dump")?);
            dump.arg("--format=custom").arg("--no-owner").arg("--file").arg(&file).arg("--dbname").arg(database_url);
            run(dump, "pg_dump").await?;
            (POSTGRES_COPY, file)
        }
    };
    let bytes = tokio::fs::read(&copy).await.map_err(|e| format!("reading the copy: {e}"))?;
    target.put(copy_key, &bytes).await.map_err(|e| format!("writing {copy_key}: {e}"))?;
    let keys = uploads.keys().await.map_err(|e| format!("listing the uploaded files: {e}"))?;
    let mut files = 0;
    for key in keys {
        match uploads.get(&key).await {
            Ok(bytes) => {
                target.put(&format!("{UPLOADS}{key}"), &bytes).await.map_err(|e| format!("writing {key}: {e}"))?;
                files += 1;
            }
            // Deleted since it was listed (a withdrawn application).
            Err(crate::server::storage::StorageError::Missing) => {}
            Err(e) => return Err(format!("reading {key}: {e}")),
        }
    }
    let manifest = Manifest { taken: now.rfc2822(), taken_at: now, backend: db.backend.name().to_owned(), files };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?;
    target.put(MANIFEST, &json).await.map_err(|e| format!("writing {MANIFEST}: {e}"))?;
    Ok(manifest)
}

/// Brings the copy at `source` back: into `database_url`, which must be
/// empty (a SQLite file not there yet, or a PostgreSQL database without
/// tables), and its files into `uploads`. Migrations newer than the copy run
/// at the next start, as after any upgrade.
pub async fn restore(source: &Storage, database_url: &str, uploads: &Storage) -> Result<Manifest, String> {
    let json = source.get(MANIFEST).await.map_err(|_| format!("no {MANIFEST} there: not a finished backup"))?;
    let manifest: Manifest = serde_json::from_slice(&json).map_err(|e| format!("{MANIFEST}: {e}"))?;
    match manifest.backend.as_str() {
        "sqlite" => {
            let path =
                sqlite_path(database_url).ok_or("the copy is of SQLite: DATABASE_URL must be a sqlite:// file")?;
            if path.exists() {
                return Err(format!("{} exists: restore into a new file (move it away first)", path.display()));
            }
            let bytes = source.get(SQLITE_COPY).await.map_err(|e| format!("{SQLITE_COPY}: {e}"))?;
            if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
                tokio::fs::create_dir_all(folder).await.map_err(|e| format!("{}: {e}", folder.display()))?;
            }
            tokio::fs::write(&path, bytes).await.map_err(|e| format!("{}: {e}", path.display()))?;
        }
        "postgres" => {
            let db = Db::connect(database_url, &Default::default()).await.map_err(|e| e.to_string())?;
            if db.backend != Backend::Postgres {
                return Err("the copy is of PostgreSQL: DATABASE_URL must be a postgres:// database".to_owned());
            }
            let (tables,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()")
                    .fetch_one(&db.pool)
                    .await
                    .map_err(|e| e.to_string())?;
            if tables > 0 {
                return Err("the database has tables: restore into an empty one".to_owned());
            }
            let scratch = Scratch::new()?;
            let file = scratch.path().join("copy.pgdump");
            let bytes = source.get(POSTGRES_COPY).await.map_err(|e| format!("{POSTGRES_COPY}: {e}"))?;
            tokio::fs::write(&file, bytes).await.map_err(|e| e.to_string())?;
            let mut load = std::process::Command::new(postgres_tool("pg_restore")?);
            load.arg("--no-owner").arg("--exit-on-error").arg("--dbname").arg(database_url).arg(&file);
            run(load, "pg_restore").await?;
        }
        other => return Err(format!("{MANIFEST}: unknown backend `{other}`")),
    }
    for key in source.keys().await.map_err(|e| e.to_string())? {
        let Some(name) = key.strip_prefix(UPLOADS) else { continue };
        let bytes = source.get(&key).await.map_err(|e| format!("{key}: {e}"))?;
        uploads.put(name, &bytes).await.map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(manifest)
}

/// A folder of its own under the system's temporary one, removed when
/// dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, String> {
        let mut name = crate::server::auth::token::generate();
        name.truncate(16);
        let path = std::env::temp_dir().join(format!("farcoder-backup-{name}"));
        std::fs::create_dir_all(&path).map_err(|e| format!("a scratch folder: {e}"))?;
        Ok(Scratch(path))
    }

    fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The file a `sqlite://` URL names.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// A PostgreSQL client program: on the `PATH`, or where Debian installs it.
fn postgres_tool(name: &str) -> Result<PathBuf, String> {
    let on_path = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| p.is_file()))
        .unwrap_or_default();
    let debian = || {
        let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .map(|version| version.path().join("bin").join(name))
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        found.pop()
    };
    on_path
        .or_else(debian)
        .ok_or_else(|| format!("{name} not found: install PostgreSQL's client programs (Debian: postgresql-client)"))
}

/// Runs `command` to its end; its error output becomes the error.
async fn run(command: std::process::Command, name: &str) -> Result<(), String> {
    let output = tokio::process::Command::from(command).output().await.map_err(|e| format!("{name}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        // Its message may quote the URL; the password is not repeated.
        let said = String::from_utf8_lossy(&output.stderr);
        Err(format!("{name} failed: {}", crate::server::redact::without_password(said.trim())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sqlite_url_names_its_file() {
        assert_eq!(sqlite_path("sqlite://data/farcoder.db"), Some(PathBuf::from("data/farcoder.db")));
        assert_eq!(sqlite_path("sqlite:///tmp/x.db?mode=rwc"), Some(PathBuf::from("/tmp/x.db")));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://db/farcoder"), None);
    }
}

/// Scheduled backups (`FARCODER_BACKUP_TO`, `FARCODER_BACKUP_EVERY_HOURS`,
/// `FARCODER_BACKUP_KEEP`): a copy per window under `to`, the newest `keep`
/// kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// A folder, or `s3://bucket/prefix`; each copy goes in a folder of its
    /// own, named by its window (`2026-12-06t03-00-00z`).
    pub to: String,
    pub every: crate::model::Span,
    pub keep: usize,
}

/// One round of the schedule: when no server has backed up in the current
/// window yet, this one takes the window (a row only one insert can make,
/// so several servers make one copy), copies, then prunes the copies beyond
/// the newest `keep`. The copy made, if this server made it.
pub async fn scheduled(
    db: &Db,
    database_url: &str,
    uploads: &Storage,
    s3: Option<&S3Settings>,
    schedule: &Schedule,
    now: Time,
) -> Result<Option<Manifest>, String> {
    use crate::server::repo::backup_runs;
    let window = now.window_start(schedule.every);
    let name = window.rfc3339().to_ascii_lowercase().replace(':', "-");
    let target = format!("{}/{name}", schedule.to.trim_end_matches('/'));
    if !backup_runs::claim(db, window, &target, now).await.map_err(|e| e.to_string())? {
        return Ok(None);
    }
    let made = backup(db, database_url, uploads, &place(&target, s3)?, now).await?;
    backup_runs::finish(db, window, now).await.map_err(|e| e.to_string())?;
    for (old_window, old_target) in backup_runs::beyond(db, schedule.keep).await.map_err(|e| e.to_string())? {
        remove(&old_target, s3).await?;
        backup_runs::forget(db, old_window).await.map_err(|e| e.to_string())?;
    }
    Ok(Some(made))
}

/// Deletes the copy at `target`: its folder, or every object under its prefix.
async fn remove(target: &str, s3: Option<&S3Settings>) -> Result<(), String> {
    if !target.starts_with("s3://") {
        return match tokio::fs::remove_dir_all(target).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(format!("removing {target}: {e}")),
        };
    }
    let copy = place(target, s3)?;
    for key in copy.keys().await.map_err(|e| e.to_string())? {
        copy.delete(&key).await.map_err(|e| format!("removing {key}: {e}"))?;
    }
    Ok(())
}
