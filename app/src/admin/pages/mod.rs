//! Operator console pages.

mod admin_home_page;
mod admin_shops_page;

pub use admin_home_page::AdminHomePage;
pub use admin_shops_page::AdminShopsPage;
