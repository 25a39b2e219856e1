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
pub async fn seller_products(
    shop_id: Option<i64>,
    #[server(default)] page: Option<i64>,
) -> Result<ShopProducts, AppError> {
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
        super::service::seller_products(&mut conn, viewer.user_id, shop_id, page.unwrap_or(1)).await
    };
    web::answer(result.await)
}

// ---- onboarding ----

use super::model::{ApplicationQueue, ApplicationReview, SellPageData};

/// What `/sell` shows the caller: their latest application, the categories
/// and the agreement version.
#[server(endpoint = "merchants/sell_page")]
pub async fn load_sell_page() -> Result<SellPageData, AppError> {
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::sell_page(&mut conn, viewer.user_id, !viewer.shop_ids.is_empty()).await
    };
    web::answer(result.await)
}

/// Starts an application (or finds the caller's open one) and goes to its
/// first step.
#[server(endpoint = "merchants/start_application")]
pub async fn start_application() -> Result<i64, AppError> {
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let id = super::service::start_application(&mut tx, viewer.user_id).await?;
        tx.commit().await?;
        Ok(id)
    };
    web::finish(result.await, "/sell?step=shop")
}

/// The operator's queue of applications in one status (under review by
/// default), oldest first, with counts. Operators only.
#[server(endpoint = "merchants/application_queue")]
pub async fn load_application_queue(
    #[server(default)] status: Option<String>,
    #[server(default)] page: Option<i64>,
) -> Result<ApplicationQueue, AppError> {
    use super::model::ApplicationStatus;
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let status = status
        .as_deref()
        .and_then(ApplicationStatus::from_db)
        .filter(|s| *s != ApplicationStatus::Draft)
        .unwrap_or(ApplicationStatus::UnderReview);
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::application_queue(&mut conn, status, page.unwrap_or(1)).await
    };
    web::answer(result.await)
}

/// One submitted application with its documents. Operators only.
#[server(endpoint = "merchants/application_review")]
pub async fn load_application_review(application_id: i64) -> Result<ApplicationReview, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::application_review(&mut conn, application_id).await
    };
    web::answer(result.await)
}

/// An operator's decision on an application: `decision` is `approve`,
/// `reject` (with a reason) or `request_changes` (with a reason and the
/// fields to reopen, each posted as `reopen[<field>]`). Operators only.
#[server(endpoint = "merchants/decide_application")]
pub async fn decide_application(
    application_id: i64,
    #[server(default)] decision: String,
    #[server(default)] reason: String,
    #[server(default)] reopen: std::collections::HashMap<String, String>,
) -> Result<(), AppError> {
    use super::model::AppField;
    use super::service::Decision;
    use crate::error::ErrorCode;
    use crate::server::{require_operator, use_state, web};
    let viewer = require_operator()?;
    let back = format!("/admin/applications/{application_id}");
    let echo = |e: AppError| e.echo(&[("reason", reason.chars().take(500).collect::<String>().as_str())]);
    let parsed = match decision.as_str() {
        "approve" => Ok(Decision::Approve),
        "reject" => super::domain::parse_reason(&reason)
            .map(|reason| Decision::Reject { reason })
            .map_err(|c| AppError::field("reason", c)),
        "request_changes" => {
            let mut fields: Vec<AppField> = reopen.keys().filter_map(|k| AppField::from_key(k)).collect();
            fields.sort();
            match super::domain::parse_reason(&reason) {
                Err(c) => Err(AppError::field("reason", c)),
                Ok(_) if fields.is_empty() => Err(AppError::field("fields", ErrorCode::Required)),
                Ok(reason) => Ok(Decision::RequestChanges { fields, reason }),
            }
        }
        _ => Err(AppError::new(ErrorCode::BadRequest)),
    };
    let decision = match parsed {
        Ok(d) => d,
        Err(e) => return web::fail(echo(e)),
    };
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::decide_application(&mut tx, viewer.user_id, application_id, &decision).await?;
        let applicant = super::service::applicant_of(&mut tx, application_id).await?;
        tx.commit().await?;
        // A new owner sees the seller portal on their next page here.
        if let Some(user_id) = applicant {
            state.sessions.forget_user(user_id);
        }
        Ok(())
    };
    web::finish(result.await, &back)
}

/// Suspends (`suspend`) or reinstates (`reinstate`) a shop, with a reason.
/// Operators only.
#[server(endpoint = "merchants/moderate_shop")]
pub async fn moderate_shop(
    shop_id: i64,
    #[server(default)] action: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use super::domain::ShopAction;
    use crate::error::ErrorCode;
    use crate::server::{require_operator, use_state, web};
    let viewer = require_operator()?;
    let action = match action.as_str() {
        "suspend" => ShopAction::Suspend,
        "reinstate" => ShopAction::Reinstate,
        _ => return web::fail(AppError::new(ErrorCode::BadRequest)),
    };
    let reason = match super::domain::parse_reason(&reason) {
        Ok(r) => r,
        Err(c) => return web::fail(AppError::field(&format!("reason-{shop_id}"), c)),
    };
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::moderate_shop(&mut tx, viewer.user_id, shop_id, action, &reason).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/admin/shops")
}

// ---- notifications ----

/// A shop's notifications (the caller's first shop by default), newest
/// first. Members of the shop only.
#[server(endpoint = "merchants/notifications")]
pub async fn load_notifications(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] older_than: Option<i64>,
) -> Result<super::model::NotificationPage, AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_merchant, require_user, use_state, web};
    let viewer = require_user()?;
    let Some(shop_id) = shop_id.or_else(|| viewer.shop_ids.first().copied()) else {
        return web::fail(AppError::new(ErrorCode::Forbidden));
    };
    require_merchant(shop_id)?;
    let state = use_state()?;
    let result = async { super::service::notifications(&mut *state.db.read().await?, shop_id, older_than).await };
    web::answer(result.await)
}

/// Unread notifications across the caller's shops (for the navigation).
#[server(endpoint = "merchants/unread")]
pub async fn unread_notifications() -> Result<i64, AppError> {
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let counts = super::service::unread_counts(&mut *state.db.read().await?, &viewer.shop_ids).await?;
        Ok(counts.values().sum())
    };
    web::answer(result.await)
}

/// Marks a shop's notifications read, up to the newest the member saw.
#[server(endpoint = "merchants/mark_read")]
pub async fn mark_notifications_read(shop_id: i64, up_to: i64) -> Result<(), AppError> {
    use crate::server::{require_merchant, use_state, web};
    require_merchant(shop_id)?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::mark_read(&mut tx, shop_id, up_to).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/seller/notifications")
}

// ---- members ----

/// A shop's members (the caller's first shop by default). Members only.
#[server(endpoint = "merchants/members")]
pub async fn load_members(#[server(default)] shop_id: Option<i64>) -> Result<super::model::MembersPage, AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_merchant, require_user, use_state, web};
    let viewer = require_user()?;
    let Some(shop_id) = shop_id.or_else(|| viewer.shop_ids.first().copied()) else {
        return web::fail(AppError::new(ErrorCode::Forbidden));
    };
    let viewer = require_merchant(shop_id)?;
    let state = use_state()?;
    let result = async { super::service::members_page(&mut *state.db.read().await?, shop_id, viewer.user_id).await };
    web::answer(result.await)
}

/// The shop's owner adds a registered account (by email) as staff.
#[server(endpoint = "merchants/invite_staff")]
pub async fn invite_staff(shop_id: i64, #[server(default)] email: String) -> Result<(), AppError> {
    use crate::server::{require_merchant, use_state, web};
    let viewer = require_merchant(shop_id)?;
    let state = use_state()?;
    let typed: String = email.chars().take(254).collect();
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let member = super::service::invite_staff(&mut tx, viewer.user_id, shop_id, &email).await?;
        tx.commit().await?;
        // The new member sees the portal on their next page here.
        state.sessions.forget_user(member);
        Ok(())
    };
    let result = result.await.map_err(|e: AppError| e.echo(&[("email", typed.as_str())]));
    web::finish(result, &format!("/seller/members?shop={shop_id}"))
}

/// The shop's owner removes a staff member.
#[server(endpoint = "merchants/remove_staff")]
pub async fn remove_staff(shop_id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::server::{require_merchant, use_state, web};
    let viewer = require_merchant(shop_id)?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::remove_staff(&mut tx, viewer.user_id, shop_id, user_id).await?;
        tx.commit().await?;
        state.sessions.forget_user(user_id);
        Ok(())
    };
    web::finish(result.await, &format!("/seller/members?shop={shop_id}"))
}

// ---- shop profiles ----

/// A shop's profile (the caller's first shop by default). Members only.
#[server(endpoint = "merchants/profile")]
pub async fn load_profile(#[server(default)] shop_id: Option<i64>) -> Result<super::model::ShopProfile, AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_merchant, require_user, use_state, web};
    let viewer = require_user()?;
    let Some(shop_id) = shop_id.or_else(|| viewer.shop_ids.first().copied()) else {
        return web::fail(AppError::new(ErrorCode::Forbidden));
    };
    require_merchant(shop_id)?;
    let state = use_state()?;
    let result = async { super::service::shop_profile(&mut *state.db.read().await?, shop_id).await };
    web::answer(result.await)
}

/// Name and logo changes waiting for review. Operators only.
#[server(endpoint = "merchants/profile_changes")]
pub async fn load_profile_changes() -> Result<Vec<super::model::QueuedProfileChange>, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async { super::service::queued_profile_changes(&mut *state.db.read().await?).await };
    web::answer(result.await)
}

/// Approves (`approve`) or refuses (`reject`, with a reason) a name or
/// logo change as seen (`seen`). Operators only.
#[server(endpoint = "merchants/decide_profile_change")]
pub async fn decide_profile_change(
    change_id: i64,
    seen: i64,
    #[server(default)] decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_operator, use_state, web};
    let viewer = require_operator()?;
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return web::fail(AppError::new(ErrorCode::BadRequest)),
    };
    if reason.chars().count() > 500 || reason.chars().any(|c| c.is_control() && c != '\n') {
        return web::fail(AppError::field(&format!("reason-{change_id}"), ErrorCode::TextTooLong));
    }
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::decide_profile_change(&mut tx, viewer.user_id, change_id, seen, approve, &reason).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/admin/shops")
}
