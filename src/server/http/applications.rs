//! Applications over plain HTTP. `POST /jobs/{slug}/applications` is the
//! apply form, a multipart form that works with and without JavaScript; it
//! answers with a redirect to the candidate's private status page, or back
//! to the job page with the messages and what was typed. The CV and the CSV
//! export are downloads for the company's team.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;
use crate::model::{ApplicationDraft, ApplyFeedback, MAX_CV_BYTES, Time};
use crate::server::applications::{self, Applied, CvUpload};
use crate::server::auth::rate_limit;
use crate::server::http::edge::Edge;
use crate::server::http::form_return;
use crate::server::http::request::session_token_of;
use crate::server::http::state::AppState;
use crate::server::repo::users::MemberRow;

/// The largest request the route reads: a CV at the cap plus the fields.
pub const MAX_REQUEST_BYTES: usize = MAX_CV_BYTES + 256 * 1024;
/// Longest text field read.
const FIELD_BYTES: usize = 32 * 1024;

pub async fn submit(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    parts: Parts,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let edge = Edge::of(state.clone(), &parts);
    let (now, client_ip) = (edge.now, edge.ip.clone());
    let (draft, cv) = match read_form(multipart).await {
        Ok(form) => form,
        // What was read before the form broke off (the text fields come
        // before the file) goes back with the message.
        // The other fields' messages come with it, all in one answer.
        Err((draft, message)) => {
            let mut errors: Vec<(String, String)> =
                draft.parse().err().unwrap_or_default().into_iter().map(|e| (e.field.to_owned(), e.message)).collect();
            errors.push(("cv".into(), message.into()));
            let feedback = ApplyFeedback { errors, draft };
            return back(&state, &slug, &client_ip, &feedback, now).await;
        }
    };
    let seeker = match seeker_of(&state, &parts).await {
        Ok(seeker) => seeker,
        Err(error) => return error.into_response(),
    };
    // A signed-in seeker who attached no file sends the CV on their profile.
    let cv = match seeker {
        Some(seeker) if cv.bytes.is_empty() && !cv.too_large => {
            match crate::server::seekers::profile::cv(&state.db, &state.storage, seeker).await {
                Ok(bytes) => CvUpload { bytes, too_large: false },
                Err(_) => cv,
            }
        }
        _ => cv,
    };
    match applications::apply(&edge.context(), &slug, &draft, cv, seeker).await {
        Ok(Applied::Stored(link)) => Redirect::to(&format!("/applications/{link}?sent=1")).into_response(),
        Ok(Applied::Ignored) => {
            Redirect::to(&format!("/jobs/{}?applied=1#apply", crate::model::path_segment(&slug))).into_response()
        }
        Err(AppError::TooManyRequests { .. }) => Redirect::to("/too-many-requests").into_response(),
        Err(error @ (AppError::Invalid { .. } | AppError::InvalidFields(_))) => {
            let errors = match error {
                AppError::InvalidFields(errors) => errors,
                AppError::Invalid { field, message } => vec![(field, message)],
                _ => Vec::new(),
            };
            back(&state, &slug, &client_ip, &ApplyFeedback { errors, draft }, now).await
        }
        Err(error) => error.into_response(),
    }
}

/// The signed-in seeker's account, when the request has one.
pub(crate) async fn seeker_of(state: &AppState, parts: &Parts) -> Result<Option<i64>, AppError> {
    let token = crate::server::http::request::seeker_token_of(&parts.headers, state.config.https());
    crate::server::seekers::current(&state.db, token.as_deref(), crate::server::now()).await
}

/// Back to the job page, which shows the messages and what was typed: kept
/// on the server under a cookie, never in the URL. Each field is kept only
/// up to what the form takes, and an address whose refused forms come too
/// fast gets nothing kept.
async fn back(state: &AppState, slug: &str, client_ip: &str, feedback: &ApplyFeedback, now: Time) -> Response {
    match rate_limit::check(&state.db, rate_limit::KEPT_FORMS_PER_IP, client_ip, now).await {
        Ok(()) => {}
        Err(AppError::TooManyRequests { .. }) => return Redirect::to("/too-many-requests").into_response(),
        Err(error) => return error.into_response(),
    }
    let feedback = ApplyFeedback { errors: feedback.errors.clone(), draft: feedback.draft.kept() };
    let cookie = match form_return::keep(&state.db, &feedback, state.config.https(), now).await {
        Ok(cookie) => cookie,
        Err(error) => return error.into_response(),
    };
    let to = format!("/jobs/{}?apply=refused#apply", crate::model::path_segment(slug));
    let mut response = ([(header::SET_COOKIE, cookie)], Redirect::to(&to)).into_response();
    response.extensions_mut().insert(crate::server::http::form_errors::Refused);
    response
}

/// The text fields and the CV. A CV over the cap is read to its end (up to
/// the route's limit) so the browser gets our answer, not a reset. A form
/// that breaks off gives back what was read of it, with the message.
async fn read_form(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(ApplicationDraft, CvUpload), (ApplicationDraft, &'static str)> {
    let unreadable = "The form did not arrive whole. Please try again.";
    let too_large = "Your CV is larger than 5 MB. Please send a smaller PDF.";
    let mut draft = ApplicationDraft::default();
    let mut multipart = match multipart {
        Ok(multipart) => multipart,
        Err(_) => return Err((draft, unreadable)),
    };
    let mut cv = CvUpload::default();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err((draft, too_large)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let cap = if name == "cv" { MAX_CV_BYTES } else { FIELD_BYTES };
        let mut bytes = Vec::new();
        let mut over = false;
        loop {
            let chunk = match field.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(_) => return Err((draft, too_large)),
            };
            if bytes.len() + chunk.len() > cap {
                over = true;
            } else if !over {
                bytes.extend_from_slice(&chunk);
            }
        }
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "cv" => cv = CvUpload { bytes, too_large: over },
            "name" => draft.name = text(),
            "email" => draft.email = text(),
            "country" => draft.country = text(),
            "github" => draft.github = text(),
            "linkedin" => draft.linkedin = text(),
            "portfolio" => draft.portfolio = text(),
            "cover_note" => draft.cover_note = text(),
            "website" => draft.website = text(),
            _ => {}
        }
    }
    Ok((draft, cv))
}

/// The signed-in member, or a response sending them to sign in.
async fn member_or_login(state: &AppState, parts: &Parts, back: &str) -> Result<MemberRow, Response> {
    let token = session_token_of(&parts.headers, state.config.https());
    match crate::server::accounts::member(&state.db, token.as_deref(), crate::server::now()).await {
        Ok(Some(member)) => Ok(member),
        Ok(None) => Err(Redirect::to(&format!("/login?next={back}")).into_response()),
        Err(error) => Err(error.into_response()),
    }
}

/// A download the browser saves and never renders or sniffs.
pub(crate) fn attachment(content_type: &'static str, file_name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// `GET /dashboard/applications/{id}/cv`: the CV, to the company's team only.
pub async fn cv(State(state): State<AppState>, Path(id): Path<i64>, parts: Parts) -> Response {
    let member = match member_or_login(&state, &parts, &format!("/dashboard/applications/{id}")).await {
        Ok(member) => member,
        Err(response) => return response,
    };
    match crate::server::applications::applicants::cv(&state.db, &state.storage, &member, id).await {
        Ok((bytes, name)) => attachment("application/pdf", &name, bytes),
        Err(error) => error.into_response(),
    }
}

/// `GET /dashboard/jobs/{id}/applications/export.csv`.
pub async fn csv(State(state): State<AppState>, Path(id): Path<i64>, parts: Parts) -> Response {
    let member = match member_or_login(&state, &parts, &format!("/dashboard/jobs/{id}/applications")).await {
        Ok(member) => member,
        Err(response) => return response,
    };
    match crate::server::applications::applicants::csv(&state.db, &member, id).await {
        Ok(csv) => attachment("text/csv; charset=utf-8", &format!("applications-{id}.csv"), csv.into_bytes()),
        Err(error) => error.into_response(),
    }
}
