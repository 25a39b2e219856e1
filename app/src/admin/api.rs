//! Operator-only server functions.

use super::model::PlatformSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// Counts of users, shops and products. Operators only.
#[server(endpoint = "admin/platform_counts")]
pub async fn platform_counts() -> Result<PlatformSummary, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let counts = async {
        let users = crate::accounts::service::count_users(&state.db).await?;
        let mut conn = state.db.read().await?;
        let shops = crate::merchants::service::count_shops(&mut conn).await?;
        let (products, live_products) = crate::catalog::service::count_products(&mut conn).await?;
        Ok::<_, AppError>(PlatformSummary {
            users,
            shops,
            products,
            live_products,
        })
    };
    match counts.await {
        Ok(c) => Ok(c),
        Err(e) => web::fail(e),
    }
}

/// Every shop with its status, product count and owner. Operators only.
#[server(endpoint = "admin/shops")]
pub async fn console_shops() -> Result<Vec<crate::merchants::model::ConsoleShop>, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        crate::merchants::service::console_shops(&mut conn).await
    };
    web::answer(result.await)
}
