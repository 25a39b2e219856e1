//! Catalog use cases.

use super::db;
use super::model::{
    rating_x10, CategoryNode, FacetValue, ImageRef, ListingItem, ListingPage, ListingQuery, OptionDim, ProductDetail,
    ShopPage, SkuView, SortOrder, PAGE_SIZE,
};
use super::runtime::CatalogRuntime;
use super::search::EngineQuery;
use crate::error::{AppError, ErrorCode};
use crate::server::db::internal;
use crate::server::{now_ms, Db};

/// Builds the two-level tree from flat rows (parents first by position).
pub fn category_tree(rows: Vec<db::CategoryRow>) -> Vec<CategoryNode> {
    let mut roots: Vec<CategoryNode> = Vec::new();
    let mut children: Vec<(i64, CategoryNode)> = Vec::new();
    for row in rows {
        let node = CategoryNode {
            category_id: row.category_id,
            slug: row.slug,
            name_en: row.name_en,
            name_zh: row.name_zh,
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

pub async fn count_products(db: &Db) -> Result<(i64, i64), AppError> {
    let all = db::count_products(db.pool()).await.map_err(internal)?;
    let live = db::count_live_products(db.pool()).await.map_err(internal)?;
    Ok((all, live))
}

/// Takes stock for a purchase: reads, checks, then writes with a guard, in
/// one write transaction. Concurrent buyers can never oversell.
#[tracing::instrument(skip(db))]
pub async fn take_stock(db: &Db, sku_id: i64, quantity: i64) -> Result<i64, AppError> {
    if quantity <= 0 {
        return Err(AppError::new(ErrorCode::BadRequest));
    }
    let mut tx = db.begin_write().await.map_err(internal)?;
    let stock = db::sku_stock(&mut *tx, sku_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if stock < quantity {
        return Err(AppError::new(ErrorCode::SoldOut));
    }
    if db::take_stock(&mut *tx, sku_id, quantity, now_ms())
        .await
        .map_err(internal)?
        == 0
    {
        return Err(AppError::new(ErrorCode::SoldOut));
    }
    tx.commit().await.map_err(internal)?;
    Ok(stock - quantity)
}

/// Current stock of a SKU.
pub async fn stock_of(db: &Db, sku_id: i64) -> Result<Option<i64>, AppError> {
    db::sku_stock(db.pool(), sku_id).await.map_err(internal)
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
    let mut engine_query = EngineQuery {
        text: query.q.clone(),
        category_ids,
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
    let pages = (result.total as u32).div_ceil(PAGE_SIZE).max(1);
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
                label_en: c.name_en.clone(),
                label_zh: c.name_zh.clone(),
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
            label_en: name.clone(),
            label_zh: name.clone(),
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

/// The product page's data; products that are not live are not found.
#[tracing::instrument(skip(db, runtime))]
pub async fn product_detail(db: &Db, runtime: &CatalogRuntime, product_id: i64) -> Result<ProductDetail, AppError> {
    let not_found = || AppError::new(ErrorCode::NotFound);
    let row = db::product(db.pool(), product_id)
        .await
        .map_err(internal)?
        .ok_or_else(not_found)?;
    if row.status != "live" {
        return Err(not_found());
    }
    let shop = crate::merchants::service::shop_by_id(db, row.shop_id)
        .await?
        .ok_or_else(not_found)?;
    let skus: Vec<SkuView> = db::skus_of(db.pool(), product_id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|s| SkuView {
            sku_id: s.sku_id,
            option1: s.option1,
            option2: s.option2,
            price_minor: s.price_minor,
            stock: s.stock,
        })
        .collect();
    let images = db::images_of(db.pool(), product_id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|i| ImageRef {
            url: crate::media::url_for(&i.media_key),
            width: i.width,
            height: i.height,
            alt: i.alt,
        })
        .collect();
    let mut options = Vec::new();
    for (name, pick) in [(&row.option1_name, 0), (&row.option2_name, 1)] {
        if let Some(name) = name {
            let mut values: Vec<String> = Vec::new();
            for s in &skus {
                let v = if pick == 0 { &s.option1 } else { &s.option2 };
                if let Some(v) = v {
                    if !values.contains(v) {
                        values.push(v.clone());
                    }
                }
            }
            options.push(OptionDim {
                name: name.clone(),
                values,
            });
        }
    }
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
        default_sku_id,
    })
}

/// A shop and one page of its products.
pub async fn shop_page(
    db: &Db,
    runtime: &CatalogRuntime,
    slug: &str,
    mut query: ListingQuery,
) -> Result<ShopPage, AppError> {
    let shop = crate::merchants::service::shop_by_slug(db, slug)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if query.sort == SortOrder::Relevance && query.q.is_empty() {
        query.sort = SortOrder::BestSelling;
    }
    let listing = listing(runtime, query, Some(shop.shop_id))?;
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
    conn: &mut sqlx::AnyConnection,
    shop_ids: &[i64],
) -> Result<std::collections::HashMap<i64, i64>, AppError> {
    Ok(db::product_counts_by_shop(conn, shop_ids)
        .await
        .map_err(internal)?
        .into_iter()
        .collect())
}

/// One shop's stock-keeping at a glance: products by listing status and
/// SKUs out of stock.
pub async fn shop_stock_summary(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
) -> Result<crate::merchants::model::ShopStockSummary, AppError> {
    let by_status = db::shop_product_status_counts(&mut *conn, shop_id)
        .await
        .map_err(internal)?;
    let skus_out_of_stock = db::shop_skus_out_of_stock(conn, shop_id).await.map_err(internal)?;
    Ok(crate::merchants::model::ShopStockSummary {
        by_status,
        skus_out_of_stock,
    })
}

/// The most products the seller portal lists at once (paging comes with the
/// listing editor).
pub const SELLER_PRODUCTS_LIMIT: i64 = 500;

/// One shop's products for its merchants, any status.
pub async fn seller_products(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
) -> Result<Vec<crate::merchants::model::SellerProduct>, AppError> {
    let rows = db::seller_products(conn, shop_id, SELLER_PRODUCTS_LIMIT)
        .await
        .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|r| crate::merchants::model::SellerProduct {
            product_id: r.product_id,
            title: r.title,
            status: r.status,
            price_min_minor: r.price_min_minor,
            price_max_minor: r.price_max_minor,
            total_stock: r.total_stock,
        })
        .collect())
}
