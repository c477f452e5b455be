//! Edits of live postings. A posting a moderator approved stays as approved
//! until a moderator approves its edit too: the edit waits as a revision
//! (the automatic flags raised on it), the moderator sees what changed, and
//! approving swaps it in while declining keeps the old version. Typo-level
//! edits are no exception: a changed apply link is one character too.

use similar::{ChangeTag, TextDiff};

use crate::error::AppError;
use crate::model::{
    Change, EditState, Flag, FlagKind, Posting, PostingDraft, PostingStatus, RevisionDecision, RevisionItem,
    RevisionStatus, Time,
};
use crate::server::accounts::moderators::{Moderator, checked_reason};
use crate::server::db::Db;
use crate::server::postings::flags::{self, Raised};
use crate::server::repo::jobs::{self, DetailRow};
use crate::server::repo::moderation::audit_entry;
use crate::server::repo::revisions::{self, RevisionRow};
use crate::server::repo::{companies, flags as flag_rows, moderation, outbox};

/// Stores `draft` (already parsed as `posting`) as job's pending edit,
/// checked by the automatic flags.
pub async fn propose(db: &Db, proposed_by: i64, job: &DetailRow, posting: &Posting, now: Time) -> Result<(), AppError> {
    let company = companies::find_by_id(db, job.company_id).await?.ok_or(AppError::NotFound)?;
    let verified = company.verified_at.is_some();
    let raised =
        flags::check_edit(db, job.company_id, job.card.id, posting, company.website.as_deref(), verified, now).await?;
    let stored: Vec<(&str, &str)> = raised.iter().map(|r| (r.kind.slug(), r.reason.as_str())).collect();
    // Stored as parsed, so it differs from the live version only where the
    // employer changed something (not in line ends or spacing).
    let (draft, stored) = (to_json(&PostingDraft::from(posting))?, to_json(&stored)?);
    revisions::replace_pending(db, job.card.id, proposed_by, &draft, &stored, now).await?;
    Ok(())
}

fn to_json(value: &impl serde::Serialize) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| {
        tracing::error!(error = %e, "an edit could not be stored");
        AppError::Internal
    })
}

fn draft_of(row: &RevisionRow) -> Result<PostingDraft, AppError> {
    serde_json::from_str(&row.draft).map_err(|e| {
        tracing::error!(error = %e, revision = row.id, "a stored edit does not read back");
        AppError::Internal
    })
}

/// The automatic flags of edit `row` (of `job`). Stored flags that do not
/// read back whole (a kind this version does not know, a damaged list) are
/// never dropped: the edit is checked again instead, so no moderator sees
/// it cleaner than it is, and none approves it as such.
async fn flags_of(db: &Db, row: &RevisionRow, job: &DetailRow, now: Time) -> Result<Vec<Flag>, AppError> {
    if let Some(flags) = stored_flags(&row.flags) {
        return Ok(flags);
    }
    tracing::warn!(revision = row.id, "an edit's stored flags do not read back: checking the edit again");
    let posting = draft_of(row)?.parse_stored().map_err(AppError::fields)?;
    let company = companies::find_by_id(db, job.company_id).await?.ok_or(AppError::NotFound)?;
    let website = company.website.as_deref();
    let verified = company.verified_at.is_some();
    let raised = flags::check_edit(db, job.company_id, job.card.id, &posting, website, verified, now).await?;
    Ok(raised.into_iter().map(|r| Flag { kind: r.kind, reason: r.reason }).collect())
}

/// Every stored flag, or `None` when any one of them does not read back.
fn stored_flags(json: &str) -> Option<Vec<Flag>> {
    let stored: Vec<(String, String)> = serde_json::from_str(json).ok()?;
    stored.into_iter().map(|(kind, reason)| Some(Flag { kind: FlagKind::from_slug(&kind)?, reason })).collect()
}

/// The form of job `job_id` as its team last wrote it: the pending edit if
/// there is one.
pub async fn pending_draft(db: &Db, job_id: i64) -> Result<Option<PostingDraft>, AppError> {
    revisions::pending_of(db, job_id).await?.as_ref().map(draft_of).transpose()
}

/// Where each of a company's postings' newest edit stands, by job.
pub async fn states_of_company(db: &Db, company_id: i64) -> Result<Vec<(i64, EditState)>, AppError> {
    Ok(revisions::newest_of_company(db, company_id)
        .await?
        .into_iter()
        .filter_map(|row| match row.status {
            RevisionStatus::Pending => Some((row.job_id, EditState::Waiting)),
            RevisionStatus::Rejected => Some((row.job_id, EditState::Declined(row.reason))),
            _ => None,
        })
        .collect())
}

/// Every pending edit with what it changes, oldest first.
pub async fn queue(db: &Db, now: Time) -> Result<Vec<RevisionItem>, AppError> {
    let mut items = Vec::new();
    for row in revisions::pending(db).await? {
        let Some(job) = jobs::find(db, row.job_id).await? else { continue };
        let flags = flags_of(db, &row, &job, now).await?;
        let before = draft_from(job.clone(), now)?;
        let after = draft_of(&row)?;
        let card = job.card.into_card(now)?;
        items.push(RevisionItem {
            id: row.id,
            job_id: row.job_id,
            title: card.title,
            slug: card.slug,
            company_name: card.company_name,
            company_slug: card.company_slug,
            company_verified: card.company_verified,
            submitted: row.created_at.date(),
            changes: changes(&before, &after),
            flags,
        });
    }
    Ok(items)
}

/// Approves (the edit goes live, its flags become the posting's) or
/// declines (the live version stays) edit `id`; tells the team and audits.
pub async fn decide(
    db: &Db,
    moderator: &Moderator,
    id: i64,
    decision: RevisionDecision,
    reason: &str,
    public_url: &str,
    now: Time,
) -> Result<(), AppError> {
    let reason = checked_reason(reason, decision == RevisionDecision::Reject, "the employer")?;
    let row = revisions::find(db, id).await?.ok_or(AppError::NotFound)?;
    let job = jobs::find(db, row.job_id).await?.ok_or(AppError::NotFound)?;
    let already = || AppError::invalid("decision", "This edit was already decided, or replaced by a newer one.");
    let title = job.card.title.clone();
    match decision {
        RevisionDecision::Approve => {
            let posting = draft_of(&row)?.parse_stored().map_err(AppError::fields)?;
            let flags = flags_of(db, &row, &job, now).await?;
            let mut tx = db.begin_write().await?;
            if !revisions::decide(&mut tx, id, RevisionStatus::Approved, reason, now).await? {
                return Err(already());
            }
            // Only onto a posting that is still public (or renewable).
            let guard = [PostingStatus::Published, PostingStatus::Expired];
            if !jobs::update_content(&mut tx, job.card.id, &posting, &guard, now).await? {
                drop(tx);
                revisions::withdraw_pending(db, &[job.card.id], now).await?;
                return Err(AppError::invalid("decision", "This posting is no longer live, so its edit was dropped."));
            }
            // The edit's flags, the audit entry and the team's e-mail commit
            // with the edit.
            let raised: Vec<Raised> = flags.into_iter().map(|f| Raised { kind: f.kind, reason: f.reason }).collect();
            let kinds = [FlagKind::Duplicate.slug(), FlagKind::Scam.slug(), FlagKind::Salary.slug()];
            let stored: Vec<(&str, &str)> = raised.iter().map(|r| (r.kind.slug(), r.reason.as_str())).collect();
            flag_rows::replace(&mut tx, job.card.id, &kinds, &stored, now).await?;
            let entry =
                audit_entry(&moderator.email, "approve edit", Some(job.card.id), Some(job.company_id), reason, now);
            moderation::audit(&mut tx, &entry).await?;
            let body = format!("Your edit of “{title}” is live on FarCoder.\n\n{public_url}/dashboard\n");
            let subject = format!("Edit published: {title}");
            let mail = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
            outbox::enqueue_to_team(&mut tx, job.company_id, &mail, now).await?;
            tx.commit().await?;
        }
        RevisionDecision::Reject => {
            let mut tx = db.begin_write().await?;
            if !revisions::decide(&mut tx, id, RevisionStatus::Rejected, reason, now).await? {
                return Err(already());
            }
            let entry =
                audit_entry(&moderator.email, "decline edit", Some(job.card.id), Some(job.company_id), reason, now);
            moderation::audit(&mut tx, &entry).await?;
            let body = format!(
                "A FarCoder moderator declined your edit of “{title}”; the posting stays as it was.\n\nReason: {reason}\n\nSee it on your dashboard: {public_url}/dashboard\n"
            );
            let subject = format!("Edit declined: {title}");
            let mail = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
            outbox::enqueue_to_team(&mut tx, job.company_id, &mail, now).await?;
            tx.commit().await?;
        }
    }
    Ok(())
}

/// The fields `after` changes, with the form's labels.
pub fn changes(before: &PostingDraft, after: &PostingDraft) -> Vec<Change> {
    let fields: [(&str, String, String); 21] = [
        ("Job title", before.title.clone(), after.title.clone()),
        ("Category", before.category.clone(), after.category.clone()),
        ("Level", before.level.clone(), after.level.clone()),
        ("Job type", before.job_type.clone(), after.job_type.clone()),
        ("Stacks", before.stacks.join(", "), after.stacks.join(", ")),
        ("Salary from", before.salary_min.clone(), after.salary_min.clone()),
        ("Salary to", before.salary_max.clone(), after.salary_max.clone()),
        ("Currency", before.currency.clone(), after.currency.clone()),
        ("Per", before.period.clone(), after.period.clone()),
        ("Where applicants may live", before.locations.join(", "), after.locations.join(", ")),
        ("Working hours from (UTC)", before.tz_from.clone(), after.tz_from.clone()),
        ("Working hours to (UTC)", before.tz_to.clone(), after.tz_to.clone()),
        ("Core hours from (UTC)", before.core_start.clone(), after.core_start.clone()),
        ("Core hours to (UTC)", before.core_end.clone(), after.core_end.clone()),
        ("Hours of overlap needed", before.core_need.clone(), after.core_need.clone()),
        ("Hires as", before.hire_modes.join(", "), after.hire_modes.join(", ")),
        ("Employs people in", before.employee_in.join(", "), after.employee_in.join(", ")),
        ("Sponsors a visa", before.visa.clone(), after.visa.clone()),
        ("Hiring process", before.hiring_steps.clone(), after.hiring_steps.clone()),
        ("Days to a decision", before.decision_days.clone(), after.decision_days.clone()),
        ("Application page", before.apply_url.clone(), after.apply_url.clone()),
    ];
    let mut changed: Vec<Change> = fields
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(field, before, after)| Change { field: field.to_owned(), before, after, lines: Vec::new() })
        .collect();
    if before.description != after.description {
        let lines = TextDiff::from_lines(&before.description, &after.description)
            .iter_all_changes()
            .map(|change| {
                let mark = match change.tag() {
                    ChangeTag::Insert => '+',
                    ChangeTag::Delete => '-',
                    ChangeTag::Equal => ' ',
                };
                (mark, change.value().trim_end_matches('\n').to_owned())
            })
            .collect();
        changed.push(Change {
            field: "Description".to_owned(),
            before: before.description.clone(),
            after: after.description.clone(),
            lines,
        });
    }
    changed
}

/// The form's fields of a stored job.
pub fn draft_from(row: DetailRow, now: Time) -> Result<PostingDraft, AppError> {
    let process = row.process();
    let (description, apply_url) = (row.description, row.apply_url);
    let card = row.card.into_card(now)?;
    let posting = Posting {
        title: card.title,
        category: card.category,
        level: card.level,
        job_type: card.job_type,
        stacks: card.stacks,
        salary: card.salary,
        locations: card.locations,
        timezone: card.timezone,
        core_hours: card.core_hours,
        hiring: card.hiring,
        process,
        description,
        apply_url,
    };
    Ok(PostingDraft::from(&posting))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> PostingDraft {
        PostingDraft {
            title: "Senior Rust Engineer".into(),
            description: "You will build services.\nYou will review code.\n".into(),
            apply_url: "https://acme.example/jobs/1".into(),
            stacks: vec!["rust".into()],
            ..PostingDraft::default()
        }
    }

    #[test]
    fn stored_flags_read_back_whole_or_not_at_all() {
        let read = stored_flags(r#"[["scam","Asks for money."],["salary","Too high."]]"#).expect("both known");
        assert_eq!(read.iter().map(|f| f.kind).collect::<Vec<_>>(), [FlagKind::Scam, FlagKind::Salary]);
        assert_eq!(stored_flags("[]"), Some(vec![]));
        assert_eq!(stored_flags(r#"[["scam","Asks for money."],["phishing","A kind this version lacks."]]"#), None);
        assert_eq!(stored_flags("not json"), None);
    }

    #[test]
    fn only_what_changed_is_shown_and_a_changed_line_stands_out() {
        let before = draft();
        let after = PostingDraft {
            apply_url: "https://acme-careers.example/jobs/1".into(),
            description: "You will build services.\nYou will review all code.\n".into(),
            ..draft()
        };
        let changes = changes(&before, &after);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["Application page", "Description"]);
        assert_eq!(changes[0].after, "https://acme-careers.example/jobs/1");
        assert_eq!(
            changes[1].lines,
            [
                (' ', "You will build services.".to_owned()),
                ('-', "You will review code.".to_owned()),
                ('+', "You will review all code.".to_owned())
            ]
        );
        assert!(super::changes(&before, &draft()).is_empty());
    }
}
