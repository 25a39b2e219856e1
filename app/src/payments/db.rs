//! Every SQL statement of payments, on payment, payment_order and refund.

use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct PaymentRow {
    pub payment_id: i64,
    pub checkout_id: i64,
    pub user_id: i64,
    pub provider: String,
    pub amount_minor: i64,
    pub status: String,
    pub provider_ref: Option<String>,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub failure_code: Option<String>,
}

const PAYMENT: &str =
    "select payment_id, checkout_id, user_id, provider, amount_minor, status, provider_ref, card_brand,
    card_last4, failure_code from payment";

pub async fn by_attempt<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    key: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!("{PAYMENT} where attempt_key = $1"))
        .bind(key)
        .fetch_optional(ex)
        .await
}

pub async fn by_id<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    payment_id: i64,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!("{PAYMENT} where payment_id = $1"))
        .bind(payment_id)
        .fetch_optional(ex)
        .await
}

pub struct NewPayment<'a> {
    pub checkout_id: i64,
    pub user_id: i64,
    pub attempt_key: &'a str,
    pub provider: &'a str,
    pub amount_minor: i64,
    pub card_brand: &'a str,
    pub card_last4: &'a str,
}

pub async fn insert<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    p: &NewPayment<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into payment (checkout_id, user_id, attempt_key, provider, amount_minor, status, card_brand, card_last4,
             created_at, updated_at)
         values ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $8) returning payment_id",
    )
    .bind(p.checkout_id)
    .bind(p.user_id)
    .bind(p.attempt_key)
    .bind(p.provider)
    .bind(p.amount_minor)
    .bind(p.card_brand)
    .bind(p.card_last4)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn insert_part<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    payment_id: i64,
    order_id: i64,
    amount_minor: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into payment_order (payment_id, order_id, amount_minor, created_at, updated_at) values ($1, $2, $3, $4, $4)",
    )
    .bind(payment_id)
    .bind(order_id)
    .bind(amount_minor)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// (order, amount) a payment was for.
pub async fn parts<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    payment_id: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("select order_id, amount_minor from payment_order where payment_id = $1 order by order_id")
        .bind(payment_id)
        .fetch_all(ex)
        .await
}

/// This payment is the one that paid the order.
pub async fn mark_applied<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    payment_id: i64,
    order_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update payment_order set applied = 1 where payment_id = $1 and order_id = $2")
        .bind(payment_id)
        .bind(order_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// The payment that paid an order, if one did.
pub async fn applied_payment<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PAYMENT} where payment_id = (select payment_id from payment_order where order_id = $1 and applied = 1 limit 1)"
    ))
    .bind(order_id)
    .fetch_optional(ex)
    .await
}

pub async fn set_authorized<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    payment_id: i64,
    provider_ref: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update payment set provider_ref = $1, updated_at = $2 where payment_id = $3 and provider_ref is null")
        .bind(provider_ref)
        .bind(now)
        .bind(payment_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Pending → failed; 0 rows when it was decided already.
pub async fn set_failed<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    payment_id: i64,
    code: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update payment set status = 'failed', failure_code = $1, updated_at = $2 where payment_id = $3 and status = 'pending'",
    )
    .bind(code)
    .bind(now)
    .bind(payment_id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// → succeeded, once: 0 rows when it already was (a repeated notification).
pub async fn set_succeeded<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    payment_id: i64,
    provider_ref: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update payment set status = 'succeeded', provider_ref = $1, failure_code = null, confirmed_at = $2, updated_at = $2
         where payment_id = $3 and status <> 'succeeded'",
    )
    .bind(provider_ref)
    .bind(now)
    .bind(payment_id)
    .execute(ex)
    .await?
    .rows_affected())
}

#[derive(Clone, Debug, FromRow)]
pub struct RefundRow {
    pub refund_id: i64,
    pub payment_id: i64,
    pub order_id: i64,
    pub amount_minor: i64,
    pub idempotency_key: String,
    pub status: String,
    pub created_at: i64,
}

const REFUND: &str =
    "select refund_id, payment_id, order_id, amount_minor, idempotency_key, status, created_at from refund";

pub async fn insert_refund<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    payment_id: i64,
    order_id: i64,
    amount_minor: i64,
    key: &str,
    reason: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into refund (payment_id, order_id, amount_minor, idempotency_key, status, reason, created_at, updated_at)
         values ($1, $2, $3, $4, 'pending', $5, $6, $6) returning refund_id",
    )
    .bind(payment_id)
    .bind(order_id)
    .bind(amount_minor)
    .bind(key)
    .bind(reason)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn refund<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    refund_id: i64,
) -> Result<Option<RefundRow>, sqlx::Error> {
    sqlx::query_as(&format!("{REFUND} where refund_id = $1"))
        .bind(refund_id)
        .fetch_optional(ex)
        .await
}

pub async fn refunds_of_order<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<Vec<RefundRow>, sqlx::Error> {
    sqlx::query_as(&format!("{REFUND} where order_id = $1 order by refund_id"))
        .bind(order_id)
        .fetch_all(ex)
        .await
}

/// What a payment brought for one order.
pub async fn part_amount<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    payment_id: i64,
    order_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select coalesce(max(amount_minor), 0) from payment_order where payment_id = $1 and order_id = $2",
    )
    .bind(payment_id)
    .bind(order_id)
    .fetch_one(ex)
    .await
}

/// What is already promised back of a payment for one order (pending or done).
pub async fn refunded_for<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    payment_id: i64,
    order_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select cast(coalesce(sum(amount_minor), 0) as bigint) from refund
         where payment_id = $1 and order_id = $2 and status <> 'failed'",
    )
    .bind(payment_id)
    .bind(order_id)
    .fetch_one(ex)
    .await
}

/// Pending → succeeded, once.
pub async fn set_refund_done<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    refund_id: i64,
    provider_ref: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update refund set status = 'succeeded', provider_ref = $1, updated_at = $2 where refund_id = $3 and status = 'pending'",
    )
    .bind(provider_ref)
    .bind(now)
    .bind(refund_id)
    .execute(ex)
    .await?
    .rows_affected())
}
