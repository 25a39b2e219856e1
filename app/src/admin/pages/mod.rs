//! Operator console pages.

mod admin_application_page;
mod admin_applications_page;
mod admin_audit_page;
mod admin_home_page;
mod admin_listing_page;
mod admin_listings_page;
mod admin_shops_page;

pub use admin_application_page::AdminApplicationPage;
pub use admin_applications_page::AdminApplicationsPage;
pub use admin_audit_page::AdminAuditPage;
pub use admin_home_page::AdminHomePage;
pub use admin_listing_page::AdminListingPage;
pub use admin_listings_page::AdminListingsPage;
pub use admin_shops_page::AdminShopsPage;
