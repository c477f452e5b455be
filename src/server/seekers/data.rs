//! A seeker's data is theirs: all of it as one JSON file (the CVs download
//! beside it), and erased, all of it, on a fresh code sent to the account's
//! address.

use serde::Serialize;

use crate::error::AppError;
use crate::model::{SavedJobs, SeekerProfile};
use crate::server::applications::{delete_cv, erase as erase_application};
use crate::server::context::Context;
use crate::server::db::Db;
use crate::server::queue;
use crate::server::repo::{alerts, applications, outbox, seekers};
use crate::server::storage::{DeleteFile, Storage};

/// The download: everything the account holds, as the seeker would read it.
#[derive(Debug, Serialize)]
pub struct Export {
    pub email: String,
    pub created: String,
    pub profile: SeekerProfile,
    /// Where the CV on file downloads, when there is one.
    pub cv: Option<String>,
    pub applications: Vec<ExportedApplication>,
    /// Postings marked "I applied": (title, company, date).
    pub applied_elsewhere: Vec<(String, String, String)>,
    /// Saved jobs' ids, the newest first.
    pub saved_jobs: Vec<i64>,
    /// The job alerts sent to the account's address: their searches.
    pub alerts: Vec<String>,
}

/// An application as it was sent, with its history.
#[derive(Debug, Serialize)]
pub struct ExportedApplication {
    pub job_title: String,
    pub company: String,
    pub sent: String,
    pub name: String,
    pub email: String,
    pub country: String,
    pub github: Option<String>,
    pub linkedin: Option<String>,
    pub portfolio: Option<String>,
    pub cover_note: String,
    pub status: String,
    /// (status, what the company wrote, date), oldest first.
    pub history: Vec<(String, String, String)>,
    /// Where the CV sent with it downloads.
    pub cv: String,
}

pub async fn export(db: &Db, seeker_id: i64) -> Result<Export, AppError> {
    let seeker = seekers::find(db, seeker_id).await?.ok_or(AppError::Unauthorized)?;
    let mut sent = Vec::new();
    for line in applications::of_account(db, seeker_id, &seeker.email).await? {
        let Some(row) = applications::by_id(db, line.id).await? else { continue };
        let history = applications::updates(db, row.id)
            .await?
            .into_iter()
            .map(|(status, message, at, _)| (status.label().to_owned(), message, at.date()))
            .collect();
        sent.push(ExportedApplication {
            job_title: row.job_title,
            company: row.company_name,
            sent: row.created_at.date(),
            name: row.name,
            email: row.email,
            country: row.country,
            github: row.github,
            linkedin: row.linkedin,
            portfolio: row.portfolio,
            cover_note: row.cover_note,
            status: row.status.label().to_owned(),
            history,
            cv: format!("/me/applications/{}/cv", row.id),
        });
    }
    let applied_elsewhere = seekers::tracked(db, seeker_id)
        .await?
        .into_iter()
        .map(|t| (t.job_title, t.company_name, t.applied_at.date()))
        .collect();
    let alerts = match alerts::subscriber_by_email(db, &seeker.email).await? {
        Some(subscriber) => alerts::of_subscriber(db, subscriber.id).await?.into_iter().map(|a| a.query).collect(),
        None => Vec::new(),
    };
    Ok(Export {
        created: seeker.created_at.date(),
        profile: seeker.profile(),
        cv: seeker.cv_key.as_ref().map(|_| "/me/cv".to_owned()),
        email: seeker.email,
        applications: sent,
        applied_elsewhere,
        saved_jobs: seekers::saved(db, seeker_id).await?,
        alerts,
    })
}

/// The CV sent with the seeker's own application `id`.
pub async fn application_cv(db: &Db, storage: &Storage, seeker_id: i64, id: i64) -> Result<Vec<u8>, AppError> {
    let seeker = seekers::find(db, seeker_id).await?.ok_or(AppError::Unauthorized)?;
    let row =
        applications::by_id(db, id).await?.filter(|row| row.seeker_id == Some(seeker_id) || row.email == seeker.email);
    let row = row.ok_or(AppError::NotFound)?;
    Ok(storage.get(&row.cv_key).await?)
}

/// Sends the code that confirms erasing, to the account's address.
pub async fn request_erase(cx: &Context<'_>, seeker_id: i64) -> Result<super::CodeSent, AppError> {
    let seeker = seekers::find(cx.db, seeker_id).await?.ok_or(AppError::Unauthorized)?;
    super::send_code(cx, &seeker.email, super::ERASE, true).await
}

/// Erases the account with the code just sent to it: the profile, its CV,
/// every application (each company's team is told the candidate deleted
/// it), the marks, the saved list, the alerts to the address, the codes
/// and e-mails sent to it; one transaction, then the files it schedules.
/// Returns the saved list now empty, for the browser's cookie.
pub async fn erase(cx: &Context<'_>, seeker_id: i64, browser: Option<&str>, code: &str) -> Result<SavedJobs, AppError> {
    let seeker = seekers::find(cx.db, seeker_id).await?.ok_or(AppError::Unauthorized)?;
    let (code_id, email) = super::check_code(cx, browser, code, super::ERASE).await?;
    if email != seeker.email {
        return Err(AppError::invalid("code", "This code was sent for another account. Ask for a new one."));
    }
    let mut files = Vec::new();
    let mut tx = cx.db.begin_write().await?;
    if !seekers::use_code(&mut tx, code_id, cx.now).await? {
        return Err(AppError::invalid("code", "This code has expired or was already used. Ask for a new one."));
    }
    // Read inside the write: an application sent a moment ago is erased too.
    let sent = applications::of_account(&mut tx, seeker_id, &seeker.email).await?;
    for line in &sent {
        let body = format!(
            "{} deleted their application for “{}”, with everything they sent. It is gone from your inbox.\n",
            line.name, line.job_title
        );
        let subject = format!("Application deleted by the candidate: {}", line.job_title);
        let notice = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
        outbox::delete_about(&mut tx, line.id).await?;
        if let Some(key) = erase_application(&mut tx, line.id, cx.now).await? {
            files.push(key);
        }
        outbox::enqueue_to_team(&mut tx, line.company_id, &notice, cx.now).await?;
    }
    if let Some(key) = &seeker.cv_key {
        queue::enqueue(&mut tx, &DeleteFile { key: key.clone() }, cx.now + crate::model::MINUTE, cx.now).await?;
        files.push(key.clone());
    }
    alerts::forget_address(&mut tx, &seeker.email).await?;
    outbox::forget_recipient(&mut tx, &seeker.email).await?;
    seekers::delete_codes(&mut tx, &seeker.email).await?;
    seekers::delete(&mut tx, seeker_id).await?;
    tx.commit().await?;
    for key in files {
        delete_cv(cx.db, cx.storage, &key, cx.now).await;
    }
    tracing::info!(seeker = seeker_id, "a seeker erased their account");
    Ok(SavedJobs::default())
}
