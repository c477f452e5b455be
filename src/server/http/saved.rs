//! `POST /saved`: the plain form behind every "Save" button and the saved
//! list's "Remove" and "Keep on this device". It rewrites the visitor's
//! saved-jobs cookie and goes back to the page the form was on, which says
//! the job is saved (`saved=` names it), at the button pressed. A page's
//! script that sends the form
//! itself (`Sec-Fetch-Dest: empty`) gets the cookie and nothing else.

use axum::extract::{Form, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::server::http::request::saved_jobs_of;
use crate::server::http::state::AppState;

#[derive(serde::Deserialize)]
pub struct SavedForm {
    /// Save this job.
    job: Option<i64>,
    /// Remove this one.
    remove: Option<i64>,
    /// Keep a signed link's list here.
    list: Option<String>,
    sig: Option<String>,
}

pub async fn change(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<SavedForm>) -> Response {
    let mut saved = saved_jobs_of(&headers);
    let mut to = back(&headers);
    if let Some(id) = form.job.filter(|id| *id > 0) {
        saved.add(id);
        to = with_saved(&to, id);
    }
    if let Some(id) = form.remove {
        saved.remove(id);
    }
    if let (Some(list), Some(sig)) = (form.list.as_deref(), form.sig.as_deref()) {
        match crate::server::postings::saved::from_link(&state.secret, list, sig) {
            Some(carried) => {
                saved.merge(&carried);
                to = "/saved?kept=1".to_owned();
            }
            None => to = "/saved?kept=0".to_owned(),
        }
    }
    // Signed in, the account's list follows what this browser's does.
    if let Err(error) = follow_in_account(&state, &headers, &form).await {
        return error.into_response();
    }
    let cookie = [(header::SET_COOKIE, saved.cookie(state.config.https()))];
    let from_script = headers.get("sec-fetch-dest").is_some_and(|dest| dest == "empty");
    if from_script {
        return (axum::http::StatusCode::NO_CONTENT, cookie).into_response();
    }
    (cookie, Redirect::to(&to)).into_response()
}

/// Saves, removes or keeps the form's jobs in the signed-in seeker's account.
async fn follow_in_account(
    state: &AppState,
    headers: &HeaderMap,
    form: &SavedForm,
) -> Result<(), crate::error::AppError> {
    let token = crate::server::http::request::seeker_token_of(headers, state.config.https());
    let now = crate::server::now();
    let Some(seeker) = crate::server::seekers::current(&state.db, token.as_deref(), now).await? else { return Ok(()) };
    let mut changes: Vec<(i64, bool)> = form.job.filter(|id| *id > 0).map(|id| (id, true)).into_iter().collect();
    changes.extend(form.remove.map(|id| (id, false)));
    if let (Some(list), Some(sig)) = (form.list.as_deref(), form.sig.as_deref())
        && let Some(carried) = crate::server::postings::saved::from_link(&state.secret, list, sig)
    {
        changes.extend(carried.0.iter().rev().map(|id| (*id, true)));
    }
    for (id, keep) in changes {
        crate::server::seekers::note_saved(&state.db, seeker, id, keep, now).await?;
    }
    Ok(())
}

/// A text fragment that brings the browser back to the button pressed,
/// which now says "Saved ✓" (the one button on the page that does), rather
/// than to the top of a long page. Browsers without text fragments ignore it.
const BACK_TO_THE_BUTTON: &str = "#:~:text=Saved%20%E2%9C%93";

/// `path` (a page's, with its query) saying that job `id` was just saved,
/// scrolled to its button.
fn with_saved(path: &str, id: i64) -> String {
    let (page, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty() && !pair.starts_with("saved=")).collect();
    let query = kept.into_iter().chain([format!("saved={id}").as_str()]).collect::<Vec<_>>().join("&");
    format!("{page}?{query}{BACK_TO_THE_BUTTON}")
}

/// The page the form was on (ours: its `Referer` names our host), or `/saved`.
fn back(headers: &HeaderMap) -> String {
    let text = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok()).unwrap_or_default();
    let (referer, host) = (text(header::REFERER), text(header::HOST));
    let rest = referer.strip_prefix("https://").or_else(|| referer.strip_prefix("http://"));
    let path = rest.filter(|_| !host.is_empty()).and_then(|rest| rest.strip_prefix(host));
    path.and_then(crate::model::local_path).map_or_else(|| "/saved".to_owned(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_it_goes_back_to_names_the_job_saved() {
        let to = |path| format!("{path}{BACK_TO_THE_BUTTON}");
        assert_eq!(with_saved("/jobs/rust-engineer-acme-4", 4), to("/jobs/rust-engineer-acme-4?saved=4"));
        assert_eq!(with_saved("/jobs?q=rust&saved=2&page=2", 9), to("/jobs?q=rust&page=2&saved=9"));
    }

    #[test]
    fn a_form_goes_back_only_to_our_own_pages() {
        let headers = |referer: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, "farcoder.dev".parse().unwrap());
            h.insert(header::REFERER, referer.parse().unwrap());
            h
        };
        assert_eq!(back(&headers("https://farcoder.dev/jobs?q=rust")), "/jobs?q=rust");
        assert_eq!(back(&headers("https://evil.example/jobs")), "/saved");
        assert_eq!(back(&headers("https://farcoder.dev//evil.example")), "/saved");
        assert_eq!(back(&HeaderMap::new()), "/saved");
    }
}
