//! Cart use cases. A cart belongs to an account or to a guest token; every
//! query is scoped by that owner, so nobody ever reaches another's cart.

use super::db;
use super::domain::{capped, parse_quantity};
use super::model::{CartLineView, CartShopGroup, CartView};
use crate::catalog::db as catalog_db;
use crate::error::{AppError, ErrorCode};
use crate::server::db::internal;
use crate::server::{now_ms, Db};

/// Whose cart.
#[derive(Clone, Debug)]
pub enum CartOwner {
    User(i64),
    /// The raw token from the guest's cookie.
    Guest(String),
}

fn guest_hash(token: &str) -> String {
    crate::accounts::service::token_hash(token)
}

async fn find_cart(db: &Db, owner: &CartOwner) -> Result<Option<i64>, AppError> {
    match owner {
        CartOwner::User(id) => db::cart_of_user(db.pool(), *id).await,
        CartOwner::Guest(token) => db::cart_of_guest(db.pool(), &guest_hash(token)).await,
    }
    .map_err(internal)
}

async fn cart_for_writing(tx: &mut crate::server::Tx, owner: &CartOwner) -> Result<i64, AppError> {
    let now = now_ms();
    let id = match owner {
        CartOwner::User(user_id) => {
            db::ensure_cart(&mut **tx, Some(*user_id), None, now)
                .await
                .map_err(internal)?;
            db::cart_of_user(&mut **tx, *user_id).await
        }
        CartOwner::Guest(token) => {
            let hash = guest_hash(token);
            db::ensure_cart(&mut **tx, None, Some(&hash), now)
                .await
                .map_err(internal)?;
            db::cart_of_guest(&mut **tx, &hash).await
        }
    };
    id.map_err(internal)?
        .ok_or_else(|| internal("cart missing after insert"))
}

/// Items in the owner's cart.
pub async fn count(db: &Db, owner: &CartOwner) -> Result<i64, AppError> {
    match find_cart(db, owner).await? {
        Some(cart) => db::item_count(db.pool(), cart).await.map_err(internal),
        None => Ok(0),
    }
}

/// The SKU for a product's chosen options (or the only SKU).
async fn resolve_sku(
    tx: &mut crate::server::Tx,
    product_id: i64,
    option1: Option<&str>,
    option2: Option<&str>,
) -> Result<catalog_db::SkuRow, AppError> {
    let skus = catalog_db::skus_of(&mut **tx, product_id).await.map_err(internal)?;
    if skus.is_empty() {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let wanted = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let (o1, o2) = (wanted(option1), wanted(option2));
    skus.into_iter()
        .find(|s| s.option1 == o1 && s.option2 == o2)
        .ok_or_else(|| AppError::field("options", ErrorCode::VariantMissing))
}

/// Adds `quantity` of the chosen variant; the line is capped by stock.
/// Returns the new item count.
#[tracing::instrument(skip(db))]
pub async fn add(
    db: &Db,
    owner: &CartOwner,
    product_id: i64,
    option1: Option<&str>,
    option2: Option<&str>,
    quantity: &str,
) -> Result<i64, AppError> {
    let quantity = parse_quantity(quantity).map_err(|c| AppError::field("quantity", c))?;
    let mut tx = db.begin_write().await.map_err(internal)?;
    let sku = resolve_sku(&mut tx, product_id, option1, option2).await?;
    let line = catalog_db::sku_line(&mut *tx, sku.sku_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if line.status != "live" {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    if sku.stock <= 0 {
        return Err(AppError::field("quantity", ErrorCode::SoldOut));
    }
    let cart = cart_for_writing(&mut tx, owner).await?;
    let existing = db::line_quantity(&mut *tx, cart, sku.sku_id)
        .await
        .map_err(internal)?
        .unwrap_or(0);
    let next = capped(existing + quantity, sku.stock);
    db::put_line(&mut *tx, cart, sku.sku_id, next, sku.price_minor, now_ms())
        .await
        .map_err(internal)?;
    let count = db::item_count(&mut *tx, cart).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(count)
}

/// Sets a line's quantity (capped by stock). 0, negatives and absurd
/// numbers are refused: removing is its own action.
#[tracing::instrument(skip(db))]
pub async fn set_quantity(db: &Db, owner: &CartOwner, sku_id: i64, quantity: &str) -> Result<i64, AppError> {
    let quantity = parse_quantity(quantity).map_err(|c| AppError::field("quantity", c))?;
    let Some(cart) = find_cart(db, owner).await? else {
        return Err(AppError::new(ErrorCode::NotFound));
    };
    let mut tx = db.begin_write().await.map_err(internal)?;
    let stock = catalog_db::sku_stock(&mut *tx, sku_id)
        .await
        .map_err(internal)?
        .unwrap_or(0);
    let next = capped(quantity, stock).max(1);
    if db::set_line_quantity(&mut *tx, cart, sku_id, next, now_ms())
        .await
        .map_err(internal)?
        == 0
    {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let count = db::item_count(&mut *tx, cart).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(count)
}

/// Removes a line from the owner's cart.
pub async fn remove(db: &Db, owner: &CartOwner, sku_id: i64) -> Result<i64, AppError> {
    let Some(cart) = find_cart(db, owner).await? else {
        return Ok(0);
    };
    let mut tx = db.begin_write().await.map_err(internal)?;
    db::delete_line(&mut *tx, cart, sku_id).await.map_err(internal)?;
    let count = db::item_count(&mut *tx, cart).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(count)
}

/// The cart grouped by shop, with each line's situation today.
#[tracing::instrument(skip(db))]
pub async fn view(db: &Db, owner: &CartOwner) -> Result<CartView, AppError> {
    let Some(cart) = find_cart(db, owner).await? else {
        return Ok(CartView {
            groups: Vec::new(),
            total_minor: 0,
            count: 0,
        });
    };
    let rows = db::lines(db.pool(), cart).await.map_err(internal)?;
    let mut groups: Vec<CartShopGroup> = Vec::new();
    let mut count = 0;
    for row in rows {
        let Some(sku) = catalog_db::sku_line(db.pool(), row.sku_id).await.map_err(internal)? else {
            continue;
        };
        count += row.quantity;
        let mut options = Vec::new();
        if let (Some(n), Some(v)) = (&sku.option1_name, &sku.option1) {
            options.push((n.clone(), v.clone()));
        }
        if let (Some(n), Some(v)) = (&sku.option2_name, &sku.option2) {
            options.push((n.clone(), v.clone()));
        }
        let line = CartLineView {
            sku_id: sku.sku_id,
            product_id: sku.product_id,
            title: sku.title,
            options,
            image_url: sku.media_key.as_deref().map(crate::media::url_for),
            unit_price_minor: sku.price_minor,
            added_price_minor: row.added_price_minor,
            quantity: row.quantity,
            stock: sku.stock,
            available: sku.status == "live",
        };
        match groups.iter_mut().find(|g| g.shop.shop_id == sku.shop_id) {
            Some(group) => group.lines.push(line),
            None => {
                let Some(shop) = crate::merchants::service::shop_by_id(db, sku.shop_id).await? else {
                    continue;
                };
                groups.push(CartShopGroup {
                    shop,
                    lines: vec![line],
                    subtotal_minor: 0,
                });
            }
        }
    }
    for g in &mut groups {
        g.subtotal_minor = g
            .lines
            .iter()
            .filter(|l| l.buyable())
            .map(CartLineView::line_total_minor)
            .sum();
    }
    let total_minor = groups.iter().map(|g| g.subtotal_minor).sum();
    Ok(CartView {
        groups,
        total_minor,
        count,
    })
}

/// Moves a guest's cart into the account's at log-in: quantities add up,
/// capped by stock; the guest cart is then gone.
#[tracing::instrument(skip_all)]
pub async fn merge_guest_into_user(db: &Db, guest_token: &str, user_id: i64) -> Result<(), AppError> {
    let Some(guest_cart) = db::cart_of_guest(db.pool(), &guest_hash(guest_token))
        .await
        .map_err(internal)?
    else {
        return Ok(());
    };
    let mut tx = db.begin_write().await.map_err(internal)?;
    let user_cart = cart_for_writing(&mut tx, &CartOwner::User(user_id)).await?;
    let now = now_ms();
    for line in db::lines(&mut *tx, guest_cart).await.map_err(internal)? {
        let stock = catalog_db::sku_stock(&mut *tx, line.sku_id)
            .await
            .map_err(internal)?
            .unwrap_or(0);
        let existing = db::line_quantity(&mut *tx, user_cart, line.sku_id)
            .await
            .map_err(internal)?
            .unwrap_or(0);
        let next = capped(existing + line.quantity, stock);
        if next > 0 {
            db::put_line(&mut *tx, user_cart, line.sku_id, next, line.added_price_minor, now)
                .await
                .map_err(internal)?;
        }
    }
    db::delete_cart(&mut *tx, guest_cart).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(())
}
