//! What the real SMTP server (`scripts/with-smtp`) received. Every test
//! database sends from an address of its own, and the server delivers each
//! sender's mail to a Maildir of that name, so tests running at once read
//! only their own mail.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use farcoder::server::mail::MailSettings;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the integration tests under scripts/with-smtp (scripts/test does)")
    })
}

/// One sender's mail at the test SMTP server.
#[derive(Clone, Debug)]
pub struct Mailbox {
    pub from: String,
    dir: PathBuf,
}

/// One received message, decoded.
#[derive(Clone, Debug)]
pub struct Received {
    /// The outbox row it came from (read from its `Message-ID`).
    pub outbox_id: i64,
    pub delivered_to: String,
    /// The headers as received, then the decoded subject, the text part and
    /// the HTML part: what a test looks for in "the mail".
    pub text: String,
}

impl Mailbox {
    /// A sender address no other test uses.
    pub fn new() -> Mailbox {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let from = format!("app-{}-{}@farcoder.test", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let dir = PathBuf::from(env("FARCODER_TEST_MAILDIR")).join(&from).join("new");
        Mailbox { from, dir }
    }

    /// Settings that send over SMTP with STARTTLS and AUTH to the test server.
    pub fn settings(&self, outbox_dir: PathBuf) -> MailSettings {
        let mut settings = MailSettings::files(outbox_dir);
        settings.smtp_url = Some(env("FARCODER_TEST_SMTP_URL"));
        settings.ca_file = Some(env("FARCODER_TEST_SMTP_CA").into());
        settings.from = format!("FarCoder <{}>", self.from);
        settings.retry_base = std::time::Duration::from_secs(1);
        settings
    }

    /// The same settings as environment variables, for a server process.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("FARCODER_SMTP_URL", env("FARCODER_TEST_SMTP_URL")),
            ("FARCODER_SMTP_CA_FILE", env("FARCODER_TEST_SMTP_CA")),
            ("FARCODER_MAIL_FROM", format!("FarCoder <{}>", self.from)),
            ("FARCODER_MAIL_RETRY_SECS", "1".to_owned()),
        ]
    }

    /// Everything received so far, oldest first.
    pub fn all(&self) -> Vec<Received> {
        let mut mails: Vec<Received> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| std::fs::read(entry.path()).ok())
            .filter_map(|raw| decode(&raw))
            .collect();
        mails.sort_by_key(|m| m.outbox_id);
        mails
    }

    /// The newest mail to `recipient` that contains `text`, waiting up to
    /// five seconds for the sender.
    pub async fn find(&self, recipient: &str, text: &str) -> Option<Received> {
        for _ in 0..50 {
            if let Some(mail) =
                self.all().into_iter().rev().find(|m| m.delivered_to == recipient && m.text.contains(text))
            {
                return Some(mail);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        None
    }
}

fn decode(raw: &[u8]) -> Option<Received> {
    let message = mail_parser::MessageParser::default().parse(raw)?;
    let delivered_to = message.header_raw("Delivered-To")?.trim().to_owned();
    let outbox_id = message
        .message_id()
        .and_then(|id| id.strip_prefix("outbox."))
        .and_then(|id| id.split('.').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or(i64::MAX);
    let headers_end =
        raw.windows(4).position(|w| w == b"\r\n\r\n").or_else(|| raw.windows(2).position(|w| w == b"\n\n"));
    let headers = String::from_utf8_lossy(&raw[..headers_end.unwrap_or(0)]).into_owned();
    let subject = message.subject().unwrap_or_default();
    let body = message.body_text(0).unwrap_or_default();
    // An HTML part only where one was sent (mail-parser makes one from text).
    let html = message.body_html(0).filter(|_| headers.to_ascii_lowercase().contains("multipart/alternative"));
    let text = format!("{headers}\r\nSubject: {subject}\r\n\r\n{body}\r\n{}", html.unwrap_or_default());
    Some(Received { outbox_id, delivered_to, text })
}
