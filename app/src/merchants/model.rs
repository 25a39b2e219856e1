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

/// A shop's shipping rule: a flat fee per order, waived once the order's
/// items reach a threshold (if the shop sets one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingRule {
    pub fee_minor: i64,
    pub free_over_minor: Option<i64>,
}

impl ShippingRule {
    /// The shipping an order with these items pays.
    pub fn fee_for(self, items_minor: i64) -> i64 {
        match self.free_over_minor {
            _ if items_minor <= 0 => 0,
            Some(threshold) if items_minor >= threshold => 0,
            _ => self.fee_minor,
        }
    }
}

#[cfg(test)]
mod shipping_tests {
    use super::*;

    #[test]
    fn shipping_is_waived_from_the_threshold_on() {
        let rule = ShippingRule {
            fee_minor: 1_000,
            free_over_minor: Some(9_900),
        };
        assert_eq!(rule.fee_for(9_899), 1_000);
        assert_eq!(rule.fee_for(9_900), 0);
        assert_eq!(rule.fee_for(0), 0);
        let flat = ShippingRule {
            fee_minor: 800,
            free_over_minor: None,
        };
        assert_eq!(flat.fee_for(1_000_000), 800);
    }
}
