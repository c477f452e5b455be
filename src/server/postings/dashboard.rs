//! The employer's dashboard: their company's postings in every status, with
//! each one's stats, applications and waiting edit.

use crate::error::AppError;
use crate::model::{DAY, PostingStatus, Time};
use crate::server::db::Db;

/// The signed-in employer's dashboard: their company's postings, whatever
/// their status, and nobody else's.
pub async fn dashboard(db: &Db, token: Option<&str>, now: Time) -> Result<crate::model::Dashboard, AppError> {
    let member = crate::server::accounts::member(db, token, now).await?.ok_or(AppError::Unauthorized)?;
    let jobs = crate::server::repo::jobs::of_company(db, member.company_id).await?;
    let mut stats = crate::server::postings::stats::of_company(db, member.company_id, now).await?;
    let stale_before = now - crate::model::UNANSWERED_DAYS * DAY;
    let mut applications: std::collections::HashMap<i64, (i64, i64, i64)> =
        crate::server::repo::applications::counts_for_company(db, member.company_id, stale_before)
            .await?
            .into_iter()
            .map(|(job, total, fresh, stale)| (job, (total, fresh, stale)))
            .collect();
    let mut edits: std::collections::HashMap<i64, crate::model::EditState> =
        crate::server::postings::revisions::states_of_company(db, member.company_id).await?.into_iter().collect();
    let viewer = crate::server::accounts::as_viewer(member);
    let jobs = jobs
        .into_iter()
        .map(|j| {
            let open = crate::server::repo::jobs::is_open(j.status, j.expires_at, now);
            let (applications, new_applications, unanswered) = applications.remove(&j.id).unwrap_or_default();
            crate::model::DashboardJob {
                applications,
                new_applications,
                unanswered,
                own_form: j.external_apply == 0,
                public_path: open.then(|| format!("/jobs/{}", crate::model::job_slug(&j.title, &j.company_slug, j.id))),
                days_left: j.expires_at.filter(|_| open).map(|at| (at - now).as_secs().div_euclid(DAY.as_secs())),
                status: if j.status == PostingStatus::Published && !open { PostingStatus::Expired } else { j.status },
                published: j.published_at.map(Time::date),
                expires: j.expires_at.map(Time::date),
                stats: stats.remove(&j.id).unwrap_or_else(crate::model::JobStats::empty),
                moderation_note: j.moderation_note,
                edit: edits.remove(&j.id),
                still_open: match (open, j.confirm_asked_at, j.confirmed_at) {
                    (false, ..) => None,
                    (true, Some(asked), _) => Some(format!("Asked {} whether it is still open", asked.ago(now))),
                    (true, None, Some(at)) => Some(format!("Confirmed open {}", at.ago(now))),
                    (true, None, None) => None,
                },
                id: j.id,
                title: j.title,
            }
        })
        .collect();
    Ok(crate::model::Dashboard { viewer, jobs })
}
