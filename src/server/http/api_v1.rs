//! The read-only JSON API: `/api/v1/jobs` (the `/jobs` filters, newest
//! first, cursor pagination) and `/api/v1/jobs/{id}`, documented by an
//! OpenAPI 3 document generated from these types at `/api/v1/openapi.json`.
//! Field names here are a contract: add fields, never rename them.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::error::AppError;
use crate::model::{DAY, JobCard, JobFilter, Time};
use crate::server::http::state::AppState;
use crate::server::repo::jobs::DetailRow;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// A published posting.
#[derive(Debug, Serialize, ToSchema)]
pub struct Job {
    pub id: i64,
    /// The job page.
    #[schema(example = "https://farcoder.dev/jobs/senior-rust-engineer-acme-42")]
    pub url: String,
    pub title: String,
    pub company: Company,
    /// A category slug: backend, frontend, full-stack, mobile, devops, data-engineering,
    /// machine-learning, security, qa, engineering-management.
    #[schema(example = "backend")]
    pub category: String,
    /// junior, mid, senior, staff or principal.
    #[schema(example = "senior")]
    pub level: String,
    /// full-time, part-time, contract or internship.
    #[schema(example = "full-time")]
    pub employment_type: String,
    /// Stack slugs, as the `stack` filter takes them.
    #[schema(example = json!(["rust", "postgresql"]))]
    pub stacks: Vec<String>,
    pub salary: Salary,
    /// Where applicants may live: `worldwide`, a region (americas, europe, emea,
    /// apac) or an ISO country code.
    #[schema(example = json!(["europe", "gb"]))]
    pub locations: Vec<String>,
    pub timezone: Option<Timezone>,
    /// The team's core hours, if it keeps any.
    pub core_hours: Option<CoreHours>,
    pub hiring: Hiring,
    /// RFC 3339, UTC.
    #[schema(example = "2026-11-29T08:00:00Z")]
    pub published_at: String,
}

/// When the team meets (UTC hours; `end_utc` before `start_utc` runs past
/// midnight), and how many of those hours people must join.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoreHours {
    #[schema(example = 14)]
    pub start_utc: u8,
    #[schema(example = 18)]
    pub end_utc: u8,
    #[schema(example = 3)]
    pub overlap_hours: u8,
    #[schema(example = "needs 3 h overlap with 14:00–18:00 UTC")]
    pub text: String,
}

/// How the company would hire someone where they live.
#[derive(Debug, Serialize, ToSchema)]
pub struct Hiring {
    /// Any of employee, contractor, eor (employer of record); empty when not stated.
    #[schema(example = json!(["employee", "contractor"]))]
    pub modes: Vec<String>,
    /// ISO country codes it employs people in directly.
    #[schema(example = json!(["de", "nl"]))]
    pub employee_countries: Vec<String>,
    /// Whether it sponsors a visa where one is needed.
    pub visa_sponsorship: bool,
}

/// The hiring process the posting promises.
#[derive(Debug, Serialize, ToSchema)]
pub struct HiringProcess {
    #[schema(example = "Intro call, paid take-home of 3 h, two interviews")]
    pub steps: Option<String>,
    /// The usual days from applying to a decision.
    pub decision_days: Option<u8>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Company {
    pub name: String,
    pub slug: String,
    /// Verified by FarCoder's moderators.
    pub verified: bool,
}

/// The posted range, and the same in US dollars a year (fixed reference
/// rates; months × 12, hours × 2,080).
#[derive(Debug, Serialize, ToSchema)]
pub struct Salary {
    pub min: i64,
    pub max: i64,
    /// USD, EUR, GBP, CAD, AUD, CHF or INR.
    #[schema(example = "USD")]
    pub currency: String,
    /// year, month or hour.
    #[schema(example = "year")]
    pub period: String,
    pub usd_per_year_min: i64,
    pub usd_per_year_max: i64,
    #[schema(example = "$140k – $170k a year")]
    pub display: String,
}

/// The hours, as UTC offsets, the team wants people to overlap with.
#[derive(Debug, Serialize, ToSchema)]
pub struct Timezone {
    /// Whole hours east of UTC, rounded toward UTC; `from_utc_minutes`
    /// holds a half-hour offset exactly.
    pub from_utc: i32,
    pub to_utc: i32,
    /// Minutes east of UTC (India: 330).
    pub from_utc_minutes: i32,
    pub to_utc_minutes: i32,
}

/// A posting with its description.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobDetail {
    #[serde(flatten)]
    pub job: Job,
    /// The description as sanitised HTML.
    pub description_html: String,
    /// The company's application page; `null` when applications go through FarCoder.
    pub apply_url: Option<String>,
    /// RFC 3339, UTC.
    pub expires_at: Option<String>,
    pub hiring_process: HiringProcess,
}

/// One page of results.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobList {
    pub jobs: Vec<Job>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// bad_request, not_found, gone or internal.
    #[schema(example = "bad_request")]
    pub code: String,
    pub message: String,
}

/// The filters of `/jobs`, and paging.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// Free text.
    q: Option<String>,
    /// A category slug.
    category: Option<String>,
    /// A stack slug; repeat for any of several.
    stack: Option<Vec<String>>,
    level: Option<String>,
    /// US dollars a year the range must reach.
    min_salary: Option<i64>,
    /// Where the applicant lives: worldwide, a region or a country code.
    region: Option<String>,
    /// The employment type.
    r#type: Option<String>,
    /// `1`: only companies FarCoder verified.
    verified: Option<String>,
    /// The seeker's UTC offset, like `+05:30` (escape the `+` as `%2B`).
    tz: Option<String>,
    /// Their local working hours, like `9-17` (the default).
    hours: Option<String>,
    /// With `tz`: the hours of overlap they can give; keeps postings whose core
    /// hours need no more than that, inside their working hours (and those without core hours).
    overlap: Option<u8>,
    /// employee, contractor or eor. With `region` set to a country, `employee`
    /// means employing people in that country.
    hire: Option<String>,
    /// `1`: only companies that sponsor a visa.
    visa: Option<String>,
    /// 7, 14 or 30: only postings confirmed open (or published) within that many days.
    confirmed: Option<u16>,
    /// Results per page, 1 to 100 (default 20).
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "FarCoder API",
        version = "1",
        description = "Remote software jobs with the salary shown. Read-only, no key needed."
    ),
    paths(list_jobs, get_job),
    components(schemas(
        Job,
        Company,
        Salary,
        Timezone,
        CoreHours,
        Hiring,
        HiringProcess,
        JobDetail,
        JobList,
        ErrorBody,
        ErrorDetail
    ))
)]
pub struct ApiDoc;

pub(crate) fn job(card: JobCard, base: &str) -> Job {
    let (usd_min, usd_max) = card.salary.usd_per_year();
    Job {
        url: format!("{base}{}", card.path()),
        id: card.id,
        title: card.title,
        company: Company { name: card.company_name, slug: card.company_slug, verified: card.company_verified },
        category: card.category.slug().to_owned(),
        level: card.level.slug().to_owned(),
        employment_type: card.job_type.slug().to_owned(),
        stacks: card.stacks.iter().map(|s| s.slug().to_owned()).collect(),
        salary: Salary {
            display: card.salary.display(),
            min: card.salary.min,
            max: card.salary.max,
            currency: card.salary.currency.slug().to_owned(),
            period: card.salary.period.slug().to_owned(),
            usd_per_year_min: usd_min,
            usd_per_year_max: usd_max,
        },
        locations: card.locations.iter().map(|l| l.slug().to_owned()).collect(),
        timezone: card.timezone.map(|t| Timezone {
            from_utc: t.from / 60,
            to_utc: t.to / 60,
            from_utc_minutes: t.from,
            to_utc_minutes: t.to,
        }),
        core_hours: card.core_hours.map(|c| CoreHours {
            start_utc: c.start,
            end_utc: c.end,
            overlap_hours: c.need,
            text: c.sentence(),
        }),
        hiring: Hiring {
            modes: card.hiring.modes.iter().map(|m| m.slug().to_owned()).collect(),
            employee_countries: card.hiring.employee_in.iter().map(|l| l.slug().to_owned()).collect(),
            visa_sponsorship: card.hiring.visa,
        },
        published_at: card.published_at.rfc3339(),
    }
}

fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = ErrorBody { error: ErrorDetail { code: code.to_owned(), message: message.into() } };
    (status, Json(body)).into_response()
}

fn app_error(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let code = match err {
        AppError::NotFound => "not_found",
        AppError::Gone | AppError::Filled => "gone",
        AppError::Internal | AppError::Transport(_) => "internal",
        _ => "bad_request",
    };
    error(status, code, err.to_string())
}

/// The request's paging and the rest of its query, which is the `/jobs` search.
struct ListRequest {
    filter: JobFilter,
    limit: i64,
    after: Option<(Time, i64)>,
}

fn parse_list(query: &str) -> Result<ListRequest, String> {
    let mut limit = DEFAULT_LIMIT;
    let mut after = None;
    let mut search = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "limit" => match value.parse::<i64>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => limit = n,
                _ => return Err(format!("limit must be a whole number from 1 to {MAX_LIMIT}.")),
            },
            "cursor" => after = Some(parse_cursor(&value).ok_or("cursor is not a next_cursor this API gave.")?),
            "page" | "sort" => {
                return Err(format!("{key} is not supported here: results are newest first; page with cursor."));
            }
            _ => {
                search.append_pair(&key, &value);
            }
        }
    }
    let (filter, notes) = JobFilter::parse(&search.finish());
    match notes.first() {
        Some(note) => Err(note.clone()),
        None => Ok(ListRequest { filter, limit, after }),
    }
}

fn cursor(job: &Job, published_at: Time) -> String {
    format!("{}-{}", published_at.unix(), job.id)
}

fn parse_cursor(raw: &str) -> Option<(Time, i64)> {
    let (at, id) = raw.split_once('-')?;
    Some((Time::from_unix(at.parse().ok()?), id.parse().ok()?))
}

/// Published jobs matching the `/jobs` filters, newest first.
#[utoipa::path(get, path = "/api/v1/jobs", params(ListParams),
    responses(
        (status = 200, description = "A page of jobs", body = JobList),
        (status = 400, description = "A parameter that cannot be used", body = ErrorBody),
    ))]
pub async fn list_jobs(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let request = match parse_list(query.as_deref().unwrap_or("")) {
        Ok(request) => request,
        Err(message) => return error(StatusCode::BAD_REQUEST, "bad_request", message),
    };
    // One more than asked tells whether there is a next page.
    let (filter, after, limit) = (&request.filter, request.after, request.limit as usize + 1);
    let found = crate::server::postings::jobs::newest_matching(
        &state.db,
        &state.search,
        filter,
        after,
        limit,
        crate::server::now(),
    )
    .await;
    let mut cards = match found {
        Ok(cards) => cards,
        Err(err) => return app_error(err),
    };
    let more = cards.len() as i64 > request.limit;
    cards.truncate(request.limit as usize);
    let last_published = cards.last().map(|c| c.published_at);
    let jobs: Vec<Job> = cards.into_iter().map(|c| job(c, &state.config.public_url)).collect();
    let next_cursor = match (more, jobs.last(), last_published) {
        (true, Some(last), Some(at)) => Some(cursor(last, at)),
        _ => None,
    };
    Json(JobList { jobs, next_cursor }).into_response()
}

/// One published job.
#[utoipa::path(get, path = "/api/v1/jobs/{id}", params(("id" = i64, Path, description = "The job's id")),
    responses(
        (status = 200, description = "The job", body = JobDetail),
        (status = 404, description = "No such published job", body = ErrorBody),
        (status = 410, description = "Closed or expired", body = ErrorBody),
    ))]
pub async fn get_job(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "The id is a whole number.");
    };
    let now = crate::server::now();
    let row: DetailRow = match crate::server::postings::public::open_job_by_id(&state.db, id, now).await {
        Ok(row) => row,
        Err(err) => return app_error(err),
    };
    let description_html = crate::server::content::markdown::render(&row.description);
    let (apply_url, expires_at, process) = (row.apply_url.clone(), row.expires_at, row.process());
    match row.card.into_card(now) {
        Ok(card) => Json(JobDetail {
            job: job(card, &state.config.public_url),
            description_html,
            apply_url,
            expires_at: expires_at.map(Time::rfc3339),
            hiring_process: HiringProcess {
                steps: (!process.steps.is_empty()).then_some(process.steps),
                decision_days: process.decision_days,
            },
        })
        .into_response(),
        Err(err) => app_error(err.into()),
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// What a cross-site caller may do with the API: read it from any origin.
pub fn cors() -> tower_http::cors::CorsLayer {
    use tower_http::cors::{Any, CorsLayer};
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([axum::http::Method::GET])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(DAY.to_std())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_parameters_are_checked() {
        let request = parse_list("category=backend&stack=rust&limit=5&cursor=1700000000-42").expect("valid");
        assert_eq!((request.limit, request.after), (5, Some((Time::from_unix(1_700_000_000), 42))));
        assert!(request.filter.category.is_some());
        for bad in ["limit=0", "limit=101", "limit=x", "cursor=abc", "page=2", "sort=salary", "category=astronaut"] {
            assert!(parse_list(bad).is_err(), "{bad}");
        }
    }
}
