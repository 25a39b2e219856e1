//! Promotions: claiming under concurrency, the per-person limit, a coupon
//! used once across two placings at once, stacking at checkout with the
//! funders recorded per order and line, coupons coming back on a cancel,
//! and who may run which promotion.

use crate::common::{
    self, add_to_cart, checkout_id_of, checkout_token, member_of, operator_session, place_order, shopper_ready_to_buy,
    ShopBuilder,
};
use app::promotions::service::{self, CouponInput, OfferInput};
use app::server::now_ms;
use futures::future::join_all;

fn next_month() -> String {
    app::promotions::domain::china_time_input(now_ms() + 30 * 86_400_000)
}

/// A shop coupon made through the service: `value` yuan off from `min`.
async fn shop_coupon(
    app: &common::TestApp,
    shop_id: i64,
    value: &str,
    min: &str,
    quantity: i64,
    per_person: i64,
) -> i64 {
    let mut tx = app.state.db.begin_write().await.expect("tx");
    let input = CouponInput {
        title: format!("¥{value} off"),
        kind: "amount".into(),
        value: value.into(),
        min_spend: min.into(),
        ends_at: next_month(),
        quantity: quantity.to_string(),
        per_person: per_person.to_string(),
        ..CouponInput::default()
    };
    let id = service::create_coupon(&mut tx, 1, Some(shop_id), &input, None, now_ms())
        .await
        .expect("coupon");
    tx.commit().await.expect("commit");
    id
}

async fn user_id_of(app: &common::TestApp, session: &str) -> i64 {
    let hash = app::accounts::service::token_hash(session);
    sqlx::query_scalar("select user_id from session where session_hash = $1")
        .bind(hash)
        .fetch_one(app.state.db.pool())
        .await
        .expect("user of session")
}

async fn error_of(res: reqwest::Response) -> (u16, serde_json::Value) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

db_test!(
    a_thousand_shoppers_claiming_a_hundred_units_get_exactly_a_hundred,
    |db| {
        let app = common::spawn_app(db).await;
        let (shop_id, _) = ShopBuilder::new().create(&app).await;
        let coupon = shop_coupon(&app, shop_id, "10", "100", 100, 1).await;
        // A thousand accounts at once (made directly: hashing a thousand
        // passwords would measure Argon2, not claiming).
        let now = now_ms();
        let mut tx = app.state.db.begin_write().await.expect("tx");
        for i in 0..1000 {
            sqlx::query(
                "insert into app_user (email, display_name, password_hash, created_at, updated_at)
             values ($1, 'Claimer', 'x', $2, $2)",
            )
            .bind(format!("claimer-{i}@example.com"))
            .bind(now)
            .execute(&mut *tx)
            .await
            .expect("user");
        }
        tx.commit().await.expect("commit");
        let users: Vec<i64> = sqlx::query_scalar("select user_id from app_user where email like 'claimer-%'")
            .fetch_all(app.state.db.pool())
            .await
            .expect("users");
        let results = join_all(users.iter().map(|user| {
            let db = app.state.db.clone();
            let user = *user;
            tokio::spawn(async move {
                let mut tx = db.begin_write().await.expect("tx");
                let outcome = service::claim(&mut tx, user, coupon, false, now_ms()).await;
                if outcome.is_ok() {
                    tx.commit().await.expect("commit");
                }
                outcome.map_err(|e| e.code)
            })
        }))
        .await;
        let won = results.iter().filter(|r| matches!(r, Ok(Ok(_)))).count();
        let gone = results
            .iter()
            .filter(|r| matches!(r, Ok(Err(app::error::ErrorCode::CouponGone))))
            .count();
        assert_eq!(won, 100, "exactly the units are claimed");
        assert_eq!(
            gone,
            900,
            "everyone else hears it is gone: {:?}",
            results
                .iter()
                .find(|r| !matches!(r, Ok(Ok(_)) | Ok(Err(app::error::ErrorCode::CouponGone))))
        );
        let (claims, claimed): (i64, i64) = sqlx::query_as(
            "select (select count(*) from coupon_claim where coupon_id = $1), claimed from coupon where coupon_id = $1",
        )
        .bind(coupon)
        .fetch_one(app.state.db.pool())
        .await
        .expect("counts");
        assert_eq!((claims, claimed), (100, 100));
        app.stop().await;
    }
);

db_test!(
    one_shopper_claiming_ten_times_at_once_holds_the_per_person_limit,
    |db| {
        let app = common::spawn_app(db).await;
        let (shop_id, _) = ShopBuilder::new().create(&app).await;
        let coupon = shop_coupon(&app, shop_id, "5", "50", 1000, 2).await;
        let session = app
            .register(&common::unique_email("eager"), common::GOOD_PASSWORD)
            .await;
        let id = coupon.to_string();
        let results = join_all((0..10).map(|_| {
            let (app, id, session) = (&app, &id, &session);
            async move {
                app.call("promotions/claim", &[("coupon_id", id.as_str())], Some(session))
                    .await
            }
        }))
        .await;
        let ok = results.iter().filter(|r| r.status() == 200).count();
        assert_eq!(ok, 2, "two claims, the limit");
        for r in results.into_iter().filter(|r| r.status() != 200) {
            let (status, body) = error_of(r).await;
            assert_eq!(status, 409);
            assert_eq!(body["code"], "CouponLimitReached");
        }
        let wallet: serde_json::Value = app
            .call("promotions/wallet", &[], Some(&session))
            .await
            .json()
            .await
            .expect("wallet");
        assert_eq!(wallet.as_array().map(Vec::len), Some(2));
        app.stop().await;
    }
);

db_test!(
    checkout_stacks_the_shop_offer_and_coupons_and_records_who_funds_each_fen,
    |db| {
        let app = common::spawn_app(db).await;
        let (product, skus) = common::seed_product(&app, "Kettle 电水壶", [20, 20]).await;
        let shop_id = common::placement(&app, product).await.shop_id;
        // 满199减20 / 满399减50; a ¥30-off-¥300 shop coupon; a platform 10 %
        // coupon up to ¥50 by code.
        let mut tx = app.state.db.begin_write().await.expect("tx");
        let tiers = OfferInput {
            title: "Spend and save".into(),
            tiers: "199-20, 399-50".into(),
            ends_at: next_month(),
            ..OfferInput::default()
        };
        service::create_offer(&mut tx, 1, Some(shop_id), &tiers, now_ms())
            .await
            .expect("offer");
        let platform = CouponInput {
            title: "Platform 10%".into(),
            kind: "percent".into(),
            value: "10".into(),
            cap: "50".into(),
            ends_at: next_month(),
            quantity: "100".into(),
            code: "FEST10".into(),
            code_only: true,
            ..CouponInput::default()
        };
        service::create_coupon(&mut tx, 1, None, &platform, None, now_ms())
            .await
            .expect("platform coupon");
        tx.commit().await.expect("commit");
        let coupon = shop_coupon(&app, shop_id, "30", "300", 10, 1).await;

        // Two red kettles at ¥199: ¥398.
        let (session, address) = shopper_ready_to_buy(&app, skus[0], 2).await;
        let claim = app
            .call(
                "promotions/claim",
                &[("coupon_id", &coupon.to_string())],
                Some(&session),
            )
            .await;
        assert_eq!(claim.status(), 200);
        // A hostile or wrong code is named next to the field; the real one works.
        for bad in ["NOPE1234", "FEST 10", "<b>x</b>"] {
            let (status, body) = error_of(
                app.call("checkout/apply_coupon", &[("code", bad)], Some(&session))
                    .await,
            )
            .await;
            assert_eq!(status, 400, "{bad}: {body}");
            assert_eq!(body["fields"][0]["field"], "coupon");
        }
        let applied = app
            .call("checkout/apply_coupon", &[("code", "fest10")], Some(&session))
            .await;
        assert_eq!(applied.status(), 200, "{}", applied.text().await.unwrap_or_default());

        let view: serde_json::Value = app
            .call("checkout/view", &[], Some(&session))
            .await
            .json()
            .await
            .expect("view");
        let group = &view["plan"]["groups"][0];
        let lines: Vec<(String, i64)> = group["discounts"]
            .as_array()
            .expect("discounts")
            .iter()
            .map(|d| {
                (
                    d["kind"].as_str().unwrap_or("").to_string(),
                    d["amount_minor"].as_i64().unwrap_or(0),
                )
            })
            .collect();
        // 398 → 满减 20 → 378 → coupon 30 → 348 → 10 % = 34.80.
        assert_eq!(
            lines,
            vec![
                ("ShopOffer".to_string(), 2_000),
                ("ShopCoupon".to_string(), 3_000),
                ("PlatformCoupon".to_string(), 3_480)
            ]
        );
        let total = view["plan"]["totals"]["total_minor"].as_i64().expect("total");
        let shipping = view["plan"]["totals"]["shipping_minor"].as_i64().expect("shipping");
        assert_eq!(total, 39_800 - 8_480 + shipping);

        let res = app
            .call(
                "checkout/place_order",
                &[
                    ("token", &checkout_token()),
                    ("address_id", &address.to_string()),
                    ("expected_total", &total.to_string()),
                ],
                Some(&session),
            )
            .await;
        let checkout = checkout_id_of(res).await;
        let (order_id, discount, order_total): (i64, i64, i64) =
            sqlx::query_as("select order_id, discount_minor, total_minor from shop_order where checkout_id = $1")
                .bind(checkout)
                .fetch_one(app.state.db.pool())
                .await
                .expect("order");
        assert_eq!((discount, order_total), (8_480, total));
        let funders: Vec<(String, i64)> = sqlx::query_as(
            "select funder, cast(sum(amount_minor) as bigint) from order_discount where order_id = $1 group by funder order by funder",
        )
        .bind(order_id)
        .fetch_all(app.state.db.pool())
        .await
        .expect("funders");
        assert_eq!(
            funders,
            vec![("platform".to_string(), 3_480), ("shop".to_string(), 5_000)]
        );
        let (line_total, shop_part, platform_part): (i64, i64, i64) = sqlx::query_as(
            "select cast(sum(line_total_minor) as bigint), cast(sum(shop_discount_minor) as bigint), cast(sum(platform_discount_minor) as bigint)
         from order_line where order_id = $1",
        )
        .bind(order_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("lines");
        assert_eq!((line_total, shop_part, platform_part), (39_800, 5_000, 3_480));
        let used: i64 =
            sqlx::query_scalar("select count(*) from coupon_claim where status = 'used' and used_checkout_id = $1")
                .bind(checkout)
                .fetch_one(app.state.db.pool())
                .await
                .expect("used");
        assert_eq!(used, 2, "both coupons used by this placing");
        let wallet: serde_json::Value = app
            .call("promotions/wallet", &[], Some(&session))
            .await
            .json()
            .await
            .expect("wallet");
        let states: Vec<&str> = wallet
            .as_array()
            .expect("entries")
            .iter()
            .filter_map(|e| e["state"].as_str())
            .collect();
        assert_eq!(states, vec!["Used", "Used"], "My coupons says so");

        // Cancelled before payment: the coupons come back to the wallet.
        let cancel = app
            .call("orders/cancel", &[("order_id", &order_id.to_string())], Some(&session))
            .await;
        assert_eq!(cancel.status(), 200, "{}", cancel.text().await.unwrap_or_default());
        let usable: i64 =
            sqlx::query_scalar("select count(*) from coupon_claim where status = 'usable' and user_id = $1")
                .bind(user_id_of(&app, &session).await)
                .fetch_one(app.state.db.pool())
                .await
                .expect("usable");
        assert_eq!(usable, 2);
        // The seller sees the use, and cancelled orders do not count.
        let (merchant, _) = member_of(&app, shop_id).await;
        let seller: serde_json::Value = app
            .call("promotions/seller", &[], Some(&merchant))
            .await
            .json()
            .await
            .expect("seller");
        assert_eq!(seller["coupons"][0][1]["orders"], 0);
        app.stop().await;
    }
);

db_test!(one_coupon_used_by_two_placings_at_once_is_used_once, |db| {
    let app = common::spawn_app(db).await;
    let (product, skus) = common::seed_product(&app, "Rice cooker 电饭煲", [50, 50]).await;
    let shop_id = common::placement(&app, product).await.shop_id;
    let coupon = shop_coupon(&app, shop_id, "20", "100", 10, 1).await;
    let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
    assert_eq!(
        app.call(
            "promotions/claim",
            &[("coupon_id", &coupon.to_string())],
            Some(&session)
        )
        .await
        .status(),
        200
    );
    // Straight at the guard: two transactions use the one claim at once.
    let user = user_id_of(&app, &session).await;
    let claim: i64 = sqlx::query_scalar("select claim_id from coupon_claim where user_id = $1")
        .bind(user)
        .fetch_one(app.state.db.pool())
        .await
        .expect("claim");
    let outcomes = join_all((0..2).map(|i| {
        let db = app.state.db.clone();
        tokio::spawn(async move {
            let mut tx = db.begin_write().await.expect("tx");
            let n = app::promotions::db::use_claim(&mut *tx, claim, user, 1000 + i, now_ms())
                .await
                .expect("use");
            tx.rollback().await.expect("rollback");
            n
        })
    }))
    .await;
    assert!(outcomes.iter().all(|o| o.as_ref().is_ok_and(|n| *n <= 1)));
    // Through the app: two tabs place at once with the coupon.
    add_to_cart(&app, &session, skus[1], 1).await;
    let results = join_all((0..2).map(|_| {
        let token = checkout_token();
        let app = &app;
        let session = &session;
        async move { place_order(app, session, &token, address).await.status().as_u16() }
    }))
    .await;
    assert_eq!(results.iter().filter(|s| **s == 200).count(), 1, "{results:?}");
    let uses: i64 = sqlx::query_scalar("select count(*) from order_discount where kind = 'shop_coupon'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("uses");
    assert_eq!(uses, 1, "the coupon discounts one order");
    app.stop().await;
});

db_test!(
    merchants_run_their_own_promotions_only_and_hostile_forms_get_field_errors,
    |db| {
        let app = common::spawn_app(db).await;
        let (mine, _) = ShopBuilder::new().create(&app).await;
        let (theirs, _) = ShopBuilder::new().create(&app).await;
        let (merchant, _) = member_of(&app, mine).await;
        let their_coupon = shop_coupon(&app, theirs, "10", "100", 10, 1).await;
        // Another shop's page and coupon are out of reach.
        let (status, _) = error_of(
            app.call(
                "promotions/seller",
                &[("shop_id", &theirs.to_string())],
                Some(&merchant),
            )
            .await,
        )
        .await;
        assert_eq!(status, 403);
        let (status, _) = error_of(
            app.call(
                "promotions/seller/act",
                &[("what", "coupon"), ("id", &their_coupon.to_string()), ("action", "end")],
                Some(&merchant),
            )
            .await,
        )
        .await;
        assert_eq!(status, 409, "not theirs: nothing to end");
        let status: String = sqlx::query_scalar("select status from coupon where coupon_id = $1")
            .bind(their_coupon)
            .fetch_one(app.state.db.pool())
            .await
            .expect("status");
        assert_eq!(status, "active");
        // Operators only for the platform.
        let (status, _) = error_of(app.call("promotions/platform", &[], Some(&merchant)).await).await;
        assert_eq!(status, 403);
        // Hostile forms: each field named, nothing stored, never a 500.
        let (status, body) = error_of(
            app.call(
                "promotions/seller/create_coupon",
                &[
                    ("title", ""),
                    ("kind", "amount"),
                    ("value", "-5"),
                    ("min_spend", "abc"),
                    ("ends_at", "2020-01-01T00:00"),
                    ("quantity", "99999999999"),
                    ("per_person", "0"),
                    ("code", "has space"),
                ],
                Some(&merchant),
            )
            .await,
        )
        .await;
        assert_eq!(status, 400, "{body}");
        let fields: Vec<&str> = body["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(|f| f["field"].as_str())
            .collect();
        for f in [
            "title",
            "value",
            "min_spend",
            "ends_at",
            "quantity",
            "per_person",
            "code",
        ] {
            assert!(fields.contains(&f), "{f} named: {fields:?}");
        }
        let (status, body) = error_of(
            app.call(
                "promotions/seller/create_offer",
                &[
                    ("title", "Tiers"),
                    ("tiers", "199-20, 399-10"),
                    ("ends_at", &next_month()),
                ],
                Some(&merchant),
            )
            .await,
        )
        .await;
        assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("tiers")));
        let ok = app
            .call(
                "promotions/seller/create_offer",
                &[
                    ("title", "Tiers"),
                    ("tiers", "满199减20，满399减50"),
                    ("ends_at", &next_month()),
                ],
                Some(&merchant),
            )
            .await;
        assert_eq!(ok.status(), 200, "{}", ok.text().await.unwrap_or_default());
        // The shop's page shows it; a guest claiming is asked to log in.
        let promos: serde_json::Value = app
            .call("promotions/shop", &[("shop_id", &mine.to_string())], None)
            .await
            .json()
            .await
            .expect("promotions");
        assert_eq!(promos["offers"].as_array().map(Vec::len), Some(1));
        let (status, _) = error_of(
            app.call("promotions/claim", &[("coupon_id", &their_coupon.to_string())], None)
                .await,
        )
        .await;
        assert_eq!(status, 401);
        let operator = operator_session(&app).await;
        let (status, body) = error_of(
            app.call(
                "promotions/platform/create_event",
                &[
                    ("title", "Double 12"),
                    ("step", "300"),
                    ("off", "40"),
                    ("ends_at", &next_month()),
                ],
                Some(&operator),
            )
            .await,
        )
        .await;
        assert_eq!(status, 200, "{body}");
        app.stop().await;
    }
);
