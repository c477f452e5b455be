//! "Still hiring?": fourteen days after a posting is published, and every
//! fourteen days after its team last confirmed it, the team gets one e-mail
//! with two signed links, "still hiring" and "filled". Still hiring marks
//! it confirmed open (cards and the page say since when); filled closes it
//! (it leaves every list, feed and the sitemap, and its page says it was
//! filled). A question unanswered for seven days puts the posting back in
//! the review queue as possibly stale. Every app server runs the rounds;
//! each question is claimed in the database first, so it goes out once.

use crate::error::AppError;
use crate::model::{DAY, FlagKind, Span, Time};
use crate::server::auth::secret::Secret;
use crate::server::db::Db;
use crate::server::repo::confirmations::{self, AskRow};
use crate::server::repo::flags;
use crate::server::repo::moderation::{audit, audit_entry};
use crate::server::repo::outbox;
use crate::server::repo::users::MemberRow;

/// How long after publishing, or the last confirmation, the team is asked.
pub const ASK_AFTER: Span = Span::days(14);
/// How long an answer may take before the posting goes back to review.
pub const ANSWER_WITHIN: Span = Span::days(7);
/// Questions sent per round, so a round stays short.
const ASKS_PER_ROUND: i64 = 200;

/// The team's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    StillHiring,
    Filled,
}

impl Answer {
    pub fn parse(raw: &str) -> Option<Answer> {
        match raw {
            "open" => Some(Answer::StillHiring),
            "filled" => Some(Answer::Filled),
            _ => None,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Answer::StillHiring => "open",
            Answer::Filled => "filled",
        }
    }
}

/// The page a question's link opens (its form posts the answer): the
/// posting and the time it was asked, signed.
pub fn link(secret: &Secret, public_url: &str, job_id: i64, asked_at: Time, answer: Answer) -> String {
    let (job, at) = (job_id.to_string(), asked_at.unix().to_string());
    let sig = secret.digest("still-hiring", &[&job, &at]);
    format!("{public_url}/still-hiring?job={job}&at={at}&sig={sig}&answer={}", answer.slug())
}

/// What one round did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub asked: usize,
    pub stale: usize,
}

/// Asks the teams whose postings are due, and sends back to review those
/// whose question waited too long.
pub async fn run_once(db: &Db, secret: &Secret, public_url: &str, now: Time) -> Result<Round, AppError> {
    let mut round = Round::default();
    for job in confirmations::due(db, now, now - ASK_AFTER, ASKS_PER_ROUND).await? {
        let mut tx = db.begin_write().await?;
        if !confirmations::claim_ask(&mut tx, job.id, now - ASK_AFTER, now).await? {
            continue;
        }
        let body = question(&job, secret, public_url, now);
        let subject = format!("Still hiring? {}", job.title);
        let mail = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
        outbox::enqueue_to_team(&mut tx, job.company_id, &mail, now).await?;
        tx.commit().await?;
        round.asked += 1;
    }
    let asked_before = now - ANSWER_WITHIN;
    for job in confirmations::unanswered(db, asked_before, now).await? {
        let note = format!(
            "Possibly stale: the team did not say within {} days whether it is still hiring.",
            ANSWER_WITHIN / DAY
        );
        let mut tx = db.begin_write().await?;
        if !crate::server::repo::jobs::unconfirmed_to_review(&mut tx, job.id, asked_before, &note, now).await? {
            continue;
        }
        let stale = FlagKind::Stale.slug();
        flags::replace(&mut tx, job.id, &[stale], &[(stale, &note)], now).await?;
        let entry = audit_entry("freshness", "possibly stale", Some(job.id), Some(job.company_id), &note, now);
        audit(&mut tx, &entry).await?;
        let body = format!(
            "We asked a week ago whether “{}” is still open and heard nothing, so it is off the board until a \
             moderator looks at it again. If it is filled, close it from your dashboard: {public_url}/dashboard\n",
            job.title
        );
        let subject = format!("Off the board until reviewed: {}", job.title);
        let mail = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
        outbox::enqueue_to_team(&mut tx, job.company_id, &mail, now).await?;
        tx.commit().await?;
        round.stale += 1;
    }
    Ok(round)
}

fn question(job: &AskRow, secret: &Secret, public_url: &str, now: Time) -> String {
    format!(
        "Is “{title}” still open? Job seekers see when a team last confirmed its posting.\n\n\
         Still hiring (one click, then confirm): {open}\n\n\
         Filled, close it: {filled}\n\n\
         Without an answer within {days} days the posting goes back to our moderators as possibly stale.\n",
        title = job.title,
        open = link(secret, public_url, job.id, now, Answer::StillHiring),
        filled = link(secret, public_url, job.id, now, Answer::Filled),
        days = ANSWER_WITHIN / DAY,
    )
}

/// Records the team's answer to the question about `job_id` asked at
/// `asked_at`, if `sig` is that question's signature.
pub async fn answer(
    db: &Db,
    secret: &Secret,
    job_id: i64,
    asked_at: Time,
    sig: &str,
    answer: Answer,
    now: Time,
) -> Result<(), AppError> {
    if !secret.verifies("still-hiring", &[&job_id.to_string(), &asked_at.unix().to_string()], sig) {
        return Err(AppError::invalid("sig", "This link is not one we sent. Open the link from the e-mail again."));
    }
    let mut tx = db.begin_write().await?;
    let filled = answer == Answer::Filled;
    if !confirmations::answer(&mut tx, job_id, asked_at, filled, now).await? {
        return Err(AppError::invalid(
            "job",
            "This question was answered already, or the posting is no longer live. Your dashboard shows where it stands.",
        ));
    }
    if filled {
        // Closed: an edit waiting for review has nothing left to change.
        crate::server::repo::revisions::withdraw_pending(&mut tx, &[job_id], now).await?;
        let company = crate::server::repo::jobs::find(&mut tx, job_id).await?.map(|row| row.company_id);
        let entry = audit_entry("team", "filled", Some(job_id), company, "The team said the job was filled.", now);
        audit(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A member of the team says job `id` is still open, from the dashboard.
pub async fn confirm_now(db: &Db, member: &MemberRow, id: i64, now: Time) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    super::own_job(&mut tx, member, id).await?;
    if !confirmations::confirm(&mut tx, id, now).await? {
        return Err(AppError::invalid("status", "Only an open posting can be confirmed open."));
    }
    tx.commit().await?;
    Ok(())
}

/// The background round (`tasks`).
pub struct Confirmations {
    pub db: Db,
    pub secret: Secret,
    pub public_url: String,
}

pub async fn round(task: &Confirmations) -> crate::server::tasks::Next {
    match run_once(&task.db, &task.secret, &task.public_url, crate::server::now()).await {
        Ok(round) if round != Round::default() => tracing::info!(?round, "still-hiring questions"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "still-hiring round failed"),
    }
    crate::server::tasks::Next::Wait
}
