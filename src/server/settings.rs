//! Every setting the server reads, in one typed struct: each with its
//! environment variable, its default, its unit and its range, parsed once
//! by clap. A value a setting cannot take stops the start with one line
//! naming the variable and what it accepts, instead of quietly becoming a
//! default; a `FARCODER_*` name no setting reads (a typo) is refused too.
//! Contradictions between settings (DKIM or S3 half-set) are checked where
//! the settings become a `Config`.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::ops::RangeInclusive;
use std::sync::Arc;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::parser::ValueSource;

use crate::model::{DAY, HOUR, Span};

/// The spellings a yes-or-no setting takes, as the README lists them.
pub const YES: [&str; 4] = ["1", "true", "yes", "on"];
pub const NO: [&str; 4] = ["0", "false", "no", "off"];

/// Names under these prefixes belong to the test scripts, not the server.
const NOT_SETTINGS: [&str; 2] = ["FARCODER_TEST_", "FARCODER_E2E_"];

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/farcoder.db";

/// Where uploaded files go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    Folder,
    S3,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    /// One JSON object per line, for a log shipper.
    Json,
}

/// The server's settings. Each is also a long option (`--page-cache 0`),
/// but the environment is how the README sets them.
#[derive(Clone, clap::Args)]
#[command(next_help_heading = "Settings (each from its environment variable)")]
pub struct Settings {
    /// `sqlite://…` (a file, made when missing) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true, default_value = DEFAULT_DATABASE_URL,
          value_parser = plain())]
    pub database_url: String,
    /// Connections in the pool, 1 to 1000.
    #[arg(long, env = "FARCODER_DB_MAX_CONNECTIONS", value_name = "CONNECTIONS", default_value = "10",
          value_parser = whole(1..=1_000, "connections"))]
    pub db_max_connections: u64,
    /// How long one statement may run, in milliseconds (1 to 600000).
    #[arg(long, env = "FARCODER_DB_STATEMENT_TIMEOUT_MS", value_name = "MS", default_value = "5000",
          value_parser = whole(1..=600_000, "milliseconds"))]
    pub db_statement_timeout_ms: u64,
    /// How long to wait at start for the database to answer, in seconds (0 to 3600).
    #[arg(long, env = "FARCODER_DB_WAIT_SECS", value_name = "SECONDS", default_value = "30",
          value_parser = seconds_up_to(0, HOUR))]
    pub db_wait_secs: u64,

    /// The public address used in links, feeds and e-mail; by default
    /// `http://` and the address the server listens on.
    #[arg(long, env = "FARCODER_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Fill an empty database with demo data, and make the demo accounts
    /// on a server reached on this machine only.
    #[arg(long, env = "FARCODER_DEMO_DATA", value_name = "1|0", default_value = "0", value_parser = flag(), action = clap::ArgAction::Set)]
    pub demo_data: bool,
    /// Publish a verified company's postings at once when they raise no flag.
    #[arg(long, env = "FARCODER_AUTO_APPROVE", value_name = "1|0", default_value = "0", value_parser = flag(), action = clap::ArgAction::Set)]
    pub auto_approve: bool,
    /// The proxies whose `X-Forwarded-For` is believed: addresses and CIDR ranges.
    #[arg(long, env = "FARCODER_TRUSTED_PROXIES", value_name = "LIST")]
    pub trusted_proxies: Option<String>,
    /// Or: how many proxies stand in front, each appending to `X-Forwarded-For`.
    #[arg(long, env = "FARCODER_PROXY_HOPS", value_name = "N")]
    pub proxy_hops: Option<String>,
    /// No longer read; kept so an old environment is told what replaced it.
    #[arg(long, env = "FARCODER_TRUST_PROXY", hide = true)]
    pub trust_proxy: Option<String>,
    /// Where new postings are announced: `slack=…`, `discord=…` or `json=…` addresses.
    #[arg(long, env = "FARCODER_WEBHOOKS", value_name = "LIST")]
    pub webhooks: Option<String>,
    /// Signs JSON webhook deliveries: `whsec_` and base64.
    #[arg(long, env = "FARCODER_WEBHOOK_SECRET", value_name = "SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,
    /// Tell IndexNow of every change to a posting, proving the site with this
    /// key (8 to 128 letters, digits and dashes), served at `/{key}.txt`.
    #[arg(long, env = "FARCODER_INDEXNOW_KEY", value_name = "KEY")]
    pub indexnow_key: Option<String>,
    /// Where IndexNow notices go.
    #[arg(long, env = "FARCODER_INDEXNOW_URL", value_name = "URL",
          default_value = "https://api.indexnow.org/indexnow", value_parser = plain())]
    pub indexnow_url: String,
    /// Tell Google's Indexing API too, as this service account (its JSON key file).
    #[arg(long, env = "FARCODER_GOOGLE_INDEXING_KEY_FILE", value_name = "FILE")]
    pub google_indexing_key_file: Option<String>,
    /// Where Indexing API notices go.
    #[arg(long, env = "FARCODER_GOOGLE_INDEXING_URL", value_name = "URL",
          default_value = "https://indexing.googleapis.com/v3/urlNotifications:publish", value_parser = plain())]
    pub google_indexing_url: String,
    /// Indexing API requests in any 24 hours, at most (Google's quota; 1 to 100000).
    #[arg(long, env = "FARCODER_GOOGLE_INDEXING_QUOTA", value_name = "N", default_value = "200",
          value_parser = whole(1..=100_000, "requests"))]
    pub google_indexing_quota: u64,
    /// The bearer token `/metrics` asks for (at least 24 characters); unset, `/metrics` is 404.
    #[arg(long, env = "FARCODER_METRICS_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// The key for sessions and signed links; unset, the database keeps one.
    #[arg(long, env = "FARCODER_SECRET", value_name = "SECRET", hide_env_values = true)]
    pub secret: Option<String>,

    /// `smtp://user:pass@host:587` (STARTTLS), `smtps://…:465`, or
    /// `smtp://host:25?tls=none` for a relay on this machine; unset, mail
    /// is written as `.eml` files.
    #[arg(long, env = "FARCODER_SMTP_URL", value_name = "URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// A PEM certificate to trust beside the public roots.
    #[arg(long, env = "FARCODER_SMTP_CA_FILE", value_name = "FILE")]
    pub smtp_ca_file: Option<String>,
    /// The `From` of every message.
    #[arg(long, env = "FARCODER_MAIL_FROM", value_name = "FROM",
          default_value = DEFAULT_FROM,
          value_parser = plain())]
    pub mail_from: String,
    /// Where mail is written as `.eml` files when no SMTP server is set.
    #[arg(long, env = "FARCODER_OUTBOX_DIR", value_name = "DIR", default_value = "data/outbox",
          value_parser = plain())]
    pub outbox_dir: String,
    /// DKIM: the RSA key's PEM file (with the selector).
    #[arg(long, env = "FARCODER_DKIM_KEY_FILE", value_name = "FILE")]
    pub dkim_key_file: Option<String>,
    /// DKIM: the selector (with the key file).
    #[arg(long, env = "FARCODER_DKIM_SELECTOR", value_name = "SELECTOR")]
    pub dkim_selector: Option<String>,
    /// DKIM: the signing domain; by default the `From` address's.
    #[arg(long, env = "FARCODER_DKIM_DOMAIN", value_name = "DOMAIN")]
    pub dkim_domain: Option<String>,
    /// How long a server's claim on a message lasts, in seconds (1 to 86400).
    #[arg(long, env = "FARCODER_MAIL_CLAIM_SECS", value_name = "SECONDS", default_value = "300",
          value_parser = seconds(1))]
    pub mail_claim_secs: u64,
    /// The first retry's wait after a temporary failure, in seconds (1 to 86400).
    #[arg(long, env = "FARCODER_MAIL_RETRY_SECS", value_name = "SECONDS", default_value = "30",
          value_parser = seconds(1))]
    pub mail_retry_secs: u64,
    /// How long one SMTP conversation may take, in seconds (1 to 86400).
    #[arg(long, env = "FARCODER_SMTP_TIMEOUT_SECS", value_name = "SECONDS", default_value = "20",
          value_parser = seconds(1))]
    pub smtp_timeout_secs: u64,

    /// Where CVs and logos go: `folder` or `s3`.
    #[arg(long, env = "FARCODER_STORAGE", value_name = "folder|s3", default_value = "folder",
          value_parser = choice(&[("folder", StorageKind::Folder), ("s3", StorageKind::S3)], "use s3, or leave it unset for a folder"))]
    pub storage: StorageKind,
    /// The folder, when storage is a folder.
    #[arg(long, env = "FARCODER_UPLOAD_DIR", value_name = "DIR", default_value = "data/uploads",
          value_parser = plain())]
    pub upload_dir: String,
    /// The bucket, when storage is `s3`.
    #[arg(long, env = "FARCODER_S3_BUCKET", value_name = "BUCKET")]
    pub s3_bucket: Option<String>,
    /// An S3-compatible server's address (MinIO, R2, …); unset, AWS.
    #[arg(long, env = "FARCODER_S3_ENDPOINT", value_name = "URL")]
    pub s3_endpoint: Option<String>,
    #[arg(long, env = "FARCODER_S3_REGION", value_name = "REGION")]
    pub s3_region: Option<String>,
    /// With the secret key; both unset, the AWS credential chain is asked.
    #[arg(long, env = "FARCODER_S3_ACCESS_KEY_ID", value_name = "ID")]
    pub s3_access_key_id: Option<String>,
    #[arg(long, env = "FARCODER_S3_SECRET_ACCESS_KEY", value_name = "KEY", hide_env_values = true)]
    pub s3_secret_access_key: Option<String>,

    /// How often expiry reminders and apply-link checks run, in seconds (0 turns them off, at most 86400).
    #[arg(long, env = "FARCODER_FRESHNESS_SECS", value_name = "SECONDS", default_value = "900",
          value_parser = seconds(0))]
    pub freshness_secs: u64,
    /// How often due alert digests are built, in seconds (0 turns them off, at most 86400).
    #[arg(long, env = "FARCODER_ALERTS_SECS", value_name = "SECONDS", default_value = "300",
          value_parser = seconds(0))]
    pub alerts_secs: u64,
    /// How often each connected ATS board is read again, in seconds (0 turns it off, at most 86400).
    #[arg(long, env = "FARCODER_ATS_SYNC_SECS", value_name = "SECONDS", default_value = "3600",
          value_parser = seconds(0))]
    pub ats_sync_secs: u64,
    /// How long a request to an ATS's job-board API may take, in seconds (1 to 300).
    #[arg(long, env = "FARCODER_ATS_TIMEOUT_SECS", value_name = "SECONDS", default_value = "20",
          value_parser = whole(1..=300, "seconds"))]
    pub ats_timeout_secs: u64,
    /// Greenhouse's job board API.
    #[arg(long, env = "FARCODER_GREENHOUSE_API_URL", value_name = "URL",
          default_value = "https://boards-api.greenhouse.io", value_parser = plain())]
    pub greenhouse_api_url: String,
    /// Lever's postings API.
    #[arg(long, env = "FARCODER_LEVER_API_URL", value_name = "URL", default_value = "https://api.lever.co",
          value_parser = plain())]
    pub lever_api_url: String,
    /// Ashby's job postings API.
    #[arg(long, env = "FARCODER_ASHBY_API_URL", value_name = "URL", default_value = "https://api.ashbyhq.com",
          value_parser = plain())]
    pub ashby_api_url: String,
    /// Let the apply-link check reach private and loopback addresses (tests only).
    #[arg(long, env = "FARCODER_CHECK_PRIVATE_LINKS", value_name = "1|0", default_value = "0", value_parser = flag(), action = clap::ArgAction::Set)]
    pub check_private_links: bool,
    /// How stale the search index may be, in milliseconds (0 to 60000).
    #[arg(long, env = "FARCODER_SEARCH_POLL_MS", value_name = "MS", default_value = "1000",
          value_parser = whole(0..=60_000, "milliseconds"))]
    pub search_poll_ms: u64,
    /// Keep rendered anonymous pages in memory until what they show changes.
    #[arg(long, env = "FARCODER_PAGE_CACHE", value_name = "1|0", default_value = "1", value_parser = flag(), action = clap::ArgAction::Set)]
    pub page_cache: bool,
    /// How long a kept list may trail a change to the postings, in seconds (0 to 60).
    #[arg(long, env = "FARCODER_LIST_LAG_SECS", value_name = "SECONDS", default_value = "10",
          value_parser = whole(0..=crate::server::read_model::MAX_LAG.as_secs(), "seconds"))]
    pub list_lag_secs: u64,
    /// A request not answered in this many seconds gets 408 (1 to 3600).
    #[arg(long, env = "FARCODER_REQUEST_TIMEOUT_SECS", value_name = "SECONDS", default_value = "60",
          value_parser = seconds_up_to(1, HOUR))]
    pub request_timeout_secs: u64,
    /// At SIGTERM, how long work under way gets to finish, in seconds (0 to 600).
    #[arg(long, env = "FARCODER_SHUTDOWN_SECS", value_name = "SECONDS", default_value = "20",
          value_parser = whole(0..=600, "seconds"))]
    pub shutdown_secs: u64,
    /// `text` lines, or `json`: one object per line for a log shipper.
    #[arg(long, env = "FARCODER_LOG_FORMAT", value_name = "text|json", default_value = "text",
          value_parser = choice(&[("text", LogFormat::Text), ("json", LogFormat::Json)], "use text or json"))]
    pub log_format: LogFormat,

    /// Scheduled backups go here: a folder or `s3://bucket/prefix`.
    #[arg(long, env = "FARCODER_BACKUP_TO", value_name = "PLACE")]
    pub backup_to: Option<String>,
    /// Hours between scheduled backups (1 to 720).
    #[arg(long, env = "FARCODER_BACKUP_EVERY_HOURS", value_name = "HOURS", default_value = "24",
          value_parser = whole(1..=720, "hours"))]
    pub backup_every_hours: u64,
    /// How many scheduled backups are kept (1 to 1000).
    #[arg(long, env = "FARCODER_BACKUP_KEEP", value_name = "COPIES", default_value = "7",
          value_parser = whole(1..=1_000, "copies"))]
    pub backup_keep: u64,

    /// The variables given a value, not left to their defaults.
    #[arg(skip)]
    given: BTreeSet<String>,
}

/// The `From` of every message unless `FARCODER_MAIL_FROM` says otherwise.
pub const DEFAULT_FROM: &str = "FarCoder <no-reply@farcoder.invalid>";

impl Settings {
    /// The settings in `matches` (of a command `Settings` was added to).
    pub fn from_matches(matches: &clap::ArgMatches) -> Result<Settings, String> {
        use clap::FromArgMatches;
        let mut settings = Settings::from_arg_matches(matches).map_err(refusal)?;
        let command = Settings::command();
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            let set = !matches!(matches.value_source(id), None | Some(ValueSource::DefaultValue));
            let blank = matches.get_raw(id).is_none_or(|mut raw| raw.all(|v| v.to_string_lossy().trim().is_empty()));
            if let (true, false, Some(env)) = (set, blank, arg.get_env()) {
                settings.given.insert(env.to_string_lossy().into_owned());
            }
        }
        Ok(settings)
    }

    /// A command of the settings alone.
    fn command() -> clap::Command {
        <Settings as clap::Args>::augment_args(clap::Command::new("farcoder"))
    }

    /// The settings from the environment alone.
    pub fn from_env() -> Result<Settings, String> {
        Settings::from_args(["farcoder"])
    }

    /// The settings from `args` (the program's name first) and the environment.
    pub fn from_args<I: Into<std::ffi::OsString> + Clone>(
        args: impl IntoIterator<Item = I>,
    ) -> Result<Settings, String> {
        let command = Settings::command();
        Settings::from_matches(&command.try_get_matches_from(args).map_err(refusal)?)
    }

    /// The settings `pairs` give (variable, value) over the environment's:
    /// each passed as its long option, as tests do.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Result<Settings, String> {
        let command = Settings::command();
        let mut args = vec!["farcoder".to_owned()];
        for (name, value) in pairs {
            let arg = command
                .get_arguments()
                .find(|arg| arg.get_env().is_some_and(|env| env == *name))
                .ok_or_else(|| format!("{name} is not a setting"))?;
            args.push(format!("--{}={value}", arg.get_long().unwrap_or_default()));
        }
        Settings::from_args(args)
    }

    /// Whether the variable `name` was given a value.
    pub fn given(&self, name: &str) -> bool {
        self.given.contains(name)
    }

    /// The `FARCODER_*` names among `present` that no setting reads: each
    /// most likely a typo, refused in one line.
    pub fn check_names<'n>(present: impl Iterator<Item = &'n str>) -> Result<(), String> {
        let command = Settings::command();
        let known: BTreeSet<String> = command
            .get_arguments()
            .filter_map(|arg| arg.get_env())
            .map(|env| env.to_string_lossy().into_owned())
            .collect();
        let unread: Vec<&str> = present
            .filter(|name| name.starts_with("FARCODER_"))
            .filter(|name| !NOT_SETTINGS.iter().any(|prefix| name.starts_with(prefix)))
            .filter(|name| !known.contains(*name))
            .collect();
        if unread.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{} {} not a setting FarCoder reads (`farcoder --help` and the README list them all): a typo?",
            unread.join(", "),
            if unread.len() == 1 { "is" } else { "are" }
        ))
    }
}

/// An optional text setting: trimmed, and `None` when blank.
pub fn text(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// One line for a refused setting: the variable, the value and what it
/// accepts; clap's own text for anything else (an unknown option).
pub fn refusal(error: clap::Error) -> String {
    match error.get(ContextKind::Custom) {
        Some(ContextValue::String(line)) => line.clone(),
        _ => error.render().to_string().trim_end().to_owned(),
    }
}

/// A setting's value parser: trims, reads a blank value as the setting's
/// default, and names the variable in what it refuses.
#[derive(Clone)]
pub struct Strict<T> {
    parse: Arc<Parse<T>>,
}

/// A value from its text, or what the setting accepts.
type Parse<T> = dyn Fn(&str) -> Result<T, String> + Send + Sync;

impl<T> Strict<T> {
    fn new(parse: impl Fn(&str) -> Result<T, String> + Send + Sync + 'static) -> Strict<T> {
        Strict { parse: Arc::new(parse) }
    }
}

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Strict<T> {
    type Value = T;

    fn parse_ref(&self, _: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let name = arg
            .and_then(|arg| {
                arg.get_env().map(|env| env.to_string_lossy().into_owned()).or(arg.get_long().map(str::to_owned))
            })
            .unwrap_or_default();
        let refuse = |line: String| {
            let mut error = clap::Error::new(ErrorKind::ValueValidation);
            error.insert(ContextKind::Custom, ContextValue::String(line));
            error
        };
        let raw = value.to_str().ok_or_else(|| refuse(format!("{name} is not UTF-8")))?.trim();
        let default = arg.and_then(|arg| arg.get_default_values().first()).and_then(|d| d.to_str());
        let raw = match (raw.is_empty(), default) {
            (true, Some(default)) => default,
            _ => raw,
        };
        (self.parse)(raw).map_err(|accepts| refuse(format!("{name}=`{raw}`: {accepts}")))
    }
}

/// Any text; blank is the default.
fn plain() -> Strict<String> {
    Strict::new(|raw| Ok(raw.to_owned()))
}

/// A yes-or-no setting: one of `YES` or `NO`, in any case.
fn flag() -> Strict<bool> {
    Strict::new(|raw| {
        let value = raw.to_ascii_lowercase();
        if YES.contains(&value.as_str()) {
            Ok(true)
        } else if NO.contains(&value.as_str()) {
            Ok(false)
        } else {
            Err("use 1 or 0 (or true/false, yes/no, on/off)".to_owned())
        }
    })
}

/// A whole number of `unit` within `range`.
fn whole(range: RangeInclusive<u64>, unit: &'static str) -> Strict<u64> {
    Strict::new(move |raw| {
        raw.parse::<u64>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| format!("give a whole number of {unit} from {} to {}", range.start(), range.end()))
    })
}

/// A length of time in whole seconds, from `min` to a day.
fn seconds(min: u64) -> Strict<u64> {
    seconds_up_to(min, DAY)
}

/// A length of time in whole seconds, from `min` to `max`.
fn seconds_up_to(min: u64, max: Span) -> Strict<u64> {
    whole(min..=u64::try_from(max.as_secs()).unwrap_or(u64::MAX), "seconds")
}

/// One of the spellings in `choices`.
fn choice<T: Clone + Send + Sync + 'static>(choices: &[(&'static str, T)], accepts: &'static str) -> Strict<T> {
    let choices = choices.to_vec();
    Strict::new(move |raw| {
        choices.iter().find(|(name, _)| *name == raw).map(|(_, value)| value.clone()).ok_or_else(|| accepts.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_takes_only_its_spellings() {
        let read = |value: &str| Settings::from_pairs(&[("FARCODER_PAGE_CACHE", value)]).map(|s| s.page_cache);
        assert_eq!(read("off"), Ok(false), "off is off");
        assert_eq!(read("TRUE"), Ok(true));
        assert_eq!(
            read("nope"),
            Err("FARCODER_PAGE_CACHE=`nope`: use 1 or 0 (or true/false, yes/no, on/off)".to_owned())
        );
        assert_eq!(read(" "), Ok(true), "blank is the default");
    }

    #[test]
    fn a_number_is_whole_in_its_unit_and_range() {
        let read = |value: &str| {
            Settings::from_pairs(&[("FARCODER_REQUEST_TIMEOUT_SECS", value)]).map(|s| s.request_timeout_secs)
        };
        assert_eq!(
            read("30s"),
            Err("FARCODER_REQUEST_TIMEOUT_SECS=`30s`: give a whole number of seconds from 1 to 3600".to_owned())
        );
        assert!(read("ten").is_err() && read("99999999999").is_err() && read("-1").is_err() && read("0").is_err());
        assert_eq!((read("30"), read(" 45 "), read("")), (Ok(30), Ok(45), Ok(60)));
    }

    #[test]
    fn given_names_only_what_was_set() {
        let Ok(settings) = Settings::from_pairs(&[("FARCODER_BACKUP_KEEP", "3"), ("FARCODER_ALERTS_SECS", " ")]) else {
            panic!("taken")
        };
        assert!(settings.given("FARCODER_BACKUP_KEEP"));
        assert!(!settings.given("FARCODER_ALERTS_SECS"), "blank is unset");
        assert!(!settings.given("FARCODER_BACKUP_EVERY_HOURS"));
    }

    #[test]
    fn names_nobody_reads_are_found() {
        let present = ["FARCODER_PAGE_CACHE", "FARCODER_PAGE_CAHCE", "FARCODER_TEST_SMTP_URL", "PATH"];
        let refused = Settings::check_names(present.into_iter()).expect_err("a typo");
        assert!(refused.starts_with("FARCODER_PAGE_CAHCE is not a setting"), "{refused}");
        assert_eq!(Settings::check_names(["FARCODER_SMTP_URL", "DATABASE_URL"].into_iter()), Ok(()));
    }
}
