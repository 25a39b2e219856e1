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
