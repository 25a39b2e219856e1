//! What can change on the storefront, and what a cached page shows.

use serde::{Deserialize, Serialize};

/// One entry of the storefront change log: the thing that changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Change {
    /// A product: its text, price, stock, images, status or variants.
    Product(i64),
    /// A shop: its name, description or status.
    Shop(i64),
    /// A category: its names or place in the tree.
    Category(i64),
    /// Anything else the home page shows.
    Home,
    /// A product's reviews section only (a vote, a reply, a follow-up):
    /// its page, not the index or the lists.
    Reviews(i64),
    /// A shop's promotions (a coupon or 满减 created, paused, ended, or its
    /// window opening or closing; an event it joined): its pages and its
    /// products' pages.
    Promotions(i64),
}

impl Change {
    /// The subject column of the log.
    pub fn subject(self) -> &'static str {
        match self {
            Change::Product(_) => "product",
            Change::Shop(_) => "shop",
            Change::Category(_) => "category",
            Change::Home => "home",
            Change::Reviews(_) => "reviews",
            Change::Promotions(_) => "promotions",
        }
    }

    pub fn subject_id(self) -> i64 {
        match self {
            Change::Product(id)
            | Change::Shop(id)
            | Change::Category(id)
            | Change::Reviews(id)
            | Change::Promotions(id) => id,
            Change::Home => 0,
        }
    }

    /// Back from the log's columns; unknown subjects are skipped.
    pub fn from_row(subject: &str, subject_id: i64) -> Option<Change> {
        match subject {
            "product" => Some(Change::Product(subject_id)),
            "shop" => Some(Change::Shop(subject_id)),
            "category" => Some(Change::Category(subject_id)),
            "home" => Some(Change::Home),
            "reviews" => Some(Change::Reviews(subject_id)),
            "promotions" => Some(Change::Promotions(subject_id)),
            _ => None,
        }
    }
}

/// Something a rendered page shows, so the page cache knows which entries a
/// change makes stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Shows {
    /// A product's own page (title, price, stock, variants, images).
    Product(i64),
    /// A shop's name or description (its page, its products' pages).
    Shop(i64),
    /// The list of a shop's products.
    ShopListing(i64),
    /// The list of a category's products (the category and its children).
    CategoryListing(i64),
    /// Search results (any product may enter them).
    Search,
    /// The home page's lists.
    Home,
}

impl Shows {
    /// The word a page uses for this in its `x-jishi-shows` header:
    /// `product:42`, `shop:7`, `shop-listing:7`, `category-listing:3`,
    /// `search`, `home`.
    pub fn tag(self) -> String {
        match self {
            Shows::Product(id) => format!("product:{id}"),
            Shows::Shop(id) => format!("shop:{id}"),
            Shows::ShopListing(id) => format!("shop-listing:{id}"),
            Shows::CategoryListing(id) => format!("category-listing:{id}"),
            Shows::Search => "search".to_string(),
            Shows::Home => "home".to_string(),
        }
    }

    /// Back from `tag`; anything else is `None`.
    pub fn from_tag(tag: &str) -> Option<Shows> {
        match tag.split_once(':') {
            None => match tag {
                "search" => Some(Shows::Search),
                "home" => Some(Shows::Home),
                _ => None,
            },
            Some((kind, id)) => {
                let id = id.parse::<i64>().ok()?;
                match kind {
                    "product" => Some(Shows::Product(id)),
                    "shop" => Some(Shows::Shop(id)),
                    "shop-listing" => Some(Shows::ShopListing(id)),
                    "category-listing" => Some(Shows::CategoryListing(id)),
                    _ => None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_tags_round_trip_and_junk_is_refused() {
        for s in [
            Shows::Product(42),
            Shows::Shop(7),
            Shows::ShopListing(7),
            Shows::CategoryListing(3),
            Shows::Search,
            Shows::Home,
        ] {
            assert_eq!(Shows::from_tag(&s.tag()), Some(s));
        }
        assert_eq!(Shows::from_tag("product:x"), None);
        assert_eq!(Shows::from_tag("basket:1"), None);
        assert_eq!(Shows::from_tag(""), None);
    }
}
