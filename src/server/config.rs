//! Configuration from environment variables, with defaults that run out of the box.

use std::net::SocketAddr;
use std::time::Duration;

use crate::model::HOUR;
use crate::server::db::PoolSettings;
pub use crate::server::settings::DEFAULT_DATABASE_URL;
use crate::server::settings::{Settings, StorageKind, text};

#[derive(Clone)]
pub struct Config {
    /// `sqlite://…` (the default, a file under `data/`) or `postgres://…`.
    pub database_url: String,
    /// Insert demo data when the database has no jobs (`FARCODER_DEMO_DATA=0` turns it off).
    pub demo_data: bool,
    /// `FARCODER_DEMO_DATA=1` said outright (as `scripts/run` does), not
    /// just left to its default: the demo accounts need it.
    pub demo_accounts: bool,
    /// The address links in feeds, canonical tags and JSON-LD use.
    pub public_url: String,
    pub pool: PoolSettings,
    /// Publish a verified company's submitted postings at once when they
    /// raise no automatic flag.
    pub auto_approve: bool,
    /// How the client's address is read: the peer, or `X-Forwarded-For`
    /// behind proxies the operator names.
    pub proxies: crate::server::auth::proxy::ProxyRule,
    /// Where e-mail goes: an SMTP server, or `.eml` files in development.
    pub mail: crate::server::mail::MailSettings,
    /// Where candidates' CVs are stored: a folder, or an S3-compatible bucket.
    pub storage: crate::server::storage::StorageSettings,
    /// How often the freshness task (expiry reminders, apply-link checks)
    /// runs; `FARCODER_FRESHNESS_SECS=0` turns it off.
    pub freshness_interval: Option<Duration>,
    /// How often due alert digests are built (`FARCODER_ALERTS_SECS`,
    /// default 300; 0 turns it off).
    pub alerts_interval: Option<Duration>,
    /// Let the link check reach private and loopback addresses (tests only).
    pub check_private_links: bool,
    /// How stale the search index may be: it reads the change log this
    /// often, and a search finding it older reads it first
    /// (`FARCODER_SEARCH_POLL_MS`, default 1000; 0 reads before every search).
    pub search_poll: Duration,
    /// Keep rendered anonymous pages in memory until what they show changes
    /// (`FARCODER_PAGE_CACHE=0` turns it off).
    pub page_cache: bool,
    /// How long a kept list may trail a change to the postings
    /// (`FARCODER_LIST_LAG_SECS`, default 10, at most 60; 0 drops lists at once).
    pub list_lag: Duration,
    /// `FARCODER_METRICS_TOKEN`: `/metrics` answers only a request bearing
    /// it (and 404 when unset).
    pub metrics_token: Option<String>,
    /// `FARCODER_SECRET`; without it the database keeps one the first
    /// server made.
    pub secret: Option<crate::server::auth::secret::Secret>,
    /// A request not answered in this long gets 408 (`FARCODER_REQUEST_TIMEOUT_SECS`,
    /// default 60: time for a 5 MB CV on a slow line).
    pub request_timeout: Duration,
    /// `FARCODER_WEBHOOKS`: where newly published postings are announced
    /// (`slack=…`, `discord=…` or `json=…` addresses).
    pub webhooks: Vec<crate::server::syndication::webhooks::Webhook>,
    /// `FARCODER_WEBHOOK_SECRET`: signs JSON webhook deliveries; needed
    /// when a JSON webhook is set.
    pub webhook_signing: Option<crate::server::syndication::webhooks::SigningKey>,
    /// `FARCODER_INDEXNOW_KEY` and `FARCODER_GOOGLE_INDEXING_KEY_FILE` with
    /// their companions: the search engines told of every change.
    pub search_engines: crate::server::syndication::search_engines::SearchEngines,
    /// `FARCODER_ATS_SYNC_SECS`: how often each connected ATS board is read
    /// again (`None`: never).
    pub ats_sync: Option<Duration>,
    /// Where the ATS job-board APIs are, and how long a request may take.
    pub ats: crate::server::imports::boards::Endpoints,
    /// At SIGTERM or Ctrl-C, how long requests and background rounds under
    /// way get to finish before the server stops (`FARCODER_SHUTDOWN_SECS`,
    /// default 20).
    pub shutdown_grace: Duration,
    /// `FARCODER_LOG_FORMAT`: lines of text (the default) or JSON.
    pub log_format: LogFormat,
    /// `FARCODER_BACKUP_TO` and its companions: scheduled backups, if any.
    pub backup: Option<crate::server::backup::Schedule>,
}

pub use crate::server::settings::LogFormat;

/// Everything but secrets: the database URL's password and the secret key
/// are never printed, so a logged `Config` gives nothing away.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &crate::server::redact::without_password(&self.database_url))
            .field("demo_data", &self.demo_data)
            .field("demo_accounts", &self.demo_accounts)
            .field("public_url", &self.public_url)
            .field("pool", &self.pool)
            .field("auto_approve", &self.auto_approve)
            .field("proxies", &self.proxies)
            .field("mail", &self.mail)
            .field("storage", &self.storage)
            .field("freshness_interval", &self.freshness_interval)
            .field("alerts_interval", &self.alerts_interval)
            .field("check_private_links", &self.check_private_links)
            .field("search_poll", &self.search_poll)
            .field("page_cache", &self.page_cache)
            .field("list_lag", &self.list_lag)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "set"))
            .field("request_timeout", &self.request_timeout)
            .field("shutdown_grace", &self.shutdown_grace)
            .field("webhooks", &self.webhooks)
            .field("webhook_signing", &self.webhook_signing)
            .field("search_engines", &self.search_engines)
            .field("ats_sync", &self.ats_sync)
            .field("ats", &self.ats)
            .field("secret", &self.secret)
            .field("log_format", &self.log_format)
            .field("backup", &self.backup)
            .finish()
    }
}

impl Config {
    /// Whether users reach the site over HTTPS (cookies are then Secure).
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Whether this is a developer's own server, where the demo accounts
    /// are made: demo data asked for outright, and the site reached on
    /// this machine only.
    pub fn is_development(&self) -> bool {
        let host = self.public_url.strip_prefix("http://").unwrap_or_default();
        let host = host.split('/').next().unwrap_or_default();
        let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
        let loopback = name.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback());
        self.demo_data && self.demo_accounts && (name == "localhost" || name == "[::1]" || loopback)
    }
}

/// `FARCODER_STORAGE=s3` with its `FARCODER_S3_*` settings, or a folder
/// (`FARCODER_UPLOAD_DIR`). A bucket with settings missing is reported
/// when the server starts; without an access key in the settings, the
/// usual AWS chain supplies one.
fn storage_settings(settings: &Settings) -> Result<crate::server::storage::StorageSettings, String> {
    use crate::server::storage::{S3Settings, StorageSettings};
    if settings.storage == StorageKind::Folder {
        // A bucket's settings without the bucket is half a setting.
        let bucket_settings = ["FARCODER_S3_BUCKET", "FARCODER_S3_ENDPOINT", "FARCODER_S3_REGION"];
        if let Some(name) = bucket_settings.iter().find(|name| settings.given(name)) {
            return Err(format!(
                "{name} is set but FARCODER_STORAGE is not s3: set FARCODER_STORAGE=s3 to use the bucket"
            ));
        }
        return Ok(StorageSettings::Local(settings.upload_dir.clone().into()));
    }
    let key = match (text(&settings.s3_access_key_id), text(&settings.s3_secret_access_key)) {
        (Some(id), Some(secret)) => Some((id, secret)),
        (None, None) => None,
        _ => {
            return Err(
                "FARCODER_S3_ACCESS_KEY_ID and FARCODER_S3_SECRET_ACCESS_KEY go together: set both, or neither \
                        to use the AWS credential chain"
                    .to_owned(),
            );
        }
    };
    Ok(StorageSettings::S3(S3Settings {
        bucket: text(&settings.s3_bucket).unwrap_or_default(),
        endpoint: text(&settings.s3_endpoint),
        region: text(&settings.s3_region),
        access_key: key,
    }))
}

/// `FARCODER_BACKUP_TO` with how often and how many; the other two alone
/// are half a setting.
fn backup_schedule(settings: &Settings) -> Result<Option<crate::server::backup::Schedule>, String> {
    match text(&settings.backup_to) {
        Some(to) => Ok(Some(crate::server::backup::Schedule {
            to,
            every: HOUR * i64::try_from(settings.backup_every_hours).unwrap_or(24),
            keep: usize::try_from(settings.backup_keep).unwrap_or(7),
        })),
        None if settings.given("FARCODER_BACKUP_EVERY_HOURS") || settings.given("FARCODER_BACKUP_KEEP") => {
            Err("FARCODER_BACKUP_EVERY_HOURS and FARCODER_BACKUP_KEEP need FARCODER_BACKUP_TO: where the copies go"
                .to_owned())
        }
        None => Ok(None),
    }
}

/// The fewest characters `FARCODER_METRICS_TOKEN` may have: a bearer token
/// anyone can try from outside must not be guessable.
pub const MIN_METRICS_TOKEN_CHARS: usize = 24;

fn metrics_token(token: String) -> Result<String, String> {
    if token.trim().chars().count() < MIN_METRICS_TOKEN_CHARS {
        return Err(format!(
            "FARCODER_METRICS_TOKEN is too short: use at least {MIN_METRICS_TOKEN_CHARS} random characters \
             (e.g. `openssl rand -hex 24`)"
        ));
    }
    Ok(token.trim().to_owned())
}

impl Config {
    /// The settings of the environment alone, for a server at `site_addr`.
    pub fn from_env(site_addr: SocketAddr) -> Result<Self, String> {
        Config::from_settings(site_addr, Settings::from_env()?)
    }

    /// The `Config` `settings` describe, checking what no single setting
    /// can: contradictions, and values made of parts (proxies, webhooks,
    /// keys, the SMTP address). Each refusal is one line naming the setting.
    pub fn from_settings(site_addr: SocketAddr, settings: Settings) -> Result<Self, String> {
        if text(&settings.trust_proxy).is_some() {
            tracing::warn!(
                "FARCODER_TRUST_PROXY is no longer read: name the proxies with FARCODER_TRUSTED_PROXIES or FARCODER_PROXY_HOPS"
            );
        }
        let proxies = crate::server::auth::proxy::ProxyRule::from_settings(
            text(&settings.trusted_proxies).as_deref(),
            text(&settings.proxy_hops).as_deref(),
        )?;
        let webhooks =
            crate::server::syndication::webhooks::Webhook::parse_list(&text(&settings.webhooks).unwrap_or_default())?;
        let webhook_signing = text(&settings.webhook_secret)
            .map(|raw| crate::server::syndication::webhooks::SigningKey::parse(&raw))
            .transpose()?;
        if webhook_signing.is_none()
            && webhooks.iter().any(|hook| hook.kind == crate::server::syndication::webhooks::HookKind::Json)
        {
            return Err("a json webhook needs FARCODER_WEBHOOK_SECRET to sign its deliveries \
                        (whsec_ and the base64 of at least 24 random bytes)"
                .to_owned());
        }
        let secs = Duration::from_secs;
        let every = |secs: u64| Some(Duration::from_secs(secs)).filter(|d| !d.is_zero());
        Ok(Config {
            database_url: settings.database_url.clone(),
            demo_data: settings.demo_data,
            demo_accounts: settings.demo_data,
            public_url: text(&settings.public_url)
                .unwrap_or_else(|| format!("http://{site_addr}"))
                .trim_end_matches('/')
                .to_owned(),
            pool: PoolSettings {
                max_connections: u32::try_from(settings.db_max_connections).unwrap_or(10),
                statement_timeout: Duration::from_millis(settings.db_statement_timeout_ms),
                wait_at_start: secs(settings.db_wait_secs),
            },
            auto_approve: settings.auto_approve,
            proxies,
            mail: crate::server::mail::MailSettings::from_settings(&settings)?,
            storage: storage_settings(&settings)?,
            freshness_interval: every(settings.freshness_secs),
            alerts_interval: every(settings.alerts_secs),
            check_private_links: settings.check_private_links,
            search_poll: Duration::from_millis(settings.search_poll_ms),
            page_cache: settings.page_cache,
            list_lag: secs(settings.list_lag_secs),
            request_timeout: secs(settings.request_timeout_secs),
            shutdown_grace: secs(settings.shutdown_secs),
            webhooks,
            webhook_signing,
            search_engines: search_engines(&settings)?,
            ats_sync: every(settings.ats_sync_secs),
            ats: crate::server::imports::boards::Endpoints {
                greenhouse: settings.greenhouse_api_url.trim_end_matches('/').to_owned(),
                lever: settings.lever_api_url.trim_end_matches('/').to_owned(),
                ashby: settings.ashby_api_url.trim_end_matches('/').to_owned(),
                timeout: secs(settings.ats_timeout_secs),
            },
            metrics_token: text(&settings.metrics_token).map(metrics_token).transpose()?,
            secret: text(&settings.secret)
                .map(|s| crate::server::auth::secret::Secret::from_setting(&s))
                .transpose()?,
            log_format: settings.log_format,
            backup: backup_schedule(&settings)?,
        })
    }
}

/// The search engines the settings name: IndexNow with a key, Google with a
/// service account's key file (read here, so a wrong file stops the start).
fn search_engines(settings: &Settings) -> Result<crate::server::syndication::search_engines::SearchEngines, String> {
    use crate::server::syndication::search_engines::{Google, IndexNow, IndexNowKey, SearchEngines, ServiceAccount};
    let indexnow = text(&settings.indexnow_key)
        .map(|raw| -> Result<IndexNow, String> {
            Ok(IndexNow { key: IndexNowKey::parse(&raw)?, endpoint: settings.indexnow_url.clone() })
        })
        .transpose()?;
    let google = text(&settings.google_indexing_key_file)
        .map(|path| -> Result<Google, String> {
            let json = std::fs::read_to_string(&path)
                .map_err(|e| format!("FARCODER_GOOGLE_INDEXING_KEY_FILE: {path} cannot be read: {e}"))?;
            Ok(Google {
                account: ServiceAccount::parse(&json)?,
                endpoint: settings.google_indexing_url.clone(),
                daily_quota: i64::try_from(settings.google_indexing_quota).unwrap_or(i64::MAX),
            })
        })
        .transpose()?;
    Ok(SearchEngines { indexnow, google })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_holds_no_secret() {
        let mut config = Config::from_env("127.0.0.1:3000".parse().expect("addr")).expect("config");
        config.database_url = "postgres://farcoder:hunter2hunter2@db.internal:5432/farcoder".into();
        config.mail.smtp_url = Some("smtp://mailer:correct-horse-battery@smtp.internal:587".into());
        config.secret = Some(crate::server::auth::secret::Secret::from_setting(&"s3cr3t".repeat(8)).expect("secret"));
        config.storage = crate::server::storage::StorageSettings::S3(crate::server::storage::S3Settings {
            bucket: "cvs".into(),
            endpoint: Some("http://127.0.0.1:9000".into()),
            region: Some("us-east-1".into()),
            access_key: Some(("AKIDEXAMPLE".into(), "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into())),
        });
        let printed = format!("{config:?}");
        for secret in ["hunter2hunter2", "s3cr3t", "wJalrXUtnFEMI", "correct-horse"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(printed.contains("postgres://farcoder:hidden@db.internal:5432/farcoder"), "{printed}");
        assert_eq!(crate::server::redact::without_password("sqlite://data/farcoder.db"), "sqlite://data/farcoder.db");
    }

    #[test]
    fn only_a_server_on_this_machine_is_a_developers() {
        let mut config = Config::from_env("127.0.0.1:3000".parse().expect("addr")).expect("config");
        config.demo_data = true;
        config.demo_accounts = true;
        for (url, development) in [
            ("http://127.0.0.1:3000", true),
            ("http://localhost:3000", true),
            ("http://[::1]:3000", true),
            ("https://farcoder.dev", false),
            ("http://127.0.0.1.example.com", false),
            ("http://jobs.example.com:3000", false),
        ] {
            config.public_url = url.to_owned();
            assert_eq!(config.is_development(), development, "{url}");
        }
        config.public_url = "http://127.0.0.1:3000".to_owned();
        config.demo_accounts = false;
        assert!(!config.is_development(), "demo data only by default, not asked for");
        config.demo_accounts = true;
        config.demo_data = false;
        assert!(!config.is_development(), "demo data off");
    }

    #[test]
    fn a_short_metrics_token_is_refused_without_being_echoed() {
        let refused = metrics_token("hunter2".to_owned()).expect_err("too short");
        assert!(!refused.contains("hunter2"), "{refused}");
        assert!(metrics_token("x".repeat(MIN_METRICS_TOKEN_CHARS)).is_ok());
    }

    #[test]
    fn half_an_access_key_is_refused() {
        let settings = |pairs: &[(&str, &str)]| {
            storage_settings(&Settings::from_pairs(pairs).unwrap_or_else(|why| panic!("{why}")))
        };
        let base = [("FARCODER_STORAGE", "s3"), ("FARCODER_S3_BUCKET", "cvs")];
        assert!(settings(&base).is_ok(), "no key: the AWS chain");
        assert!(settings(&[base[0], base[1], ("FARCODER_S3_ACCESS_KEY_ID", "AKID")]).is_err());
        let both = settings(&[
            base[0],
            base[1],
            ("FARCODER_S3_ACCESS_KEY_ID", "AKID"),
            ("FARCODER_S3_SECRET_ACCESS_KEY", "s"),
        ]);
        assert!(matches!(both, Ok(crate::server::storage::StorageSettings::S3(s)) if s.access_key.is_some()));
    }
}
