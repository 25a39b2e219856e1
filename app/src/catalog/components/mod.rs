//! Catalog widgets.

mod listing;
mod product_card;

pub use listing::{Breadcrumbs, ListingView};
pub use product_card::{price_text, CategoryList, MarkedTitle, ProductCardView, ProductGrid};
