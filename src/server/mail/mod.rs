//! Sending e-mail from the outbox: over SMTP when `FARCODER_SMTP_URL` names
//! a server, else as `.eml` files in a folder for development. Each message
//! is a job of the queue (`SendMail`): the runner leases it, the mailer
//! sends it and records it sent, tried, or failed (and the address
//! bouncing), and the queue tries again after its pause.

mod compose;
mod error;
mod settings;
mod transport;

use crate::model::{HOUR, Span};
use std::time::Duration;

pub use compose::compose;
pub use error::MailError;
pub use settings::{DkimSettings, MailSettings};
pub use transport::{Failure, Transport};

use crate::server::db::Db;
use crate::server::queue::{Job, JobError};
use crate::server::repo::outbox::{self, SendMail};

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

/// Sends the outbox's messages: the context of the queue's `SendMail` jobs.
pub struct Mailer {
    db: Db,
    transport: Transport,
    composer: compose::Composer,
    claim_for: Duration,
    retry_base: Duration,
    counters: MailCounters,
}

impl Mailer {
    /// The sender `settings` describe; says at start where mail goes.
    pub fn new(db: Db, settings: &MailSettings, counters: MailCounters) -> Result<Mailer, MailError> {
        let transport = Transport::from_settings(settings)?;
        match &transport {
            Transport::Smtp { host, .. } => tracing::info!(server = %host, "e-mail is sent over SMTP"),
            Transport::Files { dir, .. } => tracing::warn!(
                folder = %dir.display(),
                "no FARCODER_SMTP_URL: e-mail is written to this folder as .eml files and reaches no one"
            ),
        }
        Ok(Mailer {
            db,
            transport,
            composer: compose::Composer::new(settings)?,
            claim_for: settings.claim_for,
            retry_base: settings.retry_base,
            counters,
        })
    }

    /// Sends message `id` if it still waits; records what became of it.
    async fn send(&self, id: i64, attempt: i64) -> Result<(), JobError> {
        let db = &self.db;
        // Sent, given up on, or deleted with its application: nothing to do.
        let Some(message) = outbox::waiting(db, id).await? else { return Ok(()) };
        let outcome = match self.composer.build(&message) {
            Ok(email) => self.transport.send(email).await,
            Err(err) => Err(Failure::Permanent(err.to_string())),
        };
        let now = crate::server::now();
        match outcome {
            Ok(()) => {
                outbox::mark_sent(db, id, now).await?;
                self.counters.sent.inc();
                // Never the recipient, a link or the body: they open accounts.
                tracing::info!(message = id, "e-mail sent");
                Ok(())
            }
            Err(Failure::Temporary(error)) if attempt < MAX_ATTEMPTS => {
                tracing::warn!(message = id, %error, attempt, "e-mail not sent; will retry");
                outbox::record_try(db, id, &error).await?;
                self.counters.retried.inc();
                Err(JobError::Retry(error))
            }
            Err(Failure::Temporary(error)) => {
                tracing::error!(message = id, %error, "e-mail given up after {MAX_ATTEMPTS} tries");
                outbox::mark_failed(db, id, now, &error).await?;
                self.counters.failed.inc();
                Err(JobError::GiveUp(error))
            }
            Err(Failure::Permanent(error)) => {
                tracing::warn!(message = id, %error, "e-mail refused for good; its address is bouncing");
                // Failed and bouncing together: alerts to it pause.
                let mut tx = db.begin_write().await?;
                outbox::mark_failed(&mut tx, id, now, &error).await?;
                outbox::record_bounce(&mut tx, &message.recipient, &error, now).await?;
                tx.commit().await?;
                self.counters.failed.inc();
                Err(JobError::GiveUp(error))
            }
        }
    }
}

impl Job for SendMail {
    const KIND: &'static str = "send-mail";
    const MAX_ATTEMPTS: i64 = MAX_ATTEMPTS;
    type Context = Mailer;

    /// Longer than an SMTP conversation may take (`FARCODER_MAIL_CLAIM_SECS`).
    fn lease(mailer: &Mailer) -> Span {
        Span::from(mailer.claim_for).max(Span::seconds(1))
    }

    /// `FARCODER_MAIL_RETRY_SECS`, doubling, at most an hour.
    fn pause(mailer: &Mailer, attempts: i64) -> Span {
        let base = Span::from(mailer.retry_base).max(Span::seconds(1));
        (base * (1 << attempts.clamp(0, 7))).min(HOUR)
    }

    async fn run(self, mailer: &Mailer, attempt: i64) -> Result<(), JobError> {
        mailer.send(self.id, attempt).await
    }
}
