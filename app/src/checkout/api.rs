//! Server functions of checkout: thin adapters over `service`, each for the
//! logged-in caller's own addresses and cart only.

// The address form posts one argument per field (the framework's own code
// for it trips this lint too, so an `expect` on the function cannot hold).
#![allow(clippy::too_many_arguments, reason = "one server-function argument per form field")]

use super::model::{CheckoutView, DivisionChoices, Placed};
use crate::error::AppError;
use leptos::prelude::*;

/// The checkout page: the cart's buyable lines by shop, the money, the
/// address book and a fresh token for Place order.
/// `coupons` carries the shopper's coupon picks ("12=5,p=none"); empty:
/// the best combination.
#[server(endpoint = "checkout/view")]
pub async fn load_checkout(#[server(default)] coupons: String) -> Result<CheckoutView, AppError> {
    use crate::promotions::domain::Picks;
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let picks = Picks::parse(&coupons);
    let result = async { super::service::view(&mut *state.db.read().await?, viewer.user_id, &picks).await }.await;
    if let Ok(view) = &result {
        use crate::analytics::{capture::record_here, service::EventKind};
        for group in view.plan.groups.iter().filter(|g| !g.lines.is_empty()) {
            record_here(
                EventKind::Checkout,
                Some(viewer.user_id),
                Some(group.shop.shop_id),
                None,
            );
        }
    }
    web::answer(result)
}

/// The lists the address form offers: provinces, the chosen province's
/// cities, the chosen city's districts.
#[server(endpoint = "checkout/divisions")]
pub async fn load_divisions(
    #[server(default)] province: Option<String>,
    #[server(default)] city: Option<String>,
) -> Result<DivisionChoices, AppError> {
    use crate::server::require_user;
    require_user()?;
    Ok(super::service::division_choices(province.as_deref(), city.as_deref()))
}

/// Adds an address, or changes one of the caller's (`address_id`). Without
/// JavaScript the form's "Update lists" button (`refresh`) posts here too:
/// nothing is saved, and the form comes back with the next list filled.
#[server(endpoint = "checkout/save_address")]
pub async fn save_address(
    #[server(default)] address_id: Option<i64>,
    #[server(default)] recipient: String,
    #[server(default)] phone: String,
    #[server(default)] province: String,
    #[server(default)] city: String,
    #[server(default)] district: String,
    #[server(default)] detail: String,
    #[server(default)] make_default: Option<String>,
    #[server(default)] refresh: Option<String>,
) -> Result<i64, AppError> {
    use super::service::{self, AddressInput};
    use crate::error::ErrorCode;
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let input = AddressInput {
        recipient,
        phone,
        province,
        city,
        district,
        detail,
        make_default: make_default.is_some(),
    };
    if refresh.is_some() {
        let next = if input.province.trim().is_empty() {
            "province"
        } else if input.city.trim().is_empty() {
            "city"
        } else {
            "district"
        };
        let echo = [
            ("recipient", input.recipient.as_str()),
            ("phone", input.phone.as_str()),
            ("province", input.province.as_str()),
            ("city", input.city.as_str()),
            ("district", input.district.as_str()),
            ("detail", input.detail.as_str()),
            ("address_id", &address_id.map(|id| id.to_string()).unwrap_or_default()),
        ];
        return web::fail(AppError::field(next, ErrorCode::Required).echo(&echo));
    }
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let id = service::save_address(&mut tx, viewer.user_id, address_id, &input).await?;
        tx.commit().await?;
        Ok(id)
    };
    web::finish(result.await, "/checkout")
}

/// Deletes one of the caller's addresses.
#[server(endpoint = "checkout/delete_address")]
pub async fn delete_address(address_id: i64) -> Result<(), AppError> {
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::delete_address(&mut tx, viewer.user_id, address_id).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/checkout")
}

/// Makes one of the caller's addresses the default.
#[server(endpoint = "checkout/set_default_address")]
pub async fn set_default_address(address_id: i64) -> Result<(), AppError> {
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::set_default_address(&mut tx, viewer.user_id, address_id).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/checkout")
}

/// The Coupon code field's Apply: the code's coupon goes into the wallet
/// (within its quantity and the per-person limit) and the checkout, shown
/// again, uses it where it saves the most. A bad code is named next to the
/// field.
#[server(endpoint = "checkout/apply_coupon")]
pub async fn apply_coupon(#[server(default)] code: String) -> Result<(), AppError> {
    use crate::server::throttle::{self, Limit, Rule};
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let typed: String = code.chars().take(64).collect();
    let result = async {
        // Guessing codes costs attempts like guessing passwords does.
        let rule = Rule::new(format!("coupon_code:user:{}", viewer.user_id), Limit::new(20, 600));
        throttle::count_attempt(&state.db, &[rule], now_ms()).await?;
        let mut tx = state.db.begin_write().await?;
        crate::promotions::service::claim_code(&mut tx, viewer.user_id, &code, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    }
    .await
    .map_err(|e: AppError| e.echo(&[("coupon", typed.as_str())]));
    web::finish(result, "/checkout")
}

/// Places the caller's cart: one order per shop, then on to payment.
/// Placing again with the same token gives the same orders.
#[server(endpoint = "checkout/place_order")]
pub async fn place_order(
    #[server(default)] token: String,
    #[server(default)] address_id: Option<i64>,
    #[server(default)] expected_total: Option<i64>,
    #[server(default)] coupons: String,
) -> Result<Placed, AppError> {
    use super::service::{self, PlaceInput};
    use crate::server::{require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let input = PlaceInput {
        token,
        address_id,
        expected_total_minor: expected_total,
        picks: crate::promotions::domain::Picks::parse(&coupons),
        visitor: crate::analytics::capture::visitor_here(),
    };
    let result = async {
        // Read first, then hold the write lock only for the writes.
        let prepared = service::prepare(&mut *state.db.read().await?, &state.config, viewer.user_id, &input).await?;
        let draft = match prepared {
            service::Prepared::Done(placed) => return Ok(placed),
            service::Prepared::Draft(draft) => draft,
        };
        let mut tx = state.db.begin_write().await?;
        let placed = service::write(&mut tx, &state.config, &draft).await?;
        tx.commit().await?;
        Ok(placed)
    }
    .await;
    let next = match &result {
        Ok(placed) => format!("/pay/{}", placed.checkout_id),
        Err(_) if coupons.is_empty() => "/checkout".to_string(),
        Err(_) => format!("/checkout?coupons={}", urlencoding::encode(&coupons)),
    };
    web::finish(result, &next)
}
