//! Group buying: a group fills and its orders reach the shop; a group that
//! does not fill refunds everyone and puts the units back; places are never
//! more than the group's size however many join at once; and the last
//! payment racing the expiry ends one way only.

use crate::common::{self, add_address, member_of, unique_email, GOOD_CARD, GOOD_PASSWORD};
use app::promotions::domain::china_time_input;
use app::server::now_ms;
use futures::future::join_all;
use std::time::Duration;

async fn answer(res: reqwest::Response) -> (u16, serde_json::Value) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

/// A ¥199 product (stock 50) offered at ¥149 for `size` people: (product,
/// sku, offer, merchant session).
async fn group_offer(app: &common::TestApp, size: i64) -> (i64, i64, i64, String) {
    let (product, skus) = common::seed_product(app, "Group rice cooker 拼团电饭煲", [50, 50]).await;
    let shop_id = common::placement(app, product).await.shop_id;
    let (merchant, _) = member_of(app, shop_id).await;
    let (status, body) = answer(
        app.call(
            "group/create_offer",
            &[
                ("sku_id", &skus[0].to_string()),
                ("price", "149"),
                ("size", &size.to_string()),
                ("ends_at", &china_time_input(now_ms() + 7 * 86_400_000)),
            ],
            Some(&merchant),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "offer: {body}");
    (product, skus[0], body.as_i64().expect("offer id"), merchant)
}

async fn shopper(app: &common::TestApp) -> String {
    let session = app.register(&unique_email("group"), GOOD_PASSWORD).await;
    add_address(app, &session).await;
    session
}

/// Starts a group and pays for it: (group, order).
async fn open_group(app: &common::TestApp, offer: i64, leader: &str) -> (i64, i64) {
    let (status, body) = answer(
        app.call("group/start", &[("group_offer_id", &offer.to_string())], Some(leader))
            .await,
    )
    .await;
    assert_eq!(status, 200, "start: {body}");
    let checkout = body["checkout_id"].as_i64().expect("checkout");
    let (order, group): (i64, i64) =
        sqlx::query_as("select order_id, buy_group_id from shop_order where checkout_id = $1")
            .bind(checkout)
            .fetch_one(app.state.db.pool())
            .await
            .expect("group order");
    assert_eq!(common::pay(app, leader, checkout, GOOD_CARD).await.status(), 200);
    (group, order)
}

/// Joins a group without paying yet: (placing, order).
async fn join(app: &common::TestApp, group: i64, session: &str) -> (u16, serde_json::Value) {
    answer(
        app.call("group/join", &[("group_id", &group.to_string())], Some(session))
            .await,
    )
    .await
}

async fn order_of(app: &common::TestApp, checkout: i64) -> i64 {
    sqlx::query_scalar("select order_id from shop_order where checkout_id = $1")
        .bind(checkout)
        .fetch_one(app.state.db.pool())
        .await
        .expect("order")
}

async fn order_state(app: &common::TestApp, order: i64) -> (String, i64) {
    sqlx::query_as("select status, held_for_group from shop_order where order_id = $1")
        .bind(order)
        .fetch_one(app.state.db.pool())
        .await
        .expect("order state")
}

async fn group_state(app: &common::TestApp, group: i64) -> (String, i64, i64) {
    sqlx::query_as("select status, seats, paid from buy_group where group_id = $1")
        .bind(group)
        .fetch_one(app.state.db.pool())
        .await
        .expect("group state")
}

async fn shop_order_ids(app: &common::TestApp, merchant: &str) -> Vec<i64> {
    let (status, body) = answer(app.call("orders/shop", &[], Some(merchant)).await).await;
    assert_eq!(status, 200, "{body}");
    body["list"]["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .filter_map(|o| o["order_id"].as_i64())
        .collect()
}

/// Runs due jobs until none is left (the refunds a failed group starts).
async fn settle_jobs(app: &common::TestApp) {
    for _ in 0..20 {
        server::jobs::run_due_jobs(&app.state).await.expect("jobs");
        let due: i64 = sqlx::query_scalar("select count(*) from scheduled_job where due_at <= $1")
            .bind(now_ms())
            .fetch_one(app.state.db.pool())
            .await
            .expect("jobs");
        if due == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Puts a group's clock at its end, and its expiry job due now.
async fn run_out_the_clock(app: &common::TestApp, group: i64) {
    let now = now_ms();
    sqlx::query("update buy_group set expires_at = $1 where group_id = $2")
        .bind(now - 1)
        .bind(group)
        .execute(app.state.db.pool())
        .await
        .expect("clock");
    sqlx::query("update scheduled_job set due_at = $1 where kind = 'group.expire' and subject_id = $2")
        .bind(now - 1)
        .bind(group)
        .execute(app.state.db.pool())
        .await
        .expect("job");
}

db_test!(two_shoppers_fill_a_group_and_its_orders_reach_the_shop, |db| {
    let app = common::spawn_app(db).await;
    let (product, sku, offer, merchant) = group_offer(&app, 2).await;
    // The product page offers the group price and Start a group.
    let leader = shopper(&app).await;
    let (_, html) = common::page(&app, &leader, &format!("/p/{product}")).await;
    assert!(
        html.contains("Start a group") && html.contains("¥149.00"),
        "group offer on the product page"
    );
    let (group, first) = open_group(&app, offer, &leader).await;
    assert_eq!(group_state(&app, group).await, ("open".into(), 1, 1));
    // Paid but held: the shop does not see it, and cannot ship it.
    assert_eq!(order_state(&app, first).await, ("paid".into(), 1));
    assert!(
        !shop_order_ids(&app, &merchant).await.contains(&first),
        "held from the shop"
    );
    let (status, _) = answer(
        app.call(
            "orders/ship",
            &[
                ("order_id", &first.to_string()),
                ("carrier", "sf"),
                ("tracking_number", "SF1234567890"),
            ],
            Some(&merchant),
        )
        .await,
    )
    .await;
    assert_eq!(status, 404, "a held order cannot be shipped");
    // The leader cannot take a second place; the shared page offers Join
    // group to someone else.
    let (status, body) = join(&app, group, &leader).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("AlreadyInGroup")));
    let friend = shopper(&app).await;
    let (status, html) = common::page(&app, &friend, &format!("/g/{group}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Join group") && html.contains("1 of 2 joined"),
        "shared page"
    );
    let (status, body) = join(&app, group, &friend).await;
    assert_eq!(status, 200, "join: {body}");
    let checkout = body["checkout_id"].as_i64().expect("checkout");
    let second = order_of(&app, checkout).await;
    assert_eq!(common::pay(&app, &friend, checkout, GOOD_CARD).await.status(), 200);
    // Full: both orders go to the shop, paid at the group price.
    assert_eq!(group_state(&app, group).await, ("succeeded".into(), 2, 2));
    assert_eq!(order_state(&app, first).await, ("paid".into(), 0));
    assert_eq!(order_state(&app, second).await, ("paid".into(), 0));
    let listed = shop_order_ids(&app, &merchant).await;
    assert!(listed.contains(&first) && listed.contains(&second), "{listed:?}");
    let price: i64 = sqlx::query_scalar("select unit_price_minor from order_line where order_id = $1")
        .bind(second)
        .fetch_one(app.state.db.pool())
        .await
        .expect("price");
    assert_eq!(price, 14_900);
    assert_eq!(common::stock_of(&app, sku).await, 48);
    // A third shopper finds it closed; the seller portal counts the group.
    let third = shopper(&app).await;
    let (status, body) = join(&app, group, &third).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("GroupClosed")));
    let (status, body) = answer(app.call("group/seller", &[], Some(&merchant)).await).await;
    assert_eq!(status, 200);
    let usage = &body["offers"][0][1];
    assert_eq!(
        (
            usage["succeeded"].as_i64(),
            usage["orders"].as_i64(),
            usage["discount_minor"].as_i64()
        ),
        (Some(1), Some(2), Some(10_000)),
        "{body}"
    );
    app.stop().await;
});

db_test!(a_group_that_does_not_fill_refunds_everyone_and_restocks, |db| {
    let app = common::spawn_app(db).await;
    let (_, sku, offer, merchant) = group_offer(&app, 3).await;
    let leader = shopper(&app).await;
    let (group, first) = open_group(&app, offer, &leader).await;
    // A second member joins and pays; a third takes a place but never pays.
    let paid_friend = shopper(&app).await;
    let (_, body) = join(&app, group, &paid_friend).await;
    let paid_checkout = body["checkout_id"].as_i64().expect("checkout");
    let second = order_of(&app, paid_checkout).await;
    assert_eq!(
        common::pay(&app, &paid_friend, paid_checkout, GOOD_CARD).await.status(),
        200
    );
    let slow = shopper(&app).await;
    let (_, body) = join(&app, group, &slow).await;
    let slow_checkout = body["checkout_id"].as_i64().expect("checkout");
    let third = order_of(&app, slow_checkout).await;
    assert_eq!(group_state(&app, group).await, ("open".into(), 3, 2));
    assert_eq!(common::stock_of(&app, sku).await, 47);
    run_out_the_clock(&app, group).await;
    settle_jobs(&app).await;
    assert_eq!(group_state(&app, group).await.0, "failed");
    // Paid members refunded whole, the unpaid place cancelled, every unit
    // back, nothing ever shown to the shop.
    assert_eq!(order_state(&app, first).await.0, "refunded");
    assert_eq!(order_state(&app, second).await.0, "refunded");
    assert_eq!(order_state(&app, third).await.0, "cancelled");
    for order in [first, second] {
        let (refunded, total): (i64, i64) =
            sqlx::query_as("select refunded_minor, total_minor from shop_order where order_id = $1")
                .bind(order)
                .fetch_one(app.state.db.pool())
                .await
                .expect("money");
        assert_eq!(refunded, total, "order {order} refunded whole");
    }
    assert_eq!(common::stock_of(&app, sku).await, 50);
    assert!(shop_order_ids(&app, &merchant).await.is_empty());
    // The group's page and the member's order say so.
    let (_, html) = common::page(&app, &leader, &format!("/g/{group}")).await;
    assert!(html.contains("did not fill in time"), "failed group page");
    let (_, html) = common::page(&app, &leader, &format!("/orders/{first}")).await;
    assert!(html.contains("Refunded"), "the order reads Refunded");
    // The slow member's payment now has nothing to pay.
    let res = common::pay(&app, &slow, slow_checkout, GOOD_CARD).await;
    assert_eq!(res.status(), 409);
    app.stop().await;
});

db_test!(more_joiners_than_places_take_exactly_the_places_left, |db| {
    let app = common::spawn_app(db).await;
    let (_, sku, offer, _) = group_offer(&app, 3).await;
    let leader = shopper(&app).await;
    let (group, _) = open_group(&app, offer, &leader).await;
    let mut joiners = Vec::new();
    for _ in 0..8 {
        joiners.push(shopper(&app).await);
    }
    let results = join_all(joiners.iter().map(|s| join(&app, group, s))).await;
    let joined = results.iter().filter(|(s, _)| *s == 200).count();
    let full = results
        .iter()
        .filter(|(s, b)| *s == 409 && b["code"] == "GroupFull")
        .count();
    assert_eq!((joined, full), (2, 6), "{results:?}");
    assert_eq!(group_state(&app, group).await, ("open".into(), 3, 1));
    assert_eq!(common::stock_of(&app, sku).await, 47);
    // One shopper in two tabs holds one place.
    let (_, offer2_sku, offer2, _) = group_offer(&app, 4).await;
    let (group2, _) = open_group(&app, offer2, &leader).await;
    let twice = shopper(&app).await;
    let both = join_all([join(&app, group2, &twice), join(&app, group2, &twice)]).await;
    let ok = both.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(ok, 1, "{both:?}");
    assert_eq!(group_state(&app, group2).await.1, 2);
    assert_eq!(common::stock_of(&app, offer2_sku).await, 48);
    app.stop().await;
});

db_test!(the_last_payment_and_the_expiry_race_and_one_of_them_wins, |db| {
    let app = common::spawn_app(db).await;
    let (_, sku, offer, _) = group_offer(&app, 2).await;
    let mut cases = Vec::new();
    for _ in 0..6 {
        let leader = shopper(&app).await;
        let (group, first) = open_group(&app, offer, &leader).await;
        let last = shopper(&app).await;
        let (_, body) = join(&app, group, &last).await;
        let checkout = body["checkout_id"].as_i64().expect("checkout");
        let second = order_of(&app, checkout).await;
        cases.push((group, first, second, last, checkout));
    }
    // Each group's clock ends a moment from now; its last member pays while
    // the expiry job tries to fail it.
    let races = cases.iter().enumerate().map(|(i, (group, _, _, last, checkout))| {
        let app = &app;
        async move {
            let end = now_ms() + 40 + 15 * i as i64;
            sqlx::query("update buy_group set expires_at = $1 where group_id = $2")
                .bind(end)
                .bind(*group)
                .execute(app.state.db.pool())
                .await
                .expect("clock");
            let pay = common::pay(app, last, *checkout, GOOD_CARD);
            let expire = async {
                loop {
                    let mut tx = app.state.db.begin_write().await.expect("tx");
                    let outcome = app::promotions::group::expire(&mut tx, &app.state.config, *group, now_ms())
                        .await
                        .expect("expire");
                    tx.commit().await.expect("commit");
                    match outcome {
                        app::orders::service::JobOutcome::Done => break,
                        app::orders::service::JobOutcome::Later(_) => {
                            tokio::time::sleep(Duration::from_millis(5)).await;
                        }
                    }
                }
            };
            let (paid, ()) = tokio::join!(pay, expire);
            paid.status().as_u16()
        }
    });
    let statuses = join_all(races).await;
    settle_jobs(&app).await;
    let mut outcomes = (0, 0);
    for (group, first, second, _, _) in &cases {
        let (status, seats, paid) = group_state(&app, *group).await;
        let a = order_state(&app, *first).await;
        let b = order_state(&app, *second).await;
        match status.as_str() {
            "succeeded" => {
                outcomes.0 += 1;
                assert_eq!((seats, paid), (2, 2));
                assert_eq!((a, b), (("paid".into(), 0), ("paid".into(), 0)), "group {group}");
            }
            "failed" => {
                outcomes.1 += 1;
                // Nobody keeps a charge: the leader refunded, the last
                // member either refunded (paid too late) or never charged.
                assert_eq!(a.0, "refunded", "group {group}");
                assert!(matches!(b.0.as_str(), "refunded" | "cancelled"), "group {group}: {b:?}");
                for order in [*first, *second] {
                    let (refunded, total, status): (i64, i64, String) = sqlx::query_as(
                        "select refunded_minor, total_minor, status from shop_order where order_id = $1",
                    )
                    .bind(order)
                    .fetch_one(app.state.db.pool())
                    .await
                    .expect("money");
                    if status == "refunded" {
                        assert_eq!(refunded, total, "order {order}");
                    }
                }
            }
            other => panic!("group {group} ended {other}"),
        }
    }
    assert_eq!(outcomes.0 + outcomes.1, cases.len(), "{statuses:?}");
    // Units: two for each succeeded group, none for a failed one.
    assert_eq!(common::stock_of(&app, sku).await, 50 - 2 * outcomes.0 as i64);
    app.stop().await;
});

db_test!(
    group_offers_keep_their_rules_and_hostile_input_gets_field_errors,
    |db| {
        let app = common::spawn_app(db).await;
        let (_, sku, offer, merchant) = group_offer(&app, 2).await;
        let fields = |body: &serde_json::Value| -> Vec<(String, String)> {
            body["fields"]
                .as_array()
                .map(|fs| {
                    fs.iter()
                        .map(|f| {
                            (
                                f["field"].as_str().unwrap_or("").to_string(),
                                f["code"].as_str().unwrap_or("").to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        // Another shop's SKU, a price not below the usual, a size and hours out
        // of range, and an end before the start: each named at its field.
        let (_, theirs) = common::seed_product(&app, "Another shop's kettle", [5, 5]).await;
        let (status, body) = answer(
            app.call(
                "group/create_offer",
                &[
                    ("sku_id", &theirs[0].to_string()),
                    ("price", "abc"),
                    ("size", "11"),
                    ("hours", "0"),
                    ("ends_at", "2020-01-01T00:00"),
                ],
                Some(&merchant),
            )
            .await,
        )
        .await;
        assert_eq!(status, 400, "{body}");
        let named: Vec<String> = fields(&body).into_iter().map(|(f, _)| f).collect();
        for field in ["sku_id", "price", "size", "hours", "ends_at"] {
            assert!(named.iter().any(|n| n == field), "{field} named: {body}");
        }
        let (status, body) = answer(
            app.call(
                "group/create_offer",
                &[
                    ("sku_id", &sku.to_string()),
                    ("price", "199"),
                    ("size", "2"),
                    ("ends_at", &china_time_input(now_ms() + 86_400_000)),
                ],
                Some(&merchant),
            )
            .await,
        )
        .await;
        assert_eq!(status, 400);
        assert!(
            fields(&body).contains(&("price".into(), "GroupPriceNotLower".into())),
            "{body}"
        );
        // A shopper is not a merchant; a guest must log in; a group still
        // forming is its leader's alone; an unknown group is not found.
        let shopper = shopper(&app).await;
        let (status, _) = answer(
            app.call("group/create_offer", &[("sku_id", &sku.to_string())], Some(&shopper))
                .await,
        )
        .await;
        assert_eq!(status, 403);
        let (status, _) = answer(
            app.call("group/start", &[("group_offer_id", &offer.to_string())], None)
                .await,
        )
        .await;
        assert_eq!(status, 401);
        let (status, body) = answer(
            app.call("group/start", &[("group_offer_id", &offer.to_string())], Some(&shopper))
                .await,
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let forming: i64 = sqlx::query_scalar("select group_id from buy_group where status = 'forming'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("forming group");
        let other = self::shopper(&app).await;
        let (status, _) = join(&app, forming, &other).await;
        assert_eq!(status, 404, "nobody joins a group its leader has not paid for");
        let (status, _) = common::page(&app, &other, &format!("/g/{forming}")).await;
        assert_eq!(status, 404);
        let (status, _) = join(&app, 999_999, &other).await;
        assert_eq!(status, 404);
        // Paused, the offer starts no group and leaves the product page.
        let (status, body) = answer(
            app.call(
                "promotions/seller/act",
                &[("what", "group"), ("id", &offer.to_string()), ("action", "pause")],
                Some(&merchant),
            )
            .await,
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = answer(
            app.call("group/start", &[("group_offer_id", &offer.to_string())], Some(&other))
                .await,
        )
        .await;
        assert_eq!((status, body["code"].as_str()), (409, Some("GroupOfferGone")));
        // Another merchant cannot touch this shop's offer.
        let (their_product, _) = common::seed_product(&app, "Their own kettle", [5, 5]).await;
        let their_shop = common::placement(&app, their_product).await.shop_id;
        let (stranger, _) = member_of(&app, their_shop).await;
        let (status, _) = answer(
            app.call(
                "promotions/seller/act",
                &[("what", "group"), ("id", &offer.to_string()), ("action", "resume")],
                Some(&stranger),
            )
            .await,
        )
        .await;
        assert_eq!(status, 409, "not their offer: nothing to resume");
        app.stop().await;
    }
);

db_test!(a_shopper_cannot_tie_up_stock_with_unpaid_groups, |db| {
    let mut config = common::test_config();
    config.max_unpaid_orders = 2;
    let app = common::spawn_app_with(db, config).await;
    let (_, sku, offer, _) = group_offer(&app, 2).await;
    let hoarder = shopper(&app).await;
    let id = offer.to_string();
    for _ in 0..2 {
        let (status, body) = answer(
            app.call("group/start", &[("group_offer_id", &id)], Some(&hoarder))
                .await,
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = answer(
        app.call("group/start", &[("group_offer_id", &id)], Some(&hoarder))
            .await,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("TooManyUnpaidOrders")));
    assert_eq!(common::stock_of(&app, sku).await, 48, "two units held, no more");
    app.stop().await;
});
