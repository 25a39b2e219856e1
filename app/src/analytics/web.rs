//! Export CSV: every table of the dashboards as a download (plain links,
//! so they work without JavaScript), for the caller's own shops or, for
//! operators, the platform and a segment's accounts.

use super::domain::{csv, date_of, percent, permille, yuan, RangeAsk};
use super::model::{DayRange, PlatformDashboard, Segment, ShopDashboard, ShopFigures};
use crate::error::{AppError, ErrorCode};
use crate::server::{now_ms, AppState, Viewer};
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

pub const SHOP_EXPORT_PATH: &str = "/seller/analytics/export";
pub const PLATFORM_EXPORT_PATH: &str = "/admin/analytics/export";
/// The most accounts one segment export holds.
const SEGMENT_EXPORT_LIMIT: i64 = 100_000;

#[derive(Debug, Default, Deserialize)]
pub struct ExportAsk {
    pub table: Option<String>,
    pub shop: Option<String>,
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub segment: Option<String>,
}

impl ExportAsk {
    fn range(&self) -> RangeAsk {
        RangeAsk {
            period: self.period.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }
}

fn refused(status: StatusCode, why: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        why.to_string(),
    )
        .into_response()
}

fn failed(e: &AppError) -> Response {
    match e.code {
        ErrorCode::NotFound | ErrorCode::Forbidden => refused(StatusCode::NOT_FOUND, "Not found"),
        ErrorCode::Internal | ErrorCode::Busy => refused(StatusCode::SERVICE_UNAVAILABLE, "Try again shortly"),
        _ => refused(
            StatusCode::BAD_REQUEST,
            "Check the dates: YYYY-MM-DD, not after today, at most 366 days",
        ),
    }
}

/// A CSV download named after what it holds (with a byte-order mark, so
/// spreadsheet programs read the Chinese in it as UTF-8).
fn download(name: &str, body: String) -> Response {
    let mut res = format!("\u{feff}{body}").into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.csv\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    res
}

fn range_name(range: DayRange) -> String {
    format!("{}_{}", date_of(range.from), date_of(range.to))
}

fn money_or_dash(minor: Option<i64>) -> String {
    minor.map_or_else(|| "".into(), yuan)
}

/// The overview's rows: figure, this period, the period before.
pub fn overview_rows(now: &ShopFigures, before: &ShopFigures) -> Vec<Vec<String>> {
    let rate = |f: &ShopFigures, which: u8| match which {
        0 => percent(permille(f.repeat_buyers, f.buyers)),
        1 => percent(permille(f.refunds, f.paid_orders)),
        _ => percent(permille(f.products_sold, f.live_products)),
    };
    vec![
        vec!["GMV (placed)".into(), yuan(now.placed_minor), yuan(before.placed_minor)],
        vec!["GMV (paid)".into(), yuan(now.paid_minor), yuan(before.paid_minor)],
        vec![
            "Orders placed".into(),
            now.placed_orders.to_string(),
            before.placed_orders.to_string(),
        ],
        vec![
            "Paid orders".into(),
            now.paid_orders.to_string(),
            before.paid_orders.to_string(),
        ],
        vec!["Buyers".into(), now.buyers.to_string(), before.buyers.to_string()],
        vec![
            "Average order value".into(),
            money_or_dash(now.aov_minor()),
            money_or_dash(before.aov_minor()),
        ],
        vec!["Repeat-purchase rate".into(), rate(now, 0), rate(before, 0)],
        vec!["Refund rate".into(), rate(now, 1), rate(before, 1)],
        vec!["Refunded".into(), yuan(now.refunded_minor), yuan(before.refunded_minor)],
        vec!["Sell-through".into(), rate(now, 2), rate(before, 2)],
    ]
}

/// The funnel's rows: step, visitors, rate from the step before.
pub fn funnel_rows(f: &ShopFigures) -> Vec<(&'static str, i64, Option<i64>)> {
    let steps = [
        ("Visitors", f.visitors),
        ("Added to cart", f.carted),
        ("Ordered", f.ordered),
        ("Paid", f.paid_visitors),
    ];
    let mut previous: Option<i64> = None;
    steps
        .into_iter()
        .map(|(name, n)| {
            let rate = previous.and_then(|p| permille(n, p));
            previous = Some(n);
            (name, n, rate)
        })
        .collect()
}

fn shop_table(d: &ShopDashboard, table: &str) -> Option<(Vec<&'static str>, Vec<Vec<String>>)> {
    Some(match table {
        "overview" => (
            vec!["figure", "this_period", "period_before"],
            overview_rows(&d.now, &d.before),
        ),
        "funnel" => (
            vec!["step", "visitors", "rate_from_step_before"],
            funnel_rows(&d.now)
                .into_iter()
                .map(|(step, n, rate)| {
                    vec![
                        step.into(),
                        n.to_string(),
                        rate.map(|r| percent(Some(r))).unwrap_or_default(),
                    ]
                })
                .collect(),
        ),
        "daily" => (
            vec!["day", "paid_gmv_yuan", "paid_orders", "visitors"],
            d.daily
                .iter()
                .map(|p| {
                    vec![
                        date_of(p.day),
                        yuan(p.paid_minor),
                        p.paid_orders.to_string(),
                        p.visitors.to_string(),
                    ]
                })
                .collect(),
        ),
        "top" | "stuck" => (
            vec!["product_id", "title", "views", "units", "paid_yuan"],
            if table == "top" {
                &d.top_products
            } else {
                &d.stuck_products
            }
            .iter()
            .map(|p| {
                vec![
                    p.product_id.to_string(),
                    p.title.clone(),
                    p.views.to_string(),
                    p.units.to_string(),
                    yuan(p.paid_minor),
                ]
            })
            .collect(),
        ),
        _ => return None,
    })
}

/// `GET /seller/analytics/export?table=…&shop=…&period=…|from=…&to=…`.
pub async fn shop_export(State(state): State<AppState>, Query(ask): Query<ExportAsk>, req: Request) -> Response {
    let Some(viewer) = req.extensions().get::<Viewer>().cloned() else {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, "/login")]).into_response();
    };
    let shop_id = match ask.shop.as_deref().map(str::parse::<i64>) {
        None => viewer.shop_ids.first().copied(),
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => None,
    };
    // Another shop's figures are "not found", like anything else of theirs.
    let Some(shop_id) = shop_id.filter(|id| viewer.shop_ids.contains(id)) else {
        return refused(StatusCode::NOT_FOUND, "Not found");
    };
    let table = ask.table.clone().unwrap_or_default();
    let dashboard = async {
        let mut conn = state.db.read().await?;
        let shops = super::service::shop_choices(&mut conn, &viewer.shop_ids).await?;
        super::service::shop_dashboard(&state.db, &mut conn, shops, shop_id, &ask.range(), now_ms()).await
    };
    let d = match dashboard.await {
        Ok(d) => d,
        Err(e) => return failed(&e),
    };
    match shop_table(&d, &table) {
        Some((header, rows)) => download(
            &format!("shop-{shop_id}-{table}-{}", range_name(d.range)),
            csv(&header, &rows),
        ),
        None => refused(StatusCode::NOT_FOUND, "No such table"),
    }
}

fn platform_table(d: &PlatformDashboard, table: &str) -> Option<(Vec<&'static str>, Vec<Vec<String>>)> {
    let total: i64 = d.categories.iter().map(|c| c.paid_minor).sum();
    Some(match table {
        "daily" => (
            vec!["day", "paid_gmv_yuan", "paid_orders", "new_shoppers", "new_shops"],
            d.daily
                .iter()
                .map(|p| {
                    vec![
                        date_of(p.day),
                        yuan(p.paid_minor),
                        p.paid_orders.to_string(),
                        p.new_shoppers.to_string(),
                        p.new_merchants.to_string(),
                    ]
                })
                .collect(),
        ),
        "categories" => (
            vec!["category_id", "category", "paid_yuan", "share"],
            d.categories
                .iter()
                .map(|c| {
                    vec![
                        c.category_id.to_string(),
                        c.name_en.clone(),
                        yuan(c.paid_minor),
                        percent(permille(c.paid_minor, total)),
                    ]
                })
                .collect(),
        ),
        "shops" => (
            vec![
                "shop_id",
                "shop",
                "paid_gmv_yuan",
                "paid_orders",
                "refund_rate",
                "dispute_rate",
                "rating",
            ],
            d.shops
                .iter()
                .map(|s| {
                    vec![
                        s.shop_id.to_string(),
                        s.name.clone(),
                        yuan(s.paid_minor),
                        s.paid_orders.to_string(),
                        percent(permille(s.refunds, s.paid_orders)),
                        percent(permille(s.disputes, s.delivered)),
                        s.rating_tenths()
                            .map(|r| format!("{}.{}", r / 10, r % 10))
                            .unwrap_or_default(),
                    ]
                })
                .collect(),
        ),
        "segments" => (
            vec!["segment", "shoppers"],
            d.segments
                .iter()
                .map(|s| vec![s.segment.as_db().to_string(), s.shoppers.to_string()])
                .collect(),
        ),
        _ => return None,
    })
}

/// `GET /admin/analytics/export?table=…` (platform tables) or
/// `?table=segment&segment=…` (that segment's accounts, for a coupon).
pub async fn platform_export(State(state): State<AppState>, Query(ask): Query<ExportAsk>, req: Request) -> Response {
    let Some(viewer) = req.extensions().get::<Viewer>().cloned() else {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, "/login")]).into_response();
    };
    if !viewer.is_operator {
        return refused(StatusCode::FORBIDDEN, "Operators only");
    }
    let table = ask.table.clone().unwrap_or_default();
    if table == "segment" {
        let Some(segment) = ask.segment.as_deref().and_then(Segment::from_db) else {
            return refused(StatusCode::NOT_FOUND, "No such segment");
        };
        let members = async {
            let mut conn = state.db.read().await?;
            super::service::segment_members(&mut conn, segment, now_ms(), SEGMENT_EXPORT_LIMIT).await
        };
        return match members.await {
            Ok(members) => {
                let rows: Vec<Vec<String>> = members
                    .into_iter()
                    .map(|m| {
                        vec![
                            m.user_id.to_string(),
                            m.email,
                            m.display_name,
                            date_of(super::domain::day_of(m.last_paid_at)),
                            m.paid_orders.to_string(),
                            yuan(m.spent_minor),
                        ]
                    })
                    .collect();
                let header = [
                    "user_id",
                    "email",
                    "display_name",
                    "last_paid",
                    "paid_orders",
                    "spent_yuan",
                ];
                download(&format!("segment-{}", segment.as_db()), csv(&header, &rows))
            }
            Err(e) => failed(&e),
        };
    }
    let dashboard = async {
        let mut conn = state.db.read().await?;
        super::service::platform_dashboard(&mut conn, &ask.range(), now_ms()).await
    };
    let d = match dashboard.await {
        Ok(d) => d,
        Err(e) => return failed(&e),
    };
    match platform_table(&d, &table) {
        Some((header, rows)) => download(
            &format!("platform-{table}-{}", range_name(d.range)),
            csv(&header, &rows),
        ),
        None => refused(StatusCode::NOT_FOUND, "No such table"),
    }
}
