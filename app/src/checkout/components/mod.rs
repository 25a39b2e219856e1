//! Checkout's widgets.

mod address_form;

pub use address_form::AddressForm;
