//! Seekers' accounts: signing in with a code or a link sent by e-mail, the
//! tracker, "I applied", erasing the account. Each reads the request, calls
//! `server::seekers`, and sets or clears the cookies. (The profile form, with
//! its CV, and the downloads are plain routes: `server::http::seekers`.)

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ProfilePage, SeekerApply, TrackerPage};

#[cfg(feature = "ssr")]
use super::accounts::{Edge, keep_typed, respond};

/// Where a seeker goes once signed in: a local path, or the tracker.
#[cfg(feature = "ssr")]
fn next_or_tracker(next: &str) -> &str {
    crate::model::local_path(next).unwrap_or("/me")
}

/// Sends a sign-in code (and link) to `email`, for this browser.
#[server(prefix = "/api/fn", endpoint = "seeker_code")]
pub async fn request_sign_in_code(email: String, next: String) -> Result<(), AppError> {
    use crate::server::seekers;
    let edge = Edge::new()?;
    let sent = match seekers::send_code(&edge.context(), &email, seekers::SIGN_IN, false).await {
        Ok(sent) => sent,
        Err(error) => return Err(keep_typed(&edge, "seeker_email", &[("email", &email)], error).await),
    };
    let https = edge.state.config.https();
    edge.set_cookie(crate::server::auth::seeker_session::set_sign_in_cookie(&sent.browser, https));
    if crate::server::http::request::from_html_form() {
        let next: String = url::form_urlencoded::byte_serialize(next_or_tracker(&next).as_bytes()).collect();
        crate::api::redirect(&format!("/me/signin?sent=1&next={next}"));
    }
    Ok(())
}

/// The address this browser's sign-in waits on a code for, if any.
#[server(prefix = "/api/fn", endpoint = "seeker_pending")]
pub async fn fetch_sign_in_pending() -> Result<Option<String>, AppError> {
    let edge = Edge::new()?;
    let https = edge.state.config.https();
    let browser = crate::server::http::request::sign_in_token(https);
    if browser.is_some() {
        crate::server::http::request::mark_personal();
    }
    let purpose = crate::server::seekers::SIGN_IN;
    crate::server::seekers::pending(&edge.state.db, browser.as_deref(), purpose, edge.now).await.map_err(respond)
}

/// The signed-in seeker's address, for the forms it fills (an alert made
/// with it is the account's); `None` for everyone else.
#[server(prefix = "/api/fn", endpoint = "seeker_email")]
pub async fn fetch_seeker_email() -> Result<Option<String>, AppError> {
    let edge = Edge::new()?;
    let Some(token) = crate::server::http::request::seeker_token(edge.state.config.https()) else { return Ok(None) };
    let seeker = crate::server::seekers::current(&edge.state.db, Some(&token), edge.now).await?;
    match seeker {
        Some(seeker) => crate::server::seekers::email_of(&edge.state.db, seeker).await,
        None => Ok(None),
    }
}

/// Whether this browser holds a live seeker's session.
#[server(prefix = "/api/fn", endpoint = "seeker_signed_in")]
pub async fn fetch_seeker_signed_in() -> Result<bool, AppError> {
    let edge = Edge::new()?;
    let token = crate::server::http::request::seeker_token(edge.state.config.https());
    Ok(crate::server::seekers::current(&edge.state.db, token.as_deref(), edge.now).await?.is_some())
}

/// Signs in with the code from the e-mail; the browser's saved jobs join
/// the account's, and the browser keeps the account's list.
#[server(prefix = "/api/fn", endpoint = "seeker_sign_in")]
pub async fn sign_in_with_code(code: String, next: String) -> Result<(), AppError> {
    let edge = Edge::new()?;
    let https = edge.state.config.https();
    let browser = crate::server::http::request::sign_in_token(https);
    let saved = crate::server::http::request::saved_jobs();
    let signed_in = crate::server::seekers::sign_in_with_code(&edge.context(), browser.as_deref(), &code, &saved).await;
    let signed_in = signed_in.map_err(respond)?;
    edge.start_seeker_session(&signed_in.token);
    edge.set_cookie(signed_in.saved.cookie(https));
    crate::api::redirect(next_or_tracker(&next));
    Ok(())
}

/// The address an e-mailed sign-in link is for, while it works.
#[server(prefix = "/api/fn", endpoint = "seeker_link")]
pub async fn fetch_sign_in_link(link: String) -> Result<Option<String>, AppError> {
    let edge = Edge::new()?;
    crate::server::http::request::mark_personal();
    crate::server::seekers::link_email(&edge.state.db, &link, edge.now).await.map_err(respond)
}

/// The button on the page an e-mailed sign-in link opens.
#[server(prefix = "/api/fn", endpoint = "seeker_link_sign_in")]
pub async fn sign_in_with_link(link: String) -> Result<(), AppError> {
    let edge = Edge::new()?;
    let https = edge.state.config.https();
    let saved = crate::server::http::request::saved_jobs();
    let browser = crate::server::http::request::sign_in_token(https);
    let signed_in = crate::server::seekers::sign_in_with_link(&edge.context(), &link, browser.as_deref(), &saved).await;
    if let Ok(signed_in) = &signed_in {
        edge.start_seeker_session(&signed_in.token);
        edge.set_cookie(signed_in.saved.cookie(https));
    }
    crate::api::link_answer(signed_in, "/me", "/me/signin?failed=1").map_err(respond)
}

#[server(prefix = "/api/fn", endpoint = "seeker_sign_out")]
pub async fn sign_out_seeker() -> Result<(), AppError> {
    let edge = Edge::new()?;
    if let Some(token) = crate::server::http::request::seeker_token(edge.state.config.https()) {
        crate::server::seekers::sign_out(&edge.state.db, &token).await?;
    }
    edge.end_seeker_session();
    crate::api::redirect("/");
    Ok(())
}

/// The signed-in seeker's tracker, or 401.
#[server(prefix = "/api/fn", endpoint = "seeker_tracker")]
pub async fn fetch_tracker() -> Result<TrackerPage, AppError> {
    let edge = Edge::new()?;
    let seeker = edge.seeker().await?;
    let mut page = crate::server::seekers::tracker::page(&edge.state.db, seeker, edge.now).await.map_err(respond)?;
    // The alerts sent to the account's address are the account's.
    let alerts = crate::server::syndication::alerts::of_address(&edge.state.db, edge.alert_links(), &page.email);
    if let Some((alerts, manage)) = alerts.await.map_err(respond)? {
        page.alerts = alerts.alerts;
        page.alerts_manage = Some(manage);
    }
    Ok(page)
}

/// The signed-in seeker's profile, or 401.
#[server(prefix = "/api/fn", endpoint = "seeker_profile")]
pub async fn fetch_profile() -> Result<ProfilePage, AppError> {
    let edge = Edge::new()?;
    let seeker = edge.seeker().await?;
    crate::server::seekers::profile::page(&edge.state.db, seeker).await.map_err(respond)
}

/// The profile form this browser sent and the server refused, kept for a
/// few minutes for the page to show again.
#[server(prefix = "/api/fn", endpoint = "seeker_profile_feedback")]
pub async fn fetch_profile_feedback() -> Result<Option<crate::model::ProfileFeedback>, AppError> {
    let edge = Edge::new()?;
    crate::api::kept_typed(&edge).await
}

/// What job `slug`'s apply form knows of the signed-in seeker; `None`
/// for everyone else.
#[server(prefix = "/api/fn", endpoint = "seeker_apply")]
pub async fn fetch_seeker_apply(slug: String) -> Result<Option<SeekerApply>, AppError> {
    let edge = Edge::new()?;
    let token = crate::server::http::request::seeker_token(edge.state.config.https());
    let Some(seeker) = crate::server::seekers::current(&edge.state.db, token.as_deref(), edge.now).await? else {
        return Ok(None);
    };
    let Some(job_id) = crate::model::job_id_from_slug(&slug) else { return Ok(None) };
    crate::server::seekers::profile::for_apply(&edge.state.db, seeker, job_id).await.map(Some).map_err(respond)
}

/// "I applied" on job `slug`, which takes applications elsewhere.
#[server(prefix = "/api/fn", endpoint = "seeker_mark_applied")]
pub async fn mark_applied(slug: String) -> Result<(), AppError> {
    let edge = Edge::new()?;
    let seeker = edge.seeker().await?;
    crate::server::seekers::profile::mark_applied(&edge.state.db, seeker, &slug, edge.now).await.map_err(respond)?;
    crate::api::redirect(&format!("/jobs/{}?tracked=1", crate::model::path_segment(&slug)));
    Ok(())
}

/// Withdraws the seeker's own application `id` from the tracker.
#[server(prefix = "/api/fn", endpoint = "seeker_withdraw")]
pub async fn withdraw_tracked(id: i64) -> Result<(), AppError> {
    let edge = Edge::new()?;
    let seeker = edge.seeker().await?;
    let (db, storage) = (&edge.state.db, &edge.state.storage);
    crate::server::seekers::tracker::withdraw(db, storage, seeker, id, edge.now).await.map_err(respond)?;
    crate::api::redirect("/me?withdrawn=1");
    Ok(())
}

/// Removes one of the account's passkeys.
#[server(prefix = "/api/fn", endpoint = "seeker_remove_passkey")]
pub async fn remove_passkey(id: i64) -> Result<(), AppError> {
    let edge = Edge::new()?;
    let seeker = edge.seeker().await?;
    crate::server::seekers::passkeys::remove(&edge.state.db, seeker, id).await.map_err(respond)?;
    crate::api::redirect("/me/profile#passkeys");
    Ok(())
}

/// Sends the code that confirms erasing the account.
#[server(prefix = "/api/fn", endpoint = "seeker_erase_code")]
pub async fn request_erase() -> Result<(), AppError> {
    let edge = Edge::new()?;
    let seeker = edge.seeker().await?;
    let sent = crate::server::seekers::data::request_erase(&edge.context(), seeker).await.map_err(respond)?;
    let https = edge.state.config.https();
    edge.set_cookie(crate::server::auth::seeker_session::set_sign_in_cookie(&sent.browser, https));
    crate::api::redirect("/me/data?erase=sent");
    Ok(())
}

/// Erases the account, everything in it, with the code just sent.
#[server(prefix = "/api/fn", endpoint = "seeker_erase")]
pub async fn erase_account(code: String) -> Result<(), AppError> {
    let edge = Edge::new()?;
    let seeker = edge.seeker().await?;
    let https = edge.state.config.https();
    let browser = crate::server::http::request::sign_in_token(https);
    let saved = crate::server::seekers::data::erase(&edge.context(), seeker, browser.as_deref(), &code)
        .await
        .map_err(respond)?;
    edge.end_seeker_session();
    edge.set_cookie(crate::server::auth::seeker_session::clear_sign_in_cookie(https));
    edge.set_cookie(saved.cookie(https));
    crate::api::redirect("/me/erased");
    Ok(())
}
