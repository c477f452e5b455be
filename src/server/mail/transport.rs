//! Where a built message goes: an SMTP server, or a folder of `.eml` files.

use std::path::PathBuf;

use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::server::mail::error::MailError;
use crate::server::mail::settings::MailSettings;

pub enum Transport {
    Smtp { host: String, smtp: AsyncSmtpTransport<Tokio1Executor> },
    Files { dir: PathBuf, files: AsyncFileTransport<Tokio1Executor> },
}

/// Why a message did not leave.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// Try again later: the server is away, busy, or refused us for a
    /// reason of its own (a 4xx reply, a timeout, a sign-in it rejected).
    Temporary(String),
    /// The server refused the message or its address for good (a 5xx reply).
    Permanent(String),
}

impl Transport {
    pub fn from_settings(settings: &MailSettings) -> Result<Transport, MailError> {
        let Some(url) = &settings.smtp_url else {
            return Ok(Transport::Files {
                dir: settings.outbox_dir.clone(),
                files: AsyncFileTransport::<Tokio1Executor>::new(&settings.outbox_dir),
            });
        };
        let bad = |why: String| MailError::Settings(format!("FARCODER_SMTP_URL: {why}"));
        let parsed = url::Url::parse(url).map_err(|e| bad(e.to_string()))?;
        let host = parsed.host_str().filter(|h| !h.is_empty()).ok_or_else(|| bad("no host".to_owned()))?;
        let host = host.trim_start_matches('[').trim_end_matches(']').to_owned();
        let tls_setting = parsed.query_pairs().find(|(k, _)| k == "tls").map(|(_, v)| v.into_owned());
        let plain = match tls_setting.as_deref() {
            None | Some("required") => false,
            Some("none") if parsed.scheme() == "smtp" => true,
            Some(other) => {
                return Err(bad(format!("tls={other}: use tls=none (a relay on this machine) or leave it out")));
            }
        };
        // lettre reads no `tls` as no encryption and knows no `tls=none`;
        // ours means STARTTLS unless `tls=none` says otherwise, and the TLS
        // set below decides in every case.
        let mut lettre_url = parsed.clone();
        let others: Vec<(String, String)> =
            parsed.query_pairs().filter(|(k, _)| k != "tls").map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        lettre_url.set_query(None);
        if !others.is_empty() {
            lettre_url.query_pairs_mut().extend_pairs(others);
        }
        if !matches!(parsed.scheme(), "smtp" | "smtps") {
            return Err(bad(format!("`{}://` is neither smtp:// nor smtps://", parsed.scheme())));
        }
        let lettre_url = lettre_url.to_string();
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(&lettre_url).map_err(|e| bad(e.to_string()))?;
        if !plain {
            let mut tls = TlsParameters::builder(host.clone());
            if let Some(ca_file) = &settings.ca_file {
                let pem = std::fs::read(ca_file)
                    .map_err(|e| bad(format!("cannot read FARCODER_SMTP_CA_FILE {}: {e}", ca_file.display())))?;
                let ca = Certificate::from_pem(&pem).map_err(|e| bad(format!("FARCODER_SMTP_CA_FILE: {e}")))?;
                tls = tls.add_root_certificate(ca);
            }
            let tls = tls.build_rustls().map_err(|e| bad(e.to_string()))?;
            builder = builder.tls(if parsed.scheme() == "smtps" { Tls::Wrapper(tls) } else { Tls::Required(tls) });
        }
        let smtp = builder.timeout(Some(settings.timeout)).build();
        Ok(Transport::Smtp { host, smtp })
    }

    pub async fn send(&self, email: lettre::Message) -> Result<(), Failure> {
        match self {
            Transport::Smtp { smtp, .. } => smtp.send(email).await.map(drop).map_err(|err| classify(&err)),
            Transport::Files { files, dir } => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| Failure::Temporary(e.to_string()))?;
                files.send(email).await.map(drop).map_err(|e| Failure::Temporary(e.to_string()))
            }
        }
    }
}

/// A 5xx reply refuses the message for good, except the 53x family
/// (authentication), which is our configuration and worth retrying once an
/// operator fixes it. Everything else (4xx, connection, TLS, timeout) is
/// temporary.
fn classify(err: &lettre::transport::smtp::Error) -> Failure {
    let code = err.status().map(|c| c.to_string()).unwrap_or_default();
    if err.is_permanent() && !code.starts_with("53") {
        Failure::Permanent(err.to_string())
    } else {
        Failure::Temporary(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_url(url: &str) -> Result<Transport, MailError> {
        let mut settings = MailSettings::files("unused".into());
        settings.smtp_url = Some(url.to_owned());
        Transport::from_settings(&settings)
    }

    #[tokio::test]
    async fn every_form_the_readme_gives_is_read() {
        for url in [
            "smtp://127.0.0.1:25?tls=none",
            "smtp://user:pass@mail.example.com:587",
            "smtp://user:pass@mail.example.com:587?tls=required",
            "smtps://user:pass@mail.example.com:465",
        ] {
            assert!(with_url(url).is_ok(), "{url}");
        }
    }

    #[tokio::test]
    async fn other_forms_are_refused_with_what_to_write() {
        for (url, says) in [
            ("smtps://mail.example.com:465?tls=none", "tls=none"),
            ("smtp://mail.example.com?tls=maybe", "tls=maybe"),
            ("http://mail.example.com", "neither smtp:// nor smtps://"),
            ("smtp://", "host"),
        ] {
            let Err(MailError::Settings(message)) = with_url(url) else { panic!("{url} was taken") };
            assert!(message.starts_with("FARCODER_SMTP_URL: ") && message.contains(says), "{url}: {message}");
        }
    }
}
