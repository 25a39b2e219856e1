//! Every SQL string of after-sales, on the tables it owns: `after_sale`,
//! `after_sale_photo`, `complaint`, `shop_service_figure`.

use crate::server::db::placeholders;
use sqlx::{Any, Executor, FromRow};

/// A request as stored.
#[derive(Clone, Debug, FromRow)]
pub struct AfterSaleRow {
    pub after_sale_id: i64,
    pub order_id: i64,
    pub order_line_id: i64,
    pub user_id: i64,
    pub shop_id: i64,
    pub kind: String,
    pub reason: String,
    pub description: String,
    pub amount_minor: i64,
    pub status: String,
    pub respond_by: Option<i64>,
    pub refuse_reason: String,
    pub return_address: String,
    pub return_carrier: Option<String>,
    pub return_tracking: Option<String>,
    pub return_shipped_at: Option<i64>,
    pub return_delivered_at: Option<i64>,
    pub refunded_minor: i64,
    pub shop_bears_minor: i64,
    pub platform_returns_minor: i64,
    pub decision_reason: String,
    pub created_at: i64,
}

const ROW: &str = "select after_sale_id, order_id, order_line_id, user_id, shop_id, kind, reason, description,
    amount_minor, status, respond_by, refuse_reason, return_address, return_carrier, return_tracking,
    return_shipped_at, return_delivered_at, refunded_minor, shop_bears_minor, platform_returns_minor,
    decision_reason, created_at from after_sale";

/// A new request.
pub struct NewRequest<'a> {
    pub order_id: i64,
    pub order_line_id: i64,
    pub user_id: i64,
    pub shop_id: i64,
    pub kind: &'a str,
    pub reason: &'a str,
    pub description: &'a str,
    pub amount_minor: i64,
    pub respond_by: i64,
}

/// Inserts an open request; a unique violation on `after_sale_open_line`
/// means the line already has one.
pub async fn insert<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    r: &NewRequest<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into after_sale (order_id, order_line_id, user_id, shop_id, kind, reason, description, amount_minor,
             status, open_line, respond_by, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'awaiting_seller', $2, $9, $10, $10) returning after_sale_id",
    )
    .bind(r.order_id)
    .bind(r.order_line_id)
    .bind(r.user_id)
    .bind(r.shop_id)
    .bind(r.kind)
    .bind(r.reason)
    .bind(r.description)
    .bind(r.amount_minor)
    .bind(r.respond_by)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn insert_photo<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    after_sale_id: i64,
    position: i64,
    key: &str,
    width: i64,
    height: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into after_sale_photo (after_sale_id, position, image_key, width, height, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(after_sale_id)
    .bind(position)
    .bind(key)
    .bind(width)
    .bind(height)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn row<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    after_sale_id: i64,
) -> Result<Option<AfterSaleRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ROW} where after_sale_id = $1"))
        .bind(after_sale_id)
        .fetch_optional(ex)
        .await
}

pub async fn of_order<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<Vec<AfterSaleRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ROW} where order_id = $1 order by after_sale_id"))
        .bind(order_id)
        .fetch_all(ex)
        .await
}

/// Whether a line has an open request (the unique `open_line` index).
pub async fn open_on_line<'e, E: Executor<'e, Database = Any>>(ex: E, order_line_id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query_scalar::<_, i64>("select after_sale_id from after_sale where open_line = $1")
            .bind(order_line_id)
            .fetch_optional(ex)
            .await?
            .is_some(),
    )
}

/// A shop's requests in some statuses, oldest first (the queue) or newest
/// first, at most `limit`.
pub async fn of_shop<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    statuses: &[&str],
    newest_first: bool,
    limit: i64,
) -> Result<Vec<AfterSaleRow>, sqlx::Error> {
    let order = if newest_first { "desc" } else { "asc" };
    let sql = format!(
        "{ROW} where shop_id = $1 and status in ({}) order by after_sale_id {order} limit {limit}",
        placeholders(2, statuses.len())
    );
    let mut query = sqlx::query_as(&sql).bind(shop_id);
    for s in statuses {
        query = query.bind(*s);
    }
    query.fetch_all(ex).await
}

/// Every request in one status, oldest first (the operator's disputes).
pub async fn in_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    status: &str,
    limit: i64,
) -> Result<Vec<AfterSaleRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ROW} where status = $1 order by after_sale_id limit {limit}"))
        .bind(status)
        .fetch_all(ex)
        .await
}

/// Requests whose parcel back travels under this tracking number.
pub async fn by_return_tracking<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    carrier: &str,
    tracking: &str,
) -> Result<Vec<AfterSaleRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ROW} where return_tracking = $1 and return_carrier = $2 order by after_sale_id"
    ))
    .bind(tracking)
    .bind(carrier)
    .fetch_all(ex)
    .await
}

/// The return address a shop gave last.
pub async fn last_return_address<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select return_address from after_sale where shop_id = $1 and return_address <> ''
         order by after_sale_id desc limit 1",
    )
    .bind(shop_id)
    .fetch_optional(ex)
    .await
}

/// `(after_sale_id, image_key)` of requests' photos, in order.
pub async fn photos_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select after_sale_id, image_key from after_sale_photo where after_sale_id in ({})
         order by after_sale_id, position",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

/// What a move writes besides the status; `None` leaves a column as it is.
#[derive(Default)]
pub struct Change<'a> {
    pub refuse_reason: Option<&'a str>,
    pub return_address: Option<&'a str>,
    pub return_carrier: Option<&'a str>,
    pub return_tracking: Option<&'a str>,
    pub return_shipped_at: Option<i64>,
    pub restocked: Option<bool>,
    pub refunded_minor: Option<i64>,
    pub shop_bears_minor: Option<i64>,
    pub platform_returns_minor: Option<i64>,
    pub escalated_at: Option<i64>,
    pub decision_reason: Option<&'a str>,
    pub decided_by: Option<i64>,
    /// The deadline of the step the request enters.
    pub respond_by: Option<i64>,
}

/// Moves a request from the status it was read in (0 rows: another move
/// got there first). A finished request frees its line for another.
pub async fn set_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    after_sale_id: i64,
    from: &str,
    to: &str,
    open_line: Option<i64>,
    c: &Change<'_>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update after_sale set status = $1,
             open_line = $2,
             refuse_reason = coalesce($3, refuse_reason),
             return_address = coalesce($4, return_address),
             return_carrier = coalesce($5, return_carrier),
             return_tracking = coalesce($6, return_tracking),
             return_shipped_at = coalesce($7, return_shipped_at),
             restocked = coalesce($8, restocked),
             refunded_minor = coalesce($9, refunded_minor),
             shop_bears_minor = coalesce($10, shop_bears_minor),
             platform_returns_minor = coalesce($11, platform_returns_minor),
             escalated_at = coalesce($12, escalated_at),
             decision_reason = coalesce($13, decision_reason),
             decided_by = coalesce($14, decided_by),
             updated_at = $15,
             respond_by = coalesce($18, respond_by)
         where after_sale_id = $16 and status = $17",
    )
    .bind(to)
    .bind(open_line)
    .bind(c.refuse_reason)
    .bind(c.return_address)
    .bind(c.return_carrier)
    .bind(c.return_tracking)
    .bind(c.return_shipped_at)
    .bind(c.restocked.map(i64::from))
    .bind(c.refunded_minor)
    .bind(c.shop_bears_minor)
    .bind(c.platform_returns_minor)
    .bind(c.escalated_at)
    .bind(c.decision_reason)
    .bind(c.decided_by)
    .bind(now)
    .bind(after_sale_id)
    .bind(from)
    .bind(c.respond_by)
    .execute(ex)
    .await?
    .rows_affected())
}

/// The carrier says the parcel back arrived (once); the shop has until
/// `confirm_by` to confirm it.
pub async fn set_return_delivered<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    after_sale_id: i64,
    now: i64,
    confirm_by: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update after_sale set return_delivered_at = $1, respond_by = $2, updated_at = $1
         where after_sale_id = $3 and status = 'returning' and return_delivered_at is null",
    )
    .bind(now)
    .bind(confirm_by)
    .bind(after_sale_id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// A complaint as stored.
#[derive(Clone, Debug, FromRow)]
pub struct ComplaintRow {
    pub complaint_id: i64,
    pub order_id: i64,
    pub user_id: i64,
    pub shop_id: i64,
    pub kind: String,
    pub description: String,
    pub status: String,
    pub decision_reason: String,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

const COMPLAINT: &str = "select complaint_id, order_id, user_id, shop_id, kind, description, status, decision_reason,
    created_at, decided_at from complaint";

#[allow(
    clippy::too_many_arguments,
    reason = "each is one typed field of the form or one fact of the move"
)]
pub async fn insert_complaint<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
    user_id: i64,
    shop_id: i64,
    kind: &str,
    description: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into complaint (order_id, user_id, shop_id, kind, description, status, open_order, created_at, updated_at)
         values ($1, $2, $3, $4, $5, 'open', $1, $6, $6) returning complaint_id",
    )
    .bind(order_id)
    .bind(user_id)
    .bind(shop_id)
    .bind(kind)
    .bind(description)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn complaint<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    complaint_id: i64,
) -> Result<Option<ComplaintRow>, sqlx::Error> {
    sqlx::query_as(&format!("{COMPLAINT} where complaint_id = $1"))
        .bind(complaint_id)
        .fetch_optional(ex)
        .await
}

pub async fn complaints_of_order<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<Vec<ComplaintRow>, sqlx::Error> {
    sqlx::query_as(&format!("{COMPLAINT} where order_id = $1 order by complaint_id"))
        .bind(order_id)
        .fetch_all(ex)
        .await
}

pub async fn complaints_in<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    status: &str,
    limit: i64,
) -> Result<Vec<ComplaintRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{COMPLAINT} where status = $1 order by complaint_id desc limit {limit}"
    ))
    .bind(status)
    .fetch_all(ex)
    .await
}

/// Open → upheld or dismissed, once.
pub async fn decide_complaint<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    complaint_id: i64,
    to: &str,
    reason: &str,
    operator_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update complaint set status = $1, open_order = null, decision_reason = $2, decided_by = $3, decided_at = $4,
             updated_at = $4
         where complaint_id = $5 and status = 'open'",
    )
    .bind(to)
    .bind(reason)
    .bind(operator_id)
    .bind(now)
    .bind(complaint_id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Adds to a shop's figures (created at its first request).
#[derive(Default)]
pub struct FigureDelta {
    pub requests: i64,
    pub refunds: i64,
    pub disputes: i64,
    pub complaints: i64,
    pub complaints_upheld: i64,
}

pub async fn add_figures<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    d: &FigureDelta,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into shop_service_figure (shop_id, requests, refunds, disputes, complaints, complaints_upheld,
             created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $7)
         on conflict (shop_id) do update set requests = shop_service_figure.requests + excluded.requests,
             refunds = shop_service_figure.refunds + excluded.refunds,
             disputes = shop_service_figure.disputes + excluded.disputes,
             complaints = shop_service_figure.complaints + excluded.complaints,
             complaints_upheld = shop_service_figure.complaints_upheld + excluded.complaints_upheld,
             updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(d.requests)
    .bind(d.refunds)
    .bind(d.disputes)
    .bind(d.complaints)
    .bind(d.complaints_upheld)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// A shop's figures: (requests, refunds, disputes, complaints, upheld).
pub async fn figures<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
) -> Result<Option<(i64, i64, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select requests, refunds, disputes, complaints, complaints_upheld from shop_service_figure where shop_id = $1",
    )
    .bind(shop_id)
    .fetch_optional(ex)
    .await
}
