//! Catalog use cases. Each takes the caller's transaction (writes) or a
//! connection (reads), so a use case of another domain can combine them and
//! commit once.

use super::db;
use super::model::{
    rating_x10, CategoryNode, FacetValue, ImageRef, ListingItem, ListingPage, ListingQuery, ListingStatus, OptionValue,
    ProductDetail, ProductOption, ShopPage, SkuView, SortOrder, LOW_STOCK_SHOWN, MAX_OPTIONS, PAGE_SIZE,
};
use super::runtime::CatalogRuntime;
use super::search::EngineQuery;
use crate::error::{AppError, ErrorCode};
use crate::i18n::Localized;
use crate::server::{now_ms, Conn, Tx};
use crate::storefront::model::Change;
use crate::storefront::service::record;
use std::collections::HashMap;

/// Most a price may be: ¥100 million, far above any listing, far below overflow.
pub const MAX_PRICE_MINOR: i64 = 10_000_000_000;

/// Builds the two-level tree from flat rows (parents first by position).
pub fn category_tree(rows: Vec<db::CategoryRow>) -> Vec<CategoryNode> {
    let mut roots: Vec<CategoryNode> = Vec::new();
    let mut children: Vec<(i64, CategoryNode)> = Vec::new();
    for row in rows {
        let node = CategoryNode {
            category_id: row.category_id,
            slug: row.slug,
            name: Localized::new(row.name_en, row.name_zh),
            children: Vec::new(),
        };
        match row.parent_id {
            None => roots.push(node),
            Some(parent) => children.push((parent, node)),
        }
    }
    for (parent, child) in children {
        if let Some(root) = roots.iter_mut().find(|r| r.category_id == parent) {
            root.children.push(child);
        }
    }
    roots
}

/// The category tree as stored (empty on a new database).
pub async fn category_tree_of(conn: &mut Conn) -> Result<Vec<CategoryNode>, AppError> {
    Ok(category_tree(db::all_categories(conn).await?))
}

/// Adds a category (under `parent`, at `position` among its siblings).
pub async fn create_category(
    tx: &mut Tx,
    parent: Option<i64>,
    slug: &str,
    name: &Localized,
    position: i64,
) -> Result<i64, AppError> {
    let id = db::insert_category(&mut **tx, parent, slug, &name.en, &name.zh, position, now_ms()).await?;
    record(tx, Change::Category(id)).await?;
    Ok(id)
}

/// Adds a brand.
pub async fn create_brand(tx: &mut Tx, name: &str) -> Result<i64, AppError> {
    Ok(db::insert_brand(&mut **tx, name, now_ms()).await?)
}

/// Product ids per sitemap part (a part is a range of ids, so each is one
/// walk of the primary key and none grows with the catalogue).
pub const SITEMAP_PART: i64 = 5_000;

/// How many product parts the sitemap has.
pub async fn sitemap_parts(conn: &mut Conn) -> Result<i64, AppError> {
    Ok((db::max_product_id(conn).await? + SITEMAP_PART - 1) / SITEMAP_PART)
}

/// One part of the sitemap (from 1): the products shoppers can see, with
/// their last change.
pub async fn sitemap_part(conn: &mut Conn, runtime: &CatalogRuntime, part: i64) -> Result<Vec<(i64, i64)>, AppError> {
    let after = (part - 1).max(0).saturating_mul(SITEMAP_PART);
    let mut products = db::live_products_between(conn, after, after.saturating_add(SITEMAP_PART)).await?;
    // Live, and its shop open: what the index holds.
    products.retain(|(id, _)| runtime.engine.placement(*id).is_some());
    Ok(products)
}

/// (all products, live products), for the operator's overview.
pub async fn count_products(conn: &mut Conn) -> Result<(i64, i64), AppError> {
    let all = db::count_products(&mut *conn).await?;
    let live = db::count_live_products(&mut *conn).await?;
    Ok((all, live))
}

/// Takes stock for a purchase with a guarded update, so concurrent buyers
/// can never oversell; returns the stock left. When what shoppers see
/// changes (sold out, or "Only N left") the storefront log says so, in the
/// same transaction.
#[tracing::instrument(skip(tx))]
///
/// The sale must still stand as the buyer saw it: the SKU at `price_minor`
/// and its product live. `SoldOut` when fewer than `quantity` are left;
/// `NotFound` when the SKU is gone, its listing is no longer live or its
/// price is not `price_minor` any more.
pub async fn take_stock(tx: &mut Tx, sku_id: i64, quantity: i64, price_minor: i64) -> Result<i64, AppError> {
    if quantity <= 0 {
        return Err(AppError::new(ErrorCode::BadRequest));
    }
    let live = ListingStatus::Live.as_db();
    match db::take_stock(&mut **tx, sku_id, quantity, price_minor, live, now_ms()).await? {
        Some((left, product_id, threshold)) => {
            if left <= LOW_STOCK_SHOWN {
                record(tx, Change::Product(product_id)).await?;
            }
            // The shop hears once, when this sale takes it to its threshold.
            if left <= threshold && left + quantity > threshold {
                if let Some((shop_id, title)) = db::product_shop_title(&mut **tx, product_id).await? {
                    crate::merchants::service::notify(
                        tx,
                        shop_id,
                        crate::merchants::model::NotificationKind::LowStock,
                        sku_id,
                        &title,
                        "",
                    )
                    .await?;
                }
            }
            Ok(left)
        }
        None => match db::sku_stock(&mut **tx, sku_id).await? {
            Some(stock) if stock < quantity => Err(AppError::new(ErrorCode::SoldOut)),
            _ => Err(AppError::new(ErrorCode::NotFound)),
        },
    }
}

/// Puts stock back on the shelf (an order called off). The storefront log
/// says so when the product had looked sold out or low.
#[tracing::instrument(skip(tx))]
pub async fn restore_stock(tx: &mut Tx, sku_id: i64, quantity: i64) -> Result<(), AppError> {
    if quantity <= 0 {
        return Ok(());
    }
    // A SKU deleted since the order was placed has no shelf to go back to.
    if let Some((left, product_id)) = db::restore_stock(&mut **tx, sku_id, quantity, now_ms()).await? {
        if left - quantity <= LOW_STOCK_SHOWN {
            record(tx, Change::Product(product_id)).await?;
        }
    }
    Ok(())
}

/// Locks a SKU's row for the rest of the transaction (PostgreSQL; SQLite
/// holds one write lock anyway), without changing it.
pub async fn hold_stock(tx: &mut Tx, sku_id: i64) -> Result<(), AppError> {
    Ok(db::hold_stock(&mut **tx, sku_id).await?)
}

/// Counts paid units into the products' sales (what listings sort by and
/// product pages show).
pub async fn add_sales(tx: &mut Tx, sold: &[(i64, i64)]) -> Result<(), AppError> {
    let now = now_ms();
    for (product_id, units) in sold {
        if *units > 0 && db::add_sales(&mut **tx, *product_id, *units, now).await? > 0 {
            record(tx, Change::Product(*product_id)).await?;
        }
    }
    Ok(())
}

/// Products' titles by id, in one statement.
pub async fn titles(conn: &mut Conn, ids: &[i64]) -> Result<HashMap<i64, String>, AppError> {
    Ok(db::titles(&mut *conn, ids).await?.into_iter().collect())
}

/// Forgets a product's made-up rating (the benchmark catalogue's), so its
/// reviews alone make it.
pub async fn clear_rating(tx: &mut Tx, product_id: i64) -> Result<(), AppError> {
    if db::clear_rating(&mut **tx, product_id).await? > 0 {
        record(tx, Change::Product(product_id)).await?;
    }
    Ok(())
}

/// Moves a product's rating (reviews publish or leave); search and the
/// product page follow through the change log.
pub async fn add_rating(tx: &mut Tx, product_id: i64, count: i64, sum: i64) -> Result<(), AppError> {
    if (count != 0 || sum != 0) && db::add_rating(&mut **tx, product_id, count, sum).await? > 0 {
        record(tx, Change::Product(product_id)).await?;
    }
    Ok(())
}

/// Counts a change of a product's reviews section: its page is stale (the
/// change log) and so is every server's rendered copy of the section (the
/// version, read with the product).
pub async fn reviews_changed(tx: &mut Tx, product_id: i64) -> Result<(), AppError> {
    db::touch_reviews(&mut **tx, product_id).await?;
    record(tx, Change::Reviews(product_id)).await?;
    Ok(())
}

/// Sets a SKU's stock (a merchant's count, a restock).
#[tracing::instrument(skip(tx))]
pub async fn set_stock(tx: &mut Tx, sku_id: i64, stock: i64) -> Result<(), AppError> {
    if !(0..=1_000_000_000).contains(&stock) {
        return Err(AppError::field("stock", ErrorCode::BadRequest));
    }
    let product_id = db::set_stock(&mut **tx, sku_id, stock, now_ms())
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    record(tx, Change::Product(product_id)).await?;
    Ok(())
}

/// Sets a SKU's price and the product's price range.
#[tracing::instrument(skip(tx))]
pub async fn set_sku_price(tx: &mut Tx, sku_id: i64, price_minor: i64) -> Result<(), AppError> {
    if !(0..=MAX_PRICE_MINOR).contains(&price_minor) {
        return Err(AppError::field("price", ErrorCode::BadRequest));
    }
    let now = now_ms();
    let product_id = db::set_price(&mut **tx, sku_id, price_minor, now)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    db::refresh_price_range(&mut **tx, product_id, now).await?;
    record(tx, Change::Product(product_id)).await?;
    Ok(())
}

/// Longest product title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;

/// Gives a product a new title (trimmed, 2–120 characters, no control
/// characters); its pages and the index follow through the change log.
pub async fn retitle_product(tx: &mut Tx, product_id: i64, title: &str) -> Result<(), AppError> {
    let title = title.trim();
    let length = title.chars().count();
    if !(2..=MAX_TITLE_CHARS).contains(&length) || title.chars().any(char::is_control) {
        return Err(AppError::field("title", ErrorCode::BadRequest));
    }
    if db::set_title(&mut **tx, product_id, title, now_ms()).await? == 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    record(tx, Change::Product(product_id)).await?;
    Ok(())
}

/// Current stock of SKUs (missing SKUs are left out).
pub async fn stocks(conn: &mut Conn, sku_ids: &[i64]) -> Result<HashMap<i64, i64>, AppError> {
    if sku_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(db::stocks(conn, sku_ids).await?.into_iter().collect())
}

/// A variant dimension of a new product, with its values in order.
#[derive(Clone, Debug)]
pub struct NewOption {
    pub name: Localized,
    pub values: Vec<Localized>,
}

/// A SKU of a new product: which value of each option it takes (an index
/// into that option's values, in option order).
#[derive(Clone, Debug)]
pub struct NewSku {
    pub code: String,
    pub values: Vec<usize>,
    pub price_minor: i64,
    pub stock: i64,
}

/// A picture of a new product; `shows` names the value it shows as
/// (option index, value index).
#[derive(Clone, Debug)]
pub struct NewImage {
    pub media_key: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
    pub shows: Option<(usize, usize)>,
}

/// Everything a new product is made of.
#[derive(Clone, Debug)]
pub struct NewListing {
    pub shop_id: i64,
    pub category_id: i64,
    pub brand_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub status: ListingStatus,
    pub options: Vec<NewOption>,
    pub skus: Vec<NewSku>,
    pub images: Vec<NewImage>,
    pub sales_count: i64,
    pub rating_count: i64,
    pub rating_sum: i64,
    pub created_at: i64,
}

/// The rules a product's variants obey: at most three options, each with
/// at least one value; every SKU takes one existing value of each option;
/// no two SKUs share a combination; prices and stock are in range.
pub fn check_variants(listing: &NewListing) -> Result<(), ErrorCode> {
    let options = &listing.options;
    if options.len() > MAX_OPTIONS || options.iter().any(|o| o.values.is_empty()) || listing.skus.is_empty() {
        return Err(ErrorCode::BadRequest);
    }
    let mut seen = std::collections::HashSet::new();
    for sku in &listing.skus {
        let fits = sku.values.len() == options.len()
            && sku.values.iter().zip(options).all(|(v, o)| *v < o.values.len())
            && (0..=MAX_PRICE_MINOR).contains(&sku.price_minor)
            && sku.stock >= 0;
        if !fits || !seen.insert(sku.values.clone()) {
            return Err(ErrorCode::BadRequest);
        }
    }
    let image_fits = |i: &NewImage| {
        i.shows
            .is_none_or(|(o, v)| options.get(o).is_some_and(|o| v < o.values.len()))
    };
    if !listing.images.iter().all(image_fits) {
        return Err(ErrorCode::BadRequest);
    }
    Ok(())
}

/// Creates a product with its options, values, SKUs and pictures; a live
/// one appears on the storefront when the transaction commits.
#[tracing::instrument(skip_all, fields(shop_id = listing.shop_id))]
pub async fn create_product(tx: &mut Tx, listing: &NewListing) -> Result<i64, AppError> {
    check_variants(listing)?;
    let now = now_ms();
    let price_min = listing.skus.iter().map(|s| s.price_minor).min().unwrap_or(0);
    let price_max = listing.skus.iter().map(|s| s.price_minor).max().unwrap_or(0);
    let product_id = db::insert_product(
        &mut **tx,
        &db::NewProduct {
            shop_id: listing.shop_id,
            category_id: listing.category_id,
            brand_id: listing.brand_id,
            title: &listing.title,
            description: &listing.description,
            status: listing.status.as_db(),
            price_min_minor: price_min,
            price_max_minor: price_max,
            sales_count: listing.sales_count,
            rating_count: listing.rating_count,
            rating_sum: listing.rating_sum,
            created_at: listing.created_at,
        },
    )
    .await?;
    // (option id, value ids) in the merchant's order.
    let mut ids: Vec<(i64, Vec<i64>)> = Vec::with_capacity(listing.options.len());
    for (position, option) in listing.options.iter().enumerate() {
        let option_id = db::insert_option(
            &mut **tx,
            product_id,
            position as i64,
            &option.name.en,
            &option.name.zh,
            now,
        )
        .await?;
        let mut values = Vec::with_capacity(option.values.len());
        for (vpos, value) in option.values.iter().enumerate() {
            values.push(db::insert_option_value(&mut **tx, option_id, vpos as i64, &value.en, &value.zh, now).await?);
        }
        ids.push((option_id, values));
    }
    for sku in &listing.skus {
        let sku_id = db::insert_sku(&mut **tx, product_id, &sku.code, sku.price_minor, sku.stock, now).await;
        let sku_id = match sku_id {
            Err(e) if crate::server::db::is_unique_violation(&e) => {
                return Err(AppError::field("code", ErrorCode::BadRequest))
            }
            other => other?,
        };
        for (option, value) in sku.values.iter().enumerate() {
            let (option_id, values) = &ids[option];
            db::link_sku_value(&mut **tx, sku_id, *option_id, values[*value], now).await?;
        }
    }
    for (position, image) in listing.images.iter().enumerate() {
        let option_value_id = image.shows.map(|(o, v)| ids[o].1[v]);
        let row = db::NewImageRow {
            product_id,
            position: position as i64,
            media_key: &image.media_key,
            width: image.width,
            height: image.height,
            alt: &image.alt,
            option_value_id,
        };
        db::insert_image(&mut **tx, &row, now).await?;
    }
    if listing.status == ListingStatus::Live {
        record(tx, Change::Product(product_id)).await?;
    }
    Ok(product_id)
}

/// One page of a category, a search or a shop, answered from the in-process
/// index (no database work on this path).
#[tracing::instrument(skip(runtime))]
pub fn listing(runtime: &CatalogRuntime, query: ListingQuery, shop_id: Option<i64>) -> Result<ListingPage, AppError> {
    let categories = runtime.categories();
    let category_ids = match &query.category {
        Some(slug) => Some(categories.ids_under(slug).ok_or(AppError::new(ErrorCode::NotFound))?),
        None => None,
    };
    let breadcrumb = query
        .category
        .as_deref()
        .and_then(|slug| categories.id_of(slug))
        .map(|id| categories.path(id))
        .unwrap_or_default();
    // Browsing (no words), the category facet shows the browsed category's
    // family, which also bounds the work.
    let category_scope = match &query.category {
        Some(slug) if query.q.is_empty() => categories.family(slug),
        _ => None,
    };
    let mut engine_query = EngineQuery {
        text: query.q.clone(),
        category_ids,
        category_scope,
        brand_ids: query.brands.clone(),
        shop_id,
        price_min_minor: query.price_min_fen,
        price_max_minor: query.price_max_fen,
        in_stock: query.in_stock,
        rating_min_x10: query.rating_min.map(|r| r * 10),
        sort: query.sort,
        offset: (query.page.saturating_sub(1) as usize) * PAGE_SIZE as usize,
        limit: PAGE_SIZE as usize,
    };
    let mut result = runtime.engine.search(&engine_query);
    let pages = (result.total.min(u32::MAX as usize) as u32)
        .div_ceil(PAGE_SIZE)
        .clamp(1, super::domain::MAX_PAGE);
    let page = query.page.clamp(1, pages);
    if page != query.page {
        // Past the end: show the last page rather than an empty one.
        engine_query.offset = (page as usize - 1) * PAGE_SIZE as usize;
        result = runtime.engine.search(&engine_query);
    }
    let selected_category = query.category.as_deref().and_then(|slug| categories.id_of(slug));
    let category_facets = result
        .category_counts
        .iter()
        .filter_map(|(id, count)| {
            categories.crumb(*id).map(|c| FacetValue {
                value: c.slug.clone(),
                label: c.name.clone(),
                count: *count,
                selected: selected_category == Some(*id),
            })
        })
        .take(20)
        .collect();
    let brand_facets = result
        .brand_counts
        .iter()
        .take(30)
        .map(|(id, name, count)| FacetValue {
            value: id.to_string(),
            label: Localized::new(name.clone(), name.clone()),
            count: *count,
            selected: query.brands.contains(id),
        })
        .collect();
    let items = result
        .hits
        .into_iter()
        .map(|h| ListingItem {
            card: h.card,
            title_marks: h.title_marks,
        })
        .collect();
    Ok(ListingPage {
        query: ListingQuery { page, ..query },
        items,
        total: result.total as u64,
        page,
        pages,
        categories: category_facets,
        brands: brand_facets,
        breadcrumb,
        did_you_mean: result.did_you_mean,
        approximate: result.approximate,
    })
}

/// The product page's data; products that are not live (or whose shop is
/// not open) are not found.
#[tracing::instrument(skip(conn, runtime))]
pub async fn product_detail(
    conn: &mut Conn,
    runtime: &CatalogRuntime,
    product_id: i64,
) -> Result<ProductDetail, AppError> {
    let not_found = || AppError::new(ErrorCode::NotFound);
    let page = db::product_page(&mut *conn, product_id).await?.ok_or_else(not_found)?;
    let row = page.product;
    if ListingStatus::from_db(&row.status) != Some(ListingStatus::Live) {
        return Err(not_found());
    }
    let shop = runtime.shop(conn, row.shop_id).await?.ok_or_else(not_found)?;
    let options = options_from(from_json(&page.options_json)?);
    let skus = skus_from(from_json(&page.skus_json)?, &options);
    let images = from_json::<Vec<db::ImageRow>>(&page.images_json)?
        .into_iter()
        .map(|i| ImageRef {
            url: crate::media::url_for(&i.media_key),
            srcset: crate::media::srcset_for(&i.media_key, i.width),
            width: i.width,
            height: i.height,
            alt: i.alt,
            option_value_id: i.option_value_id,
        })
        .collect();
    let default_sku_id = skus.iter().find(|s| s.stock > 0).or(skus.first()).map(|s| s.sku_id);
    Ok(ProductDetail {
        product_id,
        title: row.title,
        description: row.description,
        brand: row.brand,
        shop,
        breadcrumb: runtime.categories().path(row.category_id),
        options,
        skus,
        images,
        price_min_minor: row.price_min_minor,
        price_max_minor: row.price_max_minor,
        sales_count: row.sales_count,
        rating_count: row.rating_count,
        rating_x10: rating_x10(row.rating_sum, row.rating_count),
        reviews_version: page.reviews_version,
        default_sku_id,
    })
}

/// A list the database aggregated as JSON.
fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, AppError> {
    serde_json::from_str(json).map_err(crate::server::db::internal)
}

/// Options with their values from (option, value) rows already in order.
fn options_from(rows: Vec<db::OptionValueRow>) -> Vec<ProductOption> {
    let mut options: Vec<ProductOption> = Vec::new();
    for r in rows {
        let value = OptionValue {
            value_id: r.value_id,
            label: Localized::new(r.value_en, r.value_zh),
        };
        match options.last_mut() {
            Some(o) if o.option_id == r.option_id => o.values.push(value),
            _ => options.push(ProductOption {
                option_id: r.option_id,
                name: Localized::new(r.name_en, r.name_zh),
                values: vec![value],
            }),
        }
    }
    options
}

/// SKUs with their value of each option, in option order. A SKU missing a
/// value of some option (data the rules forbid) is left out rather than
/// shown as a combination nobody can pick.
fn skus_from(rows: Vec<db::SkuValueRow>, options: &[ProductOption]) -> Vec<SkuView> {
    let mut skus: Vec<(SkuView, Vec<Option<i64>>)> = Vec::new();
    for r in rows {
        if skus.last().is_none_or(|(s, _)| s.sku_id != r.sku_id) {
            skus.push((
                SkuView {
                    sku_id: r.sku_id,
                    value_ids: Vec::new(),
                    price_minor: r.price_minor,
                    stock: r.stock,
                },
                vec![None; options.len()],
            ));
        }
        if let (Some(option_id), Some(value_id), Some((_, slots))) = (r.option_id, r.value_id, skus.last_mut()) {
            if let Some(slot) = options.iter().position(|o| o.option_id == option_id) {
                slots[slot] = Some(value_id);
            }
        }
    }
    skus.into_iter()
        .filter_map(|(mut sku, slots)| {
            sku.value_ids = slots.into_iter().collect::<Option<Vec<i64>>>()?;
            Some(sku)
        })
        .collect()
}

/// The SKU a shopper chose on a product page: one value per option (in any
/// order). A product without options has exactly one SKU.
pub async fn sku_for_choice(conn: &mut Conn, product_id: i64, choice: &[i64]) -> Result<i64, AppError> {
    let options = options_from(db::options_of(&mut *conn, product_id).await?);
    let skus = skus_from(db::skus_of(&mut *conn, product_id).await?, &options);
    if skus.is_empty() {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let mut wanted: Vec<i64> = choice.to_vec();
    wanted.sort_unstable();
    skus.iter()
        .find(|s| {
            let mut have = s.value_ids.clone();
            have.sort_unstable();
            have == wanted
        })
        .map(|s| s.sku_id)
        .ok_or_else(|| AppError::field("options", ErrorCode::VariantMissing))
}

/// What another domain (the cart, orders) needs to show and sell a SKU.
#[derive(Clone, Debug)]
pub struct SkuLine {
    pub sku_id: i64,
    pub product_id: i64,
    pub shop_id: i64,
    /// Promotions limited to categories read it.
    pub category_id: i64,
    pub title: String,
    /// The product is live (not delisted, not in review).
    pub live: bool,
    /// The merchant's code for the SKU.
    pub code: String,
    pub price_minor: i64,
    pub stock: i64,
    /// The product's first picture, as stored and as a URL.
    pub media_key: Option<String>,
    pub image_url: Option<String>,
    /// (option name, chosen value), options in order.
    pub options: Vec<(Localized, Localized)>,
}

/// Many SKUs with their product's title, status, picture and option values,
/// in two statements whatever their number. Unknown ids are left out.
pub async fn lines_for(conn: &mut Conn, sku_ids: &[i64]) -> Result<HashMap<i64, SkuLine>, AppError> {
    if sku_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut lines: HashMap<i64, SkuLine> = db::sku_lines(&mut *conn, sku_ids)
        .await?
        .into_iter()
        .map(|r| {
            let line = SkuLine {
                sku_id: r.sku_id,
                product_id: r.product_id,
                shop_id: r.shop_id,
                category_id: r.category_id,
                title: r.title,
                live: ListingStatus::from_db(&r.status) == Some(ListingStatus::Live),
                code: r.code,
                price_minor: r.price_minor,
                stock: r.stock,
                image_url: r.media_key.as_deref().map(crate::media::url_for),
                media_key: r.media_key,
                options: Vec::new(),
            };
            (r.sku_id, line)
        })
        .collect();
    for label in db::sku_labels(&mut *conn, sku_ids).await? {
        if let Some(line) = lines.get_mut(&label.sku_id) {
            line.options.push((
                Localized::new(label.name_en, label.name_zh),
                Localized::new(label.value_en, label.value_zh),
            ));
        }
    }
    Ok(lines)
}

/// A shop and one page of its products.
pub async fn shop_page(
    conn: &mut Conn,
    runtime: &std::sync::Arc<CatalogRuntime>,
    slug: &str,
    mut query: ListingQuery,
) -> Result<ShopPage, AppError> {
    // A malformed slug names no shop (and a NUL would upset PostgreSQL).
    let slug = super::domain::clean_slug(slug).ok_or(AppError::new(ErrorCode::NotFound))?;
    let shop = crate::merchants::service::shop_by_slug(conn, &slug)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if query.sort == SortOrder::Relevance && query.q.is_empty() {
        query.sort = SortOrder::BestSelling;
    }
    let shop_id = shop.shop_id;
    let listing = super::runtime::off_workers(runtime, move |runtime| listing(runtime, query, Some(shop_id))).await??;
    Ok(ShopPage { shop, listing })
}

/// Completions for the header's search box.
pub fn suggest(runtime: &CatalogRuntime, typed: &str) -> Vec<String> {
    let typed: String = typed.chars().filter(|c| !c.is_control()).take(50).collect();
    runtime.engine.suggest(&typed, 8)
}

// ---- Seller portal and operator console reads (self-contained, over a
// connection the caller holds).

/// How many products each of `shop_ids` has (any status); shops without
/// products are absent from the map.
pub async fn product_counts_by_shop(
    conn: &mut Conn,
    shop_ids: &[i64],
) -> Result<std::collections::HashMap<i64, i64>, AppError> {
    Ok(db::product_counts_by_shop(conn, shop_ids).await?.into_iter().collect())
}

/// Each shop's stock-keeping at a glance: products by listing status and
/// SKUs out of stock, in two statements whatever the number of shops.
pub async fn shop_stock_summaries(
    conn: &mut Conn,
    shop_ids: &[i64],
) -> Result<HashMap<i64, crate::merchants::model::ShopStockSummary>, AppError> {
    let mut out: HashMap<i64, crate::merchants::model::ShopStockSummary> = HashMap::new();
    if shop_ids.is_empty() {
        return Ok(out);
    }
    for (shop, status, n) in db::shop_product_status_counts(&mut *conn, shop_ids).await? {
        if let Some(status) = ListingStatus::from_db(&status) {
            out.entry(shop).or_default().by_status.push((status, n));
        }
    }
    for (shop, n) in db::shop_skus_out_of_stock(conn, shop_ids).await? {
        out.entry(shop).or_default().skus_out_of_stock = n;
    }
    Ok(out)
}

/// Per product: whether its category allows 7-day no-reason returns (a
/// product not found is taken as allowing them: the law's default).
pub async fn no_reason_returns(conn: &mut Conn, product_ids: &[i64]) -> Result<HashMap<i64, bool>, AppError> {
    Ok(db::no_reason_returns(conn, product_ids)
        .await?
        .into_iter()
        .map(|(product, allowed)| (product, allowed != 0))
        .collect())
}

/// Sets whether a category (and its children) allows no-reason returns.
pub async fn set_no_reason_returns(tx: &mut Tx, slug: &str, allowed: bool) -> Result<u64, AppError> {
    Ok(db::set_no_reason_returns(&mut **tx, slug, allowed, now_ms()).await?)
}
