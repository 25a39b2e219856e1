//! Wire types of the cart.

use crate::i18n::Localized;
use crate::merchants::model::ShopBrief;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLineView {
    pub sku_id: i64,
    pub product_id: i64,
    pub title: String,
    /// (option, chosen value): "Color: Red", "Size: M".
    pub options: Vec<(Localized, Localized)>,
    pub image_url: Option<String>,
    /// Today's price.
    pub unit_price_minor: i64,
    /// The price when it was added.
    pub added_price_minor: i64,
    pub quantity: i64,
    pub stock: i64,
    /// False once the product is delisted.
    pub available: bool,
}

impl CartLineView {
    /// What can be bought of this line today: the quantity, or the stock
    /// left when less. The total counts this, never more than exists.
    pub fn buyable_quantity(&self) -> i64 {
        if self.available {
            self.quantity.min(self.stock).max(0)
        } else {
            0
        }
    }
    /// Fewer left than the line asks for (but some).
    pub fn short(&self) -> bool {
        self.available && self.stock > 0 && self.quantity > self.stock
    }
    pub fn line_total_minor(&self) -> i64 {
        self.unit_price_minor * self.buyable_quantity()
    }
    pub fn sold_out(&self) -> bool {
        self.stock == 0
    }
    pub fn price_changed(&self) -> bool {
        self.unit_price_minor != self.added_price_minor
    }
    /// Counts toward the total: still sold and in stock.
    pub fn buyable(&self) -> bool {
        self.available && !self.sold_out()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartShopGroup {
    pub shop: ShopBrief,
    pub lines: Vec<CartLineView>,
    pub subtotal_minor: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartView {
    pub groups: Vec<CartShopGroup>,
    pub total_minor: i64,
    /// Items in the cart (the header's count).
    pub count: i64,
}
