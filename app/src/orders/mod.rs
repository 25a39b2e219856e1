//! Orders: what shoppers bought from each shop and where it is. One state
//! machine (`domain`) decides every change of status; `service` writes it
//! with who, when and why.

pub mod api;
pub mod components;
pub mod domain;
pub mod messages;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod hooks;
#[cfg(feature = "ssr")]
pub mod service;
