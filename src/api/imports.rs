//! Importing openings from an employer's ATS. Each function signs the
//! caller in from the session cookie and leaves whose board is whose to
//! `server::imports`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AtsSource, ImportPage, PostingDraft};

/// The boards the member's company connected.
#[server(prefix = "/api/fn", endpoint = "ats_sources")]
pub async fn fetch_ats_sources() -> Result<Vec<AtsSource>, AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::imports::sources(&edge.state.db, &member).await.map_err(super::accounts::respond)
}

/// Connects a board (read once to check it), then opens its openings.
#[server(prefix = "/api/fn", endpoint = "connect_ats")]
pub async fn connect_ats(kind: String, board: String) -> Result<i64, AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    let connected = crate::server::imports::connect(&edge.state.imports, &member, &kind, &board, edge.now).await;
    let id = match connected {
        Ok(id) => id,
        Err(error) => {
            return Err(super::accounts::keep_typed(&edge, "ats", &[("kind", &kind), ("board", &board)], error).await);
        }
    };
    crate::api::redirect(&format!("/dashboard/import/{id}"));
    Ok(id)
}

/// Board `id`'s openings now, each with where it stands here.
#[server(prefix = "/api/fn", endpoint = "ats_board")]
pub async fn fetch_ats_board(id: i64) -> Result<ImportPage, AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::imports::page(&edge.state.imports, &member, id).await.map_err(super::accounts::respond)
}

/// Brings the ticked openings of board `id` in as drafts.
#[server(prefix = "/api/fn", endpoint = "import_openings")]
pub async fn import_openings(id: i64, #[server(default)] openings: Vec<String>) -> Result<usize, AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    let added = crate::server::imports::import(&edge.state.imports, &member, id, &openings, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect(&format!("/dashboard/import/{id}?imported={added}"));
    Ok(added)
}

/// Reads board `id` again now (as the schedule does).
#[server(prefix = "/api/fn", endpoint = "sync_ats")]
pub async fn sync_ats(id: i64) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::imports::sync::sync_now(&edge.state.imports, &member, id, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    crate::api::redirect(&format!("/dashboard/import/{id}?synced=1"));
    Ok(())
}

/// Disconnects board `id`; the postings brought in from it stay.
#[server(prefix = "/api/fn", endpoint = "disconnect_ats")]
pub async fn disconnect_ats(id: i64) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::imports::disconnect(&edge.state.db, &member, id).await.map_err(super::accounts::respond)?;
    crate::api::redirect("/dashboard/import?disconnected=1");
    Ok(())
}

/// The draft imported opening `import` makes, for the posting form.
#[server(prefix = "/api/fn", endpoint = "import_draft")]
pub async fn fetch_import_draft(import: i64) -> Result<PostingDraft, AppError> {
    let edge = super::accounts::Edge::new()?;
    let member = edge.member().await?;
    crate::server::imports::draft_for(&edge.state.db, &member, import).await.map_err(super::accounts::respond)
}
