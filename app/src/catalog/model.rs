//! Wire types of the catalog.

use crate::i18n::Localized;
use serde::{Deserialize, Serialize};

/// A category with its name in every language; the page asks for the
/// current one (`name.text()`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryNode {
    pub category_id: i64,
    pub slug: String,
    pub name: Localized,
    pub children: Vec<CategoryNode>,
}

/// An image as stored by the media store, with its intrinsic size (so the
/// page reserves its space and nothing jumps).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    pub url: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
    /// The option value this picture shows (the red one), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option_value_id: Option<i64>,
    /// Narrower copies for `srcset` (uploaded pictures have them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub srcset: Option<String>,
}

/// What a product grid shows about one product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub product_id: i64,
    pub title: String,
    pub price_min_minor: i64,
    pub price_max_minor: i64,
    pub sales_count: i64,
    pub rating_count: i64,
    /// Average rating times ten (4.7 stars = 47), integer so it compares exactly.
    pub rating_x10: i64,
    pub image: Option<ImageRef>,
}

/// Everything the home page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    pub categories: Vec<CategoryNode>,
    pub featured: Vec<ProductCard>,
    pub new_arrivals: Vec<ProductCard>,
}

/// Listing statuses, with the words a person reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListingStatus {
    Draft,
    PendingReview,
    Live,
    Rejected,
    Delisted,
}

impl ListingStatus {
    pub fn from_db(value: &str) -> Option<ListingStatus> {
        [
            ListingStatus::Draft,
            ListingStatus::PendingReview,
            ListingStatus::Live,
            ListingStatus::Rejected,
            ListingStatus::Delisted,
        ]
        .into_iter()
        .find(|s| s.as_db() == value)
    }

    pub const fn as_db(self) -> &'static str {
        match self {
            ListingStatus::Draft => "draft",
            ListingStatus::PendingReview => "pending_review",
            ListingStatus::Live => "live",
            ListingStatus::Rejected => "rejected",
            ListingStatus::Delisted => "delisted",
        }
    }
}

/// Average rating times ten from a sum and a count of star ratings.
pub fn rating_x10(sum: i64, count: i64) -> i64 {
    if count <= 0 {
        0
    } else {
        (sum * 10 + count / 2) / count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_average_rounds_to_one_decimal() {
        assert_eq!(rating_x10(0, 0), 0);
        assert_eq!(rating_x10(14, 3), 47);
        assert_eq!(rating_x10(5, 1), 50);
    }
}

/// How a product list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortOrder {
    /// Best match for a search; newest first when browsing a category.
    #[default]
    Relevance,
    Newest,
    PriceAsc,
    PriceDesc,
    BestSelling,
    Rating,
}

impl SortOrder {
    pub const ALL: [SortOrder; 6] = [
        SortOrder::Relevance,
        SortOrder::Newest,
        SortOrder::PriceAsc,
        SortOrder::PriceDesc,
        SortOrder::BestSelling,
        SortOrder::Rating,
    ];

    pub fn as_param(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::Newest => "newest",
            SortOrder::PriceAsc => "price_asc",
            SortOrder::PriceDesc => "price_desc",
            SortOrder::BestSelling => "best_selling",
            SortOrder::Rating => "rating",
        }
    }

    pub fn from_param(value: &str) -> Option<SortOrder> {
        SortOrder::ALL.into_iter().find(|s| s.as_param() == value)
    }
}

/// What a category page or a search asks for; every field comes from the
/// query string, so each state has a URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingQuery {
    /// Search words (empty when browsing a category).
    pub q: String,
    /// Category slug (the page's own category, or a search filter).
    pub category: Option<String>,
    pub brands: Vec<i64>,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
    pub in_stock: bool,
    /// Minimum average rating in whole stars (1–5).
    pub rating_min: Option<i64>,
    pub sort: SortOrder,
    /// 1-based.
    pub page: u32,
}

/// A product in a result list, with its title split for highlighting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingItem {
    pub card: ProductCard,
    /// Title pieces; `true` marks a match of the search words.
    pub title_marks: Vec<(String, bool)>,
}

/// One value of a filter with how many results it would give.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    /// The URL value (category slug or brand id).
    pub value: String,
    /// What the filter shows, in every language (a brand's name is the
    /// same in all of them).
    pub label: Localized,
    pub count: u64,
    pub selected: bool,
}

/// A crumb of the category path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    pub slug: String,
    pub name: Localized,
}

/// One page of a category or a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingPage {
    pub query: ListingQuery,
    pub items: Vec<ListingItem>,
    pub total: u64,
    /// The page shown (the asked-for page, kept within 1..=pages).
    pub page: u32,
    pub pages: u32,
    pub categories: Vec<FacetValue>,
    pub brands: Vec<FacetValue>,
    /// The category being browsed, root first.
    pub breadcrumb: Vec<Crumb>,
    /// A corrected query when the words found nothing.
    pub did_you_mean: Option<String>,
    /// True when nothing matched all words and these are closest matches.
    pub approximate: bool,
}

/// Results per page.
pub const PAGE_SIZE: u32 = 24;

/// A variant dimension (Color, Size, Edition …) with its values, in the
/// order the merchant gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductOption {
    pub option_id: i64,
    pub name: Localized,
    pub values: Vec<OptionValue>,
}

/// One value of a variant dimension ("Red", "256GB").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionValue {
    pub value_id: i64,
    pub label: Localized,
}

/// Stock at or below this is shown to shoppers as "Only N left", so a
/// change there changes what the product page says.
pub const LOW_STOCK_SHOWN: i64 = 10;

/// Most variant dimensions a product may have.
pub const MAX_OPTIONS: usize = 3;

/// One sellable variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuView {
    pub sku_id: i64,
    /// The value it takes of each option, in the product's option order.
    pub value_ids: Vec<i64>,
    pub price_minor: i64,
    pub stock: i64,
}

impl SkuView {
    /// True when this SKU is the one for `choice` (a value per option;
    /// `None` where nothing is chosen never matches).
    pub fn matches(&self, choice: &[Option<i64>]) -> bool {
        self.value_ids.len() == choice.len() && self.value_ids.iter().zip(choice).all(|(v, c)| Some(*v) == *c)
    }
}

/// Everything the product page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub product_id: i64,
    pub title: String,
    pub description: String,
    pub brand: Option<String>,
    pub shop: crate::merchants::model::ShopBrief,
    pub breadcrumb: Vec<Crumb>,
    pub options: Vec<ProductOption>,
    pub skus: Vec<SkuView>,
    pub images: Vec<ImageRef>,
    pub price_min_minor: i64,
    pub price_max_minor: i64,
    pub sales_count: i64,
    pub rating_count: i64,
    pub rating_x10: i64,
    /// The SKU chosen when the page opens: the first one in stock.
    pub default_sku_id: Option<i64>,
    /// Counts the changes of its reviews section.
    pub reviews_version: i64,
}

/// The product page's one load: the product and, when it has reviews, the
/// Reviews section its address asks for as HTML (`reviews/fragment.rs`;
/// None in a server render, which writes it into the page directly).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductWithReviews {
    pub product: ProductDetail,
    /// The product's flash sale running now or next, if any.
    pub flash: Option<crate::promotions::model::FlashOffer>,
    /// The product's group buy running now, if any.
    pub group: Option<crate::promotions::model::GroupOfferView>,
    pub reviews_html: Option<String>,
    pub asked: crate::reviews::model::ReviewsAsk,
}

impl ProductDetail {
    /// The SKU for a choice of one value per option, if that combination exists.
    pub fn sku_for(&self, choice: &[Option<i64>]) -> Option<&SkuView> {
        self.skus.iter().find(|s| s.matches(choice))
    }

    /// The first picture that shows one of the chosen values, else the first.
    pub fn image_for(&self, choice: &[Option<i64>]) -> Option<&ImageRef> {
        self.images
            .iter()
            .find(|i| i.option_value_id.is_some_and(|v| choice.contains(&Some(v))))
            .or(self.images.first())
    }
}

/// A shop page: the shop and its products.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopPage {
    pub shop: crate::merchants::model::ShopBrief,
    pub listing: ListingPage,
}

/// A category a merchant can list a product in (a leaf of the tree), with
/// its parent's name for context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryPick {
    pub category_id: i64,
    pub name: Localized,
    pub parent: Option<Localized>,
}

/// One SKU in the merchant's editor: which values it takes, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorSku {
    pub sku_id: i64,
    /// "Red · M" (empty for a product without options).
    pub label: String,
    pub code: String,
    pub price_minor: i64,
    pub stock: i64,
}

/// A picture in the editor or the review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorImage {
    /// `None` for a picture only a pending change has.
    pub image_id: Option<i64>,
    pub url: String,
    pub width: i64,
    pub height: i64,
}

/// What a product says (the part an operator reviews).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingContent {
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub category_name: Localized,
    pub images: Vec<EditorImage>,
}

/// A product as its merchant edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorProduct {
    pub product_id: i64,
    pub shop_id: i64,
    pub status: ListingStatus,
    pub content: ListingContent,
    /// Option names with their values, in order.
    pub options: Vec<(String, Vec<String>)>,
    pub skus: Vec<EditorSku>,
    /// Why the operator rejected it (the latest decision), if they did.
    pub rejection: Option<String>,
    /// A change of the live listing waiting for review.
    pub pending_change: Option<ListingContent>,
    /// Whether its variants may still be redefined (never on sale).
    pub variants_open: bool,
}

/// The product editor's page: the product (none for a new one) and the
/// categories to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorPage {
    pub shop_id: i64,
    pub shop_name: String,
    pub product: Option<EditorProduct>,
    pub categories: Vec<CategoryPick>,
}

/// A listing waiting in the operator's audit queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedListing {
    pub product_id: i64,
    pub shop_name: String,
    pub title: String,
    /// A change to a live listing (else new or resubmitted).
    pub is_change: bool,
    pub since_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingQueue {
    pub total: i64,
    pub items: Vec<QueuedListing>,
    pub page: i64,
    pub has_more: bool,
}

/// One listing as the operator reviews it: what it says now (`before`, the
/// live version for a change) and what it would say (`after`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingReview {
    pub product_id: i64,
    pub shop_name: String,
    pub status: ListingStatus,
    pub is_change: bool,
    /// The version of the change the operator sees (posted back with the
    /// decision, so an edit made meanwhile is not approved unseen).
    pub change_version: Option<i64>,
    pub before: Option<ListingContent>,
    pub after: ListingContent,
    pub options: Vec<(String, Vec<String>)>,
    pub skus: Vec<EditorSku>,
}

/// A SKU in the merchant's inventory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryLine {
    pub sku_id: i64,
    pub product_id: i64,
    pub title: String,
    /// "Color: Red · Size: M" (empty without options).
    pub label: String,
    pub code: String,
    pub stock: i64,
    pub low_stock_threshold: i64,
}

impl InventoryLine {
    pub fn is_low(&self) -> bool {
        self.stock <= self.low_stock_threshold
    }
}

/// One page of a shop's inventory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryPage {
    pub shop_id: i64,
    pub shop_name: String,
    pub low_only: bool,
    pub lines: Vec<InventoryLine>,
    pub page: i64,
    pub has_more: bool,
}
