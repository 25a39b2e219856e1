//! After-sales route roots.

mod admin_complaints_page;
mod admin_disputes_page;
mod request_page;
mod seller_after_sales_page;

pub use admin_complaints_page::AdminComplaintsPage;
pub use admin_disputes_page::AdminDisputesPage;
pub use request_page::RequestPage;
pub use seller_after_sales_page::SellerAfterSalesPage;
