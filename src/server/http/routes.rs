//! Plain HTTP routes beside the Leptos pages: liveness, readiness, the apply
//! button's counted redirect, and company logos (upload and serving).

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;
use crate::model::LogoProblem;
use crate::server::accounts::company;
use crate::server::http::request::{client_ip_of, session_token_of};
use crate::server::http::state::AppState;
use crate::server::postings::stats::{self, Visitor};
use crate::server::read_model::Warmth;

/// Alive: the process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers too.
/// (Searches by filter work from the start; the text index for words is
/// built beside the requests, and the answer says how far it is.)
pub async fn readyz(State(state): State<AppState>, headers: HeaderMap) -> (StatusCode, String) {
    // A panic's text may name what it was working on: only the operator sees it.
    let operator = bears_metrics_token(&state, &headers);
    let database = state.db.is_ready().await;
    if database && state.read_model.warmth() == Warmth::Warming {
        // A balancer sends it nothing yet: searches with words would wait
        // for the text index being built.
        return (StatusCode::SERVICE_UNAVAILABLE, "warming: the text index is being built\n".to_owned());
    }
    if database {
        let (hits, misses) = state.pages.counts();
        let text = match state.read_model.warmth() {
            Warmth::Warming => "warming (searches with words wait for it)",
            Warmth::Ready => "ready",
            Warmth::Failed => "failed (searches with words fail; see the log)",
        };
        let stale = state.pages.stale_hits();
        let copied = state.pages.copied();
        let cache =
            format!("page cache: hits={hits} misses={misses} copies={copied} (of the hits, {stale} past their lag)");
        let mut body = format!("ready\n{cache}\ntext index: {text}\n");
        // The server answers without its background tasks; a failing one
        // is named here (and counted in `/metrics`) for the operator.
        for (name, health) in state.tasks.health() {
            let line = match (&health.last_panic, health.failing) {
                (Some(panic), true) if operator => {
                    format!("task {name}: unhealthy, its last round panicked ({panic}); restarting")
                }
                (Some(_), true) => format!("task {name}: unhealthy, its last round panicked; restarting"),
                (Some(_), false) => format!("task {name}: ok ({} rounds; {} panicked)", health.rounds, health.panics),
                (None, _) => format!("task {name}: ok ({} rounds)", health.rounds),
            };
            body.push_str(&line);
            body.push('\n');
        }
        (StatusCode::OK, body)
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable".to_owned())
    }
}

/// `/jobs/{slug}/apply`: counts the click, then sends the visitor on to where
/// the job takes applications.
pub async fn apply(State(state): State<AppState>, Path(slug): Path<String>, parts: Parts) -> Response {
    let now = crate::server::now();
    let agent = crate::server::http::request::user_agent(&parts.headers);
    let visitor = Visitor::of(agent, &client_ip_of(&parts, &state.config.proxies), &state.secret, now);
    match stats::apply_target(&state.db, &slug, visitor.as_ref(), now).await {
        Ok(target) => Redirect::to(&target).into_response(),
        Err(error) => error.into_response(),
    }
}

/// `POST /dashboard/company/logo`: a plain multipart form, so it works with
/// and without JavaScript. Answers with a redirect back to the profile page,
/// which says what happened.
pub async fn upload_logo(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let now = crate::server::now();
    let token = session_token_of(&headers, state.config.https());
    let member = match crate::server::accounts::member(&state.db, token.as_deref(), now).await {
        Ok(Some(member)) => member,
        Ok(None) => return Redirect::to("/login?next=/dashboard/company").into_response(),
        Err(error) => return error.into_response(),
    };
    let outcome = match logo_field(multipart).await {
        Ok(upload) => company::set_logo(&state.db, &member, upload, now).await,
        Err(problem) => Ok(Err(problem)),
    };
    match outcome {
        Ok(Ok(())) => Redirect::to("/dashboard/company?saved=logo").into_response(),
        Ok(Err(problem)) => Redirect::to(&format!("/dashboard/company?logo_error={}", problem.code())).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The bytes of the form's `logo` file. A file over the size cap is read to
/// its end and dropped, so the browser gets our answer rather than a reset
/// connection; the route's body limit bounds how much is read at all.
async fn logo_field(multipart: Result<Multipart, MultipartRejection>) -> Result<Vec<u8>, LogoProblem> {
    let mut multipart = multipart.map_err(|_| LogoProblem::Empty)?;
    let mut upload: Option<Vec<u8>> = None;
    let mut too_large = false;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        let wanted = field.name() == Some("logo") && upload.is_none();
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if wanted && !too_large => {
                    bytes.extend_from_slice(&chunk);
                    too_large = bytes.len() > crate::server::accounts::logo::MAX_UPLOAD_BYTES;
                }
                Ok(Some(_)) => {}
                Ok(None) => break,
                // Past the route's limit: stop reading.
                Err(_) => return Err(LogoProblem::TooLarge),
            }
        }
        if wanted {
            upload = Some(bytes);
        }
    }
    match upload {
        _ if too_large => Err(LogoProblem::TooLarge),
        Some(bytes) => Ok(bytes),
        None => Err(LogoProblem::Empty),
    }
}

/// `GET /companies/{slug}/logo`: the re-encoded PNG, never sniffed as
/// anything else, cached for long since its address changes with it.
pub async fn logo(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    match company::logo(&state.db, &slug).await {
        Ok((png, _version)) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                (header::CONTENT_SECURITY_POLICY, "default-src 'none'"),
            ],
            png,
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

/// `GET /favicon.svg`. Named here because the landing-page route takes every
/// other single-segment path.
pub async fn favicon(State(state): State<AppState>) -> Response {
    site_file(&state, "favicon.svg", "image/svg+xml", "public, max-age=86400").await
}

/// `GET /passkeys.js`: the account pages' passkey buttons (named here for
/// the same reason).
pub async fn passkeys_script(State(state): State<AppState>) -> Response {
    site_file(&state, "passkeys.js", "text/javascript; charset=utf-8", "public, max-age=3600").await
}

/// `GET /embed.css`: the widgets' style sheet (named here for the same
/// reason).
pub async fn embed_style(State(state): State<AppState>) -> Response {
    site_file(&state, "embed.css", "text/css; charset=utf-8", "public, max-age=3600").await
}

/// A file of `public/` as the build copied it to the site's root.
async fn site_file(state: &AppState, name: &str, content_type: &'static str, cache: &'static str) -> Response {
    let path = std::path::Path::new(&*state.leptos_options.site_root).join(name);
    match tokio::fs::read(path).await {
        Ok(body) => ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, cache)], body).into_response(),
        Err(_) => AppError::NotFound.into_response(),
    }
}

/// The "Still hiring?" page's form.
#[derive(serde::Deserialize)]
pub struct StillHiringAnswer {
    job: i64,
    at: i64,
    sig: String,
    answer: String,
}

/// `POST /still-hiring`: the team's answer to "Still hiring?", then back to
/// the page, which says what happened.
pub async fn still_hiring(
    State(state): State<AppState>,
    axum::extract::Form(form): axum::extract::Form<StillHiringAnswer>,
) -> Response {
    use crate::server::postings::confirm::{Answer, answer};
    let Some(choice) = Answer::parse(&form.answer) else {
        return Redirect::to("/still-hiring?done=invalid").into_response();
    };
    let now = crate::server::now();
    let asked_at = crate::model::Time::from_unix(form.at);
    match answer(&state.db, &state.secret, form.job, asked_at, &form.sig, choice, now).await {
        Ok(()) => Redirect::to(&format!("/still-hiring?done={}", choice.slug())).into_response(),
        Err(AppError::Invalid { .. }) => Redirect::to("/still-hiring?done=invalid").into_response(),
        Err(err) => err.into_response(),
    }
}

#[derive(serde::Deserialize)]
pub struct UnsubscribeLink {
    alert: i64,
    key: String,
}

/// `POST /alerts/unsubscribe?alert=…&key=…`: RFC 8058's one-click
/// unsubscribe, which a mail client posts (`List-Unsubscribe=One-Click`)
/// without showing a page, and the unsubscribe page's button. A browser is
/// sent back to the page, which says it is done.
pub async fn unsubscribe_alert(
    State(state): State<AppState>,
    axum::extract::Query(link): axum::extract::Query<UnsubscribeLink>,
    headers: HeaderMap,
) -> Response {
    let links = crate::server::syndication::alerts::Links { secret: &state.secret, base: &state.config.public_url };
    let found = match crate::server::syndication::alerts::unsubscribe(&state.db, links, link.alert, &link.key).await {
        Ok(found) => found,
        Err(err) => return err.into_response(),
    };
    let browser = headers.get("sec-fetch-mode").and_then(|v| v.to_str().ok()) == Some("navigate")
        || headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    match (found, browser) {
        (true, true) => Redirect::to("/alerts/unsubscribe?done=1").into_response(),
        (true, false) => (StatusCode::OK, "Unsubscribed.").into_response(),
        // Gone already (a second click) or a wrong link: nothing to stop.
        (false, true) => Redirect::to("/alerts/unsubscribe?done=0").into_response(),
        (false, false) => (StatusCode::NOT_FOUND, "No such alert.").into_response(),
    }
}

/// Whether the request bears the configured metrics token (compared in
/// constant time).
fn bears_metrics_token(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(token) = state.config.metrics_token.as_deref() else { return false };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    crate::server::auth::secret::same(token, given)
}

/// `GET /metrics`, for a bearer of `FARCODER_METRICS_TOKEN`.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if state.config.metrics_token.is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    if !bears_metrics_token(&state, &headers) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "A bearer token is needed.")
            .into_response();
    }
    match crate::server::repo::outbox::depth(&state.db).await {
        Ok(depth) => {
            state.metrics.set_outbox_depth(depth);
        }
        Err(err) => tracing::warn!(error = %err, "outbox depth unreadable"),
    }
    match state.metrics.render() {
        Ok(text) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
