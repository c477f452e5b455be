//! The one room that speaks HTTP: the router, the extractors (client
//! address, session, member, moderator, visitor), the middleware (CSRF,
//! ETags, the page cache, security headers, metrics), the mapping of errors
//! to responses, and every plain route (health, feeds, sitemap, API v1,
//! logos, applications, metrics). Handlers parse, call a service and answer;
//! the services below never see a request.

pub mod api_v1;
pub mod applications;
pub mod cache;
pub mod cookies;
pub mod csrf;
pub mod edge;
pub mod embed;
pub mod error_status;
pub mod feeds;
pub mod form_errors;
pub mod form_return;
pub mod job_card;
pub mod metrics;
pub mod page_cache;
pub mod request;
pub mod request_id;
pub mod routes;
pub mod saved;
pub mod security_headers;
pub mod seekers;
pub mod sitemap;
pub mod state;
pub mod tidy;

/// An XML document (a feed, a sitemap) with its content type.
pub fn xml_response(content_type: &'static str, body: String) -> axum::response::Response {
    use axum::response::IntoResponse;
    ([(axum::http::header::CONTENT_TYPE, content_type)], body).into_response()
}
