//! Wire types of the merchants domain.

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
