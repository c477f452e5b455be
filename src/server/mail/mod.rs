//! Sending e-mail from the outbox: over SMTP when `FARCODER_SMTP_URL` names
//! a server, else as `.eml` files in a folder for development. Each app
//! server runs one sender, which claims a batch, sends it, and records for
//! each message sent, retry later, or failed (and the address bouncing).

mod compose;
mod error;
mod settings;
mod transport;

use crate::model::{HOUR, Span, Time};
use std::time::Duration;

pub use compose::compose;
pub use error::MailError;
pub use settings::{DkimSettings, MailSettings};
pub use transport::{Failure, Transport};

use crate::server::db::Db;
use crate::server::repo::outbox;
use crate::server::tasks::Next;

/// Messages claimed at a time; with the SMTP timeout this bounds how long a
/// claim must last (`MailSettings::claim_for`).
const BATCH: i64 = 10;
/// After this many tries a temporary failure is given up on (about three
/// hours of retries with the default 30 s base).
const MAX_ATTEMPTS: i64 = 10;

/// What the mail sender counts (registered with `/metrics` by `http::metrics`).
#[derive(Clone, Debug, Default)]
pub struct MailCounters {
    pub sent: prometheus_client::metrics::counter::Counter,
    pub retried: prometheus_client::metrics::counter::Counter,
    pub failed: prometheus_client::metrics::counter::Counter,
}

/// What one round of delivery did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

pub struct Mailer {
    transport: Transport,
    composer: compose::Composer,
    /// This sender's name on its claims: unique per process and mailer.
    sender: String,
    claim_for: Duration,
    retry_base: Duration,
    counters: MailCounters,
}

impl Mailer {
    /// The sender `settings` describe; says at start where mail goes.
    pub fn new(settings: &MailSettings, counters: MailCounters) -> Result<Mailer, MailError> {
        let transport = Transport::from_settings(settings)?;
        match &transport {
            Transport::Smtp { host, .. } => tracing::info!(server = %host, "e-mail is sent over SMTP"),
            Transport::Files { dir, .. } => tracing::warn!(
                folder = %dir.display(),
                "no FARCODER_SMTP_URL: e-mail is written to this folder as .eml files and reaches no one"
            ),
        }
        let sender = crate::server::queue::worker_name();
        Ok(Mailer {
            transport,
            composer: compose::Composer::new(settings)?,
            sender,
            claim_for: settings.claim_for,
            retry_base: settings.retry_base,
            counters,
        })
    }

    /// Claims what is due and delivers it.
    pub async fn deliver_due(&self, db: &Db, now: Time) -> Result<Round, MailError> {
        let until = now + Span::from(self.claim_for).max(Span::seconds(1));
        let mut round = Round::default();
        for message in outbox::claim(db, &self.sender, BATCH, now, until).await? {
            let outcome = match self.composer.build(&message) {
                Ok(email) => self.transport.send(email).await,
                Err(err) => Err(Failure::Permanent(err.to_string())),
            };
            let now = crate::server::now();
            match outcome {
                Ok(()) => {
                    if outbox::mark_sent(db, message.id, &self.sender, now).await? {
                        round.sent += 1;
                        // Never the recipient, a link or the body: they open accounts.
                        tracing::info!(message = message.id, "e-mail sent");
                    } else {
                        tracing::warn!(message = message.id, "e-mail sent after its claim ran out");
                    }
                }
                Err(Failure::Temporary(error)) if message.attempts + 1 < MAX_ATTEMPTS => {
                    let base = Span::from(self.retry_base).max(Span::seconds(1));
                    let retry_at = now + (base * (1 << message.attempts.clamp(0, 7))).min(HOUR);
                    let retry_in_secs = (retry_at - now).as_secs();
                    tracing::warn!(message = message.id, %error, retry_in_secs, "e-mail not sent; will retry");
                    outbox::retry_later(db, message.id, &self.sender, retry_at, &error).await?;
                    round.retried += 1;
                }
                Err(Failure::Temporary(error)) => {
                    tracing::error!(message = message.id, %error, "e-mail given up after {MAX_ATTEMPTS} tries");
                    let mut tx = db.begin_write().await?;
                    outbox::mark_failed(&mut tx, message.id, &self.sender, now, &error).await?;
                    tx.commit().await?;
                    round.failed += 1;
                }
                Err(Failure::Permanent(error)) => {
                    tracing::warn!(message = message.id, %error, "e-mail refused for good; its address is bouncing");
                    // Failed and bouncing together: alerts to it pause.
                    let mut tx = db.begin_write().await?;
                    outbox::mark_failed(&mut tx, message.id, &self.sender, now, &error).await?;
                    outbox::record_bounce(&mut tx, &message.recipient, &error, now).await?;
                    tx.commit().await?;
                    round.failed += 1;
                }
            }
        }
        self.counters.sent.inc_by(round.sent as u64);
        self.counters.retried.inc_by(round.retried as u64);
        self.counters.failed.inc_by(round.failed as u64);
        Ok(round)
    }

    /// One round of the background sender (`tasks`): delivers what is due;
    /// `Next::Again` after a full batch, as more may be waiting.
    pub async fn round(&self, db: &Db) -> Next {
        match self.deliver_due(db, crate::server::now()).await {
            Ok(round) if round.sent + round.retried + round.failed >= BATCH as usize => Next::Again,
            Ok(_) => Next::Wait,
            Err(err) => {
                tracing::error!(error = %err, "e-mail delivery failed; will retry");
                Next::Wait
            }
        }
    }
}
