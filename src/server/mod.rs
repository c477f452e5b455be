//! Everything that runs only on the server, in rooms that depend on each
//! other in one direction only (each may use the rooms above it in this
//! list, never one below; `src/tests/architecture.rs` checks it):
//!
//! - platform: `db` (connections, transactions, the SQL builder), `repo`
//!   (one module per table family), `read_model` (the open postings held in
//!   memory: built at start, following the change log, queried),
//!   `storage` (uploaded files), `tasks` (the background supervisor), `cpu`
//!   (bounded blocking work), `public_address`, `redact`, `seed`, `settings`
//!   (every setting, its default and range);
//! - `auth`: passwords, sessions, tokens, keyed digests, rate limits,
//!   trusted proxies; `context`: what a service is told of the request;
//! - `mail`: the outbox's delivery; `backup`: copies of the database and
//!   the uploaded files, and restoring them;
//! - the domain services, each checking its caller itself: `accounts`
//!   (sign-up, team, company profile, verification, moderators' identity),
//!   `content` (guides, Markdown, JSON-LD, salary figures), `postings`
//!   (the life cycle, edits, flags, the public board and its stats, the
//!   employer's dashboard), `applications`, `seekers` (accounts without a
//!   password, the profile, the tracker, their data), `moderation` (the review queue,
//!   decisions, reports), `freshness` (expiry, reminders, link checks,
//!   retention), `demo` (the demo's employer and moderator),
//!   `syndication` (alert digests, XML);
//! - `config`: the settings, read from the environment;
//! - `http`: the only room that speaks HTTP — router, extractors,
//!   middleware, the error-to-response mapping and every plain route;
//! - start-up: `app` (database, state, serving, shutdown) and `cli`.
//!
//! Nothing outside `http` and start-up names `axum` or `AppState`.

pub mod accounts;
pub mod app;
pub mod applications;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod config;
pub mod content;
pub mod context;
pub mod cpu;
pub mod db;
pub mod demo;
pub mod freshness;
pub mod http;
pub mod imports;
pub mod mail;
pub mod moderation;
pub mod postings;
pub mod public_address;
pub mod queue;
pub mod read_model;
pub mod redact;
pub mod repo;
pub mod seed;
pub mod seekers;
pub mod settings;
pub mod storage;
pub mod syndication;
pub mod tasks;

/// The server's clock.
pub fn now() -> crate::model::Time {
    crate::model::Time::now()
}
