//! `/jobs/{slug}/card.svg`: one job as an image for READMEs, Markdown and
//! anywhere an image goes: title, company, salary, where, level and the
//! job's address. Text only (escaped), no script, no outside resource; a
//! closed job's card says it closed. Kept by the page cache like the job's
//! own page.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::model::{CARD_HEIGHT, CARD_WIDTH, JobCard};
use crate::server::http::state::AppState;
use crate::server::postings::embed::{Card, card};
use crate::server::syndication::xml::escape;

/// What an image may do when opened on its own: show itself.
const CARD_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

/// `GET /jobs/{slug}/card.svg`.
pub async fn job_card(State(state): State<AppState>, Path(slug): Path<String>, RawQuery(query): RawQuery) -> Response {
    let now = crate::server::now();
    let base = &state.config.public_url;
    let (job, open) = match card(&state.db, &slug, now).await {
        Ok(Card::Open(job)) => (job, true),
        Ok(Card::Closed(job)) => (job, false),
        Err(err) => return err.into_response(),
    };
    if job.slug != slug || query.is_some() {
        // One address per card, as per page: retitled since, or with a query
        // string (which changes nothing, and is not kept as a card of its own).
        return Redirect::permanent(&format!("{}/card.svg", job.path())).into_response();
    }
    let mut response = (StatusCode::OK, svg(&job, open, base)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml; charset=utf-8"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CARD_POLICY));
    response
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max - 1).collect();
    format!("{}…", kept.trim_end())
}

/// The card: 600 × 170, light, in the system's sans-serif.
fn svg(job: &JobCard, open: bool, base: &str) -> String {
    let title = escape(&cut(&job.title, 46));
    let verified = if job.company_verified { " ✓ verified" } else { "" };
    let company = escape(&cut(&job.company_name, 48));
    let (pay, pay_colour) =
        if open { (escape(&job.salary.display()), "#166534") } else { ("This job has closed".to_owned(), "#9a3412") };
    let place = escape(&cut(&format!("Remote · {} · {}", job.where_label(), job.level.label()), 64));
    let address = escape(&cut(
        &format!("{}{}", base.trim_start_matches("https://").trim_start_matches("http://"), job.path()),
        70,
    ));
    let label = escape(&format!(
        "{} at {}: {}",
        job.title,
        job.company_name,
        if open { job.salary.display() } else { "closed".to_owned() }
    ));
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{CARD_WIDTH}" height="{CARD_HEIGHT}" viewBox="0 0 {CARD_WIDTH} {CARD_HEIGHT}" role="img" aria-label="{label}">
<title>{label}</title>
<rect x="0.5" y="0.5" width="{w}" height="{h}" rx="12" fill="#ffffff" stroke="#d0d7de"/>
<g font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif">
<text x="24" y="42" font-size="22" font-weight="700" fill="#111827">{title}</text>
<text x="24" y="70" font-size="16" fill="#374151">{company}<tspan fill="#166534">{verified}</tspan></text>
<text x="24" y="102" font-size="18" font-weight="600" fill="{pay_colour}">{pay}</text>
<text x="24" y="128" font-size="14" fill="#4b5563">{place}</text>
<text x="24" y="152" font-size="12" fill="#6b7280">{address}</text>
<text x="{brand_x}" y="152" font-size="12" font-weight="700" fill="#1d4ed8" text-anchor="end">FarCoder</text>
</g>
</svg>
"##,
        w = CARD_WIDTH - 1,
        h = CARD_HEIGHT - 1,
        brand_x = CARD_WIDTH - 24,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(cut("Rust Engineer", 46), "Rust Engineer");
        let long = "A".repeat(100);
        let cut = cut(&long, 46);
        assert_eq!(cut.chars().count(), 46);
        assert!(cut.ends_with('…'));
    }
}
