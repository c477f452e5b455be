//! `/sitemap.xml` (every public page: jobs, companies with open jobs, landing
//! pages with postings, the fixed pages) and `/robots.txt`. Past 50,000
//! addresses the sitemap becomes an index of numbered parts.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::model::{Category, Landing, Stack, Time};
use crate::server::http::state::AppState;
use crate::server::http::xml_response as response;
use crate::server::read_model::{Facts, Listing};
use crate::server::repo::guides::GuideListing;
use crate::server::syndication::xml::escape;

/// The most addresses one sitemap file may list.
pub const MAX_URLS: usize = 50_000;

/// One address and when it last changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub lastmod: Option<Time>,
}

/// Every public address, in a stable order: from the search engine's
/// postings in memory and the guides.
pub async fn entries(state: &AppState, now: Time) -> Result<Vec<Entry>, AppError> {
    let guides = crate::server::repo::guides::all(&state.db).await?;
    Ok(state.read_model.with_open(&state.db, now, |live| listed(live, &guides)).await?)
}

fn listed(live: &[(&Facts, &Listing)], guides: &[GuideListing]) -> Vec<Entry> {
    let newest = live.iter().map(|(_, l)| l.updated_at).max();
    let mut out: Vec<Entry> = ["/", "/jobs"].iter().map(|p| Entry { path: (*p).to_owned(), lastmod: newest }).collect();

    // A landing page is listed while it has a job; it changed when its
    // newest job was published.
    let mut of_category = vec![None; Category::ALL.len()];
    let mut of_stack = vec![None; Stack::ALL.len()];
    let mut companies: HashMap<&str, Time> = HashMap::new();
    for (job, listing) in live {
        let latest = |at: &mut Option<Time>| *at = Some(at.map_or(job.published_at, |x| x.max(job.published_at)));
        if let Some(at) = job.category().and_then(|c| Category::ALL.iter().position(|x| *x == c)) {
            latest(&mut of_category[at]);
        }
        for at in job.stack_indexes() {
            if let Some(slot) = of_stack.get_mut(at) {
                latest(slot);
            }
        }
        let last = companies.entry(&listing.company_slug).or_insert(listing.updated_at);
        *last = (*last).max(listing.updated_at);
    }
    for landing in Landing::all() {
        let published_at = match landing {
            Landing::Category(c) => Category::ALL.iter().position(|x| *x == c).and_then(|at| of_category[at]),
            Landing::Stack(s) => Stack::ALL.iter().position(|x| *x == s).and_then(|at| of_stack[at]),
        };
        if let Some(published_at) = published_at {
            out.push(Entry { path: landing.path(), lastmod: Some(published_at) });
        }
    }
    out.push(Entry { path: "/salaries".to_owned(), lastmod: newest });
    out.extend(Category::ALL.iter().map(|c| Entry { path: format!("/salaries/{}", c.slug()), lastmod: newest }));
    out.push(Entry { path: "/guides".to_owned(), lastmod: guides.iter().map(|g| g.updated_at).max() });
    out.extend(guides.iter().map(|g| Entry { path: format!("/guides/{}", g.slug), lastmod: Some(g.updated_at) }));
    let mut companies: Vec<(&str, Time)> = companies.into_iter().collect();
    companies.sort_unstable();
    out.extend(companies.iter().map(|(slug, at)| Entry { path: joined("/companies/", slug), lastmod: Some(*at) }));
    out.extend(live.iter().map(|(_, l)| Entry { path: joined("/jobs/", &l.slug), lastmod: Some(l.updated_at) }));
    out
}

fn joined(prefix: &str, slug: &str) -> String {
    let mut path = String::with_capacity(prefix.len() + slug.len());
    path.push_str(prefix);
    path.push_str(slug);
    path
}

/// A `<urlset>` of `entries`.
pub fn urlset(base: &str, entries: &[Entry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    out.reserve(entries.len() * 120);
    let base = escape(base);
    for entry in entries {
        out += "<url><loc>";
        out += &base;
        out += &escape(&entry.path);
        out += "</loc>";
        if let Some(at) = entry.lastmod {
            out += "<lastmod>";
            out += &at.date();
            out += "</lastmod>";
        }
        out += "</url>\n";
    }
    out + "</urlset>\n"
}

/// A `<sitemapindex>` of `parts` numbered files.
pub fn index(base: &str, parts: usize) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts {
        out += &format!("<sitemap><loc>{}</loc></sitemap>\n", escape(&format!("{base}/sitemaps/{n}.xml")));
    }
    out + "</sitemapindex>\n"
}

/// The sitemap document: the whole list while it fits in one file, else the
/// index of its parts of `per_file` addresses.
pub fn document(base: &str, entries: &[Entry], per_file: usize) -> String {
    if entries.len() <= per_file { urlset(base, entries) } else { index(base, entries.len().div_ceil(per_file)) }
}

const XML: &str = "application/xml; charset=utf-8";

/// An XML document of `entries`, with the last change among them as its
/// `Last-Modified`.
fn xml_of(entries: &[Entry], body: String) -> Response {
    let mut out = response(XML, body);
    let last = entries.iter().filter_map(|e| e.lastmod).max();
    let date = last.map(|at| httpdate::fmt_http_date(at.system_time()));
    if let Some(value) = date.and_then(|d| axum::http::HeaderValue::from_str(&d).ok()) {
        out.headers_mut().insert(axum::http::header::LAST_MODIFIED, value);
    }
    out
}

/// `GET /sitemap.xml`.
pub async fn sitemap(State(state): State<AppState>) -> Response {
    match entries(&state, crate::server::now()).await {
        Ok(entries) => xml_of(&entries, document(&state.config.public_url, &entries, MAX_URLS)),
        Err(error) => error.into_response(),
    }
}

/// `GET /sitemaps/{n}.xml`: one part, when the sitemap is an index.
pub async fn part(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    // The name is checked before anything is built: a made-up one costs nothing.
    let Some(n) = file.strip_suffix(".xml").and_then(|n| n.parse::<usize>().ok()).filter(|n| *n >= 1) else {
        return AppError::NotFound.into_response();
    };
    let entries = match entries(&state, crate::server::now()).await {
        Ok(entries) => entries,
        Err(error) => return error.into_response(),
    };
    match entries.chunks(MAX_URLS).nth(n - 1) {
        Some(chunk) if entries.len() > MAX_URLS => xml_of(chunk, urlset(&state.config.public_url, chunk)),
        _ => AppError::NotFound.into_response(),
    }
}

/// `GET /robots.txt`: everything public may be crawled; the employer side,
/// moderation and server functions may not.
pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /dashboard\nDisallow: /admin\nDisallow: /api/fn/\nDisallow: /login\nDisallow: /signup\n\
         Disallow: /reset\nDisallow: /confirm\nDisallow: /join\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        state.config.public_url
    );
    response("text/plain; charset=utf-8", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<Entry> {
        (0..n).map(|i| Entry { path: format!("/jobs/job-{i}"), lastmod: Some(Time::EPOCH) }).collect()
    }

    #[test]
    fn a_long_list_becomes_an_index_of_parts() {
        let small = document("https://farcoder.dev", &entries(3), 3);
        assert!(small.contains("<urlset") && small.matches("<url>").count() == 3);
        assert!(small.contains("<loc>https://farcoder.dev/jobs/job-0</loc><lastmod>1970-01-01</lastmod>"));
        let big = document("https://farcoder.dev", &entries(7), 3);
        assert!(big.contains("<sitemapindex") && big.matches("<sitemap>").count() == 3);
        assert!(big.contains("<loc>https://farcoder.dev/sitemaps/3.xml</loc>"));
    }
}
