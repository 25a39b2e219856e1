//! Payment pages.

mod payment_page;

pub use payment_page::PaymentPage;
