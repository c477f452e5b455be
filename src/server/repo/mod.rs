//! Repositories: one module per aggregate, each the only place its SQL lives.

pub mod alerts;
pub mod applications;
pub mod backup_runs;
pub mod companies;
pub mod confirmations;
pub mod email_tokens;
pub mod file_deletions;
pub mod flags;
pub mod form_returns;
pub mod freshness;
pub mod guides;
pub mod invites;
pub mod job_events;
pub mod jobs;
pub mod moderation;
pub mod outbox;
pub mod rate_limits;
pub mod read_model;
pub mod reports;
pub mod revisions;
pub mod server_secrets;
pub mod sessions;
pub mod typed_postings;
pub mod users;
pub mod verifications;
pub mod webhooks;
