//! Figures for merchants and operators. The rollups are kept as things
//! happen: an order's placing, payment and refunds in their own
//! transactions (so money figures are never behind), storefront events in
//! batches (`capture`). Dashboards read only rollups; `recount_shop` counts
//! the same figures from the raw rows, and `rebuild` refills every rollup
//! from them.

use super::db::{self, EventRow, FunnelDelta, ProductDelta, RecentDays, RecentDelta, SalesDelta};
use super::domain::{self, day_of, RangeAsk};
use super::model::{
    CouponChoice, CouponSent, DayPoint, DayRange, PlatformDashboard, PlatformDay, Segment, SegmentCount, ShopChoice,
    ShopDashboard, ShopFigures,
};
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::server::db::{Conn, Db, Tx};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The kinds of event, and the funnel step (a bit) each marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    View,
    Cart,
    Checkout,
    Order,
    Paid,
    Refund,
}

impl EventKind {
    pub fn as_db(self) -> &'static str {
        match self {
            EventKind::View => "view",
            EventKind::Cart => "cart",
            EventKind::Checkout => "checkout",
            EventKind::Order => "order",
            EventKind::Paid => "paid",
            EventKind::Refund => "refund",
        }
    }

    /// The funnel step it marks (0 is arriving in the shop that day).
    fn step(self) -> Option<i64> {
        match self {
            EventKind::View => Some(1),
            EventKind::Cart => Some(2),
            EventKind::Checkout => Some(3),
            EventKind::Order => Some(4),
            EventKind::Paid => Some(5),
            EventKind::Refund => None,
        }
    }
}

/// Counts a step reached for the first time that day.
fn add_step(delta: &mut FunnelDelta, step: i64) {
    match step {
        0 => delta.visitors += 1,
        2 => delta.carted += 1,
        3 => delta.checked_out += 1,
        4 => delta.ordered += 1,
        5 => delta.paid += 1,
        _ => {}
    }
}

/// One thing a shopper did, as the storefront saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub at: i64,
    pub visitor: String,
    pub user_id: Option<i64>,
    pub kind: EventKind,
    /// Known for order events; looked up from the product otherwise.
    pub shop_id: Option<i64>,
    pub product_id: Option<i64>,
    pub order_id: Option<i64>,
}

/// The visitor an order event is counted under when the browser's id is
/// not known (an order placed by a batch or a test).
pub fn account_visitor(user_id: i64) -> String {
    format!("u{user_id}")
}

/// Writes events and moves the funnel and product rollups by them, in the
/// caller's transaction. Events about a product that does not exist are
/// dropped.
pub async fn ingest(tx: &mut Tx, events: &[Event]) -> Result<usize, AppError> {
    let mut wanted: Vec<i64> = events
        .iter()
        .filter(|e| e.shop_id.is_none())
        .filter_map(|e| e.product_id)
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let shops: HashMap<i64, i64> = db::shops_of(tx, &wanted)
        .await?
        .into_iter()
        .map(|(product, shop, _)| (product, shop))
        .collect();
    let rows: Vec<EventRow> = events
        .iter()
        .filter_map(|e| {
            let shop_id = e
                .shop_id
                .or_else(|| e.product_id.and_then(|p| shops.get(&p).copied()))?;
            Some(EventRow {
                at: e.at,
                day: day_of(e.at),
                visitor: e.visitor.clone(),
                user_id: e.user_id,
                kind: e.kind.as_str(),
                shop_id: Some(shop_id),
                product_id: e.product_id,
                order_id: e.order_id,
            })
        })
        .collect();
    db::insert_events(tx, &rows).await?;
    // Each visitor's steps (and arrival), once per batch; the new ones and
    // the views move the funnel; a few multi-row statements per batch.
    let mut steps: BTreeSet<(i64, i64, &str, i64)> = BTreeSet::new();
    let mut funnels: BTreeMap<(i64, i64), FunnelDelta> = BTreeMap::new();
    let mut views: BTreeMap<(i64, i64, i64), i64> = BTreeMap::new();
    for row in &rows {
        let (Some(shop_id), Some(kind)) = (row.shop_id, EventKind::from_db(row.kind)) else {
            continue;
        };
        let Some(step) = kind.step() else { continue };
        steps.insert((shop_id, row.day, row.visitor.as_str(), 0));
        steps.insert((shop_id, row.day, row.visitor.as_str(), step));
        if kind == EventKind::View {
            funnels.entry((shop_id, row.day)).or_default().views += 1;
            if let Some(product_id) = row.product_id {
                *views.entry((product_id, row.day, shop_id)).or_default() += 1;
            }
        }
    }
    let steps: Vec<db::Step<'_>> = steps.into_iter().collect();
    for (shop_id, day, step) in db::new_steps(tx, &steps).await? {
        add_step(funnels.entry((shop_id, day)).or_default(), step);
    }
    let funnels: Vec<((i64, i64), FunnelDelta)> = funnels.into_iter().filter(|(_, d)| !d.is_empty()).collect();
    db::add_funnels(tx, &funnels).await?;
    if !views.is_empty() {
        let base = db::window_base(&mut **tx).await?;
        let mut recent: BTreeMap<(i64, i64), RecentDelta> = BTreeMap::new();
        for ((product_id, day, shop_id), n) in &views {
            add_recent(
                recent.entry((*shop_id, *product_id)).or_default(),
                base,
                *day,
                (*n, 0, 0),
            );
        }
        let views: Vec<((i64, i64, i64), i64)> = views.into_iter().collect();
        db::add_views(tx, &views).await?;
        db::add_recent(tx, &recent.into_iter().collect::<Vec<_>>()).await?;
    }
    Ok(rows.len())
}

impl EventKind {
    fn as_str(self) -> &'static str {
        self.as_db()
    }

    fn from_db(raw: &str) -> Option<EventKind> {
        [
            EventKind::View,
            EventKind::Cart,
            EventKind::Checkout,
            EventKind::Order,
            EventKind::Paid,
            EventKind::Refund,
        ]
        .into_iter()
        .find(|k| k.as_db() == raw)
    }
}

/// Adds a product's day (views, units, money) to the recent windows that
/// hold it (a window ending at `base` holds every day from its first on)
/// and to its totals over all days.
fn add_recent(window: &mut RecentDelta, base: i64, day: i64, (views, units, paid_minor): (i64, i64, i64)) {
    for (total, figure) in window.ever.iter_mut().zip([views, units, paid_minor]) {
        *total += figure;
    }
    for w in RecentDays::ALL {
        if day > base - w.days() {
            window.views[w.index()] += views;
            window.units[w.index()] += units;
            window.paid_minor[w.index()] += paid_minor;
        }
    }
}

/// Orders placed: each counted in its shop's day and as the `order` step of
/// the visitor who placed it (in the placing's transaction).
pub async fn placed(tx: &mut Tx, orders: &[PlacedOrder<'_>], now: i64) -> Result<(), AppError> {
    let day = day_of(now);
    let mut by_shop: BTreeMap<i64, SalesDelta> = BTreeMap::new();
    for o in orders {
        let d = by_shop.entry(o.shop_id).or_default();
        d.placed_orders += 1;
        d.placed_minor += o.total_minor;
    }
    for (shop_id, delta) in &by_shop {
        db::add_sales(&mut **tx, *shop_id, day, delta).await?;
    }
    let events: Vec<Event> = orders
        .iter()
        .map(|o| Event {
            at: now,
            visitor: o.visitor.map_or_else(|| account_visitor(o.user_id), str::to_string),
            user_id: Some(o.user_id),
            kind: EventKind::Order,
            shop_id: Some(o.shop_id),
            product_id: None,
            order_id: Some(o.order_id),
        })
        .collect();
    ingest(tx, &events).await?;
    Ok(())
}

/// An order as placed, for the figures.
pub struct PlacedOrder<'a> {
    pub order_id: i64,
    pub shop_id: i64,
    pub user_id: i64,
    pub total_minor: i64,
    /// The browser's visitor id, when the shopper placed it themselves.
    pub visitor: Option<&'a str>,
}

/// An order paid at `now`: the shop's day, its buyer, each product and
/// category, the shopper's RFM record, and the visitor's `paid` step.
pub async fn paid(tx: &mut Tx, order_id: i64, now: i64) -> Result<(), AppError> {
    let Some(order) = db::order_money(&mut **tx, order_id).await? else {
        return Ok(());
    };
    let day = day_of(now);
    let sales = SalesDelta {
        paid_orders: 1,
        paid_minor: order.total_minor,
        ..SalesDelta::default()
    };
    db::add_sales(&mut **tx, order.shop_id, day, &sales).await?;
    db::add_buyer(tx, order.shop_id, day, order.user_id).await?;
    order_step(tx, &order, order_id, EventKind::Paid, now).await?;
    let mut products: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    let mut categories: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for line in db::paid_lines(&mut **tx, order_id).await? {
        let p = products.entry(line.product_id).or_default();
        p.0 += line.quantity;
        p.1 += line.paid_minor;
        let c = categories.entry(line.category_id).or_default();
        c.0 += line.quantity;
        c.1 += line.paid_minor;
    }
    let base = db::window_base(&mut **tx).await?;
    let mut recent = Vec::new();
    for (product_id, (units, paid_minor)) in products {
        let mut window = RecentDelta::default();
        add_recent(&mut window, base, day, (0, units, paid_minor));
        recent.push(((order.shop_id, product_id), window));
        let delta = ProductDelta {
            product_id,
            shop_id: order.shop_id,
            day,
            views: 0,
            units,
            paid_minor,
        };
        db::add_product(tx, &delta).await?;
    }
    db::add_recent(tx, &recent).await?;
    for (category_id, (units, paid_minor)) in categories {
        db::add_category(&mut **tx, category_id, day, units, paid_minor).await?;
    }
    let (before, after) = db::customer_paid(tx, order.user_id, now, order.total_minor).await?;
    move_rfm(tx, before, after).await?;
    Ok(())
}

/// Money on its way back for an order (a refund of the payment that paid
/// it), counted on the day it was started.
pub async fn refunded(tx: &mut Tx, order_id: i64, amount_minor: i64, now: i64) -> Result<(), AppError> {
    let Some(order) = db::order_money(&mut **tx, order_id).await? else {
        return Ok(());
    };
    let sales = SalesDelta {
        refunds: 1,
        refunded_minor: amount_minor,
        ..SalesDelta::default()
    };
    db::add_sales(&mut **tx, order.shop_id, day_of(now), &sales).await?;
    order_step(tx, &order, order_id, EventKind::Refund, now).await?;
    if let Some((before, after)) = db::customer_refunded(tx, order.user_id, amount_minor).await? {
        move_rfm(tx, Some(before), after).await?;
    }
    Ok(())
}

/// An order's step in its visitor's funnel (paid, refunded), under the
/// visitor who placed it. Called right after the shop's day (and buyer)
/// rows, before any product or shopper row: the order the event writer
/// takes the same rows in, so the two never wait on each other in a circle
/// (PostgreSQL).
async fn order_step(
    tx: &mut Tx,
    order: &db::OrderMoney,
    order_id: i64,
    kind: EventKind,
    now: i64,
) -> Result<(), AppError> {
    let visitor = db::order_visitor(&mut **tx, order_id)
        .await?
        .unwrap_or_else(|| account_visitor(order.user_id));
    let event = Event {
        at: now,
        visitor,
        user_id: Some(order.user_id),
        kind,
        shop_id: Some(order.shop_id),
        product_id: None,
        order_id: Some(order_id),
    };
    ingest(tx, std::slice::from_ref(&event)).await?;
    Ok(())
}

/// An order that reached its shopper at `now` (the carrier said so, or the
/// shopper confirmed receipt first).
pub async fn received(tx: &mut Tx, shop_id: i64, now: i64) -> Result<(), AppError> {
    let delta = SalesDelta {
        delivered_orders: 1,
        ..SalesDelta::default()
    };
    db::add_sales(&mut **tx, shop_id, day_of(now), &delta).await?;
    Ok(())
}

/// A shop's figures over a range, from the rollups: the same pieces a
/// dashboard shares over two connections, read on one.
pub async fn shop_figures(conn: &mut Conn, shop_id: i64, range: DayRange) -> Result<ShopFigures, AppError> {
    let live_products = db::live_products(&mut *conn, shop_id).await?;
    let through = reads_through(conn, shop_id, range, crate::server::now_ms()).await?;
    let [first, second] = days_each_half(range, through);
    let firsts = first_counts(conn, shop_id, range, first, true, through).await?
        + first_counts(conn, shop_id, range, second, true, through).await?;
    let sums = range_sums(conn, shop_id, range).await?;
    Ok(figures_of(sums, firsts, live_products))
}

/// A range's sums of its days (money, orders, the funnel).
struct RangeSums {
    sales: db::SalesSums,
    funnel: db::FunnelSums,
}

async fn range_sums(conn: &mut Conn, shop_id: i64, range: DayRange) -> Result<RangeSums, AppError> {
    let (from, to) = (range.from, range.to);
    Ok(RangeSums {
        sales: db::sales_sums(&mut *conn, shop_id, from, to).await?,
        funnel: db::funnel_sums(&mut *conn, shop_id, from, to).await?,
    })
}

/// What a range counts once per buyer or product, on its first day in the
/// range: the counts of the range's parts add up to the range's.
#[derive(Clone, Copy)]
struct FirstCounts {
    buyers: i64,
    repeat_buyers: i64,
    products_sold: i64,
}

impl std::ops::Add for FirstCounts {
    type Output = FirstCounts;
    fn add(self, other: FirstCounts) -> FirstCounts {
        FirstCounts {
            buyers: self.buyers + other.buyers,
            repeat_buyers: self.repeat_buyers + other.repeat_buyers,
            products_sold: self.products_sold + other.products_sold,
        }
    }
}

/// The buyers (and, when `sold`, the products sold) of `range` whose first
/// day in it falls in the days `part` of it (for buyers of a range read
/// `through` to the shop's latest day, whose last day does).
async fn first_counts(
    conn: &mut Conn,
    shop_id: i64,
    range: DayRange,
    part: DayRange,
    sold: bool,
    through: bool,
) -> Result<FirstCounts, AppError> {
    let to = (!through).then_some(range.to);
    let (buyers, repeat_buyers) = db::buyers(&mut *conn, shop_id, (range.from, to), (part.from, part.to)).await?;
    let products_sold = if sold {
        db::products_sold(&mut *conn, shop_id, range.from, (part.from, part.to)).await?
    } else {
        0
    };
    Ok(FirstCounts {
        buyers,
        repeat_buyers,
        products_sold,
    })
}

fn figures_of(sums: RangeSums, firsts: FirstCounts, live_products: i64) -> ShopFigures {
    let RangeSums { sales, funnel } = sums;
    let FirstCounts {
        buyers,
        repeat_buyers,
        products_sold,
    } = firsts;
    ShopFigures {
        placed_orders: sales.placed_orders,
        placed_minor: sales.placed_minor,
        paid_orders: sales.paid_orders,
        paid_minor: sales.paid_minor,
        buyers,
        repeat_buyers,
        refunds: sales.refunds,
        refunded_minor: sales.refunded_minor,
        views: funnel.views,
        visitors: funnel.visitors,
        carted: funnel.carted,
        checked_out: funnel.checked_out,
        ordered: funnel.ordered,
        paid_visitors: funnel.paid,
        products_sold,
        live_products,
    }
}

/// The same figures counted from orders, lines, refunds and events.
pub async fn recount_shop(conn: &mut Conn, shop_id: i64, range: DayRange) -> Result<ShopFigures, AppError> {
    let (from_ms, until_ms) = range.instants();
    let sums = RangeSums {
        sales: db::recount_sales(&mut *conn, shop_id, from_ms, until_ms).await?,
        funnel: db::recount_funnel(&mut *conn, shop_id, range.from, range.to).await?,
    };
    let (buyers, repeat_buyers) = db::recount_buyers(&mut *conn, shop_id, from_ms, until_ms).await?;
    let firsts = FirstCounts {
        buyers,
        repeat_buyers,
        products_sold: db::recount_products_sold(&mut *conn, shop_id, from_ms, until_ms).await?,
    };
    let live = db::live_products(&mut *conn, shop_id).await?;
    Ok(figures_of(sums, firsts, live))
}

/// Refills every rollup from the raw rows.
pub async fn rebuild(tx: &mut Tx, now: i64) -> Result<(), AppError> {
    db::rebuild(tx, day_of(now)).await?;
    Ok(())
}

/// The range a dashboard asked for, or each bad date on its field with
/// what was typed.
pub fn range_for(ask: &RangeAsk, now: i64) -> Result<DayRange, AppError> {
    domain::range_of(ask, day_of(now)).map_err(|problems| {
        let mut errors = FieldErrors::default();
        for (field, code) in problems {
            errors.push(field, code);
        }
        let typed = [
            ("from", ask.from.as_deref().unwrap_or_default()),
            ("to", ask.to.as_deref().unwrap_or_default()),
        ];
        match errors.into_result_with(&typed) {
            Err(e) => e,
            Ok(()) => AppError::new(ErrorCode::Internal),
        }
    })
}

fn named_period(ask: &RangeAsk) -> Option<String> {
    let typed = ask.from.as_deref().is_some_and(|s| !s.trim().is_empty())
        || ask.to.as_deref().is_some_and(|s| !s.trim().is_empty());
    if typed {
        return None;
    }
    Some(match ask.period.as_deref() {
        Some("today") => "today".into(),
        Some("30d") => "30d".into(),
        _ => "7d".into(),
    })
}

/// The days of a range over which each of two readers counts its first
/// rows: half each. Buyers read through the latest day are counted by their
/// last days, which a payment can move from one half to the other between
/// the two reads, so then the first reader takes every day.
fn days_each_half(range: DayRange, through: bool) -> [DayRange; 2] {
    if through {
        let none = DayRange {
            from: range.to + 1,
            to: range.to,
        };
        [range, none]
    } else {
        range.halves()
    }
}

/// Whether a range's figures may be read through the shop's latest day
/// (from each product's totals over all days and each buyer's last day):
/// it ends today and the shop has nothing dated later.
async fn reads_through(conn: &mut Conn, shop_id: i64, range: DayRange, now: i64) -> Result<bool, AppError> {
    Ok(range.to >= day_of(now) && !db::has_days_after(&mut *conn, shop_id, range.to).await?)
}

/// Every day of a range, with what the rollups have for it (zero if none).
fn every_day<T: Copy + Default>(range: DayRange, have: &HashMap<i64, T>) -> Vec<(i64, T)> {
    (range.from..=range.to)
        .map(|day| (day, have.get(&day).copied().unwrap_or_default()))
        .collect()
}

/// The shops a merchant may switch between.
pub async fn shop_choices(conn: &mut Conn, member_shop_ids: &[i64]) -> Result<Vec<ShopChoice>, AppError> {
    Ok(crate::merchants::service::member_shops(conn, member_shop_ids)
        .await?
        .into_iter()
        .map(|s| ShopChoice {
            shop_id: s.shop_id,
            name: s.name,
        })
        .collect())
}

/// The merchant's dashboard for one of their shops. When a second
/// connection is idle, the two share the work: each reads half of the
/// shop's products, and half of the days of each period for the buyers and
/// the products sold (but a range's buyers through the latest day, which
/// the first reads); one reads the range's sums and days, the other the
/// period before's sums. A merchant then waits for about half of it where
/// the machine has two cores or more.
pub async fn shop_dashboard(
    database: &Db,
    conn: &mut Conn,
    shops: Vec<ShopChoice>,
    shop_id: i64,
    ask: &RangeAsk,
    now: i64,
) -> Result<ShopDashboard, AppError> {
    let shop = shops
        .iter()
        .find(|s| s.shop_id == shop_id)
        .cloned()
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let range = range_for(ask, now)?;
    let live = db::live_products(&mut *conn, shop_id).await?;
    let products = db::product_halves(&mut *conn, shop_id).await?;
    let through = reads_through(conn, shop_id, range, now).await?;
    let work = |half: usize| DashboardShare {
        shop_id,
        range,
        now,
        through,
        products: products[half],
        half,
    };
    let ((first, current, have), (second, before)) = match database.try_read() {
        Some(mut other) => tokio::try_join!(dashboard_current(conn, work(0)), dashboard_before(&mut other, work(1)))?,
        None => (
            dashboard_current(conn, work(0)).await?,
            dashboard_before(conn, work(1)).await?,
        ),
    };
    let products = first.products.merge(second.products, SHOWN_PRODUCTS);
    let firsts = FirstCounts {
        products_sold: products.sold,
        ..first.firsts + second.firsts
    };
    let before_firsts = first.firsts_before + second.firsts_before;
    let daily = every_day(range, &have)
        .into_iter()
        .map(|(day, (paid_minor, paid_orders, visitors))| DayPoint {
            day,
            paid_minor,
            paid_orders,
            visitors,
        })
        .collect();
    Ok(ShopDashboard {
        shop,
        shops,
        range,
        period: named_period(ask),
        now: figures_of(current, firsts, live),
        before: figures_of(before, before_firsts, live),
        daily,
        top_products: products.top,
        stuck_products: products.stuck,
    })
}

/// Which half of a dashboard's work a connection takes.
#[derive(Clone, Copy)]
struct DashboardShare {
    shop_id: i64,
    range: DayRange,
    now: i64,
    /// The range is read through the shop's latest day ([`reads_through`]).
    through: bool,
    products: db::Share,
    /// 0 or 1: which half of each period's days it counts first rows over.
    half: usize,
}

/// What either half of a dashboard reads: its products, and the first
/// rows of its half of the days of each period.
struct HalfRead {
    products: db::ProductLists,
    firsts: FirstCounts,
    firsts_before: FirstCounts,
}

impl DashboardShare {
    async fn read(self, conn: &mut Conn) -> Result<HalfRead, AppError> {
        let (shop_id, range, before) = (self.shop_id, self.range, self.range.before());
        // The range's products sold come with its product pass.
        let part = days_each_half(range, self.through)[self.half];
        Ok(HalfRead {
            products: product_share(conn, shop_id, range, self.now, self.through, self.products).await?,
            firsts: first_counts(conn, shop_id, range, part, false, self.through).await?,
            firsts_before: first_counts(conn, shop_id, before, before.halves()[self.half], true, false).await?,
        })
    }
}

/// A dashboard's first half, the range's sums and its days.
async fn dashboard_current(
    conn: &mut Conn,
    share: DashboardShare,
) -> Result<(HalfRead, RangeSums, HashMap<i64, (i64, i64, i64)>), AppError> {
    let read = share.read(conn).await?;
    let sums = range_sums(conn, share.shop_id, share.range).await?;
    let have = db::shop_daily(&mut *conn, share.shop_id, share.range.from, share.range.to)
        .await?
        .into_iter()
        .map(|(day, m, o, v)| (day, (m, o, v)))
        .collect();
    Ok((read, sums, have))
}

/// A dashboard's second half and the sums of the period before.
async fn dashboard_before(conn: &mut Conn, share: DashboardShare) -> Result<(HalfRead, RangeSums), AppError> {
    let read = share.read(conn).await?;
    let sums = range_sums(conn, share.shop_id, share.range.before()).await?;
    Ok((read, sums))
}

/// How many best sellers and stuck products a dashboard shows.
const SHOWN_PRODUCTS: usize = 10;

/// A shop's top and stuck products over a range, and how many sold: its
/// two halves read at once when a second connection is idle.
pub async fn product_figures(
    database: &Db,
    shop_id: i64,
    range: DayRange,
    now: i64,
) -> Result<db::ProductLists, AppError> {
    let mut conn = database.read().await?;
    let [first_half, second_half] = db::product_halves(&mut conn, shop_id).await?;
    let through = reads_through(&mut conn, shop_id, range, now).await?;
    let (first, second) = match database.try_read() {
        Some(mut other) => tokio::try_join!(
            product_share(&mut conn, shop_id, range, now, through, first_half),
            product_share(&mut other, shop_id, range, now, through, second_half),
        )?,
        None => (
            product_share(&mut conn, shop_id, range, now, through, first_half).await?,
            product_share(&mut conn, shop_id, range, now, through, second_half).await?,
        ),
    };
    Ok(first.merge(second, SHOWN_PRODUCTS))
}

/// One share of a shop's products over a range: from the recent windows
/// when the range is today or the last 7 or 30 days and they were rolled
/// to today (one row per product), otherwise from the running totals (two,
/// or one and the product's totals over all days when read `through` to
/// the shop's latest day).
async fn product_share(
    conn: &mut Conn,
    shop_id: i64,
    range: DayRange,
    now: i64,
    through: bool,
    share: db::Share,
) -> Result<db::ProductLists, AppError> {
    let shown = SHOWN_PRODUCTS as i64;
    let today = day_of(now);
    let window = RecentDays::ALL
        .into_iter()
        .find(|w| range.to == today && range.from == today - w.days() + 1);
    if let Some(window) = window {
        if db::window_base(&mut *conn).await? == today {
            return Ok(db::recent_product_figures(&mut *conn, shop_id, window, shown, share).await?);
        }
    }
    let to = (!through).then_some(range.to);
    Ok(db::ranged_product_figures(&mut *conn, shop_id, range.from, to, shown, share).await?)
}

/// Rolls the recent product windows to today if they end earlier (each
/// server calls this every minute; one of them moves them).
pub async fn roll_recent(database: &crate::server::db::Db, now: i64) -> Result<(), AppError> {
    let today = day_of(now);
    let base = {
        let mut conn = database.pool().acquire().await?;
        db::window_base(&mut *conn).await?
    };
    if base >= today {
        return Ok(());
    }
    let mut tx = database.begin_write().await?;
    if db::roll_recent(&mut tx, base, today).await? {
        tx.commit().await?;
    }
    Ok(())
}

/// Moves a shopper in the RFM counts from where their figures put them
/// before (nowhere, before a first payment) to where they put them now.
async fn move_rfm(tx: &mut Tx, before: Option<db::RfmFigure>, after: db::RfmFigure) -> Result<(), AppError> {
    let place = |f: db::RfmFigure| (day_of(f.last_paid_at), domain::rfm_bucket(f.orders, f.spent_minor));
    let to = place(after);
    if let Some(from) = before.map(place) {
        if from == to {
            return Ok(());
        }
        db::add_rfm(tx, from.0, from.1, -1).await?;
    }
    db::add_rfm(tx, to.0, to.1, 1).await?;
    Ok(())
}

/// The instants the segments turn at, seen at `now`.
fn segment_instants(now: i64) -> (i64, i64) {
    (
        now - domain::RECENT_DAYS * domain::DAY_MS,
        now - domain::LAPSED_DAYS * domain::DAY_MS,
    )
}

/// How many shoppers are in each segment.
pub async fn segments(conn: &mut Conn, now: i64) -> Result<Vec<SegmentCount>, AppError> {
    let (recent, lapsed) = segment_instants(now);
    let mut counts: HashMap<Segment, i64> = HashMap::new();
    for (recency, orders, rich, customers) in db::rfm_counts(conn, recent, lapsed).await? {
        *counts
            .entry(domain::segment_in(recency, orders, rich != 0))
            .or_default() += customers;
    }
    Ok(Segment::ALL
        .into_iter()
        .map(|segment| SegmentCount {
            segment,
            shoppers: counts.get(&segment).copied().unwrap_or(0),
        })
        .collect())
}

/// A segment's shoppers (most spent first, at most `limit`).
pub async fn segment_members(
    conn: &mut Conn,
    segment: Segment,
    now: i64,
    limit: i64,
) -> Result<Vec<db::SegmentMember>, AppError> {
    let (recent, lapsed) = segment_instants(now);
    Ok(db::segment_members(&mut *conn, recent, lapsed, segment.as_db(), limit).await?)
}

/// The operator's dashboard.
pub async fn platform_dashboard(conn: &mut Conn, ask: &RangeAsk, now: i64) -> Result<PlatformDashboard, AppError> {
    let range = range_for(ask, now)?;
    let (from_ms, until_ms) = range.instants();
    let sales: HashMap<i64, (i64, i64)> = db::platform_daily(&mut *conn, range.from, range.to)
        .await?
        .into_iter()
        .map(|(day, m, o)| (day, (m, o)))
        .collect();
    let shoppers: HashMap<i64, i64> = db::new_shoppers(&mut *conn, from_ms, until_ms)
        .await?
        .into_iter()
        .collect();
    let merchants: HashMap<i64, i64> = db::new_shops(&mut *conn, from_ms, until_ms)
        .await?
        .into_iter()
        .collect();
    let daily = every_day(range, &sales)
        .into_iter()
        .map(|(day, (paid_minor, paid_orders))| PlatformDay {
            day,
            paid_minor,
            paid_orders,
            new_shoppers: shoppers.get(&day).copied().unwrap_or(0),
            new_merchants: merchants.get(&day).copied().unwrap_or(0),
        })
        .collect();
    let categories = db::category_shares(&mut *conn, range.from, range.to).await?;
    let shops = db::league(&mut *conn, range.from, range.to, 20).await?;
    let segments = segments(conn, now).await?;
    let coupons = running_platform_coupons(conn, now).await?;
    Ok(PlatformDashboard {
        range,
        period: named_period(ask),
        daily,
        categories,
        shops,
        segments,
        coupons,
    })
}

/// Platform coupons running now with units left.
async fn running_platform_coupons(conn: &mut Conn, now: i64) -> Result<Vec<CouponChoice>, AppError> {
    use crate::promotions::model::PromoStatus;
    Ok(crate::promotions::db::coupons_of(&mut *conn, None, 200)
        .await?
        .into_iter()
        .filter(|c| PromoStatus::at(&c.status, c.starts_at, c.ends_at, now) == PromoStatus::Running)
        .filter(|c| c.claimed < c.total_quantity)
        .map(|c| CouponChoice {
            coupon_id: c.coupon_id,
            title: c.title,
            left: c.total_quantity - c.claimed,
            per_person: c.per_person,
        })
        .collect())
}

/// The most shoppers one send reaches (the biggest segment's first ones,
/// most spent first).
pub const SEND_LIMIT: i64 = 20_000;
/// Claims written per transaction: short enough that others write between.
const SENDS_PER_TX: usize = 200;

/// Sends a running platform coupon to every shopper of a segment: each gets
/// one unit through the same claim as the coupon centre's (so the units and
/// the per-person limit hold), until the units run out. Recorded on the
/// audit log with who sent it to whom.
pub async fn send_coupon(
    state: &crate::server::AppState,
    operator_id: i64,
    segment: Segment,
    coupon_id: i64,
    now: i64,
) -> Result<CouponSent, AppError> {
    let coupon = {
        let mut conn = state.db.read().await?;
        running_platform_coupons(&mut conn, now)
            .await?
            .into_iter()
            .find(|c| c.coupon_id == coupon_id)
            .ok_or_else(|| AppError::new(ErrorCode::CouponGone))?
    };
    let members = {
        let mut conn = state.db.read().await?;
        segment_members(&mut conn, segment, now, SEND_LIMIT).await?
    };
    let mut done = CouponSent::default();
    let mut gone = false;
    for chunk in members.chunks(SENDS_PER_TX) {
        if gone {
            done.ran_out += chunk.len() as i64;
            continue;
        }
        let mut tx = state.db.begin_write().await?;
        for member in chunk {
            if gone {
                done.ran_out += 1;
                continue;
            }
            // Someone who holds as many as one may is skipped before a
            // unit is taken for them (a refused claim would have taken one).
            let held = crate::promotions::db::claims_of(&mut *tx, coupon_id, member.user_id).await?;
            if held >= coupon.per_person {
                done.already += 1;
                continue;
            }
            match crate::promotions::service::claim(&mut tx, member.user_id, coupon_id, true, now).await {
                Ok(_) => done.sent += 1,
                // Nothing was written: the units ran out.
                Err(e) if e.code == ErrorCode::CouponGone => {
                    gone = true;
                    done.ran_out += 1;
                }
                Err(e) => return Err(e),
            }
        }
        tx.commit().await?;
    }
    let mut tx = state.db.begin_write().await?;
    let detail = format!(
        "{}: {} sent, {} already held it, {} left without",
        segment.as_db(),
        done.sent,
        done.already,
        done.ran_out
    );
    let entry = crate::server::audit::AuditEntry {
        subject: "coupon",
        subject_id: coupon.coupon_id,
        action: "sent_to_segment",
        from_status: None,
        to_status: None,
        actor_kind: "operator",
        actor_id: Some(operator_id),
        reason: "",
        detail: &detail,
    };
    crate::server::audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(done)
}
