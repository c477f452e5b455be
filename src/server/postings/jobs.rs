//! The public job board's services: what each page needs, from the repositories,
//! with visibility rules applied. Server functions and tests call these.

use crate::error::AppError;
use crate::model::{
    CompanyPage, DAY, HomePage, JobDetail, JobFilter, JobLookup, JobPage, SearchResults, Suggestion, Time,
};
use crate::server::content::json_ld;
use crate::server::content::markdown;
use crate::server::db::Db;
use crate::server::postings::stats::{self, Visitor};
use crate::server::read_model::ReadModel;
use crate::server::repo::{companies, jobs};

/// Runs a `/jobs` search from its raw query string. When nothing matches, a
/// corrected spelling or the same words without the filters is offered, if
/// that finds something.
pub async fn search(db: &Db, engine: &ReadModel, query: &str, now: Time) -> Result<SearchResults, AppError> {
    let (filter, notes) = JobFilter::parse(query);
    let mut results = run(db, engine, filter, now).await?;
    results.notes = notes;
    if results.total == 0 {
        results.suggestion = suggestion(db, engine, &results.filter, now).await?;
    }
    Ok(results)
}

/// Open postings matching `filter` (its sort and page aside), newest first,
/// after the `(published_at, id)` cursor `after`, as cards: the feeds, the
/// JSON API and the guides' job lists.
pub async fn newest_matching(
    db: &Db,
    engine: &ReadModel,
    filter: &JobFilter,
    after: Option<(Time, i64)>,
    limit: usize,
    now: Time,
) -> Result<Vec<crate::model::JobCard>, AppError> {
    let ids = engine.newest_matching(db, filter, after, limit, now).await?;
    Ok(jobs::cards_by_id(db, &ids, now).await?)
}

/// One page of `filter`'s results, as cards.
async fn run(db: &Db, engine: &ReadModel, filter: JobFilter, now: Time) -> Result<SearchResults, AppError> {
    let found = engine.search(db, &filter, now).await?;
    let jobs = jobs::cards_by_id(db, &found.ids, now).await?;
    Ok(SearchResults { filter, notes: Vec::new(), total: found.total, jobs, facets: found.facets, suggestion: None })
}

async fn suggestion(
    db: &Db,
    engine: &ReadModel,
    filter: &JobFilter,
    now: Time,
) -> Result<Option<Suggestion>, AppError> {
    if let Some(corrected) = engine.correct(&filter.q) {
        let respelled = JobFilter { q: corrected.clone(), page: 1, ..filter.clone() };
        let total = engine.search(db, &respelled, now).await?.total;
        if total > 0 {
            let label = format!("Did you mean “{corrected}”?");
            return Ok(Some(Suggestion { query: respelled.to_query(1), label, total }));
        }
    }
    let words_only = JobFilter { q: filter.q.clone(), page: 1, sort: filter.sort, ..JobFilter::default() };
    let narrowed = words_only != JobFilter { page: 1, ..filter.clone() };
    if narrowed {
        let total = engine.search(db, &words_only, now).await?.total;
        if total > 0 {
            let label = match filter.q.is_empty() {
                true => "Every filter cleared".to_owned(),
                false => format!("“{}” without the filters", filter.q),
            };
            return Ok(Some(Suggestion { query: words_only.to_query(1), label, total }));
        }
    }
    Ok(None)
}

/// How many similar postings a job page shows.
pub const SIMILAR_SHOWN: usize = 4;

/// The job page for `slug`: 404 for an unknown or unpublished job, 410 for one
/// that was public and is now closed or expired.
/// A visitor's view is noted in `views`.
pub async fn job_page(
    db: &Db,
    engine: &ReadModel,
    views: &stats::Views,
    slug: &str,
    public_url: &str,
    visitor: Option<&Visitor>,
    now: Time,
) -> Result<JobLookup, AppError> {
    let row = crate::server::postings::public::open_job(db, slug, now).await?;
    let current = crate::model::job_slug(&row.card.title, &row.card.company_slug, row.card.id);
    if current != slug {
        return Ok(JobLookup::Moved(current));
    }
    let response_rate = response_rate(db, row.company_id, now).await?;
    let expires_at = row.expires_at.unwrap_or(now);
    let job = detail(row, expires_at, now)?;
    if let Some(visitor) = visitor {
        views.note(job.card.id, visitor, now);
    }
    let similar = engine.similar(db, job.card.id, SIMILAR_SHOWN, now).await?;
    let similar = jobs::cards_by_id(db, &similar, now).await?;
    let json_ld = json_ld::job_posting(&job, expires_at, public_url);
    let imported_from = crate::server::repo::ats::source_of_job(db, job.card.id)
        .await?
        .and_then(|(kind, _, _)| crate::model::AtsKind::from_slug(&kind))
        .map(|kind| kind.label().to_owned());
    Ok(JobLookup::Found(Box::new(JobPage { job, similar, json_ld, response_rate, imported_from })))
}

/// Job `row` as its page shows it, open until `expires_at`.
pub fn detail(row: jobs::DetailRow, expires_at: Time, now: Time) -> Result<JobDetail, AppError> {
    let description_html = markdown::render(&row.description);
    let (apply_url, company_about, process) = (row.apply_url.clone(), row.company_about.clone(), row.process());
    let card = row.card.into_card(now)?;
    Ok(JobDetail {
        description_html,
        apply_url,
        posted_date: card.published_at.date(),
        expires_date: expires_at.date(),
        company_about,
        process,
        card,
    })
}

pub async fn home(db: &Db, engine: &ReadModel, now: Time) -> Result<HomePage, AppError> {
    let mut categories = engine.per_category(db, now).await?;
    categories.sort_by_key(|(c, _)| *c);
    let featured = engine.newest(db, 6, true, now).await?;
    let latest = engine.newest(db, 12, false, now).await?;
    Ok(HomePage {
        featured: jobs::cards_by_id(db, &featured, now).await?,
        latest: jobs::cards_by_id(db, &latest, now).await?,
        open_jobs: categories.iter().map(|(_, n)| n).sum(),
        guides: crate::server::content::guides::related(db, None, 3).await?,
        categories,
    })
}

pub async fn company_page(db: &Db, slug: &str, now: Time) -> Result<CompanyPage, AppError> {
    let company = companies::find_public_by_slug(db, slug).await?.ok_or(AppError::NotFound)?;
    Ok(CompanyPage {
        response_rate: response_rate(db, company.id, now).await?,
        jobs: jobs::by_company(db, company.id, now).await?,
        about_html: markdown::render(&company.about),
        verified: company.verified_at.is_some(),
        logo_path: companies::logo_version(db, company.id)
            .await?
            .map(|v| crate::server::accounts::company::logo_path(&company.slug, v)),
        website: company.website,
        name: company.name,
        slug: company.slug,
    })
}

/// A landing page such as `/remote-rust-jobs`: 404 for any other segment.
pub async fn landing_page(
    db: &Db,
    engine: &ReadModel,
    segment: &str,
    now: Time,
) -> Result<crate::model::LandingPage, AppError> {
    let landing = crate::model::Landing::from_segment(segment).ok_or(AppError::NotFound)?;
    let results = run(db, engine, landing.filter(), now).await?;
    let salary = crate::server::content::salaries::of_landing(db, engine, landing, now).await?;
    let category = match landing {
        crate::model::Landing::Category(c) => Some(c),
        crate::model::Landing::Stack(_) => None,
    };
    let guides = crate::server::content::guides::related(db, category, 3).await?;
    Ok(crate::model::LandingPage { landing, results, salary, guides })
}

/// Company `company_id`'s response rate, once it has enough applications.
pub async fn response_rate(
    db: &Db,
    company_id: i64,
    now: Time,
) -> Result<Option<crate::model::ResponseRate>, AppError> {
    let window = crate::model::RESPONSE_DAYS * DAY;
    let (counted, answered) =
        crate::server::repo::applications::response_counts(db, company_id, now - window, window).await?;
    Ok(crate::model::ResponseRate::of(counted, answered))
}
