//! Server functions of the catalog.

use super::model::{HomeData, ListingPage, ProductDetail, ShopPage};
use crate::error::AppError;
use leptos::prelude::*;

/// Categories, featured products and new arrivals for the home page.
#[server(endpoint = "catalog/home")]
pub async fn load_home() -> Result<HomeData, AppError> {
    let state = crate::server::use_state()?;
    crate::server::web::shows(&[crate::storefront::model::Shows::Home]);
    Ok(state.catalog.home().as_ref().clone())
}

#[cfg(feature = "ssr")]
fn parse_query(category: Option<String>, query: &str) -> super::model::ListingQuery {
    let pairs: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let decode = |s: &str| {
                urlencoding::decode(&s.replace('+', " "))
                    .map(|c| c.into_owned())
                    .unwrap_or_default()
            };
            (decode(k), decode(v))
        })
        .take(50)
        .collect();
    let mut q = super::model::ListingQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if category.is_some() {
        q.category = category;
    }
    q
}

/// A category page or a search: `query` is the page's query string.
#[server(endpoint = "catalog/listing")]
pub async fn load_listing(category: Option<String>, query: String) -> Result<ListingPage, AppError> {
    use crate::server::{use_state, web};
    let state = use_state()?;
    let q = parse_query(category, &query);
    web::shows(&state.catalog.listing_shows(&q));
    let result = super::runtime::off_workers(&state.catalog, move |runtime| super::service::listing(runtime, q, None))
        .await
        .and_then(|r| r);
    web::answer(result)
}

/// The product page.
#[server(endpoint = "catalog/product")]
pub async fn load_product(product_id: i64) -> Result<ProductDetail, AppError> {
    use crate::server::{use_state, web};
    let result = async {
        let state = use_state()?;
        let p = super::service::product_detail(&mut *state.db.read().await?, &state.catalog, product_id).await?;
        use crate::storefront::model::Shows;
        web::shows(&[Shows::Product(p.product_id), Shows::Shop(p.shop.shop_id)]);
        Ok(p)
    }
    .await;
    web::answer(result)
}

/// A shop and its products.
#[server(endpoint = "catalog/shop")]
pub async fn load_shop(slug: String, query: String) -> Result<ShopPage, AppError> {
    use crate::server::{use_state, web};
    let result = async {
        let state = use_state()?;
        let q = parse_query(None, &query);
        let p = super::service::shop_page(&mut *state.db.read().await?, &state.catalog, &slug, q).await?;
        use crate::storefront::model::Shows;
        web::shows(&[Shows::Shop(p.shop.shop_id), Shows::ShopListing(p.shop.shop_id)]);
        Ok(p)
    }
    .await;
    web::answer(result)
}

/// Completions while typing in the header's search box.
#[server(endpoint = "catalog/suggest")]
pub async fn suggest(q: String) -> Result<Vec<String>, AppError> {
    let state = crate::server::use_state()?;
    let result = super::runtime::off_workers(&state.catalog, move |runtime| super::service::suggest(runtime, &q)).await;
    crate::server::web::answer(result)
}
