//! Cart pages.

mod cart_page;

pub use cart_page::CartPage;
