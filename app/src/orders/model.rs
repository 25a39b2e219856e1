//! Wire types of orders: statuses, what the shopper's and the shop's order
//! pages show, and the timeline of an order.

use crate::i18n::Localized;
use serde::{Deserialize, Serialize};

/// Where an order is. The changes between them are `domain::next_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    PendingPayment,
    Paid,
    Shipped,
    Delivered,
    Completed,
    Cancelled,
    Refunded,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::PendingPayment,
        OrderStatus::Paid,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
        OrderStatus::Refunded,
    ];

    pub const fn as_db(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn from_db(value: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.as_db() == value)
    }
}

/// Who made a change: a person in one of their roles, or the platform
/// itself (a timer, the payment provider, the carrier).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    Shopper(i64),
    Merchant(i64),
    Operator(i64),
    System,
    PaymentProvider,
    Carrier,
}

impl Actor {
    pub fn kind(self) -> &'static str {
        match self {
            Actor::Shopper(_) => "shopper",
            Actor::Merchant(_) => "merchant",
            Actor::Operator(_) => "operator",
            Actor::System => "system",
            Actor::PaymentProvider => "payment_provider",
            Actor::Carrier => "carrier",
        }
    }

    pub fn id(self) -> Option<i64> {
        match self {
            Actor::Shopper(id) | Actor::Merchant(id) | Actor::Operator(id) => Some(id),
            _ => None,
        }
    }

    pub fn from_db(kind: &str, id: Option<i64>) -> Option<Actor> {
        Some(match (kind, id) {
            ("shopper", Some(id)) => Actor::Shopper(id),
            ("merchant", Some(id)) => Actor::Merchant(id),
            ("operator", Some(id)) => Actor::Operator(id),
            ("system", _) => Actor::System,
            ("payment_provider", _) => Actor::PaymentProvider,
            ("carrier", _) => Actor::Carrier,
            _ => return None,
        })
    }
}

/// One line of an order, as it was bought.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub order_line_id: i64,
    pub product_id: i64,
    pub sku_id: i64,
    pub title: String,
    /// (option, chosen value): "Color: Red".
    pub options: Vec<(Localized, Localized)>,
    pub sku_code: String,
    pub image_url: Option<String>,
    pub unit_price_minor: i64,
    pub quantity: i64,
    pub line_total_minor: i64,
    /// On the buyer's own delivered orders: what they can do about a review.
    pub review: Option<crate::reviews::model::LineReview>,
}

/// An order in a list (My orders, the shop's orders).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub order_id: i64,
    pub checkout_id: i64,
    pub shop_id: i64,
    pub shop_name: String,
    pub status: OrderStatus,
    pub total_minor: i64,
    pub placed_at: i64,
    /// Unpaid orders are cancelled after this.
    pub pay_by: i64,
    pub lines: Vec<OrderLineView>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub recipient: String,
    pub address_text: String,
    /// The group buy this order is a place in.
    pub group: Option<crate::promotions::model::GroupNote>,
}

/// One step of an order's story: what happened, who did it, when, why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub action: String,
    pub to_status: Option<OrderStatus>,
    pub actor: Option<Actor>,
    pub reason: String,
    pub detail: String,
    pub at: i64,
}

/// Money that went back for an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundView {
    pub amount_minor: i64,
    pub done: bool,
    pub at: i64,
}

/// The order page: the order, its money, how it was paid, its timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub summary: OrderSummary,
    pub items_minor: i64,
    pub shipping_minor: i64,
    pub discount_minor: i64,
    pub phone: String,
    /// "Visa •••• 4242" once paid.
    pub paid_with: Option<String>,
    pub refunds: Vec<RefundView>,
    pub timeline: Vec<TimelineEntry>,
}

/// A page of orders and how many there are for the filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderList {
    pub orders: Vec<OrderSummary>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// The carriers a shop may ship with (the code is what is stored).
pub const CARRIERS: &[(&str, &str, &str)] = &[
    ("sf", "SF Express", "顺丰速运"),
    ("jd", "JD Logistics", "京东物流"),
    ("zto", "ZTO Express", "中通快递"),
    ("yto", "YTO Express", "圆通速递"),
    ("sto", "STO Express", "申通快递"),
    ("yunda", "Yunda Express", "韵达快递"),
    ("ems", "China Post EMS", "中国邮政 EMS"),
];

/// A carrier's name in both languages, from its code (the code itself when
/// unknown, which only old data could hold).
pub fn carrier_name(code: &str) -> Localized {
    CARRIERS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, en, zh)| Localized::new(*en, *zh))
        .unwrap_or_else(|| Localized::new(code, code))
}
