//! Checkout pages.

mod checkout_page;

pub use checkout_page::CheckoutPage;
