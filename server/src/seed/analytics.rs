//! Demo: two weeks of storefront visits to the demo shop (views, carts,
//! checkouts by made-up visitors), so its Analytics page has a shape on the
//! first visit. The demo's orders and payments count through the rollups
//! as any order does.

use super::Rng;
use app::analytics::domain::DAY_MS;
use app::analytics::service::{ingest, Event, EventKind};
use app::server::AppState;

pub async fn seed_visits(state: &AppState, shop_id: i64) -> anyhow::Result<()> {
    let products: Vec<i64> =
        sqlx::query_scalar("select product_id from product where shop_id = $1 and status = 'live' order by product_id")
            .bind(shop_id)
            .fetch_all(state.db.pool())
            .await?;
    if products.is_empty() {
        return Ok(());
    }
    let now = app::server::now_ms();
    let mut rng = Rng(0x0a11_7e57);
    let mut events = Vec::new();
    for days_ago in 0..14_i64 {
        // A busier weekend, and more each week.
        let visits = 20 + (14 - days_ago) * 2 + if days_ago % 7 < 2 { 15 } else { 0 };
        for v in 0..visits {
            let visitor = format!("demo{days_ago:0>4}{v:0>14}");
            let at = now - days_ago * DAY_MS - rng.below(8 * 3_600_000) as i64;
            let product = products[rng.below(products.len() as u64) as usize];
            let event = |kind: EventKind, product_id: Option<i64>| Event {
                at,
                visitor: visitor.clone(),
                user_id: None,
                kind,
                shop_id: Some(shop_id),
                product_id,
                order_id: None,
            };
            events.push(event(EventKind::View, Some(product)));
            if rng.below(3) == 0 {
                events.push(event(
                    EventKind::View,
                    Some(products[rng.below(products.len() as u64) as usize]),
                ));
            }
            if rng.below(4) == 0 {
                events.push(event(EventKind::Cart, Some(product)));
                if rng.below(2) == 0 {
                    events.push(event(EventKind::Checkout, None));
                }
            }
        }
    }
    let mut tx = state.db.begin_write().await?;
    ingest(&mut tx, &events).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    tx.commit().await?;
    Ok(())
}
