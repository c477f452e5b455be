//! `POST /saved`: the plain form behind every "Save" button and the saved
//! list's "Remove" and "Keep on this device". It rewrites the visitor's
//! saved-jobs cookie and goes back to the page the form was on. (With
//! JavaScript, the page writes the same cookie itself.)

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
    ([(header::SET_COOKIE, saved.cookie(state.config.https()))], Redirect::to(&to)).into_response()
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
