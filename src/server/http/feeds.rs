//! RSS 2.0 feeds: `/feed.xml` (the newest published postings) and
//! `/jobs/feed.xml?…` (the same, narrowed by the `/jobs` filters). Closed and
//! expired postings are never in a feed, since only open jobs are listed.

use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::model::{JobCard, JobFilter, Time};
use crate::server::http::state::AppState;
use crate::server::http::xml_response as response;
use crate::server::syndication::xml::escape;

/// How many postings a feed carries.
pub const FEED_SIZE: usize = 50;

/// One entry of a feed.
pub struct Item {
    pub title: String,
    pub link: String,
    pub guid: String,
    pub published_at: Time,
    pub description: String,
    pub categories: Vec<String>,
}

impl Item {
    pub fn of_job(job: &JobCard, base: &str) -> Item {
        Item {
            title: format!("{} at {}", job.title, job.company_name),
            link: format!("{base}{}", job.path()),
            // The id, not the slug: a renamed posting is the same item.
            guid: format!("{base}/jobs/{}", job.id),
            published_at: job.published_at,
            description: [
                job.salary.display(),
                job.company_name.clone(),
                format!("Remote from {}", job.where_label()),
                format!("{} {}", job.level.label(), job.category.label()),
            ]
            .into_iter()
            .chain(job.core_hours.map(|c| c.headline()))
            .chain(job.hiring.tags())
            .collect::<Vec<_>>()
            .join(" · "),
            categories: std::iter::once(job.category.label().to_owned())
                .chain(job.stacks.iter().map(|s| s.label().to_owned()))
                .collect(),
        }
    }
}

/// A whole RSS 2.0 document.
pub fn rss(title: &str, link: &str, self_link: &str, description: &str, items: &[Item]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n",
    );
    out += &format!(
        "<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>en</language>\n\
         <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        escape(title),
        escape(link),
        escape(description),
        escape(self_link)
    );
    if let Some(newest) = items.iter().map(|i| i.published_at).max() {
        out += &format!("<lastBuildDate>{}</lastBuildDate>\n", newest.rfc2822());
    }
    for item in items {
        out += &format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"false\">{}</guid>\n<pubDate>{}</pubDate>\n<description>{}</description>\n",
            escape(&item.title),
            escape(&item.link),
            escape(&item.guid),
            item.published_at.rfc2822(),
            escape(&item.description)
        );
        for category in &item.categories {
            out += &format!("<category>{}</category>\n", escape(category));
        }
        out += "</item>\n";
    }
    out + "</channel>\n</rss>\n"
}

const RSS: &str = "application/rss+xml; charset=utf-8";

/// The newest jobs matching `query` (a `/jobs` query string), as RSS.
pub async fn jobs_feed(state: &AppState, query: &str, self_path: &str) -> Result<String, AppError> {
    let (filter, _) = JobFilter::parse(query);
    let jobs = crate::server::postings::jobs::newest_matching(
        &state.db,
        &state.read_model,
        &filter,
        None,
        FEED_SIZE,
        crate::server::now(),
    )
    .await?;
    let base = &state.config.public_url;
    let items: Vec<Item> = jobs.iter().map(|j| Item::of_job(j, base)).collect();
    let search = filter.to_query(1);
    let (title, link) = if search.is_empty() {
        ("FarCoder: newest remote jobs", format!("{base}/jobs"))
    } else {
        ("FarCoder: remote jobs matching your search", format!("{base}/jobs?{search}"))
    };
    let self_link = format!("{base}{self_path}");
    Ok(rss(title, &link, &self_link, "Remote software jobs with the salary shown, newest first.", &items))
}

/// `GET /feed.xml`.
pub async fn newest(State(state): State<AppState>) -> Response {
    match jobs_feed(&state, "", "/feed.xml").await {
        Ok(body) => response(RSS, body),
        Err(error) => error.into_response(),
    }
}

/// `GET /jobs/feed.xml?…`.
pub async fn filtered(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let canonical = JobFilter::parse(&query).0.to_query(1);
    let self_path =
        if canonical.is_empty() { "/jobs/feed.xml".to_owned() } else { format!("/jobs/feed.xml?{canonical}") };
    match jobs_feed(&state, &query, &self_path).await {
        Ok(body) => response(RSS, body),
        Err(error) => error.into_response(),
    }
}
/// `GET /guides/feed.xml`.
pub async fn guides(State(state): State<AppState>) -> Response {
    let base = &state.config.public_url;
    match crate::server::repo::guides::all(&state.db).await {
        Ok(rows) => {
            let items: Vec<Item> = rows
                .iter()
                .map(|row| Item {
                    title: row.title.clone(),
                    link: format!("{base}/guides/{}", row.slug),
                    guid: format!("{base}/guides/{}", row.slug),
                    published_at: row.published_at,
                    description: row.summary.clone(),
                    categories: row.category.iter().cloned().collect(),
                })
                .collect();
            let body = rss(
                "FarCoder guides",
                &format!("{base}/guides"),
                &format!("{base}/guides/feed.xml"),
                "Career guides for remote software developers.",
                &items,
            );
            crate::server::http::xml_response("application/rss+xml; charset=utf-8", body)
        }
        Err(error) => AppError::from(error).into_response(),
    }
}
