//! Wire types of after-sales: requests and their statuses, what the order
//! page, the shop's queue and the operator's disputes and complaints show.

use crate::i18n::Localized;
use crate::orders::model::Actor;
use serde::{Deserialize, Serialize};

/// Where the request form posts (multipart: it carries photos).
pub const SUBMIT_PATH: &str = "/after-sales/submit";

/// What the shopper asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AfterSaleKind {
    /// Money back only (not received, damaged beyond sending back).
    Refund,
    /// The item goes back to the shop, then the money comes back.
    Return,
}

impl AfterSaleKind {
    pub const fn as_db(self) -> &'static str {
        match self {
            AfterSaleKind::Refund => "refund",
            AfterSaleKind::Return => "return",
        }
    }

    pub fn from_db(value: &str) -> Option<AfterSaleKind> {
        [AfterSaleKind::Refund, AfterSaleKind::Return]
            .into_iter()
            .find(|k| k.as_db() == value)
    }
}

/// Where a request is. The changes between them are `domain::next_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AfterSaleStatus {
    AwaitingSeller,
    /// The shop agreed to a return: the shopper sends the item back.
    Agreed,
    Refused,
    /// The item is on its way back to the shop.
    Returning,
    Refunded,
    Closed,
    UnderArbitration,
}

impl AfterSaleStatus {
    pub const ALL: [AfterSaleStatus; 7] = [
        AfterSaleStatus::AwaitingSeller,
        AfterSaleStatus::Agreed,
        AfterSaleStatus::Refused,
        AfterSaleStatus::Returning,
        AfterSaleStatus::Refunded,
        AfterSaleStatus::Closed,
        AfterSaleStatus::UnderArbitration,
    ];

    pub const fn as_db(self) -> &'static str {
        match self {
            AfterSaleStatus::AwaitingSeller => "awaiting_seller",
            AfterSaleStatus::Agreed => "agreed",
            AfterSaleStatus::Refused => "refused",
            AfterSaleStatus::Returning => "returning",
            AfterSaleStatus::Refunded => "refunded",
            AfterSaleStatus::Closed => "closed",
            AfterSaleStatus::UnderArbitration => "arbitration",
        }
    }

    pub fn from_db(value: &str) -> Option<AfterSaleStatus> {
        AfterSaleStatus::ALL.into_iter().find(|s| s.as_db() == value)
    }

    /// Still going: the line has no room for another request.
    pub fn is_open(self) -> bool {
        !matches!(self, AfterSaleStatus::Refunded | AfterSaleStatus::Closed)
    }
}

/// Why the shopper asks (the list the form offers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reason {
    /// The 7-day no-reason return (only for a return, only where the
    /// category allows it and within the window).
    NoReason,
    NotReceived,
    Damaged,
    NotAsDescribed,
    WrongItem,
    Quality,
    MissingParts,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 8] = [
        Reason::NoReason,
        Reason::NotReceived,
        Reason::Damaged,
        Reason::NotAsDescribed,
        Reason::WrongItem,
        Reason::Quality,
        Reason::MissingParts,
        Reason::Other,
    ];

    pub const fn as_db(self) -> &'static str {
        match self {
            Reason::NoReason => "no_reason",
            Reason::NotReceived => "not_received",
            Reason::Damaged => "damaged",
            Reason::NotAsDescribed => "not_as_described",
            Reason::WrongItem => "wrong_item",
            Reason::Quality => "quality",
            Reason::MissingParts => "missing_parts",
            Reason::Other => "other",
        }
    }

    pub fn from_db(value: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_db() == value)
    }

    /// Whether this reason fits this kind of request: a no-reason return
    /// sends the item back; "not received" has nothing to send.
    pub fn fits(self, kind: AfterSaleKind) -> bool {
        match self {
            Reason::NoReason => kind == AfterSaleKind::Return,
            Reason::NotReceived => kind == AfterSaleKind::Refund,
            _ => true,
        }
    }
}

/// What a shopper complains about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplaintKind {
    Counterfeit,
    WrongItem,
    RudeService,
    Other,
}

impl ComplaintKind {
    pub const ALL: [ComplaintKind; 4] = [
        ComplaintKind::Counterfeit,
        ComplaintKind::WrongItem,
        ComplaintKind::RudeService,
        ComplaintKind::Other,
    ];

    pub const fn as_db(self) -> &'static str {
        match self {
            ComplaintKind::Counterfeit => "counterfeit",
            ComplaintKind::WrongItem => "wrong_item",
            ComplaintKind::RudeService => "rude_service",
            ComplaintKind::Other => "other",
        }
    }

    pub fn from_db(value: &str) -> Option<ComplaintKind> {
        ComplaintKind::ALL.into_iter().find(|k| k.as_db() == value)
    }
}

/// Where a complaint is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplaintStatus {
    Open,
    Upheld,
    Dismissed,
}

impl ComplaintStatus {
    pub const fn as_db(self) -> &'static str {
        match self {
            ComplaintStatus::Open => "open",
            ComplaintStatus::Upheld => "upheld",
            ComplaintStatus::Dismissed => "dismissed",
        }
    }

    pub fn from_db(value: &str) -> Option<ComplaintStatus> {
        [
            ComplaintStatus::Open,
            ComplaintStatus::Upheld,
            ComplaintStatus::Dismissed,
        ]
        .into_iter()
        .find(|s| s.as_db() == value)
    }
}

/// One step of a request's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    pub action: String,
    pub actor: Option<Actor>,
    /// What was said (a refusal's reason, the operator's decision).
    pub said: String,
    pub detail: String,
    pub at: i64,
}

/// A photo of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoView {
    pub url: String,
    pub thumb_url: String,
}

/// One request, as its shopper, its shop and the operator see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AfterSaleView {
    pub after_sale_id: i64,
    pub order_id: i64,
    pub order_line_id: i64,
    pub shop_id: i64,
    pub shop_name: String,
    pub title: String,
    pub options: Vec<(Localized, Localized)>,
    pub image_url: Option<String>,
    pub kind: AfterSaleKind,
    pub reason: Reason,
    pub description: String,
    pub amount_minor: i64,
    /// What was paid for the line, less what went back by other requests.
    pub refundable_minor: i64,
    pub status: AfterSaleStatus,
    /// When the shop must answer (awaiting the seller) or confirm the
    /// parcel (returning) before the platform acts for it.
    pub deadline: Option<i64>,
    pub refuse_reason: String,
    pub return_address: String,
    pub return_carrier: Option<String>,
    pub return_tracking: Option<String>,
    pub refunded_minor: i64,
    pub shop_bears_minor: i64,
    pub platform_returns_minor: i64,
    pub decision_reason: String,
    pub photos: Vec<PhotoView>,
    pub steps: Vec<StepView>,
    pub created_at: i64,
}

/// What the order page says about after-sales for one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAfterSales {
    pub order_line_id: i64,
    pub title: String,
    /// Paid for the line after discounts, and what of it can still go back.
    pub paid_minor: i64,
    pub refundable_minor: i64,
    /// The category allows 7-day no-reason returns.
    pub no_reason_category: bool,
    /// Until when a no-reason return may be asked (none: not for this item,
    /// or not delivered yet).
    pub no_reason_until: Option<i64>,
    /// The no-reason window is still open now.
    pub no_reason_open: bool,
    /// Until when any request may be made.
    pub requests_until: Option<i64>,
    /// Request refund / Return and refund can be pressed now.
    pub can_request: bool,
}

/// The order page's after-sales part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderAfterSales {
    pub order_id: i64,
    pub lines: Vec<LineAfterSales>,
    pub requests: Vec<AfterSaleView>,
    /// The shopper may complain about the shop (no open complaint).
    pub can_complain: bool,
    pub complaints: Vec<ComplaintView>,
}

/// The request form's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFormPage {
    pub order_id: i64,
    pub order_line_id: i64,
    pub title: String,
    pub options: Vec<(Localized, Localized)>,
    pub image_url: Option<String>,
    pub shop_name: String,
    pub line: LineAfterSales,
    /// Why no request can be made now (none: the form shows).
    pub refusal: Option<crate::error::ErrorCode>,
}

/// A complaint, as its shopper and the operator see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub complaint_id: i64,
    pub order_id: i64,
    pub shop_id: i64,
    pub shop_name: String,
    pub kind: ComplaintKind,
    pub description: String,
    pub status: ComplaintStatus,
    pub decision_reason: String,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

/// A shop's after-sales figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceFigures {
    pub delivered_orders: i64,
    pub requests: i64,
    pub refunds: i64,
    pub disputes: i64,
    pub complaints: i64,
    pub complaints_upheld: i64,
}

impl ServiceFigures {
    /// Refunded requests per delivered order, in per mille (none: no orders yet).
    pub fn refund_rate_permille(&self) -> Option<i64> {
        (self.delivered_orders > 0).then(|| self.refunds * 1000 / self.delivered_orders)
    }

    /// Escalated requests per delivered order, in per mille.
    pub fn dispute_rate_permille(&self) -> Option<i64> {
        (self.delivered_orders > 0).then(|| self.disputes * 1000 / self.delivered_orders)
    }
}

/// The shop's After-sales page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShopAfterSales {
    pub shops: Vec<crate::merchants::model::ShopBrief>,
    pub shop: crate::merchants::model::ShopBrief,
    pub figures: ServiceFigures,
    pub requests: Vec<AfterSaleView>,
    /// The return address the shop gave last (the Agree form starts with it).
    pub last_return_address: String,
    /// Showing the open requests (true) or the finished ones.
    pub open: bool,
}
