//! Reviews for the demo and the benchmark: synthetic buyers' published
//! reviews of a product (lines of one completed order of a seeding account,
//! each review published through the review state machine, so the stored
//! aggregates are exactly what decisions make), and the demo shopper's own
//! review of a completed order, written, moderated and replied to as people
//! do.

use super::Rng;
use app::media::upload::{self, UploadKind};
use app::orders::db::{NewLineRow, NewOrderRow};
use app::orders::model::Actor;
use app::reviews::db::{self as reviews_db, NewReview};
use app::reviews::domain::ReviewEvent;
use app::server::{now_ms, AppState};

const WORDS_EN: &[&str] = &[
    "Exactly as described, well packed and quick to arrive.",
    "Good quality for the price. Would buy from this shop again.",
    "Works well so far; the finish is better than in the photos.",
    "Arrived a day late but the seller kept me informed.",
    "Decent, though the colour is a little darker than shown.",
    "Not what I hoped for: it feels cheaper than the price suggests.",
];
const WORDS_ZH: &[&str] = &[
    "和描述的一样，包装很仔细，物流也很快。",
    "质量不错，性价比高，会回购的。",
    "用了几天感觉挺好，做工比图片上还要好。",
    "物流慢了一天，不过卖家一直有沟通，服务很好。",
    "还可以，颜色比图片稍微深一点。",
    "不太满意，感觉用料一般，对不起这个价格。",
];
const NAMES: &[&str] = &[
    "王**",
    "李小姐",
    "Chen W.",
    "张**",
    "刘洋",
    "Amy L.",
    "赵**",
    "孙先生",
    "周**",
    "Tom H.",
];
const REPLIES: &[&str] = &["Thank you for your review!", "感谢您的支持，欢迎再次光临！"];

/// The account the synthetic reviews are written from (no one logs in as
/// it: its password is random).
pub async fn seed_buyer(state: &AppState) -> anyhow::Result<i64> {
    if let Some(id) = app::accounts::service::user_id_by_email(&state.db, "seed-buyers@example.com")
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
    {
        return Ok(id);
    }
    let password = app::accounts::service::new_token();
    app::accounts::service::create_user(
        &state.db,
        &state.hashing,
        "seed-buyers@example.com",
        "Jishi buyers",
        &password,
    )
    .await
    .map_err(|e| anyhow::anyhow!("seed buyer: {e:?}"))
}

/// A stored photo: (key, width, height).
pub type Photo = (String, i64, i64);

/// Stores two photo-like pictures (with their narrower copies) once; the
/// seeded reviews share them.
pub async fn seed_photos(state: &AppState) -> anyhow::Result<Vec<Photo>> {
    let mut out = Vec::new();
    for (i, (w, h)) in [(800u32, 600u32), (600, 800)].into_iter().enumerate() {
        let bytes = app::media::samples::picture(w, h, image::ImageFormat::Png);
        let picture = upload::process(UploadKind::Image, &bytes).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let key = format!("reviews/seed/photo-{i}.{}", picture.ext);
        for thumb in upload::thumbnails(&picture).map_err(|e| anyhow::anyhow!("{e:?}"))? {
            state
                .media
                .put(&app::media::thumbnail_key(&key, thumb.width), thumb.bytes)
                .await?;
        }
        out.push((key.clone(), i64::from(picture.width), i64::from(picture.height)));
        state.media.put(&key, picture.bytes).await?;
    }
    Ok(out)
}

/// `count` published reviews of `product_id` by synthetic buyers, with
/// photos on some, follow-ups on some and the shop's reply on others.
#[allow(clippy::too_many_arguments, reason = "seeding knobs")]
pub(super) async fn seed_reviews(
    state: &AppState,
    rng: &mut Rng,
    photos: &[Photo],
    buyer: i64,
    merchant: i64,
    product_id: i64,
    count: usize,
) -> anyhow::Result<()> {
    if count == 0 || photos.is_empty() {
        return Ok(());
    }
    let detail = {
        let mut conn = state.db.read().await?;
        app::catalog::service::product_detail(&mut conn, &state.catalog, product_id)
            .await
            .map_err(|e| anyhow::anyhow!("seed reviews of {product_id}: {e:?}"))?
    };
    let sku = detail
        .skus
        .first()
        .ok_or_else(|| anyhow::anyhow!("product {product_id} has no SKU"))?;
    let shop_id = detail.shop.shop_id;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let checkout_id = app::checkout::db::insert_checkout(&mut *tx, buyer, &app::accounts::service::new_token(), 0, now)
        .await?
        .ok_or_else(|| anyhow::anyhow!("checkout token taken"))?;
    let made = app::orders::db::insert_orders(
        &mut *tx,
        &[NewOrderRow {
            checkout_id,
            user_id: buyer,
            shop_id,
            status: "completed",
            items_minor: 0,
            shipping_minor: 0,
            discount_minor: 0,
            total_minor: 0,
            recipient: "Seed buyer",
            phone: "13800138000",
            address_text: "—",
            pay_by: now,
        }],
        now,
    )
    .await?;
    let (order_id, _, _) = *made.first().ok_or_else(|| anyhow::anyhow!("order not made"))?;
    let line = NewLineRow {
        sku_id: sku.sku_id,
        product_id,
        title: &detail.title,
        options_json: "[]",
        sku_code: "",
        image_key: None,
        unit_price_minor: sku.price_minor,
        quantity: 1,
        shop_discount_minor: 0,
        platform_discount_minor: 0,
    };
    for chunk in (0..count).collect::<Vec<_>>().chunks(500) {
        let lines: Vec<(i64, NewLineRow)> = chunk.iter().map(|_| (order_id, line.clone())).collect();
        app::orders::db::insert_lines(&mut *tx, &lines, now).await?;
    }
    let line_ids: Vec<i64> = app::orders::db::lines_of(&mut *tx, &[order_id])
        .await?
        .into_iter()
        .map(|l| l.order_line_id)
        .collect();
    for (n, line_id) in line_ids.into_iter().enumerate() {
        // Mostly good, some poor, as marketplaces see.
        let rating = [5, 5, 5, 4, 4, 3, 2, 1][rng.below(8) as usize];
        let words = if rng.below(2) == 0 { WORDS_EN } else { WORDS_ZH };
        let tone = match rating {
            5 => rng.below(3),
            4 | 3 => 3 + rng.below(2),
            _ => 5,
        } as usize;
        // Older reviews first, one every few minutes.
        let at = now - (count - n) as i64 * 180_000;
        let review = NewReview {
            parent_id: None,
            order_line_id: line_id,
            order_id,
            product_id,
            shop_id,
            user_id: buyer,
            status: "pending",
            rating: Some(rating),
            body: words[tone],
            anonymous: false,
            author_name: NAMES[rng.below(NAMES.len() as u64) as usize],
            options_json: "[]",
            client_ip: "",
            submitted_at: Some(at),
        };
        let review_id = reviews_db::insert_review(&mut tx, &review, at).await?;
        if n % 5 == 0 {
            let (key, w, h) = &photos[n % photos.len()];
            reviews_db::insert_photo(&mut tx, review_id, key, *w, *h, 0, at).await?;
            let json = serde_json::json!([[key, w, h]]).to_string();
            reviews_db::set_photos(&mut tx, review_id, &json, 1).await?;
        }
        reviews_db::set_helpful_count(&mut tx, review_id, rng.below(40) as i64).await?;
        app::reviews::service::transition(&mut tx, review_id, ReviewEvent::Publish, Actor::System, "seed", at)
            .await
            .map_err(|e| anyhow::anyhow!("seed review: {e:?}"))?;
        if n % 7 == 3 {
            reviews_db::upsert_reply(&mut tx, review_id, shop_id, merchant, REPLIES[n % 2], at).await?;
        }
        if n % 10 == 5 {
            let follow = NewReview {
                parent_id: Some(review_id),
                rating: None,
                body: if words == WORDS_EN {
                    "A few weeks on: still works like new."
                } else {
                    "用了几周，依然很好用。"
                },
                submitted_at: Some(at + 14 * 86_400_000),
                ..review
            };
            let follow_id = reviews_db::insert_review(&mut tx, &follow, at).await?;
            app::reviews::service::transition(&mut tx, follow_id, ReviewEvent::Publish, Actor::System, "seed", at)
                .await
                .map_err(|e| anyhow::anyhow!("seed follow-up: {e:?}"))?;
        }
        if n % 1000 == 999 {
            tx.commit().await?;
            tx = state.db.begin_write().await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The demo shopper reviews their completed order (with a photo and the
/// shop's rating); an operator approves it and the shop replies.
pub async fn seed_shopper_review(
    state: &AppState,
    shopper: i64,
    operator: i64,
    merchant: i64,
    order_line_id: i64,
    photos: &[Photo],
) -> anyhow::Result<()> {
    let now = now_ms();
    let typed = app::reviews::service::Typed {
        order_line_id,
        follow_up: false,
        rating: "5".into(),
        body: "包装很好，东西和描述一致，物流也快。Well packed and exactly as described.".into(),
        anonymous: true,
        described: "5".into(),
        service: "5".into(),
        delivery: "4".into(),
    };
    let stored: Vec<app::reviews::service::StoredPhoto> = photos
        .iter()
        .take(1)
        .map(|(key, width, height)| app::reviews::service::StoredPhoto {
            key: key.clone(),
            width: *width,
            height: *height,
        })
        .collect();
    let mut tx = state.db.begin_write().await?;
    let checked = app::reviews::service::check(&mut tx, shopper, &typed, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo review: {e:?}"))?;
    app::reviews::service::submit(&mut tx, shopper, "Demo Shopper", checked, &stored, "", now)
        .await
        .map_err(|e| anyhow::anyhow!("demo review: {e:?}"))?;
    let review_id: i64 = reviews_db::reviews_of_line(&mut tx, order_line_id)
        .await?
        .first()
        .map(|r| r.review_id)
        .ok_or_else(|| anyhow::anyhow!("demo review missing"))?;
    app::reviews::service::decide(&mut tx, operator, review_id, true, "", now)
        .await
        .map_err(|e| anyhow::anyhow!("demo review decision: {e:?}"))?;
    let shops = app::merchants::service::shop_ids_of_member(&mut tx, merchant).await?;
    app::reviews::service::reply(&mut tx, merchant, &shops, review_id, "谢谢您的好评！Thank you!", now)
        .await
        .map_err(|e| anyhow::anyhow!("demo reply: {e:?}"))?;
    tx.commit().await?;
    Ok(())
}

/// The benchmark's reviewed product: `count` published reviews of
/// `product_id` (its shop's reply from nobody in particular: user 0).
pub async fn bench_reviews(state: &AppState, product_id: i64, count: usize) -> anyhow::Result<()> {
    // The benchmark catalogue's made-up rating goes: reviews alone make it
    // (with `count` 0, the product is one without reviews).
    let mut conn = state.db.read().await?;
    let reviewed = app::reviews::service::summary(&mut conn, product_id)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .count;
    drop(conn);
    if reviewed == 0 {
        let mut tx = state.db.begin_write().await?;
        app::catalog::service::clear_rating(&mut tx, product_id)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        tx.commit().await?;
    }
    let photos = seed_photos(state).await?;
    let buyer = seed_buyer(state).await?;
    let mut rng = Rng(0x4245_4e43);
    seed_reviews(state, &mut rng, &photos, buyer, 0, product_id, count).await
}
