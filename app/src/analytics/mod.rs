//! Figures for merchants and operators. Storefront events are recorded in
//! batches (`capture`); orders, payments and refunds move the rollups in
//! their own transactions (`service`); dashboards read only the rollups,
//! drawn as SVG on the server with a table of their numbers (`charts`), and
//! every table downloads as CSV (`web`).

pub mod api;
pub mod charts;
pub mod domain;
pub mod messages;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod capture;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod web;
