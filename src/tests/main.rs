//! Integration tests: the real app on port 0 against a fresh database, spoken
//! to over HTTP.

mod accounts;
mod alerts;
mod answers;
mod api_v1;
mod applications;
mod architecture;
mod atomic;
mod bad_input;
mod caching;
mod company;
mod demo;
mod documents;
mod guides;
mod hardening;
mod harness;
mod http;
mod insights;
mod islands;
mod job_page;
mod mail;
mod mailbox;
mod metrics;
mod moderation;
mod operations;
mod pages;
mod postgres;
mod postings;
mod processes;
mod saved;
mod schema;
mod search;
mod search_engine;
mod stats;
mod still_hiring;
mod trust;
