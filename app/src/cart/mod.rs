//! Cart: what a shopper means to buy, grouped by shop. Guests have one too
//! (bound to a cookie, kept in the database); it merges into the account's
//! cart at log-in.

pub mod api;
pub mod domain;
pub mod messages;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod service;
