//! An employer's postings. Each function signs the caller in from the
//! session cookie and leaves every rule about whose job is whose to
//! `server::postings`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{JobDetail, PostingDraft};

#[cfg(feature = "ssr")]
async fn member()
-> Result<(crate::server::http::state::AppState, crate::server::repo::users::MemberRow, crate::model::Time), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    Ok((edge.state, member, edge.now))
}

/// A plain form (no JavaScript) comes back from the error redirect empty; the
/// error then carries what was typed, so the page fills the form in again.
#[cfg(feature = "ssr")]
fn echo_draft(error: AppError, draft: &PostingDraft) -> AppError {
    match error {
        AppError::InvalidFields(errors) if crate::server::http::request::from_html_form() => {
            AppError::InvalidDraft { errors, draft: Box::new(draft.clone()) }
        }
        other => super::accounts::respond(other),
    }
}

#[server(prefix = "/api/fn", endpoint = "create_posting")]
pub async fn create_posting(draft: PostingDraft) -> Result<i64, AppError> {
    let (state, member, now) = member().await?;
    let id =
        crate::server::postings::create(&state.db, &member, &draft, now).await.map_err(|e| echo_draft(e, &draft))?;
    crate::api::redirect("/dashboard");
    Ok(id)
}

#[server(prefix = "/api/fn", endpoint = "update_posting")]
pub async fn update_posting(id: i64, draft: PostingDraft) -> Result<(), AppError> {
    let (state, member, now) = member().await?;
    let saved = crate::server::postings::update(&state.db, &member, id, &draft, now)
        .await
        .map_err(|e| echo_draft(e, &draft))?;
    match saved {
        crate::server::postings::Saved::Saved => crate::api::redirect("/dashboard"),
        crate::server::postings::Saved::WaitingForReview => crate::api::redirect("/dashboard?saved=edit"),
        crate::server::postings::Saved::BackToDraft => crate::api::redirect("/dashboard?saved=draft"),
    }
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "posting_draft")]
pub async fn fetch_posting_draft(id: i64) -> Result<PostingDraft, AppError> {
    let (state, member, now) = member().await?;
    crate::server::postings::draft_of(&state.db, &member, id, now).await.map_err(super::accounts::respond)
}

/// Submits a draft: to review, or straight to the board with auto-approval.
#[server(prefix = "/api/fn", endpoint = "submit_posting")]
pub async fn submit_posting(id: i64) -> Result<crate::model::PostingStatus, AppError> {
    let (state, member, now) = member().await?;
    let auto = state.config.auto_approve;
    crate::server::postings::submit(&state.db, &member, id, auto, now).await.map_err(super::accounts::respond)
}

#[server(prefix = "/api/fn", endpoint = "close_posting")]
pub async fn close_posting(id: i64) -> Result<(), AppError> {
    let (state, member, now) = member().await?;
    crate::server::postings::close(&state.db, &member, id, now).await.map_err(super::accounts::respond)
}

/// "Still hiring": the team confirms the posting is open.
#[server(prefix = "/api/fn", endpoint = "confirm_open")]
pub async fn confirm_open(id: i64) -> Result<(), AppError> {
    let (state, member, now) = member().await?;
    crate::server::postings::confirm::confirm_now(&state.db, &member, id, now).await.map_err(super::accounts::respond)
}

#[server(prefix = "/api/fn", endpoint = "renew_posting")]
pub async fn renew_posting(id: i64) -> Result<(), AppError> {
    let (state, member, now) = member().await?;
    crate::server::postings::renew(&state.db, &member, id, now).await.map_err(super::accounts::respond)
}

#[server(prefix = "/api/fn", endpoint = "duplicate_posting")]
pub async fn duplicate_posting(id: i64) -> Result<i64, AppError> {
    let (state, member, now) = member().await?;
    crate::server::postings::duplicate(&state.db, &member, id, now).await.map_err(super::accounts::respond)
}

/// The job page a posting will have, from the form as typed.
#[server(prefix = "/api/fn", endpoint = "preview_posting")]
pub async fn preview_posting(draft: PostingDraft) -> Result<JobDetail, AppError> {
    let (state, member, now) = member().await?;
    crate::server::postings::preview(&state.db, &member, &draft, now).await.map_err(super::accounts::respond)
}

/// The job page a saved posting will have.
#[server(prefix = "/api/fn", endpoint = "posting_preview")]
pub async fn fetch_posting_preview(id: i64) -> Result<JobDetail, AppError> {
    let (state, member, now) = member().await?;
    crate::server::postings::preview_saved(&state.db, &member, id, now).await.map_err(super::accounts::respond)
}
