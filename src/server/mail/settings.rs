//! How mail leaves: read from the environment once, at start.

use std::path::PathBuf;
use std::time::Duration;

/// `FARCODER_SMTP_URL` and its companions (README, "E-mail").
#[derive(Clone)]
pub struct MailSettings {
    /// `smtp://user:pass@host:587` (STARTTLS required), `smtps://…:465`
    /// (TLS from the first byte), or `smtp://host:25?tls=none` for a relay
    /// on the same machine. None writes `.eml` files to `outbox_dir`.
    pub smtp_url: Option<String>,
    /// A PEM certificate to trust beside the public roots (a private relay).
    pub ca_file: Option<PathBuf>,
    /// The `From` of every message, `Name <address>`.
    pub from: String,
    /// Where the development sender writes `.eml` files.
    pub outbox_dir: PathBuf,
    pub dkim: Option<DkimSettings>,
    /// How long a claim on a message lasts before another server may take
    /// it over; longer than a batch of sends can take.
    pub claim_for: Duration,
    /// The first retry's wait after a temporary failure; each next one doubles.
    pub retry_base: Duration,
    /// How long one SMTP conversation may take.
    pub timeout: Duration,
}

/// DKIM signing with an RSA key in a PEM file
/// (`FARCODER_DKIM_KEY_FILE`, `FARCODER_DKIM_SELECTOR`, and
/// `FARCODER_DKIM_DOMAIN`, by default the `From` address's domain).
#[derive(Clone, Debug)]
pub struct DkimSettings {
    pub key_file: PathBuf,
    pub selector: String,
    pub domain: Option<String>,
}

pub const DEFAULT_FROM: &str = "FarCoder <no-reply@farcoder.invalid>";

impl MailSettings {
    /// The settings `read` gives.
    pub fn from_settings(read: &crate::server::setting::Reader) -> Result<MailSettings, String> {
        let var = |name: &str| read.text(name);
        let secs = |name: &str, default: i64| -> Result<Duration, String> {
            let second = crate::model::Span::seconds(1);
            read.seconds(name, crate::model::Span::seconds(default), second, crate::model::DAY)
        };
        let dkim = match (var("FARCODER_DKIM_KEY_FILE"), var("FARCODER_DKIM_SELECTOR")) {
            (Some(key_file), Some(selector)) => {
                Some(DkimSettings { key_file: key_file.into(), selector, domain: var("FARCODER_DKIM_DOMAIN") })
            }
            (None, None) => None,
            _ => return Err("DKIM signing needs both FARCODER_DKIM_KEY_FILE and FARCODER_DKIM_SELECTOR".to_owned()),
        };
        let settings = MailSettings {
            smtp_url: var("FARCODER_SMTP_URL"),
            ca_file: var("FARCODER_SMTP_CA_FILE").map(PathBuf::from),
            from: var("FARCODER_MAIL_FROM").unwrap_or_else(|| DEFAULT_FROM.to_owned()),
            outbox_dir: var("FARCODER_OUTBOX_DIR").unwrap_or_else(|| "data/outbox".to_owned()).into(),
            dkim,
            claim_for: secs("FARCODER_MAIL_CLAIM_SECS", 300)?,
            retry_base: secs("FARCODER_MAIL_RETRY_SECS", 30)?,
            timeout: secs("FARCODER_SMTP_TIMEOUT_SECS", 20)?,
        };
        // The relay's address (and CA file) are read now, so a wrong one
        // stops the start rather than the first e-mail.
        if settings.smtp_url.is_some() {
            super::transport::Transport::from_settings(&settings).map_err(|e| match e {
                super::error::MailError::Settings(why) => why,
                other => other.to_string(),
            })?;
        }
        Ok(settings)
    }

    /// Files in `dir`, for development and tests that do not send.
    pub fn files(dir: PathBuf) -> MailSettings {
        MailSettings {
            smtp_url: None,
            ca_file: None,
            from: DEFAULT_FROM.to_owned(),
            outbox_dir: dir,
            dkim: None,
            claim_for: Duration::from_secs(300),
            retry_base: Duration::from_secs(30),
            timeout: Duration::from_secs(20),
        }
    }
}

/// Everything but the SMTP password.
impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("smtp_url", &self.smtp_url.as_deref().map(crate::server::redact::without_password))
            .field("ca_file", &self.ca_file)
            .field("from", &self.from)
            .field("outbox_dir", &self.outbox_dir)
            .field("dkim", &self.dkim)
            .field("claim_for", &self.claim_for)
            .field("retry_base", &self.retry_base)
            .field("timeout", &self.timeout)
            .finish()
    }
}
