//! Repositories: one module per aggregate, each the only place its SQL lives.

pub mod companies;
pub mod jobs;
pub mod text_search;
