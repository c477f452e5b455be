//! Sending e-mail from the outbox. This build's sender writes each message as
//! an `.eml` file (by default under `data/outbox/`) and logs its first link, so
//! sign-up and password reset work without an SMTP server.

use std::path::PathBuf;
use std::time::Duration;

use super::db::{Db, DbError};
use super::repo::outbox;

#[derive(Clone, Debug)]
pub struct Mailer {
    pub outbox_dir: PathBuf,
    pub from: String,
}

impl Mailer {
    /// Delivers every unsent message; returns how many it wrote.
    pub async fn deliver_pending(&self, db: &Db, now: i64) -> Result<usize, MailError> {
        let mut delivered = 0;
        for message in outbox::unsent(db, 50).await? {
            tokio::fs::create_dir_all(&self.outbox_dir).await.map_err(MailError::Io)?;
            // Names sort in the order the messages were queued.
            let path = self.outbox_dir.join(format!("{}-{:012}.eml", message.created_at, message.id));
            tokio::fs::write(&path, self.render(&message)).await.map_err(MailError::Io)?;
            if outbox::mark_sent(db, message.id, now).await? {
                delivered += 1;
                // Never the recipient, a link or the body: they open accounts.
                tracing::info!(message = message.id, file = %path.display(), "e-mail written");
            }
        }
        Ok(delivered)
    }

    fn render(&self, message: &outbox::Message) -> String {
        format!(
            "From: {}\r\nTo: {}\r\nSubject: {}\r\nMessage-ID: <outbox-{}@farcoder>\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
            self.from,
            message.recipient,
            message.subject,
            message.id,
            message.body.replace('\n', "\r\n")
        )
    }

    /// Delivers in the background, every `interval`, for as long as the server runs.
    pub fn spawn(self, db: Db, interval: Duration) {
        tokio::spawn(async move {
            loop {
                if let Err(err) = self.deliver_pending(&db, super::now()).await {
                    tracing::error!(error = %err, "e-mail delivery failed; will retry");
                }
                tokio::time::sleep(interval).await;
            }
        });
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("could not write the e-mail file: {0}")]
    Io(std::io::Error),
}
