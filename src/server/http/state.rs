//! The state every request handler and server function can reach.

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use crate::server::config::Config;
use crate::server::db::Db;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: std::sync::Arc<Config>,
    pub storage: crate::server::storage::Storage,
    /// The in-memory read model of the open postings: what searches, lists and kept pages read.
    pub read_model: crate::server::read_model::ReadModel,
    pub pages: crate::server::http::page_cache::PageCache,
    /// Keys the visitor and reporter digests.
    pub secret: crate::server::auth::secret::Secret,
    pub metrics: crate::server::http::metrics::Metrics,
    /// The pages' one script, and the policy that lets it run.
    pub loader: crate::components::Loader,
    /// The background tasks, supervised.
    pub tasks: crate::server::tasks::Tasks,
    /// Job page views waiting to be written.
    pub views: crate::server::postings::stats::Views,
    /// Runs the queued background jobs.
    pub jobs: std::sync::Arc<crate::server::queue::Runner>,
    /// Reading employers' ATS boards.
    pub imports: std::sync::Arc<crate::server::imports::Importer>,
}

impl AppState {
    /// The state inside a server function or a page rendered on the server.
    pub fn from_context() -> Result<Self, crate::error::AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            crate::error::AppError::Internal
        })
    }
}
