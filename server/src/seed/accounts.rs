//! The demo accounts listed in the README, through the accounts' services.
//! Created only with `--demo`.

use app::server::AppState;

pub const OPERATOR: (&str, &str) = ("operator@example.com", "operator-demo-1");
pub const SHOPPER: (&str, &str) = ("shopper@example.com", "shopper-demo-1");
pub const MERCHANT: (&str, &str) = ("merchant@example.com", "merchant-demo-1");

/// The owner of the first demo shop.
pub async fn seed_merchant(state: &AppState) -> anyhow::Result<i64> {
    app::accounts::service::create_user(&state.db, &state.hashing, MERCHANT.0, "Harbor Digital", MERCHANT.1)
        .await
        .map_err(|e| anyhow::anyhow!("demo merchant: {e:?}"))
}

/// The operator and the shopper: (operator id, shopper id).
pub async fn seed_people(state: &AppState) -> anyhow::Result<(i64, i64)> {
    let operator =
        app::accounts::service::create_operator(&state.db, &state.hashing, OPERATOR.0, "Platform Operator", OPERATOR.1)
            .await
            .map_err(|e| anyhow::anyhow!("demo operator: {e:?}"))?;
    let shopper = app::accounts::service::create_user(&state.db, &state.hashing, SHOPPER.0, "Demo Shopper", SHOPPER.1)
        .await
        .map_err(|e| anyhow::anyhow!("demo shopper: {e:?}"))?;
    Ok((operator, shopper))
}

/// The demo merchant's account id.
pub async fn merchant_id(state: &AppState) -> anyhow::Result<i64> {
    app::accounts::service::user_id_by_email(&state.db, MERCHANT.0)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .ok_or_else(|| anyhow::anyhow!("the demo merchant is missing"))
}
