//! What the dashboards show, as the server sends it to the page.

use serde::{Deserialize, Serialize};

/// Days (since 1970-01-01, China time), both ends included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    pub from: i64,
    pub to: i64,
}

/// A shop's figures over a range. Visitors and the funnel's steps count
/// each visitor once a day (so a range adds up its days).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopFigures {
    pub placed_orders: i64,
    pub placed_minor: i64,
    pub paid_orders: i64,
    pub paid_minor: i64,
    pub buyers: i64,
    /// Buyers who paid two or more orders in the range.
    pub repeat_buyers: i64,
    pub refunds: i64,
    pub refunded_minor: i64,
    pub views: i64,
    pub visitors: i64,
    pub carted: i64,
    pub checked_out: i64,
    pub ordered: i64,
    pub paid_visitors: i64,
    /// Products that sold at least one unit in the range.
    pub products_sold: i64,
    /// Products on sale now.
    pub live_products: i64,
}

impl ShopFigures {
    /// Average paid order value (客单价), in fen, rounded down.
    pub fn aov_minor(&self) -> Option<i64> {
        (self.paid_orders > 0).then(|| self.paid_minor / self.paid_orders)
    }
}

/// One day of a chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPoint {
    pub day: i64,
    pub paid_minor: i64,
    pub paid_orders: i64,
    pub visitors: i64,
}

/// A product's figures over a range.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ProductFigure {
    pub product_id: i64,
    pub title: String,
    pub views: i64,
    pub units: i64,
    pub paid_minor: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopChoice {
    pub shop_id: i64,
    pub name: String,
}

/// The merchant's dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopDashboard {
    pub shop: ShopChoice,
    pub shops: Vec<ShopChoice>,
    pub range: DayRange,
    /// The named period shown ("today", "7d", "30d"), none for typed dates.
    pub period: Option<String>,
    pub now: ShopFigures,
    pub before: ShopFigures,
    pub daily: Vec<DayPoint>,
    pub top_products: Vec<ProductFigure>,
    /// Viewed often, bought rarely.
    pub stuck_products: Vec<ProductFigure>,
}

/// One day of the platform.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformDay {
    pub day: i64,
    pub paid_minor: i64,
    pub paid_orders: i64,
    pub new_shoppers: i64,
    pub new_merchants: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CategoryShare {
    pub category_id: i64,
    pub name_en: String,
    pub name_zh: String,
    pub paid_minor: i64,
}

/// A shop's row in the platform's league table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ShopLeagueRow {
    pub shop_id: i64,
    pub name: String,
    pub paid_minor: i64,
    pub paid_orders: i64,
    pub refunds: i64,
    /// After-sales disputes and delivered orders, all time.
    pub disputes: i64,
    pub delivered: i64,
    /// Shop ratings given (each 1–5 on three scores) and their sum.
    pub rating_count: i64,
    pub rating_sum: i64,
}

impl ShopLeagueRow {
    /// The average of the shop's three scores, in tenths of a star.
    pub fn rating_tenths(&self) -> Option<i64> {
        (self.rating_count > 0).then(|| self.rating_sum * 10 / (self.rating_count * 3))
    }
}

/// RFM segments of the platform's shoppers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Segment {
    Champions,
    Loyal,
    Promising,
    AtRisk,
    Hibernating,
}

impl Segment {
    pub const ALL: [Segment; 5] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::Promising,
        Segment::AtRisk,
        Segment::Hibernating,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            Segment::Champions => "champions",
            Segment::Loyal => "loyal",
            Segment::Promising => "promising",
            Segment::AtRisk => "at_risk",
            Segment::Hibernating => "hibernating",
        }
    }

    pub fn from_db(raw: &str) -> Option<Segment> {
        Segment::ALL.into_iter().find(|s| s.as_db() == raw)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentCount {
    pub segment: Segment,
    pub shoppers: i64,
}

/// A platform coupon running now, that can be sent to a segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponChoice {
    pub coupon_id: i64,
    pub title: String,
    /// Units not yet claimed.
    pub left: i64,
    pub per_person: i64,
}

/// What sending a coupon to a segment did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponSent {
    /// Shoppers who received a unit.
    pub sent: i64,
    /// Shoppers who already held as many as one may.
    pub already: i64,
    /// Shoppers left without one because the units ran out.
    pub ran_out: i64,
}

/// The operator's dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformDashboard {
    pub range: DayRange,
    pub period: Option<String>,
    pub daily: Vec<PlatformDay>,
    pub categories: Vec<CategoryShare>,
    pub shops: Vec<ShopLeagueRow>,
    pub segments: Vec<SegmentCount>,
    pub coupons: Vec<CouponChoice>,
}
