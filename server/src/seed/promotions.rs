//! The demo's promotions: in the demo merchant's shop a claimable coupon
//! and a tiered 满减, and a platform coupon with a code, each running for
//! a month from the seeding, made through the same services merchants and
//! operators use.

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
    tx.commit().await?;
    Ok(())
}
