//! The listing editor and audit over HTTP: a merchant's new product is a
//! draft until an operator approves it; a change to a live listing waits
//! for review while the live version stays on sale (price and stock need
//! none); illegal moves are refused; no merchant reaches another shop's
//! products.

use crate::common::{self, unique_email, TestApp, GOOD_PASSWORD};
use app::media::samples;
use image::ImageFormat;
use reqwest::multipart::{Form, Part};

use crate::common::json;

/// A leaf category to list in: (id).
async fn leaf_category(app: &TestApp) -> i64 {
    use app::i18n::Localized;
    let mut tx = app.state.db.begin_write().await.expect("tx");
    let top = app::catalog::service::create_category(
        &mut tx,
        None,
        &common::unique_slug("top"),
        &Localized::new("Tea", "茶"),
        0,
    )
    .await
    .expect("top");
    let leaf = app::catalog::service::create_category(
        &mut tx,
        Some(top),
        &common::unique_slug("oolong"),
        &Localized::new("Oolong", "乌龙茶"),
        0,
    )
    .await
    .expect("leaf");
    tx.commit().await.expect("commit");
    app.state.catalog.rebuild(&app.state.db).await.expect("categories");
    leaf
}

/// A merchant of a new shop: (session, shop id).
async fn merchant(app: &TestApp) -> (String, i64) {
    let (shop_id, _) = common::ShopBuilder::new()
        .name(&format!("Shop {}", common::unique_slug("s")))
        .create(app)
        .await;
    (common::member_of(app, shop_id).await.0, shop_id)
}

/// A draft with two colours × two sizes: its id.
async fn create_tea(app: &TestApp, session: &str, shop_id: i64, category: i64) -> i64 {
    let (status, body) = json(
        app.call(
            "catalog/create_listing",
            &[
                ("shop_id", &shop_id.to_string()),
                ("title", "Wuyi rock oolong"),
                ("description", "Roasted by hand."),
                ("category", &category.to_string()),
                ("option1_name", "Color"),
                ("option1_values", "Amber, Dark"),
                ("option2_name", "Size"),
                ("option2_values", "50 g，100 g"),
                ("price", "88.00"),
                ("stock", "10"),
            ],
            Some(session),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body.as_i64().expect("product id")
}

async fn upload_picture(app: &TestApp, session: &str, product_id: i64, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part("images", Part::bytes(bytes).file_name("tea.jpg"));
    app.client
        .post(app.url(&format!("/seller/products/{product_id}/images")))
        .header("origin", &app.base)
        .header("cookie", format!("jishi_session={session}"))
        .header("accept", "text/html")
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

async fn act(app: &TestApp, session: &str, product_id: i64, action: &str) -> u16 {
    app.call(
        "catalog/listing_action",
        &[("product_id", &product_id.to_string()), ("action", action)],
        Some(session),
    )
    .await
    .status()
    .as_u16()
}

async fn decide(app: &TestApp, session: &str, product_id: i64, decision: &str, reason: &str) -> u16 {
    app.call(
        "catalog/decide_listing",
        &[
            ("product_id", &product_id.to_string()),
            ("decision", decision),
            ("reason", reason),
        ],
        Some(session),
    )
    .await
    .status()
    .as_u16()
}

async fn status_of(app: &TestApp, product_id: i64) -> String {
    sqlx::query_scalar("select status from product where product_id = $1")
        .bind(product_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("status")
}

async fn product_page(app: &TestApp, product_id: i64) -> (u16, String) {
    app.state.catalog.follow(&app.state.db).await.expect("follow");
    let res = app
        .client
        .get(app.url(&format!("/p/{product_id}")))
        .send()
        .await
        .expect("page");
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

db_test!(a_new_listing_goes_live_only_once_an_operator_approves_it, |db| {
    let app = common::spawn_app(db).await;
    let category = leaf_category(&app).await;
    let (seller, shop_id) = merchant(&app).await;
    let product_id = create_tea(&app, &seller, shop_id, category).await;
    let skus: Vec<(i64, i64)> =
        sqlx::query_as("select price_minor, stock from sku where product_id = $1 order by sku_id")
            .bind(product_id)
            .fetch_all(app.state.db.pool())
            .await
            .expect("skus");
    assert_eq!(skus, vec![(8_800, 10); 4], "two colours × two sizes");
    assert_eq!(status_of(&app, product_id).await, "draft");
    // Not without a picture.
    let (status, body) = json(
        app.call(
            "catalog/listing_action",
            &[("product_id", &product_id.to_string()), ("action", "submit")],
            Some(&seller),
        )
        .await,
    )
    .await;
    assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("images")));
    let res = upload_picture(&app, &seller, product_id, samples::picture(1200, 900, ImageFormat::Png)).await;
    assert_eq!(res.status(), 303);
    let (key, width): (String, i64) =
        sqlx::query_as("select media_key, width from product_image where product_id = $1")
            .bind(product_id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("picture");
    assert_eq!(width, 1200);
    for thumb in [240, 480, 960] {
        let url = app::media::web::thumbnail_key(&key, thumb);
        let res = app
            .client
            .get(app.url(&format!("/media/{url}")))
            .send()
            .await
            .expect("thumb");
        assert_eq!(res.status(), 200, "a {thumb} px copy");
    }
    assert_eq!(act(&app, &seller, product_id, "submit").await, 200);
    assert_eq!(act(&app, &seller, product_id, "submit").await, 409, "already waiting");
    assert_eq!(product_page(&app, product_id).await.0, 404, "not on sale while waiting");
    // The merchant cannot approve their own; the operator can, once.
    assert_eq!(decide(&app, &seller, product_id, "approve", "").await, 403);
    let op = common::operator_session(&app).await;
    let (_, queue) = json(app.call("catalog/listing_queue", &[], Some(&op)).await).await;
    assert_eq!(queue["items"][0]["product_id"], product_id);
    assert_eq!(queue["items"][0]["is_change"], false);
    assert_eq!(decide(&app, &op, product_id, "approve", "").await, 200);
    assert_eq!(decide(&app, &op, product_id, "approve", "").await, 409);
    assert_eq!(status_of(&app, product_id).await, "live");
    let (status, html) = product_page(&app, product_id).await;
    assert_eq!(status, 200);
    assert!(html.contains("Wuyi rock oolong"));
    let found = app
        .client
        .get(app.url("/search?q=oolong"))
        .send()
        .await
        .expect("search");
    assert!(found
        .text()
        .await
        .unwrap_or_default()
        .contains(&format!("/p/{product_id}")));
    let story: Vec<(String, String)> = sqlx::query_as(
        "select action, actor_kind from audit_event where subject = 'product' and subject_id = $1 order by event_id",
    )
    .bind(product_id)
    .fetch_all(app.state.db.pool())
    .await
    .expect("story");
    assert_eq!(
        story,
        vec![
            ("submitted".into(), "merchant".into()),
            ("approved".into(), "operator".into())
        ]
    );
    app.stop().await;
});

db_test!(
    a_change_to_a_live_listing_waits_for_review_while_the_live_version_sells,
    |db| {
        let app = common::spawn_app(db).await;
        let category = leaf_category(&app).await;
        let (seller, shop_id) = merchant(&app).await;
        let product_id = create_tea(&app, &seller, shop_id, category).await;
        upload_picture(&app, &seller, product_id, samples::picture(300, 300, ImageFormat::Jpeg)).await;
        act(&app, &seller, product_id, "submit").await;
        let op = common::operator_session(&app).await;
        decide(&app, &op, product_id, "approve", "").await;

        let (status, body) = json(
            app.call(
                "catalog/save_details",
                &[
                    ("product_id", &product_id.to_string()),
                    ("title", "Wuyi rock oolong, 2026 harvest"),
                    ("description", "Roasted by hand."),
                    ("category", &category.to_string()),
                ],
                Some(&seller),
            )
            .await,
        )
        .await;
        assert_eq!((status, body), (200, serde_json::json!(true)), "sent for review");
        let (_, html) = product_page(&app, product_id).await;
        assert!(
            html.contains("Wuyi rock oolong") && !html.contains("2026 harvest"),
            "the live version stays"
        );
        // Price and stock need no review.
        let sku: i64 = sqlx::query_scalar("select sku_id from sku where product_id = $1 order by sku_id limit 1")
            .bind(product_id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("sku");
        let codes: Vec<(i64, String)> = sqlx::query_as("select sku_id, code from sku where product_id = $1")
            .bind(product_id)
            .fetch_all(app.state.db.pool())
            .await
            .expect("codes");
        let mut form: Vec<(String, String)> = vec![
            ("product_id".into(), product_id.to_string()),
            ("all_stock".into(), "7".into()),
        ];
        for (id, code) in &codes {
            form.push((format!("code[{id}]"), code.clone()));
            form.push((
                format!("price[{id}]"),
                if *id == sku { "99.50".into() } else { "88".into() },
            ));
        }
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (status, body) = json(app.call("catalog/save_skus", &form, Some(&seller)).await).await;
        assert_eq!(status, 200, "{body}");
        let (price, stock): (i64, i64) = sqlx::query_as("select price_minor, stock from sku where sku_id = $1")
            .bind(sku)
            .fetch_one(app.state.db.pool())
            .await
            .expect("sku");
        assert_eq!((price, stock), (9_950, 7));
        assert_eq!(status_of(&app, product_id).await, "live");

        let (_, review) = json(
            app.call(
                "catalog/listing_review",
                &[("product_id", &product_id.to_string())],
                Some(&op),
            )
            .await,
        )
        .await;
        assert_eq!(review["is_change"], true);
        assert_eq!(review["before"]["title"], "Wuyi rock oolong");
        assert_eq!(review["after"]["title"], "Wuyi rock oolong, 2026 harvest");
        let version = |review: &serde_json::Value| review["change_version"].as_i64().expect("version").to_string();
        let seen = version(&review);
        let decide_seen = |decision: &'static str, reason: &'static str, seen: String| {
            let op = op.clone();
            let app = &app;
            async move {
                let id = product_id.to_string();
                let form = [
                    ("product_id", id.as_str()),
                    ("decision", decision),
                    ("reason", reason),
                    ("seen", &seen),
                ];
                app.call("catalog/decide_listing", &form, Some(&op))
                    .await
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(
            decide_seen("reject", "", seen.clone()).await,
            400,
            "a rejection needs a reason"
        );
        assert_eq!(
            decide(&app, &op, product_id, "approve", "").await,
            409,
            "approving a change names the version seen"
        );
        // The merchant edits again after the operator looked: the version
        // seen can no longer be approved.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let edit = |title: &'static str| {
            let seller = seller.clone();
            let app = &app;
            async move {
                let (id, category) = (product_id.to_string(), category.to_string());
                let form = [
                    ("product_id", id.as_str()),
                    ("title", title),
                    ("category", category.as_str()),
                ];
                app.call("catalog/save_details", &form, Some(&seller))
                    .await
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(edit("Wuyi rock oolong, 2026 harvest, now cheaper").await, 200);
        assert_eq!(
            decide_seen("approve", "", seen).await,
            409,
            "not a change the operator has not seen"
        );
        let (_, review) = json(
            app.call(
                "catalog/listing_review",
                &[("product_id", &product_id.to_string())],
                Some(&op),
            )
            .await,
        )
        .await;
        assert_eq!(decide_seen("approve", "", version(&review)).await, 200);
        let (_, html) = product_page(&app, product_id).await;
        assert!(html.contains("now cheaper"), "the approved change is live");

        // A change pending when the listing leaves sale is dropped with it.
        assert_eq!(edit("A change that will never be seen").await, 200);
        assert_eq!(act(&app, &seller, product_id, "delist").await, 200);
        let (_, queue) = json(app.call("catalog/listing_queue", &[], Some(&op)).await).await;
        assert_eq!(queue["total"], 0, "nothing left to review");
        let (_, page) = json(
            app.call(
                "catalog/editor",
                &[("product_id", &product_id.to_string())],
                Some(&seller),
            )
            .await,
        )
        .await;
        assert_eq!(page["product"]["pending_change"], serde_json::Value::Null);
        assert_eq!(
            page["product"]["content"]["title"],
            "Wuyi rock oolong, 2026 harvest, now cheaper"
        );
        app.stop().await;
    }
);

db_test!(no_merchant_reaches_another_shops_products, |db| {
    let app = common::spawn_app(db).await;
    let category = leaf_category(&app).await;
    let (owner, shop_id) = merchant(&app).await;
    let product_id = create_tea(&app, &owner, shop_id, category).await;
    let (other, other_shop) = merchant(&app).await;
    let shopper = app.register(&unique_email("shopper"), GOOD_PASSWORD).await;
    let id = product_id.to_string();
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("catalog/editor", vec![("product_id", &id)]),
        (
            "catalog/save_details",
            vec![("product_id", &id), ("title", "Mine now"), ("category", "1")],
        ),
        ("catalog/save_skus", vec![("product_id", &id), ("all_price", "1")]),
        (
            "catalog/save_variants",
            vec![
                ("product_id", &id),
                ("option1_name", "X"),
                ("option1_values", "a"),
                ("price", "1"),
                ("stock", "1"),
            ],
        ),
        ("catalog/remove_image", vec![("product_id", &id), ("key", "x")]),
        (
            "catalog/listing_action",
            vec![("product_id", &id), ("action", "submit")],
        ),
    ];
    for (endpoint, form) in &calls {
        assert_eq!(
            app.call(endpoint, form, Some(&other)).await.status(),
            404,
            "{endpoint} by another shop"
        );
        assert_eq!(
            app.call(endpoint, form, Some(&shopper)).await.status(),
            403,
            "{endpoint} by a shopper"
        );
    }
    // Creating in a shop one is not a member of.
    let res = app
        .call(
            "catalog/create_listing",
            &[("shop_id", &shop_id.to_string()), ("title", "Sneaky")],
            Some(&other),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = upload_picture(&app, &other, product_id, samples::picture(50, 50, ImageFormat::Png)).await;
    assert_eq!(res.headers()["location"], "/seller/products");
    let pictures: i64 = sqlx::query_scalar("select count(*) from product_image where product_id = $1")
        .bind(product_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(pictures, 0);
    let (status, page) = json(
        app.call("catalog/editor", &[("shop_id", &other_shop.to_string())], Some(&other))
            .await,
    )
    .await;
    assert_eq!(
        (status, page["product"].clone()),
        (200, serde_json::Value::Null),
        "their own blank editor"
    );
    for endpoint in [
        "catalog/listing_queue",
        "catalog/decide_listing",
        "catalog/listing_review",
    ] {
        let res = app
            .call(endpoint, &[("product_id", &id), ("decision", "approve")], Some(&owner))
            .await;
        assert_eq!(res.status(), 403, "{endpoint} is the operator's");
    }
    app.stop().await;
});

db_test!(illegal_listing_moves_are_refused, |db| {
    let app = common::spawn_app(db).await;
    let category = leaf_category(&app).await;
    let (seller, shop_id) = merchant(&app).await;
    let product_id = create_tea(&app, &seller, shop_id, category).await;
    let op = common::operator_session(&app).await;
    assert_eq!(
        decide(&app, &op, product_id, "approve", "").await,
        409,
        "a draft is not up for review"
    );
    assert_eq!(
        act(&app, &seller, product_id, "delist").await,
        409,
        "a draft is not on sale"
    );
    assert_eq!(act(&app, &seller, product_id, "approve").await, 400);
    upload_picture(&app, &seller, product_id, samples::picture(64, 64, ImageFormat::Png)).await;
    act(&app, &seller, product_id, "submit").await;
    // Under review, what it says is fixed until the decision.
    let res = app
        .call(
            "catalog/save_details",
            &[
                ("product_id", &product_id.to_string()),
                ("title", "Changed"),
                ("category", &category.to_string()),
            ],
            Some(&seller),
        )
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(decide(&app, &op, product_id, "reject", "Blurry pictures").await, 200);
    let (_, page) = json(
        app.call(
            "catalog/editor",
            &[("product_id", &product_id.to_string())],
            Some(&seller),
        )
        .await,
    )
    .await;
    assert_eq!(page["product"]["status"], "Rejected");
    assert_eq!(page["product"]["rejection"], "Blurry pictures");
    assert_eq!(
        act(&app, &seller, product_id, "submit").await,
        200,
        "resubmitted after a rejection"
    );
    assert_eq!(decide(&app, &op, product_id, "approve", "").await, 200);
    assert_eq!(act(&app, &seller, product_id, "delist").await, 200);
    assert_eq!(product_page(&app, product_id).await.0, 404, "delisted: off sale");
    // Its variants are fixed once it has been on sale.
    let res = app
        .call(
            "catalog/save_variants",
            &[
                ("product_id", &product_id.to_string()),
                ("option1_name", "Size"),
                ("option1_values", "S"),
                ("price", "1"),
                ("stock", "1"),
            ],
            Some(&seller),
        )
        .await;
    assert_eq!(res.status(), 409);
    app.stop().await;
});

async fn notifications(app: &TestApp, session: &str, shop_id: i64) -> (u16, serde_json::Value) {
    json(
        app.call(
            "merchants/notifications",
            &[("shop_id", &shop_id.to_string())],
            Some(session),
        )
        .await,
    )
    .await
}

db_test!(a_shop_hears_of_decisions_and_low_stock_and_nobody_else_does, |db| {
    let app = common::spawn_app(db).await;
    let category = leaf_category(&app).await;
    let (seller, shop_id) = merchant(&app).await;
    let product_id = create_tea(&app, &seller, shop_id, category).await;
    upload_picture(&app, &seller, product_id, samples::picture(64, 64, ImageFormat::Png)).await;
    act(&app, &seller, product_id, "submit").await;
    let op = common::operator_session(&app).await;
    decide(&app, &op, product_id, "approve", "").await;
    let (status, page) = notifications(&app, &seller, shop_id).await;
    assert_eq!(status, 200);
    assert_eq!(page["unread"], 1);
    assert_eq!(page["items"][0]["kind"], "ListingApproved");
    assert_eq!(page["items"][0]["subject_text"], "Wuyi rock oolong");
    let (_, unread) = json(app.call("merchants/unread", &[], Some(&seller)).await).await;
    assert_eq!(unread, 1);

    // Another shop's merchant sees nothing of it and cannot mark it read.
    let (other, _) = merchant(&app).await;
    assert_eq!(notifications(&app, &other, shop_id).await.0, 403);
    let newest = page["items"][0]["notification_id"].as_i64().expect("id").to_string();
    let res = app
        .call(
            "merchants/mark_read",
            &[("shop_id", &shop_id.to_string()), ("up_to", &newest)],
            Some(&other),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .call(
            "merchants/mark_read",
            &[("shop_id", &shop_id.to_string()), ("up_to", &newest)],
            Some(&seller),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(notifications(&app, &seller, shop_id).await.1["unread"], 0);

    // A threshold of 9 on a SKU with 10: the sale of 1 reaches it, once.
    let sku: i64 = sqlx::query_scalar("select sku_id from sku where product_id = $1 order by sku_id limit 1")
        .bind(product_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("sku");
    let form = [
        ("sku_id", sku.to_string()),
        ("stock", "10".into()),
        ("threshold", "9".into()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.call("catalog/save_inventory", &form, Some(&other)).await.status(),
        404,
        "another shop's SKU"
    );
    assert_eq!(
        app.call("catalog/save_inventory", &form, Some(&seller)).await.status(),
        200
    );
    app.state.catalog.follow(&app.state.db).await.expect("follow");
    for _ in 0..2 {
        let (buyer, address) = common::shopper_ready_to_buy(&app, sku, 1).await;
        let res = common::place_order(&app, &buyer, &common::checkout_token(), address).await;
        assert_eq!(res.status(), 200);
    }
    let (_, page) = notifications(&app, &seller, shop_id).await;
    let low: Vec<&serde_json::Value> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|n| n["kind"] == "LowStock")
        .collect();
    assert_eq!(low.len(), 1, "told once, when it reached the threshold");
    let (_, inventory) = json(
        app.call(
            "catalog/inventory",
            &[("shop_id", &shop_id.to_string()), ("low", "true")],
            Some(&seller),
        )
        .await,
    )
    .await;
    assert_eq!(inventory["lines"][0]["sku_id"], sku);
    assert_eq!(inventory["lines"][0]["stock"], 8);
    app.stop().await;
});
