//! What the public may see: a posting that is published and not expired.
//! The job page, applying, reporting and the stats all start here.

use crate::error::AppError;
use crate::model::Time;
use crate::server::db::Db;
use crate::server::repo::jobs;

/// The open job a slug names: 404 for an unknown or unpublished job, 410 for
/// one that was public and is now closed or expired.
pub async fn open_job(db: &Db, slug: &str, now: Time) -> Result<jobs::DetailRow, AppError> {
    let id = crate::model::job_id_from_slug(slug).ok_or(AppError::NotFound)?;
    open_job_by_id(db, id, now).await
}

/// `open_job` by id.
pub async fn open_job_by_id(db: &Db, id: i64, now: Time) -> Result<jobs::DetailRow, AppError> {
    let row = jobs::find(db, id).await?.ok_or(AppError::NotFound)?;
    if row.filled_at.is_some() && row.is_gone(now) {
        return Err(AppError::Filled);
    }
    if row.is_gone(now) {
        return Err(AppError::Gone);
    }
    if !row.is_open(now) {
        return Err(AppError::NotFound);
    }
    Ok(row)
}
