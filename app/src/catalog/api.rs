//! Server functions of the catalog: the storefront's reads, the merchant's
//! listing editor and the operator's listing audit.

// The editor's forms post one argument per field (the framework's own code
// for it trips this lint too, so an `expect` on the function cannot hold).
#![allow(clippy::too_many_arguments, reason = "one server-function argument per form field")]

use super::model::{HomeData, ListingPage, ProductWithReviews, ShopPage};
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

/// The product page: the product and, when it has reviews, the page of
/// them that `rf`, `rs` and `rp` ask for (as the address has them).
#[server(endpoint = "catalog/product")]
pub async fn load_product(
    product_id: i64,
    #[server(default)] rf: Option<String>,
    #[server(default)] rs: Option<String>,
    #[server(default)] rp: Option<i64>,
) -> Result<ProductWithReviews, AppError> {
    use crate::reviews::fragment::{section, SectionSlot};
    use crate::reviews::model::ReviewsAsk;
    use crate::server::{use_state, web};
    let asked = ReviewsAsk {
        filter: rf,
        sort: rs,
        page: rp,
    };
    let result = async {
        let state = use_state()?;
        // The flash and group boards first: a reload takes a connection of
        // its own, and waiting for one while holding another could starve
        // the pool.
        let flash = state
            .flash
            .snapshot(&state.db)
            .await?
            .for_product(product_id, crate::server::now_ms());
        let group = state
            .groups
            .for_product(&state.db, product_id, crate::server::now_ms())
            .await?;
        let mut conn = state.db.read().await?;
        let product = super::service::product_detail(&mut conn, &state.catalog, product_id).await?;
        // The group price beside the SKU's price and stock as just loaded.
        let group = group.and_then(|mut offer| {
            let sku = product.skus.iter().find(|s| s.sku_id == offer.sku_id)?;
            offer.regular_minor = sku.price_minor;
            offer.in_stock = sku.stock > 0;
            Some(offer)
        });
        use crate::storefront::model::Shows;
        web::shows(&[Shows::Product(product.product_id), Shows::Shop(product.shop.shop_id)]);
        // A page render's view is recorded around the page (cached or not);
        // a script's navigation to it is recorded here.
        if !web::rendering_page() {
            use crate::analytics::{capture::record_here, service::EventKind};
            let viewer = crate::server::viewer().map(|v| v.user_id);
            record_here(
                EventKind::View,
                viewer,
                Some(product.shop.shop_id),
                Some(product.product_id),
            );
        }
        // A product nobody has reviewed asks nothing more. A server render
        // takes the section from the slot its page provides (written into
        // the page once, not also into the data the client hydrates from).
        let reviews_html = if product.rating_count > 0 {
            let version = product.reviews_version;
            let html = section(&mut conn, &state.reviews_html, product_id, version, &asked).await?;
            match crate::context::use_context::<SectionSlot>().filter(|_| web::rendering_page()) {
                Some(slot) => {
                    slot.put(html);
                    None
                }
                None => Some(html),
            }
        } else {
            None
        };
        Ok(ProductWithReviews {
            product,
            flash,
            group,
            reviews_html,
            asked,
        })
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

// ---- the merchant's listing editor ----

use super::model::{EditorPage, ListingQueue, ListingReview};
use std::collections::HashMap;

/// The shop a merchant acts for on a product: the product's own shop, if
/// the caller is one of its members (else the same "not found" a missing
/// product gives, so nothing is learnt about other shops).
#[cfg(feature = "ssr")]
async fn merchant_for_product(
    state: &crate::server::AppState,
    product_id: i64,
) -> Result<(crate::server::Viewer, i64), AppError> {
    use crate::error::ErrorCode;
    let viewer = crate::server::require_user()?;
    let shop = super::listings::shop_of(&mut *state.db.read().await?, product_id).await?;
    match shop {
        Some(shop_id) if viewer.shop_ids.contains(&shop_id) => Ok((viewer, shop_id)),
        _ if viewer.shop_ids.is_empty() => Err(AppError::new(ErrorCode::Forbidden)),
        _ => Err(AppError::new(ErrorCode::NotFound)),
    }
}

/// The product editor: one of the caller's products, or a blank one for
/// the caller's shop (`shop_id`, or their first). Merchants only.
#[server(endpoint = "catalog/editor")]
pub async fn load_editor(
    #[server(default)] product_id: Option<i64>,
    #[server(default)] shop_id: Option<i64>,
) -> Result<EditorPage, AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_merchant, require_user, use_state, web};
    let state = use_state()?;
    let result = async {
        let shop_id = match product_id {
            Some(id) => merchant_for_product(&state, id).await?.1,
            None => {
                let viewer = require_user()?;
                let shop = shop_id.or_else(|| viewer.shop_ids.first().copied());
                let shop = shop.ok_or(AppError::new(ErrorCode::Forbidden))?;
                require_merchant(shop)?;
                shop
            }
        };
        let mut conn = state.db.read().await?;
        let name = crate::merchants::service::shop_names(&mut conn, &[shop_id])
            .await?
            .remove(&shop_id)
            .unwrap_or_default();
        super::listings::editor_page(&mut conn, shop_id, name, product_id).await
    };
    web::answer(result.await)
}

/// The option fields of the editor's forms, in order.
#[cfg(feature = "ssr")]
fn option_pairs(fields: [(Option<String>, Option<String>); 3]) -> Vec<(String, String)> {
    fields
        .into_iter()
        .map(|(n, v)| (n.unwrap_or_default(), v.unwrap_or_default()))
        .collect()
}

/// Everything typed into a variants form, sent back to a form posted
/// without JavaScript.
#[cfg(feature = "ssr")]
fn echo_all(fields: &[(&str, &Option<String>)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| {
            let typed: String = v.as_deref().unwrap_or_default().chars().take(5_000).collect();
            (k.to_string(), typed)
        })
        .collect()
}

/// Creates a draft listing in the caller's shop: details, up to three
/// variant dimensions (names and comma-separated values) and a price and
/// stock for every SKU to start from. Merchants only.
#[server(endpoint = "catalog/create_listing")]
pub async fn create_listing(
    shop_id: i64,
    #[server(default)] title: Option<String>,
    #[server(default)] description: Option<String>,
    #[server(default)] category: Option<i64>,
    #[server(default)] option1_name: Option<String>,
    #[server(default)] option1_values: Option<String>,
    #[server(default)] option2_name: Option<String>,
    #[server(default)] option2_values: Option<String>,
    #[server(default)] option3_name: Option<String>,
    #[server(default)] option3_values: Option<String>,
    #[server(default)] price: Option<String>,
    #[server(default)] stock: Option<String>,
) -> Result<i64, AppError> {
    use super::listings::{self, DetailsInput};
    use crate::error::FieldErrors;
    use crate::server::{require_merchant, use_state, web};
    require_merchant(shop_id)?;
    let state = use_state()?;
    let echo = echo_all(&[
        ("title", &title),
        ("description", &description),
        ("option1_name", &option1_name),
        ("option1_values", &option1_values),
        ("option2_name", &option2_name),
        ("option2_values", &option2_values),
        ("option3_name", &option3_name),
        ("option3_values", &option3_values),
        ("price", &price),
        ("stock", &stock),
        ("category", &category.map(|c| c.to_string())),
    ]);
    let result = async {
        let picks = listings::category_picks(&mut *state.db.read().await?).await?;
        let input = DetailsInput {
            title: title.clone().unwrap_or_default(),
            description: description.clone().unwrap_or_default(),
            category_id: category,
        };
        let mut errors = FieldErrors::default();
        let details = listings::parse_details(&input, &picks).map_err(|e| {
            for f in &e.fields {
                errors.push(&f.field, f.code);
            }
        });
        let options = listings::parse_options(&option_pairs([
            (option1_name.clone(), option1_values.clone()),
            (option2_name.clone(), option2_values.clone()),
            (option3_name.clone(), option3_values.clone()),
        ]))
        .map_err(|e| {
            for f in &e.fields {
                errors.push(&f.field, f.code);
            }
        });
        let price = errors.check("price", listings::parse_price(price.as_deref().unwrap_or_default()));
        let stock = errors.check("stock", listings::parse_stock(stock.as_deref().unwrap_or_default()));
        let (Ok(details), Ok(options), Some(price), Some(stock)) = (details, options, price, stock) else {
            return Err(errors
                .into_error()
                .unwrap_or_else(|| AppError::new(crate::error::ErrorCode::BadRequest)));
        };
        let mut tx = state.db.begin_write().await?;
        let id = listings::create_listing(&mut tx, shop_id, &details, &options, price, stock).await?;
        tx.commit().await?;
        Ok(id)
    }
    .await;
    let next = match &result {
        Ok(id) => format!("/seller/products/{id}"),
        Err(_) => String::new(),
    };
    web::finish(
        result.map_err(|mut e: AppError| {
            e.echo = echo;
            e
        }),
        &next,
    )
}

/// Changes a listing's title, description and category (a live listing's
/// change waits for review). Members of its shop only.
#[server(endpoint = "catalog/save_details")]
pub async fn save_details(
    product_id: i64,
    #[server(default)] title: Option<String>,
    #[server(default)] description: Option<String>,
    #[server(default)] category: Option<i64>,
) -> Result<bool, AppError> {
    use super::listings::{self, DetailsInput, EditOutcome};
    use crate::server::{use_state, web};
    let state = use_state()?;
    let echo = echo_all(&[("title", &title), ("description", &description)]);
    let result = async {
        let (_, shop_id) = merchant_for_product(&state, product_id).await?;
        let picks = listings::category_picks(&mut *state.db.read().await?).await?;
        let input = DetailsInput {
            title: title.clone().unwrap_or_default(),
            description: description.clone().unwrap_or_default(),
            category_id: category,
        };
        let details = listings::parse_details(&input, &picks)?;
        let mut tx = state.db.begin_write().await?;
        let outcome = listings::update_details(&mut tx, shop_id, product_id, &details).await?;
        tx.commit().await?;
        Ok(outcome == EditOutcome::SentForReview)
    }
    .await;
    web::finish(
        result.map_err(|mut e: AppError| {
            e.echo = echo;
            e
        }),
        &format!("/seller/products/{product_id}"),
    )
}

/// Redefines a listing's variants (before it was ever on sale).
#[server(endpoint = "catalog/save_variants")]
pub async fn save_variants(
    product_id: i64,
    #[server(default)] option1_name: Option<String>,
    #[server(default)] option1_values: Option<String>,
    #[server(default)] option2_name: Option<String>,
    #[server(default)] option2_values: Option<String>,
    #[server(default)] option3_name: Option<String>,
    #[server(default)] option3_values: Option<String>,
    #[server(default)] price: Option<String>,
    #[server(default)] stock: Option<String>,
) -> Result<(), AppError> {
    use super::listings;
    use crate::error::FieldErrors;
    use crate::server::{use_state, web};
    let state = use_state()?;
    let result = async {
        let (_, shop_id) = merchant_for_product(&state, product_id).await?;
        let mut errors = FieldErrors::default();
        let options = listings::parse_options(&option_pairs([
            (option1_name, option1_values),
            (option2_name, option2_values),
            (option3_name, option3_values),
        ]))
        .map_err(|e| {
            for f in &e.fields {
                errors.push(&f.field, f.code);
            }
        });
        let price = errors.check("price", listings::parse_price(price.as_deref().unwrap_or_default()));
        let stock = errors.check("stock", listings::parse_stock(stock.as_deref().unwrap_or_default()));
        let (Ok(options), Some(price), Some(stock)) = (options, price, stock) else {
            return Err(errors
                .into_error()
                .unwrap_or_else(|| AppError::new(crate::error::ErrorCode::BadRequest)));
        };
        let mut tx = state.db.begin_write().await?;
        listings::replace_variants(&mut tx, shop_id, product_id, &options, price, stock).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, &format!("/seller/products/{product_id}"))
}

/// Sets every SKU's price, stock and code (`price[<sku>]`, `stock[<sku>]`,
/// `code[<sku>]`); a value in `all_price` or `all_stock` fills the whole
/// column. Takes effect at once, live or not. Members of its shop only.
#[server(endpoint = "catalog/save_skus")]
pub async fn save_skus(
    product_id: i64,
    #[server(default)] price: HashMap<String, String>,
    #[server(default)] stock: HashMap<String, String>,
    #[server(default)] code: HashMap<String, String>,
    #[server(default)] all_price: Option<String>,
    #[server(default)] all_stock: Option<String>,
) -> Result<(), AppError> {
    use super::listings::{self, SkuEdit};
    use crate::error::FieldErrors;
    use crate::server::{use_state, web};
    let state = use_state()?;
    let result = async {
        let (_, shop_id) = merchant_for_product(&state, product_id).await?;
        let all_price = all_price.filter(|v| !v.trim().is_empty());
        let all_stock = all_stock.filter(|v| !v.trim().is_empty());
        let mut errors = FieldErrors::default();
        let mut rows = Vec::new();
        for (key, raw_code) in &code {
            let Ok(sku_id) = key.parse::<i64>() else { continue };
            let raw_price = all_price
                .clone()
                .or_else(|| price.get(key).cloned())
                .unwrap_or_default();
            let raw_stock = all_stock
                .clone()
                .or_else(|| stock.get(key).cloned())
                .unwrap_or_default();
            let p = errors.check(&format!("price-{sku_id}"), listings::parse_price(&raw_price));
            let s = errors.check(&format!("stock-{sku_id}"), listings::parse_stock(&raw_stock));
            let c = errors.check(&format!("code-{sku_id}"), listings::parse_code(raw_code));
            if let (Some(price_minor), Some(stock), Some(code)) = (p, s, c) {
                rows.push(SkuEdit {
                    sku_id,
                    price_minor,
                    stock,
                    code,
                });
            }
        }
        if let Some(e) = errors.into_error() {
            return Err(e);
        }
        rows.sort_by_key(|r| r.sku_id);
        let mut tx = state.db.begin_write().await?;
        listings::update_skus(&mut tx, shop_id, product_id, &rows).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, &format!("/seller/products/{product_id}"))
}

/// Removes a picture (from the pending change, for a live listing).
#[server(endpoint = "catalog/remove_image")]
pub async fn remove_image(product_id: i64, #[server(default)] key: String) -> Result<(), AppError> {
    use crate::server::{use_state, web};
    let state = use_state()?;
    let result = async {
        let (_, shop_id) = merchant_for_product(&state, product_id).await?;
        let mut tx = state.db.begin_write().await?;
        super::listings::remove_image(&mut tx, shop_id, product_id, &key).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, &format!("/seller/products/{product_id}"))
}

/// The merchant's moves: `submit` for review, `delist` from sale.
#[server(endpoint = "catalog/listing_action")]
pub async fn listing_action(product_id: i64, #[server(default)] action: String) -> Result<(), AppError> {
    use super::domain::{ListingAction, ListingActor};
    use super::listings::{self, ListingActorId};
    use crate::error::ErrorCode;
    use crate::server::{use_state, web};
    let state = use_state()?;
    let result = async {
        let (viewer, shop_id) = merchant_for_product(&state, product_id).await?;
        let action = match action.as_str() {
            "submit" => ListingAction::Submit,
            "delist" => ListingAction::Delist,
            _ => return Err(AppError::new(ErrorCode::BadRequest)),
        };
        let who = ListingActorId {
            actor: ListingActor::Merchant,
            user_id: viewer.user_id,
        };
        let mut tx = state.db.begin_write().await?;
        listings::transition(&mut tx, who, Some(shop_id), product_id, action, "").await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, &format!("/seller/products/{product_id}"))
}

// ---- the operator's listing audit ----

/// New listings and changes to live ones waiting for review, oldest
/// first. Operators only.
#[server(endpoint = "catalog/listing_queue")]
pub async fn load_listing_queue(#[server(default)] page: Option<i64>) -> Result<ListingQueue, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async { super::listings::listing_queue(&mut *state.db.read().await?, page.unwrap_or(1)).await };
    web::answer(result.await)
}

/// One listing for review: new, or a change beside the live version.
/// Operators only.
#[server(endpoint = "catalog/listing_review")]
pub async fn load_listing_review(product_id: i64) -> Result<ListingReview, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async { super::listings::listing_review(&mut *state.db.read().await?, product_id).await };
    web::answer(result.await)
}

/// An operator's decision: `approve`, `reject` (with a reason) a new
/// listing or a change of a live one (`seen`: the change's version they
/// reviewed), or `delist` a live one (with a reason). Operators only.
#[server(endpoint = "catalog/decide_listing")]
pub async fn decide_listing(
    product_id: i64,
    #[server(default)] decision: String,
    #[server(default)] reason: String,
    #[server(default)] seen: Option<i64>,
) -> Result<(), AppError> {
    use super::domain::{ListingAction, ListingActor};
    use super::listings::{self, ListingActorId};
    use super::model::ListingStatus;
    use crate::error::ErrorCode;
    use crate::server::{require_operator, use_state, web};
    let viewer = require_operator()?;
    let reason = reason.trim().to_string();
    if reason.chars().count() > 500 || reason.chars().any(|c| c.is_control() && c != '\n') {
        return web::fail(AppError::field("reason", ErrorCode::TextTooLong));
    }
    let action = match decision.as_str() {
        "approve" => ListingAction::Approve,
        "reject" => ListingAction::Reject,
        "delist" => ListingAction::Delist,
        _ => return web::fail(AppError::new(ErrorCode::BadRequest)),
    };
    if action != ListingAction::Approve && reason.is_empty() {
        return web::fail(AppError::field("reason", ErrorCode::Required));
    }
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let status = match super::db::product_shop_status(&mut *tx, product_id).await? {
            Some((_, s)) => ListingStatus::from_db(&s).unwrap_or(ListingStatus::Draft),
            None => return Err(AppError::new(ErrorCode::NotFound)),
        };
        let has_change = super::db::pending_revision(&mut *tx, product_id).await?.is_some();
        if status == ListingStatus::Live && has_change && action != ListingAction::Delist {
            let seen = seen.ok_or(AppError::new(ErrorCode::ListingStateInvalid))?;
            let approve = action == ListingAction::Approve;
            listings::decide_change(&mut tx, viewer.user_id, product_id, seen, approve, &reason).await?;
        } else {
            let who = ListingActorId {
                actor: ListingActor::Operator,
                user_id: viewer.user_id,
            };
            listings::transition(&mut tx, who, None, product_id, action, &reason).await?;
        }
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/admin/listings")
}

// ---- inventory ----

/// A page of the caller's shop's SKUs with stock and low-stock threshold
/// (`low`: only those at or below it). Merchants only.
#[server(endpoint = "catalog/inventory")]
pub async fn load_inventory(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] low: Option<bool>,
    #[server(default)] page: Option<i64>,
) -> Result<super::model::InventoryPage, AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_merchant, require_user, use_state, web};
    let viewer = require_user()?;
    let Some(shop_id) = shop_id.or_else(|| viewer.shop_ids.first().copied()) else {
        return web::fail(AppError::new(ErrorCode::Forbidden));
    };
    require_merchant(shop_id)?;
    let state = use_state()?;
    let low_only = low.unwrap_or(false);
    let page = page.unwrap_or(1).clamp(1, 10_000);
    let result = async {
        let mut conn = state.db.read().await?;
        let (lines, has_more) = super::listings::inventory(&mut conn, shop_id, low_only, page, 50).await?;
        let shop_name = crate::merchants::service::shop_names(&mut conn, &[shop_id])
            .await?
            .remove(&shop_id)
            .unwrap_or_default();
        Ok(super::model::InventoryPage {
            shop_id,
            shop_name,
            low_only,
            lines,
            page,
            has_more,
        })
    };
    web::answer(result.await)
}

/// Sets one SKU's stock and low-stock threshold. Members of its shop only.
#[server(endpoint = "catalog/save_inventory")]
pub async fn save_inventory(
    sku_id: i64,
    #[server(default)] stock: String,
    #[server(default)] threshold: String,
) -> Result<(), AppError> {
    use super::listings;
    use crate::error::{ErrorCode, FieldErrors};
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        match listings::shop_of_sku(&mut *state.db.read().await?, sku_id).await? {
            Some(shop) if viewer.shop_ids.contains(&shop) => {}
            _ if viewer.shop_ids.is_empty() => return Err(AppError::new(ErrorCode::Forbidden)),
            _ => return Err(AppError::new(ErrorCode::NotFound)),
        }
        let mut errors = FieldErrors::default();
        let stock = errors.check(&format!("stock-{sku_id}"), listings::parse_stock(&stock));
        let threshold = errors.check(&format!("threshold-{sku_id}"), listings::parse_stock(&threshold));
        let (Some(stock), Some(threshold)) = (stock, threshold) else {
            return Err(errors
                .into_error()
                .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest)));
        };
        let mut tx = state.db.begin_write().await?;
        listings::set_inventory(&mut tx, sku_id, stock, threshold).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/seller/inventory")
}
