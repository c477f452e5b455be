//! Moderation: the review queue and decisions on postings here, visitors'
//! reports in `reports`. Every function checks the caller's role itself,
//! whatever page or request reached it; every decision is written to the
//! audit log. Who is a moderator is `accounts::moderators`.

pub mod reports;

use crate::model::{
    AuditEntry, DAY, Decision, Email, Flag, FlagKind, JobDetail, Password, PostingStatus, Report, ReviewItem,
    ReviewQueue, Time,
};
use crate::server::accounts::moderators::{Moderator, checked_reason};
use crate::server::auth::{password, token};
use crate::server::db::Db;
use crate::server::repo::moderation::audit_entry;
use crate::server::repo::moderation::{self, AuditRow};
use std::collections::HashMap;

use crate::error::AppError;
use crate::server::content::markdown;
use crate::server::repo::flags as flag_rows;
use crate::server::repo::reports as report_rows;
use crate::server::repo::{email_tokens, jobs, outbox, users};

/// Submitted postings, oldest first, and live ones that were reported or
/// whose apply link died, each with its flags and open reports.
pub async fn queue(db: &Db, moderator: &Moderator, now: Time) -> Result<ReviewQueue, AppError> {
    let rows = jobs::for_review(db, now).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.card.id).collect();
    let mut flags: HashMap<i64, Vec<Flag>> = HashMap::new();
    for row in flag_rows::of_jobs(db, &ids).await? {
        flags.entry(row.job_id).or_default().push(Flag { kind: row.kind, reason: row.reason });
    }
    let mut reports: HashMap<i64, Vec<Report>> = HashMap::new();
    for row in report_rows::open_for(db, &ids).await? {
        reports.entry(row.job_id).or_default().push(Report {
            reason: row.reason,
            note: row.note,
            date: row.created_at.date(),
        });
    }
    let (mut items, mut live) = (Vec::new(), Vec::new());
    for row in rows {
        let id = row.card.id;
        let (status, submitted) = (row.status, row.updated_at.date());
        let (description, apply_url) = (row.description.clone(), row.apply_url.clone());
        let website = row.company_website.clone();
        let card = row.card.into_card(now)?;
        let mut claims = claims_of(&card, apply_url.as_deref(), website.as_deref());
        if let Some(origin) = imported_from(db, id, apply_url.as_deref()).await? {
            claims.insert(1, ("Imported from".to_owned(), origin));
        }
        let item = ReviewItem {
            id,
            title: card.title,
            slug: card.slug,
            company_name: card.company_name,
            company_slug: card.company_slug,
            company_verified: card.company_verified,
            submitted,
            salary: card.salary.display(),
            apply_url,
            claims,
            description_html: markdown::render(&description),
            flags: flags.remove(&id).unwrap_or_default(),
            reports: reports.remove(&id).unwrap_or_default(),
            status,
        };
        if item.status == PostingStatus::Review { items.push(item) } else { live.push(item) }
    }
    let revisions = crate::server::postings::revisions::queue(db, now).await?;
    Ok(ReviewQueue { moderator: moderator.email.clone(), items, revisions, live })
}

/// Where an imported posting came from, and the trust signal of its apply
/// link: the imported opening's own page on that board. Who connected the
/// board is not proven: its name is shown to compare with the company.
async fn imported_from(db: &Db, job_id: i64, apply_url: Option<&str>) -> Result<Option<String>, AppError> {
    let Some((kind, board, draft)) = crate::server::repo::ats::source_of_job(db, job_id).await? else {
        return Ok(None);
    };
    let Some(kind) = crate::model::AtsKind::from_slug(&kind) else { return Ok(None) };
    let opening_page =
        serde_json::from_str::<crate::model::PostingDraft>(&draft).map(|d| d.apply_url).unwrap_or_default();
    let ats = kind.label();
    let verdict = match apply_url {
        Some(url) if url == opening_page && kind.board_page(url, &board) => {
            format!("✓ the apply link is the imported opening’s own page on that board ({url})")
        }
        _ => format!(
            "✗ the apply link is not the imported opening’s page on that board ({opening_page}): check where it leads"
        ),
    };
    Ok(Some(format!(
        "{ats} board “{board}” (not proven to be the company’s: compare the name), kept in sync; {verdict}"
    )))
}

/// What a posting says of itself, as the moderator checks it: where its
/// applications go, who may apply from where and how they are hired, its
/// hours, and its salary as written and as a year in US dollars.
fn claims_of(card: &crate::model::JobCard, apply_url: Option<&str>, website: Option<&str>) -> Vec<(String, String)> {
    let (low, high) = card.salary.usd_per_year();
    let salary = if card.salary.currency == crate::model::Currency::Usd
        && card.salary.period == crate::model::SalaryPeriod::Year
    {
        card.salary.display()
    } else {
        format!(
            "{} ({}–{} a year in US dollars)",
            card.salary.display(),
            crate::model::usd_thousands(low),
            crate::model::usd_thousands(high)
        )
    };
    let apply = match apply_url {
        Some(url) => crate::server::postings::flags::apply_link_verdict(url, website),
        None => "FarCoder’s own form".to_owned(),
    };
    [
        ("Applications go to", apply),
        ("Company website", website.unwrap_or("none given").to_owned()),
        ("Work from", card.where_label()),
        ("Hired as", card.hiring.sentence()),
        ("Core hours", card.core_hours.map(|c| c.headline()).unwrap_or_else(|| "None".to_owned())),
        ("Time zones", card.timezone.map(|t| t.display()).unwrap_or_else(|| "Any".to_owned())),
        ("Level", card.level.label().to_owned()),
        ("Category", card.category.label().to_owned()),
        ("Type", card.job_type.label().to_owned()),
        ("Stack", card.stacks.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ")),
        ("Salary", salary),
    ]
    .into_iter()
    .map(|(what, claim)| (what.to_owned(), claim))
    .collect()
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
    now: Time,
) -> Result<(), AppError> {
    let reason = checked_reason(reason, decision.needs_reason(), "the employer")?;
    let job = jobs::find(db, id).await?.ok_or(AppError::NotFound)?;
    let (from, to) = decision.transition();
    let (published_at, expires_at) = match decision {
        Decision::Approve => (Some(now), Some(now + crate::server::postings::OPEN_DAYS * DAY)),
        _ => (None, None),
    };
    let note = decision.needs_reason().then_some(reason);
    let title = job.card.title.clone();
    let mail = match decision {
        Decision::Keep => None,
        Decision::Approve => Some((
            format!("Published: {title}"),
            format!("Your posting “{title}” is live on FarCoder.\n\n{public_url}/dashboard\n"),
        )),
        _ => Some((
            format!("{}: {title}", decision.label()),
            format!(
                "A FarCoder moderator looked at your posting “{title}” and decided: {}.\n\nReason: {reason}\n\nSee it on your dashboard: {public_url}/dashboard\n",
                decision.label().to_lowercase()
            ),
        )),
    };
    // The decision, its audit entry, what it resolves and the team's e-mail
    // commit together or not at all.
    let mut tx = db.begin_write().await?;
    let set = jobs::Move { published_at, expires_at, note };
    if !jobs::transition(&mut tx, id, &[from], to, set, now).await? {
        return Err(AppError::invalid(
            "status",
            format!("Only a posting in status “{from}” can be given this decision."),
        ));
    }
    let entry = AuditRow {
        actor: moderator.email.clone(),
        action: format!("{} posting", decision.slug()),
        job_id: Some(id),
        company_id: Some(job.company_id),
        reason: reason.to_owned(),
        created_at: now,
    };
    moderation::audit(&mut tx, &entry).await?;
    if matches!(decision, Decision::Keep | Decision::Unpublish) {
        // The reports and the dead link have been dealt with.
        report_rows::resolve(&mut tx, id, now).await?;
        flag_rows::replace(&mut tx, id, &[FlagKind::DeadLink.slug()], &[], now).await?;
    }
    if decision == Decision::Approve {
        // Published again: whatever made it possibly stale is settled.
        flag_rows::replace(&mut tx, id, &[FlagKind::Stale.slug()], &[], now).await?;
    }
    if decision == Decision::Unpublish {
        // Off the board: an edit waiting for it has nothing left to change.
        crate::server::repo::revisions::withdraw_pending(&mut tx, &[id], now).await?;
    }
    if let Some((subject, body)) = mail {
        for (email, _, _) in users::team(&mut tx, job.company_id).await? {
            let mail = outbox::Outgoing { recipient: &email, subject: &subject, body: &body, ..Default::default() };
            outbox::enqueue(&mut tx, &mail, now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The newest entries of the audit log.
pub async fn audit_log(db: &Db, _moderator: &Moderator) -> Result<Vec<AuditEntry>, AppError> {
    Ok(moderation::audit_log(db, 500)
        .await?
        .into_iter()
        .map(|listed| AuditEntry {
            actor: listed.entry.actor,
            action: listed.entry.action,
            job_id: listed.entry.job_id,
            company_id: listed.entry.company_id,
            job_title: listed.job_title,
            company_name: listed.company_name,
            reason: listed.entry.reason,
            at: listed.entry.created_at.rfc3339(),
        })
        .collect())
}

/// `farcoder admin create --email E`: a moderator account and a one-time
/// link (valid 24 hours) to choose its password.
pub async fn create_moderator(db: &Db, email: &str, public_url: &str, now: Time) -> Result<String, AppError> {
    let email = Email::parse(email).map_err(|e| AppError::invalid("email", e.message))?;
    // Nobody knows this password: the link sets the real one.
    let secret = Password::parse(&token::generate()).map_err(|_| AppError::Internal)?;
    let unusable = password::hash(&secret).await?;
    let link = token::generate();
    // The account, its link and the audit entry: all or nothing.
    let mut tx = db.begin_write().await?;
    let user_id = moderation::insert_admin(&mut tx, email.as_str(), &unusable, now)
        .await?
        .ok_or_else(|| AppError::invalid("email", "An account with this address exists already."))?;
    email_tokens::insert(&mut tx, &token::digest(&link), "reset", user_id, now, now + DAY).await?;
    let entry = audit_entry("command line", "create moderator", None, None, email.as_str(), now);
    moderation::audit(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(format!("{public_url}/reset?token={link}"))
}

/// Job `id` in any status as its job page shows (or will show) it, for a
/// moderator to check before deciding.
pub async fn preview(db: &Db, _moderator: &Moderator, id: i64, now: Time) -> Result<JobDetail, AppError> {
    let row = jobs::find(db, id).await?.ok_or(AppError::NotFound)?;
    let expires = row.expires_at.unwrap_or(now + crate::server::postings::OPEN_DAYS * DAY);
    crate::server::postings::jobs::detail(row, expires, now)
}
