//! What the public pages show: job cards, a job in full, search results, a
//! company, the home page. Built on the server, rendered on both sides.

use serde::{Deserialize, Serialize};

use super::filter::{Facets, JobFilter, Suggestion};
use super::location::Location;
use super::salary::SalaryRange;
use super::vocab::{Category, EmploymentType, Level, Stack};
use crate::model::Time;

/// The hours, as UTC offsets, that a team wants its people to overlap with.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimezoneWindow {
    /// Minutes east of UTC (India: 330).
    pub from: i32,
    pub to: i32,
}

impl TimezoneWindow {
    /// "UTC−6 to UTC", "UTC+5:30 to UTC+9".
    pub fn display(&self) -> String {
        let utc = |m: i32| {
            let sign = if m < 0 { "−" } else { "+" };
            match (m.abs() / 60, m.abs() % 60) {
                (0, 0) => "UTC".to_owned(),
                (h, 0) => format!("UTC{sign}{h}"),
                (h, minutes) => format!("UTC{sign}{h}:{minutes:02}"),
            }
        };
        if self.from == self.to { utc(self.from) } else { format!("{} to {}", utc(self.from), utc(self.to)) }
    }
}

/// A posting as a list shows it: enough to decide whether to open it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobCard {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub company_name: String,
    pub company_slug: String,
    pub company_verified: bool,
    /// The company's logo, when it has one.
    pub logo: Option<String>,
    pub category: Category,
    pub level: Level,
    pub job_type: EmploymentType,
    pub salary: SalaryRange,
    pub locations: Vec<Location>,
    pub timezone: Option<TimezoneWindow>,
    pub core_hours: Option<super::CoreHours>,
    pub hiring: super::Hiring,
    pub stacks: Vec<Stack>,
    pub featured: bool,
    pub published_at: Time,
    /// "3 days ago", computed by the server so both renders agree.
    pub posted: String,
    /// "Confirmed open 2 days ago", once the team confirmed it.
    pub confirmed: Option<String>,
}

impl JobCard {
    pub fn path(&self) -> String {
        format!("/jobs/{}", self.slug)
    }

    /// "Worldwide", "Europe, Canada".
    pub fn where_label(&self) -> String {
        self.locations.iter().map(|l| l.label()).collect::<Vec<_>>().join(", ")
    }
}

/// A posting in full.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobDetail {
    pub card: JobCard,
    /// The Markdown description, rendered and sanitised on the server.
    pub description_html: String,
    /// The employer's own application page; `None` means FarCoder's form.
    pub apply_url: Option<String>,
    pub posted_date: String,
    pub expires_date: String,
    pub company_about: String,
    /// The hiring process the posting promises.
    pub process: super::Process,
}

/// Everything `/jobs/{slug}` shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobPage {
    pub job: JobDetail,
    pub similar: Vec<JobCard>,
    /// schema.org `JobPosting`, ready to embed in a script element.
    pub json_ld: String,
    /// How quickly the company answers applicants, once it is known.
    pub response_rate: Option<super::ResponseRate>,
    /// The ATS it was imported from, kept in sync with it ("Greenhouse").
    pub imported_from: Option<String>,
}

/// One page of `/jobs` results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub filter: JobFilter,
    /// What the search ignored, in words.
    pub notes: Vec<String>,
    pub total: i64,
    pub jobs: Vec<JobCard>,
    /// The count beside every filter option.
    pub facets: Facets,
    /// Offered when nothing matched.
    pub suggestion: Option<Suggestion>,
}

impl SearchResults {
    pub fn page_count(&self) -> i64 {
        (self.total + super::PAGE_SIZE - 1) / super::PAGE_SIZE
    }
}

/// What the home page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomePage {
    pub featured: Vec<JobCard>,
    pub latest: Vec<JobCard>,
    /// Every category with its number of open jobs.
    pub categories: Vec<(Category, i64)>,
    pub open_jobs: i64,
    /// The newest guides.
    pub guides: Vec<super::GuideSummary>,
}

/// A company's public profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyPage {
    pub name: String,
    pub slug: String,
    pub website: Option<String>,
    pub about_html: String,
    pub verified: bool,
    /// The re-encoded logo's address, if the company uploaded one.
    pub logo_path: Option<String>,
    pub jobs: Vec<JobCard>,
    /// How quickly the company answers applicants, once it is known.
    pub response_rate: Option<super::ResponseRate>,
}

/// What a job slug leads to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum JobLookup {
    Found(Box<JobPage>),
    /// The job lives at another slug now (its title or company changed).
    Moved(String),
}

/// What a landing page such as `/remote-rust-jobs` shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LandingPage {
    pub landing: super::Landing,
    pub results: SearchResults,
    pub salary: super::SalaryFigure,
    /// Guides about the category, or the newest ones.
    pub guides: Vec<super::GuideSummary>,
}
