//! Configuration from environment variables, with defaults that run out of the box.

use std::net::SocketAddr;
use std::time::Duration;

use super::db::PoolSettings;

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` (the default, a file under `data/`) or `postgres://…`.
    pub database_url: String,
    /// Insert demo data when the database has no jobs (`FARCODER_DEMO_DATA=0` turns it off).
    pub demo_data: bool,
    /// The address links in feeds, canonical tags and JSON-LD use.
    pub public_url: String,
    pub pool: PoolSettings,
    /// Publish a verified company's submitted postings at once when they
    /// raise no automatic flag.
    pub auto_approve: bool,
    /// Trust `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_proxy: bool,
    /// Where the development mailer writes `.eml` files.
    pub outbox_dir: std::path::PathBuf,
    /// Where candidates' CVs are stored: a folder, or an S3-compatible bucket.
    pub storage: super::storage::StorageSettings,
    /// How often the freshness task (expiry reminders, apply-link checks)
    /// runs; `FARCODER_FRESHNESS_SECS=0` turns it off.
    pub freshness_interval: Option<Duration>,
    /// Let the link check reach private and loopback addresses (tests only).
    pub check_private_links: bool,
    /// How stale the search index may be: it reads the change log this
    /// often, and a search finding it older reads it first
    /// (`FARCODER_SEARCH_POLL_MS`, default 1000; 0 reads before every search).
    pub search_poll: Duration,
    /// Keep rendered anonymous pages in memory until a write or 10 s
    /// (`FARCODER_PAGE_CACHE=0` turns it off).
    pub page_cache: bool,
}

impl Config {
    /// Whether users reach the site over HTTPS (cookies are then Secure).
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// `FARCODER_STORAGE=s3` with its `FARCODER_S3_*` settings, or a folder
/// (`FARCODER_UPLOAD_DIR`, default `data/uploads`). A bucket with settings
/// missing is reported when the server starts.
fn storage_settings(var: &dyn Fn(&str) -> Option<String>) -> super::storage::StorageSettings {
    use super::storage::StorageSettings;
    if var("FARCODER_STORAGE").is_some_and(|v| v == "s3") {
        let get = |name: &str| var(name).unwrap_or_default();
        StorageSettings::S3(super::s3::S3Settings {
            endpoint: get("FARCODER_S3_ENDPOINT"),
            bucket: get("FARCODER_S3_BUCKET"),
            region: var("FARCODER_S3_REGION").unwrap_or_else(|| "us-east-1".to_owned()),
            access_key_id: get("FARCODER_S3_ACCESS_KEY_ID"),
            secret_access_key: get("FARCODER_S3_SECRET_ACCESS_KEY"),
        })
    } else {
        StorageSettings::Local(var("FARCODER_UPLOAD_DIR").unwrap_or_else(|| "data/uploads".to_owned()).into())
    }
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/farcoder.db";

impl Config {
    /// Reads the environment; `site_addr` is where the server listens.
    pub fn from_env(site_addr: SocketAddr) -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let number = |name: &str| var(name).and_then(|v| v.trim().parse::<u64>().ok());
        Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            demo_data: var("FARCODER_DEMO_DATA").is_none_or(|v| v != "0" && v != "false"),
            public_url: var("FARCODER_PUBLIC_URL")
                .unwrap_or_else(|| format!("http://{site_addr}"))
                .trim_end_matches('/')
                .to_owned(),
            pool: PoolSettings {
                max_connections: number("FARCODER_DB_MAX_CONNECTIONS").unwrap_or(10) as u32,
                statement_timeout: Duration::from_millis(number("FARCODER_DB_STATEMENT_TIMEOUT_MS").unwrap_or(5_000)),
                wait_at_start: Duration::from_secs(number("FARCODER_DB_WAIT_SECS").unwrap_or(30)),
            },
            auto_approve: var("FARCODER_AUTO_APPROVE").is_some_and(|v| v == "1" || v == "true"),
            trust_proxy: var("FARCODER_TRUST_PROXY").is_some_and(|v| v == "1" || v == "true"),
            outbox_dir: var("FARCODER_OUTBOX_DIR").unwrap_or_else(|| "data/outbox".to_owned()).into(),
            storage: storage_settings(&var),
            freshness_interval: Some(number("FARCODER_FRESHNESS_SECS").unwrap_or(900))
                .filter(|secs| *secs > 0)
                .map(Duration::from_secs),
            check_private_links: var("FARCODER_CHECK_PRIVATE_LINKS").is_some_and(|v| v == "1" || v == "true"),
            search_poll: Duration::from_millis(number("FARCODER_SEARCH_POLL_MS").unwrap_or(1_000)),
            page_cache: var("FARCODER_PAGE_CACHE").is_none_or(|v| v != "0" && v != "false"),
        }
    }
}
