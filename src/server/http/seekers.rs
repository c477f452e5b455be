//! A seeker's plain routes. `POST /me/profile` is the profile form with its
//! CV, a multipart form that works with and without JavaScript: it answers
//! with a redirect back to the page, saying it was saved, or with the
//! messages and what was typed. The downloads are the seeker's own data:
//! `/me/data.json`, the CV on file, and each application's CV.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;
use crate::model::{MAX_CV_BYTES, ProfileFeedback, ProfileForm};
use crate::server::applications::CvUpload;
use crate::server::auth::rate_limit;
use crate::server::http::applications::attachment;
use crate::server::http::edge::Edge;
use crate::server::http::form_return;
use crate::server::http::state::AppState;

/// The largest request the profile route reads: a CV at the cap plus the fields.
pub const MAX_REQUEST_BYTES: usize = MAX_CV_BYTES + 256 * 1024;
const FIELD_BYTES: usize = 32 * 1024;

/// The signed-in seeker, or a response sending them to sign in.
async fn seeker_or_sign_in(state: &AppState, parts: &Parts, back: &str) -> Result<i64, Response> {
    match crate::server::http::applications::seeker_of(state, parts).await {
        Ok(Some(seeker)) => Ok(seeker),
        Ok(None) => Err(Redirect::to(&format!("/me/signin?next={back}")).into_response()),
        Err(error) => Err(error.into_response()),
    }
}

/// `POST /me/profile`: the profile, and a new CV when one is attached.
pub async fn save_profile(
    State(state): State<AppState>,
    parts: Parts,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let seeker = match seeker_or_sign_in(&state, &parts, "/me/profile").await {
        Ok(seeker) => seeker,
        Err(response) => return response,
    };
    let edge = Edge::of(state.clone(), &parts);
    let (form, cv) = match read_form(multipart).await {
        Ok(read) => read,
        Err((form, message)) => return back(&edge, form, vec![("cv".into(), message.into())]).await,
    };
    let mut errors: Vec<(String, String)> =
        form.parse().err().unwrap_or_default().into_iter().map(|e| (e.field.to_owned(), e.message)).collect();
    let cv = (!cv.bytes.is_empty() || cv.too_large).then_some(cv);
    if let Some(problem) = cv.as_ref().and_then(CvUpload::problem) {
        errors.push(("cv".into(), problem.into()));
    }
    if !errors.is_empty() {
        return back(&edge, form, errors).await;
    }
    let cx = edge.context();
    if let Err(error) = crate::server::seekers::profile::save(cx.db, seeker, &form, cx.now).await {
        return error.into_response();
    }
    if let Some(cv) = cv
        && let Err(error) = crate::server::seekers::profile::set_cv(&cx, seeker, cv).await
    {
        return error.into_response();
    }
    Redirect::to("/me/profile?saved=1").into_response()
}

/// Back to the profile page with the messages and what was typed, kept on
/// the server under a cookie (as the apply form's are).
async fn back(edge: &Edge, form: ProfileForm, errors: Vec<(String, String)>) -> Response {
    let state = &edge.state;
    match rate_limit::check(&state.db, rate_limit::KEPT_FORMS_PER_IP, &edge.ip, edge.now).await {
        Ok(()) => {}
        Err(AppError::TooManyRequests { .. }) => return Redirect::to("/too-many-requests").into_response(),
        Err(error) => return error.into_response(),
    }
    let feedback = ProfileFeedback { errors, form: form.kept() };
    let cookie = match form_return::keep(&state.db, &feedback, state.config.https(), edge.now).await {
        Ok(cookie) => cookie,
        Err(error) => return error.into_response(),
    };
    let mut response = ([(header::SET_COOKIE, cookie)], Redirect::to("/me/profile?refused=1")).into_response();
    response.extensions_mut().insert(crate::server::http::form_errors::Refused);
    response
}

/// The fields and the CV; the countries' multiple select arrives as one
/// field per country. A form that breaks off gives back what was read.
async fn read_form(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(ProfileForm, CvUpload), (ProfileForm, &'static str)> {
    let too_large = "Your CV is larger than 5 MB. Please send a smaller PDF.";
    let mut form = ProfileForm::default();
    let mut multipart =
        multipart.map_err(|_| (ProfileForm::default(), "The form did not arrive whole. Please try again."))?;
    let mut cv = CvUpload::default();
    let mut countries = Vec::new();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err((form, too_large)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let cap = if name == "cv" { MAX_CV_BYTES } else { FIELD_BYTES };
        let (mut bytes, mut over) = (Vec::new(), false);
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if bytes.len() + chunk.len() > cap => over = true,
                Ok(Some(chunk)) if !over => bytes.extend_from_slice(&chunk),
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(_) => return Err((form, too_large)),
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "cv" => cv = CvUpload { bytes, too_large: over },
            "name" => form.name = text,
            "country" => form.country = text,
            "time_zone" => form.time_zone = text,
            "headline" => form.headline = text,
            "github" => form.github = text,
            "linkedin" => form.linkedin = text,
            "portfolio" => form.portfolio = text,
            "desired_salary" => form.desired_salary = text,
            "salary_currency" => form.salary_currency = text,
            "authorised_in" => countries.push(text),
            "needs_visa" => form.needs_visa = text,
            _ => {}
        }
    }
    form.authorised_in = countries.join(" ");
    Ok((form, cv))
}

/// `GET /me/data.json`: everything the account holds.
pub async fn export(State(state): State<AppState>, parts: Parts) -> Response {
    let seeker = match seeker_or_sign_in(&state, &parts, "/me/data").await {
        Ok(seeker) => seeker,
        Err(response) => return response,
    };
    let export = match crate::server::seekers::data::export(&state.db, seeker).await {
        Ok(export) => export,
        Err(error) => return error.into_response(),
    };
    match serde_json::to_vec_pretty(&export) {
        Ok(json) => attachment("application/json", "farcoder-my-data.json", json),
        Err(_) => AppError::Internal.into_response(),
    }
}

/// `GET /me/cv`: the CV on file.
pub async fn cv(State(state): State<AppState>, parts: Parts) -> Response {
    let seeker = match seeker_or_sign_in(&state, &parts, "/me/profile").await {
        Ok(seeker) => seeker,
        Err(response) => return response,
    };
    match crate::server::seekers::profile::cv(&state.db, &state.storage, seeker).await {
        Ok(bytes) => attachment("application/pdf", "my-cv.pdf", bytes),
        Err(error) => error.into_response(),
    }
}

/// `GET /me/applications/{id}/cv`: the CV sent with the seeker's own application.
pub async fn application_cv(State(state): State<AppState>, Path(id): Path<i64>, parts: Parts) -> Response {
    let seeker = match seeker_or_sign_in(&state, &parts, "/me/data").await {
        Ok(seeker) => seeker,
        Err(response) => return response,
    };
    match crate::server::seekers::data::application_cv(&state.db, &state.storage, seeker, id).await {
        Ok(bytes) => attachment("application/pdf", &format!("application-{id}-cv.pdf"), bytes),
        Err(error) => error.into_response(),
    }
}

/// `GET /me/resume.json`: the profile as a JSON Resume.
pub async fn resume(State(state): State<AppState>, parts: Parts) -> Response {
    let seeker = match seeker_or_sign_in(&state, &parts, "/me/profile").await {
        Ok(seeker) => seeker,
        Err(response) => return response,
    };
    match crate::server::seekers::profile::page(&state.db, seeker).await {
        Ok(page) => match serde_json::to_vec_pretty(&crate::model::to_json_resume(&page.profile, &page.email)) {
            Ok(json) => attachment("application/json", "resume.json", json),
            Err(_) => AppError::Internal.into_response(),
        },
        Err(error) => error.into_response(),
    }
}

/// `POST /me/profile/resume`: fills the profile from a JSON Resume file;
/// what the file gives replaces, what it lacks stays. A refused import
/// comes back like a refused profile form.
pub async fn import_resume(
    State(state): State<AppState>,
    parts: Parts,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let seeker = match seeker_or_sign_in(&state, &parts, "/me/profile").await {
        Ok(seeker) => seeker,
        Err(response) => return response,
    };
    let edge = Edge::of(state.clone(), &parts);
    let current = match crate::server::seekers::profile::page(&state.db, seeker).await {
        Ok(page) => page.profile.form(),
        Err(error) => return error.into_response(),
    };
    let file = match read_file(multipart, "resume", crate::model::MAX_RESUME_BYTES).await {
        Some(file) => file,
        None => {
            let message = "Choose a JSON Resume file of at most 1 MB.";
            return back(&edge, current, vec![("resume".into(), message.into())]).await;
        }
    };
    let Some(form) = crate::model::from_json_resume(&current, &file) else {
        let message =
            "This file is not a JSON Resume: a JSON file with a “basics” section, as jsonresume.org describes.";
        return back(&edge, current, vec![("resume".into(), message.into())]).await;
    };
    let errors: Vec<(String, String)> =
        form.parse().err().unwrap_or_default().into_iter().map(|e| (e.field.to_owned(), e.message)).collect();
    if !errors.is_empty() {
        return back(&edge, form, errors).await;
    }
    match crate::server::seekers::profile::save(&state.db, seeker, &form, edge.now).await {
        Ok(()) => Redirect::to("/me/profile?imported=1").into_response(),
        Err(error) => error.into_response(),
    }
}

/// The one file field `name` of a multipart form, when it arrived whole and
/// within `cap` bytes.
async fn read_file(multipart: Result<Multipart, MultipartRejection>, name: &str, cap: usize) -> Option<Vec<u8>> {
    let mut multipart = multipart.ok()?;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        if field.name() != Some(name) {
            continue;
        }
        let mut bytes = Vec::new();
        while let Ok(Some(chunk)) = field.chunk().await {
            if bytes.len() + chunk.len() > cap {
                return None;
            }
            bytes.extend_from_slice(&chunk);
        }
        return (!bytes.is_empty()).then_some(bytes);
    }
    None
}

/// A ceremony's answer from the browser: its token and the credential.
#[derive(serde::Deserialize)]
pub struct CeremonyAnswer<T> {
    ceremony: String,
    credential: T,
}

/// A passkey route's refusal, as the page's script shows it.
fn refusal(error: AppError) -> Response {
    let message = match &error {
        AppError::Invalid { message, .. } => message.clone(),
        AppError::Unauthorized => "Sign in first.".to_owned(),
        AppError::TooManyRequests { .. } => "Too many tries. Wait a few minutes.".to_owned(),
        _ => "Something went wrong on our side. Try again, or sign in with a code.".to_owned(),
    };
    (error.status_code(), axum::Json(serde_json::json!({ "message": message }))).into_response()
}

/// The signed-in seeker for a script's call, or a refusal.
async fn seeker_for_script(state: &AppState, parts: &Parts) -> Result<i64, Response> {
    match crate::server::http::applications::seeker_of(state, parts).await {
        Ok(Some(seeker)) => Ok(seeker),
        Ok(None) => Err(refusal(AppError::Unauthorized)),
        Err(error) => Err(refusal(error)),
    }
}

/// `POST /me/passkeys/new`: begins adding a passkey.
pub async fn passkey_new(State(state): State<AppState>, parts: Parts) -> Response {
    let seeker = match seeker_for_script(&state, &parts).await {
        Ok(seeker) => seeker,
        Err(response) => return response,
    };
    let edge = Edge::of(state.clone(), &parts);
    match crate::server::seekers::passkeys::start_registration(&edge.context(), seeker).await {
        Ok(begun) => axum::Json(begun).into_response(),
        Err(error) => refusal(error),
    }
}

/// `POST /me/passkeys`: keeps the passkey the authenticator made.
pub async fn passkey_add(
    State(state): State<AppState>,
    parts: Parts,
    axum::Json(answer): axum::Json<CeremonyAnswer<webauthn_rs::prelude::RegisterPublicKeyCredential>>,
) -> Response {
    let seeker = match seeker_for_script(&state, &parts).await {
        Ok(seeker) => seeker,
        Err(response) => return response,
    };
    let edge = Edge::of(state.clone(), &parts);
    let cx = edge.context();
    match crate::server::seekers::passkeys::finish_registration(&cx, seeker, &answer.ceremony, &answer.credential).await
    {
        Ok(()) => axum::http::StatusCode::NO_CONTENT.into_response(),
        Err(error) => refusal(error),
    }
}

/// `POST /me/passkeys/sign-in/new`: begins a sign-in with a passkey.
pub async fn passkey_sign_in_new(State(state): State<AppState>, parts: Parts) -> Response {
    let edge = Edge::of(state.clone(), &parts);
    match crate::server::seekers::passkeys::start_sign_in(&edge.context()).await {
        Ok(begun) => axum::Json(begun).into_response(),
        Err(error) => refusal(error),
    }
}

/// `POST /me/passkeys/sign-in`: signs in with what the authenticator
/// signed, setting the session and the merged saved list.
pub async fn passkey_sign_in(
    State(state): State<AppState>,
    parts: Parts,
    axum::Json(answer): axum::Json<CeremonyAnswer<webauthn_rs::prelude::PublicKeyCredential>>,
) -> Response {
    let edge = Edge::of(state.clone(), &parts);
    let saved = crate::server::http::request::saved_jobs_of(&parts.headers);
    let cx = edge.context();
    match crate::server::seekers::passkeys::finish_sign_in(&cx, &answer.ceremony, &answer.credential, &saved).await {
        Ok(signed_in) => {
            let https = state.config.https();
            let cookies = axum::response::AppendHeaders([
                (header::SET_COOKIE, crate::server::auth::seeker_session::set_cookie(&signed_in.token, https)),
                (header::SET_COOKIE, signed_in.saved.cookie(https)),
            ]);
            (cookies, axum::Json(serde_json::json!({ "next": "/me" }))).into_response()
        }
        Err(error) => refusal(error),
    }
}
