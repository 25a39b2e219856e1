//! The demo's promotions: in the demo merchant's shop a claimable coupon,
//! a tiered 满减 and a group buy, each running for a month from the
//! seeding, a flash sale in a slot running now, and a platform coupon with
//! a code, made through the same services merchants and operators use.

use app::promotions::domain::china_time_input;
use app::promotions::service::{create_coupon, create_offer, CouponInput, OfferInput};
use app::server::{now_ms, AppState};

/// The platform coupon's code in the demo.
pub const DEMO_CODE: &str = "JISHI10";

pub async fn seed_promotions(state: &AppState, merchant: i64, operator: i64, shop_id: i64) -> anyhow::Result<()> {
    let now = now_ms();
    let ends = china_time_input(now + 30 * 86_400_000);
    let mut tx = state.db.begin_write().await?;
    let shop_coupon = CouponInput {
        title: "店铺新客券 New customer coupon".chars().take(40).collect(),
        kind: "amount".into(),
        value: "20".into(),
        min_spend: "199".into(),
        ends_at: ends.clone(),
        quantity: "500".into(),
        per_person: "1".into(),
        ..CouponInput::default()
    };
    create_coupon(&mut tx, merchant, Some(shop_id), &shop_coupon, None, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo shop coupon: {e:?}"))?;
    let tiers = OfferInput {
        title: "Spend more, save more".into(),
        tiers: "199-20, 399-50".into(),
        ends_at: ends.clone(),
        ..OfferInput::default()
    };
    create_offer(&mut tx, merchant, Some(shop_id), &tiers, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo 满减: {e:?}"))?;
    let platform = CouponInput {
        title: "Jishi 10% off".into(),
        kind: "percent".into(),
        value: "10".into(),
        cap: "50".into(),
        min_spend: "99".into(),
        ends_at: ends,
        quantity: "10000".into(),
        per_person: "1".into(),
        code: DEMO_CODE.into(),
        ..CouponInput::default()
    };
    create_coupon(&mut tx, operator, None, &platform, None, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo platform coupon: {e:?}"))?;
    // The group buy on the shop's second product (the flash sale takes the
    // first): two people, a fifth off.
    let (_, group_sku, price) = demo_skus(&mut tx, shop_id).await?.1;
    let group = app::promotions::group::OfferInput {
        sku_id: group_sku.to_string(),
        price: yuan(price * 4 / 5),
        size: "2".into(),
        ends_at: china_time_input(now + 30 * 86_400_000),
        ..Default::default()
    };
    app::promotions::group::create_offer(&mut tx, merchant, shop_id, &group, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo group buy: {e:?}"))?;
    tx.commit().await?;
    keep_flash_running(state, merchant, operator, shop_id).await
}

/// Fen as the yuan a merchant types ("159.20").
fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// (product, SKU, price) of the first SKUs of the shop's first two products.
async fn demo_skus(conn: &mut app::server::Conn, shop_id: i64) -> anyhow::Result<((i64, i64, i64), (i64, i64, i64))> {
    let choices = app::promotions::flash::sku_choices(conn, shop_id)
        .await
        .map_err(|e| anyhow::anyhow!("demo SKUs: {e:?}"))?;
    let ids: Vec<i64> = choices.iter().map(|c| c.sku_id).collect();
    let lines = app::catalog::service::lines_for(conn, &ids)
        .await
        .map_err(|e| anyhow::anyhow!("demo SKUs: {e:?}"))?;
    let mut firsts: Vec<(i64, i64, i64)> = Vec::new();
    for id in ids {
        if let Some(l) = lines.get(&id).filter(|l| l.live && l.stock > 10) {
            if !firsts.iter().any(|(p, _, _)| *p == l.product_id) {
                firsts.push((l.product_id, l.sku_id, l.price_minor));
            }
        }
    }
    match firsts[..] {
        [a, b, ..] => Ok((a, b)),
        _ => anyhow::bail!("the demo shop has fewer than two products in stock"),
    }
}

/// The demo's flash sale: when no slot runs now (a fresh demo, or one
/// started again a week later), a week-long slot from now with the shop's
/// first product at 70 % of its price, applied and approved.
pub async fn keep_flash_running(state: &AppState, merchant: i64, operator: i64, shop_id: i64) -> anyhow::Result<()> {
    use app::promotions::flash;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let running = app::promotions::db::open_slots(&mut *tx, now)
        .await?
        .iter()
        .any(|s| s.starts_at <= now);
    if running {
        return Ok(());
    }
    let ((_, sku, price), _) = demo_skus(&mut tx, shop_id).await?;
    let slot = flash::create_slot(
        &mut tx,
        operator,
        "Demo flash sale",
        &china_time_input(now),
        &china_time_input(now + 7 * 86_400_000 - 60_000),
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo flash slot: {e:?}"))?;
    let input = flash::FlashInput {
        slot_id: slot.to_string(),
        sku_id: sku.to_string(),
        price: yuan(price * 7 / 10),
        quantity: "20".into(),
        per_account: "1".into(),
    };
    let item = flash::apply(&mut tx, merchant, shop_id, &input, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo flash item: {e:?}"))?;
    flash::decide(&mut tx, operator, item, true, "", now)
        .await
        .map_err(|e| anyhow::anyhow!("demo flash approval: {e:?}"))?;
    tx.commit().await?;
    state.flash.forget();
    Ok(())
}
