//! The callback a payment provider posts its signed notifications to:
//! `POST /hooks/payments/{provider}`. A notification with a bad signature,
//! an unknown payment or a wrong amount is refused (400) and logged; one
//! that could not be stored is answered 503, so the provider sends it again.

use super::service::{self, ConfirmError};
use crate::server::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn payment_notification(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if provider != state.payments.name() {
        return (StatusCode::NOT_FOUND, "unknown provider").into_response();
    }
    let notification = match state.payments.verify_notification(&headers, &body) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(provider, error = %e, "payment notification refused");
            return (StatusCode::BAD_REQUEST, "refused").into_response();
        }
    };
    match service::confirm(&state, &notification).await {
        Ok(outcome) => {
            tracing::debug!(?outcome, "payment notification taken");
            let (content_type, body) = state.payments.acknowledgement();
            ([(header::CONTENT_TYPE, content_type)], body).into_response()
        }
        Err(ConfirmError::Storage(e)) => {
            tracing::error!(error = %e, "payment notification could not be stored; the provider will retry");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
        Err(ConfirmError::Conflict) => {
            tracing::warn!(
                provider,
                "payment notification crossed concurrent changes; the provider will retry"
            );
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
        Err(e) => {
            tracing::warn!(provider, reference = %notification.reference, error = %e, "payment notification refused");
            (StatusCode::BAD_REQUEST, "refused").into_response()
        }
    }
}
