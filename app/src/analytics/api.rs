//! Server functions of the dashboards: thin over `service`, each scoped to
//! the caller's own shops (merchants) or the platform (operators).

use super::model::{CouponSent, PlatformDashboard, ShopDashboard};
use crate::error::AppError;
use leptos::prelude::*;

/// The merchant's dashboard of one of their shops (the first when none is
/// named) over a named period (`today`, `7d`, `30d`) or typed dates.
#[server(endpoint = "analytics/shop")]
pub async fn load_shop_dashboard(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] period: Option<String>,
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
) -> Result<ShopDashboard, AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_merchant, require_user, use_state, web};
    let viewer = require_user()?;
    let Some(shop_id) = shop_id.or_else(|| viewer.shop_ids.first().copied()) else {
        return web::fail(AppError::new(ErrorCode::Forbidden));
    };
    let viewer = require_merchant(shop_id)?;
    let state = use_state()?;
    let ask = super::domain::RangeAsk { period, from, to };
    let result = async {
        let mut conn = state.db.read().await?;
        let shops = super::service::shop_choices(&mut conn, &viewer.shop_ids).await?;
        super::service::shop_dashboard(&state.db, &mut conn, shops, shop_id, &ask, crate::server::now_ms()).await
    };
    web::answer(result.await)
}

/// The operator's dashboard over a named period or typed dates.
#[server(endpoint = "analytics/platform")]
pub async fn load_platform_dashboard(
    #[server(default)] period: Option<String>,
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
) -> Result<PlatformDashboard, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let ask = super::domain::RangeAsk { period, from, to };
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::platform_dashboard(&mut conn, &ask, crate::server::now_ms()).await
    };
    web::answer(result.await)
}

/// Sends a running platform coupon to every shopper of a segment (one unit
/// each while units last). A plain form lands back on the dashboard with
/// what was done.
#[server(endpoint = "analytics/send_coupon")]
pub async fn send_coupon(
    #[server(default)] segment: String,
    #[server(default)] coupon_id: Option<i64>,
) -> Result<CouponSent, AppError> {
    use super::model::Segment;
    use crate::error::ErrorCode;
    use crate::server::{require_operator, use_state, web};
    let viewer = require_operator()?;
    let state = use_state()?;
    let result = async {
        let segment = Segment::from_db(&segment).ok_or_else(|| AppError::new(ErrorCode::BadRequest))?;
        let coupon_id = coupon_id.ok_or_else(|| AppError::new(ErrorCode::BadRequest))?;
        super::service::send_coupon(&state, viewer.user_id, segment, coupon_id, crate::server::now_ms()).await
    }
    .await;
    let next = match &result {
        Ok(done) => format!(
            "/admin/analytics?sent={}&already={}&ran_out={}#segments-heading",
            done.sent, done.already, done.ran_out
        ),
        Err(_) => "/admin/analytics#segments-heading".to_string(),
    };
    web::finish(result, &next)
}
