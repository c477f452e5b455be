//! The application's one error type as users and server functions see it: each
//! variant knows its HTTP status and says what happened in plain words.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("We could not find that page.")]
    NotFound,
    #[error("This job is no longer open for applications.")]
    Gone,
    #[error("This job was filled: the company told us it found its person.")]
    Filled,
    #[error("Sign in to continue.")]
    Unauthorized,
    #[error("You do not have access to that.")]
    Forbidden,
    #[error("Too many attempts. Please wait {} minutes and try again.", (retry_after_secs + 59) / 60)]
    TooManyRequests { retry_after_secs: i64 },
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("Some fields need another look.")]
    InvalidFields(Vec<(String, String)>),
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    #[error("FarCoder is very busy right now. Please try again in a minute.")]
    Busy,
    #[error("We could not reach FarCoder. Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    pub fn not_found() -> Self {
        AppError::NotFound
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid { field: field.to_owned(), message: message.into() }
    }

    /// The message for `field`, when this error is about that field.
    pub fn for_field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid { field, message } if field == name => Some(message.clone()),
            AppError::InvalidFields(errors) => errors.iter().find(|(f, _)| f == name).map(|(_, m)| m.clone()),
            _ => None,
        }
    }

    /// The message when it is not about one field of a form.
    pub fn general(&self, fields: &[&str]) -> Option<String> {
        match self {
            AppError::Invalid { field, .. } if fields.contains(&field.as_str()) => None,
            AppError::InvalidFields(_) => Some(self.to_string()),
            AppError::Invalid { message, .. } => Some(message.clone()),
            other => Some(other.to_string()),
        }
    }

    /// Every field error of a form at once.
    pub fn fields(errors: Vec<crate::model::FieldError>) -> Self {
        AppError::InvalidFields(errors.into_iter().map(|e| (e.field.to_owned(), e.message)).collect())
    }

    /// `status` as axum's type.
    #[cfg(feature = "ssr")]
    pub fn status_code(&self) -> axum::http::StatusCode {
        axum::http::StatusCode::from_u16(self.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The HTTP status a response carrying this error has.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Gone | AppError::Filled => 410,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::TooManyRequests { .. } => 429,
            AppError::Invalid { .. } | AppError::InvalidFields(_) => 400,
            AppError::Internal => 500,
            AppError::Busy => 503,
            AppError::Transport(_) => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(why) => AppError::invalid("request", why),
            other => AppError::Transport(other.to_string()),
        }
    }
}
