//! A seeker's profile: private, read only by its owner, copied into an
//! application only when they send one. Its CV lives in storage beside the
//! applications' CVs, under the same checks.

use crate::error::AppError;
use crate::model::{MAX_CV_BYTES, ProfileForm, ProfilePage, SeekerApply, Time};
use crate::server::applications::{CvUpload, delete_cv};
use crate::server::auth::token;
use crate::server::context::Context;
use crate::server::db::Db;
use crate::server::queue;
use crate::server::repo::{applications, seekers};
use crate::server::storage::DeleteFile;

fn gone() -> AppError {
    // A session whose account was deleted a moment ago.
    AppError::Unauthorized
}

pub async fn page(db: &Db, seeker_id: i64) -> Result<ProfilePage, AppError> {
    let row = seekers::find(db, seeker_id).await?.ok_or_else(gone)?;
    let passkeys = super::passkeys::list(db, seeker_id).await?;
    Ok(ProfilePage { profile: row.profile(), email: row.email, cv_bytes: row.cv_bytes, passkeys })
}

/// Saves the profile; every message at once when something is wrong.
pub async fn save(db: &Db, seeker_id: i64, form: &ProfileForm, now: Time) -> Result<(), AppError> {
    let profile = form.parse().map_err(AppError::fields)?;
    seekers::save_profile(db, seeker_id, &profile, now).await?;
    Ok(())
}

/// Puts `cv` on file, replacing the one there (deleted after).
pub async fn set_cv(cx: &Context<'_>, seeker_id: i64, cv: CvUpload) -> Result<(), AppError> {
    if let Some(problem) = cv.problem() {
        return Err(AppError::invalid("cv", problem));
    }
    debug_assert!(cv.bytes.len() <= MAX_CV_BYTES);
    let key = format!("cv/{}.pdf", token::generate());
    // Queued for deletion before it is stored and called off with the row,
    // as an application's CV is: nothing is left behind by a failure.
    queue::enqueue(cx.db, &DeleteFile { key: key.clone() }, cx.now + crate::model::HOUR, cx.now).await?;
    cx.storage.put(&key, &cv.bytes).await?;
    let mut tx = cx.db.begin_write().await?;
    let Some(old) = seekers::set_cv(&mut tx, seeker_id, &key, cv.bytes.len() as i64, cx.now).await? else {
        // The account was erased meanwhile: the queued deletion takes the file.
        return Err(AppError::Unauthorized);
    };
    queue::cancel::<DeleteFile>(&mut tx, &key, cx.now).await?;
    if let Some(old) = &old {
        queue::enqueue(&mut tx, &DeleteFile { key: old.clone() }, cx.now + crate::model::MINUTE, cx.now).await?;
    }
    tx.commit().await?;
    if let Some(old) = old {
        delete_cv(cx.db, cx.storage, &old, cx.now).await;
    }
    Ok(())
}

/// The CV on file: its bytes.
pub async fn cv(db: &Db, storage: &crate::server::storage::Storage, seeker_id: i64) -> Result<Vec<u8>, AppError> {
    let row = seekers::find(db, seeker_id).await?.ok_or_else(gone)?;
    let key = row.cv_key.ok_or(AppError::NotFound)?;
    Ok(storage.get(&key).await?)
}

/// What the apply form of job `job_id` knows of the signed-in seeker.
pub async fn for_apply(db: &Db, seeker_id: i64, job_id: i64) -> Result<SeekerApply, AppError> {
    let row = seekers::find(db, seeker_id).await?.ok_or_else(gone)?;
    let applied = applications::seeker_applied(db, seeker_id, job_id).await?
        || seekers::is_tracked(db, seeker_id, job_id).await?;
    Ok(SeekerApply { draft: row.profile().draft(&row.email), email: row.email, cv_bytes: row.cv_bytes, applied })
}

/// "I applied" on an open posting that takes applications elsewhere.
pub async fn mark_applied(db: &Db, seeker_id: i64, slug: &str, now: Time) -> Result<(), AppError> {
    let job = crate::server::postings::public::open_job(db, slug, now).await?;
    if job.apply_url.is_none() {
        return Err(AppError::invalid("job", "Apply for this job with the form on its page."));
    }
    seekers::track(db, seeker_id, job.card.id, now).await?;
    Ok(())
}
