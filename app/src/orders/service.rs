//! Order use cases. Every status change goes through [`transition`]: the
//! state machine decides (`domain::next_status`), a guarded update writes
//! (`… where status = <the status read>`), the audit log records who, when
//! and why, and the change's consequences (stock back, money back, the
//! next timer) happen in the same transaction.

use super::db::{self, NewLineRow, NewOrderRow, OrderHead, Scope};
use super::domain::{next_status, parse_carrier, parse_tracking_number, restocks_on_cancel, OrderAction};
use super::model::{Actor, OrderDetail, OrderLineView, OrderList, OrderStatus, OrderSummary, TimelineEntry};
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::i18n::Localized;
use crate::reviews::model::LineReview;
use crate::server::audit::{self, AuditEntry};
use crate::server::db::internal;
use crate::server::{jobs, now_ms, AppConfig, Conn, Tx};
use std::collections::HashMap;

/// The job that cancels an order nobody paid for.
pub const EXPIRE_JOB: &str = "order.expire";
/// The job that completes an order some days after delivery.
pub const COMPLETE_JOB: &str = "order.complete";
/// Orders per page in every list.
pub const PAGE_SIZE: i64 = 10;

/// Where an order goes, copied into it.
#[derive(Clone, Debug)]
pub struct ShipTo {
    pub recipient: String,
    pub phone: String,
    pub address_text: String,
}

/// One line of a new order, as the catalog had it at the moment of buying.
#[derive(Clone, Debug)]
pub struct NewLine {
    pub sku_id: i64,
    pub product_id: i64,
    pub title: String,
    pub options: Vec<(Localized, Localized)>,
    pub sku_code: String,
    pub image_key: Option<String>,
    pub unit_price_minor: i64,
    pub quantity: i64,
    /// The line's share of the order's discounts, by who funds it.
    pub shop_discount_minor: i64,
    pub platform_discount_minor: i64,
}

/// One discount of an order, as promotions worked it out.
#[derive(Clone, Debug)]
pub struct NewDiscount {
    pub kind: crate::promotions::domain::DiscountKind,
    pub source_id: i64,
    pub claim_id: Option<i64>,
    pub title: String,
    pub amount_minor: i64,
}

/// One shop's order, with its money worked out by checkout.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub shop_id: i64,
    pub items_minor: i64,
    pub shipping_minor: i64,
    pub discount_minor: i64,
    pub total_minor: i64,
    pub lines: Vec<NewLine>,
    pub discounts: Vec<NewDiscount>,
}

fn audit_entry<'a>(
    order_id: i64,
    action: &'a str,
    from: Option<OrderStatus>,
    to: Option<OrderStatus>,
    actor: Actor,
    reason: &'a str,
    detail: &'a str,
) -> AuditEntry<'a> {
    AuditEntry {
        subject: "order",
        subject_id: order_id,
        action,
        from_status: from.map(OrderStatus::as_db),
        to_status: to.map(OrderStatus::as_db),
        actor_kind: actor.kind(),
        actor_id: actor.id(),
        reason,
        detail,
    }
}

/// Creates one order waiting for payment, with its lines; it is cancelled
/// (and its stock returned) if nobody pays by `pay_by`. Stock was taken by
/// the caller in the same transaction.
pub async fn create(
    tx: &mut Tx,
    checkout_id: i64,
    user_id: i64,
    order: &NewOrder,
    ship_to: &ShipTo,
    pay_by: i64,
    now: i64,
) -> Result<i64, AppError> {
    let placing = Placing {
        checkout_id,
        user_id,
        order,
        ship_to,
        visitor: None,
    };
    let ids = create_all(tx, std::slice::from_ref(&placing), pay_by, now).await?;
    ids.first().copied().ok_or(AppError::new(ErrorCode::Internal))
}

/// One order to create: whose, in which placing, to where.
pub struct Placing<'a> {
    pub checkout_id: i64,
    pub user_id: i64,
    pub order: &'a NewOrder,
    pub ship_to: &'a ShipTo,
    /// The browser's visitor id, when the shopper placed it from the
    /// storefront (the figures count the order under it).
    pub visitor: Option<&'a str>,
}

/// Creates several orders as [`create`] does, in a handful of statements
/// whatever their number (a batch of flash buys): their ids, in the order
/// given.
pub async fn create_all(tx: &mut Tx, placings: &[Placing<'_>], pay_by: i64, now: i64) -> Result<Vec<i64>, AppError> {
    let pending = OrderStatus::PendingPayment.as_db();
    let rows: Vec<NewOrderRow<'_>> = placings
        .iter()
        .map(|p| NewOrderRow {
            checkout_id: p.checkout_id,
            user_id: p.user_id,
            shop_id: p.order.shop_id,
            status: pending,
            items_minor: p.order.items_minor,
            shipping_minor: p.order.shipping_minor,
            discount_minor: p.order.discount_minor,
            total_minor: p.order.total_minor,
            recipient: &p.ship_to.recipient,
            phone: &p.ship_to.phone,
            address_text: &p.ship_to.address_text,
            pay_by,
        })
        .collect();
    // Named by placing and shop, not by the order rows come back in.
    let made: HashMap<(i64, i64), i64> = db::insert_orders(&mut **tx, &rows, now)
        .await?
        .into_iter()
        .map(|(order_id, checkout_id, shop_id)| ((checkout_id, shop_id), order_id))
        .collect();
    let ids = placings
        .iter()
        .map(|p| made.get(&(p.checkout_id, p.order.shop_id)).copied())
        .collect::<Option<Vec<i64>>>()
        .ok_or(AppError::new(ErrorCode::Internal))?;
    let options: Vec<Vec<String>> = placings
        .iter()
        .map(|p| {
            p.order
                .lines
                .iter()
                .map(|l| serde_json::to_string(&l.options).unwrap_or_else(|_| "[]".into()))
                .collect()
        })
        .collect();
    let mut lines: Vec<(i64, NewLineRow<'_>)> = Vec::new();
    for ((p, order_id), options) in placings.iter().zip(&ids).zip(&options) {
        for (l, options_json) in p.order.lines.iter().zip(options) {
            lines.push((
                *order_id,
                NewLineRow {
                    sku_id: l.sku_id,
                    product_id: l.product_id,
                    title: &l.title,
                    options_json,
                    sku_code: &l.sku_code,
                    image_key: l.image_key.as_deref(),
                    unit_price_minor: l.unit_price_minor,
                    quantity: l.quantity,
                    shop_discount_minor: l.shop_discount_minor,
                    platform_discount_minor: l.platform_discount_minor,
                },
            ));
        }
    }
    db::insert_lines(&mut **tx, &lines, now).await?;
    for (p, order_id) in placings.iter().zip(&ids) {
        for d in p.order.discounts.iter().filter(|d| d.amount_minor > 0) {
            let row = db::NewDiscountRow {
                kind: d.kind.as_str(),
                funder: d.kind.funder().as_str(),
                source_id: d.source_id,
                claim_id: d.claim_id,
                title: &d.title,
                amount_minor: d.amount_minor,
            };
            db::insert_discount(&mut **tx, *order_id, &row, now).await?;
        }
    }
    let entries: Vec<AuditEntry<'_>> = placings
        .iter()
        .zip(&ids)
        .map(|(p, &order_id)| {
            let placed = Some(OrderStatus::PendingPayment);
            audit_entry(order_id, "placed", None, placed, Actor::Shopper(p.user_id), "", "")
        })
        .collect();
    audit::record_all(tx, &entries, now).await?;
    let due: Vec<(i64, i64)> = ids.iter().map(|&id| (id, pay_by)).collect();
    jobs::schedule_all(tx, EXPIRE_JOB, &due, now).await?;
    let counted: Vec<crate::analytics::service::PlacedOrder<'_>> = placings
        .iter()
        .zip(&ids)
        .map(|(p, &order_id)| crate::analytics::service::PlacedOrder {
            order_id,
            shop_id: p.order.shop_id,
            user_id: p.user_id,
            total_minor: p.order.total_minor,
            visitor: p.visitor,
        })
        .collect();
    crate::analytics::service::placed(tx, &counted, now).await?;
    Ok(ids)
}

/// The column that says when an order reached `status`.
fn stamp_of(status: OrderStatus) -> Option<&'static str> {
    match status {
        OrderStatus::Paid => Some("paid_at"),
        OrderStatus::Shipped => Some("shipped_at"),
        OrderStatus::Delivered => Some("delivered_at"),
        OrderStatus::Completed => Some("completed_at"),
        OrderStatus::Cancelled => Some("cancelled_at"),
        OrderStatus::PendingPayment | OrderStatus::Refunded => None,
    }
}

/// An order's status once a change was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Changed {
    pub from: OrderStatus,
    pub to: OrderStatus,
    /// Paid into a group buy that had closed: the payer calls
    /// [`refund_late_group_payment`] once the payment is recorded.
    pub group_closed: bool,
}

async fn head_of(conn: &mut Conn, order_id: i64) -> Result<OrderHead, AppError> {
    db::head(conn, order_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))
}

fn status_of(head: &OrderHead) -> Result<OrderStatus, AppError> {
    OrderStatus::from_db(&head.status)
        .ok_or_else(|| internal(format!("order {} has status {}", head.order_id, head.status)))
}

/// The one way an order's status changes. Refused (with the action's own
/// message) when the machine says no or when another change got there
/// first; otherwise written, recorded and followed by its consequences.
#[tracing::instrument(skip(tx, config, reason, detail))]
pub async fn transition(
    tx: &mut Tx,
    config: &AppConfig,
    order_id: i64,
    action: OrderAction,
    actor: Actor,
    reason: &str,
    detail: &str,
) -> Result<Changed, AppError> {
    let head = head_of(tx, order_id).await?;
    let from = status_of(&head)?;
    let to = next_status(from, action, actor).map_err(AppError::new)?;
    let now = now_ms();
    // A group order's group is locked before the order (as joining and
    // expiry take them), so a payment and the group's expiry never wait
    // on each other in a circle on PostgreSQL.
    if let Some(group) = head.buy_group_id {
        crate::promotions::group::lock(tx, group).await?;
    }
    if db::set_status(&mut **tx, order_id, from.as_db(), to.as_db(), stamp_of(to), now).await? == 0 {
        // Another change won the race; this one no longer applies.
        return Err(AppError::new(action.refusal()));
    }
    audit::record(
        tx,
        &audit_entry(order_id, action.as_db(), Some(from), Some(to), actor, reason, detail),
        now,
    )
    .await?;
    let mut group_closed = false;
    match to {
        OrderStatus::Paid => {
            // A group payment ends in a refund, restock included, when the
            // group closed meanwhile. Stock rows come before the figures'
            // rows in every transaction (placing, cancelling, a group's
            // expiry), so this one takes them first too.
            if head.buy_group_id.is_some() {
                hold_stock(tx, order_id).await?;
            }
            jobs::cancel(tx, EXPIRE_JOB, order_id).await?;
            // A group order reaches the shop when its group is full.
            if head.held_for_group == 0 {
                tell_shop_paid(tx, head.shop_id, order_id).await?;
            }
            let sold = sold_units(tx, order_id).await?;
            crate::catalog::service::add_sales(tx, &sold).await?;
            crate::analytics::service::paid(tx, order_id, now).await?;
            group_closed = crate::promotions::group::member_paid(tx, order_id, now).await?
                == crate::promotions::group::PaidInto::ClosedGroup;
        }
        OrderStatus::Cancelled => {
            jobs::cancel(tx, EXPIRE_JOB, order_id).await?;
            // A flash unit held by an unpaid order goes back to its sale;
            // the sale's row before the stock, as a flash purchase takes
            // them (PostgreSQL).
            if from == OrderStatus::PendingPayment {
                crate::promotions::flash::release(tx, order_id, now).await?;
            }
            if restocks_on_cancel(from) {
                restock(tx, order_id).await?;
            }
            if from == OrderStatus::Paid {
                crate::payments::service::refund_order(tx, order_id, None, reason).await?;
            }
            // A place in a group buy is given up.
            crate::promotions::group::member_left(tx, order_id, now).await?;
            // Coupons come back when nothing of their placing was paid:
            // every order of it cancelled before payment.
            if from == OrderStatus::PendingPayment
                && db::uncancelled_in_checkout(&mut **tx, head.checkout_id).await? == 0
            {
                crate::promotions::service::return_coupons(tx, head.checkout_id, now).await?;
            }
        }
        OrderStatus::Delivered => {
            crate::analytics::service::received(tx, head.shop_id, now).await?;
            jobs::schedule(
                tx,
                COMPLETE_JOB,
                order_id,
                now + config.order_complete_after_secs * 1000,
                now,
            )
            .await?;
        }
        OrderStatus::Completed => {
            jobs::cancel(tx, COMPLETE_JOB, order_id).await?;
            // Confirmed received before the carrier said so.
            if from == OrderStatus::Shipped {
                crate::analytics::service::received(tx, head.shop_id, now).await?;
            }
        }
        OrderStatus::Refunded => {
            jobs::cancel(tx, COMPLETE_JOB, order_id).await?;
            // Refunded before it shipped (a group that did not fill): the
            // units never left the shelf.
            if from == OrderStatus::Paid {
                restock(tx, order_id).await?;
            }
            // Line by line, each refund was sent as its request closed.
            if action != OrderAction::LinesRefunded {
                crate::payments::service::refund_order(tx, order_id, None, reason).await?;
            }
        }
        OrderStatus::PendingPayment | OrderStatus::Shipped => {}
    }
    Ok(Changed { from, to, group_closed })
}

/// A payment landed on a group that closed meanwhile: once the payment is
/// recorded as the order's, its money goes straight back.
pub async fn refund_late_group_payment(tx: &mut Tx, config: &AppConfig, order_id: i64) -> Result<Changed, AppError> {
    transition(
        tx,
        config,
        order_id,
        OrderAction::GroupFail,
        Actor::System,
        "paid after the group closed",
        "",
    )
    .await
}

/// The shop hears of a paid order it should ship.
pub async fn tell_shop_paid(tx: &mut Tx, shop_id: i64, order_id: i64) -> Result<(), AppError> {
    crate::merchants::service::notify(
        tx,
        shop_id,
        crate::merchants::model::NotificationKind::OrderPaid,
        order_id,
        &format!("#{order_id}"),
        "",
    )
    .await
}

/// A full group's orders go to their shop: visible, shippable, announced.
pub async fn release_group_orders(tx: &mut Tx, order_ids: &[i64], now: i64) -> Result<(), AppError> {
    db::release_to_shop(&mut **tx, order_ids, now).await?;
    for &order_id in order_ids {
        let head = head_of(tx, order_id).await?;
        audit::record(
            tx,
            &audit_entry(order_id, "group_succeeded", None, None, Actor::System, "", ""),
            now,
        )
        .await?;
        if head.status == OrderStatus::Paid.as_db() {
            tell_shop_paid(tx, head.shop_id, order_id).await?;
        }
    }
    Ok(())
}

/// Marks a new order as a place in a group buy (held from its shop).
pub async fn hold_for_group(tx: &mut Tx, order_id: i64, group_id: i64) -> Result<(), AppError> {
    Ok(db::hold_for_group(&mut **tx, order_id, group_id).await?)
}

/// The placing an order was paid (or is to be paid) through.
pub async fn checkout_of(conn: &mut Conn, order_id: i64) -> Result<i64, AppError> {
    Ok(head_of(conn, order_id).await?.checkout_id)
}

/// (product, units) bought in an order, for the sales counts.
async fn sold_units(conn: &mut Conn, order_id: i64) -> Result<Vec<(i64, i64)>, AppError> {
    let mut sold: Vec<(i64, i64)> = Vec::new();
    for line in db::lines_of(conn, &[order_id]).await? {
        match sold.iter_mut().find(|(p, _)| *p == line.product_id) {
            Some((_, units)) => *units += line.quantity,
            None => sold.push((line.product_id, line.quantity)),
        }
    }
    // In product order: two confirmations never wait on each other's rows
    // in a circle (PostgreSQL).
    sold.sort_unstable();
    Ok(sold)
}

/// An order's lines in SKU order: the order every transaction takes stock
/// rows in, as checkout does, so two of them never wait on each other's
/// rows in a circle (PostgreSQL).
async fn lines_by_sku(tx: &mut Tx, order_id: i64) -> Result<Vec<db::LineRow>, AppError> {
    let mut lines = db::lines_of(&mut **tx, &[order_id]).await?;
    lines.sort_by_key(|l| l.sku_id);
    Ok(lines)
}

/// Puts an order's units back on the shelf.
async fn restock(tx: &mut Tx, order_id: i64) -> Result<(), AppError> {
    for line in lines_by_sku(tx, order_id).await? {
        crate::catalog::service::restore_stock(tx, line.sku_id, line.quantity).await?;
    }
    Ok(())
}

/// Locks an order's stock rows before anything else of the shop's is
/// written: for a payment that may restock later in its transaction.
async fn hold_stock(tx: &mut Tx, order_id: i64) -> Result<(), AppError> {
    for line in lines_by_sku(tx, order_id).await? {
        crate::catalog::service::hold_stock(tx, line.sku_id).await?;
    }
    Ok(())
}

/// The shopper's own order, or "not found" (never someone else's).
async fn own_order(conn: &mut Conn, user_id: i64, order_id: i64) -> Result<OrderHead, AppError> {
    let head = head_of(conn, order_id).await?;
    if head.user_id != user_id {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    Ok(head)
}

/// What a shopper does to their own order: Cancel order (before it ships:
/// stock back, and money back through the provider if it was paid) or
/// Confirm receipt. Someone else's order is "not found".
pub async fn by_shopper(
    tx: &mut Tx,
    config: &AppConfig,
    user_id: i64,
    order_id: i64,
    action: OrderAction,
) -> Result<Changed, AppError> {
    own_order(tx, user_id, order_id).await?;
    let reason = if action == OrderAction::Cancel {
        "cancelled by the shopper"
    } else {
        ""
    };
    transition(tx, config, order_id, action, Actor::Shopper(user_id), reason, "").await
}

/// A shop hands an order to a carrier. Only a member of the order's shop
/// may; anyone else is told there is no such order.
pub async fn ship(
    tx: &mut Tx,
    config: &AppConfig,
    merchant_id: i64,
    shop_ids: &[i64],
    order_id: i64,
    carrier: &str,
    tracking_number: &str,
) -> Result<Changed, AppError> {
    let echo = [("carrier", carrier), ("tracking_number", tracking_number)];
    let mut errors = FieldErrors::default();
    let carrier = errors.check("carrier", parse_carrier(carrier));
    let tracking = errors.check("tracking_number", parse_tracking_number(tracking_number));
    let head = head_of(tx, order_id).await?;
    if !shop_ids.contains(&head.shop_id) || head.held_for_group != 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let (Some(carrier), Some(tracking)) = (carrier, tracking) else {
        return Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest))
            .echo(&echo));
    };
    // A tracking number names one parcel: it may be shared by orders of one
    // shop to one shopper (sent together), never borrowed from another
    // parcel, whose carrier notice would then deliver this order too.
    let borrowed = db::heads_by_tracking(&mut **tx, carrier, &tracking)
        .await?
        .iter()
        .any(|other| other.order_id != order_id && (other.shop_id != head.shop_id || other.user_id != head.user_id));
    if borrowed {
        return Err(AppError::field("tracking_number", ErrorCode::TrackingNumberTaken).echo(&echo));
    }
    let detail = format!("{carrier} {tracking}");
    let changed = transition(
        tx,
        config,
        order_id,
        OrderAction::Ship,
        Actor::Merchant(merchant_id),
        "",
        &detail,
    )
    .await
    .map_err(|e| e.echo(&echo))?;
    db::set_shipment(&mut **tx, order_id, carrier, &tracking).await?;
    Ok(changed)
}

/// An operator marks an order delivered.
pub async fn mark_delivered(
    tx: &mut Tx,
    config: &AppConfig,
    operator_id: i64,
    order_id: i64,
) -> Result<Changed, AppError> {
    transition(
        tx,
        config,
        order_id,
        OrderAction::Deliver,
        Actor::Operator(operator_id),
        "marked delivered by an operator",
        "",
    )
    .await
}

/// A carrier says a parcel arrived: every shipped order with that tracking
/// number is delivered. Returns how many changed (0 when already done or
/// unknown: carriers resend their notices).
pub async fn delivered_by_carrier(
    tx: &mut Tx,
    config: &AppConfig,
    carrier: &str,
    tracking_number: &str,
) -> Result<usize, AppError> {
    let carrier = parse_carrier(carrier).map_err(|c| AppError::field("carrier", c))?;
    let tracking = parse_tracking_number(tracking_number).map_err(|c| AppError::field("tracking_number", c))?;
    let mut changed = 0;
    for head in db::heads_by_tracking(&mut **tx, carrier, &tracking).await? {
        if head.status != OrderStatus::Shipped.as_db() {
            continue;
        }
        let detail = format!("{carrier} {tracking}");
        transition(
            tx,
            config,
            head.order_id,
            OrderAction::Deliver,
            Actor::Carrier,
            "",
            &detail,
        )
        .await?;
        changed += 1;
    }
    Ok(changed)
}

/// What a timer job did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobOutcome {
    /// Done (or nothing left to do).
    Done,
    /// Not yet: run again at this time.
    Later(i64),
}

/// The expiry timer: an order still unpaid at its deadline is cancelled and
/// its stock returned, once, however many runners fire. While a payment for
/// it is under way the timer waits for that payment.
pub async fn expire_if_unpaid(
    tx: &mut Tx,
    config: &AppConfig,
    order_id: i64,
    now: i64,
) -> Result<JobOutcome, AppError> {
    let Some(head) = db::head(&mut **tx, order_id).await? else {
        return Ok(JobOutcome::Done);
    };
    if head.status != OrderStatus::PendingPayment.as_db() {
        return Ok(JobOutcome::Done);
    }
    if head.pay_by > now {
        return Ok(JobOutcome::Later(head.pay_by));
    }
    if let Some(until) = crate::checkout::service::payment_under_way(tx, head.checkout_id, now).await? {
        return Ok(JobOutcome::Later(until));
    }
    match transition(
        tx,
        config,
        order_id,
        OrderAction::Expire,
        Actor::System,
        "not paid in time",
        "",
    )
    .await
    {
        Ok(_) => Ok(JobOutcome::Done),
        // Paid or cancelled a moment ago: nothing to do.
        Err(e) if e.code == OrderAction::Expire.refusal() => Ok(JobOutcome::Done),
        Err(e) => Err(e),
    }
}

/// The completion timer: a delivered order the shopper did not confirm is
/// completed after the configured time.
pub async fn complete_if_delivered(tx: &mut Tx, config: &AppConfig, order_id: i64) -> Result<JobOutcome, AppError> {
    match transition(
        tx,
        config,
        order_id,
        OrderAction::AutoComplete,
        Actor::System,
        "completed automatically after delivery",
        "",
    )
    .await
    {
        Ok(_) => Ok(JobOutcome::Done),
        Err(e) if e.code == ErrorCode::NotFound || e.code == OrderAction::AutoComplete.refusal() => {
            Ok(JobOutcome::Done)
        }
        Err(e) => Err(e),
    }
}

/// A line of an order as reviews see it: whose it is, where its order is,
/// what was bought.
#[derive(Clone, Debug)]
pub struct ReviewedLine {
    pub order_line_id: i64,
    pub order_id: i64,
    pub buyer_id: i64,
    pub shop_id: i64,
    pub status: OrderStatus,
    pub product_id: i64,
    pub title: String,
    pub options_json: String,
    pub options: Vec<(Localized, Localized)>,
    pub image_url: Option<String>,
    /// When the buyer had it: delivered, or completed by confirming receipt
    /// before the carrier said so.
    pub delivered_at: Option<i64>,
    /// The order was paid with a discount from its shop (only shops give
    /// coupons today; the platform's will be told apart when they come).
    pub shop_coupon: bool,
}

/// One order line with its order's facts (none: no such line).
pub async fn reviewed_line(conn: &mut Conn, order_line_id: i64) -> Result<Option<ReviewedLine>, AppError> {
    let Some(row) = db::line_with_order(&mut *conn, order_line_id).await? else {
        return Ok(None);
    };
    let status = OrderStatus::from_db(&row.status).ok_or_else(|| internal(format!("order status {}", row.status)))?;
    Ok(Some(ReviewedLine {
        order_line_id: row.order_line_id,
        order_id: row.order_id,
        buyer_id: row.user_id,
        shop_id: row.shop_id,
        status,
        product_id: row.product_id,
        title: row.title,
        options: serde_json::from_str(&row.options_json).unwrap_or_default(),
        options_json: row.options_json,
        image_url: row.image_key.as_deref().map(crate::media::url_for),
        delivered_at: row.delivered_at,
        // A shop coupon, not any discount: 满减 and platform money say
        // nothing about the shop buying praise.
        shop_coupon: row.shop_coupons > 0,
    }))
}

fn line_view(row: db::LineRow) -> OrderLineView {
    OrderLineView {
        order_line_id: row.order_line_id,
        product_id: row.product_id,
        sku_id: row.sku_id,
        title: row.title,
        options: serde_json::from_str(&row.options_json).unwrap_or_default(),
        sku_code: row.sku_code,
        image_url: row.image_key.as_deref().map(crate::media::url_for),
        unit_price_minor: row.unit_price_minor,
        quantity: row.quantity,
        line_total_minor: row.line_total_minor,
        review: None,
    }
}

/// Summaries for order rows, with their lines and shop names, in two more
/// statements whatever their number.
async fn summaries(conn: &mut Conn, rows: Vec<db::OrderRow>) -> Result<Vec<OrderSummary>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.order_id).collect();
    let mut lines: HashMap<i64, Vec<OrderLineView>> = HashMap::new();
    for line in db::lines_of(&mut *conn, &ids).await? {
        lines.entry(line.order_id).or_default().push(line_view(line));
    }
    let mut shop_ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    shop_ids.sort_unstable();
    shop_ids.dedup();
    let names = crate::merchants::service::shop_names(conn, &shop_ids).await?;
    let group_ids: Vec<i64> = rows.iter().filter_map(|r| r.buy_group_id).collect();
    let groups = crate::promotions::group::notes(conn, &group_ids).await?;
    rows.into_iter()
        .map(|r| {
            Ok(OrderSummary {
                order_id: r.order_id,
                checkout_id: r.checkout_id,
                shop_id: r.shop_id,
                shop_name: names.get(&r.shop_id).cloned().unwrap_or_default(),
                status: OrderStatus::from_db(&r.status)
                    .ok_or_else(|| internal(format!("order status {}", r.status)))?,
                total_minor: r.total_minor,
                placed_at: r.created_at,
                pay_by: r.pay_by,
                lines: lines.remove(&r.order_id).unwrap_or_default(),
                carrier: r.carrier,
                tracking_number: r.tracking_number,
                recipient: r.recipient,
                address_text: r.address_text,
                group: r.buy_group_id.and_then(|g| groups.get(&g).cloned()),
            })
        })
        .collect()
}

/// One page of orders in a scope, optionally in one status.
async fn list(conn: &mut Conn, scope: Scope, status: Option<OrderStatus>, page: i64) -> Result<OrderList, AppError> {
    let statuses: Vec<&str> = status.map(|s| vec![s.as_db()]).unwrap_or_default();
    let total = db::count(&mut *conn, &scope, &statuses).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let rows = db::list(&mut *conn, &scope, &statuses, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    Ok(OrderList {
        orders: summaries(conn, rows).await?,
        total,
        page,
        pages,
    })
}

/// My orders: the shopper's own, newest first.
pub async fn shopper_orders(
    conn: &mut Conn,
    user_id: i64,
    status: Option<OrderStatus>,
    page: i64,
) -> Result<OrderList, AppError> {
    let mut list = list(conn, Scope::Shopper(user_id), status, page).await?;
    mark_reviews(conn, &mut list.orders).await?;
    Ok(list)
}

/// Tells each line of the buyer's delivered orders whether it can be
/// reviewed or how its review stands (one statement for them all).
async fn mark_reviews(conn: &mut Conn, orders: &mut [OrderSummary]) -> Result<(), AppError> {
    let delivered = |o: &OrderSummary| matches!(o.status, OrderStatus::Delivered | OrderStatus::Completed);
    let line_ids: Vec<i64> = orders
        .iter()
        .filter(|o| delivered(o))
        .flat_map(|o| o.lines.iter().map(|l| l.order_line_id))
        .collect();
    if line_ids.is_empty() {
        return Ok(());
    }
    let marks = crate::reviews::service::line_marks(conn, &line_ids).await?;
    for order in orders.iter_mut().filter(|o| delivered(o)) {
        for line in &mut order.lines {
            line.review = Some(marks.get(&line.order_line_id).copied().unwrap_or(LineReview::Write));
        }
    }
    Ok(())
}

/// A shop's orders (the caller checked the viewer acts for the shop).
pub async fn shop_orders(
    conn: &mut Conn,
    shop_id: i64,
    status: Option<OrderStatus>,
    page: i64,
) -> Result<OrderList, AppError> {
    list(conn, Scope::Shop(shop_id), status, page).await
}

/// Every order in a status (the operator's console).
pub async fn all_orders(conn: &mut Conn, status: Option<OrderStatus>, page: i64) -> Result<OrderList, AppError> {
    list(conn, Scope::All, status, page).await
}

/// The orders of one checkout, the shopper's own only.
pub async fn checkout_orders(conn: &mut Conn, user_id: i64, checkout_id: i64) -> Result<Vec<OrderSummary>, AppError> {
    let heads = db::heads_of_checkout(&mut *conn, checkout_id).await?;
    if heads.iter().any(|h| h.user_id != user_id) {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let mut rows = Vec::new();
    for head in heads {
        if let Some(row) = db::row(&mut *conn, head.order_id).await? {
            rows.push(row);
        }
    }
    summaries(conn, rows).await
}

/// The heads of a checkout's orders (payments read what they cover).
pub async fn checkout_heads(conn: &mut Conn, checkout_id: i64) -> Result<Vec<OrderHead>, AppError> {
    Ok(db::heads_of_checkout(conn, checkout_id).await?)
}

/// How many of a shopper's orders wait for payment (each holds its stock
/// until paid or expired).
pub async fn unpaid_count(conn: &mut Conn, user_id: i64) -> Result<i64, AppError> {
    Ok(db::count_of_user_in(conn, user_id, OrderStatus::PendingPayment.as_db()).await?)
}

/// Records on its timeline that money is on its way back for an order.
pub async fn record_refund_started(
    tx: &mut Tx,
    order_id: i64,
    amount_minor: i64,
    reason: &str,
) -> Result<(), AppError> {
    let detail = crate::i18n::format_fen(amount_minor);
    let entry = audit_entry(order_id, "refund_started", None, None, Actor::System, reason, &detail);
    audit::record(tx, &entry, now_ms()).await?;
    Ok(())
}

/// Records money the provider returned for an order: counted against the
/// order when it came from the payment that paid it (a second payment's
/// return only shows on the timeline).
pub async fn money_returned(
    tx: &mut Tx,
    order_id: i64,
    amount_minor: i64,
    of_the_order: bool,
    detail: &str,
) -> Result<(), AppError> {
    let now = now_ms();
    if of_the_order && db::add_refunded(&mut **tx, order_id, amount_minor, now).await? == 0 {
        return Err(internal(format!("refund of {amount_minor} exceeds order {order_id}")));
    }
    let entry = audit_entry(
        order_id,
        "money_returned",
        None,
        None,
        Actor::PaymentProvider,
        "",
        detail,
    );
    audit::record(tx, &entry, now).await?;
    Ok(())
}

/// Records a payment attempt the provider refused, on each order it was for.
pub async fn record_declined(tx: &mut Tx, order_ids: &[i64], why: &str) -> Result<(), AppError> {
    let now = now_ms();
    for order_id in order_ids {
        audit::record(
            tx,
            &audit_entry(
                *order_id,
                "payment_declined",
                None,
                None,
                Actor::PaymentProvider,
                why,
                "",
            ),
            now,
        )
        .await?;
    }
    Ok(())
}

/// What the timeline needs of an audit row.
fn timeline_entry(row: audit::AuditRow) -> TimelineEntry {
    TimelineEntry {
        action: row.action,
        to_status: row.to_status.as_deref().and_then(OrderStatus::from_db),
        actor: Actor::from_db(&row.actor_kind, row.actor_id),
        reason: row.reason,
        detail: row.detail,
        at: row.created_at,
    }
}

/// An order page, for its shopper (or for a member of its shop when
/// `shop_ids` names it; operators pass `None` and see every order).
pub async fn order_detail(
    conn: &mut Conn,
    viewer_id: i64,
    shop_ids: Option<&[i64]>,
    order_id: i64,
) -> Result<OrderDetail, AppError> {
    let row = db::row(&mut *conn, order_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let allowed = match shop_ids {
        Some(shops) => row.user_id == viewer_id || (shops.contains(&row.shop_id) && row.held_for_group == 0),
        None => true,
    };
    if !allowed {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let (items_minor, shipping_minor, discount_minor, phone) = (
        row.items_minor,
        row.shipping_minor,
        row.discount_minor,
        row.phone.clone(),
    );
    let buyer = row.user_id == viewer_id;
    let mut summaries = summaries(&mut *conn, vec![row]).await?;
    if buyer {
        mark_reviews(conn, &mut summaries).await?;
    }
    let summary = summaries.pop().ok_or(AppError::new(ErrorCode::NotFound))?;
    let timeline = audit::history(&mut *conn, "order", order_id)
        .await?
        .into_iter()
        .map(timeline_entry)
        .collect();
    let money = crate::payments::service::order_money(conn, order_id).await?;
    Ok(OrderDetail {
        summary,
        items_minor,
        shipping_minor,
        discount_minor,
        phone,
        paid_with: money.paid_with,
        refunds: money.refunds,
        timeline,
    })
}

/// How many of a shop's orders are paid and wait to be shipped.
pub async fn to_ship_count(conn: &mut Conn, shop_id: i64) -> Result<i64, AppError> {
    Ok(db::count(conn, &Scope::Shop(shop_id), &[OrderStatus::Paid.as_db()]).await?)
}

/// Per promotion of one kind: orders that used it and the discount given
/// (cancelled orders not counted).
pub async fn discount_usage(
    conn: &mut Conn,
    kind: &str,
    source_ids: &[i64],
) -> Result<std::collections::HashMap<i64, crate::promotions::model::Usage>, AppError> {
    Ok(db::discount_usage(conn, kind, source_ids)
        .await?
        .into_iter()
        .map(|(id, orders, discount_minor)| (id, crate::promotions::model::Usage { orders, discount_minor }))
        .collect())
}

/// An order line with its money, as after-sales reads it.
pub type MoneyLine = db::MoneyLineRow;

/// One line with its order's facts and money (none: no such line).
pub async fn money_line(conn: &mut Conn, order_line_id: i64) -> Result<Option<MoneyLine>, AppError> {
    Ok(db::money_line(conn, order_line_id).await?)
}

/// Every line of an order with its money.
pub async fn money_lines(conn: &mut Conn, order_id: i64) -> Result<Vec<MoneyLine>, AppError> {
    Ok(db::money_lines_of(conn, order_id).await?)
}

/// Sends `amount` of a line back to its shopper (after-sales): counted on
/// the line only while the line's refunds stay within what was paid for it
/// (however many requests race), then asked of the payment provider under
/// `key`, which the provider dedupes on. When every line has gone back the
/// order is Refunded.
#[allow(
    clippy::too_many_arguments,
    reason = "each is one typed field of the form or one fact of the move"
)]
pub async fn refund_line(
    tx: &mut Tx,
    config: &AppConfig,
    line: &MoneyLine,
    amount_minor: i64,
    platform_returns_minor: i64,
    restock_units: bool,
    reason: &str,
    key: &str,
) -> Result<(), AppError> {
    let now = now_ms();
    if db::add_line_refund(&mut **tx, line.order_line_id, amount_minor, platform_returns_minor, now).await? == 0 {
        return Err(AppError::new(ErrorCode::RefundOverPaid));
    }
    // Stock before the refund's figures, the order every transaction takes
    // them in (see `lines_by_sku`).
    if restock_units {
        crate::catalog::service::restore_stock(tx, line.sku_id, line.quantity).await?;
    }
    crate::payments::service::refund_order_keyed(tx, line.order_id, amount_minor, reason, key).await?;
    if db::lines_left_to_refund(&mut **tx, line.order_id).await? == 0 {
        transition(
            tx,
            config,
            line.order_id,
            OrderAction::LinesRefunded,
            Actor::System,
            "every item refunded",
            "",
        )
        .await?;
    }
    Ok(())
}

/// How many of a shop's orders reached their shoppers.
pub async fn delivered_count(conn: &mut Conn, shop_id: i64) -> Result<i64, AppError> {
    Ok(db::delivered_count(conn, shop_id).await?)
}

/// Several lines with their money, in one statement.
pub async fn money_lines_in(conn: &mut Conn, order_line_ids: &[i64]) -> Result<Vec<MoneyLine>, AppError> {
    Ok(db::money_lines_in(conn, order_line_ids).await?)
}
