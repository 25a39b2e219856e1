//! Reviews: what buyers write about what they bought (with photos, a
//! follow-up and the shop's rating), the automatic rules and the operators
//! that moderate them, Helpful votes, reports, the shop's reply, and the
//! stored aggregates product and shop pages show.

pub mod api;
pub mod components;
pub mod domain;
pub mod messages;
pub mod model;
pub mod pages;
pub mod text;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod fragment;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod web;
