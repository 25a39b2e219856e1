//! Merchants: shops and the people who may act for them. (Onboarding
//! applications arrive with their own issue.)

pub mod api;
pub mod messages;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod service;
