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

pub use crate::server::settings::DEFAULT_FROM;

impl MailSettings {
    /// The mail settings among `settings`.
    pub fn from_settings(settings: &crate::server::settings::Settings) -> Result<MailSettings, String> {
        use crate::server::settings::text;
        let dkim = match (text(&settings.dkim_key_file), text(&settings.dkim_selector)) {
            (Some(key_file), Some(selector)) => {
                Some(DkimSettings { key_file: key_file.into(), selector, domain: text(&settings.dkim_domain) })
            }
            (None, None) => None,
            _ => return Err("DKIM signing needs both FARCODER_DKIM_KEY_FILE and FARCODER_DKIM_SELECTOR".to_owned()),
        };
        let settings = MailSettings {
            smtp_url: text(&settings.smtp_url),
            ca_file: text(&settings.smtp_ca_file).map(PathBuf::from),
            from: settings.mail_from.clone(),
            outbox_dir: settings.outbox_dir.clone().into(),
            dkim,
            claim_for: Duration::from_secs(settings.mail_claim_secs),
            retry_base: Duration::from_secs(settings.mail_retry_secs),
            timeout: Duration::from_secs(settings.smtp_timeout_secs),
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
