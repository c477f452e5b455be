//! The state every request handler and server function can reach.

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use super::config::Config;
use super::db::Db;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: std::sync::Arc<Config>,
    pub storage: super::storage::Storage,
    pub search: super::search::SearchEngine,
    pub pages: super::page_cache::PageCache,
    /// Keys the visitor and reporter digests.
    pub secret: super::auth::secret::Secret,
    pub metrics: super::metrics::Metrics,
    /// The background tasks, supervised.
    pub tasks: super::tasks::Tasks,
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
