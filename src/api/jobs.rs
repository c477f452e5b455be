//! The public board's reads: search, a job, a company, the home page.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{CompanyPage, HomePage, JobLookup, SearchResults};

/// Searches open jobs; `query` is the `/jobs` URL's query string, parsed on the
/// server by the same `JobFilter::parse` the page uses.
#[server(prefix = "/api/fn", endpoint = "search_jobs")]
pub async fn search_jobs(query: String) -> Result<SearchResults, AppError> {
    use crate::server::{jobs, now, state::AppState};
    let state = AppState::from_context()?;
    jobs::search(&state.db, &query, now()).await
}

#[server(prefix = "/api/fn", endpoint = "job")]
pub async fn fetch_job(slug: String) -> Result<JobLookup, AppError> {
    use crate::server::{auth::request, jobs, now, state::AppState};
    let state = AppState::from_context()?;
    let now = now();
    let visitor = request::visitor(state.config.trust_proxy, now);
    jobs::job_page(&state.db, &slug, &state.config.public_url, visitor.as_ref(), now).await
}

#[server(prefix = "/api/fn", endpoint = "company")]
pub async fn fetch_company(slug: String) -> Result<CompanyPage, AppError> {
    use crate::server::{jobs, now, state::AppState};
    let state = AppState::from_context()?;
    jobs::company_page(&state.db, &slug, now()).await
}

#[server(prefix = "/api/fn", endpoint = "home")]
pub async fn fetch_home() -> Result<HomePage, AppError> {
    use crate::server::{jobs, now, state::AppState};
    let state = AppState::from_context()?;
    jobs::home(&state.db, now()).await
}
