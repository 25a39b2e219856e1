//! Server functions of orders: the shopper's (their own orders only), the
//! shop's (members of the order's shop only) and the operator's.

use super::model::{OrderDetail, OrderList, OrderStatus};
use crate::error::AppError;
use crate::merchants::model::ShopBrief;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A status filter from the URL (`?status=paid`); anything else is "all".
pub fn status_filter(raw: Option<&str>) -> Option<OrderStatus> {
    raw.and_then(OrderStatus::from_db)
}

/// My orders, newest first, optionally in one status.
#[server(endpoint = "orders/mine")]
pub async fn load_my_orders(
    #[server(default)] status: Option<String>,
    #[server(default)] page: Option<i64>,
) -> Result<OrderList, AppError> {
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::shopper_orders(
            &mut conn,
            viewer.user_id,
            status_filter(status.as_deref()),
            page.unwrap_or(1),
        )
        .await
    };
    web::answer(result.await)
}

/// One of my orders, with its timeline.
#[server(endpoint = "orders/detail")]
pub async fn load_order(order_id: i64) -> Result<OrderDetail, AppError> {
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::order_detail(&mut conn, viewer.user_id, Some(&[]), order_id).await
    };
    web::answer(result.await)
}

/// Cancel order (before it ships).
#[server(endpoint = "orders/cancel")]
pub async fn cancel_order(order_id: i64) -> Result<(), AppError> {
    use super::domain::OrderAction;
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::by_shopper(&mut tx, &state.config, viewer.user_id, order_id, OrderAction::Cancel).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, &format!("/orders/{order_id}"))
}

/// Confirm receipt (once it has shipped).
#[server(endpoint = "orders/confirm_receipt")]
pub async fn confirm_receipt(order_id: i64) -> Result<(), AppError> {
    use super::domain::OrderAction;
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::by_shopper(
            &mut tx,
            &state.config,
            viewer.user_id,
            order_id,
            OrderAction::ConfirmReceipt,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, &format!("/orders/{order_id}"))
}

/// The seller portal's Orders page: one of the caller's shops and a page
/// of its orders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopOrders {
    pub shops: Vec<ShopBrief>,
    pub shop: ShopBrief,
    pub list: OrderList,
}

/// A page of one of the caller's shops' orders (`shop_id`, or their first).
#[server(endpoint = "orders/shop")]
pub async fn load_shop_orders(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] status: Option<String>,
    #[server(default)] page: Option<i64>,
) -> Result<ShopOrders, AppError> {
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
        let shops = crate::merchants::service::member_shops(&mut conn, &viewer.shop_ids).await?;
        let shop = shops
            .iter()
            .find(|s| s.shop_id == shop_id)
            .cloned()
            .ok_or(AppError::new(ErrorCode::NotFound))?;
        let list = super::service::shop_orders(&mut conn, shop_id, status_filter(status.as_deref()), page.unwrap_or(1))
            .await?;
        Ok(ShopOrders { shops, shop, list })
    };
    web::answer(result.await)
}

/// Ship: the shop hands a paid order to a carrier.
#[server(endpoint = "orders/ship")]
pub async fn ship_order(
    order_id: i64,
    #[server(default)] carrier: String,
    #[server(default)] tracking_number: String,
) -> Result<(), AppError> {
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let shipped = super::service::ship(
            &mut tx,
            &state.config,
            viewer.user_id,
            &viewer.shop_ids,
            order_id,
            &carrier,
            &tracking_number,
        )
        .await;
        // A failure names its order, so the page shows it beside that one.
        let shipped = shipped.map_err(|e| e.echoing("order_id", order_id))?;
        tx.commit().await?;
        Ok(shipped)
    };
    web::finish(result.await.map(|_| ()), "/seller/orders")
}

/// The console's orders, optionally in one status. Operators only.
#[server(endpoint = "orders/console")]
pub async fn load_console_orders(
    #[server(default)] status: Option<String>,
    #[server(default)] page: Option<i64>,
) -> Result<OrderList, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::all_orders(&mut conn, status_filter(status.as_deref()), page.unwrap_or(1)).await
    };
    web::answer(result.await)
}

/// An operator marks a shipped order delivered.
#[server(endpoint = "orders/mark_delivered")]
pub async fn mark_delivered(order_id: i64) -> Result<(), AppError> {
    use crate::server::{require_operator, use_state, web};
    let viewer = require_operator()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::mark_delivered(&mut tx, &state.config, viewer.user_id, order_id).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/admin/orders?status=shipped")
}
