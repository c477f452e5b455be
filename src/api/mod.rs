//! Server functions: public endpoints, each a thin shell that reads the request,
//! calls a service and returns shared model types.

pub mod accounts;
pub mod alerts;
pub mod applications;
pub mod company;
pub mod imports;
pub mod jobs;
pub mod moderation;
pub mod postings;
pub mod saved;
pub mod seekers;

/// Sends the caller on to `path` after the call (a plain form follows it; a
/// hydrated page is told to). Anything but a same-site path goes home
/// instead, so no request data can aim it elsewhere or break the header.
#[cfg(feature = "ssr")]
pub(crate) fn redirect(path: &str) {
    leptos_axum::redirect(crate::model::local_path(path).unwrap_or("/"));
}

/// Keeps what a refused plain form had typed on the server, under the
/// kept-form cookie this response sets, for its page to fill in again
/// (never in the URL, where a long form does not fit). An address whose
/// refused forms come too fast gets nothing kept.
#[cfg(feature = "ssr")]
pub(crate) async fn keep_typed(
    edge: &accounts::Edge,
    typed: &impl serde::Serialize,
) -> Result<(), crate::error::AppError> {
    use crate::server::auth::rate_limit;
    rate_limit::check(&edge.state.db, rate_limit::KEPT_FORMS_PER_IP, &edge.ip, edge.now).await?;
    let https = edge.state.config.https();
    edge.set_cookie(crate::server::http::form_return::keep(&edge.state.db, typed, https, edge.now).await?);
    Ok(())
}

/// `error`, as the edge answers it; when it refuses what a plain form (no
/// JavaScript) sent, what that form typed (`typed`) is kept first, as
/// `keep_typed` keeps it, for its page to fill in again.
#[cfg(feature = "ssr")]
pub(crate) async fn refused(
    edge: &accounts::Edge,
    error: crate::error::AppError,
    typed: &impl serde::Serialize,
) -> crate::error::AppError {
    use crate::error::AppError;
    let refusal = matches!(error, AppError::Invalid { .. } | AppError::InvalidFields(_));
    if refusal
        && crate::server::http::request::from_html_form()
        && let Err(failed) = keep_typed(edge, typed).await
    {
        return accounts::respond(failed);
    }
    accounts::respond(error)
}

/// What the request's kept-form cookie names, while it lasts: what one
/// person typed, so the response is marked personal.
#[cfg(feature = "ssr")]
pub(crate) async fn kept_typed<T: serde::de::DeserializeOwned>(
    edge: &accounts::Edge,
) -> Result<Option<T>, crate::error::AppError> {
    use leptos::prelude::use_context;
    let Some(parts) = use_context::<axum::http::request::Parts>() else { return Ok(None) };
    let kept = crate::server::http::form_return::find(&edge.state.db, &parts.headers, edge.now).await?;
    if kept.is_some() {
        crate::server::http::request::mark_personal();
    }
    Ok(kept)
}

/// The answer to an e-mailed link's button: on to `done` when it worked.
/// The link's page sends no referrer (its address holds a secret), so a
/// plain form cannot be sent back to it the usual way: when the link does
/// not work, it goes to `failed`, which says so.
#[cfg(feature = "ssr")]
pub(crate) fn link_answer<T>(
    result: Result<T, crate::error::AppError>,
    done: &str,
    failed: &str,
) -> Result<(), crate::error::AppError> {
    use crate::error::AppError;
    match result {
        Ok(_) => redirect(done),
        Err(AppError::Invalid { .. } | AppError::NotFound) if crate::server::http::request::from_html_form() => {
            redirect(failed)
        }
        Err(error) => return Err(error),
    }
    Ok(())
}
