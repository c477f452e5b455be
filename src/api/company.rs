//! The employer's company: profile, logo and team, and joining a team from
//! an invitation. The service decides whose company is whose.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{CompanyProfile, Invitation, ProfileDraft};

#[server(prefix = "/api/fn", endpoint = "company_profile")]
pub async fn fetch_company_profile() -> Result<CompanyProfile, AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::accounts::company::profile(&edge.state.db, &member, edge.now).await.map_err(super::accounts::respond)
}

/// What a refused profile form had typed.
#[cfg(feature = "ssr")]
#[derive(serde::Serialize, serde::Deserialize)]
struct KeptProfile {
    profile: ProfileDraft,
}

#[server(prefix = "/api/fn", endpoint = "update_company_profile")]
pub async fn update_company_profile(profile: ProfileDraft) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    let saved = crate::server::accounts::company::update_profile(&edge.state.db, &member, &profile, edge.now).await;
    if let Err(error) = saved {
        // A refused plain form comes back with what was typed, kept on the
        // server (the about text may be long), never in the address.
        return Err(crate::api::refused(&edge, error, &KeptProfile { profile }).await);
    }
    crate::api::redirect("/dashboard/company?saved=profile");
    Ok(())
}

/// What this browser last typed into the profile form and the server
/// refused, for a few minutes.
#[server(prefix = "/api/fn", endpoint = "kept_profile")]
pub async fn fetch_kept_profile() -> Result<Option<ProfileDraft>, AppError> {
    let edge = super::accounts::Edge::new()?;
    edge.member().await?;
    let kept: Option<KeptProfile> = crate::api::kept_typed(&edge).await.map_err(super::accounts::respond)?;
    Ok(kept.map(|kept| kept.profile))
}

#[server(prefix = "/api/fn", endpoint = "remove_company_logo")]
pub async fn remove_company_logo() -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::accounts::company::remove_logo(&edge.state.db, &member).await.map_err(super::accounts::respond)?;
    crate::api::redirect("/dashboard/company?saved=logo");
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "invite_teammate")]
pub async fn invite_teammate(email: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::accounts::company::invite(&edge.context(), &member, &email)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/dashboard/company?saved=invite");
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "invitation")]
pub async fn fetch_invitation(token: String) -> Result<Invitation, AppError> {
    let edge = super::accounts::Edge::new()?;
    crate::server::accounts::company::invitation(&edge.state.db, &token, edge.now)
        .await
        .map_err(super::accounts::respond)
}

#[server(prefix = "/api/fn", endpoint = "accept_invite")]
pub async fn accept_invite(token: String, password: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let session = crate::server::accounts::company::accept_invite(&edge.context(), &token, &password)
        .await
        .map_err(super::accounts::respond)?;
    edge.start_session(&session.token);
    crate::api::redirect("/dashboard");
    Ok(())
}

/// The owner asks for the verified badge with an address at the company's domain.
#[server(prefix = "/api/fn", endpoint = "request_verification")]
pub async fn request_verification(address: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::accounts::verification::request(&edge.context(), &member, &address)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/dashboard/company?saved=verification");
    Ok(())
}

/// The button on the page the verification e-mail's link opens.
#[server(prefix = "/api/fn", endpoint = "confirm_verification")]
pub async fn confirm_verification(token: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let confirmed = crate::server::accounts::verification::confirm(&edge.state.db, &token, edge.now).await;
    crate::api::link_answer(confirmed, "/verify?done=1", "/verify?failed=1").map_err(super::accounts::respond)
}

/// The owner takes teammate `email` off the team.
#[server(prefix = "/api/fn", endpoint = "remove_teammate")]
pub async fn remove_teammate(email: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::accounts::team::remove_member(&edge.state.db, &member, &email, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/dashboard/company?saved=removed");
    Ok(())
}

/// The owner withdraws the invitation of `email`.
#[server(prefix = "/api/fn", endpoint = "revoke_invite")]
pub async fn revoke_invite(email: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::accounts::team::revoke_invite(&edge.state.db, &member, &email, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/dashboard/company?saved=revoked");
    Ok(())
}

/// The owner makes teammate `email` the owner.
#[server(prefix = "/api/fn", endpoint = "hand_over_ownership")]
pub async fn hand_over_ownership(email: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::accounts::team::hand_over(&edge.state.db, &member, &email, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect("/dashboard/company?saved=owner");
    Ok(())
}

/// Deletes the signed-in account, confirmed by its password, and signs out.
#[server(prefix = "/api/fn", endpoint = "delete_account")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::accounts::team::delete_account(&edge.context(), &member, &password)
        .await
        .map_err(super::accounts::respond)?;
    edge.end_session();
    crate::api::redirect("/?account=deleted");
    Ok(())
}
