//! Promotions: shop and platform coupons with the shoppers' wallet and the
//! coupon centre, spend thresholds (满减: a shop's tiers, the platform's
//! cross-shop events), flash sales, group buying, and the rules that stack them at checkout and share
//! each discount out over the order lines with who funds it.

pub mod api;
/// Values each server keeps and reloads (the flash and group boards).
#[cfg(feature = "ssr")]
pub mod board;
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
/// Group buying (拼团).
#[cfg(feature = "ssr")]
pub mod group;
pub mod group_components;
#[cfg(feature = "ssr")]
pub mod service;
