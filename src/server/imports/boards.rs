//! Reading a company's openings from its ATS's public job-board API, each
//! answer read into one shape (`Opening`):
//! - Greenhouse: `GET /v1/boards/{token}/jobs?content=true` (all jobs, the
//!   description HTML-escaped), and per job `?pay_transparency=true` for its
//!   pay ranges;
//! - Lever: `GET /v0/postings/{site}?mode=json&skip=…&limit=…`, a page at a
//!   time;
//! - Ashby: `GET /posting-api/job-board/{name}?includeCompensation=true`.
//!
//! A board that does not exist is told apart from one that did not answer
//! (a timeout, a 5xx): only a whole, successful read says what is open.

use std::time::Duration;

use serde::Deserialize;

use crate::model::{AtsKind, EmploymentType, SalaryPeriod};

/// Where each system's API is (settable, for a local server in tests).
#[derive(Clone, Debug)]
pub struct Endpoints {
    pub greenhouse: String,
    pub lever: String,
    pub ashby: String,
    /// How long one request may take.
    pub timeout: Duration,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            greenhouse: "https://boards-api.greenhouse.io".to_owned(),
            lever: "https://api.lever.co".to_owned(),
            ashby: "https://api.ashbyhq.com".to_owned(),
            timeout: Duration::from_secs(20),
        }
    }
}

/// Why a board was not read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BoardError {
    #[error("the board does not exist")]
    NotFound,
    /// Worth another try later.
    #[error("{0}")]
    Unavailable(String),
    /// It answered something that is not its API's shape.
    #[error("{0}")]
    Unreadable(String),
}

/// Pay as the ATS gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pay {
    pub min: i64,
    pub max: i64,
    pub currency: String,
    /// `None` for an interval our postings do not use (a week, a bonus).
    pub period: Option<SalaryPeriod>,
}

/// One opening, whatever the system.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    pub id: String,
    pub title: String,
    /// Where, as the ATS words it ("Remote - Europe", "Berlin").
    pub location: String,
    /// Whether the ATS marks it remote, when it says.
    pub remote: Option<bool>,
    pub description_html: String,
    /// Its page on the ATS, where people apply.
    pub url: String,
    pub job_type: Option<EmploymentType>,
    pub pay: Option<Pay>,
}

/// The most bytes of an answer read.
const MAX_ANSWER: usize = 8 * 1024 * 1024;
/// Lever's page size.
const LEVER_PAGE: usize = 100;
/// Lever pages read at most (a runaway board stops here).
const LEVER_MAX_PAGES: usize = 20;

/// The client.
pub struct Boards {
    http: reqwest::Client,
    endpoints: Endpoints,
}

impl Boards {
    pub fn new(endpoints: Endpoints) -> Result<Boards, String> {
        let http = reqwest::Client::builder()
            .timeout(endpoints.timeout)
            // An answer elsewhere is not the ATS's.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("FarCoder/", env!("CARGO_PKG_VERSION"), " (job board import)"))
            .build()
            .map_err(|e| format!("the ATS client: {e}"))?;
        Ok(Boards { http, endpoints })
    }

    /// Every open opening of `board` on `kind`.
    pub async fn openings(&self, kind: AtsKind, board: &str) -> Result<Vec<Opening>, BoardError> {
        match kind {
            AtsKind::Greenhouse => self.greenhouse(board).await,
            AtsKind::Lever => self.lever(board).await,
            AtsKind::Ashby => self.ashby(board).await,
        }
    }

    /// Adds what the list leaves out: a Greenhouse job's pay ranges (none
    /// when its own page is gone meanwhile).
    pub async fn complete(&self, kind: AtsKind, board: &str, opening: &mut Opening) -> Result<(), BoardError> {
        if kind != AtsKind::Greenhouse {
            return Ok(());
        }
        let url = format!(
            "{}/v1/boards/{}/jobs/{}?pay_transparency=true",
            self.endpoints.greenhouse,
            segment(board),
            segment(&opening.id)
        );
        let job: GreenhouseJob = match self.get(&url).await {
            Ok(job) => job,
            Err(BoardError::NotFound) => return Ok(()),
            Err(err) => return Err(err),
        };
        opening.pay = job.pay_input_ranges.into_iter().find_map(|range| {
            Some(Pay {
                min: range.min_cents? / 100,
                max: range.max_cents? / 100,
                currency: range.currency_type?,
                period: Some(SalaryPeriod::Year),
            })
        });
        Ok(())
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, BoardError> {
        let timeout = self.endpoints.timeout.as_secs();
        let mut answer = self.http.get(url).send().await.map_err(|e| {
            BoardError::Unavailable(if e.is_timeout() {
                format!("it did not answer within {timeout} seconds")
            } else {
                "it could not be reached".to_owned()
            })
        })?;
        match answer.status().as_u16() {
            200..=299 => {}
            404 => return Err(BoardError::NotFound),
            status => return Err(BoardError::Unavailable(format!("it answered {status}"))),
        }
        let mut body = Vec::new();
        while let Some(chunk) = answer.chunk().await.map_err(|e| {
            BoardError::Unavailable(if e.is_timeout() {
                format!("it did not finish answering within {timeout} seconds")
            } else {
                "its answer broke off".to_owned()
            })
        })? {
            if body.len() + chunk.len() > MAX_ANSWER {
                return Err(BoardError::Unreadable("its answer is too large".to_owned()));
            }
            body.extend_from_slice(&chunk);
        }
        serde_json::from_slice(&body).map_err(|_| BoardError::Unreadable("its answer is not a job board's".to_owned()))
    }

    async fn greenhouse(&self, board: &str) -> Result<Vec<Opening>, BoardError> {
        let url = format!("{}/v1/boards/{}/jobs?content=true", self.endpoints.greenhouse, segment(board));
        let list: GreenhouseList = self.get(&url).await?;
        Ok(list
            .jobs
            .into_iter()
            .map(|job| Opening {
                id: job.id.to_string(),
                title: job.title,
                location: job.location.map(|l| l.name).unwrap_or_default(),
                remote: None,
                // The list's content is the description's HTML, escaped.
                description_html: html_escape::decode_html_entities(&job.content.unwrap_or_default()).into_owned(),
                url: job.absolute_url,
                job_type: None,
                pay: None,
            })
            .collect())
    }

    async fn lever(&self, board: &str) -> Result<Vec<Opening>, BoardError> {
        let mut openings = Vec::new();
        for page in 0..LEVER_MAX_PAGES {
            let url = format!(
                "{}/v0/postings/{}?mode=json&skip={}&limit={LEVER_PAGE}",
                self.endpoints.lever,
                segment(board),
                page * LEVER_PAGE
            );
            let postings: Vec<LeverPosting> = self.get(&url).await?;
            let last = postings.len() < LEVER_PAGE;
            openings.extend(postings.into_iter().map(LeverPosting::opening));
            if last {
                return Ok(openings);
            }
        }
        Err(BoardError::Unreadable(format!("it lists more than {} openings", LEVER_PAGE * LEVER_MAX_PAGES)))
    }

    async fn ashby(&self, board: &str) -> Result<Vec<Opening>, BoardError> {
        let url = format!("{}/posting-api/job-board/{}?includeCompensation=true", self.endpoints.ashby, segment(board));
        let list: AshbyList = self.get(&url).await?;
        Ok(list.jobs.into_iter().filter(|job| job.is_listed.unwrap_or(true)).map(AshbyJob::opening).collect())
    }
}

/// `text` as one path segment.
fn segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[derive(Deserialize)]
struct GreenhouseList {
    jobs: Vec<GreenhouseJob>,
}

#[derive(Deserialize)]
struct GreenhouseJob {
    id: i64,
    #[serde(default)]
    title: String,
    location: Option<GreenhouseLocation>,
    #[serde(default)]
    absolute_url: String,
    content: Option<String>,
    #[serde(default)]
    pay_input_ranges: Vec<GreenhousePay>,
}

#[derive(Deserialize)]
struct GreenhouseLocation {
    name: String,
}

#[derive(Deserialize)]
struct GreenhousePay {
    min_cents: Option<i64>,
    max_cents: Option<i64>,
    currency_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeverPosting {
    id: String,
    text: String,
    #[serde(default)]
    categories: LeverCategories,
    #[serde(default)]
    description: String,
    #[serde(default)]
    lists: Vec<LeverList>,
    #[serde(default)]
    additional: String,
    #[serde(default)]
    hosted_url: String,
    workplace_type: Option<String>,
    salary_range: Option<LeverSalary>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeverCategories {
    location: Option<String>,
    commitment: Option<String>,
    #[serde(default)]
    all_locations: Vec<String>,
}

#[derive(Deserialize)]
struct LeverList {
    text: String,
    content: String,
}

#[derive(Deserialize)]
struct LeverSalary {
    currency: Option<String>,
    interval: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
}

impl LeverPosting {
    fn opening(self) -> Opening {
        let mut html = self.description;
        for list in &self.lists {
            html += &format!("<h3>{}</h3><ul>{}</ul>", html_escape::encode_text(&list.text), list.content);
        }
        html += &self.additional;
        let location = if self.categories.all_locations.is_empty() {
            self.categories.location.unwrap_or_default()
        } else {
            self.categories.all_locations.join(", ")
        };
        Opening {
            id: self.id,
            title: self.text,
            location,
            remote: self.workplace_type.map(|w| w == "remote"),
            description_html: html,
            url: self.hosted_url,
            job_type: self.categories.commitment.as_deref().and_then(job_type),
            pay: self.salary_range.and_then(|s| {
                let period = match s.interval.as_deref() {
                    Some("per-year-salary") => Some(SalaryPeriod::Year),
                    Some("per-month-salary") => Some(SalaryPeriod::Month),
                    Some("per-hour-wage") => Some(SalaryPeriod::Hour),
                    _ => None,
                };
                Some(Pay { min: s.min? as i64, max: s.max? as i64, currency: s.currency?, period })
            }),
        }
    }
}

#[derive(Deserialize)]
struct AshbyList {
    jobs: Vec<AshbyJob>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AshbyJob {
    id: String,
    title: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    secondary_locations: Vec<AshbyPlace>,
    is_remote: Option<bool>,
    is_listed: Option<bool>,
    #[serde(default)]
    description_html: String,
    employment_type: Option<String>,
    #[serde(default)]
    job_url: String,
    compensation: Option<AshbyCompensation>,
}

#[derive(Deserialize)]
struct AshbyPlace {
    location: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AshbyCompensation {
    #[serde(default)]
    summary_components: Vec<AshbyComponent>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AshbyComponent {
    compensation_type: Option<String>,
    interval: Option<String>,
    currency_code: Option<String>,
    min_value: Option<f64>,
    max_value: Option<f64>,
}

impl AshbyJob {
    fn opening(self) -> Opening {
        let mut places = vec![self.location];
        places.extend(self.secondary_locations.into_iter().map(|p| p.location));
        places.retain(|p| !p.is_empty());
        let pay = self.compensation.and_then(|c| {
            c.summary_components.into_iter().find(|s| s.compensation_type.as_deref() == Some("Salary")).and_then(|s| {
                let period = match s.interval.as_deref() {
                    Some("1 YEAR") => Some(SalaryPeriod::Year),
                    Some("1 MONTH") => Some(SalaryPeriod::Month),
                    Some("1 HOUR") => Some(SalaryPeriod::Hour),
                    _ => None,
                };
                Some(Pay { min: s.min_value? as i64, max: s.max_value? as i64, currency: s.currency_code?, period })
            })
        });
        Opening {
            id: self.id,
            title: self.title,
            location: places.join(", "),
            remote: self.is_remote,
            description_html: self.description_html,
            url: self.job_url,
            job_type: self.employment_type.as_deref().and_then(job_type),
            pay,
        }
    }
}

/// Our employment type for the ATS's words ("Full-time", "FullTime",
/// "Contract", "Intern"…).
fn job_type(words: &str) -> Option<EmploymentType> {
    let key: String = words.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase();
    match key.as_str() {
        "fulltime" | "permanent" => Some(EmploymentType::FullTime),
        "parttime" => Some(EmploymentType::PartTime),
        "contract" | "contractor" | "freelance" | "temporary" => Some(EmploymentType::Contract),
        "intern" | "internship" => Some(EmploymentType::Internship),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_systems_words_for_a_job_type_are_ours() {
        use crate::model::EmploymentType::*;
        for (words, ours) in
            [("Full-time", FullTime), ("FullTime", FullTime), ("Part time", PartTime), ("Intern", Internship)]
        {
            assert_eq!(super::job_type(words), Some(ours), "{words}");
        }
        assert_eq!(super::job_type("Contract"), Some(Contract));
        assert_eq!(super::job_type("Volunteer"), None);
    }
}
