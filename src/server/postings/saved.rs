//! Saved jobs without an account: `/saved` lists the visitor's list (open
//! ones as cards, those closed since marked so), and a signed link by
//! e-mail carries the list to another device.

use crate::error::AppError;
use crate::model::{ClosedSaved, Email, HOUR, SavedJobs, SavedLink, SavedPage, Time};
use crate::server::auth::rate_limit::{self, Limit};
use crate::server::auth::secret::Secret;
use crate::server::db::Db;
use crate::server::repo::{jobs, outbox};

/// Lists a stranger can have mailed: per address and per client.
const MAILS_PER_ADDRESS: Limit = Limit { action: "saved-mail", max: 3, window: HOUR };
const MAILS_PER_IP: Limit = Limit { action: "saved-mail-ip", max: 10, window: HOUR };

/// The signature of a list, for its link.
fn signature(secret: &Secret, saved: &SavedJobs) -> String {
    secret.digest("saved-list", &[&saved.value()])
}

/// The path of the signed link to `saved`.
pub fn link_path(secret: &Secret, saved: &SavedJobs) -> String {
    format!("/saved?list={}&sig={}", saved.value(), signature(secret, saved))
}

/// The list a signed link carries, if its signature is ours.
pub fn from_link(secret: &Secret, list: &str, sig: &str) -> Option<SavedJobs> {
    let saved = SavedJobs::parse(list);
    secret.verifies("saved-list", &[&saved.value()], sig).then_some(saved)
}

/// `/saved` for `saved`: the open jobs as cards, in the list's order, and
/// those that were public and closed since.
pub async fn page(db: &Db, saved: &SavedJobs, from_link: Option<SavedLink>, now: Time) -> Result<SavedPage, AppError> {
    let open = jobs::cards_by_id(db, &saved.0, now).await?;
    let rest: Vec<i64> = saved.0.iter().copied().filter(|id| !open.iter().any(|card| card.id == *id)).collect();
    // Only what was public and closed since: a posting unpublished or in
    // review says nothing, whatever ids a cookie holds.
    let mut gone: Vec<_> = jobs::find_many(db, &rest).await?.into_iter().filter(|row| row.is_gone(now)).collect();
    gone.sort_by_key(|row| rest.iter().position(|id| *id == row.card.id));
    let closed = gone
        .into_iter()
        .map(|row| ClosedSaved {
            id: row.card.id,
            filled: row.filled_at.is_some(),
            title: row.card.title,
            company_name: row.card.company_name,
        })
        .collect();
    Ok(SavedPage { open, closed, from_link })
}

/// E-mails `email` a signed link to `saved`.
pub async fn email(
    db: &Db,
    secret: &Secret,
    public_url: &str,
    email: &str,
    saved: &SavedJobs,
    client: &str,
    now: Time,
) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|e| AppError::invalid("email", e.message))?;
    if saved.0.is_empty() {
        return Err(AppError::invalid("email", "Your list is empty: save a job first."));
    }
    rate_limit::check(db, MAILS_PER_IP, client, now).await?;
    rate_limit::check(db, MAILS_PER_ADDRESS, email.as_str(), now).await?;
    let jobs = match saved.0.len() {
        1 => "the job".to_owned(),
        n => format!("the {n} jobs"),
    };
    let body = format!(
        "Here {} {jobs} you saved on FarCoder. Open this link on any device to see {}, and keep {} there:\n\n\
         {public_url}{}\n\nYou asked for this e-mail on FarCoder; no account was made.\n",
        if saved.0.len() == 1 { "is" } else { "are" },
        if saved.0.len() == 1 { "it" } else { "them" },
        if saved.0.len() == 1 { "it" } else { "them" },
        link_path(secret, saved)
    );
    let mail = outbox::Outgoing {
        recipient: email.as_str(),
        subject: "Your saved jobs on FarCoder",
        body: &body,
        ..Default::default()
    };
    outbox::enqueue(db, &mail, now).await?;
    Ok(())
}
