//! Catalog: categories, brands, products, their SKUs (variants, price,
//! stock) and images; the merchant's listing editor and the operator's
//! listing audit (`listings`).

pub mod api;
pub mod components;
pub mod domain;
pub mod messages;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod images;
#[cfg(feature = "ssr")]
pub mod listings;
#[cfg(feature = "ssr")]
pub mod runtime;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod service;
