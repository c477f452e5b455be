//! Candidates' server functions: the private status page and withdrawing.
//! (Applying itself is a plain multipart route: see
//! `server::http::applications`.)

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ApplicationDetail, ApplicationList, ApplyFeedback, CandidateView};

/// The apply form this browser sent and the server refused, kept for a few
/// minutes for the job page to show again (see `server::http::form_return`).
#[server(prefix = "/api/fn", endpoint = "apply_feedback")]
pub async fn fetch_apply_feedback() -> Result<Option<ApplyFeedback>, AppError> {
    let edge = super::accounts::Edge::new()?;
    crate::api::kept_typed(&edge).await
}

/// What the private link `token` shows.
#[server(prefix = "/api/fn", endpoint = "application_status")]
pub async fn fetch_application_status(token: String) -> Result<CandidateView, AppError> {
    let edge = super::accounts::Edge::new()?;
    crate::server::applications::status(&edge.state.db, &edge.state.secret, &token, edge.now)
        .await
        .map_err(super::accounts::respond)
}

/// Withdraws the application behind `token`, deleting what was sent.
#[server(prefix = "/api/fn", endpoint = "withdraw_application")]
pub async fn withdraw_application(token: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    crate::server::applications::withdraw(&edge.state.db, &edge.state.storage, &edge.state.secret, &token, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/applications/withdrawn");
    Ok(())
}

/// Job `job_id`'s applications for its company's team, filtered to
/// `status` (a slug) when given.
#[server(prefix = "/api/fn", endpoint = "application_list")]
pub async fn fetch_application_list(job_id: i64, status: Option<String>) -> Result<ApplicationList, AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    let filter = status.as_deref().filter(|s| !s.is_empty()).and_then(crate::model::ApplicationStatus::from_slug);
    crate::server::applications::applicants::list(&edge.state.db, &member, job_id, filter, edge.now)
        .await
        .map_err(super::accounts::respond)
}

/// The applications to every posting of the caller's company, filtered to
/// `status` (a slug) when given.
#[server(prefix = "/api/fn", endpoint = "application_inbox")]
pub async fn fetch_application_inbox(status: Option<String>) -> Result<ApplicationList, AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    let filter = status.as_deref().filter(|s| !s.is_empty()).and_then(crate::model::ApplicationStatus::from_slug);
    crate::server::applications::applicants::inbox(&edge.state.db, &member, filter, edge.now)
        .await
        .map_err(super::accounts::respond)
}

/// One application in full, for its company's team.
#[server(prefix = "/api/fn", endpoint = "application_detail")]
pub async fn fetch_application_detail(id: i64) -> Result<ApplicationDetail, AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::applications::applicants::detail(&edge.state.db, &member, id).await.map_err(super::accounts::respond)
}

/// Moves application `id` to `status` (a slug), e-mailing the candidate
/// with `message` if there is one.
#[server(prefix = "/api/fn", endpoint = "set_application_status")]
pub async fn set_application_status(id: i64, status: String, message: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    let next = crate::model::ApplicationStatus::from_slug(&status)
        .ok_or_else(|| super::accounts::respond(AppError::invalid("status", "Choose a status.")))?;
    crate::server::applications::applicants::set_status(&edge.context(), &member, id, next, &message)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect(&format!("/dashboard/applications/{id}?saved=status"));
    Ok(())
}

/// Replaces the team's private notes on application `id`.
#[server(prefix = "/api/fn", endpoint = "set_application_notes")]
pub async fn set_application_notes(id: i64, notes: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::applications::applicants::set_notes(&edge.state.db, &member, id, &notes, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect(&format!("/dashboard/applications/{id}?saved=notes"));
    Ok(())
}
