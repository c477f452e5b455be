//! Employer accounts: sign up, sign in, sign out, confirm, reset. Each reads
//! the request, calls `server::accounts`, and sets or clears the cookie.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Dashboard, Viewer};

#[cfg(feature = "ssr")]
use crate::server::http::edge;
#[cfg(feature = "ssr")]
pub(crate) use crate::server::http::edge::{Edge, respond};

#[server(prefix = "/api/fn", endpoint = "signup")]
pub async fn signup(email: String, password: String, company_name: String) -> Result<(), AppError> {
    let edge = edge::Edge::new()?;
    if let Err(error) = crate::server::accounts::signup(&edge.context(), &email, &password, &company_name).await {
        return Err(keep_typed(&edge, "signup", &[("email", &email), ("company_name", &company_name)], error).await);
    }
    if crate::server::http::request::from_html_form() {
        // Without JavaScript the page learns of success from the URL.
        crate::api::redirect("/signup?sent=1");
    }
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "login")]
pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
    let edge = edge::Edge::new()?;
    let session = match crate::server::accounts::login(&edge.context(), &email, &password).await {
        Ok(session) => session,
        Err(error) => return Err(keep_typed(&edge, "login", &[("email", &email)], error).await),
    };
    edge.start_session(&session.token);
    crate::api::redirect(home_of(&edge, &session.token, edge::safe_next(&next)).await);
    Ok(())
}

/// What a refused plain form had typed (never a password), by form.
#[cfg(feature = "ssr")]
#[derive(serde::Serialize, serde::Deserialize)]
struct KeptFields {
    form: String,
    fields: Vec<(String, String)>,
}

/// Longest value kept of one field: as much as any of these forms takes.
#[cfg(feature = "ssr")]
const KEPT_CHARS: usize = 1_000;

/// A refused plain form (no JavaScript) goes back to its page with the
/// messages in the URL; what was typed in `fields` (never a password) is kept
/// on the server under the kept-form cookie for the page to fill in again.
#[cfg(feature = "ssr")]
pub(crate) async fn keep_typed(edge: &edge::Edge, form: &str, fields: &[(&str, &str)], error: AppError) -> AppError {
    let fields =
        fields.iter().map(|(name, value)| ((*name).to_owned(), value.chars().take(KEPT_CHARS).collect())).collect();
    crate::api::refused(edge, error, &KeptFields { form: form.to_owned(), fields }).await
}

/// What this browser last typed into form `form` ("login", "signup",
/// "alert", "report") and the server refused, for a few minutes: (field,
/// value).
#[server(prefix = "/api/fn", endpoint = "kept_form")]
pub async fn fetch_kept_form(form: String) -> Result<Vec<(String, String)>, AppError> {
    let edge = edge::Edge::new()?;
    let kept: Option<KeptFields> = crate::api::kept_typed(&edge).await.map_err(edge::respond)?;
    Ok(kept.filter(|kept| kept.form == form).map(|kept| kept.fields).unwrap_or_default())
}

/// Where a newly signed-in user goes: `next`, except that a moderator, who
/// has no company dashboard, goes to their queue instead.
#[cfg(feature = "ssr")]
async fn home_of<'a>(edge: &edge::Edge, session: &str, next: &'a str) -> &'a str {
    let is_moderator =
        crate::server::accounts::moderators::moderator(&edge.state.db, Some(session), edge.now).await.is_ok();
    if is_moderator && next == "/dashboard" { "/admin/review" } else { next }
}

#[server(prefix = "/api/fn", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let edge = edge::Edge::new()?;
    if let Some(token) = crate::server::http::request::session_token(edge.state.config.https()) {
        crate::server::accounts::logout(&edge.state.db, &token).await?;
    }
    edge.end_session();
    crate::api::redirect("/");
    Ok(())
}

/// The signed-in employer, or 401.
#[server(prefix = "/api/fn", endpoint = "viewer")]
pub async fn fetch_viewer() -> Result<Viewer, AppError> {
    let edge = edge::Edge::new()?;
    let token = crate::server::http::request::session_token(edge.state.config.https());
    crate::server::accounts::viewer(&edge.state.db, token.as_deref(), edge.now).await.map_err(edge::respond)
}

/// The button on the page the welcome e-mail's link opens.
#[server(prefix = "/api/fn", endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    let edge = edge::Edge::new()?;
    let confirmed = crate::server::accounts::confirm_email(&edge.state.db, &token, edge.now).await;
    crate::api::link_answer(confirmed, "/confirm?done=1", "/confirm?failed=1").map_err(edge::respond)
}

#[server(prefix = "/api/fn", endpoint = "request_reset")]
pub async fn request_reset(email: String) -> Result<(), AppError> {
    let edge = edge::Edge::new()?;
    crate::server::accounts::request_reset(&edge.context(), &email).await.map_err(edge::respond)?;
    if crate::server::http::request::from_html_form() {
        // Without JavaScript the page learns of success from the URL.
        crate::api::redirect("/reset?sent=1");
    }
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let edge = edge::Edge::new()?;
    let session =
        crate::server::accounts::reset_password(&edge.context(), &token, &password).await.map_err(edge::respond)?;
    edge.start_session(&session.token);
    crate::api::redirect(home_of(&edge, &session.token, "/dashboard").await);
    Ok(())
}

/// The signed-in employer's dashboard, or 401.
#[server(prefix = "/api/fn", endpoint = "dashboard")]
pub async fn fetch_dashboard() -> Result<Dashboard, AppError> {
    let edge = edge::Edge::new()?;
    let token = crate::server::http::request::session_token(edge.state.config.https());
    crate::server::postings::dashboard::dashboard(&edge.state.db, token.as_deref(), edge.now)
        .await
        .map_err(edge::respond)
}
