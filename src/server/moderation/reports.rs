//! Visitors report postings; a reported posting enters the moderators'
//! queue with its reports until a moderator keeps or unpublishes it.

use crate::error::AppError;
use crate::model::{ReportReason, Time};
use crate::server::auth::rate_limit;
use crate::server::auth::secret::Secret;
use crate::server::db::Db;
use crate::server::postings::public::open_job;
use crate::server::repo::reports;

/// Longest note, in characters.
pub const NOTE_CHARS: usize = 1_000;
const REPORTS_PER_IP: rate_limit::Limit =
    rate_limit::Limit { action: "report-ip", max: 10, window: crate::model::HOUR };

/// Reports the open job `slug` for `reason` with an optional `note`, once
/// per visitor: a second report of the same job is welcomed but not counted.
pub async fn report(
    db: &Db,
    secret: &Secret,
    slug: &str,
    reason: &str,
    note: &str,
    client_ip: &str,
    now: Time,
) -> Result<(), AppError> {
    let reason = ReportReason::from_slug(reason).ok_or_else(|| AppError::invalid("reason", "Choose a reason."))?;
    let note = note.trim();
    if note.chars().count() > NOTE_CHARS {
        return Err(AppError::invalid("note", format!("Keep the note under {NOTE_CHARS} characters.")));
    }
    if reason == ReportReason::Other && note.is_empty() {
        return Err(AppError::invalid("note", "Tell us what is wrong in a few words."));
    }
    let job = open_job(db, slug, now).await?;
    rate_limit::check(db, REPORTS_PER_IP, client_ip, now).await?;
    let reporter = secret.digest("reporter", &[client_ip]);
    reports::insert(db, job.card.id, reason.slug(), note, &reporter, now).await?;
    Ok(())
}
