//! The callback a carrier posts delivery notices to: `POST /hooks/carrier`,
//! signed like a payment notification (with the platform's carrier secret).
//! It stands in for a logistics provider's push: the body names the carrier
//! and tracking number, and every shipped order with them is delivered.

use crate::server::signing::{self, SIGNATURE_HEADER};
use crate::server::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The name of the carrier secret in `platform_secret`.
pub const CARRIER_SECRET: &str = "carrier";

#[derive(Deserialize)]
struct CarrierNotice {
    carrier: String,
    tracking_number: String,
    status: String,
}

pub async fn carrier_notice(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if let Err(e) = signing::verify(&state.carrier_secret, signature, &body, crate::server::now_ms() / 1000) {
        tracing::warn!(error = ?e, "carrier notice refused: signature");
        return (StatusCode::BAD_REQUEST, "refused").into_response();
    }
    let Ok(notice) = serde_json::from_slice::<CarrierNotice>(&body) else {
        tracing::warn!("carrier notice refused: not a notice");
        return (StatusCode::BAD_REQUEST, "refused").into_response();
    };
    if notice.status != "delivered" {
        // Other scan events (picked up, in transit) change nothing here.
        return (StatusCode::OK, "ok").into_response();
    }
    let outcome = async {
        let mut tx = state.db.begin_write().await?;
        let mut n =
            super::service::delivered_by_carrier(&mut tx, &state.config, &notice.carrier, &notice.tracking_number)
                .await?;
        // The same carriers bring returns back to shops.
        let carrier = super::domain::parse_carrier(&notice.carrier).map_err(crate::error::AppError::new)?;
        let tracking =
            super::domain::parse_tracking_number(&notice.tracking_number).map_err(crate::error::AppError::new)?;
        n += crate::aftersales::service::return_delivered(
            &mut tx,
            &state.config,
            carrier,
            &tracking,
            crate::server::now_ms(),
        )
        .await?;
        tx.commit().await?;
        Ok::<usize, crate::error::AppError>(n)
    }
    .await;
    match outcome {
        Ok(n) => {
            tracing::info!(orders = n, "carrier notice: delivered");
            (StatusCode::OK, "ok").into_response()
        }
        // Busy: given up in a deadlock, nothing written; the carrier tries again.
        Err(e)
            if matches!(
                e.code,
                crate::error::ErrorCode::Internal | crate::error::ErrorCode::Busy
            ) =>
        {
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
        Err(e) => {
            tracing::warn!(code = ?e.code, "carrier notice refused");
            (StatusCode::BAD_REQUEST, "refused").into_response()
        }
    }
}
