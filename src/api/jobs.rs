//! The public board's reads: search, a job, a company, the home page. They
//! are GET requests (`GetUrl`): a hydrated browser reading them writes
//! nothing, so the page cache, which drops its pages on any write, keeps them.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::error::AppError;
use crate::model::{CompanyPage, GuidePage, GuideSummary, HomePage, JobLookup, LandingPage, SalaryPage, SearchResults};

/// Searches open jobs; `query` is the `/jobs` URL's query string, parsed on the
/// server by the same `JobFilter::parse` the page uses.
#[server(prefix = "/api/fn", endpoint = "search_jobs", input = GetUrl)]
pub async fn search_jobs(query: String) -> Result<SearchResults, AppError> {
    use crate::server::http::state::AppState;
    use crate::server::now;
    use crate::server::postings::jobs;
    let state = AppState::from_context()?;
    jobs::search(&state.db, &state.read_model, &query, now()).await
}

/// The `/embed` page: `query` is its URL's query string (a search, `limit`
/// and `job`).
#[server(prefix = "/api/fn", endpoint = "embed", input = GetUrl)]
pub async fn fetch_embed(query: String) -> Result<crate::model::EmbedBuilder, AppError> {
    use crate::server::http::state::AppState;
    let state = AppState::from_context()?;
    let base = &state.config.public_url;
    crate::server::postings::embed::builder(&state.db, &state.read_model, base, &query, crate::server::now()).await
}

#[server(prefix = "/api/fn", endpoint = "job", input = GetUrl)]
pub async fn fetch_job(slug: String) -> Result<JobLookup, AppError> {
    use crate::server::http::request;
    use crate::server::http::state::AppState;
    use crate::server::now;
    use crate::server::postings::jobs;
    let state = AppState::from_context()?;
    let now = now();
    let visitor = request::visitor(&state.config.proxies, &state.secret, now);
    jobs::job_page(&state.db, &state.read_model, &state.views, &slug, &state.config.public_url, visitor.as_ref(), now)
        .await
}

#[server(prefix = "/api/fn", endpoint = "company", input = GetUrl)]
pub async fn fetch_company(slug: String) -> Result<CompanyPage, AppError> {
    use crate::server::http::state::AppState;
    use crate::server::now;
    use crate::server::postings::jobs;
    let state = AppState::from_context()?;
    jobs::company_page(&state.db, &slug, now()).await
}

#[server(prefix = "/api/fn", endpoint = "home", input = GetUrl)]
pub async fn fetch_home() -> Result<HomePage, AppError> {
    use crate::server::http::state::AppState;
    use crate::server::now;
    use crate::server::postings::jobs;
    let state = AppState::from_context()?;
    jobs::home(&state.db, &state.read_model, now()).await
}

#[server(prefix = "/api/fn", endpoint = "landing", input = GetUrl)]
pub async fn fetch_landing(segment: String) -> Result<LandingPage, AppError> {
    use crate::server::http::state::AppState;
    use crate::server::now;
    use crate::server::postings::jobs;
    let state = AppState::from_context()?;
    jobs::landing_page(&state.db, &state.read_model, &segment, now()).await
}

/// Salary insights for all postings, or for one category (by slug).
#[server(prefix = "/api/fn", endpoint = "salaries", input = GetUrl)]
pub async fn fetch_salaries(category: Option<String>) -> Result<SalaryPage, AppError> {
    use crate::server::content::salaries;
    use crate::server::http::state::AppState;
    use crate::server::now;
    let state = AppState::from_context()?;
    let category = match category.as_deref() {
        None => None,
        Some(slug) => Some(crate::model::Category::from_slug(slug).ok_or(AppError::NotFound)?),
    };
    salaries::page(&state.db, &state.read_model, category, now()).await
}

#[server(prefix = "/api/fn", endpoint = "guides", input = GetUrl)]
pub async fn fetch_guides() -> Result<Vec<GuideSummary>, AppError> {
    use crate::server::content::guides;
    use crate::server::http::state::AppState;
    let state = AppState::from_context()?;
    guides::index(&state.db).await
}

#[server(prefix = "/api/fn", endpoint = "guide", input = GetUrl)]
pub async fn fetch_guide(slug: String) -> Result<GuidePage, AppError> {
    use crate::server::content::guides;
    use crate::server::http::state::AppState;
    use crate::server::now;
    let state = AppState::from_context()?;
    guides::page(&state.db, &state.read_model, &slug, &state.config.public_url, now()).await
}

/// A visitor reports the open job `slug` (`reason` is a `ReportReason` slug).
#[server(prefix = "/api/fn", endpoint = "report_job")]
pub async fn report_job(slug: String, reason: String, note: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let reported = crate::server::moderation::reports::report(
        &edge.state.db,
        &edge.state.secret,
        &slug,
        &reason,
        &note,
        &edge.ip,
        edge.now,
    )
    .await;
    if let Err(error) = reported {
        return Err(super::accounts::keep_typed(&edge, "report", &[("reason", &reason), ("note", &note)], error).await);
    }
    crate::api::redirect(&format!("/jobs/{}?reported=1#report", crate::model::path_segment(&slug)));
    Ok(())
}
