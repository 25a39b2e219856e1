//! Seller-portal server functions: reads of the caller's own shops, each
//! scoped by the shops the caller is a member of.

use super::model::{SellerShop, ShopProducts};
use crate::error::AppError;
use leptos::prelude::*;

/// The caller's shops with their stock-keeping summaries. Merchants only.
#[server(endpoint = "merchants/seller_shops")]
pub async fn seller_shops() -> Result<Vec<SellerShop>, AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    if viewer.shop_ids.is_empty() {
        return web::fail(AppError::new(ErrorCode::Forbidden));
    }
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::seller_shops(&mut conn, viewer.user_id).await
    };
    web::answer(result.await)
}

/// One of the caller's shops (`shop_id`, or their first) with its products.
/// Only a member of that shop may read it.
#[server(endpoint = "merchants/seller_products")]
pub async fn seller_products(shop_id: Option<i64>) -> Result<ShopProducts, AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_merchant, require_user, use_state, web};
    let viewer = require_user()?;
    let Some(shop_id) = shop_id.or_else(|| viewer.shop_ids.first().copied()) else {
        return web::fail(AppError::new(ErrorCode::Forbidden));
    };
    let viewer = require_merchant(shop_id)?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::seller_products(&mut conn, viewer.user_id, shop_id).await
    };
    web::answer(result.await)
}
