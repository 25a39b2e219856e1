//! Checkout: the address book, the checkout page (the cart's buyable lines
//! by shop, shipping, totals) and placing them as one order per shop.

pub mod api;
pub mod components;
pub mod domain;
pub mod messages;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod divisions;
#[cfg(feature = "ssr")]
pub mod service;
