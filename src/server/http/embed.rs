//! Jobs on other sites. A company's open jobs for its own careers page:
//! `/companies/{slug}/embed`, a small page any site may frame (an iframe),
//! and `/companies/{slug}/jobs.json`, the same list as the API writes jobs.
//! Any search as the same kind of widget: `/embed/jobs?…` (the `/jobs`
//! filters, and `limit`). One job as an image card for READMEs and Markdown:
//! `/jobs/{slug}/card.svg`. All follow the board: a job that closes leaves
//! the lists, and its card says it closed. None runs a script.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::model::{CompanyPage, JobCard};
use crate::server::http::api_v1::{Job, job};
use crate::server::http::state::AppState;
use crate::server::syndication::xml::escape;

/// What a site that frames the widget may do: show it, nothing else.
pub const EMBED_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; \
     form-action 'none'; frame-ancestors *";

/// Whether `path` is a widget page, which other sites may frame.
pub fn is_embed(path: &str) -> bool {
    path == "/embed/jobs"
        || path
            .strip_prefix("/companies/")
            .and_then(|rest| rest.strip_suffix("/embed"))
            .is_some_and(|slug| !slug.contains('/'))
}

async fn company(state: &AppState, slug: &str) -> Result<CompanyPage, Response> {
    let now = crate::server::now();
    crate::server::postings::jobs::company_page(&state.db, slug, now).await.map_err(IntoResponse::into_response)
}

/// `GET /companies/{slug}/embed`.
pub async fn widget(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    match company(&state, &slug).await {
        Ok(page) => {
            let base = &state.config.public_url;
            let name = escape(&page.name);
            let footer = Footer {
                href: format!("{base}/companies/{}", escape(&page.slug)),
                text: format!("All jobs at {name} on FarCoder"),
            };
            let body =
                html(&format!("Open jobs at {name}"), &page.jobs, false, "No open jobs right now.", &footer, base);
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
        }
        Err(response) => response,
    }
}

/// `GET /embed/jobs?…`: a search's newest matches.
pub async fn search_widget(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let now = crate::server::now();
    let query = query.unwrap_or_default();
    match crate::server::postings::embed::widget(&state.db, &state.read_model, &query, now).await {
        Ok(widget) => {
            let base = &state.config.public_url;
            let search = widget.filter.to_query(1);
            let footer = Footer {
                href: escape(&if search.is_empty() { format!("{base}/jobs") } else { format!("{base}/jobs?{search}") }),
                text: match widget.total {
                    1 => "The one match on FarCoder".to_owned(),
                    n => format!("All {n} matches on FarCoder"),
                },
            };
            let title = escape(&crate::model::widget_title(&widget.filter));
            let empty = "No open jobs match this search right now.";
            let body = html(&title, &widget.jobs, true, empty, &footer, base);
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// The link under a widget's list (escaped).
struct Footer {
    href: String,
    text: String,
}

/// A widget's page (its `title` escaped): the jobs as links that open on
/// FarCoder, each with its company when `companies`.
fn html(title: &str, jobs: &[JobCard], companies: bool, empty: &str, footer: &Footer, base: &str) -> String {
    let mut items = String::new();
    for card in jobs {
        let company = if companies { format!("{} · ", escape(&card.company_name)) } else { String::new() };
        items += &format!(
            "<li><a href=\"{base}{path}\" target=\"_blank\" rel=\"noopener\">{title}</a>\
             <span class=\"facts\">{company}{salary} · {place} · {level}</span></li>\n",
            path = escape(&card.path()),
            title = escape(&card.title),
            salary = escape(&card.salary.display()),
            place = escape(&card.where_label()),
            level = card.level.label(),
        );
    }
    let list = if items.is_empty() { format!("<p class=\"empty\">{empty}</p>") } else { format!("<ul>\n{items}</ul>") };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"{base}/embed.css\"></head>\
         <body><main><h1>{title}</h1>\n{list}\n\
         <p class=\"by\"><a href=\"{href}\" target=\"_blank\" rel=\"noopener\">{text}</a></p>\
         </main></body></html>\n",
        href = footer.href,
        text = footer.text,
    )
}

/// The JSON list.
#[derive(Serialize)]
pub struct CompanyJobs {
    pub company: EmbedCompany,
    pub jobs: Vec<Job>,
}

#[derive(Serialize)]
pub struct EmbedCompany {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub verified: bool,
}

/// `GET /companies/{slug}/jobs.json`.
pub async fn jobs_json(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    match company(&state, &slug).await {
        Ok(page) => {
            let base = &state.config.public_url;
            Json(CompanyJobs {
                company: EmbedCompany {
                    url: format!("{base}/companies/{}", page.slug),
                    name: page.name,
                    slug: page.slug,
                    verified: page.verified,
                },
                jobs: page.jobs.into_iter().map(|card| job(card, base)).collect(),
            })
            .into_response()
        }
        Err(response) => response,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_widget_pages_may_be_framed() {
        assert!(super::is_embed("/companies/acme/embed"));
        assert!(super::is_embed("/embed/jobs"));
        for path in ["/companies/acme", "/companies/acme/logo", "/companies/a/b/embed", "/jobs/embed", "/embed"] {
            assert!(!super::is_embed(path), "{path}");
        }
    }
}
