//! Moderation: who is a moderator, the review queue, and decisions on
//! postings. Every function checks the caller's role itself, whatever page
//! or request reached it; every decision is written to the audit log.

use super::auth::{password, token};
use super::db::Db;
use super::repo::moderation::{self, AuditRow};
use super::repo::{email_tokens, jobs, outbox, sessions, users};
use crate::error::AppError;
use crate::model::{AuditEntry, Decision, Email, Password, ReviewItem, ReviewQueue, format_date, rfc3339};

/// A signed-in moderator.
#[derive(Clone, Debug)]
pub struct Moderator {
    pub user_id: i64,
    pub email: String,
}

/// The moderator a session belongs to: 401 without a session, 403 for
/// anyone who is not a moderator.
pub async fn moderator(db: &Db, token: Option<&str>, now: i64) -> Result<Moderator, AppError> {
    let token = token.ok_or(AppError::Unauthorized)?;
    let user_id = sessions::user_of(db, &token::digest(token), now).await?.ok_or(AppError::Unauthorized)?;
    match moderation::role_of(db, user_id).await? {
        Some((email, role)) if role == "admin" => Ok(Moderator { user_id, email }),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::Unauthorized),
    }
}

/// Submitted postings, oldest first.
pub async fn queue(db: &Db, moderator: &Moderator) -> Result<ReviewQueue, AppError> {
    let items = moderation::queue(db)
        .await?
        .into_iter()
        .map(|row| ReviewItem {
            id: row.id,
            title: row.title,
            company_name: row.company_name,
            company_slug: row.company_slug,
            company_verified: row.company_verified == 1,
            submitted: format_date(row.submitted_at),
        })
        .collect();
    Ok(ReviewQueue { moderator: moderator.email.clone(), items })
}

/// Applies `decision` to job `id`, tells the company's team why, and writes
/// the audit log.
pub async fn decide(
    db: &Db,
    moderator: &Moderator,
    id: i64,
    decision: Decision,
    reason: &str,
    public_url: &str,
    now: i64,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if decision.needs_reason() && reason.chars().count() < 10 {
        return Err(AppError::invalid("reason", "Tell the employer why, in a sentence or more."));
    }
    if reason.chars().count() > 2_000 {
        return Err(AppError::invalid("reason", "Keep the reason under 2,000 characters."));
    }
    let job = jobs::find(db, id).await?.ok_or(AppError::NotFound)?;
    let (from, to) = decision.transition();
    let (published_at, expires_at) = match decision {
        Decision::Approve => (Some(now), Some(now + super::postings::OPEN_DAYS * 86_400)),
        _ => (None, None),
    };
    let note = decision.needs_reason().then_some(reason);
    if !moderation::decide(db, id, from, to, note, published_at, expires_at, now).await? {
        return Err(AppError::invalid(
            "status",
            format!("Only a posting in status “{from}” can be given this decision."),
        ));
    }
    moderation::audit(
        db,
        &AuditRow {
            actor: moderator.email.clone(),
            action: format!("{} posting", decision.slug()),
            job_id: Some(id),
            company_id: Some(job.company_id),
            reason: reason.to_owned(),
            created_at: now,
        },
    )
    .await?;
    let title = job.card.title.clone();
    let (subject, body) = match decision {
        Decision::Approve => (
            format!("Published: {title}"),
            format!("Your posting “{title}” is live on FarCoder.\n\n{public_url}/dashboard\n"),
        ),
        _ => (
            format!("{}: {title}", decision.label()),
            format!(
                "A FarCoder moderator looked at your posting “{title}” and decided: {}.\n\nReason: {reason}\n\nSee it on your dashboard: {public_url}/dashboard\n",
                decision.label().to_lowercase()
            ),
        ),
    };
    for (email, _, _) in users::team(db, job.company_id).await? {
        outbox::enqueue(db, &email, &subject, &body, now).await?;
    }
    Ok(())
}

/// The newest entries of the audit log.
pub async fn audit_log(db: &Db, _moderator: &Moderator) -> Result<Vec<AuditEntry>, AppError> {
    Ok(moderation::audit_log(db, 500)
        .await?
        .into_iter()
        .map(|row| AuditEntry {
            actor: row.actor,
            action: row.action,
            job_id: row.job_id,
            company_id: row.company_id,
            reason: row.reason,
            at: rfc3339(row.created_at),
        })
        .collect())
}

/// `farcoder admin create --email E`: a moderator account and a one-time
/// link (valid 24 hours) to choose its password.
pub async fn create_moderator(db: &Db, email: &str, public_url: &str, now: i64) -> Result<String, AppError> {
    let email = Email::parse(email).map_err(|e| AppError::invalid("email", e.message))?;
    // Nobody knows this password: the link sets the real one.
    let secret = Password::parse(&token::generate()).map_err(|_| AppError::Internal)?;
    let unusable = password::hash(&secret).await?;
    let user_id = moderation::insert_admin(db, email.as_str(), &unusable, now)
        .await?
        .ok_or_else(|| AppError::invalid("email", "An account with this address exists already."))?;
    let link = token::generate();
    email_tokens::insert(db, &token::digest(&link), "reset", user_id, now, now + 86_400).await?;
    moderation::audit(
        db,
        &AuditRow {
            actor: "command line".to_owned(),
            action: "create moderator".to_owned(),
            job_id: None,
            company_id: None,
            reason: email.as_str().to_owned(),
            created_at: now,
        },
    )
    .await?;
    Ok(format!("{public_url}/reset?token={link}"))
}
