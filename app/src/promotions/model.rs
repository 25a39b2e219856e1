//! Wire types of promotions: coupons as shoppers and merchants see them,
//! the wallet, spend thresholds, and the discount lines of a checkout.

use super::domain::{CouponValue, DiscountKind, SpendRule};
use serde::{Deserialize, Serialize};

/// Where a promotion is in its life, from its status and its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PromoStatus {
    /// Set up, its window not yet open.
    Scheduled,
    Running,
    /// Stopped for now by its owner: no new claims (claimed coupons stay
    /// usable).
    Paused,
    /// Over: its window closed or its owner ended it.
    Ended,
}

impl PromoStatus {
    /// From the stored status and the window, at `now` (ms).
    pub fn at(stored: &str, starts_at: i64, ends_at: i64, now: i64) -> PromoStatus {
        match stored {
            "ended" => PromoStatus::Ended,
            _ if now >= ends_at => PromoStatus::Ended,
            "paused" => PromoStatus::Paused,
            _ if now < starts_at => PromoStatus::Scheduled,
            _ => PromoStatus::Running,
        }
    }
}

/// A coupon as a page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponView {
    pub coupon_id: i64,
    /// The shop it is valid in (a shop coupon); `None`: a platform coupon.
    pub shop_id: Option<i64>,
    pub shop_name: Option<String>,
    pub title: String,
    pub value: CouponValue,
    pub min_spend_minor: i64,
    /// Platform coupons limited to categories: their names.
    pub categories: Vec<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: PromoStatus,
    pub total_quantity: i64,
    pub claimed: i64,
    pub per_person: i64,
    /// How many the viewer holds (0 for a guest).
    pub mine: i64,
    /// Its code: shown only to its owner.
    pub code: Option<String>,
    pub listed: bool,
}

impl CouponView {
    pub fn left(&self) -> i64 {
        (self.total_quantity - self.claimed).max(0)
    }

    /// The viewer may claim one now.
    pub fn claimable(&self) -> bool {
        self.status == PromoStatus::Running && self.left() > 0 && self.mine < self.per_person
    }
}

/// Where a wallet coupon stands for its holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WalletState {
    Usable,
    /// Claimed before its window opens.
    NotYet,
    Used,
    Expired,
}

/// One coupon in My coupons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletEntry {
    pub claim_id: i64,
    pub coupon: CouponView,
    pub state: WalletState,
    pub used_at: Option<i64>,
    pub claimed_at: i64,
}

/// A spend threshold offer (满减) as a page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    pub offer_id: i64,
    pub shop_id: Option<i64>,
    pub title: String,
    pub rule: SpendRule,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: PromoStatus,
    /// A platform event: whether the viewing merchant's shop takes part.
    pub joined: bool,
}

/// What a coupon or offer has done: orders that used it and the discount
/// given, cancelled orders not counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub orders: i64,
    pub discount_minor: i64,
}

/// The promotions a shop's product and shop pages show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopPromotions {
    pub coupons: Vec<CouponView>,
    pub offers: Vec<OfferView>,
}

impl ShopPromotions {
    pub fn is_empty(&self) -> bool {
        self.coupons.is_empty() && self.offers.is_empty()
    }
}

/// The seller portal's Promotions page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerPromotions {
    pub shop_id: i64,
    pub coupons: Vec<(CouponView, Usage)>,
    pub offers: Vec<(OfferView, Usage)>,
    /// Platform events the shop may join or has joined.
    pub events: Vec<OfferView>,
}

/// The console's Promotions page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformPromotions {
    pub coupons: Vec<(CouponView, Usage)>,
    pub events: Vec<(OfferView, Usage, i64)>,
}

/// One discount line of a checkout group, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountLine {
    pub kind: DiscountKind,
    pub title: String,
    pub amount_minor: i64,
}

/// A coupon the shopper could pick for a slot at checkout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponOption {
    pub claim_id: i64,
    pub title: String,
    pub value: CouponValue,
    pub min_spend_minor: i64,
}

/// A flash-sale time slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashSlotView {
    pub slot_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// A SKU on flash sale, as the product page and the storefront show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashOffer {
    pub flash_item_id: i64,
    pub product_id: i64,
    pub sku_id: i64,
    pub price_minor: i64,
    pub slot_title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub per_account: i64,
}

impl FlashOffer {
    pub fn is_open(&self, now: i64) -> bool {
        self.starts_at <= now && now < self.ends_at
    }
}

/// Where a merchant's flash-sale application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlashStatus {
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

impl FlashStatus {
    pub fn from_db(raw: &str) -> Option<FlashStatus> {
        match raw {
            "pending" => Some(FlashStatus::Pending),
            "approved" => Some(FlashStatus::Approved),
            "rejected" => Some(FlashStatus::Rejected),
            "withdrawn" => Some(FlashStatus::Withdrawn),
            _ => None,
        }
    }
}

/// A SKU applied to a slot, as the portal and the console list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashApplication {
    pub flash_item_id: i64,
    pub slot: FlashSlotView,
    pub shop_name: String,
    pub product_id: i64,
    pub product_title: String,
    pub sku_id: i64,
    pub price_minor: i64,
    pub quantity: i64,
    pub sold: i64,
    pub per_account: i64,
    pub status: FlashStatus,
    pub reason: String,
}

/// The console's Flash sales page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashConsole {
    pub slots: Vec<FlashSlotView>,
    pub pending: Vec<FlashApplication>,
    pub decided: Vec<FlashApplication>,
}

/// The seller portal's Flash sales page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerFlash {
    pub shop_id: i64,
    pub slots: Vec<FlashSlotView>,
    pub skus: Vec<SkuChoice>,
    pub applications: Vec<FlashApplication>,
}

/// The storefront's flash sale: the slot running now (or next), its SKUs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashShowcase {
    pub items: Vec<(FlashOffer, String)>,
}

/// Where a group buy stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupState {
    /// Its leader has not paid yet: nobody else sees it.
    Forming,
    /// Paid by its leader: others may join until it expires.
    Open,
    /// Full: its orders went to the shop.
    Succeeded,
    /// Not full in time: every member refunded.
    Failed,
    /// Its leader never paid.
    Abandoned,
}

impl GroupState {
    pub fn from_db(raw: &str) -> GroupState {
        match raw {
            "forming" => GroupState::Forming,
            "open" => GroupState::Open,
            "succeeded" => GroupState::Succeeded,
            "failed" => GroupState::Failed,
            _ => GroupState::Abandoned,
        }
    }
}

/// A group as an order of it shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupNote {
    pub group_id: i64,
    pub state: GroupState,
    pub paid: i64,
    pub size: i64,
}

/// A SKU's group price, as the product page, the group page and the
/// portal show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupOfferView {
    pub group_offer_id: i64,
    pub shop_id: i64,
    pub product_id: i64,
    pub sku_id: i64,
    /// The SKU's (option, value) pairs, none for a single SKU.
    pub sku_options: Vec<(crate::i18n::Localized, crate::i18n::Localized)>,
    pub product_title: String,
    pub price_minor: i64,
    pub regular_minor: i64,
    /// Whether a unit is left to start or join a group with.
    pub in_stock: bool,
    pub size: i64,
    pub hours: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: PromoStatus,
}

/// Where the viewer stands in a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupPlace {
    /// Not in it (or not logged in).
    Outside,
    /// In it, their order waiting for payment.
    Paying { checkout_id: i64 },
    /// In it and paid.
    Paid { order_id: i64 },
}

/// A group's shared page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPage {
    pub group_id: i64,
    pub state: GroupState,
    pub size: i64,
    pub paid: i64,
    /// Places taken, paid or being paid.
    pub seats: i64,
    pub expires_at: Option<i64>,
    pub offer: GroupOfferView,
    pub image_key: Option<String>,
    /// The paid members' names, masked as anonymous reviews are ("王**"),
    /// leader first.
    pub members: Vec<String>,
    pub place: GroupPlace,
    /// Whether the viewer is logged in (else Join group leads to Log in).
    pub signed_in: bool,
    /// The page's full address, to share.
    pub share_url: String,
}

/// How a group offer did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupUsage {
    pub open: i64,
    pub succeeded: i64,
    pub failed: i64,
    /// Paid orders of succeeded groups.
    pub orders: i64,
    /// What those orders were given off the usual price.
    pub discount_minor: i64,
}

/// The seller portal's Group buying page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerGroups {
    pub shop_id: i64,
    pub skus: Vec<SkuChoice>,
    pub offers: Vec<(GroupOfferView, GroupUsage)>,
}

/// One of a shop's SKUs, as a promotion form offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuChoice {
    pub sku_id: i64,
    /// "title — options".
    pub label: String,
    pub stock: i64,
}
