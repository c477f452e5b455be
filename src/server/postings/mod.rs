//! Postings: an employer's life cycle of a posting here (write, submit,
//! close, renew, duplicate; every function takes the signed-in member and
//! refuses any job that is not their company's, whatever id a request
//! names); edits of live postings waiting for review (`revisions`), the
//! automatic flags (`flags`), what the public may see (`public`) and the
//! board's pages (`jobs`), views and clicks (`stats`), and the employer's
//! dashboard (`dashboard`).

pub mod confirm;
pub mod dashboard;
pub mod embed;
pub mod flags;
pub mod jobs;
pub mod public;
pub mod revisions;
pub mod saved;
pub mod stats;
pub mod typed;

use crate::error::AppError;
use crate::model::{
    DAY, HOUR, JobCard, JobDetail, Posting, PostingDraft, PostingPreview, PostingStatus, Time, job_slug,
};
use crate::server::content::markdown;
use crate::server::db::{Conn, Db};
use crate::server::repo::companies;
use crate::server::repo::jobs::{self as job_rows, DetailRow, NewJob};
use crate::server::repo::moderation as moderation_rows;
use crate::server::repo::users::MemberRow;

/// How long a posting stays open after it is published or renewed.
pub const OPEN_DAYS: i64 = 30;

/// The member's own job `id` (not found for another company's), read where
/// `c` says: inside a transaction, by the change that acts on it.
async fn own_job(mut c: impl Conn, member: &MemberRow, id: i64) -> Result<DetailRow, AppError> {
    match job_rows::find(&mut c, id).await? {
        Some(job) if job.company_id == member.company_id => Ok(job),
        _ => Err(AppError::NotFound),
    }
}

/// Stores a new draft, and forgets the copy kept while it was typed. A
/// draft that completes an opening imported from the company's ATS is tied
/// to it in the same transaction.
pub async fn create(db: &Db, member: &MemberRow, draft: &PostingDraft, now: Time) -> Result<i64, AppError> {
    let posting = draft.parse().map_err(AppError::fields)?;
    let import = match draft.import.trim() {
        "" => None,
        id => Some(id.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    let mut tx = db.begin_write().await?;
    let id = insert_draft(&mut tx, member, posting, now).await?;
    if let Some(import) = import {
        match crate::server::repo::ats::opening(&mut tx, import).await? {
            Some((_, company)) if company == member.company_id => {}
            _ => return Err(AppError::NotFound),
        }
        if !crate::server::repo::ats::link(&mut tx, import, id).await? {
            return Err(AppError::invalid(
                "import",
                "This imported opening was completed already, or its ATS no longer lists it. Your import page shows where it stands.",
            ));
        }
    }
    tx.commit().await?;
    typed::forget_after_save(db, member, 0).await;
    Ok(id)
}

async fn insert_draft(db: impl Conn, member: &MemberRow, posting: Posting, now: Time) -> Result<i64, AppError> {
    let job = NewJob {
        company_id: member.company_id,
        title: posting.title,
        category: posting.category,
        level: posting.level,
        job_type: posting.job_type,
        salary: posting.salary,
        stacks: posting.stacks,
        locations: posting.locations,
        timezone: posting.timezone,
        core_hours: posting.core_hours,
        hiring: posting.hiring,
        process: posting.process,
        description: posting.description,
        apply_url: posting.apply_url,
        status: PostingStatus::Draft,
        featured: false,
        published_at: None,
        expires_at: None,
        created_at: now,
    };
    Ok(job_rows::insert(db, &job).await?)
}

/// The form's fields for editing job `id`: its pending edit when one waits
/// for review, or what it says now.
pub async fn draft_of(db: &Db, member: &MemberRow, id: i64, now: Time) -> Result<PostingDraft, AppError> {
    let row = own_job(db, member, id).await?;
    if let Some(pending) = revisions::pending_draft(db, id).await? {
        return Ok(pending);
    }
    revisions::draft_from(row, now)
}

/// What saving an edit did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// The posting says it now (it is not public).
    Saved,
    /// The posting is public: the edit waits for a moderator, and the
    /// approved version stays up until then.
    WaitingForReview,
    /// The posting was in review: it is a draft again, to be submitted
    /// again, so a moderator never approves text that changed under them.
    BackToDraft,
}

/// Replaces what job `id` says, or, for a posting the public sees (or will
/// see again on renewal), proposes the edit for review. A closed job is no
/// longer edited; a posting in review goes back to draft. The write holds
/// only while the posting is still in the status it was read in.
pub async fn update(db: &Db, member: &MemberRow, id: i64, draft: &PostingDraft, now: Time) -> Result<Saved, AppError> {
    let job = own_job(db, member, id).await?;
    if job.status == PostingStatus::Closed {
        return Err(AppError::invalid(
            "status",
            "A closed job cannot be edited. Duplicate it into a new draft instead.",
        ));
    }
    let posting = draft.parse().map_err(AppError::fields)?;
    if job.status.is_public() {
        revisions::propose(db, member.user_id, &job, &posting, now).await?;
        typed::forget_after_save(db, member, id).await;
        return Ok(Saved::WaitingForReview);
    }
    // A posting in review goes back to draft with its new text, both or
    // neither.
    let in_review = job.status == PostingStatus::Review;
    let mut tx = db.begin_write().await?;
    let back = in_review.then_some(PostingStatus::Draft);
    if let Some(draft) = back
        && !job_rows::transition(&mut tx, id, &[job.status], draft, job_rows::Move::default(), now).await?
    {
        return Err(changed_meanwhile());
    }
    if !job_rows::update_content(&mut tx, id, &posting, &[back.unwrap_or(job.status)], now).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    typed::forget_after_save(db, member, id).await;
    Ok(if in_review { Saved::BackToDraft } else { Saved::Saved })
}

/// Sends a draft (or a posting a moderator sent back for changes) for
/// review, raising the automatic flags. With `auto_approve`, a verified
/// company's posting that raised no flag is published at once.
pub async fn submit(
    db: &Db,
    member: &MemberRow,
    id: i64,
    auto_approve: bool,
    now: Time,
) -> Result<PostingStatus, AppError> {
    crate::server::accounts::confirmed(member)?;
    // The move into review, its flags and an automatic publication land
    // together or not at all: a failure leaves the draft as it was.
    let mut tx = db.begin_write().await?;
    // Into review first: from here an edit sends it back to draft, so the
    // text the flags check below is the text that gets published.
    let job = own_job(&mut tx, member, id).await?;
    let review = PostingStatus::Review;
    if !job.status.can_submit()
        || !job_rows::transition(&mut tx, id, &[job.status], review, job_rows::Move::default(), now).await?
    {
        return Err(AppError::invalid("status", "Only a draft can be submitted."));
    }
    moderation_rows::mark_submitted(&mut tx, id, now).await?;
    let job = own_job(&mut tx, member, id).await?;
    let company = companies::find_by_id(&mut tx, member.company_id).await?.ok_or(AppError::NotFound)?;
    let verified = company.verified_at.is_some();
    let raised = flags::raise(&mut tx, job, company.website.as_deref(), verified, now).await?;
    let publish = job_rows::Move { published_at: Some(now), expires_at: Some(now + OPEN_DAYS * DAY), note: None };
    let published = auto_approve
        && verified
        && raised.is_empty()
        && job_rows::transition(&mut tx, id, &[review], PostingStatus::Published, publish, now).await?;
    tx.commit().await?;
    Ok(if published { PostingStatus::Published } else { review })
}

/// Takes a published job off the board for good, with any edit waiting,
/// both in one transaction.
pub async fn close(db: &Db, member: &MemberRow, id: i64, now: Time) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let job = own_job(&mut tx, member, id).await?;
    if job.status != PostingStatus::Published {
        return Err(AppError::invalid("status", "Only a published job can be closed."));
    }
    let published = [PostingStatus::Published];
    if !job_rows::transition(&mut tx, id, &published, PostingStatus::Closed, job_rows::Move::default(), now).await? {
        return Err(changed_meanwhile());
    }
    crate::server::repo::revisions::withdraw_pending(&mut tx, &[id], now).await?;
    tx.commit().await?;
    Ok(())
}

/// Keeps a published job open for another `OPEN_DAYS` from now, before or
/// after it expired.
pub async fn renew(db: &Db, member: &MemberRow, id: i64, now: Time) -> Result<(), AppError> {
    let job = own_job(db, member, id).await?;
    if !job.status.is_public() {
        return Err(AppError::invalid("status", "Only a published or expired job can be renewed."));
    }
    let public = [PostingStatus::Published, PostingStatus::Expired];
    let renewed =
        job_rows::Move { published_at: job.published_at, expires_at: Some(now + OPEN_DAYS * DAY), note: None };
    if !job_rows::transition(db, id, &public, PostingStatus::Published, renewed, now).await? {
        return Err(changed_meanwhile());
    }
    Ok(())
}

fn changed_meanwhile() -> AppError {
    AppError::invalid(
        "status",
        "This posting changed a moment ago (a moderator may have decided on it). Open it again.",
    )
}

/// Copies job `id` into a new draft.
pub async fn duplicate(db: &Db, member: &MemberRow, id: i64, now: Time) -> Result<i64, AppError> {
    let draft = draft_of(db, member, id, now).await?;
    let posting = draft.parse_stored().map_err(AppError::fields)?;
    insert_draft(db, member, posting, now).await
}

/// The job page's content for a posting as typed, before it is saved or
/// published: exactly what visitors will see, from the same components.
pub async fn preview(db: &Db, member: &MemberRow, draft: &PostingDraft, now: Time) -> Result<JobDetail, AppError> {
    let posting = draft.parse().map_err(AppError::fields)?;
    let company = companies::find_by_id(db, member.company_id).await?.ok_or(AppError::NotFound)?;
    let logo = companies::logo_version(db, company.id).await?.map(|v| crate::model::logo_path(&company.slug, v));
    let card = JobCard {
        id: 0,
        slug: job_slug(&posting.title, &company.slug, 0),
        logo,
        title: posting.title,
        company_name: company.name,
        company_slug: company.slug,
        company_verified: company.verified_at.is_some(),
        category: posting.category,
        level: posting.level,
        job_type: posting.job_type,
        salary: posting.salary,
        locations: posting.locations,
        timezone: posting.timezone,
        core_hours: posting.core_hours,
        hiring: posting.hiring,
        stacks: posting.stacks,
        featured: false,
        published_at: now,
        posted: now.ago(now),
        confirmed: None,
    };
    Ok(JobDetail {
        card,
        description_html: markdown::render(&posting.description),
        apply_url: posting.apply_url,
        posted_date: now.date(),
        expires_date: (now + OPEN_DAYS * DAY).date(),
        company_about: company.about,
        process: posting.process,
    })
}

/// `preview` of the saved posting `id`, with its status and how long a
/// review usually takes.
pub async fn preview_saved(db: &Db, member: &MemberRow, id: i64, now: Time) -> Result<PostingPreview, AppError> {
    let row = own_job(db, member, id).await?;
    let draft = draft_of(db, member, id, now).await?;
    let mut job = preview(db, member, &draft, now).await?;
    job.card.id = id;
    job.card.slug = job_slug(&row.card.title, &row.card.company_slug, id);
    Ok(PostingPreview { job, status: row.status, review_hours: review_hours(db, now).await? })
}

/// Within how many hours (rounded up) moderators published four in five of
/// the postings they approved over the last 30 days; `None` with fewer than
/// five to go by.
pub async fn review_hours(db: &Db, now: Time) -> Result<Option<u32>, AppError> {
    let mut waits = moderation_rows::review_waits(db, now - 30 * DAY).await?;
    if waits.len() < 5 {
        return Ok(None);
    }
    waits.sort_unstable();
    let (wait, hour) = (waits[waits.len() * 4 / 5], HOUR.as_secs());
    Ok(Some(u32::try_from((wait + hour - 1) / hour).unwrap_or(u32::MAX).max(1)))
}
