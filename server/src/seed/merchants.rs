//! The demo shops, opened through the merchants' services.

use app::merchants::model::MemberRole;
use app::merchants::service as merchants;
use app::server::AppState;

const SHOPS: &[(&str, &str, &str)] = &[
    (
        "harbor-digital",
        "港湾数码 Harbor Digital",
        "Phones, audio and accessories, shipped from Shenzhen within 24 hours.",
    ),
    (
        "jade-tea-house",
        "玉露茶庄 Jade Tea House",
        "Tea from our own gardens in Hangzhou and Wuyishan since 1998.",
    ),
    (
        "northwind-outfitters",
        "北风户外 Northwind Outfitters",
        "Gear for running, camping and the mountains.",
    ),
    (
        "lotus-home",
        "莲花家居 Lotus Home",
        "Kitchen and bedding essentials for a calm home.",
    ),
    (
        "silk-road-fashion",
        "丝路服饰 Silk Road Fashion",
        "Everyday clothing and shoes in honest fabrics.",
    ),
    (
        "panda-kids",
        "熊猫童趣 Panda Kids",
        "Toys, books and baby care that parents trust.",
    ),
    (
        "bright-beauty",
        "明眸美妆 Bright Beauty",
        "Authentic skincare and makeup from the brands themselves.",
    ),
    (
        "pixel-office",
        "像素办公 Pixel Office",
        "Laptops, keyboards and monitors for work and play.",
    ),
];

/// Which shop sells which top category (by index into SHOPS).
pub fn shop_for_top(top: usize) -> usize {
    [0, 7, 3, 4, 4, 4, 6, 1, 3, 2, 5, 5][top % 12]
}

/// Opens the demo shops; returns their ids in `SHOPS` order.
pub async fn seed_shops(state: &AppState) -> anyhow::Result<Vec<i64>> {
    let mut tx = state.db.begin_write().await?;
    let mut ids = Vec::new();
    for (slug, name, description) in SHOPS {
        ids.push(merchants::create_shop(&mut tx, slug, name, description).await?);
    }
    tx.commit().await?;
    Ok(ids)
}

/// Makes `user_id` the owner of `shop_id`.
pub async fn seed_owner(state: &AppState, shop_id: i64, user_id: i64) -> anyhow::Result<()> {
    let mut tx = state.db.begin_write().await?;
    merchants::add_member(&mut tx, shop_id, user_id, MemberRole::Owner).await?;
    tx.commit().await?;
    Ok(())
}
