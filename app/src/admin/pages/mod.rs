//! Operator console pages.

mod admin_home_page;

pub use admin_home_page::AdminHomePage;
