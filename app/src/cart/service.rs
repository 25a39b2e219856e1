//! Cart use cases. A cart belongs to an account or to a guest token; every
//! query is scoped by that owner, so nobody ever reaches another's cart.
//! Writes take the caller's transaction (checkout empties the cart in the
//! same one that takes stock); reads take a connection. What the cart shows
//! of a SKU or a shop comes from those domains' services, in batches.

use super::db;
use super::domain::{capped, Quantity, MAX_LINES};
use super::model::{CartLineView, CartShopGroup, CartView};
use crate::catalog::service as catalog;
use crate::error::{AppError, ErrorCode};
use crate::server::{now_ms, Conn, Tx};
use std::collections::HashMap;

/// Whose cart.
#[derive(Clone)]
pub enum CartOwner {
    User(i64),
    /// The raw token from the guest's cookie.
    Guest(String),
}

impl std::fmt::Debug for CartOwner {
    // The guest token is a bearer secret: it never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CartOwner::User(id) => write!(f, "User({id})"),
            CartOwner::Guest(_) => f.write_str("Guest"),
        }
    }
}

fn guest_hash(token: &str) -> String {
    crate::accounts::service::token_hash(token)
}

async fn find_cart(conn: &mut Conn, owner: &CartOwner) -> Result<Option<i64>, AppError> {
    Ok(match owner {
        CartOwner::User(id) => db::cart_of_user(conn, *id).await?,
        CartOwner::Guest(token) => db::cart_of_guest(conn, &guest_hash(token)).await?,
    })
}

async fn cart_for_writing(tx: &mut Tx, owner: &CartOwner) -> Result<i64, AppError> {
    let now = now_ms();
    let id = match owner {
        CartOwner::User(user_id) => {
            db::ensure_cart(&mut **tx, Some(*user_id), None, now).await?;
            db::cart_of_user(&mut **tx, *user_id).await?
        }
        CartOwner::Guest(token) => {
            let hash = guest_hash(token);
            db::ensure_cart(&mut **tx, None, Some(&hash), now).await?;
            db::cart_of_guest(&mut **tx, &hash).await?
        }
    };
    let id = id.ok_or_else(|| crate::server::db::internal("cart missing after insert"))?;
    db::touch_cart(&mut **tx, id, now).await?;
    Ok(id)
}

/// Items in the owner's cart.
pub async fn count(conn: &mut Conn, owner: &CartOwner) -> Result<i64, AppError> {
    match find_cart(conn, owner).await? {
        Some(cart) => Ok(db::item_count(conn, cart).await?),
        None => Ok(0),
    }
}

/// Adds `quantity` of a SKU; the line is capped by stock. Returns the new
/// item count.
#[tracing::instrument(skip(tx))]
pub async fn add(tx: &mut Tx, owner: &CartOwner, sku_id: i64, quantity: Quantity) -> Result<i64, AppError> {
    let sku = catalog::lines_for(tx, &[sku_id])
        .await?
        .remove(&sku_id)
        .filter(|s| s.live)
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    // A suspended shop's products cannot be bought.
    if crate::merchants::service::shop_by_id(tx, sku.shop_id).await?.is_none() {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    if sku.stock <= 0 {
        return Err(AppError::field("quantity", ErrorCode::SoldOut));
    }
    let cart = cart_for_writing(tx, owner).await?;
    let existing = db::line_quantity(&mut **tx, cart, sku_id).await?;
    if existing.is_none() && db::line_count(&mut **tx, cart).await? >= MAX_LINES {
        return Err(AppError::field("quantity", ErrorCode::CartFull));
    }
    let next = capped(existing.unwrap_or(0) + quantity.get(), sku.stock);
    db::put_line(&mut **tx, cart, sku_id, next, sku.price_minor, now_ms()).await?;
    Ok(db::item_count(&mut **tx, cart).await?)
}

/// Sets a line's quantity (capped by stock). Removing is its own action;
/// a sold-out line cannot be changed, only removed (it says so).
#[tracing::instrument(skip(tx))]
pub async fn set_quantity(tx: &mut Tx, owner: &CartOwner, sku_id: i64, quantity: Quantity) -> Result<i64, AppError> {
    let Some(cart) = find_cart(tx, owner).await? else {
        return Err(AppError::new(ErrorCode::NotFound));
    };
    let stock = catalog::stocks(tx, &[sku_id]).await?.get(&sku_id).copied().unwrap_or(0);
    if stock <= 0 {
        if db::line_quantity(&mut **tx, cart, sku_id).await?.is_none() {
            return Err(AppError::new(ErrorCode::NotFound));
        }
        return Err(AppError::field("quantity", ErrorCode::SoldOut));
    }
    let now = now_ms();
    if db::set_line_quantity(&mut **tx, cart, sku_id, capped(quantity.get(), stock), now).await? == 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    db::touch_cart(&mut **tx, cart, now).await?;
    Ok(db::item_count(&mut **tx, cart).await?)
}

/// Housekeeping: guest carts nobody touched since `before`.
pub async fn forget_idle_guest_carts(tx: &mut Tx, before: i64) -> Result<u64, AppError> {
    Ok(db::delete_idle_guest_carts(&mut **tx, before).await?)
}

/// Removes a line from the owner's cart; returns the new item count.
#[tracing::instrument(skip(tx))]
pub async fn remove(tx: &mut Tx, owner: &CartOwner, sku_id: i64) -> Result<i64, AppError> {
    let Some(cart) = find_cart(tx, owner).await? else {
        return Ok(0);
    };
    db::delete_line(&mut **tx, cart, sku_id).await?;
    Ok(db::item_count(&mut **tx, cart).await?)
}

/// The cart grouped by shop, with each line's situation today. A fixed
/// number of statements whatever the number of lines: the cart, its lines,
/// then the SKUs and the shops in one batch each.
#[tracing::instrument(skip(conn))]
pub async fn view(conn: &mut Conn, owner: &CartOwner) -> Result<CartView, AppError> {
    Ok(view_with_skus(conn, owner).await?.0)
}

/// The cart's view and the catalog's record of each SKU in it (checkout
/// copies codes and pictures from those into the order).
pub async fn view_with_skus(
    conn: &mut Conn,
    owner: &CartOwner,
) -> Result<(CartView, HashMap<i64, catalog::SkuLine>), AppError> {
    let empty = CartView {
        groups: Vec::new(),
        total_minor: 0,
        count: 0,
    };
    let Some(cart) = find_cart(conn, owner).await? else {
        return Ok((empty, HashMap::new()));
    };
    let rows = db::lines(&mut *conn, cart).await?;
    if rows.is_empty() {
        return Ok((empty, HashMap::new()));
    }
    let sku_ids: Vec<i64> = rows.iter().map(|r| r.sku_id).collect();
    let skus = catalog::lines_for(conn, &sku_ids).await?;
    let mut shop_ids: Vec<i64> = skus.values().map(|s| s.shop_id).collect();
    shop_ids.sort_unstable();
    shop_ids.dedup();
    let shops: HashMap<i64, _> = crate::merchants::service::shops_by_ids(conn, &shop_ids)
        .await?
        .into_iter()
        .map(|s| (s.shop_id, s))
        .collect();

    let mut groups: Vec<CartShopGroup> = Vec::new();
    let mut count = 0;
    for row in rows {
        let Some(sku) = skus.get(&row.sku_id) else { continue };
        let Some(shop) = shops.get(&sku.shop_id) else { continue };
        count += row.quantity;
        let line = CartLineView {
            sku_id: sku.sku_id,
            product_id: sku.product_id,
            title: sku.title.clone(),
            options: sku.options.clone(),
            image_url: sku.image_url.clone(),
            unit_price_minor: sku.price_minor,
            added_price_minor: row.added_price_minor,
            quantity: row.quantity,
            stock: sku.stock,
            available: sku.live,
        };
        match groups.iter_mut().find(|g| g.shop.shop_id == sku.shop_id) {
            Some(group) => group.lines.push(line),
            None => groups.push(CartShopGroup {
                shop: shop.clone(),
                lines: vec![line],
                subtotal_minor: 0,
            }),
        }
    }
    for g in &mut groups {
        g.subtotal_minor = g.lines.iter().map(CartLineView::line_total_minor).sum();
    }
    let total_minor = groups.iter().map(|g| g.subtotal_minor).sum();
    Ok((
        CartView {
            groups,
            total_minor,
            count,
        },
        skus,
    ))
}

/// Takes bought lines out of the owner's cart (checkout, in its
/// transaction), each only if it still holds the quantity it was bought
/// from; the rest stay for later. Returns how many lines went: fewer than
/// asked means another placing (or a change) got there first.
pub async fn remove_bought(tx: &mut Tx, owner: &CartOwner, lines: &[(i64, i64)]) -> Result<u64, AppError> {
    let Some(cart) = find_cart(tx, owner).await? else {
        return Ok(0);
    };
    Ok(db::delete_exact_lines(&mut **tx, cart, lines).await?)
}

/// The shopper takes a line at today's price (the cart and checkout said it
/// changed): the line is bought at that price from now on.
#[tracing::instrument(skip(tx))]
pub async fn accept_price(tx: &mut Tx, owner: &CartOwner, sku_id: i64) -> Result<(), AppError> {
    let Some(cart) = find_cart(tx, owner).await? else {
        return Err(AppError::new(ErrorCode::NotFound));
    };
    let price = catalog::lines_for(tx, &[sku_id])
        .await?
        .remove(&sku_id)
        .map(|s| s.price_minor)
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if db::set_added_price(&mut **tx, cart, sku_id, price, now_ms()).await? == 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    Ok(())
}

/// Moves a guest's cart into the account's at log-in: quantities add up,
/// capped by stock; the guest cart is then gone.
#[tracing::instrument(skip_all)]
pub async fn merge_guest_into_user(tx: &mut Tx, guest_token: &str, user_id: i64) -> Result<(), AppError> {
    let Some(guest_cart) = db::cart_of_guest(&mut **tx, &guest_hash(guest_token)).await? else {
        return Ok(());
    };
    let user_cart = cart_for_writing(tx, &CartOwner::User(user_id)).await?;
    let guest_lines = db::lines(&mut **tx, guest_cart).await?;
    let sku_ids: Vec<i64> = guest_lines.iter().map(|l| l.sku_id).collect();
    let stock = catalog::stocks(tx, &sku_ids).await?;
    let now = now_ms();
    let mut lines = db::line_count(&mut **tx, user_cart).await?;
    for line in guest_lines {
        let existing = db::line_quantity(&mut **tx, user_cart, line.sku_id).await?;
        // A full cart takes more of what it holds, but no new lines.
        if existing.is_none() && lines >= MAX_LINES {
            continue;
        }
        let next = capped(
            existing.unwrap_or(0) + line.quantity,
            stock.get(&line.sku_id).copied().unwrap_or(0),
        );
        if next > 0 {
            db::put_line(&mut **tx, user_cart, line.sku_id, next, line.added_price_minor, now).await?;
            lines += i64::from(existing.is_none());
        }
    }
    db::delete_cart(&mut **tx, guest_cart).await?;
    Ok(())
}
