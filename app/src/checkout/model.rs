//! Wire types of checkout: the address book and what the checkout page shows.

use crate::cart::model::CartLineView;
use crate::merchants::model::ShopBrief;
use crate::promotions::model::{CouponOption, DiscountLine};
use serde::{Deserialize, Serialize};

/// A division of the address form: its GB/T 2260 code and its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Division {
    pub code: String,
    pub name: String,
}

/// A saved address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressView {
    pub address_id: i64,
    pub recipient: String,
    pub phone: String,
    pub province_code: String,
    pub city_code: String,
    pub district_code: String,
    pub detail: String,
    /// "浙江省 杭州市 西湖区 文三路 90 号"
    pub full_text: String,
    pub is_default: bool,
}

/// The lists the address form offers for its current choice: every
/// province, the chosen province's cities, the chosen city's districts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivisionChoices {
    pub provinces: Vec<Division>,
    pub cities: Vec<Division>,
    pub districts: Vec<Division>,
}

/// Why a cart line is not part of this checkout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeftOutReason {
    SoldOut,
    Delisted,
    /// The price is not the one the shopper added it at: they accept the
    /// new price in the cart first.
    PriceChanged {
        was_minor: i64,
    },
}

/// A cart line the checkout buys, at the quantity it can.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutLine {
    pub line: CartLineView,
    /// What is bought: the cart's quantity, or the stock left when less.
    pub quantity: i64,
    pub line_total_minor: i64,
}

/// One shop's part of the checkout: what becomes one order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutGroup {
    pub shop: ShopBrief,
    pub lines: Vec<CheckoutLine>,
    pub left_out: Vec<(CartLineView, LeftOutReason)>,
    pub items_minor: i64,
    pub shipping_minor: i64,
    /// Free shipping from this amount of items, if the shop offers it.
    pub free_shipping_over_minor: Option<i64>,
    pub discount_minor: i64,
    pub total_minor: i64,
    /// Each discount on its own line (the shop's 满减 and coupon, its share
    /// of the platform's event and coupon).
    pub discounts: Vec<DiscountLine>,
    /// The shop coupons the shopper holds for this shop, and the one used.
    pub coupon_options: Vec<CouponOption>,
    pub coupon_used: Option<i64>,
}

/// The money of a whole checkout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub items_minor: i64,
    pub shipping_minor: i64,
    pub discount_minor: i64,
    pub total_minor: i64,
}

/// What placing the cart now would buy, per shop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutPlan {
    pub groups: Vec<CheckoutGroup>,
    pub totals: Totals,
    /// The platform coupons the shopper holds, and the one used.
    pub platform_options: Vec<CouponOption>,
    pub platform_used: Option<i64>,
    /// The shopper's coupon picks as the form carries them.
    pub picks: String,
}

impl CheckoutPlan {
    /// Nothing in it can be bought.
    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|g| g.lines.is_empty())
    }
}

/// Everything the checkout page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutView {
    pub plan: CheckoutPlan,
    pub addresses: Vec<AddressView>,
    /// A fresh token for this page's Place order form: placing twice with
    /// it gives the same orders.
    pub token: String,
}

/// What placing gives back: the checkout that groups the new orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub checkout_id: i64,
}
