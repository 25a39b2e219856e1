//! Payments: the provider interface, the built-in test gateway, paying a
//! checkout's orders, the signed notifications that confirm it, refunds.

pub mod api;
pub mod domain;
pub mod messages;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod hooks;
#[cfg(feature = "ssr")]
pub mod provider;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod test_gateway;
