//! Catalog widgets.

mod product_card;

pub use product_card::{CategoryList, ProductGrid};
