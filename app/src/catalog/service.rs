//! Catalog use cases.

use super::db;
use super::model::{rating_x10, CategoryNode, HomeData, ImageRef, ProductCard};
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

fn card(row: db::ProductCardRow) -> ProductCard {
    let image = match (row.media_key, row.width, row.height) {
        (Some(key), Some(width), Some(height)) => Some(ImageRef {
            url: crate::media::url_for(&key),
            width,
            height,
            alt: row.alt.unwrap_or_default(),
        }),
        _ => None,
    };
    ProductCard {
        product_id: row.product_id,
        title: row.title,
        price_min_minor: row.price_min_minor,
        price_max_minor: row.price_max_minor,
        sales_count: row.sales_count,
        rating_count: row.rating_count,
        rating_x10: rating_x10(row.rating_sum, row.rating_count),
        image,
    }
}

/// The home page: the category tree, best sellers and newest products.
#[tracing::instrument(skip_all)]
pub async fn home(db: &Db) -> Result<HomeData, AppError> {
    let categories = category_tree(db::all_categories(db.pool()).await.map_err(internal)?);
    let featured = db::best_selling_cards(db.pool(), 12)
        .await
        .map_err(internal)?
        .into_iter()
        .map(card)
        .collect();
    let new_arrivals = db::newest_cards(db.pool(), 12)
        .await
        .map_err(internal)?
        .into_iter()
        .map(card)
        .collect();
    Ok(HomeData {
        categories,
        featured,
        new_arrivals,
    })
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
