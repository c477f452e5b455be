//! Where an `AppError` becomes an HTTP answer: plain routes return it (its
//! status, its words, and `Retry-After` when it asks for a wait); server
//! functions answer every error with 500 unless the function sets a
//! status itself, and an error raised before the function runs (a request
//! whose arguments do not parse) cannot, so a layer gives such answers the
//! status their `AppError` names: bad input is a 400, never a 500.

use axum::body::{Body, to_bytes};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

const MAX_ERROR_BODY: usize = 64 * 1024;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = (self.status_code(), self.to_string()).into_response();
        if let AppError::TooManyRequests { retry_after_secs } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.max(1).to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

pub async fn server_fn_errors(request: Request<Body>, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/fn/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status_code();
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_answers_with_its_status_and_words() {
        let response = AppError::Gone.into_response();
        assert_eq!(response.status(), StatusCode::GONE);
        let response = AppError::invalid("email", "Give an address.").into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let response = AppError::TooManyRequests { retry_after_secs: 90 }.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "90");
        assert!(!AppError::NotFound.into_response().headers().contains_key(header::RETRY_AFTER));
    }
}
