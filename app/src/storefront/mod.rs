//! The storefront change log: what anonymous shoppers see, and what changed
//! in it. Every domain that changes a product, a shop, a category or the
//! home page records a `Change` in the same transaction; the search index
//! and the page cache of every server follow the log by position.

pub mod model;

/// A follower's position in the log, holes included.
#[cfg(feature = "ssr")]
pub mod cursor;
#[cfg(feature = "ssr")]
pub mod db;
/// What became stale, numbered, for caches to catch up on.
#[cfg(feature = "ssr")]
pub mod invalidation;
#[cfg(feature = "ssr")]
pub mod service;
