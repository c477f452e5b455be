//! The edge of every request: the app's state, who is asking and when,
//! read once, whether a server function or a plain route serves it; it
//! gives the services their `Context` and sets the session cookie.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Time;
use crate::server::auth::session;
use crate::server::context::Context;
use crate::server::http::request;
use crate::server::http::state::AppState;

pub struct Edge {
    pub state: AppState,
    pub ip: String,
    pub now: Time,
}

impl Edge {
    /// The edge of the server function being called.
    pub fn new() -> Result<Edge, AppError> {
        let state = AppState::from_context()?;
        let ip = request::limit_key(&request::client_ip(&state.config.proxies));
        Ok(Edge { state, ip, now: crate::server::now() })
    }

    /// The edge of a request a plain route serves.
    pub fn of(state: AppState, parts: &axum::http::request::Parts) -> Edge {
        let ip = request::limit_key(&request::client_ip_of(parts, &state.config.proxies));
        Edge { state, ip, now: crate::server::now() }
    }

    /// What the services are told of this request.
    pub fn context(&self) -> Context<'_> {
        Context {
            db: &self.state.db,
            storage: &self.state.storage,
            secret: &self.state.secret,
            public_url: &self.state.config.public_url,
            client_ip: &self.ip,
            now: self.now,
        }
    }

    /// The alerts' signed links, for this site.
    pub fn alert_links(&self) -> crate::server::syndication::alerts::Links<'_> {
        crate::server::syndication::alerts::Links { secret: &self.state.secret, base: &self.state.config.public_url }
    }

    pub fn set_cookie(&self, value: String) {
        if let (Some(response), Ok(value)) =
            (use_context::<leptos_axum::ResponseOptions>(), axum::http::HeaderValue::from_str(&value))
        {
            response.append_header(axum::http::header::SET_COOKIE, value);
        }
    }

    pub fn start_session(&self, token: &str) {
        self.set_cookie(session::set_cookie(token, self.state.config.https()));
    }

    pub fn end_session(&self) {
        self.set_cookie(session::clear_cookie(self.state.config.https()));
    }

    pub fn start_seeker_session(&self, token: &str) {
        let https = self.state.config.https();
        self.set_cookie(crate::server::auth::seeker_session::set_cookie(token, https));
        self.set_cookie(crate::server::auth::seeker_session::clear_sign_in_cookie(https));
    }

    pub fn end_seeker_session(&self) {
        self.set_cookie(crate::server::auth::seeker_session::clear_cookie(self.state.config.https()));
    }

    /// The signed-in seeker's account id, or 401.
    pub async fn seeker(&self) -> Result<i64, AppError> {
        let token = request::seeker_token(self.state.config.https());
        let seeker = crate::server::seekers::current(&self.state.db, token.as_deref(), self.now).await?;
        seeker.ok_or_else(|| respond(AppError::Unauthorized))
    }

    /// The signed-in employer, or 401.
    pub async fn member(&self) -> Result<crate::server::repo::users::MemberRow, AppError> {
        let token = request::session_token(self.state.config.https());
        let member = crate::server::accounts::member(&self.state.db, token.as_deref(), self.now).await?;
        member.ok_or_else(|| respond(AppError::Unauthorized))
    }
}

/// Gives an error its HTTP status. A plain form that hit a rate limit goes
/// to the 429 page; other form errors go back to the form (server_fn's
/// redirect), which shows them.
pub fn respond(err: AppError) -> AppError {
    // Called while rendering a page, the page decides its own status.
    if !request::is_server_fn_call() {
        return err;
    }
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if request::from_html_form() {
            if matches!(err, AppError::TooManyRequests { .. }) {
                response.insert_header(
                    axum::http::header::LOCATION,
                    axum::http::HeaderValue::from_static("/too-many-requests"),
                );
                response.set_status(axum::http::StatusCode::SEE_OTHER);
            }
        } else {
            response.set_status(err.status_code());
        }
    }
    err
}

/// A local path to go to after signing in; anything else means the dashboard.
pub fn safe_next(next: &str) -> &str {
    crate::model::local_path(next).unwrap_or("/dashboard")
}
