//! Analytics SQL: the rollups kept as things happen, the dashboards' reads
//! of them, the same figures counted again from the raw rows (for tests and
//! checks), and the rebuild of every rollup from scratch.

use super::model::{CategoryShare, ProductFigure, ShopLeagueRow};
use crate::server::db::{batch_rows, value_rows, Conn};
use sqlx::{Any, Executor, FromRow};

/// `sum(x)` as a bigint on both databases (PostgreSQL sums to numeric).
macro_rules! total {
    ($col:literal) => {
        concat!("cast(coalesce(sum(", $col, "), 0) as bigint)")
    };
}

/// A product's running total of a column (`as` the column), in SQL, over
/// the window `w` of its days.
macro_rules! running {
    ($col:literal) => {
        concat!("cast(sum(", $col, ") over w as bigint) as ", $col)
    };
}

/// The China-time day of a ms column, in SQL.
macro_rules! day_sql {
    ($col:literal) => {
        concat!("((", $col, " + 28800000) / 86400000)")
    };
}

/// Money of a shop's day to add (any part may be zero).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SalesDelta {
    pub placed_orders: i64,
    pub placed_minor: i64,
    pub paid_orders: i64,
    pub paid_minor: i64,
    pub refunds: i64,
    pub refunded_minor: i64,
    pub delivered_orders: i64,
}

pub async fn add_sales<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    day: i64,
    d: &SalesDelta,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into shop_sales_day (shop_id, day, placed_orders, placed_minor, paid_orders, paid_minor, refunds,
             refunded_minor, delivered_orders)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (shop_id, day) do update set
             delivered_orders = shop_sales_day.delivered_orders + excluded.delivered_orders,
             placed_orders = shop_sales_day.placed_orders + excluded.placed_orders,
             placed_minor = shop_sales_day.placed_minor + excluded.placed_minor,
             paid_orders = shop_sales_day.paid_orders + excluded.paid_orders,
             paid_minor = shop_sales_day.paid_minor + excluded.paid_minor,
             refunds = shop_sales_day.refunds + excluded.refunds,
             refunded_minor = shop_sales_day.refunded_minor + excluded.refunded_minor",
    )
    .bind(shop_id)
    .bind(day)
    .bind(d.placed_orders)
    .bind(d.placed_minor)
    .bind(d.paid_orders)
    .bind(d.paid_minor)
    .bind(d.refunds)
    .bind(d.refunded_minor)
    .bind(d.delivered_orders)
    .execute(ex)
    .await?;
    Ok(())
}

/// Counts a buyer's payment on a day. A new (shop, day, buyer) row is
/// linked to the buyer's paid days before and after it in the shop, and
/// they to it, so a range's buyers count without grouping.
pub async fn add_buyer(
    conn: &mut crate::server::db::Conn,
    shop_id: i64,
    day: i64,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into shop_buyer_day (shop_id, day, user_id, paid_orders, prev_day, next_day)
         values ($1, $2, $3, 1,
             (select max(day) from shop_buyer_day where shop_id = $1 and user_id = $3 and day < $2),
             (select min(day) from shop_buyer_day where shop_id = $1 and user_id = $3 and day > $2))
         on conflict (shop_id, day, user_id) do update set paid_orders = shop_buyer_day.paid_orders + 1",
    )
    .bind(shop_id)
    .bind(day)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    // Only the neighbours can point past this day; on a repeat the
    // conditions already fail.
    for sql in [
        "update shop_buyer_day set next_day = $2
         where shop_id = $1 and user_id = $3 and day < $2 and (next_day is null or next_day > $2)",
        "update shop_buyer_day set prev_day = $2
         where shop_id = $1 and user_id = $3 and day > $2 and (prev_day is null or prev_day < $2)",
    ] {
        sqlx::query(sql)
            .bind(shop_id)
            .bind(day)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Views, units and money of a product's day to add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProductDelta {
    pub product_id: i64,
    pub shop_id: i64,
    pub day: i64,
    pub views: i64,
    pub units: i64,
    pub paid_minor: i64,
}

/// The figures a product day keeps running totals of (`<figure>_through`).
const RUNNING: [&str; 3] = ["views", "units", "paid_minor"];

/// A new product day's running totals before its own figures are added:
/// those of the product's last day before it (zero when it has none).
/// `product` and `day` are the row's placeholders.
fn totals_before(product: &str, day: &str) -> String {
    RUNNING
        .map(|f| {
            format!(
                "coalesce((select x.{f}_through from product_day x
                           where x.product_id = {product} and x.day < {day} order by x.day desc limit 1), 0)"
            )
        })
        .join(", ")
}

/// Adds to a product's day; a day it first sells on is linked to the
/// product's sold days around it.
pub async fn add_product(conn: &mut crate::server::db::Conn, d: &ProductDelta) -> Result<(), sqlx::Error> {
    let sql = format!(
        "insert into product_day (product_id, day, shop_id, views, units, paid_minor,
                                  views_through, units_through, paid_minor_through)
         values ($1, $2, $3, $4, $5, $6, {})
         on conflict (product_id, day) do update set
             views = product_day.views + excluded.views,
             units = product_day.units + excluded.units,
             paid_minor = product_day.paid_minor + excluded.paid_minor",
        totals_before("$1", "$2")
    );
    sqlx::query(&sql)
        .bind(d.product_id)
        .bind(d.day)
        .bind(d.shop_id)
        .bind(d.views)
        .bind(d.units)
        .bind(d.paid_minor)
        .execute(&mut *conn)
        .await?;
    if d.units > 0 {
        // Linked to the product's sold day before, and the one after to it.
        for sql in [
            "update product_day set prev_sold_day =
                 (select max(p.day) from product_day p where p.product_id = $1 and p.day < $2 and p.units > 0)
             where product_id = $1 and day = $2",
            "update product_day set prev_sold_day = $2
             where product_id = $1 and (prev_sold_day is null or prev_sold_day < $2)
               and day = (select min(p.day) from product_day p where p.product_id = $1 and p.day > $2 and p.units > 0)",
        ] {
            sqlx::query(sql)
                .bind(d.product_id)
                .bind(d.day)
                .execute(&mut *conn)
                .await?;
        }
    }
    add_running(conn, std::slice::from_ref(d), DayToo::Nothing).await
}

/// What [`add_running`] also adds to each delta's own day (besides the
/// running totals): nothing when the caller wrote the day's figures itself.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DayToo {
    Nothing,
    Views,
}

/// Adds product days' figures to the running totals of those days and of
/// every later day of the product. A later day takes the sum of the
/// product's deltas up to it, so each is written as a span of days that
/// no other span of the batch overlaps (an update joins a row once).
async fn add_running(
    conn: &mut crate::server::db::Conn,
    deltas: &[ProductDelta],
    day_too: DayToo,
) -> Result<(), sqlx::Error> {
    let mut sorted = deltas.to_vec();
    sorted.sort_by_key(|d| (d.product_id, d.day));
    sorted.dedup_by(|later, kept| {
        let same = (later.product_id, later.day) == (kept.product_id, kept.day);
        if same {
            kept.views += later.views;
            kept.units += later.units;
            kept.paid_minor += later.paid_minor;
        }
        same
    });
    // (product, first day, day after the last, views, units, money through
    // it, the first day's own views)
    let mut spans: Vec<[i64; 7]> = Vec::with_capacity(sorted.len());
    for (i, d) in sorted.iter().enumerate() {
        let mut sums = [d.views, d.units, d.paid_minor];
        if let Some(before) = spans.last().filter(|s| s[0] == d.product_id) {
            sums = [sums[0] + before[3], sums[1] + before[4], sums[2] + before[5]];
        }
        let end = match sorted.get(i + 1) {
            Some(next) if next.product_id == d.product_id => next.day,
            _ => i64::MAX,
        };
        spans.push([d.product_id, d.day, end, sums[0], sums[1], sums[2], d.views]);
    }
    let mut added: Vec<String> = RUNNING
        .iter()
        .map(|f| format!("{f}_through = product_day.{f}_through + d.{f}"))
        .collect();
    if day_too == DayToo::Views {
        // Each span starts on its delta's own day.
        added.push(
            "views = product_day.views + case when product_day.day = d.first_day then d.own_views else 0 end".into(),
        );
    }
    for chunk in spans.chunks(batch_rows(7)) {
        let sql = format!(
            "with d (product_id, first_day, end_day, views, units, paid_minor, own_views) as (values {})
             update product_day set {}
             from d where product_day.product_id = d.product_id
                      and product_day.day >= d.first_day and product_day.day < d.end_day",
            value_rows(chunk.len(), 7, false),
            added.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for span in chunk {
            for v in span {
                query = query.bind(*v);
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn add_category<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    category_id: i64,
    day: i64,
    units: i64,
    paid_minor: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into category_day (category_id, day, units, paid_minor) values ($1, $2, $3, $4)
         on conflict (category_id, day) do update set
             units = category_day.units + excluded.units,
             paid_minor = category_day.paid_minor + excluded.paid_minor",
    )
    .bind(category_id)
    .bind(day)
    .bind(units)
    .bind(paid_minor)
    .execute(ex)
    .await?;
    Ok(())
}

/// Counts a shopper's payment; the figures before it (none for a first
/// payment) and after it come back, for the RFM counts.
pub async fn customer_paid(
    conn: &mut crate::server::db::Conn,
    user_id: i64,
    at: i64,
    paid_minor: i64,
) -> Result<(Option<RfmFigure>, RfmFigure), sqlx::Error> {
    let (last_paid_at, orders, spent_minor, prior_paid_at): (i64, i64, i64, Option<i64>) = sqlx::query_as(
        "insert into customer_figure (user_id, first_paid_at, last_paid_at, paid_orders, spent_minor)
         values ($1, $2, $2, 1, $3)
         on conflict (user_id) do update set
             first_paid_at = case when excluded.first_paid_at < customer_figure.first_paid_at
                 then excluded.first_paid_at else customer_figure.first_paid_at end,
             last_paid_at = case when excluded.last_paid_at > customer_figure.last_paid_at
                 then excluded.last_paid_at else customer_figure.last_paid_at end,
             prior_paid_at = customer_figure.last_paid_at,
             paid_orders = customer_figure.paid_orders + 1,
             spent_minor = customer_figure.spent_minor + excluded.spent_minor
         returning last_paid_at, paid_orders, spent_minor, prior_paid_at",
    )
    .bind(user_id)
    .bind(at)
    .bind(paid_minor)
    .fetch_one(&mut *conn)
    .await?;
    let after = RfmFigure {
        last_paid_at,
        orders,
        spent_minor,
    };
    let before = prior_paid_at.filter(|_| orders > 1).map(|prior| RfmFigure {
        last_paid_at: prior,
        orders: orders - 1,
        spent_minor: spent_minor - paid_minor,
    });
    Ok((before, after))
}

/// Takes money a shopper got back off what they kept; their figures before
/// and after come back (none when they never paid).
pub async fn customer_refunded(
    conn: &mut crate::server::db::Conn,
    user_id: i64,
    amount_minor: i64,
) -> Result<Option<(RfmFigure, RfmFigure)>, sqlx::Error> {
    let after: Option<(i64, i64, i64)> = sqlx::query_as(
        "update customer_figure set spent_minor = spent_minor - $1 where user_id = $2
         returning last_paid_at, paid_orders, spent_minor",
    )
    .bind(amount_minor)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(after.map(|(last_paid_at, orders, spent_minor)| {
        let after = RfmFigure {
            last_paid_at,
            orders,
            spent_minor,
        };
        (
            RfmFigure {
                spent_minor: spent_minor + amount_minor,
                ..after
            },
            after,
        )
    }))
}

/// What the RFM segments read of a shopper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RfmFigure {
    pub last_paid_at: i64,
    pub orders: i64,
    pub spent_minor: i64,
}

/// Adds `customers` (or takes them off, when negative) to a row of the
/// RFM counts: shoppers last paid on `day`, in bucket (`orders`, `rich`).
pub async fn add_rfm(
    conn: &mut crate::server::db::Conn,
    day: i64,
    (orders, rich): (i64, bool),
    customers: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into customer_rfm_day (day, orders, rich, customers) values ($1, $2, $3, $4)
         on conflict (day, orders, rich) do update set customers = customer_rfm_day.customers + excluded.customers",
    )
    .bind(day)
    .bind(orders)
    .bind(i64::from(rich))
    .bind(customers)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A raw event as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    pub at: i64,
    pub day: i64,
    pub visitor: String,
    pub user_id: Option<i64>,
    pub kind: &'static str,
    pub shop_id: Option<i64>,
    pub product_id: Option<i64>,
    pub order_id: Option<i64>,
}

/// Writes events, a few hundred rows per statement.
pub async fn insert_events(conn: &mut crate::server::db::Conn, events: &[EventRow]) -> Result<(), sqlx::Error> {
    const COLS: usize = 8;
    for chunk in events.chunks(batch_rows(COLS)) {
        let sql = format!(
            "insert into analytics_event (at, day, visitor, user_id, kind, shop_id, product_id, order_id) values {}",
            value_rows(chunk.len(), COLS, false)
        );
        let mut query = sqlx::query(&sql);
        for e in chunk {
            query = query
                .bind(e.at)
                .bind(e.day)
                .bind(e.visitor.as_str())
                .bind(e.user_id)
                .bind(e.kind)
                .bind(e.shop_id)
                .bind(e.product_id)
                .bind(e.order_id);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A step one visitor reached in a shop on a day.
pub type Step<'a> = (i64, i64, &'a str, i64);

/// Records steps; those not recorded before come back as (shop, day,
/// step). The primary key decides, so two servers writing the same step at
/// once count it once.
pub async fn new_steps(
    conn: &mut crate::server::db::Conn,
    steps: &[Step<'_>],
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let mut added = Vec::new();
    for chunk in steps.chunks(batch_rows(4)) {
        let sql = format!(
            "insert into shop_visitor_step (shop_id, day, visitor, step) values {}
             on conflict (shop_id, day, visitor, step) do nothing returning shop_id, day, step",
            value_rows(chunk.len(), 4, false)
        );
        let mut query = sqlx::query_as::<_, (i64, i64, i64)>(&sql);
        for (shop_id, day, visitor, step) in chunk {
            query = query.bind(*shop_id).bind(*day).bind(*visitor).bind(*step);
        }
        added.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(added)
}

/// A shop's funnel of a day to add.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FunnelDelta {
    pub views: i64,
    pub visitors: i64,
    pub carted: i64,
    pub checked_out: i64,
    pub ordered: i64,
    pub paid: i64,
}

impl FunnelDelta {
    pub fn is_empty(&self) -> bool {
        *self == FunnelDelta::default()
    }
}

/// Adds to shops' funnels, a row per (shop, day), each key once.
pub async fn add_funnels(
    conn: &mut crate::server::db::Conn,
    rows: &[((i64, i64), FunnelDelta)],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(batch_rows(8)) {
        let sql = format!(
            "insert into shop_funnel_day (shop_id, day, views, visitors, carted, checked_out, ordered, paid)
             values {}
             on conflict (shop_id, day) do update set
                 views = shop_funnel_day.views + excluded.views,
                 visitors = shop_funnel_day.visitors + excluded.visitors,
                 carted = shop_funnel_day.carted + excluded.carted,
                 checked_out = shop_funnel_day.checked_out + excluded.checked_out,
                 ordered = shop_funnel_day.ordered + excluded.ordered,
                 paid = shop_funnel_day.paid + excluded.paid",
            value_rows(chunk.len(), 8, false)
        );
        let mut query = sqlx::query(&sql);
        for ((shop_id, day), d) in chunk {
            query = query
                .bind(*shop_id)
                .bind(*day)
                .bind(d.views)
                .bind(d.visitors)
                .bind(d.carted)
                .bind(d.checked_out)
                .bind(d.ordered)
                .bind(d.paid);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds views to product days. Only days a product has no row for yet
/// read the totals before them (most of a batch's rows exist already); the
/// views then go to each day and its running totals in one update.
pub async fn add_views(conn: &mut crate::server::db::Conn, rows: &[((i64, i64, i64), i64)]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(batch_rows(3)) {
        let sql = format!(
            "with v (product_id, day, shop_id) as (values {})
             insert into product_day (product_id, day, shop_id, views, views_through, units_through, paid_minor_through)
             select v.product_id, v.day, v.shop_id, 0, {}
             from v
             where not exists (select 1 from product_day x where x.product_id = v.product_id and x.day = v.day)
             on conflict (product_id, day) do nothing",
            value_rows(chunk.len(), 3, false),
            totals_before("v.product_id", "v.day")
        );
        let mut query = sqlx::query(&sql);
        for ((product_id, day, shop_id), _) in chunk {
            query = query.bind(*product_id).bind(*day).bind(*shop_id);
        }
        query.execute(&mut *conn).await?;
    }
    let deltas: Vec<ProductDelta> = rows
        .iter()
        .map(|&((product_id, day, shop_id), views)| ProductDelta {
            product_id,
            shop_id,
            day,
            views,
            units: 0,
            paid_minor: 0,
        })
        .collect();
    add_running(conn, &deltas, DayToo::Views).await
}

/// The day the recent windows were last rolled to (0: never).
pub async fn window_base<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<i64, sqlx::Error> {
    Ok(sqlx::query_scalar("select base_day from analytics_window where id = 1")
        .fetch_optional(ex)
        .await?
        .unwrap_or(0))
}

/// What a product adds to its recent windows (one entry per window, in
/// the order of [`RecentDays::ALL`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecentDelta {
    pub views: [i64; 3],
    pub units: [i64; 3],
    pub paid_minor: [i64; 3],
    /// Views, units and money over all the product's days: its running
    /// totals through its last day.
    pub ever: [i64; 3],
}

/// The window columns of `product_recent`, in the order of
/// [`RecentDays::ALL`]: `views_1, units_1, paid_minor_1, views_7, …`.
fn recent_columns() -> Vec<String> {
    RecentDays::ALL
        .iter()
        .flat_map(|w| RUNNING.map(|c| format!("{c}_{}", w.days())))
        .collect()
}

/// The all-days columns of `product_recent`, in the order of
/// [`RecentDelta::ever`].
const EVER_COLUMNS: [&str; 3] = ["views_all", "units_all", "paid_minor_all"];

/// Adds to products' recent windows, each (shop, product) key once.
pub async fn add_recent(
    conn: &mut crate::server::db::Conn,
    rows: &[((i64, i64), RecentDelta)],
) -> Result<(), sqlx::Error> {
    let mut columns = recent_columns();
    columns.extend(EVER_COLUMNS.map(String::from));
    let added: Vec<String> = columns
        .iter()
        .map(|c| format!("{c} = product_recent.{c} + excluded.{c}"))
        .collect();
    for chunk in rows.chunks(batch_rows(2 + columns.len())) {
        let sql = format!(
            "insert into product_recent (shop_id, product_id, {}) values {}
             on conflict (shop_id, product_id) do update set {}",
            columns.join(", "),
            value_rows(chunk.len(), 2 + columns.len(), false),
            added.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for ((shop_id, product_id), d) in chunk {
            query = query.bind(*shop_id).bind(*product_id);
            for w in 0..RecentDays::ALL.len() {
                query = query.bind(d.views[w]).bind(d.units[w]).bind(d.paid_minor[w]);
            }
            for figure in d.ever {
                query = query.bind(figure);
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Product days of every shop, so a range of days is read through the
/// (shop, day) index shop by shop: a bare day range would scan the table.
const EVERY_SHOP: &str = "shop_id in (select shop_id from shop)";

/// Moves the recent windows from day `from` to day `to`, unless another
/// server already moved them (then false). Counts them afresh from the
/// product days when they were never rolled or a whole window passed;
/// otherwise takes off only the days that fell out.
pub async fn roll_recent(conn: &mut crate::server::db::Conn, from: i64, to: i64) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query("update analytics_window set base_day = $2 where id = 1 and base_day = $1")
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if moved == 0 {
        return Ok(false);
    }
    if to - from >= widest_window() {
        count_recent(conn, to).await?;
        return Ok(true);
    }
    // A window of n days drops days (from - n + 1)..=(to - n): usually one.
    for window in RecentDays::ALL {
        let (suffix, first, last) = (window.days(), from - window.days() + 1, to - window.days());
        let sql = format!(
            "update product_recent set
                 views_{suffix} = product_recent.views_{suffix} - d.views,
                 units_{suffix} = product_recent.units_{suffix} - d.units,
                 paid_minor_{suffix} = product_recent.paid_minor_{suffix} - d.paid_minor
             from (select shop_id, product_id, {views} as views, {units} as units, {paid} as paid_minor
                   from product_day where {EVERY_SHOP} and day >= $1 and day <= $2
                   group by shop_id, product_id) d
             where product_recent.shop_id = d.shop_id and product_recent.product_id = d.product_id",
            views = total!("views"),
            units = total!("units"),
            paid = total!("paid_minor"),
        );
        sqlx::query(&sql).bind(first).bind(last).execute(&mut *conn).await?;
    }
    Ok(true)
}

/// Counts every product's windows ending `today` and its totals over all
/// days afresh from the product days (days after `today` included, as the
/// kept windows hold them). Reads every product day: only a rebuild, a
/// first roll or one after a whole window passed comes here.
async fn count_recent(conn: &mut crate::server::db::Conn, today: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from product_recent").execute(&mut *conn).await?;
    let mut columns = recent_columns();
    let mut sums: Vec<String> = RecentDays::ALL
        .iter()
        .flat_map(|w| {
            let first = today - w.days() + 1;
            RUNNING.map(|c| format!("cast(coalesce(sum(case when day >= {first} then {c} else 0 end), 0) as bigint)"))
        })
        .collect();
    columns.extend(EVER_COLUMNS.map(String::from));
    sums.extend(RUNNING.map(|c| format!("cast(sum({c}) as bigint)")));
    // A row for each product with something to count, as the kept rows.
    let sql = format!(
        "insert into product_recent (shop_id, product_id, {})
         select shop_id, product_id, {} from product_day where true
         group by product_id, shop_id
         having sum(views) <> 0 or sum(units) <> 0 or sum(paid_minor) <> 0",
        columns.join(", "),
        sums.join(", ")
    );
    sqlx::query(&sql).execute(&mut *conn).await?;
    Ok(())
}

/// The visitor who placed an order (its `order` event).
pub async fn order_visitor<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select visitor from analytics_event where order_id = $1 and kind = 'order' limit 1")
        .bind(order_id)
        .fetch_optional(ex)
        .await
}

/// The shop of each product given (products that do not exist are left out).
pub async fn shops_of(
    conn: &mut crate::server::db::Conn,
    product_ids: &[i64],
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let mut found = Vec::new();
    for chunk in product_ids.chunks(batch_rows(1)) {
        let list = crate::server::db::placeholders(1, chunk.len());
        let sql = format!("select product_id, shop_id, category_id from product where product_id in ({list})");
        let mut query = sqlx::query_as::<_, (i64, i64, i64)>(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        found.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(found)
}

/// The product and shop of a SKU.
pub async fn product_of_sku<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_id: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select p.product_id, p.shop_id from sku s join product p on p.product_id = s.product_id where s.sku_id = $1",
    )
    .bind(sku_id)
    .fetch_optional(ex)
    .await
}

/// What an order paid, per line, for the rollups.
#[derive(Clone, Debug, FromRow)]
pub struct PaidLine {
    pub product_id: i64,
    pub category_id: i64,
    pub quantity: i64,
    pub paid_minor: i64,
}

pub async fn paid_lines<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<Vec<PaidLine>, sqlx::Error> {
    sqlx::query_as(
        "select l.product_id, p.category_id, l.quantity,
                l.line_total_minor - l.shop_discount_minor - l.platform_discount_minor as paid_minor
         from order_line l join product p on p.product_id = l.product_id
         where l.order_id = $1 order by l.order_line_id",
    )
    .bind(order_id)
    .fetch_all(ex)
    .await
}

/// An order's shop, buyer and total.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct OrderMoney {
    pub shop_id: i64,
    pub user_id: i64,
    pub total_minor: i64,
}

pub async fn order_money<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<Option<OrderMoney>, sqlx::Error> {
    sqlx::query_as("select shop_id, user_id, total_minor from shop_order where order_id = $1")
        .bind(order_id)
        .fetch_optional(ex)
        .await
}

// ---- The dashboards' reads of the rollups ----

/// The six sums of `shop_sales_day` over a range.
#[derive(Clone, Copy, Debug, Default, FromRow, PartialEq, Eq)]
pub struct SalesSums {
    pub placed_orders: i64,
    pub placed_minor: i64,
    pub paid_orders: i64,
    pub paid_minor: i64,
    pub refunds: i64,
    pub refunded_minor: i64,
}

pub async fn sales_sums<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    from: i64,
    to: i64,
) -> Result<SalesSums, sqlx::Error> {
    sqlx::query_as(concat!(
        "select ",
        total!("placed_orders"),
        " as placed_orders, ",
        total!("placed_minor"),
        " as placed_minor, ",
        total!("paid_orders"),
        " as paid_orders, ",
        total!("paid_minor"),
        " as paid_minor, ",
        total!("refunds"),
        " as refunds, ",
        total!("refunded_minor"),
        " as refunded_minor
         from shop_sales_day where shop_id = $1 and day >= $2 and day <= $3"
    ))
    .bind(shop_id)
    .bind(from)
    .bind(to)
    .fetch_one(ex)
    .await
}

#[derive(Clone, Copy, Debug, Default, FromRow, PartialEq, Eq)]
pub struct FunnelSums {
    pub views: i64,
    pub visitors: i64,
    pub carted: i64,
    pub checked_out: i64,
    pub ordered: i64,
    pub paid: i64,
}

pub async fn funnel_sums<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    from: i64,
    to: i64,
) -> Result<FunnelSums, sqlx::Error> {
    sqlx::query_as(concat!(
        "select ",
        total!("views"),
        " as views, ",
        total!("visitors"),
        " as visitors, ",
        total!("carted"),
        " as carted, ",
        total!("checked_out"),
        " as checked_out, ",
        total!("ordered"),
        " as ordered, ",
        total!("paid"),
        " as paid
         from shop_funnel_day where shop_id = $1 and day >= $2 and day <= $3"
    ))
    .bind(shop_id)
    .bind(from)
    .bind(to)
    .fetch_one(ex)
    .await
}

/// Buyers over days `from..=to` and those who paid twice or more, counted
/// over the days `part` of it (the counts of a range's parts add up): each
/// buyer's first row in the range (its previous paid day is before it),
/// repeat when they paid twice that day or paid again before the range
/// ends. A range read through the shop's latest day (`to` is None) counts
/// each buyer's last row instead, far fewer: in the range when it is,
/// repeat when it holds two orders or its previous day is in the range too.
pub async fn buyers(
    conn: &mut Conn,
    shop_id: i64,
    (from, to): (i64, Option<i64>),
    part: (i64, i64),
) -> Result<(i64, i64), sqlx::Error> {
    let (rows, again) = match to {
        Some(_) => (first_rows_in(conn, "shop_buyer_day", "prev_day", ""), "next_day <= $5"),
        None => (
            "shop_buyer_day where shop_id = $1 and day >= $3 and day <= $4 and next_day is null".to_string(),
            "prev_day >= $2",
        ),
    };
    let sql = format!(
        "select count(*), cast(coalesce(sum(case when paid_orders >= 2 or {again} then 1 else 0 end), 0) as bigint)
         from {rows}"
    );
    let mut query = sqlx::query_as(&sql).bind(shop_id).bind(from).bind(part.0).bind(part.1);
    if let Some(to) = to {
        query = query.bind(to);
    }
    query.fetch_one(conn).await
}

/// How many products sold over days from `from`, counted over the days
/// `part` of the range: each once, on its first sold day in the range.
pub async fn products_sold(conn: &mut Conn, shop_id: i64, from: i64, part: (i64, i64)) -> Result<i64, sqlx::Error> {
    let rows = first_rows_in(conn, "product_day", "prev_sold_day", "and units > 0");
    sqlx::query_scalar(&format!("select count(*) from {rows}"))
        .bind(shop_id)
        .bind(from)
        .bind(part.0)
        .bind(part.1)
        .fetch_one(conn)
        .await
}

/// The rows of shop `$1` over days `$3..=$4` whose `previous` day (linked
/// per buyer or product) lies before day `$2`, where their range starts:
/// each buyer's or product's first row in it. PostgreSQL seeks each day's
/// such rows in an index led by (shop, day, previous day), a quarter of
/// the range's rows on the benchmark; SQLite scans the range's rows faster
/// than it makes those seeks (measured in BENCHMARKS.md), so it filters
/// them.
fn first_rows_in(conn: &Conn, table: &str, previous: &str, only: &str) -> String {
    if conn.backend_name() == "PostgreSQL" {
        format!(
            "generate_series(cast($3 as bigint), cast($4 as bigint)) d(day)
             join {table} r on r.shop_id = $1 and r.day = d.day and coalesce(r.{previous}, -1) < $2 {only}"
        )
    } else {
        format!(
            "{table} where shop_id = $1 and day >= $3 and day <= $4 {only}
               and ({previous} is null or {previous} < $2)"
        )
    }
}

/// Whether the shop has product days or buyer days after `day`: then its
/// figures through `day` cannot be read from the totals over all days or
/// from each buyer's last day (a server whose clock runs ahead, or midnight
/// passing during a request).
pub async fn has_days_after<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    day: i64,
) -> Result<bool, sqlx::Error> {
    let later: i64 = sqlx::query_scalar(
        "select cast(case when exists (select 1 from product_day where shop_id = $1 and day > $2)
                           or exists (select 1 from shop_buyer_day where shop_id = $1 and day > $2)
                      then 1 else 0 end as bigint)",
    )
    .bind(shop_id)
    .bind(day)
    .fetch_one(ex)
    .await?;
    Ok(later != 0)
}

pub async fn live_products<'e, E: Executor<'e, Database = Any>>(ex: E, shop_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from product where shop_id = $1 and status = 'live'")
        .bind(shop_id)
        .fetch_one(ex)
        .await
}

/// Per day of a range (days with nothing are absent): paid money, paid
/// orders, visitors.
pub async fn shop_daily<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select d.day, coalesce(s.paid_minor, 0), coalesce(s.paid_orders, 0), coalesce(f.visitors, 0)
         from (select day from shop_sales_day where shop_id = $1 and day >= $2 and day <= $3
               union select day from shop_funnel_day where shop_id = $1 and day >= $2 and day <= $3) d
         left join shop_sales_day s on s.shop_id = $1 and s.day = d.day
         left join shop_funnel_day f on f.shop_id = $1 and f.day = d.day
         order by d.day",
    )
    .bind(shop_id)
    .bind(from)
    .bind(to)
    .fetch_all(ex)
    .await
}

/// A shop's best sellers and its stuck products (the most viewed of those
/// bought by under one view in fifty) over any range, from the running
/// totals: each product's last day in the range less its last day before
/// it, two rows per product however long the range. A range read through
/// the shop's latest day (`to` is None) takes its end from the product's
/// totals over all days, read in shop order, so only the day before it is
/// sought. Titles are joined to the few rows kept.
pub async fn ranged_product_figures(
    conn: &mut Conn,
    shop_id: i64,
    from: i64,
    to: Option<i64>,
    limit: i64,
    share: Share,
) -> Result<ProductLists, sqlx::Error> {
    // PostgreSQL reads each boundary row in one index scan (lateral);
    // SQLite has no lateral join, so it finds the day, then the row.
    let postgres = conn.backend_name() == "PostgreSQL";
    let last_before = |alias: &str, day: &str, inclusive: &str, join: &str| {
        if postgres {
            format!(
                "{join} lateral (select * from product_day x where x.product_id = p.product_id and x.day {inclusive} {day}
                                 order by x.day desc limit 1) {alias} on true"
            )
        } else {
            format!(
                "{join} product_day {alias} on {alias}.product_id = p.product_id and {alias}.day =
                     (select max(x.day) from product_day x where x.product_id = p.product_id and x.day {inclusive} {day})"
            )
        }
    };
    let lo = last_before("lo", "$2", "<", "left join");
    let (products, hi) = match to {
        Some(_) => ("product p".to_string(), last_before("hi", "$6", "<=", "join")),
        None => (
            "(select product_id, shop_id, views_all as views_through, units_all as units_through,
                     paid_minor_all as paid_minor_through
              from product_recent) p"
                .to_string(),
            String::new(),
        ),
    };
    let hi_alias = if to.is_some() { "hi" } else { "p" };
    let sql = format!(
        "with t as materialized (
             select p.product_id,
                    {hi_alias}.views_through - coalesce(lo.views_through, 0) as views,
                    {hi_alias}.units_through - coalesce(lo.units_through, 0) as units,
                    {hi_alias}.paid_minor_through - coalesce(lo.paid_minor_through, 0) as paid_minor
             from {products} {hi} {lo}
             where p.shop_id = $1 and p.product_id >= $4 and p.product_id < $5)
         {}",
        both_lists("$3")
    );
    let mut query = sqlx::query_as(&sql)
        .bind(shop_id)
        .bind(from)
        .bind(limit)
        .bind(share.from_id)
        .bind(share.until_id);
    if let Some(to) = to {
        query = query.bind(to);
    }
    let rows: Vec<ListedProduct> = query.fetch_all(&mut *conn).await?;
    Ok(split_lists(rows))
}

/// A row of [`both_lists`]: which list (0 best sellers, 1 stuck, 2 the
/// count of products sold, carried in the second column), then the figure.
type ListedProduct = (i64, i64, String, i64, i64, i64);

/// After `with t as (…)` of a range's (product_id, views, units,
/// paid_minor): the best sellers and the stuck products, `limit` of each,
/// and how many products sold, in one pass over `t`, with titles joined to
/// the rows kept.
fn both_lists(limit: &str) -> String {
    format!(
        "select l.stuck, l.product_id, p.title, l.views, l.units, l.paid_minor
         from (select cast(0 as bigint) as stuck, product_id, views, units, paid_minor
               from (select * from t where {top} order by {top_order} limit {limit}) a
               union all
               select cast(1 as bigint), product_id, views, units, paid_minor
               from (select * from t where {stuck} order by {stuck_order} limit {limit}) b) l
         join product p on p.product_id = l.product_id
         union all
         select cast(2 as bigint), count(*), '', cast(0 as bigint), cast(0 as bigint), cast(0 as bigint)
         from t where units > 0",
        top = TOP_PRODUCTS.0,
        top_order = TOP_PRODUCTS.1,
        stuck = STUCK_PRODUCTS.0,
        stuck_order = STUCK_PRODUCTS.1,
    )
}

/// A shop's products over a range: the best sellers and the stuck ones,
/// each in order, and how many products sold at all (sell-through).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductLists {
    pub top: Vec<ProductFigure>,
    pub stuck: Vec<ProductFigure>,
    pub sold: i64,
}

impl ProductLists {
    /// The lists of two disjoint shares of the shop's products as one:
    /// the first `limit` of each list over both, and the sold counts added.
    pub fn merge(mut self, other: ProductLists, limit: usize) -> ProductLists {
        self.top.extend(other.top);
        self.stuck.extend(other.stuck);
        sort_products(&mut self.top, false);
        sort_products(&mut self.stuck, true);
        self.top.truncate(limit);
        self.stuck.truncate(limit);
        self.sold += other.sold;
        self
    }
}

/// Which of a shop's products a product pass reads: ids from `from_id` up
/// to, not including, `until_id`. Two connections each read half of a big
/// shop in about half the time; halves of consecutive ids, because a
/// product's rows sit next to the next product's, so interleaved halves
/// would each read nearly every page (measured in BENCHMARKS.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    pub from_id: i64,
    pub until_id: i64,
}

/// A shop's products in two halves of about as many products each.
pub async fn product_halves(conn: &mut Conn, shop_id: i64) -> Result<[Share; 2], sqlx::Error> {
    let count: i64 = sqlx::query_scalar("select count(*) from product where shop_id = $1")
        .bind(shop_id)
        .fetch_one(&mut *conn)
        .await?;
    let middle: Option<i64> =
        sqlx::query_scalar("select product_id from product where shop_id = $1 order by product_id limit 1 offset $2")
            .bind(shop_id)
            .bind(count / 2)
            .fetch_optional(&mut *conn)
            .await?;
    let middle = middle.unwrap_or(i64::MAX);
    Ok([
        Share {
            from_id: i64::MIN,
            until_id: middle,
        },
        Share {
            from_id: middle,
            until_id: i64::MAX,
        },
    ])
}

/// The rows of [`both_lists`] as lists.
fn split_lists(rows: Vec<ListedProduct>) -> ProductLists {
    let mut lists = ProductLists::default();
    for (list, product_id, title, views, units, paid_minor) in rows {
        let figure = ProductFigure {
            product_id,
            title,
            views,
            units,
            paid_minor,
        };
        match list {
            0 => lists.top.push(figure),
            1 => lists.stuck.push(figure),
            _ => lists.sold = product_id,
        }
    }
    sort_products(&mut lists.top, false);
    sort_products(&mut lists.stuck, true);
    lists
}

/// Which products make the best sellers, and in what order, over columns
/// `views`, `units` and `paid_minor` of a range.
const TOP_PRODUCTS: (&str, &str) = ("units > 0", "paid_minor desc, units desc, product_id");
/// Which products are stuck (viewed, rarely bought), and in what order.
const STUCK_PRODUCTS: (&str, &str) = ("views >= 10 and units * 50 < views", "views desc, product_id");

/// A shop's products over a range counted again from its product days
/// (what [`ranged_product_figures`] and [`recent_product_figures`] must
/// equal): the best sellers, or (`stuck`) the stuck products.
pub async fn recount_product_figures<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    from: i64,
    to: i64,
    stuck: bool,
    limit: i64,
) -> Result<Vec<ProductFigure>, sqlx::Error> {
    let (filter, order) = if stuck { STUCK_PRODUCTS } else { TOP_PRODUCTS };
    let sql = format!(
        "select t.product_id, p.title, t.views, t.units, t.paid_minor
         from (select * from (select product_id, {views} as views, {units} as units, {paid} as paid_minor
                              from product_day where shop_id = $1 and day >= $2 and day <= $3
                              group by product_id) g
               where {filter} order by {order} limit $4) t
         join product p on p.product_id = t.product_id",
        views = total!("views"),
        units = total!("units"),
        paid = total!("paid_minor"),
    );
    let mut figures: Vec<ProductFigure> = sqlx::query_as(&sql)
        .bind(shop_id)
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(ex)
        .await?;
    sort_products(&mut figures, stuck);
    Ok(figures)
}

/// Puts a list in the order of [`TOP_PRODUCTS`] or [`STUCK_PRODUCTS`]
/// (after a join, which keeps none).
fn sort_products(figures: &mut [ProductFigure], stuck: bool) {
    use std::cmp::Reverse;
    if stuck {
        figures.sort_by_key(|f| (Reverse(f.views), f.product_id));
    } else {
        figures.sort_by_key(|f| (Reverse(f.paid_minor), Reverse(f.units), f.product_id));
    }
}

/// The best sellers and stuck products over today or the last 7 or 30
/// days, read from the recent windows (one row per product).
pub async fn recent_product_figures<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    days: RecentDays,
    limit: i64,
    share: Share,
) -> Result<ProductLists, sqlx::Error> {
    let w = days.days();
    let sql = format!(
        "with t as materialized (
             select product_id, views_{w} as views, units_{w} as units, paid_minor_{w} as paid_minor
             from product_recent where shop_id = $1 and product_id >= $3 and product_id < $4)
         {}",
        both_lists("$2")
    );
    let rows: Vec<ListedProduct> = sqlx::query_as(&sql)
        .bind(shop_id)
        .bind(limit)
        .bind(share.from_id)
        .bind(share.until_id)
        .fetch_all(ex)
        .await?;
    Ok(split_lists(rows))
}

/// The days of the widest recent window.
fn widest_window() -> i64 {
    RecentDays::ALL.iter().map(|w| w.days()).max().unwrap_or(1)
}

/// The windows kept per product: today, the last 7 days, the last 30.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecentDays {
    One,
    Seven,
    Thirty,
}

impl RecentDays {
    pub const ALL: [RecentDays; 3] = [RecentDays::One, RecentDays::Seven, RecentDays::Thirty];

    pub fn days(self) -> i64 {
        match self {
            RecentDays::One => 1,
            RecentDays::Seven => 7,
            RecentDays::Thirty => 30,
        }
    }

    /// Its place in [`RecentDays::ALL`] and [`RecentDelta`].
    pub fn index(self) -> usize {
        match self {
            RecentDays::One => 0,
            RecentDays::Seven => 1,
            RecentDays::Thirty => 2,
        }
    }
}

/// The platform per day (days with no sales are absent).
pub async fn platform_daily<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(concat!(
        "select day, ",
        total!("paid_minor"),
        ", ",
        total!("paid_orders"),
        " from shop_sales_day where day >= $1 and day <= $2 group by day order by day"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(ex)
    .await
}

/// Shoppers (not operators) who registered, per day, between two instants.
pub async fn new_shoppers<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    from_ms: i64,
    until_ms: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(concat!(
        "select ",
        day_sql!("created_at"),
        " as day, count(*) from app_user
         where created_at >= $1 and created_at < $2 and is_operator = 0 group by 1 order by 1"
    ))
    .bind(from_ms)
    .bind(until_ms)
    .fetch_all(ex)
    .await
}

/// Shops opened, per day, between two instants.
pub async fn new_shops<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    from_ms: i64,
    until_ms: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(concat!(
        "select ",
        day_sql!("created_at"),
        " as day, count(*) from shop where created_at >= $1 and created_at < $2 group by 1 order by 1"
    ))
    .bind(from_ms)
    .bind(until_ms)
    .fetch_all(ex)
    .await
}

pub async fn category_shares<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    from: i64,
    to: i64,
) -> Result<Vec<CategoryShare>, sqlx::Error> {
    sqlx::query_as(concat!(
        "select c.category_id, c.name_en, c.name_zh, ",
        total!("d.paid_minor"),
        " as paid_minor
         from category_day d join category c on c.category_id = d.category_id
         where d.day >= $1 and d.day <= $2
         group by c.category_id, c.name_en, c.name_zh
         order by paid_minor desc, c.category_id"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(ex)
    .await
}

/// The shops with the most paid money over a range, with their after-sales
/// figures and ratings.
pub async fn league<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    from: i64,
    to: i64,
    limit: i64,
) -> Result<Vec<ShopLeagueRow>, sqlx::Error> {
    sqlx::query_as(concat!(
        "select s.shop_id, s.name, t.paid_minor, t.paid_orders, t.refunds,
                coalesce(f.disputes, 0) as disputes,
                (select cast(coalesce(sum(a.delivered_orders), 0) as bigint) from shop_sales_day a
                 where a.shop_id = s.shop_id) as delivered,
                coalesce(r.rating_count, 0) as rating_count,
                coalesce(r.described_sum + r.service_sum + r.delivery_sum, 0) as rating_sum
         from (select shop_id, ",
        total!("paid_minor"),
        " as paid_minor, ",
        total!("paid_orders"),
        " as paid_orders, ",
        total!("refunds"),
        " as refunds
               from shop_sales_day where day >= $1 and day <= $2 group by shop_id
               order by paid_minor desc, shop_id limit $3) t
         join shop s on s.shop_id = t.shop_id
         left join shop_service_figure f on f.shop_id = s.shop_id
         left join shop_score r on r.shop_id = s.shop_id
         order by t.paid_minor desc, s.shop_id"
    ))
    .bind(from)
    .bind(to)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Shoppers per recency class and bucket (see `domain::recency_of` and
/// `domain::rfm_bucket`), seen at the instants `recent_since` (30 days ago)
/// and `lapsed_before` (90 days ago): summed from the per-day counts, save
/// the two days those instants fall in, whose shoppers are read one by one.
pub async fn rfm_counts(
    conn: &mut crate::server::db::Conn,
    recent_since: i64,
    lapsed_before: i64,
) -> Result<Vec<(i64, i64, i64, i64)>, sqlx::Error> {
    use super::domain::{day_of, day_start, CHAMPION_ORDERS, CHAMPION_SPENT_MINOR};
    let (recent_day, lapsed_day) = (day_of(recent_since), day_of(lapsed_before));
    let mut rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "select case when day > $1 then 0 when day > $2 then 1 else 2 end, orders, rich, cast(sum(customers) as bigint)
         from customer_rfm_day where day <> $1 and day <> $2 group by 1, 2, 3",
    )
    .bind(recent_day)
    .bind(lapsed_day)
    .fetch_all(&mut *conn)
    .await?;
    let one_by_one = format!(
        "select case when last_paid_at >= $1 then 0 when last_paid_at >= $2 then 1 else 2 end,
             case when paid_orders >= {CHAMPION_ORDERS} then {CHAMPION_ORDERS} else paid_orders end,
             case when spent_minor >= {CHAMPION_SPENT_MINOR} then 1 else 0 end, count(*)
         from customer_figure where last_paid_at >= $3 and last_paid_at < $4 group by 1, 2, 3"
    );
    let mut days = vec![recent_day];
    if lapsed_day != recent_day {
        days.push(lapsed_day);
    }
    for day in days {
        let found: Vec<(i64, i64, i64, i64)> = sqlx::query_as(&one_by_one)
            .bind(recent_since)
            .bind(lapsed_before)
            .bind(day_start(day))
            .bind(day_start(day + 1))
            .fetch_all(&mut *conn)
            .await?;
        rows.extend(found);
    }
    Ok(rows)
}

/// A segment's shoppers, most spent first.
#[derive(Clone, Debug, FromRow)]
pub struct SegmentMember {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub last_paid_at: i64,
    pub paid_orders: i64,
    pub spent_minor: i64,
}

pub async fn segment_members<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    recent_since: i64,
    lapsed_before: i64,
    segment: &str,
    limit: i64,
) -> Result<Vec<SegmentMember>, sqlx::Error> {
    let sql = format!(
        "select c.user_id, u.email, u.display_name, c.last_paid_at, c.paid_orders, c.spent_minor
         from customer_figure c join app_user u on u.user_id = c.user_id
         where ({}) = $3 order by c.spent_minor desc, c.user_id limit $4",
        super::domain::segment_sql()
    );
    sqlx::query_as(&sql)
        .bind(recent_since)
        .bind(lapsed_before)
        .bind(segment)
        .bind(limit)
        .fetch_all(ex)
        .await
}

// ---- The same figures counted from the raw rows ----

pub async fn recount_sales<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    from_ms: i64,
    until_ms: i64,
) -> Result<SalesSums, sqlx::Error> {
    sqlx::query_as(concat!(
        "select
            (select count(*) from shop_order where shop_id = $1 and created_at >= $2 and created_at < $3) as placed_orders,
            (select ",
        total!("total_minor"),
        " from shop_order where shop_id = $1 and created_at >= $2 and created_at < $3) as placed_minor,
            (select count(*) from shop_order where shop_id = $1 and paid_at >= $2 and paid_at < $3) as paid_orders,
            (select ",
        total!("total_minor"),
        " from shop_order where shop_id = $1 and paid_at >= $2 and paid_at < $3) as paid_minor,
            (select count(*) from refund r
                join payment_order po on po.payment_id = r.payment_id and po.order_id = r.order_id and po.applied = 1
                join shop_order o on o.order_id = r.order_id
             where o.shop_id = $1 and r.created_at >= $2 and r.created_at < $3) as refunds,
            (select ",
        total!("r.amount_minor"),
        " from refund r
                join payment_order po on po.payment_id = r.payment_id and po.order_id = r.order_id and po.applied = 1
                join shop_order o on o.order_id = r.order_id
             where o.shop_id = $1 and r.created_at >= $2 and r.created_at < $3) as refunded_minor"
    ))
    .bind(shop_id)
    .bind(from_ms)
    .bind(until_ms)
    .fetch_one(ex)
    .await
}

pub async fn recount_buyers<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    from_ms: i64,
    until_ms: i64,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "select count(*), cast(coalesce(sum(case when n >= 2 then 1 else 0 end), 0) as bigint)
         from (select user_id, count(*) as n from shop_order
               where shop_id = $1 and paid_at >= $2 and paid_at < $3 group by user_id) b",
    )
    .bind(shop_id)
    .bind(from_ms)
    .bind(until_ms)
    .fetch_one(ex)
    .await
}

pub async fn recount_products_sold<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    from_ms: i64,
    until_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(distinct l.product_id) from order_line l join shop_order o on o.order_id = l.order_id
         where o.shop_id = $1 and o.paid_at >= $2 and o.paid_at < $3",
    )
    .bind(shop_id)
    .bind(from_ms)
    .bind(until_ms)
    .fetch_one(ex)
    .await
}

/// Funnel steps counted from the events: each visitor once a day per step.
pub async fn recount_funnel<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    from: i64,
    to: i64,
) -> Result<FunnelSums, sqlx::Error> {
    let step = |kinds: &str| {
        format!(
            "(select count(*) from (select distinct day, visitor from analytics_event
               where shop_id = $1 and day >= $2 and day <= $3 and kind in ({kinds})) s)"
        )
    };
    let sql = format!(
        "select (select count(*) from analytics_event where shop_id = $1 and day >= $2 and day <= $3 and kind = 'view') as views,
                {} as visitors, {} as carted, {} as checked_out, {} as ordered, {} as paid",
        step("'view', 'cart', 'checkout', 'order', 'paid'"),
        step("'cart'"),
        step("'checkout'"),
        step("'order'"),
        step("'paid'"),
    );
    sqlx::query_as(&sql)
        .bind(shop_id)
        .bind(from)
        .bind(to)
        .fetch_one(ex)
        .await
}

// ---- Rebuilding every rollup from the raw rows ----

/// Empties the rollups and fills them again from orders, lines, refunds
/// and events, in a handful of statements (run inside one transaction).
pub async fn rebuild(conn: &mut crate::server::db::Conn, today: i64) -> Result<(), sqlx::Error> {
    const APPLIED_REFUND: &str = "from refund r
        join payment_order po on po.payment_id = r.payment_id and po.order_id = r.order_id and po.applied = 1
        join shop_order o on o.order_id = r.order_id";
    let statements: Vec<String> = vec![
        "delete from shop_sales_day".into(),
        "delete from shop_buyer_day".into(),
        "delete from product_day".into(),
        "delete from category_day".into(),
        "delete from customer_figure".into(),
        "delete from customer_rfm_day".into(),
        "delete from shop_visitor_step".into(),
        "delete from shop_funnel_day".into(),
        format!(
            "insert into shop_sales_day (shop_id, day, placed_orders, placed_minor)
             select shop_id, {}, count(*), {} from shop_order group by 1, 2",
            day_sql!("created_at"),
            total!("total_minor")
        ),
        format!(
            "insert into shop_sales_day (shop_id, day, paid_orders, paid_minor)
             select shop_id, {}, count(*), {} from shop_order where paid_at is not null group by 1, 2
             on conflict (shop_id, day) do update set paid_orders = excluded.paid_orders, paid_minor = excluded.paid_minor",
            day_sql!("paid_at"),
            total!("total_minor")
        ),
        format!(
            "insert into shop_sales_day (shop_id, day, refunds, refunded_minor)
             select o.shop_id, {}, count(*), {} {APPLIED_REFUND} where true group by 1, 2
             on conflict (shop_id, day) do update set refunds = excluded.refunds, refunded_minor = excluded.refunded_minor",
            day_sql!("r.created_at"),
            total!("r.amount_minor")
        ),
        format!(
            "insert into shop_sales_day (shop_id, day, delivered_orders)
             select shop_id, {}, count(*) from shop_order
             where shipped_at is not null and coalesce(delivered_at, completed_at) is not null group by 1, 2
             on conflict (shop_id, day) do update set delivered_orders = excluded.delivered_orders",
            day_sql!("coalesce(delivered_at, completed_at)")
        ),
        format!(
            "insert into shop_buyer_day (shop_id, day, user_id, paid_orders, prev_day, next_day)
             select shop_id, day, user_id, n, lag(day) over w, lead(day) over w
             from (select shop_id, {} as day, user_id, count(*) as n from shop_order where paid_at is not null
                   group by 1, 2, 3) b
             window w as (partition by shop_id, user_id order by day)",
            day_sql!("paid_at")
        ),
        format!(
            "insert into product_day (product_id, day, shop_id, units, paid_minor)
             select l.product_id, {}, o.shop_id, {}, {}
             from order_line l join shop_order o on o.order_id = l.order_id
             where o.paid_at is not null group by 1, 2, 3",
            day_sql!("o.paid_at"),
            total!("l.quantity"),
            total!("l.line_total_minor - l.shop_discount_minor - l.platform_discount_minor")
        ),
        "insert into product_day (product_id, day, shop_id, views)
         select product_id, day, shop_id, count(*) from analytics_event
         where kind = 'view' and product_id is not null and shop_id is not null group by 1, 2, 3
         on conflict (product_id, day) do update set views = excluded.views"
            .into(),
        "update product_day set prev_sold_day = s.prev
         from (select product_id, day, lag(day) over (partition by product_id order by day) as prev
               from product_day where units > 0) s
         where product_day.product_id = s.product_id and product_day.day = s.day and s.prev is not null"
            .into(),
        format!(
            "update product_day set views_through = s.views, units_through = s.units, paid_minor_through = s.paid_minor
             from (select product_id, day, {}, {}, {} from product_day
                   window w as (partition by product_id order by day)) s
             where product_day.product_id = s.product_id and product_day.day = s.day",
            running!("views"),
            running!("units"),
            running!("paid_minor")
        ),
        format!(
            "insert into category_day (category_id, day, units, paid_minor)
             select p.category_id, {}, {}, {}
             from order_line l join shop_order o on o.order_id = l.order_id join product p on p.product_id = l.product_id
             where o.paid_at is not null group by 1, 2",
            day_sql!("o.paid_at"),
            total!("l.quantity"),
            total!("l.line_total_minor - l.shop_discount_minor - l.platform_discount_minor")
        ),
        format!(
            "insert into customer_figure (user_id, first_paid_at, last_paid_at, paid_orders, spent_minor)
             select user_id, min(paid_at), max(paid_at), count(*), {} from shop_order where paid_at is not null group by 1",
            total!("total_minor")
        ),
        format!(
            "update customer_figure set spent_minor = spent_minor - (
                 select {} {APPLIED_REFUND} where o.user_id = customer_figure.user_id)",
            total!("r.amount_minor")
        ),
        format!(
            "insert into customer_rfm_day (day, orders, rich, customers)
             select {}, case when paid_orders >= {orders} then {orders} else paid_orders end,
                 case when spent_minor >= {rich} then 1 else 0 end, count(*)
             from customer_figure where true group by 1, 2, 3",
            day_sql!("last_paid_at"),
            orders = super::domain::CHAMPION_ORDERS,
            rich = super::domain::CHAMPION_SPENT_MINOR
        ),
        "insert into shop_visitor_step (shop_id, day, visitor, step)
         select distinct shop_id, day, visitor, case kind when 'view' then 1 when 'cart' then 2
             when 'checkout' then 3 when 'order' then 4 else 5 end
         from analytics_event where shop_id is not null and kind <> 'refund'"
            .into(),
        "insert into shop_visitor_step (shop_id, day, visitor, step)
         select distinct shop_id, day, visitor, 0 from analytics_event where shop_id is not null and kind <> 'refund'"
            .into(),
        "insert into shop_funnel_day (shop_id, day, visitors, carted, checked_out, ordered, paid)
         select shop_id, day,
             cast(sum(case when step = 0 then 1 else 0 end) as bigint),
             cast(sum(case when step = 2 then 1 else 0 end) as bigint),
             cast(sum(case when step = 3 then 1 else 0 end) as bigint),
             cast(sum(case when step = 4 then 1 else 0 end) as bigint),
             cast(sum(case when step = 5 then 1 else 0 end) as bigint)
         from shop_visitor_step group by 1, 2"
            .into(),
        "insert into shop_funnel_day (shop_id, day, views)
         select shop_id, day, count(*) from analytics_event where kind = 'view' and shop_id is not null group by 1, 2
         on conflict (shop_id, day) do update set views = excluded.views"
            .into(),
    ];
    for sql in statements {
        // SQLite could read `on conflict` after a SELECT with no WHERE as
        // a join's `on`: each such statement has a WHERE.
        sqlx::query(&sql).execute(&mut *conn).await?;
    }
    count_recent(conn, today).await?;
    sqlx::query("update analytics_window set base_day = $1 where id = 1")
        .bind(today)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A rollup row as eight numbers (short rows padded with zeros).
type Row8 = (i64, i64, i64, i64, i64, i64, i64, i64);

/// Every rollup row in a fixed order, as text: what a rebuild must
/// reproduce.
pub async fn snapshot(conn: &mut crate::server::db::Conn) -> Result<Vec<String>, sqlx::Error> {
    let tables = [
        "select shop_id, day, placed_orders, placed_minor, paid_orders, paid_minor, refunds, refunded_minor from shop_sales_day order by 1, 2",
        "select shop_id, day, delivered_orders, 0, 0, 0, 0, 0 from shop_sales_day order by 1, 2",
        "select shop_id, day, user_id, paid_orders, coalesce(prev_day, -1), coalesce(next_day, -1), 0, 0
         from shop_buyer_day order by 1, 2, 3",
        "select product_id, day, shop_id, views, units, paid_minor, coalesce(prev_sold_day, -1), 0 from product_day order by 1, 2",
        "select product_id, day, views_through, units_through, paid_minor_through, 0, 0, 0 from product_day order by 1, 2",
        "select category_id, day, units, paid_minor, 0, 0, 0, 0 from category_day order by 1, 2",
        "select user_id, first_paid_at, last_paid_at, paid_orders, spent_minor, 0, 0, 0 from customer_figure order by 1",
        "select shop_id, day, views, visitors, carted, checked_out, ordered, paid from shop_funnel_day order by 1, 2",
        "select shop_id, product_id, views_1, units_1, views_7, units_7, views_30, units_30 from product_recent order by 1, 2",
        "select shop_id, product_id, paid_minor_1, paid_minor_7, paid_minor_30, 0, 0, 0 from product_recent order by 1, 2",
        "select shop_id, product_id, views_all, units_all, paid_minor_all, 0, 0, 0 from product_recent order by 1, 2",
        "select base_day, 0, 0, 0, 0, 0, 0, 0 from analytics_window",
        "select day, orders, rich, customers, 0, 0, 0, 0 from customer_rfm_day where customers <> 0 order by 1, 2, 3",
    ];
    let mut out = Vec::new();
    for (i, sql) in tables.iter().enumerate() {
        let rows: Vec<Row8> = sqlx::query_as(sql).fetch_all(&mut *conn).await?;
        out.extend(rows.into_iter().map(|r| format!("{i}: {r:?}")));
    }
    let visitors: Vec<(i64, i64, String, i64)> =
        sqlx::query_as("select shop_id, day, visitor, step from shop_visitor_step order by 1, 2, 3, 4")
            .fetch_all(&mut *conn)
            .await?;
    out.extend(visitors.into_iter().map(|r| format!("v: {r:?}")));
    Ok(out)
}
