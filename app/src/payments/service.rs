//! Payment use cases: paying a checkout's waiting orders, taking the
//! provider's signed notification (the only proof of payment), and sending
//! money back. Orders change status only through `orders::service`.
//!
//! Never charged twice: a payment form carries an attempt key (a double
//! click is one payment), a checkout has one payment turn at a time (two
//! tabs cannot pay at once), a notification is applied once (a guarded
//! update), and money that lands on an order that no longer waits for it
//! (cancelled meanwhile, or paid already) is refunded at once.

use super::db::{self, NewPayment, PaymentRow};
use super::domain::{year_month_in_china, CardNumber, Cvc, Expiry};
use super::provider::{Decline, Notification, PaymentMethod, PaymentRequest, Queried, RefundRequest, Started};
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::orders::domain::OrderAction;
use crate::orders::model::{Actor, OrderStatus, RefundView};
use crate::orders::service::JobOutcome;
use crate::server::db::internal;
use crate::server::{jobs, now_ms, AppState, Conn, Tx};
use std::time::Duration;

/// The job that sends a refund to the provider.
pub const REFUND_JOB: &str = "refund.send";

/// Payments this server waits on, woken when their notification is applied
/// here (the test gateway and most callbacks reach the server that took
/// the payment); a notification taken by another server is found by
/// looking again a little later.
#[derive(Default)]
pub struct Confirmations(std::sync::Mutex<std::collections::HashMap<i64, std::sync::Arc<tokio::sync::Notify>>>);

impl Confirmations {
    fn watch(&self, payment_id: i64) -> std::sync::Arc<tokio::sync::Notify> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(payment_id).or_default().clone()
    }

    fn forget(&self, payment_id: i64) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(&payment_id);
    }

    fn wake(&self, payment_id: i64) {
        if let Some(n) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&payment_id) {
            n.notify_one();
        }
    }
}
/// How long one payment holds its checkout's turn: longer than a
/// provider takes to confirm, retries included (the payment page waits,
/// then offers Pay again).
const TURN_MS: i64 = 180_000;

/// The payment form as typed (never logged, never stored whole).
pub struct CardInput<'a> {
    pub number: &'a str,
    pub expiry: &'a str,
    pub cvc: &'a str,
}

/// Where a payment stands after the shopper pressed Pay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayOutcome {
    /// The provider's notification arrived: the orders are paid.
    Paid,
    /// Accepted, the notification not here yet: the page waits for it.
    Processing,
    /// The shopper finishes on the provider's page.
    Redirect(String),
}

fn parse_card(input: &CardInput<'_>) -> Result<PaymentMethod, AppError> {
    let mut errors = FieldErrors::default();
    let number = errors.check("card_number", CardNumber::parse(input.number));
    let expiry = errors.check("expiry", Expiry::parse(input.expiry, year_month_in_china(now_ms())));
    let cvc = errors.check("cvc", Cvc::parse(input.cvc, number.as_ref().map(CardNumber::brand)));
    match (number, expiry, cvc) {
        (Some(number), Some(expiry), Some(cvc)) => Ok(PaymentMethod::Card { number, expiry, cvc }),
        // Only the expiry goes back into the form: a card number or CVC
        // never travels in a redirect URL.
        _ => Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest))
            .echo(&[("expiry", input.expiry)])),
    }
}

fn declined_error(decline: Decline) -> AppError {
    let code = match decline {
        Decline::CardDeclined => ErrorCode::CardDeclined,
        Decline::InsufficientFunds => ErrorCode::InsufficientFunds,
        Decline::InvalidCard => ErrorCode::CardNumberInvalid,
    };
    AppError::field("card_number", code)
}

/// What an earlier attempt with the same key came to.
fn replay(payment: &PaymentRow) -> Result<PayOutcome, AppError> {
    match payment.status.as_str() {
        "succeeded" => Ok(PayOutcome::Paid),
        "failed" => Err(declined_error(Decline::from_db(
            payment.failure_code.as_deref().unwrap_or(""),
        ))),
        _ => Ok(PayOutcome::Processing),
    }
}

/// Pays the checkout's orders still waiting for payment with a card. The
/// provider's answer comes back asynchronously; this waits a moment for it
/// (and asks the provider when it is late), so the shopper usually sees the
/// outcome at once.
#[tracing::instrument(skip_all, fields(checkout_id))]
pub async fn pay(
    state: &AppState,
    user_id: i64,
    checkout_id: i64,
    attempt_key: &str,
    card: &CardInput<'_>,
) -> Result<PayOutcome, AppError> {
    let method = parse_card(card)?;
    let attempt_key = attempt_key.trim();
    if attempt_key.len() < 16 || attempt_key.len() > 128 {
        return Err(AppError::new(ErrorCode::BadRequest));
    }
    let provider = state.payments.clone();
    let PaymentMethod::Card { number, .. } = &method;
    let (brand, last4) = (number.brand().name(), number.last4().to_string());

    // 1. Record the attempt (or find it again), in one transaction.
    let mut tx = state.db.begin_write().await?;
    crate::checkout::service::own_checkout(&mut tx, user_id, checkout_id).await?;
    if let Some(done) = db::by_attempt(&mut *tx, attempt_key).await? {
        if done.user_id != user_id {
            return Err(AppError::new(ErrorCode::BadRequest));
        }
        return replay(&done);
    }
    let waiting: Vec<(i64, i64)> = crate::orders::service::checkout_heads(&mut tx, checkout_id)
        .await?
        .into_iter()
        .filter(|h| h.status == OrderStatus::PendingPayment.as_db())
        .map(|h| (h.order_id, h.total_minor))
        .collect();
    let amount_minor: i64 = waiting.iter().map(|(_, total)| total).sum();
    if waiting.is_empty() || amount_minor <= 0 {
        return Err(AppError::new(ErrorCode::NothingToPay));
    }
    let now = now_ms();
    let payment_id = db::insert(
        &mut *tx,
        &NewPayment {
            checkout_id,
            user_id,
            attempt_key,
            provider: provider.name(),
            amount_minor,
            card_brand: brand,
            card_last4: &last4,
        },
        now,
    )
    .await?;
    for (order_id, total) in &waiting {
        db::insert_part(&mut *tx, payment_id, *order_id, *total, now).await?;
    }
    // One payment at a time per checkout (two tabs, two cards): refused
    // here, the attempt is not recorded.
    crate::checkout::service::take_payment_turn(&mut tx, checkout_id, payment_id, TURN_MS).await?;
    tx.commit().await?;

    // 2. Ask the provider (outside any transaction: it may take a while).
    // Watch before asking: the notification may beat the provider's answer.
    state.confirmations.watch(payment_id);
    let request = PaymentRequest {
        reference: payment_id.to_string(),
        amount_minor,
        description: format!("Jishi checkout {checkout_id}"),
        notify_url: state
            .config
            .callback_url(&format!("/hooks/payments/{}", provider.name())),
        idempotency_key: attempt_key.to_string(),
        method,
    };
    let started = provider.create(request).await;
    if !matches!(started, Ok(Started::Authorized { .. })) {
        state.confirmations.forget(payment_id);
    }
    let started = match started {
        Ok(started) => started,
        Err(e) => {
            tracing::warn!(payment_id, error = %e, "payment provider unavailable");
            fail(state, payment_id, checkout_id, &[], "provider_unavailable").await?;
            return Err(AppError::new(ErrorCode::PaymentUnavailable));
        }
    };
    match started {
        Started::Declined(decline) => {
            tracing::info!(payment_id, reason = decline.as_db(), "payment declined");
            let orders: Vec<i64> = waiting.iter().map(|(id, _)| *id).collect();
            fail(state, payment_id, checkout_id, &orders, decline.as_db()).await?;
            Err(declined_error(decline))
        }
        Started::Redirect { provider_ref, url } => {
            authorized(state, payment_id, &provider_ref).await?;
            Ok(PayOutcome::Redirect(url))
        }
        Started::Authorized { provider_ref } => {
            authorized(state, payment_id, &provider_ref).await?;
            let outcome = wait_for_confirmation(state, payment_id).await;
            state.confirmations.forget(payment_id);
            outcome
        }
    }
}

async fn authorized(state: &AppState, payment_id: i64, provider_ref: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    db::set_authorized(&mut *tx, payment_id, provider_ref, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// A payment that did not happen: recorded on its orders, the turn freed.
async fn fail(state: &AppState, payment_id: i64, checkout_id: i64, orders: &[i64], code: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    db::set_failed(&mut *tx, payment_id, code, now_ms()).await?;
    crate::checkout::service::release_payment_turn(&mut tx, checkout_id, payment_id).await?;
    crate::orders::service::record_declined(&mut tx, orders, code).await?;
    tx.commit().await?;
    Ok(())
}

/// Waits for the notification a short while, then asks the provider.
async fn wait_for_confirmation(state: &AppState, payment_id: i64) -> Result<PayOutcome, AppError> {
    let deadline = tokio::time::Instant::now() + Duration::from_millis(state.config.payment_wait_ms);
    let woken = state.confirmations.watch(payment_id);
    loop {
        let status = db::by_id(state.db.pool(), payment_id)
            .await?
            .map(|p| p.status)
            .unwrap_or_default();
        match status.as_str() {
            "succeeded" => return Ok(PayOutcome::Paid),
            "failed" => return Ok(PayOutcome::Processing),
            _ => {}
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            break;
        }
        // Woken by the notification here, or look again (another server
        // may have taken it).
        let next_look = (now + Duration::from_millis(200)).min(deadline);
        let _ = tokio::time::timeout_at(next_look, woken.notified()).await;
    }
    // The notification is late: ask, and apply the answer the same way.
    if let Ok(Queried::Succeeded {
        provider_ref,
        amount_minor,
    }) = state.payments.query(&payment_id.to_string()).await
    {
        let notification = Notification {
            reference: payment_id.to_string(),
            provider_ref,
            amount_minor,
            declined: None,
        };
        confirm(state, &notification).await.map_err(|e| match e {
            ConfirmError::Conflict => AppError::new(ErrorCode::Busy),
            e => internal(e.to_string()),
        })?;
        return Ok(PayOutcome::Paid);
    }
    Ok(PayOutcome::Processing)
}

/// Why a notification was not applied (the callback answers 400 and logs).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfirmError {
    #[error("no such payment")]
    UnknownPayment,
    #[error("amount {got} does not match the payment's {expected}")]
    WrongAmount { expected: i64, got: i64 },
    #[error("database: {0}")]
    Storage(String),
    /// PostgreSQL gave this transaction up for a concurrent one's sake
    /// (tried again before it comes to this).
    #[error("database busy with a concurrent change")]
    Conflict,
}

impl From<sqlx::Error> for ConfirmError {
    fn from(e: sqlx::Error) -> Self {
        if crate::server::db::is_conflict(&e) {
            return ConfirmError::Conflict;
        }
        ConfirmError::Storage(e.to_string())
    }
}

impl From<AppError> for ConfirmError {
    fn from(e: AppError) -> Self {
        if e.code == ErrorCode::Busy {
            return ConfirmError::Conflict;
        }
        ConfirmError::Storage(format!("{:?}", e.code))
    }
}

/// What a notification did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// The orders are paid now.
    Applied,
    /// This payment was confirmed before (a repeated notification).
    AlreadyApplied,
    /// The provider says the payment failed after all.
    Failed,
}

/// Applies a verified notification: once, whatever the number of copies or
/// the order they come in. Money for orders that no longer wait for it goes
/// back at once.
#[tracing::instrument(skip(state, notification), fields(reference = %notification.reference))]
pub async fn confirm(state: &AppState, notification: &Notification) -> Result<Confirmed, ConfirmError> {
    // A payment touches many shared rows (stock, a group, the figures);
    // when PostgreSQL gives it up for a concurrent change, nothing was
    // written and it is applied again, as it would be on the provider's
    // next try.
    let mut tries = 0;
    loop {
        tries += 1;
        match confirm_once(state, notification).await {
            Err(ConfirmError::Conflict) if tries < 3 => {
                tracing::warn!(tries, "payment confirmation crossed a concurrent change: trying again");
            }
            outcome => return outcome,
        }
    }
}

async fn confirm_once(state: &AppState, notification: &Notification) -> Result<Confirmed, ConfirmError> {
    let payment_id: i64 = notification
        .reference
        .parse()
        .map_err(|_| ConfirmError::UnknownPayment)?;
    let mut tx = state.db.begin_write().await?;
    let payment = db::by_id(&mut *tx, payment_id)
        .await?
        .filter(|p| p.provider == state.payments.name())
        .ok_or(ConfirmError::UnknownPayment)?;
    if notification.amount_minor != payment.amount_minor {
        return Err(ConfirmError::WrongAmount {
            expected: payment.amount_minor,
            got: notification.amount_minor,
        });
    }
    let now = now_ms();
    if let Some(decline) = notification.declined {
        if db::set_failed(&mut *tx, payment_id, decline.as_db(), now).await? == 1 {
            let orders: Vec<i64> = db::parts(&mut *tx, payment_id)
                .await?
                .into_iter()
                .map(|(o, _)| o)
                .collect();
            crate::orders::service::record_declined(&mut tx, &orders, decline.as_db()).await?;
        }
        crate::checkout::service::release_payment_turn(&mut tx, payment.checkout_id, payment_id).await?;
        tx.commit().await?;
        state.confirmations.wake(payment_id);
        return Ok(Confirmed::Failed);
    }
    if db::set_succeeded(&mut *tx, payment_id, &notification.provider_ref, now).await? == 0 {
        return Ok(Confirmed::AlreadyApplied);
    }
    for (order_id, amount) in db::parts(&mut *tx, payment_id).await? {
        let detail = format!(
            "{} •••• {} {}",
            payment.card_brand.as_deref().unwrap_or(""),
            payment.card_last4.as_deref().unwrap_or(""),
            notification.provider_ref
        );
        let paid = crate::orders::service::transition(
            &mut tx,
            &state.config,
            order_id,
            OrderAction::Pay,
            Actor::PaymentProvider,
            "",
            &detail,
        )
        .await;
        match paid {
            Ok(changed) => {
                db::mark_applied(&mut *tx, payment_id, order_id).await?;
                if changed.group_closed {
                    crate::orders::service::refund_late_group_payment(&mut tx, &state.config, order_id).await?;
                }
            }
            Err(e) if e.code == ErrorCode::OrderNotPayable => {
                // Cancelled (or paid) while the money was on its way.
                tracing::warn!(
                    payment_id,
                    order_id,
                    "payment for an order no longer waiting: refunding"
                );
                if amount > 0 {
                    create_refund(
                        &mut tx,
                        payment_id,
                        order_id,
                        amount,
                        "paid after it was cancelled or paid",
                        now_ms(),
                    )
                    .await?;
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    crate::checkout::service::release_payment_turn(&mut tx, payment.checkout_id, payment_id).await?;
    tx.commit().await?;
    state.confirmations.wake(payment_id);
    tracing::info!(payment_id, "payment confirmed");
    Ok(Confirmed::Applied)
}

async fn create_refund(
    tx: &mut Tx,
    payment_id: i64,
    order_id: i64,
    amount: i64,
    reason: &str,
    now: i64,
) -> Result<i64, AppError> {
    let key = format!("refund-{}", uuid::Uuid::new_v4().simple());
    let refund_id = db::insert_refund(&mut **tx, payment_id, order_id, amount, &key, reason, now).await?;
    jobs::schedule(tx, REFUND_JOB, refund_id, now, now).await?;
    crate::orders::service::record_refund_started(tx, order_id, amount, reason).await?;
    Ok(refund_id)
}

/// Sends back what an order was paid (all that is left of it, or at most
/// `amount`): from the payment that paid it, never more than that payment
/// brought for this order less what already went back of it. Money a
/// second payment brought is returned on its own (`confirm`) and never
/// counts here. Nothing when the order was not paid.
pub async fn refund_order(
    tx: &mut Tx,
    order_id: i64,
    amount: Option<i64>,
    reason: &str,
) -> Result<Option<i64>, AppError> {
    let Some(payment) = db::applied_payment(&mut **tx, order_id).await? else {
        return Ok(None);
    };
    let paid = db::part_amount(&mut **tx, payment.payment_id, order_id).await?;
    let returned = db::refunded_for(&mut **tx, payment.payment_id, order_id).await?;
    let left = paid - returned;
    let amount = amount.map_or(left, |a| a.min(left));
    if amount <= 0 {
        return Ok(None);
    }
    let now = now_ms();
    let refund_id = create_refund(tx, payment.payment_id, order_id, amount, reason, now).await?;
    crate::analytics::service::refunded(tx, order_id, amount, now).await?;
    Ok(Some(refund_id))
}

/// Sends back `amount` of what an order was paid under the caller's own
/// idempotency key (an after-sales request's): at most what is left of the
/// payment for the order; a second call with the same key is refused by
/// the key's unique index instead of paying twice.
pub async fn refund_order_keyed(
    tx: &mut Tx,
    order_id: i64,
    amount: i64,
    reason: &str,
    key: &str,
) -> Result<i64, AppError> {
    let payment = db::applied_payment(&mut **tx, order_id)
        .await?
        .ok_or(AppError::new(ErrorCode::OrderNotRefundable))?;
    let paid = db::part_amount(&mut **tx, payment.payment_id, order_id).await?;
    let returned = db::refunded_for(&mut **tx, payment.payment_id, order_id).await?;
    if amount <= 0 || amount > paid - returned {
        return Err(AppError::new(ErrorCode::RefundOverPaid));
    }
    let now = now_ms();
    let refund_id = db::insert_refund(&mut **tx, payment.payment_id, order_id, amount, key, reason, now).await?;
    jobs::schedule(tx, REFUND_JOB, refund_id, now, now).await?;
    crate::orders::service::record_refund_started(tx, order_id, amount, reason).await?;
    crate::analytics::service::refunded(tx, order_id, amount, now).await?;
    Ok(refund_id)
}

/// The refund job: asks the provider (with the refund's own key, so a retry
/// never refunds twice), then records the money as returned: on the order
/// when it came from the payment that paid it, on its timeline either way.
pub async fn send_refund(state: &AppState, refund_id: i64) -> Result<JobOutcome, AppError> {
    let Some(refund) = db::refund(state.db.pool(), refund_id).await? else {
        return Ok(JobOutcome::Done);
    };
    if refund.status != "pending" {
        return Ok(JobOutcome::Done);
    }
    let payment = db::by_id(state.db.pool(), refund.payment_id)
        .await?
        .ok_or_else(|| internal(format!("refund {refund_id} has no payment")))?;
    let Some(provider_ref) = payment.provider_ref else {
        return Err(internal(format!(
            "payment {} has no provider reference",
            payment.payment_id
        )));
    };
    let done = state
        .payments
        .refund(RefundRequest {
            provider_ref,
            amount_minor: refund.amount_minor,
            idempotency_key: refund.idempotency_key.clone(),
        })
        .await
        .map_err(|e| internal(e.to_string()))?;
    let mut tx = state.db.begin_write().await?;
    if db::set_refund_done(&mut *tx, refund_id, &done.refund_ref, now_ms()).await? == 1 {
        let of_the_order = db::applied_payment(&mut *tx, refund.order_id)
            .await?
            .is_some_and(|p| p.payment_id == refund.payment_id);
        let detail = format!("{} {}", crate::i18n::format_fen(refund.amount_minor), done.refund_ref);
        crate::orders::service::money_returned(&mut tx, refund.order_id, refund.amount_minor, of_the_order, &detail)
            .await?;
    }
    tx.commit().await?;
    Ok(JobOutcome::Done)
}

/// How an order was paid and what went back, for its page.
pub struct OrderMoney {
    pub paid_with: Option<String>,
    pub refunds: Vec<RefundView>,
}

pub async fn order_money(conn: &mut Conn, order_id: i64) -> Result<OrderMoney, AppError> {
    let paid_with = db::applied_payment(&mut *conn, order_id).await?.map(|p| {
        format!(
            "{} •••• {}",
            p.card_brand.unwrap_or_default(),
            p.card_last4.unwrap_or_default()
        )
    });
    let refunds = db::refunds_of_order(conn, order_id)
        .await?
        .into_iter()
        .filter(|r| r.status != "failed")
        .map(|r| RefundView {
            amount_minor: r.amount_minor,
            done: r.status == "succeeded",
            at: r.created_at,
        })
        .collect();
    Ok(OrderMoney { paid_with, refunds })
}
