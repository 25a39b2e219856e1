//! Orders: what shoppers bought and where it is.

pub mod messages;
pub mod pages;
