//! Server functions of after-sales: the shopper's (their own orders and
//! requests only), the shop's (members of the request's shop only) and the
//! operator's. The request itself is posted to `web::submit` (it carries
//! photos).

use super::model::{AfterSaleView, ComplaintView, OrderAfterSales, RequestFormPage, ShopAfterSales};
use crate::error::AppError;
use leptos::prelude::*;

/// The after-sales part of one of my orders.
#[server(endpoint = "aftersales/for_order")]
pub async fn load_order_after_sales(order_id: i64) -> Result<OrderAfterSales, AppError> {
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::for_order(&mut conn, &state.config, viewer.user_id, order_id, now_ms()).await
    };
    web::answer(result.await)
}

/// The request form of one of my order lines.
#[server(endpoint = "aftersales/form")]
pub async fn load_request_form(order_line_id: i64) -> Result<RequestFormPage, AppError> {
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::form_page(&mut conn, &state.config, viewer.user_id, order_line_id, now_ms()).await
    };
    web::answer(result.await)
}

/// The shopper moves their request: `ship` (Ship return, with carrier and
/// tracking number), `escalate` (Escalate to the platform, with what they
/// say) or `withdraw`. `order_id` only says where the page goes next.
#[server(endpoint = "aftersales/act")]
pub async fn shopper_act(
    after_sale_id: i64,
    #[server(default)] order_id: i64,
    #[server(default)] decision: String,
    #[server(default)] carrier: String,
    #[server(default)] tracking_number: String,
    #[server(default)] statement: String,
) -> Result<(), AppError> {
    use super::domain::AfterSaleAction;
    use crate::error::ErrorCode;
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let action = match decision.as_str() {
        "ship" => AfterSaleAction::ShipReturn,
        "escalate" => AfterSaleAction::Escalate,
        "withdraw" => AfterSaleAction::Withdraw,
        _ => return web::fail(AppError::new(ErrorCode::BadRequest)),
    };
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::by_shopper(
            &mut tx,
            &state.config,
            viewer.user_id,
            after_sale_id,
            action,
            &carrier,
            &tracking_number,
            &statement,
            now_ms(),
        )
        .await
        .map_err(|e| e.echoing("after_sale_id", after_sale_id))?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, &format!("/orders/{order_id}"))
}

/// The shop's After-sales page for one of the caller's shops (their first
/// by default): open requests, or finished ones.
#[server(endpoint = "aftersales/shop")]
pub async fn load_shop_after_sales(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] finished: Option<bool>,
) -> Result<ShopAfterSales, AppError> {
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
        super::service::shop_page(&mut conn, &viewer.shop_ids, shop_id, !finished.unwrap_or(false)).await
    };
    web::answer(result.await)
}

/// The shop answers a request: `agree` (a return with where it goes back),
/// `refuse` (with a reason) or `confirm` (Confirm return received, the unit
/// back in stock when `restock` is ticked).
#[server(endpoint = "aftersales/answer")]
pub async fn shop_answer(
    after_sale_id: i64,
    #[server(default)] decision: String,
    #[server(default)] return_address: String,
    #[server(default)] reason: String,
    #[server(default)] restock: Option<String>,
) -> Result<(), AppError> {
    use super::domain::AfterSaleAction;
    use crate::error::ErrorCode;
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let action = match decision.as_str() {
        "agree" => AfterSaleAction::Agree,
        "refuse" => AfterSaleAction::Refuse,
        "confirm" => AfterSaleAction::ConfirmReturn,
        _ => return web::fail(AppError::new(ErrorCode::BadRequest)),
    };
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::by_shop(
            &mut tx,
            &state.config,
            viewer.user_id,
            &viewer.shop_ids,
            after_sale_id,
            action,
            &reason,
            &return_address,
            restock.is_some(),
            now_ms(),
        )
        .await
        .map_err(|e| e.echoing("after_sale_id", after_sale_id))?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/seller/after-sales")
}

/// The operator's Disputes: requests under arbitration.
#[server(endpoint = "aftersales/disputes")]
pub async fn load_disputes() -> Result<Vec<AfterSaleView>, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::disputes(&mut conn).await
    };
    web::answer(result.await)
}

/// The operator decides a dispute: `refund` (the amount, in full or in
/// part) or `close`, with a reason.
#[server(endpoint = "aftersales/decide")]
pub async fn decide_dispute(
    after_sale_id: i64,
    #[server(default)] decision: String,
    #[server(default)] amount: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::error::ErrorCode;
    use crate::server::{now_ms, require_operator, use_state, web};
    let viewer = require_operator()?;
    let state = use_state()?;
    let refund = match decision.as_str() {
        "refund" => true,
        "close" => false,
        _ => return web::fail(AppError::new(ErrorCode::BadRequest)),
    };
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::decide(
            &mut tx,
            &state.config,
            viewer.user_id,
            after_sale_id,
            refund,
            &amount,
            &reason,
            now_ms(),
        )
        .await
        .map_err(|e| e.echoing("after_sale_id", after_sale_id))?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/admin/disputes")
}

/// A shopper complains about the shop of one of their orders.
#[server(endpoint = "aftersales/complain")]
pub async fn complain(
    order_id: i64,
    #[server(default)] kind: String,
    #[server(default)] description: String,
) -> Result<(), AppError> {
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::complain(&mut tx, viewer.user_id, order_id, &kind, &description, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, &format!("/orders/{order_id}"))
}

/// The operator's Complaints: open ones, or decided ones.
#[server(endpoint = "aftersales/complaints")]
pub async fn load_complaints(#[server(default)] decided: Option<bool>) -> Result<Vec<ComplaintView>, AppError> {
    use super::model::ComplaintStatus;
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        if decided.unwrap_or(false) {
            let mut all = super::service::complaints(&mut conn, ComplaintStatus::Upheld).await?;
            all.extend(super::service::complaints(&mut conn, ComplaintStatus::Dismissed).await?);
            all.sort_by_key(|c| std::cmp::Reverse(c.decided_at));
            Ok(all)
        } else {
            super::service::complaints(&mut conn, ComplaintStatus::Open).await
        }
    };
    web::answer(result.await)
}

/// The operator upholds (`approve`) or dismisses (`reject`) a complaint.
#[server(endpoint = "aftersales/decide_complaint")]
pub async fn decide_complaint(
    complaint_id: i64,
    #[server(default)] decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::error::ErrorCode;
    use crate::server::{now_ms, require_operator, use_state, web};
    let viewer = require_operator()?;
    let state = use_state()?;
    let uphold = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return web::fail(AppError::new(ErrorCode::BadRequest)),
    };
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::decide_complaint(&mut tx, viewer.user_id, complaint_id, uphold, &reason, now_ms())
            .await
            .map_err(|e| e.echoing("complaint_id", complaint_id))?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/admin/complaints")
}
