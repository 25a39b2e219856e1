//! Merchants: shops and the people who may act for them. (Onboarding
//! applications arrive with their own issue.)

pub mod model;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod service;
