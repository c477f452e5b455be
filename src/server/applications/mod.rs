//! Applications through FarCoder: the candidate's side here (a candidate
//! applies to an open posting that takes applications, gets a private link
//! to a status page, and can withdraw, which deletes what they sent); the
//! employer's side, with the export, in `applicants`.

pub mod applicants;

use crate::error::AppError;
use crate::model::{
    ApplicationDraft, CandidateView, DAY, MAX_CV_BYTES, Span, StatusUpdate, Time, job_slug, looks_like_pdf,
};
use crate::server::auth::secret::Secret;
use crate::server::auth::{rate_limit, token};
use crate::server::context::Context;
use crate::server::db::{Db, Tx};
use crate::server::postings::public::open_job;
use crate::server::queue;
use crate::server::repo::applications::{self, ApplicationRow, NewApplication};
use crate::server::repo::outbox;
use crate::server::storage::DeleteFile;
use crate::server::storage::Storage;

const APPLY_PER_IP: rate_limit::Limit = rate_limit::Limit { action: "apply-ip", max: 20, window: crate::model::HOUR };
const APPLY_PER_EMAIL: rate_limit::Limit = rate_limit::Limit { action: "apply-email", max: 10, window: DAY };

/// What the form's file field held.
#[derive(Debug, Default)]
pub struct CvUpload {
    pub bytes: Vec<u8>,
    /// More than `MAX_CV_BYTES` arrived; `bytes` holds only the start.
    pub too_large: bool,
}

impl CvUpload {
    /// What is wrong with the file, as the apply and profile forms say it.
    pub fn problem(&self) -> Option<&'static str> {
        if self.too_large {
            Some("Your CV is larger than 5 MB. Please send a smaller PDF.")
        } else if self.bytes.is_empty() {
            Some("Attach your CV as a PDF.")
        } else if !looks_like_pdf(&self.bytes) {
            Some("Your CV must be a PDF file. This file is not one, whatever its name says.")
        } else {
            None
        }
    }
}

/// What became of an application.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    /// Stored; the candidate's private link token.
    Stored(String),
    /// The honeypot was filled: answered as if stored, kept nowhere.
    Ignored,
}

/// Applies to the open job `slug` with `draft` and the CV (for a signed-in
/// seeker who sent no file, a copy of the one on their profile, so a later
/// change of profile rewrites no application). Sent by a signed-in seeker
/// (`seeker`), the application joins their tracker.
pub async fn apply(
    rq: &Context<'_>,
    slug: &str,
    draft: &ApplicationDraft,
    cv: CvUpload,
    seeker: Option<i64>,
) -> Result<Applied, AppError> {
    let job = open_job(rq.db, slug, rq.now).await?;
    if job.apply_url.is_some() {
        return Err(AppError::invalid("job", "This job takes applications on the company’s own site."));
    }
    if !draft.website.trim().is_empty() {
        tracing::info!(job = job.card.id, "honeypot filled: application ignored");
        return Ok(Applied::Ignored);
    }
    let parsed = draft.parse();
    let cv_problem = cv.problem();
    let cv_error = cv_problem.map(|message| crate::model::FieldError::new("cv", message));
    let form = match (parsed, cv_error) {
        (Ok(form), None) => form,
        (Ok(_), Some(cv)) => return Err(AppError::fields(vec![cv])),
        (Err(mut errors), cv) => {
            errors.extend(cv);
            return Err(AppError::fields(errors));
        }
    };
    rate_limit::check(rq.db, APPLY_PER_IP, rq.client_ip, rq.now).await?;
    rate_limit::check(rq.db, APPLY_PER_EMAIL, form.email.as_str(), rq.now).await?;
    let already = || AppError::invalid("email", "You have already applied for this job with this address.");
    let link = token::generate();
    let cv_key = format!("cv/{}.pdf", token::generate().to_ascii_lowercase());
    debug_assert!(cv.bytes.len() <= MAX_CV_BYTES);
    // Queued for deletion before it is stored, and called off with the
    // application's row: a CV whose row never comes (a failure, a crash)
    // is deleted an hour later.
    let deletion = DeleteFile { key: cv_key.clone() };
    queue::enqueue(rq.db, &deletion, rq.now + LEFT_AFTER, rq.now).await?;
    rq.storage.put(&cv_key, &cv.bytes).await?;
    let application = NewApplication {
        job_id: job.card.id,
        token_hash: &token::digest(&link),
        name: &form.name,
        email: form.email.as_str(),
        country: &form.country,
        github: form.github.as_deref(),
        linkedin: form.linkedin.as_deref(),
        portfolio: form.portfolio.as_deref(),
        cover_note: &form.cover_note,
        cv_key: &cv_key,
        cv_bytes: cv.bytes.len() as i64,
        seeker_id: seeker,
        now: rq.now,
    };
    let about = Applying { title: &job.card.title, company: &job.card.company_name, company_id: job.company_id };
    match record(rq, &application, &about, &link).await {
        Ok(true) => Ok(Applied::Stored(link)),
        // Nothing may stay behind: the CV goes when the row does not come
        // (now if storage answers, else on a later round).
        Ok(false) => {
            delete_cv(rq.db, rq.storage, &cv_key, rq.now).await;
            Err(already())
        }
        Err(e) => {
            delete_cv(rq.db, rq.storage, &cv_key, rq.now).await;
            Err(e)
        }
    }
}

/// The posting an application is for, as its e-mails name it.
struct Applying<'a> {
    title: &'a str,
    company: &'a str,
    company_id: i64,
}

/// Stores the application with the candidate's confirmation (holding the
/// private `link`) and the team's notice, all or nothing; `false` when the
/// address applied for this job already.
async fn record(
    rq: &Context<'_>,
    application: &NewApplication<'_>,
    about: &Applying<'_>,
    link: &str,
) -> Result<bool, AppError> {
    let mut tx = rq.db.begin_write().await?;
    let Some(id) = applications::insert(&mut tx, application).await? else {
        return Ok(false);
    };
    queue::cancel::<DeleteFile>(&mut tx, application.cv_key, rq.now).await?;
    let Applying { title, company, .. } = about;
    let tracker = match application.seeker_id {
        Some(_) => format!("It is on your tracker too: {}/me\n\n", rq.public_url),
        None => String::new(),
    };
    let body = format!(
        "Hello {name},\n\nyour application for “{title}” at {company} has arrived. {company} sees it now.\n\n\
         Follow its status, or withdraw it (which deletes everything you sent), at your private link:\n\
         {url}/applications/{link}\n\n{tracker}Keep this link to yourself: anyone with it can see and withdraw your application.\n",
        name = application.name,
        url = rq.public_url,
    );
    let subject = format!("Application sent: {title}");
    let mail = outbox::Outgoing {
        recipient: application.email,
        subject: &subject,
        body: &body,
        application_id: Some(id),
        ..Default::default()
    };
    outbox::enqueue(&mut tx, &mail, rq.now).await?;
    let team = format!(
        "{} applied for “{title}”.\n\nRead the application: {}/dashboard/applications/{id}\n",
        application.name, rq.public_url
    );
    let subject = format!("New application: {title}");
    let notice = outbox::Outgoing { subject: &subject, body: &team, application_id: Some(id), ..Default::default() };
    outbox::enqueue_to_team(&mut tx, about.company_id, &notice, rq.now).await?;
    tx.commit().await?;
    Ok(true)
}

fn expired_link() -> AppError {
    AppError::invalid("token", "This link does not lead to an application. It may have been withdrawn or deleted.")
}

/// A link to application `id` that the server can make again whenever it
/// writes about it (the first e-mail's private link is kept by no one but
/// the candidate): the id and a keyed digest of it.
pub fn signed_link(secret: &Secret, id: i64) -> String {
    format!("{id}-{}", secret.digest("application-link", &[&id.to_string()]))
}

/// The application a private or signed link leads to.
async fn by_link(db: &Db, secret: &Secret, link: &str) -> Result<ApplicationRow, AppError> {
    if let Some((id, digest)) = link.split_once('-')
        && let Ok(id) = id.parse::<i64>()
    {
        let signed = secret.verifies("application-link", &[&id.to_string()], digest);
        let row = if signed { applications::by_id(db, id).await? } else { None };
        return row.ok_or_else(expired_link);
    }
    applications::by_token(db, &token::digest(link)).await?.ok_or_else(expired_link)
}

/// `/applications/{link}`: what the candidate sees.
pub async fn status(db: &Db, secret: &Secret, link: &str, now: Time) -> Result<CandidateView, AppError> {
    let row = by_link(db, secret, link).await?;
    let job = crate::server::repo::jobs::find(db, row.job_id).await?.ok_or_else(expired_link)?;
    let job_path =
        job.is_open(now).then(|| format!("/jobs/{}", job_slug(&job.card.title, &job.card.company_slug, job.card.id)));
    let updates = applications::updates(db, row.id)
        .await?
        .into_iter()
        .map(|(status, message, at, _)| StatusUpdate { status, message, date: at.date(), by: None })
        .collect();
    Ok(CandidateView {
        job_title: row.job_title,
        company_name: row.company_name,
        job_path,
        status: row.status,
        applied: row.created_at.date(),
        updates,
    })
}

/// The candidate withdraws: the application, its history and the CV are
/// deleted, and the company's team is told.
pub async fn withdraw(db: &Db, storage: &Storage, secret: &Secret, link: &str, now: Time) -> Result<(), AppError> {
    let row = by_link(db, secret, link).await?;
    withdraw_row(db, storage, row, now).await
}

/// Withdraws application `row` (found by its private link, or on its
/// seeker's tracker).
pub async fn withdraw_row(db: &Db, storage: &Storage, row: ApplicationRow, now: Time) -> Result<(), AppError> {
    let body = format!("{} withdrew their application for “{}”. It has been deleted.\n", row.name, row.job_title);
    let subject = format!("Application withdrawn: {}", row.job_title);
    let notice = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
    // The application, its history and its e-mails go (the confirmation held
    // the private link, the status mails what the company wrote), and the
    // team's notice comes, together. The CV goes after: a CV whose row is
    // gone is unreachable, never the reverse.
    let mut tx = db.begin_write().await?;
    let Some(key) = erase(&mut tx, row.id, now).await? else {
        // Withdrawn a moment ago by another request: no second notice.
        return Err(expired_link());
    };
    outbox::delete_about(&mut tx, row.id).await?;
    outbox::enqueue_to_team(&mut tx, row.company_id, &notice, now).await?;
    tx.commit().await?;
    delete_cv(db, storage, &key, now).await;
    Ok(())
}

/// Deletes application `id` and its history in `tx`, and queues its CV's
/// deletion with them; the CV's key, when it existed.
pub async fn erase(tx: &mut Tx, id: i64, now: Time) -> Result<Option<String>, AppError> {
    let key = applications::delete(&mut *tx, id).await?;
    if let Some(key) = &key {
        // A moment later: `delete_cv` deletes it at once, and calls it off.
        queue::enqueue(&mut *tx, &DeleteFile { key: key.clone() }, now + CV_RETRY_AFTER, now).await?;
    }
    Ok(key)
}

/// Deletes the CV `key` of an application that is gone, at once. When
/// storage fails its queued deletion tries again later: the change the
/// user made has happened either way.
pub async fn delete_cv(db: &Db, storage: &Storage, key: &str, now: Time) {
    let deleted = match storage.delete(key).await {
        Ok(()) => queue::cancel::<DeleteFile>(db, key, now).await.map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    if let Err(e) = deleted {
        tracing::warn!(error = %e, "a CV waits in the queue to be deleted");
    }
}

/// How long after its application was deleted a CV's queued deletion runs
/// when the immediate one failed.
const CV_RETRY_AFTER: Span = crate::model::MINUTE;

/// How long a CV queued for deletion before its application is stored
/// waits: far longer than storing an application takes.
const LEFT_AFTER: Span = crate::model::HOUR;
