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

/// The query `/api/v1/jobs` takes: the `/jobs` filters, and paging. One
/// list serves the parser (`parse_list` sends these names to the filter
/// parser) and the OpenAPI document, whose enums and ranges come from
/// what the filter parser accepts.
pub struct ListParams;

/// One parameter of `/api/v1/jobs`.
struct Param {
    name: &'static str,
    about: &'static str,
    takes: Takes,
}

/// What a parameter takes.
enum Takes {
    /// Text of at most this many characters.
    Text(usize),
    /// One of these spellings.
    OneOf(fn() -> Vec<String>),
    /// Any of these, the parameter repeated.
    AnyOf(fn() -> Vec<String>),
    /// A whole number in this range.
    Whole(i64, i64),
    /// One of these whole numbers.
    WholeOf(fn() -> Vec<i64>),
    /// Text matching this pattern.
    Pattern(&'static str),
}

/// Every slug of a vocabulary, as its filter takes them.
macro_rules! slugs {
    ($vocabulary:ty) => {
        || <$vocabulary>::ALL.iter().map(|v| v.slug().to_owned()).collect()
    };
}

/// The filters, as `JobFilter::parse` reads them, and then the paging.
const PARAMS: &[Param] = &[
    Param { name: "q", about: "Free text.", takes: Takes::Text(crate::model::MAX_QUERY_CHARS) },
    Param { name: "category", about: "A category.", takes: Takes::OneOf(slugs!(crate::model::Category)) },
    Param {
        name: "stack",
        about: "A stack; repeat for any of several.",
        takes: Takes::AnyOf(slugs!(crate::model::Stack)),
    },
    Param { name: "level", about: "A level.", takes: Takes::OneOf(slugs!(crate::model::Level)) },
    Param {
        name: "min_salary",
        about: "US dollars a year the range must reach (0: any).",
        takes: Takes::Whole(0, crate::model::MAX_SALARY),
    },
    Param {
        name: "region",
        about: "Where the applicant lives: worldwide, a region or a country code.",
        takes: Takes::OneOf(|| {
            let regions = crate::model::Region::ALL.iter().map(|r| crate::model::Location::Region(*r));
            regions.chain(crate::model::Location::countries()).map(|l| l.slug().to_owned()).collect()
        }),
    },
    Param { name: "type", about: "The employment type.", takes: Takes::OneOf(slugs!(crate::model::EmploymentType)) },
    Param { name: "verified", about: "`1`: only companies FarCoder verified.", takes: Takes::OneOf(yes_no) },
    Param {
        name: "tz",
        about: "The seeker's UTC offset, like `+05:30` (escape the `+` as `%2B`).",
        takes: Takes::OneOf(|| {
            (-12 * 60..=14 * 60).filter_map(crate::model::Offset::from_minutes).map(|o| o.slug()).collect()
        }),
    },
    Param {
        name: "hours",
        about: "With `tz`: their local working hours, like `9-17` (the default); ignored without `tz`.",
        takes: Takes::OneOf(|| {
            let day = (0..24u8).flat_map(|start| (0..24u8).map(move |end| (start, end)));
            day.filter(|(start, end)| start != end).map(|(start, end)| format!("{start}-{end}")).collect()
        }),
    },
    Param {
        name: "overlap",
        about: "With `tz`: the hours of overlap they can give; keeps postings whose core hours need no more than \
                that, inside their working hours (and those without core hours). Ignored without `tz`.",
        takes: Takes::Whole(*crate::model::OVERLAP_HOURS.start() as i64, *crate::model::OVERLAP_HOURS.end() as i64),
    },
    Param {
        name: "hire",
        about: "employee, contractor or eor. With `region` set to a country, `employee` means employing people in \
                that country.",
        takes: Takes::OneOf(slugs!(crate::model::HireMode)),
    },
    Param { name: "visa", about: "`1`: only companies that sponsor a visa.", takes: Takes::OneOf(yes_no) },
    Param {
        name: "confirmed",
        about: "Only postings confirmed open (or published) within this many days.",
        takes: Takes::WholeOf(|| crate::model::CONFIRMED_DAYS.iter().map(|d| i64::from(*d)).collect()),
    },
    Param { name: "limit", about: "Results per page (default 20).", takes: Takes::Whole(1, MAX_LIMIT) },
    Param {
        name: "cursor",
        about: "`next_cursor` of the previous page.",
        takes: Takes::Pattern("^[0-9]{1,18}-[0-9]{1,18}$"),
    },
];

/// The paging parameters, which the filter parser does not read.
#[cfg(test)]
const PAGING: [&str; 2] = ["limit", "cursor"];

/// The filter parameters that count only beside `tz`.
const WITH_TZ: [&str; 2] = ["hours", "overlap"];

fn yes_no() -> Vec<String> {
    ["1", "true", "0", "false"].map(str::to_owned).to_vec()
}

impl Param {
    fn schema(&self) -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
        let text = || ObjectBuilder::new().schema_type(Type::String);
        let whole = || {
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
        };
        match &self.takes {
            Takes::Text(max) => text().max_length(Some(*max)).into(),
            Takes::OneOf(values) => text().enum_values(Some(values())).into(),
            Takes::AnyOf(values) => ArrayBuilder::new().items(text().enum_values(Some(values()))).into(),
            Takes::Whole(min, max) => whole().minimum(Some(*min as f64)).maximum(Some(*max as f64)).into(),
            Takes::WholeOf(values) => whole().enum_values(Some(values())).into(),
            Takes::Pattern(pattern) => text().pattern(Some(*pattern)).into(),
        }
    }
}

impl Param {
    /// Whether the API takes `value` for this parameter: exactly what the
    /// document allows, no more (the web form's looser spellings are not).
    fn check(&self, value: &str) -> Result<(), String> {
        let name = self.name;
        match &self.takes {
            Takes::Text(max) if value.chars().count() > *max => Err(format!("{name} takes at most {max} characters.")),
            Takes::OneOf(values) | Takes::AnyOf(values) => {
                let values = values();
                if values.iter().any(|v| v == value) {
                    Ok(())
                } else if values.len() <= 12 {
                    Err(format!("{name} must be one of: {}.", values.join(", ")))
                } else {
                    Err(format!("{name} takes one of the values /api/v1/openapi.json lists for it."))
                }
            }
            Takes::Whole(min, max) if !value.parse::<i64>().is_ok_and(|n| (*min..=*max).contains(&n)) => {
                Err(format!("{name} must be a whole number from {min} to {max}."))
            }
            Takes::WholeOf(values) => {
                let values = values();
                if value.parse::<i64>().is_ok_and(|n| values.contains(&n)) {
                    Ok(())
                } else {
                    let listed: Vec<String> = values.iter().map(i64::to_string).collect();
                    Err(format!("{name} must be one of: {}.", listed.join(", ")))
                }
            }
            Takes::Text(_) | Takes::Whole(..) | Takes::Pattern(_) => Ok(()),
        }
    }
}

impl IntoParams for ListParams {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
        PARAMS
            .iter()
            .map(|param| {
                ParameterBuilder::new()
                    .name(param.name)
                    .parameter_in(ParameterIn::Query)
                    .description(Some(param.about))
                    .required(utoipa::openapi::Required::False)
                    .schema(Some(param.schema()))
                    .build()
            })
            .collect()
    }
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
    let status = err.status_code();
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
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let has_tz = pairs.iter().any(|(key, value)| key == "tz" && !value.trim().is_empty());
    for (key, value) in &pairs {
        if ["page", "sort"].contains(&key.as_str()) {
            return Err(format!("{key} is not supported here: results are newest first; page with cursor."));
        }
        // Not a parameter of this API: left alone, as by most APIs.
        let Some(param) = PARAMS.iter().find(|param| param.name == key) else { continue };
        param.check(value)?;
        if !has_tz && WITH_TZ.contains(&key.as_str()) {
            // Counts only beside `tz`, as documented.
            continue;
        }
        match key.as_str() {
            "limit" => limit = value.parse::<i64>().map_err(|_| "limit must be a whole number.")?,
            "cursor" => after = Some(parse_cursor(value).ok_or("cursor is not a next_cursor this API gave.")?),
            _ => {
                search.append_pair(key, value);
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

/// A cursor is two runs of digits joined by `-`, as `cursor` writes it.
fn parse_cursor(raw: &str) -> Option<(Time, i64)> {
    let (at, id) = raw.split_once('-')?;
    let digits = |s: &str| (1..=18).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    (digits(at) && digits(id)).then_some(())?;
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
        &state.read_model,
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
        (status = 400, description = "An id that is not a whole number", body = ErrorBody),
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
        for bad in [
            "limit=0",
            "limit=101",
            "limit=x",
            "cursor=abc",
            "cursor=%2B5-3",
            "page=2",
            "sort=salary",
            "category=astronaut",
            "category=",
            "tz=0",
            "tz=UTC%2B5",
        ] {
            assert!(parse_list(bad).is_err(), "{bad}");
        }
    }

    /// The query of a search with every filter set.
    fn every_filter() -> String {
        let query = "q=rust&category=backend&stack=rust&level=senior&min_salary=90000&region=europe&type=full-time\
                     &verified=1&tz=%2B01:00&hours=8-16&overlap=4&hire=employee&visa=1&confirmed=7&sort=salary";
        let (filter, notes) = JobFilter::parse(query);
        assert!(notes.is_empty(), "{notes:?}");
        filter.to_query(1)
    }

    #[test]
    fn the_document_lists_what_the_filter_parser_reads() {
        let documented: std::collections::BTreeSet<&str> =
            PARAMS.iter().map(|p| p.name).filter(|name| !PAGING.contains(name)).collect();
        let every = every_filter();
        let parsed: std::collections::BTreeSet<String> = form_urlencoded::parse(every.as_bytes())
            .map(|(key, _)| key.into_owned())
            .filter(|key| key != "sort")
            .collect();
        assert_eq!(
            documented,
            parsed.iter().map(String::as_str).collect(),
            "the OpenAPI parameters and the filters differ"
        );
    }

    #[test]
    fn every_value_the_document_allows_is_taken() {
        let tz = "tz=%2B01:00&";
        for param in PARAMS {
            let values: Vec<String> = match &param.takes {
                Takes::Text(max) => vec!["x".repeat(*max), "rust engineer".into()],
                Takes::OneOf(values) | Takes::AnyOf(values) => values(),
                Takes::Whole(min, max) => vec![min.to_string(), max.to_string()],
                Takes::WholeOf(values) => values().iter().map(i64::to_string).collect(),
                Takes::Pattern(_) => vec!["1700000000-42".into()],
            };
            for value in values {
                let query = form_urlencoded::Serializer::new(tz.to_owned()).append_pair(param.name, &value).finish();
                assert!(parse_list(&query).is_ok(), "{query}: {:?}", parse_list(&query).err());
            }
            if let Takes::Whole(min, max) = param.takes {
                for outside in [min - 1, max + 1] {
                    let query = format!("{tz}{}={outside}", param.name);
                    assert!(parse_list(&query).is_err(), "{query} was taken");
                }
            }
        }
        assert!(parse_list("overlap=4&hours=8-16").is_ok(), "ignored without tz, as documented");
    }
}
