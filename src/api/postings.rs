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

/// What a refused posting form had typed, and which posting it was (0: a
/// new one).
#[cfg(feature = "ssr")]
#[derive(serde::Serialize, serde::Deserialize)]
struct KeptDraft {
    posting: i64,
    draft: PostingDraft,
}

/// A refused plain form (no JavaScript) goes back to its page with the
/// messages in the URL; what was typed, however long, is kept on the server
/// under a cookie for the page to fill the form in again.
#[cfg(feature = "ssr")]
async fn keep_draft(error: AppError, posting: i64, draft: &PostingDraft) -> AppError {
    if matches!(error, AppError::InvalidFields(_)) && crate::server::http::request::from_html_form() {
        let Ok(edge) = super::accounts::Edge::new() else { return super::accounts::respond(error) };
        if let Err(failed) = crate::api::keep_typed(&edge, &KeptDraft { posting, draft: draft.clone() }).await {
            return super::accounts::respond(failed);
        }
    }
    super::accounts::respond(error)
}

/// What this browser last typed into the form of posting `posting` (0: a
/// new one) and the server refused, for a few minutes.
#[server(prefix = "/api/fn", endpoint = "kept_posting_draft")]
pub async fn fetch_kept_posting_draft(posting: i64) -> Result<Option<PostingDraft>, AppError> {
    let edge = super::accounts::Edge::new()?;
    edge.member().await?;
    let kept: Option<KeptDraft> = crate::api::kept_typed(&edge).await.map_err(super::accounts::respond)?;
    Ok(kept.filter(|kept| kept.posting == posting).map(|kept| kept.draft))
}

/// Keeps what the employer is typing into posting `posting`'s form (0: a
/// new one); when it was kept.
#[server(prefix = "/api/fn", endpoint = "keep_typed_posting")]
pub async fn keep_typed_posting(posting: i64, draft: PostingDraft) -> Result<String, AppError> {
    let (state, member, now) = member().await?;
    crate::server::postings::typed::keep(&state.db, &member, posting, &draft, now)
        .await
        .map_err(super::accounts::respond)?;
    Ok(now.minute())
}

/// What the employer typed into posting `posting`'s form and did not save.
#[server(prefix = "/api/fn", endpoint = "typed_posting")]
pub async fn fetch_typed_posting(posting: i64) -> Result<Option<crate::model::TypedDraft>, AppError> {
    let (state, member, _) = member().await?;
    crate::server::postings::typed::kept(&state.db, &member, posting).await.map_err(super::accounts::respond)
}

/// Throws away what was typed into posting `posting`'s form and not saved.
#[server(prefix = "/api/fn", endpoint = "discard_typed_posting")]
pub async fn discard_typed_posting(posting: i64) -> Result<(), AppError> {
    let (state, member, _) = member().await?;
    crate::server::postings::typed::forget(&state.db, &member, posting).await.map_err(super::accounts::respond)?;
    crate::api::redirect(&if posting == 0 {
        "/dashboard/jobs/new".to_owned()
    } else {
        format!("/dashboard/jobs/{posting}/edit")
    });
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "create_posting")]
pub async fn create_posting(draft: PostingDraft) -> Result<i64, AppError> {
    let (state, member, now) = member().await?;
    let created = crate::server::postings::create(&state.db, &member, &draft, now).await;
    let id = match created {
        Ok(id) => id,
        Err(error) => return Err(keep_draft(error, 0, &draft).await),
    };
    crate::api::redirect(&format!("/dashboard/jobs/{id}/preview?saved=1"));
    Ok(id)
}

#[server(prefix = "/api/fn", endpoint = "update_posting")]
pub async fn update_posting(id: i64, draft: PostingDraft) -> Result<(), AppError> {
    let (state, member, now) = member().await?;
    let saved = match crate::server::postings::update(&state.db, &member, id, &draft, now).await {
        Ok(saved) => saved,
        Err(error) => return Err(keep_draft(error, id, &draft).await),
    };
    match saved {
        crate::server::postings::Saved::Saved => crate::api::redirect(&format!("/dashboard/jobs/{id}/preview?saved=1")),
        crate::server::postings::Saved::WaitingForReview => crate::api::redirect("/dashboard?saved=edit"),
        crate::server::postings::Saved::BackToDraft => {
            crate::api::redirect(&format!("/dashboard/jobs/{id}/preview?saved=draft"))
        }
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

/// The job page a saved posting will have, and where it stands.
#[server(prefix = "/api/fn", endpoint = "posting_preview")]
pub async fn fetch_posting_preview(id: i64) -> Result<crate::model::PostingPreview, AppError> {
    let (state, member, now) = member().await?;
    crate::server::postings::preview_saved(&state.db, &member, id, now).await.map_err(super::accounts::respond)
}
