//! Promotions: shop and platform coupons with the shoppers' wallet and the
//! coupon centre, spend thresholds (满减: a shop's tiers, the platform's
//! cross-shop events), and the rules that stack them at checkout and share
//! each discount out over the order lines with who funds it.

pub mod api;
pub mod components;
pub mod domain;
pub mod flash_components;
pub mod messages;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod flash;
#[cfg(feature = "ssr")]
pub mod service;
