//! Demo data, one module per domain, all through the domains' services: a
//! believable, deterministic catalog, and for `--demo` the demo accounts.
//! Later domains (orders, reviews, promotions) add their own module here.

mod accounts;
mod aftersales;
mod analytics;
mod catalog;
pub mod merchants;
mod orders;
pub mod promotions;
pub mod reviews;

use app::server::AppState;

pub use accounts::{MERCHANT, OPERATOR, SHOPPER};

/// SplitMix64: a tiny deterministic generator, so every seed is identical.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Seeds the catalog into an empty database: shops, categories, brands and
/// `products` products. Returns false if the database already had a
/// catalog (nothing is changed then).
pub async fn seed_catalog(state: &AppState, products: usize, with_merchant: bool) -> anyhow::Result<bool> {
    let mut conn = state.db.read().await?;
    if !app::catalog::service::category_tree_of(&mut conn).await?.is_empty() {
        return Ok(false);
    }
    drop(conn);
    let started = std::time::Instant::now();
    let mut rng = Rng(0x4A15_4849);
    let shop_ids = merchants::seed_shops(state).await?;
    // The demo's ratings come from its reviews; the benchmark's are made up.
    catalog::seed_products(state, &mut rng, products, !with_merchant, |top| {
        shop_ids[merchants::shop_for_top(top)]
    })
    .await?;
    if with_merchant {
        let merchant = accounts::seed_merchant(state).await?;
        merchants::seed_owner(state, shop_ids[0], merchant).await?;
    }
    tracing::info!(
        products,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "catalog seeded"
    );
    Ok(true)
}

/// `--demo`: on an empty database, the demo catalog and the demo accounts.
pub async fn seed_demo(state: &AppState) -> anyhow::Result<()> {
    if !seed_catalog(state, 240, true).await? {
        // A demo started again keeps a flash sale running.
        let operator = app::accounts::service::user_id_by_email(&state.db, OPERATOR.0)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        if let (Ok(merchant), Some(operator)) = (accounts::merchant_id(state).await, operator) {
            let shop_id = merchants::first_shop_of(state, merchant).await?;
            promotions::keep_flash_running(state, merchant, operator, shop_id).await?;
        }
        return Ok(());
    }
    let (operator, shopper) = accounts::seed_people(state).await?;
    let merchant = accounts::merchant_id(state).await?;
    let shop_id = merchants::first_shop_of(state, merchant).await?;
    let completed = orders::seed_orders(state, shopper, merchant, operator, shop_id).await?;
    // Reviews: a few on most products, a page's worth and more on some, and
    // the demo shopper's own on their completed order.
    let photos = reviews::seed_photos(state).await?;
    let buyer = reviews::seed_buyer(state).await?;
    let mut rng = Rng(0x5245_5649);
    for product_id in 1..=240 {
        let count = if product_id % 20 == 1 {
            36
        } else {
            rng.below(9) as usize
        };
        reviews::seed_reviews(state, &mut rng, &photos, buyer, merchant, product_id, count).await?;
    }
    let line = app::orders::db::lines_of(&mut *state.db.read().await?, &[completed])
        .await?
        .first()
        .map(|l| l.order_line_id)
        .ok_or_else(|| anyhow::anyhow!("the completed demo order has no line"))?;
    reviews::seed_shopper_review(state, shopper, operator, merchant, line, &photos).await?;
    aftersales::seed_after_sales(state, shopper, merchant, shop_id).await?;
    merchants::seed_application(state, "food-drink").await?;
    promotions::seed_promotions(state, merchant, operator, shop_id).await?;
    analytics::seed_visits(state, shop_id).await?;
    tracing::info!(
        "demo accounts ready: {}, {}, {}, {}",
        OPERATOR.0,
        SHOPPER.0,
        MERCHANT.0,
        merchants::APPLICANT.0
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        assert!((0..100).all(|_| a.next() == b.next()));
    }
}
