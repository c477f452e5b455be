//! What FarCoder's embeds show: a search's newest matches for its widget,
//! one job for its image card, and the `/embed` page that builds both
//! snippets.

use crate::error::AppError;
use crate::model::{EmbedBuilder, EmbedJob, JobCard, JobFilter, Time, take_limit, widget_query, widget_title};
use crate::server::db::Db;
use crate::server::read_model::ReadModel;
use crate::server::repo::jobs;

/// A search widget's content.
pub struct Widget {
    pub filter: JobFilter,
    /// Open jobs matching.
    pub total: i64,
    /// The first of them, at most the widget's limit.
    pub jobs: Vec<JobCard>,
}

/// The widget for `query` (a `/jobs` query string, with `limit`).
pub async fn widget(db: &Db, engine: &ReadModel, query: &str, now: Time) -> Result<Widget, AppError> {
    let (limit, search) = take_limit(query);
    let filter = JobFilter { page: 1, ..JobFilter::parse(&search).0 };
    let found = engine.search(db, &filter, now).await?;
    let shown: Vec<i64> = found.ids.into_iter().take(usize::from(limit)).collect();
    Ok(Widget { filter, total: found.total, jobs: jobs::cards_by_id(db, &shown, now).await? })
}

/// A job as its card shows it.
pub enum Card {
    Open(JobCard),
    /// Closed, filled or expired: the card says so.
    Closed(JobCard),
}

/// The card of the job slug `slug` names (by its id): 404 for one never
/// public.
pub async fn card(db: &Db, slug: &str, now: Time) -> Result<Card, AppError> {
    let id = crate::model::job_id_from_slug(slug).ok_or(AppError::NotFound)?;
    let row = jobs::find(db, id).await?.ok_or(AppError::NotFound)?;
    let (open, gone) = (row.is_open(now), row.is_gone(now));
    let card = row.card.into_card(now)?;
    if open {
        Ok(Card::Open(card))
    } else if gone {
        Ok(Card::Closed(card))
    } else {
        Err(AppError::NotFound)
    }
}

/// The `/embed` page for its query string: the search (with `limit`) and
/// the job address typed (`job`), at `base`.
pub async fn builder(
    db: &Db,
    engine: &ReadModel,
    base: &str,
    query: &str,
    now: Time,
) -> Result<EmbedBuilder, AppError> {
    let (job_input, search) = take_job(query);
    let (limit, search) = take_limit(&search);
    let filter = JobFilter { page: 1, ..JobFilter::parse(&search).0 };
    let matching = engine.search(db, &filter, now).await?.total;
    let (job, job_error) = match job_input.as_str() {
        "" => (None, None),
        typed => match job_named(db, typed, now).await? {
            Ok(job) => (Some(job), None),
            Err(why) => (None, Some(why.to_owned())),
        },
    };
    Ok(EmbedBuilder {
        base: base.to_owned(),
        widget_query: widget_query(&filter, limit),
        widget_title: widget_title(&filter),
        filter,
        limit,
        matching,
        job_input,
        job,
        job_error,
    })
}

/// The typed job address (`job`) taken out of a query string, and the rest.
fn take_job(query: &str) -> (String, String) {
    let mut job = String::new();
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
        if key == "job" {
            job = value.trim().chars().take(500).collect();
        } else {
            rest.append_pair(&key, &value);
        }
    }
    (job, rest.finish())
}

/// The open job a typed address (or bare slug) names, or why there is none.
async fn job_named(db: &Db, typed: &str, now: Time) -> Result<Result<EmbedJob, &'static str>, AppError> {
    let Some(slug) = slug_of(typed) else {
        return Ok(Err(
            "That is not a FarCoder job address. Copy it from the job’s page: it looks like https://…/jobs/senior-rust-engineer-acme-12.",
        ));
    };
    let Some(id) = crate::model::job_id_from_slug(slug) else {
        return Ok(Err("That address names no job. Copy it from the job’s page."));
    };
    match jobs::find(db, id).await? {
        Some(row) if row.is_open(now) => Ok(Ok(EmbedJob {
            path: format!("/jobs/{}", crate::model::job_slug(&row.card.title, &row.card.company_slug, row.card.id)),
            title: row.card.title,
            company_name: row.card.company_name,
        })),
        Some(row) if row.is_gone(now) => Ok(Err("That job is closed: its card would only say so. Pick an open one.")),
        _ => Ok(Err("No open job has that address.")),
    }
}

/// The job slug in `typed`: a job page's address (any host, any query) or
/// the slug alone.
fn slug_of(typed: &str) -> Option<&str> {
    let path = match typed.find("://") {
        Some(at) => {
            let rest = &typed[at + 3..];
            &rest[rest.find('/')?..]
        }
        None => typed,
    };
    let path = path.split(['?', '#']).next()?;
    let slug = path.strip_prefix("/jobs/").or_else(|| path.strip_prefix("jobs/")).unwrap_or(path);
    let slug = slug.trim_end_matches('/');
    let slug = slug.strip_suffix("/card.svg").unwrap_or(slug);
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_job_is_found_from_its_address_or_slug() {
        for typed in [
            "https://farcoder.example/jobs/rust-dev-acme-12",
            "http://127.0.0.1:3000/jobs/rust-dev-acme-12?utm_source=x#apply",
            "/jobs/rust-dev-acme-12/",
            "rust-dev-acme-12",
            "https://farcoder.example/jobs/rust-dev-acme-12/card.svg",
        ] {
            assert_eq!(super::slug_of(typed), Some("rust-dev-acme-12"), "{typed}");
        }
        for typed in ["https://farcoder.example", "https://farcoder.example/companies/acme/jobs", "a/b"] {
            assert_eq!(super::slug_of(typed), None, "{typed}");
        }
    }
}
