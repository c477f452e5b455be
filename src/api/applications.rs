//! Candidates' server functions: the private status page and withdrawing.
//! (Applying itself is a plain multipart route: see
//! `server::application_routes`.)

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CandidateView;

/// What the private link `token` shows.
#[server(prefix = "/api/fn", endpoint = "application_status")]
pub async fn fetch_application_status(token: String) -> Result<CandidateView, AppError> {
    let edge = super::accounts::Edge::new()?;
    crate::server::applications::status(&edge.state.db, &token, edge.now).await.map_err(super::accounts::respond)
}

/// Withdraws the application behind `token`, deleting what was sent.
#[server(prefix = "/api/fn", endpoint = "withdraw_application")]
pub async fn withdraw_application(token: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    crate::server::applications::withdraw(&edge.state.db, &edge.state.storage, &token, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    leptos_axum::redirect("/applications/withdrawn");
    Ok(())
}
