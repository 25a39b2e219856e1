//! Checkout: the address book, placing orders (no overselling, idempotent,
//! prices from the database), what is left out and why.

use crate::common::{
    self, add_address, add_to_cart, checkout_id_of, checkout_token, order_statuses, place_order, shopper_ready_to_buy,
    stock_of, unique_email, GOOD_PASSWORD,
};
use futures::future::join_all;

async fn error_code(res: reqwest::Response) -> (u16, serde_json::Value) {
    let status = res.status().as_u16();
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    (status, body)
}

db_test!(
    fifty_concurrent_checkouts_of_ten_units_give_ten_orders_and_forty_sold_outs,
    |db| {
        let app = common::spawn_app(db).await;
        let (_, skus) = common::seed_product(&app, "Last Ten Earbuds 最后十副", [10, 5]).await;
        let mut buyers = Vec::new();
        for _ in 0..50 {
            buyers.push(shopper_ready_to_buy(&app, skus[0], 1).await);
        }
        let results = join_all(buyers.iter().map(|(session, address)| {
            let token = checkout_token();
            let app = &app;
            async move { error_code(place_order(app, session, &token, *address).await).await }
        }))
        .await;
        let placed = results.iter().filter(|(s, _)| *s == 200).count();
        let sold_out: Vec<_> = results.iter().filter(|(s, _)| *s == 409).collect();
        assert_eq!(placed, 10, "exactly the stock is sold: {results:?}");
        assert_eq!(sold_out.len(), 40, "everyone else hears sold out: {results:?}");
        for (_, body) in &sold_out {
            assert_eq!(body["code"], "SoldOut");
            assert_eq!(
                body["fields"][0]["field"],
                format!("line-{}", skus[0]),
                "the shopper is told which line"
            );
        }
        assert_eq!(stock_of(&app, skus[0]).await, 0, "stock ends at zero, never below");
        let orders: i64 = sqlx::query_scalar("select count(*) from shop_order")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count");
        assert_eq!(orders, 10);
        app.stop().await;
    }
);

db_test!(
    the_same_checkout_token_placed_five_times_at_once_gives_one_set_of_orders,
    |db| {
        let app = common::spawn_app(db).await;
        let (_, first) = common::seed_product(&app, "Tea Set 茶具", [20, 20]).await;
        let (_, second) = common::seed_product(&app, "Teapot 茶壶", [20, 20]).await;
        let (session, address) = shopper_ready_to_buy(&app, first[0], 2).await;
        add_to_cart(&app, &session, second[1], 1).await;
        let token = checkout_token();
        let results = join_all(
            (0..5).map(|_| async { checkout_id_of(place_order(&app, &session, &token, address).await).await }),
        )
        .await;
        assert!(
            results.windows(2).all(|w| w[0] == w[1]),
            "one checkout for one token: {results:?}"
        );
        let statuses = order_statuses(&app, results[0]).await;
        assert_eq!(statuses.len(), 2, "one order per shop, once");
        assert_eq!(stock_of(&app, first[0]).await, 18, "stock taken once");
        assert_eq!(stock_of(&app, second[1]).await, 19);
        let all: i64 = sqlx::query_scalar("select count(*) from shop_order")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count");
        assert_eq!(all, 2);
        // A later retry (after a timeout, a second tab) gives the same again.
        assert_eq!(
            checkout_id_of(place_order(&app, &session, &token, address).await).await,
            results[0]
        );
        // Another shopper cannot use (or learn anything from) this token.
        let (stranger, stranger_address) = shopper_ready_to_buy(&app, first[0], 1).await;
        let (status, _) = error_code(place_order(&app, &stranger, &token, stranger_address).await).await;
        assert_eq!(status, 400);
        app.stop().await;
    }
);

db_test!(prices_quantities_and_skus_come_from_the_server_never_the_form, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::seed_product(&app, "Honest Price 实价", [10, 10]).await;
    let (_, other) = common::seed_product(&app, "Not In Cart 不在购物车", [10, 10]).await;
    let (session, address) = shopper_ready_to_buy(&app, skus[0], 2).await;
    let token = checkout_token();
    // Extra fields a tampering client adds are ignored; the money comes
    // from the database (Red ¥199 × 2, and the test shop ships free).
    let res = app
        .call(
            "checkout/place_order",
            &[
                ("token", token.as_str()),
                ("address_id", &address.to_string()),
                ("price", "1"),
                ("unit_price_minor", "1"),
                ("quantity", "999"),
                ("sku_id", &other[0].to_string()),
                ("total_minor", "1"),
            ],
            Some(&session),
        )
        .await;
    let checkout_id = checkout_id_of(res).await;
    let (total, items): (i64, i64) =
        sqlx::query_as("select total_minor, items_minor from shop_order where checkout_id = $1")
            .bind(checkout_id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("order");
    assert_eq!((total, items), (39_800, 39_800));
    let lines: Vec<(i64, i64, i64)> = sqlx::query_as(
        "select l.sku_id, l.quantity, l.unit_price_minor from order_line l join shop_order o on o.order_id = l.order_id
         where o.checkout_id = $1",
    )
    .bind(checkout_id)
    .fetch_all(app.state.db.pool())
    .await
    .expect("lines");
    assert_eq!(lines, vec![(skus[0], 2, 19_900)]);
    assert_eq!(
        stock_of(&app, other[0]).await,
        10,
        "a SKU named by the form is not bought"
    );

    // A total the shopper did not see refuses the placing instead of
    // charging something else.
    add_to_cart(&app, &session, skus[1], 1).await;
    let res = app
        .call(
            "checkout/place_order",
            &[
                ("token", checkout_token().as_str()),
                ("address_id", &address.to_string()),
                ("expected_total", "100"),
            ],
            Some(&session),
        )
        .await;
    let (status, body) = error_code(res).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("CheckoutChanged")));
    assert_eq!(stock_of(&app, skus[1]).await, 10);

    // Someone else's address cannot be used.
    let stranger = app.register(&unique_email("stranger"), GOOD_PASSWORD).await;
    let theirs = add_address(&app, &stranger).await;
    let (status, body) = error_code(place_order(&app, &session, &checkout_token(), theirs).await).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("AddressRequired")));
    app.stop().await;
});

db_test!(placing_copies_the_lines_and_takes_them_out_of_the_cart, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::ProductBuilder::new("Trail Shoe 越野跑鞋")
        .option("Color", &["Red", "Blue"])
        .option("Size", &["40", "41"])
        .pictures_per_value()
        .create(&app)
        .await;
    let (session, address) = shopper_ready_to_buy(&app, skus[1], 1).await;
    let (_, keep) = common::seed_product(&app, "Kept For Later 稍后再买", [0, 3]).await;
    // A sold-out line stays in the cart; it is not part of the order.
    sqlx::query("update sku set stock = 1 where sku_id = $1")
        .bind(keep[0])
        .execute(app.state.db.pool())
        .await
        .expect("stock");
    add_to_cart(&app, &session, keep[0], 1).await;
    sqlx::query("update sku set stock = 0 where sku_id = $1")
        .bind(keep[0])
        .execute(app.state.db.pool())
        .await
        .expect("sold out");
    let view: serde_json::Value = app
        .call("checkout/view", &[], Some(&session))
        .await
        .json()
        .await
        .expect("view");
    let groups = view["plan"]["groups"].as_array().expect("groups");
    let left_out: Vec<_> = groups
        .iter()
        .flat_map(|g| g["left_out"].as_array().cloned().unwrap_or_default())
        .collect();
    assert_eq!(left_out.len(), 1);
    assert_eq!(left_out[0][1], "SoldOut");

    let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
    let (title, options, code, image, price): (String, String, String, Option<String>, i64) = sqlx::query_as(
        "select l.title, l.options_json, l.sku_code, l.image_key, l.unit_price_minor
         from order_line l join shop_order o on o.order_id = l.order_id where o.checkout_id = $1",
    )
    .bind(checkout_id)
    .fetch_one(app.state.db.pool())
    .await
    .expect("line");
    assert_eq!(title, "Trail Shoe 越野跑鞋");
    assert!(options.contains("Red") && options.contains("41"), "{options}");
    assert!(code.ends_with("-1"), "{code}");
    assert!(image.is_some());
    assert_eq!(price, 21_900);
    let cart: serde_json::Value = app
        .call("cart/view", &[], Some(&session))
        .await
        .json()
        .await
        .expect("cart");
    let left: Vec<i64> = cart["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["lines"].as_array().cloned().unwrap_or_default())
        .map(|l| l["sku_id"].as_i64().unwrap_or_default())
        .collect();
    assert_eq!(left, vec![keep[0]], "bought lines leave the cart, the rest stays");
    // The order page shows what was bought, with its options.
    let order_id: i64 = sqlx::query_scalar("select order_id from shop_order where checkout_id = $1")
        .bind(checkout_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("order");
    let (status, html) = common::page(&app, &session, &format!("/orders/{order_id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Pending payment") && html.contains("Color: Red") && html.contains("Size: 41"));
    app.stop().await;
});

db_test!(a_changed_price_is_left_out_until_the_shopper_accepts_it, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::seed_product(&app, "Moving Price 变价", [10, 10]).await;
    let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
    let mut tx = app.state.db.begin_write().await.expect("tx");
    app::catalog::service::set_sku_price(&mut tx, skus[0], 25_000)
        .await
        .expect("price");
    tx.commit().await.expect("commit");
    let (status, body) = error_code(place_order(&app, &session, &checkout_token(), address).await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("CheckoutEmpty")));
    let res = app
        .call("cart/accept_price", &[("sku_id", &skus[0].to_string())], Some(&session))
        .await;
    assert_eq!(res.status(), 200);
    let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
    let total: i64 = sqlx::query_scalar("select total_minor from checkout where checkout_id = $1")
        .bind(checkout_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("total");
    assert_eq!(total, 25_000);
    app.stop().await;
});

db_test!(shipping_follows_each_shops_rule_per_order, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::seed_product(&app, "Shipped Thing 运费商品", [10, 10]).await;
    let shop = common::placement(
        &app,
        sqlx::query_scalar("select product_id from sku where sku_id = $1")
            .bind(skus[0])
            .fetch_one(app.state.db.pool())
            .await
            .expect("product"),
    )
    .await
    .shop_id;
    let mut tx = app.state.db.begin_write().await.expect("tx");
    let rule = app::merchants::model::ShippingRule {
        fee_minor: 1_000,
        free_over_minor: Some(39_800),
    };
    app::merchants::service::set_shipping_rule(&mut tx, shop, rule)
        .await
        .expect("rule");
    tx.commit().await.expect("commit");
    let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
    let view: serde_json::Value = app
        .call("checkout/view", &[], Some(&session))
        .await
        .json()
        .await
        .expect("view");
    assert_eq!(view["plan"]["totals"]["shipping_minor"], 1_000);
    assert_eq!(view["plan"]["totals"]["total_minor"], 20_900);
    add_to_cart(&app, &session, skus[0], 1).await;
    let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
    let (shipping, total): (i64, i64) =
        sqlx::query_as("select shipping_minor, total_minor from shop_order where checkout_id = $1")
            .bind(checkout_id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("order");
    assert_eq!((shipping, total), (0, 39_800), "free from the threshold on");
    app.stop().await;
});

db_test!(addresses_are_validated_owned_and_kept_with_one_default, |db| {
    let app = common::spawn_app(db).await;
    let session = app.register(&unique_email("addr"), GOOD_PASSWORD).await;
    // Every field wrong at once: every message at once, what was typed kept.
    let res = app
        .call(
            "checkout/save_address",
            &[
                ("recipient", ""),
                ("phone", "12345"),
                ("province", "330000"),
                ("city", "110100"),
                ("district", "110105"),
                ("detail", "路"),
            ],
            Some(&session),
        )
        .await;
    let (status, body) = error_code(res).await;
    assert_eq!(status, 400);
    let fields: Vec<(String, String)> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap_or("").into(),
                f["code"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        vec![
            ("recipient".into(), "Required".into()),
            ("phone".into(), "PhoneInvalid".into()),
            ("city".into(), "DivisionInvalid".into()),
            ("detail".into(), "AddressInvalid".into()),
        ]
    );
    assert!(body["echo"].to_string().contains("12345"));

    let first = add_address(&app, &session).await;
    let second = add_address(&app, &session).await;
    let book: serde_json::Value = app
        .call("checkout/view", &[], Some(&session))
        .await
        .json()
        .await
        .expect("view");
    let defaults: Vec<i64> = book["addresses"]
        .as_array()
        .expect("addresses")
        .iter()
        .filter(|a| a["is_default"] == true)
        .map(|a| a["address_id"].as_i64().unwrap_or_default())
        .collect();
    assert_eq!(defaults, vec![first], "the first address is the default");
    assert!(book["addresses"][0]["full_text"]
        .as_str()
        .unwrap_or("")
        .starts_with("浙江省 杭州市 西湖区"));
    let res = app
        .call(
            "checkout/set_default_address",
            &[("address_id", &second.to_string())],
            Some(&session),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .call(
            "checkout/delete_address",
            &[("address_id", &second.to_string())],
            Some(&session),
        )
        .await;
    assert_eq!(res.status(), 200);
    let book: serde_json::Value = app
        .call("checkout/view", &[], Some(&session))
        .await
        .json()
        .await
        .expect("view");
    assert_eq!(book["addresses"][0]["address_id"], first);
    assert_eq!(
        book["addresses"][0]["is_default"], true,
        "deleting the default makes another one default"
    );

    // Another person's address: not found, never changed.
    let stranger = app.register(&unique_email("nosy"), GOOD_PASSWORD).await;
    for (endpoint, extra) in [
        ("checkout/delete_address", vec![]),
        ("checkout/set_default_address", vec![]),
        (
            "checkout/save_address",
            vec![
                ("recipient", "x"),
                ("phone", "13800138000"),
                ("province", "330000"),
                ("city", "330100"),
                ("district", "330106"),
                ("detail", "somewhere 1"),
            ],
        ),
    ] {
        let id = first.to_string();
        let mut form = vec![("address_id", id.as_str())];
        form.extend(extra);
        let res = app.call(endpoint, &form, Some(&stranger)).await;
        assert_eq!(res.status(), 404, "{endpoint}");
    }
    // Guests have no address book.
    let res = app.call("checkout/view", &[], None).await;
    assert_eq!(res.status(), 401);
    app.stop().await;
});

db_test!(
    without_javascript_the_address_form_comes_back_with_the_next_list_filled,
    |db| {
        let app = common::spawn_app(db).await;
        let session = app.register(&unique_email("nojs"), GOOD_PASSWORD).await;
        let (_, skus) = common::seed_product(&app, "No Script 无脚本", [5, 5]).await;
        add_to_cart(&app, &session, skus[0], 1).await;
        // "Update lists" after choosing a province, as a plain form posts it.
        let res = app
            .client
            .post(app.url("/api/checkout/save_address"))
            .header("origin", &app.base)
            .header("accept", "text/html")
            .header("referer", app.url("/checkout"))
            .headers(common::cookie_headers(&session))
            .form(&[
                ("recipient", "李雷"),
                ("phone", "13912345678"),
                ("province", "440000"),
                ("city", ""),
                ("district", ""),
                ("detail", "天河路 1 号"),
                ("refresh", "1"),
            ])
            .send()
            .await
            .expect("post");
        assert!(res.status().is_redirection(), "{}", res.status());
        let location = res.headers()["location"].to_str().expect("location").to_string();
        let page = app
            .client
            .get(if location.starts_with("http") {
                location
            } else {
                app.url(&location)
            })
            .headers(common::cookie_headers(&session))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(page.contains("广州市"), "the province's cities are offered");
        assert!(
            page.contains("李雷") && page.contains("天河路 1 号"),
            "nothing typed is lost"
        );
        let saved: i64 = sqlx::query_scalar("select count(*) from address")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count");
        assert_eq!(saved, 0, "updating the lists saves nothing");
        app.stop().await;
    }
);

db_test!(no_coupon_code_is_valid_yet_and_the_shopper_is_told_so, |db| {
    let app = common::spawn_app(db).await;
    let session = app.register(&unique_email("coupon"), GOOD_PASSWORD).await;
    let (status, body) = error_code(
        app.call("checkout/apply_coupon", &[("code", "SAVE10")], Some(&session))
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["fields"][0]["field"], "coupon");
    assert_eq!(body["fields"][0]["code"], "CouponInvalid");
    app.stop().await;
});

db_test!(
    a_guest_cart_survives_the_detour_through_registration_to_checkout,
    |db| {
        let app = common::spawn_app(db).await;
        let (_, skus) = common::seed_product(&app, "Guest Buy 访客购买", [5, 5]).await;
        let browser = common::Browser::new(&app);
        let res = browser
            .call(&app, "cart/add", &[("sku_id", &skus[0].to_string()), ("quantity", "2")])
            .await;
        assert_eq!(res.status(), 200);
        let res = browser.get(&app, "/checkout").await;
        assert!(res.status().is_redirection());
        let location = res.headers()["location"].to_str().unwrap_or("").to_string();
        assert!(
            location.contains("next=%2Fcheckout") || location.contains("next=/checkout"),
            "{location}"
        );
        let res = browser
            .call(
                &app,
                "accounts/register",
                &[
                    ("email", &unique_email("detour")),
                    ("display_name", "Detour"),
                    ("password", GOOD_PASSWORD),
                    ("next", "/checkout"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        let view: serde_json::Value = browser
            .call(&app, "checkout/view", &[])
            .await
            .json()
            .await
            .expect("view");
        assert_eq!(
            view["plan"]["groups"][0]["lines"][0]["quantity"], 2,
            "the cart came along"
        );
        app.stop().await;
    }
);

db_test!(one_account_cannot_hold_the_shelves_with_unpaid_orders, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::seed_product(&app, "Hoarded 囤货", [1_000, 10]).await;
    let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
    let limit = app.state.config.max_unpaid_orders;
    checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
    for _ in 1..limit {
        add_to_cart(&app, &session, skus[0], 1).await;
        checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
    }
    add_to_cart(&app, &session, skus[0], 1).await;
    let (status, body) = error_code(place_order(&app, &session, &checkout_token(), address).await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("TooManyUnpaidOrders")));
    assert_eq!(stock_of(&app, skus[0]).await, 1_000 - limit);
    app.stop().await;
});

db_test!(two_tabs_placing_one_cart_with_different_tokens_order_it_once, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::seed_product(&app, "Two Tabs 两个标签页", [10, 10]).await;
    let (session, address) = shopper_ready_to_buy(&app, skus[0], 3).await;
    let results = join_all((0..4).map(|_| async {
        let token = checkout_token();
        error_code(place_order(&app, &session, &token, address).await).await
    }))
    .await;
    let placed = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(placed, 1, "the cart is ordered once: {results:?}");
    for (status, body) in results.iter().filter(|(s, _)| *s != 200) {
        assert_eq!(*status, 409);
        assert!(
            matches!(body["code"].as_str(), Some("CheckoutChanged" | "CheckoutEmpty")),
            "{body}"
        );
    }
    assert_eq!(stock_of(&app, skus[0]).await, 7, "stock taken once");
    app.stop().await;
});

db_test!(
    a_price_change_or_delisting_while_an_order_waits_for_the_write_lock_is_not_ignored,
    |db| {
        use app::checkout::service::{prepare, write, PlaceInput, Prepared};
        let app = common::spawn_app(db).await;
        let (product, skus) = common::seed_product(&app, "Racing Price 抢价", [10, 10]).await;
        let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
        let user_id: i64 = sqlx::query_scalar("select user_id from address where address_id = $1")
            .bind(address)
            .fetch_one(app.state.db.pool())
            .await
            .expect("user");
        let draft = |token: String| {
            let app = &app;
            async move {
                let input = PlaceInput {
                    token,
                    address_id: Some(address),
                    expected_total_minor: None,
                    picks: Default::default(),
                    visitor: None,
                };
                match prepare(
                    &mut app.state.db.read().await.expect("conn"),
                    &app.state.config,
                    user_id,
                    &input,
                )
                .await
                .expect("prepare")
                {
                    Prepared::Draft(d) => d,
                    Prepared::Done(_) => panic!("nothing placed yet"),
                }
            }
        };
        // Read at ¥199, repriced before the write: nothing is bought.
        let stale = draft(checkout_token()).await;
        let mut tx = app.state.db.begin_write().await.expect("tx");
        app::catalog::service::set_sku_price(&mut tx, skus[0], 25_000)
            .await
            .expect("price");
        tx.commit().await.expect("commit");
        let mut tx = app.state.db.begin_write().await.expect("tx");
        let refused = write(&mut tx, &app.state.config, &stale)
            .await
            .expect_err("stale price");
        assert_eq!(refused.code, app::error::ErrorCode::CheckoutChanged);
        drop(tx);
        assert_eq!(stock_of(&app, skus[0]).await, 10);
        // Read, then delisted before the write: nothing is bought either.
        app.call("cart/accept_price", &[("sku_id", &skus[0].to_string())], Some(&session))
            .await;
        let stale = draft(checkout_token()).await;
        common::change_product(
            &app,
            "update product set status = 'delisted' where product_id = $1",
            product,
        )
        .await;
        let mut tx = app.state.db.begin_write().await.expect("tx");
        let refused = write(&mut tx, &app.state.config, &stale).await.expect_err("delisted");
        assert_eq!(refused.code, app::error::ErrorCode::CheckoutChanged);
        drop(tx);
        assert_eq!(stock_of(&app, skus[0]).await, 10);
        app.stop().await;
    }
);

db_test!(an_order_with_nothing_to_pay_is_paid_as_it_is_placed, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::ProductBuilder::new("Free Sample 免费试用装")
        .price(0)
        .create(&app)
        .await;
    let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
    let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
    assert_eq!(order_statuses(&app, checkout_id).await, ["paid"]);
    let (_, html) = common::page(&app, &session, &format!("/pay/{checkout_id}")).await;
    assert!(html.contains("Payment successful"));
    app.stop().await;
});
