//! Every SQL statement of orders, on shop_order and order_line.

use crate::server::db::placeholders;
use sqlx::{Any, Executor, FromRow};

/// A new order's columns.
pub struct NewOrderRow<'a> {
    pub checkout_id: i64,
    pub user_id: i64,
    pub shop_id: i64,
    pub status: &'a str,
    pub items_minor: i64,
    pub shipping_minor: i64,
    pub discount_minor: i64,
    pub total_minor: i64,
    pub recipient: &'a str,
    pub phone: &'a str,
    pub address_text: &'a str,
    pub pay_by: i64,
}

/// Inserts orders in one statement: `(order_id, checkout_id, shop_id)` for
/// each (a placing has one order per shop, so the pair names it).
pub async fn insert_orders<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    orders: &[NewOrderRow<'_>],
    now: i64,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    const COLS: usize = 13;
    let values = crate::server::db::value_rows(orders.len(), COLS, true);
    let sql = format!(
        "insert into shop_order (checkout_id, user_id, shop_id, status, items_minor, shipping_minor, discount_minor,
             total_minor, recipient, phone, address_text, pay_by, created_at, updated_at)
         values {values} returning order_id, checkout_id, shop_id"
    );
    let mut query = sqlx::query_as(&sql);
    for o in orders {
        query = query
            .bind(o.checkout_id)
            .bind(o.user_id)
            .bind(o.shop_id)
            .bind(o.status)
            .bind(o.items_minor)
            .bind(o.shipping_minor)
            .bind(o.discount_minor)
            .bind(o.total_minor)
            .bind(o.recipient)
            .bind(o.phone)
            .bind(o.address_text)
            .bind(o.pay_by)
            .bind(now);
    }
    query.fetch_all(ex).await
}

/// A line as bought.
#[derive(Clone)]
pub struct NewLineRow<'a> {
    pub sku_id: i64,
    pub product_id: i64,
    pub title: &'a str,
    pub options_json: &'a str,
    pub sku_code: &'a str,
    pub image_key: Option<&'a str>,
    pub unit_price_minor: i64,
    pub quantity: i64,
    pub shop_discount_minor: i64,
    pub platform_discount_minor: i64,
}

/// Inserts the lines of one or more orders in one statement:
/// `(order_id, line)`.
pub async fn insert_lines<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    lines: &[(i64, NewLineRow<'_>)],
    now: i64,
) -> Result<(), sqlx::Error> {
    if lines.is_empty() {
        return Ok(());
    }
    const COLS: usize = 14;
    let values = crate::server::db::value_rows(lines.len(), COLS, false);
    let sql = format!(
        "insert into order_line (order_id, sku_id, product_id, title, options_json, sku_code, image_key,
             unit_price_minor, quantity, line_total_minor, shop_discount_minor, platform_discount_minor,
             created_at, updated_at)
         values {values}"
    );
    let mut query = sqlx::query(&sql);
    for (order_id, l) in lines {
        query = query
            .bind(*order_id)
            .bind(l.sku_id)
            .bind(l.product_id)
            .bind(l.title)
            .bind(l.options_json)
            .bind(l.sku_code)
            .bind(l.image_key)
            .bind(l.unit_price_minor)
            .bind(l.quantity)
            .bind(l.unit_price_minor * l.quantity)
            .bind(l.shop_discount_minor)
            .bind(l.platform_discount_minor)
            .bind(now)
            .bind(now);
    }
    query.execute(ex).await?;
    Ok(())
}

/// What a status change needs to know about an order.
#[derive(Clone, Debug, FromRow)]
pub struct OrderHead {
    pub order_id: i64,
    pub checkout_id: i64,
    pub user_id: i64,
    pub shop_id: i64,
    pub status: String,
    pub total_minor: i64,
    pub refunded_minor: i64,
    pub pay_by: i64,
    /// 1 while its group buy is filling: the shop does not see it yet.
    pub held_for_group: i64,
    pub buy_group_id: Option<i64>,
}

const HEAD: &str = "select order_id, checkout_id, user_id, shop_id, status, total_minor, refunded_minor, pay_by,
    held_for_group, buy_group_id from shop_order";

pub async fn head<'e, E: Executor<'e, Database = Any>>(ex: E, order_id: i64) -> Result<Option<OrderHead>, sqlx::Error> {
    sqlx::query_as(&format!("{HEAD} where order_id = $1"))
        .bind(order_id)
        .fetch_optional(ex)
        .await
}

pub async fn heads_of_checkout<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    checkout_id: i64,
) -> Result<Vec<OrderHead>, sqlx::Error> {
    sqlx::query_as(&format!("{HEAD} where checkout_id = $1 order by order_id"))
        .bind(checkout_id)
        .fetch_all(ex)
        .await
}

/// Shipped orders carrying a tracking number (a carrier's notice).
pub async fn heads_by_tracking<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    carrier: &str,
    tracking_number: &str,
) -> Result<Vec<OrderHead>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{HEAD} where tracking_number = $1 and carrier = $2 order by order_id"
    ))
    .bind(tracking_number)
    .bind(carrier)
    .fetch_all(ex)
    .await
}

/// The guarded status change: 0 rows means the order was no longer in
/// `from` (another change won). `stamp` names the column that records when
/// (`paid_at`, `shipped_at` …), chosen by the service from a fixed list.
pub async fn set_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
    from: &str,
    to: &str,
    stamp: Option<&'static str>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let stamp = stamp.map(|column| format!("{column} = $2, ")).unwrap_or_default();
    let sql = format!("update shop_order set status = $1, {stamp}updated_at = $2 where order_id = $3 and status = $4");
    Ok(sqlx::query(&sql)
        .bind(to)
        .bind(now)
        .bind(order_id)
        .bind(from)
        .execute(ex)
        .await?
        .rows_affected())
}

pub async fn set_shipment<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
    carrier: &str,
    tracking_number: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("update shop_order set carrier = $1, tracking_number = $2 where order_id = $3")
        .bind(carrier)
        .bind(tracking_number)
        .bind(order_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Adds to what went back to the shopper (never past the total: the
/// check constraint says so too).
pub async fn add_refunded<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
    amount_minor: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update shop_order set refunded_minor = refunded_minor + $1, updated_at = $2
         where order_id = $3 and refunded_minor + $1 <= total_minor",
    )
    .bind(amount_minor)
    .bind(now)
    .bind(order_id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Orders of a shopper in one status.
pub async fn count_of_user_in<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    status: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from shop_order where user_id = $1 and status = $2")
        .bind(user_id)
        .bind(status)
        .fetch_one(ex)
        .await
}

/// An order as its lists and page show it.
#[derive(Clone, Debug, FromRow)]
pub struct OrderRow {
    pub order_id: i64,
    pub checkout_id: i64,
    pub user_id: i64,
    pub shop_id: i64,
    pub status: String,
    pub items_minor: i64,
    pub shipping_minor: i64,
    pub discount_minor: i64,
    pub total_minor: i64,
    pub recipient: String,
    pub phone: String,
    pub address_text: String,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub pay_by: i64,
    pub created_at: i64,
    pub buy_group_id: Option<i64>,
    pub held_for_group: i64,
}

const ROW: &str = "select order_id, checkout_id, user_id, shop_id, status, items_minor, shipping_minor, discount_minor,
    total_minor, recipient, phone, address_text, carrier, tracking_number, pay_by, created_at, buy_group_id,
    held_for_group from shop_order";

/// Which orders a list shows: whose (a shopper's or a shop's) and in which
/// statuses (none: all).
pub enum Scope {
    Shopper(i64),
    Shop(i64),
    /// Every order in the given statuses (the operator's console).
    All,
}

fn scope_sql(scope: &Scope, statuses: &[&str], first: usize) -> (String, Option<i64>) {
    let mut clauses = Vec::new();
    let mut next = first;
    let owner = match scope {
        Scope::Shopper(id) => {
            clauses.push(format!("user_id = ${next}"));
            next += 1;
            Some(*id)
        }
        Scope::Shop(id) => {
            // A group order reaches its shop when the group is full.
            clauses.push(format!("shop_id = ${next} and held_for_group = 0"));
            next += 1;
            Some(*id)
        }
        Scope::All => None,
    };
    if !statuses.is_empty() {
        clauses.push(format!("status in ({})", placeholders(next, statuses.len())));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" where {}", clauses.join(" and "))
    };
    (sql, owner)
}

/// One page of orders, newest first.
pub async fn list<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    scope: &Scope,
    statuses: &[&str],
    limit: i64,
    offset: i64,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    let (filter, owner) = scope_sql(scope, statuses, 1);
    let n = usize::from(owner.is_some()) + statuses.len();
    let sql = format!(
        "{ROW}{filter} order by order_id desc limit ${} offset ${}",
        n + 1,
        n + 2
    );
    let mut query = sqlx::query_as(&sql);
    if let Some(id) = owner {
        query = query.bind(id);
    }
    for s in statuses {
        query = query.bind(*s);
    }
    query.bind(limit).bind(offset).fetch_all(ex).await
}

pub async fn count<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    scope: &Scope,
    statuses: &[&str],
) -> Result<i64, sqlx::Error> {
    let (filter, owner) = scope_sql(scope, statuses, 1);
    let sql = format!("select count(*) from shop_order{filter}");
    let mut query = sqlx::query_scalar(&sql);
    if let Some(id) = owner {
        query = query.bind(id);
    }
    for s in statuses {
        query = query.bind(*s);
    }
    query.fetch_one(ex).await
}

pub async fn row<'e, E: Executor<'e, Database = Any>>(ex: E, order_id: i64) -> Result<Option<OrderRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ROW} where order_id = $1"))
        .bind(order_id)
        .fetch_optional(ex)
        .await
}

#[derive(Clone, Debug, FromRow)]
pub struct LineRow {
    pub order_line_id: i64,
    pub order_id: i64,
    pub sku_id: i64,
    pub product_id: i64,
    pub title: String,
    pub options_json: String,
    pub sku_code: String,
    pub image_key: Option<String>,
    pub unit_price_minor: i64,
    pub quantity: i64,
    pub line_total_minor: i64,
}

/// The lines of many orders, in one statement.
pub async fn lines_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_ids: &[i64],
) -> Result<Vec<LineRow>, sqlx::Error> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select order_line_id, order_id, sku_id, product_id, title, options_json, sku_code, image_key,
             unit_price_minor, quantity, line_total_minor
         from order_line where order_id in ({}) order by order_line_id",
        placeholders(1, order_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in order_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

/// An order line with what a review needs of its order.
#[derive(Clone, Debug, FromRow)]
pub struct ReviewedLineRow {
    pub order_line_id: i64,
    pub order_id: i64,
    pub user_id: i64,
    pub shop_id: i64,
    pub status: String,
    pub product_id: i64,
    pub title: String,
    pub options_json: String,
    pub image_key: Option<String>,
    pub delivered_at: Option<i64>,
    /// Shop coupons the order used (0 or 1).
    pub shop_coupons: i64,
}

pub async fn line_with_order<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_line_id: i64,
) -> Result<Option<ReviewedLineRow>, sqlx::Error> {
    sqlx::query_as(
        "select l.order_line_id, l.order_id, o.user_id, o.shop_id, o.status, l.product_id, l.title, l.options_json,
             l.image_key, coalesce(o.delivered_at, o.completed_at) as delivered_at,
             (select count(*) from order_discount d where d.order_id = o.order_id and d.kind = 'shop_coupon')
                 as shop_coupons
         from order_line l join shop_order o on o.order_id = l.order_id where l.order_line_id = $1",
    )
    .bind(order_line_id)
    .fetch_optional(ex)
    .await
}

/// One discount of an order as stored.
pub struct NewDiscountRow<'a> {
    pub kind: &'a str,
    pub funder: &'a str,
    pub source_id: i64,
    pub claim_id: Option<i64>,
    pub title: &'a str,
    pub amount_minor: i64,
}

pub async fn insert_discount<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
    d: &NewDiscountRow<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into order_discount (order_id, kind, funder, source_id, claim_id, title, amount_minor,
             created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(order_id)
    .bind(d.kind)
    .bind(d.funder)
    .bind(d.source_id)
    .bind(d.claim_id)
    .bind(d.title)
    .bind(d.amount_minor)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, FromRow)]
pub struct DiscountRow {
    pub order_id: i64,
    pub kind: String,
    pub funder: String,
    pub title: String,
    pub amount_minor: i64,
}

/// The discounts of some orders, in the order they were applied.
pub async fn discounts_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_ids: &[i64],
) -> Result<Vec<DiscountRow>, sqlx::Error> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select order_id, kind, funder, title, amount_minor from order_discount
         where order_id in ({}) order by order_id, order_discount_id",
        placeholders(1, order_ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in order_ids {
        q = q.bind(id);
    }
    q.fetch_all(ex).await
}

/// Per promotion (`kind`, its ids): orders that used it and the discount
/// given, cancelled orders left out.
pub async fn discount_usage<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    kind: &str,
    source_ids: &[i64],
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    if source_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select d.source_id, count(distinct d.order_id), cast(sum(d.amount_minor) as bigint)
         from order_discount d join shop_order o on o.order_id = d.order_id
         where d.kind = $1 and o.status <> 'cancelled' and d.source_id in ({})
         group by d.source_id",
        placeholders(2, source_ids.len())
    );
    let mut q = sqlx::query_as(&sql).bind(kind);
    for id in source_ids {
        q = q.bind(id);
    }
    q.fetch_all(ex).await
}

/// How many orders of a placing are not cancelled.
pub async fn uncancelled_in_checkout<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    checkout_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from shop_order where checkout_id = $1 and status <> 'cancelled'")
        .bind(checkout_id)
        .fetch_one(ex)
        .await
}

/// Marks an order as a place in a group buy, held from its shop until the
/// group is full.
pub async fn hold_for_group<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
    group_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update shop_order set buy_group_id = $1, held_for_group = 1 where order_id = $2")
        .bind(group_id)
        .bind(order_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// A full group's orders go to the shop.
pub async fn release_to_shop<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_ids: &[i64],
    now: i64,
) -> Result<(), sqlx::Error> {
    if order_ids.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "update shop_order set held_for_group = 0, updated_at = $1 where order_id in ({})",
        placeholders(2, order_ids.len())
    );
    let mut q = sqlx::query(&sql).bind(now);
    for id in order_ids {
        q = q.bind(*id);
    }
    q.execute(ex).await?;
    Ok(())
}

/// An order line with its money and what after-sales needs of its order.
#[derive(Clone, Debug, FromRow)]
pub struct MoneyLineRow {
    pub order_line_id: i64,
    pub order_id: i64,
    pub user_id: i64,
    pub shop_id: i64,
    pub status: String,
    pub sku_id: i64,
    pub product_id: i64,
    pub title: String,
    pub options_json: String,
    pub image_key: Option<String>,
    pub quantity: i64,
    pub line_total_minor: i64,
    pub shop_discount_minor: i64,
    pub platform_discount_minor: i64,
    pub refunded_minor: i64,
    pub platform_returned_minor: i64,
    pub delivered_at: Option<i64>,
}

const MONEY_LINE: &str = "select l.order_line_id, l.order_id, o.user_id, o.shop_id, o.status, l.sku_id, l.product_id,
     l.title, l.options_json, l.image_key, l.quantity, l.line_total_minor, l.shop_discount_minor,
     l.platform_discount_minor, l.refunded_minor, l.platform_returned_minor,
     coalesce(o.delivered_at, o.completed_at) as delivered_at
     from order_line l join shop_order o on o.order_id = l.order_id";

pub async fn money_line<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_line_id: i64,
) -> Result<Option<MoneyLineRow>, sqlx::Error> {
    sqlx::query_as(&format!("{MONEY_LINE} where l.order_line_id = $1"))
        .bind(order_line_id)
        .fetch_optional(ex)
        .await
}

pub async fn money_lines_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<Vec<MoneyLineRow>, sqlx::Error> {
    sqlx::query_as(&format!("{MONEY_LINE} where l.order_id = $1 order by l.order_line_id"))
        .bind(order_id)
        .fetch_all(ex)
        .await
}

/// Adds a refund to a line, only while the line's refunds stay within what
/// was paid for it (0 rows: it would not).
pub async fn add_line_refund<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_line_id: i64,
    amount_minor: i64,
    platform_returns_minor: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update order_line set refunded_minor = refunded_minor + $1,
             platform_returned_minor = platform_returned_minor + $2, updated_at = $3
         where order_line_id = $4
           and refunded_minor + $1 <= line_total_minor - shop_discount_minor - platform_discount_minor",
    )
    .bind(amount_minor)
    .bind(platform_returns_minor)
    .bind(now)
    .bind(order_line_id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Lines of an order with money still to go back (0: every line refunded).
pub async fn lines_left_to_refund<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from order_line
         where order_id = $1 and refunded_minor < line_total_minor - shop_discount_minor - platform_discount_minor",
    )
    .bind(order_id)
    .fetch_one(ex)
    .await
}

/// How many of a shop's orders reached the shopper (delivered, completed,
/// or refunded after that): the denominator of its refund and dispute rates.
pub async fn delivered_count<'e, E: Executor<'e, Database = Any>>(ex: E, shop_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from shop_order where shop_id = $1 and status in ('delivered', 'completed', 'refunded')
             and shipped_at is not null",
    )
    .bind(shop_id)
    .fetch_one(ex)
    .await
}

pub async fn money_lines_in<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_line_ids: &[i64],
) -> Result<Vec<MoneyLineRow>, sqlx::Error> {
    if order_line_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{MONEY_LINE} where l.order_line_id in ({})",
        placeholders(1, order_line_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in order_line_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}
