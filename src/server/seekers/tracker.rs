//! The tracker: every application a seeker sent through FarCoder, with its
//! history, and every posting they marked "I applied", each beside what the
//! company promised and how long it has been. Past the promise and a grace
//! period with no answer, it says so plainly.

use crate::error::AppError;
use crate::model::{StatusUpdate, Time, TrackedApplication, TrackerPage, job_slug, silence};
use crate::server::db::Db;
use crate::server::repo::{applications, jobs, seekers};
use crate::server::storage::Storage;

fn promise_of(days: Option<i64>) -> Option<String> {
    crate::model::Process { steps: String::new(), decision_days: days.and_then(|d| u8::try_from(d).ok()) }.promise()
}

/// The job page of `job_id`, while it is open.
async fn open_path(db: &Db, job_id: i64, now: Time) -> Result<Option<String>, AppError> {
    let job = jobs::find(db, job_id).await?;
    Ok(job
        .filter(|job| job.is_open(now))
        .map(|job| format!("/jobs/{}", job_slug(&job.card.title, &job.card.company_slug, job.card.id))))
}

pub async fn page(db: &Db, seeker_id: i64, now: Time) -> Result<TrackerPage, AppError> {
    let seeker = seekers::find(db, seeker_id).await?.ok_or(AppError::Unauthorized)?;
    let mut lines = Vec::new();
    for row in applications::of_seeker(db, seeker_id).await? {
        let updates = applications::updates(db, row.id)
            .await?
            .into_iter()
            .map(|(status, message, at, _)| StatusUpdate { status, message, date: at.date(), by: None })
            .collect();
        let days = (now - row.created_at).as_secs() / crate::model::DAY.as_secs();
        lines.push((
            row.created_at,
            TrackedApplication {
                id: Some(row.id),
                job_title: row.job_title,
                company_name: row.company_name,
                job_path: open_path(db, row.job_id, now).await?,
                status: Some(row.status),
                applied: row.created_at.date(),
                updates,
                promise: promise_of(row.decision_days),
                days,
                silence: silence(row.status, days, row.decision_days),
            },
        ));
    }
    for row in seekers::tracked(db, seeker_id).await? {
        let days = (now - row.applied_at).as_secs() / crate::model::DAY.as_secs();
        lines.push((
            row.applied_at,
            TrackedApplication {
                id: None,
                job_title: row.job_title,
                company_name: row.company_name,
                job_path: open_path(db, row.job_id, now).await?,
                status: None,
                applied: row.applied_at.date(),
                updates: Vec::new(),
                promise: promise_of(row.decision_days),
                days,
                silence: None,
            },
        ));
    }
    lines.sort_by_key(|line| std::cmp::Reverse(line.0));
    let applications = lines.into_iter().map(|(_, line)| line).collect();
    Ok(TrackerPage { email: seeker.email, applications, alerts: Vec::new(), alerts_manage: None })
}

/// Withdraws the seeker's own application `id` (deleting what was sent; the
/// company's team is told); another's is not found.
pub async fn withdraw(db: &Db, storage: &Storage, seeker_id: i64, id: i64, now: Time) -> Result<(), AppError> {
    let row = applications::by_id(db, id).await?.filter(|row| row.seeker_id == Some(seeker_id));
    let row = row.ok_or(AppError::NotFound)?;
    crate::server::applications::withdraw_row(db, storage, row, now).await
}
