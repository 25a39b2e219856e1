//! Server functions of promotions: thin adapters over `service`. Shoppers
//! claim and see their own wallet; merchants act for their own shops only;
//! operators run the platform's coupons and events.

#![allow(clippy::too_many_arguments, reason = "one server-function argument per form field")]

use super::model::{CouponView, PlatformPromotions, SellerPromotions, ShopPromotions, WalletEntry};
use crate::error::AppError;
use leptos::prelude::*;

/// The coupon centre: coupons open for claiming, with how many the viewer
/// holds.
#[server(endpoint = "promotions/centre")]
pub async fn load_coupon_centre() -> Result<Vec<CouponView>, AppError> {
    use crate::server::{now_ms, use_state, viewer, web};
    let state = use_state()?;
    let viewer = viewer().map(|v| v.user_id);
    let result = async { super::service::coupon_centre(&mut *state.db.read().await?, viewer, now_ms()).await };
    web::answer(result.await)
}

/// A shop's coupons open for claiming and its 满减, as its product and
/// shop pages show them (the same for everyone).
#[server(endpoint = "promotions/shop")]
pub async fn load_shop_promotions(shop_id: i64) -> Result<ShopPromotions, AppError> {
    use crate::server::{now_ms, use_state, web};
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        Ok(super::service::shop_promotions(&mut conn, shop_id, now_ms()).await?.0)
    };
    web::answer(result.await)
}

/// Claims one unit of a coupon into the caller's wallet; without
/// JavaScript the page it was claimed from (`back`, this site only) shows
/// again.
#[server(endpoint = "promotions/claim")]
pub async fn claim_coupon(coupon_id: i64, #[server(default)] back: Option<String>) -> Result<(), AppError> {
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::claim(&mut tx, viewer.user_id, coupon_id, false, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    };
    let next = crate::routes::same_site_path(back.as_deref().or(Some("/coupons/mine")));
    web::finish(result.await, &next)
}

/// My coupons.
#[server(endpoint = "promotions/wallet")]
pub async fn load_my_coupons() -> Result<Vec<WalletEntry>, AppError> {
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async { super::service::wallet(&mut *state.db.read().await?, viewer.user_id, now_ms()).await };
    web::answer(result.await)
}

/// The shop a merchant means: the one named if they act for it, else their
/// first.
#[cfg(feature = "ssr")]
fn merchant_shop(shop_id: Option<i64>) -> Result<(crate::server::Viewer, i64), AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_merchant, require_user, web};
    let viewer = require_user()?;
    let Some(shop_id) = shop_id.or_else(|| viewer.shop_ids.first().copied()) else {
        return web::fail(AppError::new(ErrorCode::Forbidden));
    };
    Ok((require_merchant(shop_id)?, shop_id))
}

/// The seller portal's Promotions page for one of the caller's shops.
#[server(endpoint = "promotions/seller")]
pub async fn load_seller_promotions(#[server(default)] shop_id: Option<i64>) -> Result<SellerPromotions, AppError> {
    use crate::server::{now_ms, use_state, web};
    let (_, shop_id) = merchant_shop(shop_id)?;
    let state = use_state()?;
    let result = async { super::service::seller_view(&mut *state.db.read().await?, shop_id, now_ms()).await };
    web::answer(result.await)
}

/// A merchant creates a shop coupon.
#[server(endpoint = "promotions/seller/create_coupon")]
pub async fn create_shop_coupon(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] title: String,
    #[server(default)] kind: String,
    #[server(default)] value: String,
    #[server(default)] cap: String,
    #[server(default)] min_spend: String,
    #[server(default)] starts_at: String,
    #[server(default)] ends_at: String,
    #[server(default)] quantity: String,
    #[server(default)] per_person: String,
    #[server(default)] code: String,
    #[server(default)] code_only: Option<String>,
) -> Result<i64, AppError> {
    use super::service::CouponInput;
    use crate::server::{now_ms, use_state, web};
    let (viewer, shop_id) = merchant_shop(shop_id)?;
    let input = CouponInput {
        title,
        kind,
        value,
        cap,
        min_spend,
        starts_at,
        ends_at,
        quantity,
        per_person,
        code,
        category: String::new(),
        code_only: code_only.is_some(),
    };
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let id = super::service::create_coupon(&mut tx, viewer.user_id, Some(shop_id), &input, None, now_ms()).await?;
        tx.commit().await?;
        Ok(id)
    };
    web::finish(result.await, &format!("/seller/promotions?shop={shop_id}"))
}

/// A merchant creates a tiered 满减 for their shop.
#[server(endpoint = "promotions/seller/create_offer")]
pub async fn create_shop_offer(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] title: String,
    #[server(default)] tiers: String,
    #[server(default)] starts_at: String,
    #[server(default)] ends_at: String,
) -> Result<i64, AppError> {
    use super::service::OfferInput;
    use crate::server::{now_ms, use_state, web};
    let (viewer, shop_id) = merchant_shop(shop_id)?;
    let input = OfferInput {
        title,
        tiers,
        starts_at,
        ends_at,
        ..OfferInput::default()
    };
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let id = super::service::create_offer(&mut tx, viewer.user_id, Some(shop_id), &input, now_ms()).await?;
        tx.commit().await?;
        Ok(id)
    };
    web::finish(result.await, &format!("/seller/promotions?shop={shop_id}"))
}

/// A merchant pauses, resumes or ends one of their shop's coupons
/// (`what` = "coupon"), 满减 ("offer") or group buy ("group"), or joins or leaves a platform
/// event ("join" / "leave" as the action).
#[server(endpoint = "promotions/seller/act")]
pub async fn act_on_shop_promotion(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] what: String,
    id: i64,
    #[server(default)] action: String,
) -> Result<(), AppError> {
    use super::service::{self, PromoAction};
    use crate::error::ErrorCode;
    use crate::server::{now_ms, use_state, web};
    let (viewer, shop_id) = merchant_shop(shop_id)?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let now = now_ms();
        match (what.as_str(), action.as_str()) {
            ("event", "join") => service::take_part(&mut tx, viewer.user_id, shop_id, id, true, now).await?,
            ("event", "leave") => service::take_part(&mut tx, viewer.user_id, shop_id, id, false, now).await?,
            (what, action) => {
                let action = PromoAction::parse(action).ok_or(AppError::new(ErrorCode::BadRequest))?;
                match what {
                    "coupon" => service::act_on_coupon(&mut tx, viewer.user_id, Some(shop_id), id, action, now).await?,
                    "offer" => service::act_on_offer(&mut tx, viewer.user_id, Some(shop_id), id, action, now).await?,
                    "group" => super::group::act_on_offer(&mut tx, viewer.user_id, shop_id, id, action, now).await?,
                    _ => return Err(AppError::new(ErrorCode::BadRequest)),
                }
            }
        }
        tx.commit().await?;
        if what == "group" {
            state.groups.forget();
        }
        Ok(())
    };
    let page = if what == "group" {
        "/seller/promotions/groups"
    } else {
        "/seller/promotions"
    };
    web::finish(result.await, &format!("{page}?shop={shop_id}"))
}

/// The console's Promotions page.
#[server(endpoint = "promotions/platform")]
pub async fn load_platform_promotions() -> Result<PlatformPromotions, AppError> {
    use crate::server::{now_ms, require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async { super::service::platform_view(&mut *state.db.read().await?, now_ms()).await };
    web::answer(result.await)
}

/// An operator creates a platform coupon, for every category or one
/// (`category`: its slug; its sub-categories count too).
#[server(endpoint = "promotions/platform/create_coupon")]
pub async fn create_platform_coupon(
    #[server(default)] title: String,
    #[server(default)] kind: String,
    #[server(default)] value: String,
    #[server(default)] cap: String,
    #[server(default)] min_spend: String,
    #[server(default)] starts_at: String,
    #[server(default)] ends_at: String,
    #[server(default)] quantity: String,
    #[server(default)] per_person: String,
    #[server(default)] code: String,
    #[server(default)] category: String,
    #[server(default)] code_only: Option<String>,
) -> Result<i64, AppError> {
    use super::service::CouponInput;
    use crate::server::{now_ms, require_operator, use_state, web};
    let viewer = require_operator()?;
    let state = use_state()?;
    let categories = match category.trim() {
        "" => None,
        slug => state.catalog.categories().ids_under(slug),
    };
    let input = CouponInput {
        title,
        kind,
        value,
        cap,
        min_spend,
        starts_at,
        ends_at,
        quantity,
        per_person,
        code,
        category,
        code_only: code_only.is_some(),
    };
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let id = super::service::create_coupon(&mut tx, viewer.user_id, None, &input, categories, now_ms()).await?;
        tx.commit().await?;
        Ok(id)
    };
    web::finish(result.await, "/admin/promotions")
}

/// An operator creates a cross-shop event (每满 X 减 Y); shops join it from
/// their portal.
#[server(endpoint = "promotions/platform/create_event")]
pub async fn create_platform_event(
    #[server(default)] title: String,
    #[server(default)] step: String,
    #[server(default)] off: String,
    #[server(default)] cap: String,
    #[server(default)] starts_at: String,
    #[server(default)] ends_at: String,
) -> Result<i64, AppError> {
    use super::service::OfferInput;
    use crate::server::{now_ms, require_operator, use_state, web};
    let viewer = require_operator()?;
    let input = OfferInput {
        title,
        step,
        off,
        cap,
        starts_at,
        ends_at,
        ..OfferInput::default()
    };
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let id = super::service::create_offer(&mut tx, viewer.user_id, None, &input, now_ms()).await?;
        tx.commit().await?;
        Ok(id)
    };
    web::finish(result.await, "/admin/promotions")
}

/// An operator pauses, resumes or ends a platform coupon or event.
#[server(endpoint = "promotions/platform/act")]
pub async fn act_on_platform_promotion(
    #[server(default)] what: String,
    id: i64,
    #[server(default)] action: String,
) -> Result<(), AppError> {
    use super::service::{self, PromoAction};
    use crate::error::ErrorCode;
    use crate::server::{now_ms, require_operator, use_state, web};
    let viewer = require_operator()?;
    let state = use_state()?;
    let result = async {
        let action = PromoAction::parse(&action).ok_or(AppError::new(ErrorCode::BadRequest))?;
        let mut tx = state.db.begin_write().await?;
        let now = now_ms();
        match what.as_str() {
            "coupon" => service::act_on_coupon(&mut tx, viewer.user_id, None, id, action, now).await?,
            "event" => service::act_on_offer(&mut tx, viewer.user_id, None, id, action, now).await?,
            _ => return Err(AppError::new(ErrorCode::BadRequest)),
        }
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/admin/promotions")
}

/// The storefront's flash sale: the slot running now (or next) and its
/// SKUs at their flash prices.
#[server(endpoint = "flash/showcase")]
pub async fn load_flash_showcase() -> Result<super::model::FlashShowcase, AppError> {
    use crate::server::{now_ms, use_state, web};
    let state = use_state()?;
    let result = async { Ok(state.flash.snapshot(&state.db).await?.showcase(now_ms())) };
    web::answer(result.await)
}

/// Buys one unit of a flash item at its flash price, to the caller's
/// default address; on to payment (ten minutes to pay).
#[server(endpoint = "flash/buy")]
pub async fn flash_buy(flash_item_id: i64) -> Result<crate::checkout::model::Placed, AppError> {
    use crate::server::{require_user, use_state, web};
    // The unit set aside for this press as it arrived, if it was: held
    // here, so it goes back when this ends unless the buy keeps it.
    let reserved = crate::context::use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<super::flash::Reservation>()
            .and_then(|r| r.take())
    });
    let viewer = require_user()?;
    let state = use_state()?;
    let result = super::flash::buy(&state, viewer.user_id, flash_item_id, reserved)
        .await
        .map(|checkout_id| crate::checkout::model::Placed { checkout_id });
    let next = match &result {
        Ok(placed) => format!("/pay/{}", placed.checkout_id),
        Err(_) => "/".to_string(),
    };
    web::finish(result, &next)
}

/// The console's Flash sales page.
#[server(endpoint = "flash/console")]
pub async fn load_flash_console() -> Result<super::model::FlashConsole, AppError> {
    use crate::server::{now_ms, require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async { super::flash::console(&mut *state.db.read().await?, now_ms()).await };
    web::answer(result.await)
}

/// An operator sets a flash-sale time slot.
#[server(endpoint = "flash/create_slot")]
pub async fn create_flash_slot(
    #[server(default)] title: String,
    #[server(default)] starts_at: String,
    #[server(default)] ends_at: String,
) -> Result<i64, AppError> {
    use crate::server::{now_ms, require_operator, use_state, web};
    let viewer = require_operator()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let id = super::flash::create_slot(&mut tx, viewer.user_id, &title, &starts_at, &ends_at, now_ms()).await?;
        tx.commit().await?;
        Ok(id)
    };
    web::finish(result.await, "/admin/promotions/flash")
}

/// An operator approves or rejects (with a reason) a flash application.
#[server(endpoint = "flash/decide")]
pub async fn decide_flash_item(
    flash_item_id: i64,
    #[server(default)] decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::error::ErrorCode;
    use crate::server::{now_ms, require_operator, use_state, web};
    let viewer = require_operator()?;
    let state = use_state()?;
    let result = async {
        let approve = match decision.as_str() {
            "approve" => true,
            "reject" => false,
            _ => return Err(AppError::new(ErrorCode::BadRequest)),
        };
        let mut tx = state.db.begin_write().await?;
        super::flash::decide(&mut tx, viewer.user_id, flash_item_id, approve, &reason, now_ms()).await?;
        tx.commit().await?;
        state.flash.forget();
        Ok(())
    };
    web::finish(result.await, "/admin/promotions/flash")
}

/// The portal's Flash sales page for one of the caller's shops.
#[server(endpoint = "flash/seller")]
pub async fn load_seller_flash(#[server(default)] shop_id: Option<i64>) -> Result<super::model::SellerFlash, AppError> {
    use crate::server::{now_ms, use_state, web};
    let (_, shop_id) = merchant_shop(shop_id)?;
    let state = use_state()?;
    let result = async { super::flash::seller(&mut *state.db.read().await?, shop_id, now_ms()).await };
    web::answer(result.await)
}

/// A merchant applies a SKU of their shop to a slot.
#[server(endpoint = "flash/apply")]
pub async fn apply_flash(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] slot_id: String,
    #[server(default)] sku_id: String,
    #[server(default)] price: String,
    #[server(default)] quantity: String,
    #[server(default)] per_account: String,
) -> Result<i64, AppError> {
    use super::flash::FlashInput;
    use crate::server::{now_ms, use_state, web};
    let (viewer, shop_id) = merchant_shop(shop_id)?;
    let input = FlashInput {
        slot_id,
        sku_id,
        price,
        quantity,
        per_account,
    };
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let id = super::flash::apply(&mut tx, viewer.user_id, shop_id, &input, now_ms()).await?;
        tx.commit().await?;
        Ok(id)
    };
    web::finish(result.await, &format!("/seller/promotions/flash?shop={shop_id}"))
}

/// Starts a group on a group-buy offer: one unit at the group price to the
/// caller's default address; on to payment (the group opens when it lands).
#[server(endpoint = "group/start")]
pub async fn start_group(group_offer_id: i64) -> Result<crate::checkout::model::Placed, AppError> {
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = super::group::start(&state, viewer.user_id, group_offer_id)
        .await
        .map(|(checkout_id, _)| crate::checkout::model::Placed { checkout_id });
    let next = match &result {
        Ok(placed) => format!("/pay/{}", placed.checkout_id),
        Err(_) => "/".to_string(),
    };
    web::finish(result, &next)
}

/// Joins a group from its shared page; on to payment.
#[server(endpoint = "group/join")]
pub async fn join_group(group_id: i64) -> Result<crate::checkout::model::Placed, AppError> {
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = super::group::join(&state, viewer.user_id, group_id)
        .await
        .map(|checkout_id| crate::checkout::model::Placed { checkout_id });
    let next = match &result {
        Ok(placed) => format!("/pay/{}", placed.checkout_id),
        Err(_) => format!("/g/{group_id}"),
    };
    web::finish(result, &next)
}

/// A group's shared page.
#[server(endpoint = "group/page")]
pub async fn load_group(group_id: i64) -> Result<super::model::GroupPage, AppError> {
    use crate::server::{now_ms, use_state, viewer, web};
    let state = use_state()?;
    let viewer = viewer().map(|v| v.user_id);
    let result = async {
        let mut page = super::group::page(&mut *state.db.read().await?, viewer, group_id, now_ms()).await?;
        page.share_url = state.config.absolute_url(&page.share_url);
        Ok(page)
    };
    web::answer(result.await)
}

/// The portal's Group buying page for one of the caller's shops.
#[server(endpoint = "group/seller")]
pub async fn load_seller_groups(
    #[server(default)] shop_id: Option<i64>,
) -> Result<super::model::SellerGroups, AppError> {
    use crate::server::{now_ms, use_state, web};
    let (_, shop_id) = merchant_shop(shop_id)?;
    let state = use_state()?;
    let result = async { super::group::seller(&mut *state.db.read().await?, shop_id, now_ms()).await };
    web::answer(result.await)
}

/// A merchant offers a SKU of their shop at a group price.
#[server(endpoint = "group/create_offer")]
pub async fn create_group_offer(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] sku_id: String,
    #[server(default)] price: String,
    #[server(default)] size: String,
    #[server(default)] hours: String,
    #[server(default)] starts_at: String,
    #[server(default)] ends_at: String,
) -> Result<i64, AppError> {
    use super::group::OfferInput;
    use crate::server::{now_ms, use_state, web};
    let (viewer, shop_id) = merchant_shop(shop_id)?;
    let input = OfferInput {
        sku_id,
        price,
        size,
        hours,
        starts_at,
        ends_at,
    };
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let id = super::group::create_offer(&mut tx, viewer.user_id, shop_id, &input, now_ms()).await?;
        tx.commit().await?;
        state.groups.forget();
        Ok(id)
    };
    web::finish(result.await, &format!("/seller/promotions/groups?shop={shop_id}"))
}
