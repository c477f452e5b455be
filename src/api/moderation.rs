//! Moderators' server functions. The service checks the role on every call.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AuditEntry, GuideDraft, GuideSummary, ReviewQueue, VerificationQueue};

#[cfg(feature = "ssr")]
async fn moderator() -> Result<(super::accounts::Edge, crate::server::accounts::moderators::Moderator), AppError> {
    let edge = super::accounts::Edge::new()?;
    let token = crate::server::http::request::session_token(edge.state.config.https());
    let moderator = crate::server::accounts::moderators::moderator(&edge.state.db, token.as_deref(), edge.now)
        .await
        .map_err(super::accounts::respond)?;
    Ok((edge, moderator))
}

#[server(prefix = "/api/fn", endpoint = "review_queue")]
pub async fn fetch_review_queue() -> Result<ReviewQueue, AppError> {
    let (edge, moderator) = moderator().await?;
    crate::server::moderation::queue(&edge.state.db, &moderator, edge.now).await.map_err(super::accounts::respond)
}

/// Job `id` as its job page shows it, in whatever status, for a moderator.
#[server(prefix = "/api/fn", endpoint = "review_preview")]
pub async fn fetch_review_preview(id: i64) -> Result<crate::model::JobDetail, AppError> {
    let (edge, moderator) = moderator().await?;
    crate::server::moderation::preview(&edge.state.db, &moderator, id, edge.now).await.map_err(super::accounts::respond)
}

/// Approves, rejects, sends back or unpublishes job `id` (`decision` is a
/// `Decision` slug).
#[server(prefix = "/api/fn", endpoint = "moderate")]
pub async fn moderate(id: i64, decision: String, reason: String) -> Result<(), AppError> {
    let (edge, moderator) = moderator().await?;
    let decision = crate::model::Decision::from_slug(&decision)
        .ok_or_else(|| super::accounts::respond(AppError::invalid("decision", "Choose a decision.")))?;
    let public_url = &edge.state.config.public_url;
    crate::server::moderation::decide(&edge.state.db, &moderator, id, decision, &reason, public_url, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/admin/review");
    Ok(())
}

/// Approves or declines the edit `id` of a live posting (`decision` is a
/// `RevisionDecision` slug).
#[server(prefix = "/api/fn", endpoint = "moderate_edit")]
pub async fn moderate_edit(id: i64, decision: String, reason: String) -> Result<(), AppError> {
    let (edge, moderator) = moderator().await?;
    let decision = crate::model::RevisionDecision::from_slug(&decision)
        .ok_or_else(|| super::accounts::respond(AppError::invalid("decision", "Choose a decision.")))?;
    let public_url = &edge.state.config.public_url;
    crate::server::postings::revisions::decide(&edge.state.db, &moderator, id, decision, &reason, public_url, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/admin/review");
    Ok(())
}

/// The newest entries of the append-only audit log.
#[server(prefix = "/api/fn", endpoint = "audit_log")]
pub async fn fetch_audit_log() -> Result<Vec<AuditEntry>, AppError> {
    let (edge, moderator) = moderator().await?;
    crate::server::moderation::audit_log(&edge.state.db, &moderator).await.map_err(super::accounts::respond)
}

/// Confirmed verification requests, the new names waiting and the verified
/// companies.
#[server(prefix = "/api/fn", endpoint = "verification_queue")]
pub async fn fetch_verification_queue() -> Result<VerificationQueue, AppError> {
    let (edge, moderator) = moderator().await?;
    let db = &edge.state.db;
    let mut queue =
        crate::server::accounts::verification::queue(db, &moderator).await.map_err(super::accounts::respond)?;
    queue.renames =
        crate::server::accounts::renames::waiting(db, &moderator).await.map_err(super::accounts::respond)?;
    Ok(queue)
}

/// Whether a moderator's `decision` ("approve" or "decline") approves.
#[cfg(feature = "ssr")]
fn approves(decision: &str) -> Result<bool, AppError> {
    match decision {
        "approve" => Ok(true),
        "decline" => Ok(false),
        _ => Err(super::accounts::respond(AppError::invalid("decision", "Choose a decision."))),
    }
}

/// Approves (`decision` "approve") or declines ("decline") request `id`.
#[server(prefix = "/api/fn", endpoint = "decide_verification")]
pub async fn decide_verification(id: i64, decision: String, reason: String) -> Result<(), AppError> {
    let (edge, moderator) = moderator().await?;
    let approve = approves(&decision)?;
    let public_url = &edge.state.config.public_url;
    crate::server::accounts::verification::decide(
        &edge.state.db,
        &moderator,
        id,
        approve,
        &reason,
        public_url,
        edge.now,
    )
    .await
    .map_err(super::accounts::respond)?;
    crate::api::redirect("/admin/companies");
    Ok(())
}

/// Approves (`decision` "approve") or declines ("decline") company `id`'s
/// waiting new name `name`.
#[server(prefix = "/api/fn", endpoint = "decide_rename")]
pub async fn decide_rename(id: i64, name: String, decision: String, reason: String) -> Result<(), AppError> {
    let (edge, moderator) = moderator().await?;
    let approve = approves(&decision)?;
    let public_url = &edge.state.config.public_url;
    let decision =
        crate::server::accounts::renames::Decision { company_id: id, new_name: &name, approve, reason: &reason };
    crate::server::accounts::renames::decide(&edge.state.db, &moderator, &decision, public_url, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/admin/companies");
    Ok(())
}

/// Takes the verified badge away from company `id`.
#[server(prefix = "/api/fn", endpoint = "revoke_verification")]
pub async fn revoke_verification(id: i64, reason: String) -> Result<(), AppError> {
    let (edge, moderator) = moderator().await?;
    let public_url = &edge.state.config.public_url;
    crate::server::accounts::verification::revoke(&edge.state.db, &moderator, id, &reason, public_url, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/admin/companies");
    Ok(())
}

/// Guide `slug` in the editor's form.
#[server(prefix = "/api/fn", endpoint = "guide_draft")]
pub async fn fetch_guide_draft(slug: String) -> Result<GuideDraft, AppError> {
    let (edge, moderator) = moderator().await?;
    crate::server::content::guides::draft(&edge.state.db, &moderator, &slug).await.map_err(super::accounts::respond)
}

/// Saves a moderator's edit of guide `slug`.
#[server(prefix = "/api/fn", endpoint = "update_guide")]
pub async fn update_guide(slug: String, guide: GuideDraft) -> Result<(), AppError> {
    let (edge, moderator) = moderator().await?;
    crate::server::content::guides::edit(&edge.state.db, &moderator, &slug, &guide, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect(&format!("/admin/guides/{}?saved=1", crate::model::path_segment(&slug)));
    Ok(())
}

/// Every guide, for the moderators' list.
#[server(prefix = "/api/fn", endpoint = "admin_guides")]
pub async fn fetch_admin_guides() -> Result<Vec<GuideSummary>, AppError> {
    let (edge, _moderator) = moderator().await?;
    crate::server::content::guides::index(&edge.state.db).await.map_err(super::accounts::respond)
}

/// Unpublishes the live posting `posting` names (its number, slug or
/// address), reported or not.
#[server(prefix = "/api/fn", endpoint = "unpublish_posting")]
pub async fn unpublish_posting(posting: String, reason: String) -> Result<(), AppError> {
    let (edge, moderator) = moderator().await?;
    let id = crate::model::job_id_from_reference(&posting).ok_or_else(|| {
        super::accounts::respond(AppError::invalid("posting", "Paste the job’s address, or its number."))
    })?;
    let public_url = &edge.state.config.public_url;
    let decision = crate::model::Decision::Unpublish;
    crate::server::moderation::decide(&edge.state.db, &moderator, id, decision, &reason, public_url, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/admin/review?unpublished=1");
    Ok(())
}
