//! The operator console. Pages live here; each decision calls the owning
//! domain's functions.

pub mod api;
pub mod domain;
pub mod messages;
pub mod model;
pub mod pages;
