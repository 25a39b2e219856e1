//! Wire types of the merchants domain.

use crate::catalog::model::ListingStatus;
use serde::{Deserialize, Serialize};

/// What a shopper sees of a shop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopBrief {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
}

/// Whether a shop trades. Suspended shops are hidden from shoppers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShopStatus {
    Active,
    Suspended,
}

impl ShopStatus {
    pub const fn as_db(self) -> &'static str {
        match self {
            ShopStatus::Active => "active",
            ShopStatus::Suspended => "suspended",
        }
    }

    pub fn from_db(value: &str) -> Option<ShopStatus> {
        [ShopStatus::Active, ShopStatus::Suspended]
            .into_iter()
            .find(|s| s.as_db() == value)
    }
}

/// What a person may do for a shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberRole {
    Owner,
    Staff,
}

impl MemberRole {
    pub const fn as_db(self) -> &'static str {
        match self {
            MemberRole::Owner => "owner",
            MemberRole::Staff => "staff",
        }
    }
}

/// One shop's products counted by listing status, and its SKUs out of
/// stock (read from the catalog).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopStockSummary {
    pub by_status: Vec<(ListingStatus, i64)>,
    pub skus_out_of_stock: i64,
}

impl ShopStockSummary {
    /// Products with this listing status.
    pub fn count(&self, status: ListingStatus) -> i64 {
        self.by_status.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n)
    }
}

/// A shop in its merchant's seller portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerShop {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub status: ShopStatus,
    pub stock: ShopStockSummary,
}

/// A product as its merchant sees it in the seller portal (any status).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerProduct {
    pub product_id: i64,
    pub title: String,
    pub status: ListingStatus,
    pub price_min_minor: i64,
    pub price_max_minor: i64,
    pub total_stock: i64,
}

/// One shop's products, for the seller portal's Products page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopProducts {
    pub shop: ShopBrief,
    /// Every shop this merchant may act for, to switch between them.
    pub shops: Vec<ShopBrief>,
    pub products: Vec<SellerProduct>,
}

/// A shop in the operator console's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleShop {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub status: ShopStatus,
    pub products: i64,
    /// The owner's email; `None` for a shop without an owner (seeded data).
    pub owner_email: Option<String>,
}
