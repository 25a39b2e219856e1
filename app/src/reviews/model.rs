//! Wire types of reviews: statuses, what the product page, the review form,
//! the seller portal and the console show, and the moderation settings.

use crate::i18n::Localized;
use serde::{Deserialize, Serialize};

/// Where a review is. The changes between them are
/// `domain::next_review_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewStatus {
    /// What was typed in a refused submission, kept for the form.
    Draft,
    /// Waiting for the rules or an operator.
    Pending,
    Published,
    Rejected,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 4] = [
        ReviewStatus::Draft,
        ReviewStatus::Pending,
        ReviewStatus::Published,
        ReviewStatus::Rejected,
    ];

    pub const fn as_db(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "draft",
            ReviewStatus::Pending => "pending",
            ReviewStatus::Published => "published",
            ReviewStatus::Rejected => "rejected",
        }
    }

    pub fn from_db(value: &str) -> Option<ReviewStatus> {
        ReviewStatus::ALL.into_iter().find(|s| s.as_db() == value)
    }
}

/// Why the rules held a review back (or why it went back to the queue).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Flag {
    BannedWord,
    Link,
    Contact,
    Duplicate,
    ProductBurst,
    AddressBurst,
    PaidPraise,
    Reported,
}

impl Flag {
    pub const ALL: [Flag; 8] = [
        Flag::BannedWord,
        Flag::Link,
        Flag::Contact,
        Flag::Duplicate,
        Flag::ProductBurst,
        Flag::AddressBurst,
        Flag::PaidPraise,
        Flag::Reported,
    ];

    pub const fn as_db(self) -> &'static str {
        match self {
            Flag::BannedWord => "banned_word",
            Flag::Link => "link",
            Flag::Contact => "contact",
            Flag::Duplicate => "duplicate",
            Flag::ProductBurst => "product_burst",
            Flag::AddressBurst => "address_burst",
            Flag::PaidPraise => "paid_praise",
            Flag::Reported => "reported",
        }
    }

    pub fn from_db(value: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.as_db() == value)
    }

    /// Flags as stored: comma-separated codes.
    pub fn join(flags: &[Flag]) -> String {
        flags.iter().map(|f| f.as_db()).collect::<Vec<_>>().join(",")
    }

    pub fn split(stored: &str) -> Vec<Flag> {
        stored.split(',').filter_map(Flag::from_db).collect()
    }
}

/// Why a shopper reports a review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportReason {
    Spam,
    Abuse,
    OffTopic,
    Advertising,
    PrivateInfo,
    Fake,
}

impl ReportReason {
    pub const ALL: [ReportReason; 6] = [
        ReportReason::Spam,
        ReportReason::Abuse,
        ReportReason::OffTopic,
        ReportReason::Advertising,
        ReportReason::PrivateInfo,
        ReportReason::Fake,
    ];

    pub const fn as_db(self) -> &'static str {
        match self {
            ReportReason::Spam => "spam",
            ReportReason::Abuse => "abuse",
            ReportReason::OffTopic => "off_topic",
            ReportReason::Advertising => "advertising",
            ReportReason::PrivateInfo => "private_info",
            ReportReason::Fake => "fake",
        }
    }

    pub fn from_db(value: &str) -> Option<ReportReason> {
        ReportReason::ALL.into_iter().find(|r| r.as_db() == value)
    }
}

/// A photo of a review: its thumbnail and the full picture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPhoto {
    pub thumb_url: String,
    pub url: String,
    pub width: i64,
    pub height: i64,
}

/// A follow-up as shown under its review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpView {
    pub body: String,
    /// Whole days after the first review.
    pub days_later: i64,
    pub photos: Vec<ReviewPhoto>,
}

/// One published review on the product page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub review_id: i64,
    pub author: String,
    pub rating: i64,
    pub body: String,
    pub options: Vec<(Localized, Localized)>,
    pub photos: Vec<ReviewPhoto>,
    pub helpful_count: i64,
    pub published_at: i64,
    pub follow_up: Option<FollowUpView>,
    pub reply: Option<String>,
}

/// The page where a shopper reports a review: the review and its product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPage {
    pub product_id: i64,
    pub product_title: String,
    pub review: ReviewView,
}

/// The stored aggregates of a product's reviews.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSummary {
    pub count: i64,
    pub sum: i64,
    /// Reviews with 1 … 5 stars (index 0 is 1 star).
    pub stars: [i64; 5],
    pub with_photos: i64,
    pub with_follow_ups: i64,
}

impl ReviewSummary {
    /// The average × 10, rounded (4.6 → 46).
    pub fn average_x10(&self) -> i64 {
        crate::catalog::model::rating_x10(self.sum, self.count)
    }
}

/// Which reviews the product page lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewFilter {
    #[default]
    All,
    WithPhotos,
    FollowUps,
    Stars(i64),
}

impl ReviewFilter {
    /// The query-string value (`photos`, `follow-ups`, `5`).
    pub fn key(self) -> String {
        match self {
            ReviewFilter::All => String::new(),
            ReviewFilter::WithPhotos => "photos".into(),
            ReviewFilter::FollowUps => "follow-ups".into(),
            ReviewFilter::Stars(n) => n.to_string(),
        }
    }

    pub fn parse(raw: &str) -> ReviewFilter {
        match raw {
            "photos" => ReviewFilter::WithPhotos,
            "follow-ups" => ReviewFilter::FollowUps,
            n => match n.parse::<i64>() {
                Ok(n @ 1..=5) => ReviewFilter::Stars(n),
                _ => ReviewFilter::All,
            },
        }
    }
}

/// The order of the list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewSort {
    #[default]
    Newest,
    Helpful,
}

impl ReviewSort {
    pub fn key(self) -> &'static str {
        match self {
            ReviewSort::Newest => "newest",
            ReviewSort::Helpful => "helpful",
        }
    }

    pub fn parse(raw: &str) -> ReviewSort {
        if raw == "helpful" {
            ReviewSort::Helpful
        } else {
            ReviewSort::Newest
        }
    }
}

/// Where the review form posts (multipart, `reviews::web`).
pub const SUBMIT_PATH: &str = "/reviews/submit";

/// Reviews shown per page.
pub const REVIEWS_PER_PAGE: i64 = 10;

/// The product page's Reviews section.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductReviews {
    pub summary: ReviewSummary,
    pub filter: ReviewFilter,
    pub sort: ReviewSort,
    pub page: i64,
    pub pages: i64,
    pub reviews: Vec<ReviewView>,
    /// Reviews the viewer marked Helpful (among these).
    pub voted: Vec<i64>,
}

/// What an address asks of the Reviews section (`rf`, `rs`, `rp` as typed:
/// the server reads them leniently). The product page loads the page it asks
/// for with the product; a later change of these asks for a page alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewsAsk {
    pub filter: Option<String>,
    pub sort: Option<String>,
    pub page: Option<i64>,
}

/// A shop's three scores (× 10) with the platform's for comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopScores {
    pub count: i64,
    pub described_x10: i64,
    pub service_x10: i64,
    pub delivery_x10: i64,
    pub platform_described_x10: i64,
    pub platform_service_x10: i64,
    pub platform_delivery_x10: i64,
}

/// What a line of My orders offers about reviewing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineReview {
    /// Not reviewed yet: **Write a review**.
    Write,
    /// Reviewed; the status of the review (a follow-up may be added while
    /// `follow_up_open`).
    Written { status: ReviewStatus, follow_up_open: bool },
}

/// The review form's page for one order line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFormPage {
    pub order_id: i64,
    pub order_line_id: i64,
    pub product_id: i64,
    pub title: String,
    pub options: Vec<(Localized, Localized)>,
    pub image_url: Option<String>,
    pub shop_name: String,
    /// Whether the shop is rated with this review (the order's first).
    pub rates_shop: bool,
    /// The first review, once written (not a draft).
    pub first: Option<OwnReview>,
    /// The follow-up, once written.
    pub follow_up: Option<OwnReview>,
    /// A follow-up may be written now.
    pub follow_up_open: bool,
    /// What was typed in a refused submission.
    pub draft: Option<ReviewDraft>,
    /// Why no review can be written yet (the order is not delivered).
    pub refusal: Option<crate::error::ErrorCode>,
}

/// The author's own review as they see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnReview {
    pub status: ReviewStatus,
    pub rating: Option<i64>,
    pub body: String,
    pub photos: Vec<ReviewPhoto>,
    /// The operator's reason for a rejection.
    pub reason: String,
    pub submitted_at: i64,
}

/// What was typed in a refused submission.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDraft {
    pub follow_up: bool,
    pub rating: Option<i64>,
    pub body: String,
    pub anonymous: bool,
    pub described: Option<i64>,
    pub service: Option<i64>,
    pub delivery: Option<i64>,
}

/// A review in the operator's queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedReview {
    pub review_id: i64,
    pub product_id: i64,
    pub product_title: String,
    pub shop_name: String,
    pub author: String,
    pub is_follow_up: bool,
    pub rating: Option<i64>,
    pub body: String,
    pub photos: Vec<ReviewPhoto>,
    pub flags: Vec<Flag>,
    pub report_count: i64,
    pub submitted_at: i64,
}

/// The operator's queue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub reviews: Vec<QueuedReview>,
    pub waiting: i64,
    pub page: i64,
    pub pages: i64,
}

/// A review in the seller portal's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopReview {
    pub review_id: i64,
    pub product_id: i64,
    pub product_title: String,
    pub view: ReviewView,
}

/// The seller portal's Reviews page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopReviews {
    pub shop_id: i64,
    pub shop_name: String,
    pub reviews: Vec<ShopReview>,
    pub page: i64,
    pub pages: i64,
}

/// The moderation rules' settings (stored as JSON, edited in the console).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewSettings {
    /// A clean review from a verified buyer publishes at once.
    pub auto_publish: bool,
    /// Words that hold a review back, one per entry.
    pub banned_words: Vec<String>,
    pub check_links: bool,
    pub check_contacts: bool,
    pub check_duplicates: bool,
    /// More than this many reviews of one product within the window flag
    /// the next (0: off).
    pub product_burst: i64,
    /// More than this many reviews from one address within the window
    /// (0: off).
    pub address_burst: i64,
    pub burst_minutes: i64,
    /// A review written this soon after delivery of an order that used one
    /// of the shop's coupons (0: off).
    pub paid_praise_minutes: i64,
    /// Reports that send a published review back to the queue.
    pub report_threshold: i64,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            auto_publish: false,
            banned_words: [
                "fuck",
                "shit",
                "bitch",
                "asshole",
                "傻逼",
                "操你",
                "他妈的",
                "草泥马",
                "赌博",
                "毒品",
                "代购",
                "刷单",
                "好评返现",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            check_links: true,
            check_contacts: true,
            check_duplicates: true,
            product_burst: 20,
            address_burst: 5,
            burst_minutes: 60,
            paid_praise_minutes: 30,
            report_threshold: 3,
        }
    }
}
