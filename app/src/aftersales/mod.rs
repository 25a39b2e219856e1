//! After-sales: refunds and returns per order line, the shop's answers, the
//! platform's arbitration of refused requests, complaints about shops, and
//! each shop's service figures. One state machine (`domain`) decides every
//! change of a request; `service` writes it with who, when and what was said.

pub mod api;
pub mod components;
pub mod domain;
pub mod messages;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod web;
