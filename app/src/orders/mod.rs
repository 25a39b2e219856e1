//! Orders: what shoppers bought and where it is.

pub mod pages;
