//! Server functions of payments: the payment page and Pay, for the caller's
//! own checkouts only. Card details pass through to the provider and are
//! never stored or logged.

use crate::error::AppError;
use crate::orders::model::OrderSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a checkout's payment stands, as its page says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentState {
    /// Orders wait for payment (none tried yet, or the last try failed).
    Due,
    /// The provider accepted it; its confirmation is on its way.
    Confirming,
    /// Every order that was waiting is paid.
    Paid,
    /// Nothing to pay: the orders were cancelled.
    Closed,
}

/// Everything the payment page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub checkout_id: i64,
    pub orders: Vec<OrderSummary>,
    /// What Pay would take now: the orders still waiting for payment.
    pub due_minor: i64,
    pub state: PaymentState,
    /// A fresh attempt key for this page's Pay form.
    pub attempt: String,
}

/// The payment page of one of the caller's checkouts.
#[server(endpoint = "payments/page")]
pub async fn load_payment(checkout_id: i64) -> Result<PaymentView, AppError> {
    use crate::orders::model::OrderStatus;
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        crate::checkout::service::own_checkout(&mut conn, viewer.user_id, checkout_id).await?;
        let orders = crate::orders::service::checkout_orders(&mut conn, viewer.user_id, checkout_id).await?;
        let waiting = |o: &&OrderSummary| o.status == OrderStatus::PendingPayment;
        let due_minor = orders.iter().filter(waiting).map(|o| o.total_minor).sum();
        let any_waiting = orders.iter().any(|o| waiting(&o));
        let any_paid = orders
            .iter()
            .any(|o| !matches!(o.status, OrderStatus::PendingPayment | OrderStatus::Cancelled));
        // A payment under way holds the checkout's turn until its provider
        // confirms (or the turn runs out and Pay is offered again).
        let under_way = crate::checkout::service::payment_under_way(&mut conn, checkout_id, crate::server::now_ms())
            .await?
            .is_some();
        let state = match (any_waiting, under_way) {
            (true, true) => PaymentState::Confirming,
            (true, false) => PaymentState::Due,
            (false, _) if any_paid => PaymentState::Paid,
            (false, _) => PaymentState::Closed,
        };
        Ok(PaymentView {
            checkout_id,
            orders,
            due_minor,
            state,
            attempt: crate::accounts::service::new_token(),
        })
    };
    web::answer(result.await)
}

/// Pay: charges the card for the checkout's orders still waiting, then goes
/// back to the payment page, which says how it went. A declined card is
/// told next to the card number, and the orders stay payable.
#[server(endpoint = "payments/pay")]
pub async fn pay(
    checkout_id: i64,
    #[server(default)] attempt: String,
    #[server(default)] card_number: String,
    #[server(default)] expiry: String,
    #[server(default)] cvc: String,
) -> Result<(), AppError> {
    use crate::payments::service::{self, CardInput, PayOutcome};
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let card = CardInput {
        number: &card_number,
        expiry: &expiry,
        cvc: &cvc,
    };
    match service::pay(&state, viewer.user_id, checkout_id, &attempt, &card).await {
        Ok(PayOutcome::Redirect(url)) => {
            // The provider's own page (its address comes from our
            // configuration, never from the request).
            if web::is_plain_form_post() {
                leptos_axum::redirect(&url);
            }
            Ok(())
        }
        Ok(_) => web::finish(Ok(()), &format!("/pay/{checkout_id}")),
        Err(e) => web::fail(e),
    }
}
