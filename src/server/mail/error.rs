//! What can stop mail from going out.

use crate::server::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("e-mail settings: {0}")]
    Settings(String),
}
