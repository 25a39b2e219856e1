//! The demo shopper's orders, one in every status the order machine has,
//! made the way a shopper, the shop and the platform make them: an address
//! through checkout, carts placed through checkout, payments through the
//! test gateway, shipping and delivery through the order services.

use app::cart::domain::Quantity;
use app::cart::service::{self as cart, CartOwner};
use app::checkout::service::{self as checkout, AddressInput, PlaceInput};
use app::orders::domain::OrderAction;
use app::orders::model::Actor;
use app::orders::service as orders;
use app::server::AppState;

/// Places one order of `sku_id` for the shopper; returns (checkout, order).
async fn place(state: &AppState, shopper: i64, address_id: i64, sku_id: i64) -> anyhow::Result<(i64, i64)> {
    let owner = CartOwner::User(shopper);
    let mut tx = state.db.begin_write().await?;
    let quantity = Quantity::parse("1").map_err(|e| anyhow::anyhow!("{e:?}"))?;
    cart::add(&mut tx, &owner, sku_id, quantity)
        .await
        .map_err(|e| anyhow::anyhow!("demo cart: {e:?}"))?;
    let placed = checkout::place(
        &mut tx,
        &state.config,
        shopper,
        &PlaceInput {
            token: app::accounts::service::new_token(),
            address_id: Some(address_id),
            expected_total_minor: None,
            picks: Default::default(),
            visitor: None,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo checkout: {e:?}"))?;
    tx.commit().await?;
    let heads = orders::checkout_heads(&mut *state.db.read().await?, placed.checkout_id)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let order_id = heads
        .first()
        .map(|h| h.order_id)
        .ok_or_else(|| anyhow::anyhow!("no order placed"))?;
    Ok((placed.checkout_id, order_id))
}

/// Pays a checkout with the test card that pays. The server is not yet
/// listening while the demo is seeded, so the payment is confirmed by
/// asking the gateway (as Pay does when a notification is late).
async fn pay(state: &AppState, shopper: i64, checkout_id: i64) -> anyhow::Result<()> {
    let mut config = (*state.config).clone();
    config.payment_wait_ms = 0;
    let quick = state.with_config(config);
    let card = app::payments::service::CardInput {
        number: "4242 4242 4242 4242",
        expiry: "12/30",
        cvc: "123",
    };
    app::payments::service::pay(
        &quick,
        shopper,
        checkout_id,
        &app::accounts::service::new_token(),
        &card,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo payment: {e:?}"))?;
    Ok(())
}

async fn act(state: &AppState, order_id: i64, action: OrderAction, actor: Actor, reason: &str) -> anyhow::Result<()> {
    let mut tx = state.db.begin_write().await?;
    orders::transition(&mut tx, &state.config, order_id, action, actor, reason, "")
        .await
        .map_err(|e| anyhow::anyhow!("demo order {order_id} {action:?}: {e:?}"))?;
    tx.commit().await?;
    Ok(())
}

async fn ship(state: &AppState, merchant: i64, shop_id: i64, order_id: i64, tracking: &str) -> anyhow::Result<()> {
    let mut tx = state.db.begin_write().await?;
    orders::ship(&mut tx, &state.config, merchant, &[shop_id], order_id, "sf", tracking)
        .await
        .map_err(|e| anyhow::anyhow!("demo shipping: {e:?}"))?;
    tx.commit().await?;
    Ok(())
}

/// Gives the demo shopper an address and orders from the demo merchant's
/// shop: pending payment, paid (for the merchant to ship), shipped,
/// delivered, completed, cancelled and refunded. Returns the completed
/// order's id.
pub async fn seed_orders(
    state: &AppState,
    shopper: i64,
    merchant: i64,
    operator: i64,
    shop_id: i64,
) -> anyhow::Result<i64> {
    let mut tx = state.db.begin_write().await?;
    let address_id = checkout::save_address(
        &mut tx,
        shopper,
        None,
        &AddressInput {
            recipient: "王小明".into(),
            phone: "138 0013 8000".into(),
            province: "330000".into(),
            city: "330100".into(),
            district: "330106".into(),
            detail: "文三路 90 号东部软件园 3 幢 201".into(),
            make_default: true,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo address: {e:?}"))?;
    tx.commit().await?;

    // In-stock SKUs of the merchant's shop, one per order.
    let mut conn = state.db.read().await?;
    let (products, _) = app::catalog::listings::seller_products_page(&mut conn, shop_id, None, 1)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut skus = Vec::new();
    for p in products.iter().filter(|p| p.total_stock > 20) {
        let detail = app::catalog::service::product_detail(&mut conn, &state.catalog, p.product_id).await;
        if let Some(sku) = detail.ok().and_then(|d| d.skus.into_iter().find(|s| s.stock > 5)) {
            skus.push(sku.sku_id);
        }
        if skus.len() == 7 {
            break;
        }
    }
    drop(conn);
    anyhow::ensure!(skus.len() == 7, "the demo shop needs seven products in stock");

    let mut placed = Vec::new();
    for sku in &skus {
        placed.push(place(state, shopper, address_id, *sku).await?);
    }
    let [_pending, paid, shipped, delivered, completed, cancelled, refunded] = placed[..] else {
        anyhow::bail!("seven orders expected");
    };
    for (checkout_id, _) in [paid, shipped, delivered, completed, refunded] {
        pay(state, shopper, checkout_id).await?;
    }
    for (n, (_, order_id)) in [shipped, delivered, completed, refunded].into_iter().enumerate() {
        ship(state, merchant, shop_id, order_id, &format!("SF14{n:02}88203377{n}")).await?;
    }
    for (_, order_id) in [delivered, completed, refunded] {
        act(state, order_id, OrderAction::Deliver, Actor::Carrier, "").await?;
    }
    act(
        state,
        completed.1,
        OrderAction::ConfirmReceipt,
        Actor::Shopper(shopper),
        "",
    )
    .await?;
    act(
        state,
        refunded.1,
        OrderAction::Refund,
        Actor::Operator(operator),
        "returned: wrong size",
    )
    .await?;
    act(
        state,
        cancelled.1,
        OrderAction::Cancel,
        Actor::Shopper(shopper),
        "changed my mind",
    )
    .await?;
    Ok(completed.1)
}
