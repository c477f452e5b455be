//! Everything that runs only on the server: configuration, the database and its
//! repositories, the services server functions call, and the plain HTTP routes.

pub mod accounts;
pub mod alerts;
pub mod api_v1;
pub mod app;
pub mod applicants;
pub mod application_routes;
pub mod applications;
pub mod auth;
pub mod cli;
pub mod company;
pub mod config;
pub mod cpu;
pub mod db;
pub mod error_status;
pub mod feeds;
pub mod flags;
pub mod form_errors;
pub mod freshness;
pub mod guides;
pub mod http_cache;
pub mod jobs;
pub mod json_ld;
pub mod logo;
pub mod mail;
pub mod markdown;
pub mod metrics;
pub mod moderation;
pub mod page_cache;
pub mod postings;
pub mod public_address;
pub mod repo;
pub mod reports;
pub mod revisions;
pub mod routes;
pub mod salaries;
pub mod search;
pub mod security_headers;
pub mod seed;
pub mod sitemap;
pub mod state;
pub mod stats;
pub mod storage;
pub mod tasks;
pub mod team;
pub mod verification;
pub mod xml;

/// Seconds since the unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}
