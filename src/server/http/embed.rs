//! A company's open jobs for its own careers page: `/companies/{slug}/embed`,
//! a small page any site may frame (an iframe), and
//! `/companies/{slug}/jobs.json`, the same list as the API writes jobs.
//! Both follow the board: a job that closes leaves them.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::model::CompanyPage;
use crate::server::http::api_v1::{Job, job};
use crate::server::http::state::AppState;
use crate::server::syndication::xml::escape;

/// What a site that frames the widget may do: show it, nothing else.
pub const EMBED_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; \
     form-action 'none'; frame-ancestors *";

/// Whether `path` is a widget page, which other sites may frame.
pub fn is_embed(path: &str) -> bool {
    path.strip_prefix("/companies/")
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
        Ok(page) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html(&page, &state.config.public_url))
            .into_response(),
        Err(response) => response,
    }
}

/// The widget's page: the jobs as links that open on FarCoder.
fn html(page: &CompanyPage, base: &str) -> String {
    let name = escape(&page.name);
    let mut items = String::new();
    for card in &page.jobs {
        items += &format!(
            "<li><a href=\"{base}{path}\" target=\"_blank\" rel=\"noopener\">{title}</a>\
             <span class=\"facts\">{salary} · {place} · {level}</span></li>\n",
            path = escape(&card.path()),
            title = escape(&card.title),
            salary = escape(&card.salary.display()),
            place = escape(&card.where_label()),
            level = card.level.label(),
        );
    }
    let list = if items.is_empty() {
        "<p class=\"empty\">No open jobs right now.</p>".to_owned()
    } else {
        format!("<ul>\n{items}</ul>")
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Open jobs at {name}</title><link rel=\"stylesheet\" href=\"{base}/embed.css\"></head>\
         <body><main><h1>Open jobs at {name}</h1>\n{list}\n\
         <p class=\"by\"><a href=\"{base}/companies/{slug}\" target=\"_blank\" rel=\"noopener\">All jobs at {name} on FarCoder</a></p>\
         </main></body></html>\n",
        slug = escape(&page.slug),
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
        for path in ["/companies/acme", "/companies/acme/logo", "/companies/a/b/embed", "/jobs/embed"] {
            assert!(!super::is_embed(path), "{path}");
        }
    }
}
