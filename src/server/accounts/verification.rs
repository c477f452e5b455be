//! Verified companies. The owner proves an address at the company website's
//! domain by clicking a link sent there, then a moderator approves or
//! declines; a moderator can revoke the badge later. Every decision is
//! written to the audit log and mailed to the company's team.

use crate::error::AppError;
use crate::model::{
    DAY, Email, Role, Span, Time, Verification, VerificationQueue, VerificationRequest, VerificationStatus,
    VerifiedCompany, check_verification_address,
};
use crate::server::accounts::moderators::{Moderator, checked_reason};
use crate::server::auth::{rate_limit, token};
use crate::server::context::Context;
use crate::server::db::Db;
use crate::server::repo::moderation::audit_entry;
use crate::server::repo::users::MemberRow;
use crate::server::repo::{companies, moderation, outbox, verifications};

/// How long a confirmation link works.
pub const LINK_LIFETIME: Span = Span::days(7);
const REQUESTS_PER_COMPANY: rate_limit::Limit = rate_limit::Limit { action: "verify-company", max: 5, window: DAY };

/// Where company `company_id` stands.
pub async fn state(db: &Db, company_id: i64, verified_at: Option<Time>, now: Time) -> Result<Verification, AppError> {
    if let Some(at) = verified_at {
        return Ok(Verification::Verified { since: at.date() });
    }
    let Some(latest) = verifications::latest(db, company_id).await? else {
        return Ok(Verification::Unverified);
    };
    Ok(match latest.status {
        VerificationStatus::Unconfirmed if latest.created_at > now - LINK_LIFETIME => {
            Verification::Unconfirmed { email: latest.email }
        }
        VerificationStatus::Confirmed => Verification::Confirmed { email: latest.email },
        VerificationStatus::Declined => Verification::Declined { reason: latest.note.unwrap_or_default() },
        VerificationStatus::Revoked => Verification::Revoked { reason: latest.note.unwrap_or_default() },
        VerificationStatus::Unconfirmed | VerificationStatus::Approved | VerificationStatus::Withdrawn => {
            Verification::Unverified
        }
    })
}

/// The owner asks for the badge with `email`, an address at the company's
/// domain; a one-time link goes there.
pub async fn request(cx: &Context<'_>, member: &MemberRow, email: &str) -> Result<(), AppError> {
    if member.role != Role::Owner {
        return Err(AppError::Forbidden);
    }
    crate::server::accounts::confirmed(member)?;
    let company = companies::find_by_id(cx.db, member.company_id).await?.ok_or(AppError::NotFound)?;
    if company.verified_at.is_some() {
        return Err(AppError::invalid("address", "Your company is verified already."));
    }
    let email = Email::parse(email).map_err(|e| AppError::invalid("address", e.message))?;
    check_verification_address(&email, company.website.as_deref())
        .map_err(|e| AppError::invalid("address", e.message))?;
    rate_limit::check(cx.db, REQUESTS_PER_COMPANY, &company.id.to_string(), cx.now).await?;
    let link = token::generate();
    // The company's name is its employer's words: the mail names only the
    // address's own domain.
    let body = format!(
        "Someone asked FarCoder to verify, with this address, the company whose website is at {domain}.\n\n\
         If it was you, confirm within 7 days:\n{url}/verify?token={link}\n\n\
         A moderator then looks at the company and approves the verified badge. \
         If you did not ask, ignore this e-mail.\n",
        domain = email.domain(),
        url = cx.public_url,
    );
    let subject = "Confirm your company address on FarCoder";
    let mail = outbox::Outgoing { recipient: email.as_str(), subject, body: &body, ..Default::default() };
    // The request works only if its link's e-mail is queued.
    let mut tx = cx.db.begin_write().await?;
    verifications::insert(&mut tx, company.id, email.as_str(), &token::digest(&link), cx.now).await?;
    outbox::enqueue(&mut tx, &mail, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// The link from the e-mail: the address is confirmed and the request goes
/// to the moderators.
pub async fn confirm(db: &Db, link: &str, now: Time) -> Result<(), AppError> {
    let expired = || {
        AppError::invalid(
            "token",
            "This link has expired or was already used. Ask for verification again from your company profile.",
        )
    };
    verifications::confirm(db, &token::digest(link), now - LINK_LIFETIME, now).await?.ok_or_else(expired)?;
    Ok(())
}

/// Confirmed requests waiting for a moderator, and the verified companies
/// (the new names waiting come from `renames`).
pub async fn queue(db: &Db, _moderator: &Moderator) -> Result<VerificationQueue, AppError> {
    let requests = verifications::pending(db)
        .await?
        .into_iter()
        .map(|r| VerificationRequest {
            id: r.id,
            company_id: r.company_id,
            company_name: r.company_name,
            company_slug: r.company_slug,
            website: r.website,
            email: r.email,
            confirmed: r.confirmed_at.date(),
        })
        .collect();
    let verified = verifications::verified(db)
        .await?
        .into_iter()
        .map(|(id, name, slug, at)| VerifiedCompany { id, name, slug, since: at.date() })
        .collect();
    Ok(VerificationQueue { requests, renames: Vec::new(), verified })
}

/// Approves or declines the confirmed request `id`.
pub async fn decide(
    db: &Db,
    moderator: &Moderator,
    id: i64,
    approve: bool,
    reason: &str,
    public_url: &str,
    now: Time,
) -> Result<(), AppError> {
    let reason = checked_reason(reason, !approve, "the company")?;
    let (status, note) =
        if approve { (VerificationStatus::Approved, None) } else { (VerificationStatus::Declined, Some(reason)) };
    // The decision, the badge, the audit entry and the team's e-mail commit
    // together or not at all.
    let mut tx = db.begin_write().await?;
    let company_id = verifications::decide(&mut tx, id, status, note, now).await?.ok_or_else(|| {
        AppError::invalid("status", "This request is no longer waiting: another moderator may have decided it.")
    })?;
    if approve {
        verifications::set_verified(&mut tx, company_id, Some(now)).await?;
    }
    let action = if approve { "verify company" } else { "decline verification" };
    let entry = audit_entry(&moderator.email, action, None, Some(company_id), reason, now);
    moderation::audit(&mut tx, &entry).await?;
    let (subject, body) = if approve {
        (
            "Your company is verified on FarCoder".to_owned(),
            format!("Your company now carries the verified badge on FarCoder.\n\n{public_url}/dashboard/company\n"),
        )
    } else {
        (
            "Verification declined".to_owned(),
            format!(
                "A FarCoder moderator declined your company's verification.\n\nReason: {reason}\n\n\
                 You can ask again from {public_url}/dashboard/company\n"
            ),
        )
    };
    let mail = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
    outbox::enqueue_to_team(&mut tx, company_id, &mail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// What an identity change ends: a request waiting for a moderator and the
/// badge, which vouched for the name and website as they were; audited when
/// it ended either.
pub(crate) async fn end_verification(
    tx: &mut crate::server::db::Tx,
    actor: &str,
    company_id: i64,
    what: &str,
    now: Time,
) -> Result<(), AppError> {
    let withdrawn = verifications::withdraw_waiting(&mut *tx, company_id, now).await?;
    // Cleared whatever was read before: a moderator may have verified it a
    // moment ago, for the old name or website.
    let unverified = verifications::set_verified(&mut *tx, company_id, None).await?;
    if unverified {
        let reason = "The company’s name or website changed after it was verified. Ask for verification again.";
        verifications::mark_revoked(&mut *tx, company_id, reason, now).await?;
    }
    if unverified || withdrawn > 0 {
        let action = if unverified { "identity changed, badge removed" } else { "identity changed, request withdrawn" };
        let entry = audit_entry(actor, action, None, Some(company_id), what, now);
        moderation::audit(&mut *tx, &entry).await?;
    }
    Ok(())
}

/// Takes the verified badge away from company `company_id`.
pub async fn revoke(
    db: &Db,
    moderator: &Moderator,
    company_id: i64,
    reason: &str,
    public_url: &str,
    now: Time,
) -> Result<(), AppError> {
    let reason = checked_reason(reason, true, "the company")?;
    let body = format!(
        "A FarCoder moderator removed your company's verified badge.\n\nReason: {reason}\n\n{public_url}/dashboard/company\n"
    );
    let mail = outbox::Outgoing { subject: "Verified badge removed", body: &body, ..Default::default() };
    let entry = audit_entry(&moderator.email, "revoke verification", None, Some(company_id), reason, now);
    let mut tx = db.begin_write().await?;
    if !verifications::set_verified(&mut tx, company_id, None).await? {
        return Err(AppError::invalid("status", "This company is not verified."));
    }
    verifications::mark_revoked(&mut tx, company_id, reason, now).await?;
    moderation::audit(&mut tx, &entry).await?;
    outbox::enqueue_to_team(&mut tx, company_id, &mail, now).await?;
    tx.commit().await?;
    Ok(())
}
