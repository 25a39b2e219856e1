//! Reviews' pages: the buyer's review form, the seller portal's Reviews and
//! the console's queue and rules.

mod admin_review_rules_page;
mod admin_reviews_page;
mod report_page;
mod review_page;
mod seller_reviews_page;

pub use admin_review_rules_page::AdminReviewRulesPage;
pub use admin_reviews_page::AdminReviewsPage;
pub use report_page::ReportPage;
pub use review_page::ReviewPage;
pub use seller_reviews_page::SellerReviewsPage;
