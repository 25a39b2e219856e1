//! Merchants: shops, the people who may act for them, and onboarding (the
//! application to open a shop, its private documents and the operator's
//! decisions on it).

pub mod api;
pub mod components;
pub mod domain;
pub mod messages;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod profile;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod wizard;
