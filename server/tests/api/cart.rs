//! The cart over real HTTP: guests, stock caps, hostile quantities, merge at
//! log-in, and isolation between shoppers.

use crate::common;

use app::cart::model::CartView;
use app::error::{AppError, ErrorCode};
use common::{seed_product, spawn_app, unique_email, GOOD_PASSWORD};
use reqwest::header::{COOKIE, SET_COOKIE};

/// A shopper with their own browser: a cookie store of its own.
struct Shopper<'a> {
    app: &'a common::TestApp,
    browser: common::Browser,
}

impl<'a> Shopper<'a> {
    fn new(app: &'a common::TestApp) -> Self {
        Shopper {
            app,
            browser: common::Browser::new(app),
        }
    }

    async fn call(&mut self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.browser.call(self.app, endpoint, form).await
    }

    fn has_cookie(&self, name: &str) -> bool {
        self.browser.cookie(self.app, name).is_some()
    }

    async fn add(&mut self, sku: i64, quantity: &str) -> reqwest::Response {
        self.call("cart/add", &[("sku_id", &sku.to_string()), ("quantity", quantity)])
            .await
    }

    async fn cart(&mut self) -> CartView {
        let res = self.call("cart/view", &[]).await;
        assert_eq!(res.status(), 200);
        res.json().await.expect("cart")
    }
}

fn quantities(cart: &CartView) -> Vec<(i64, i64)> {
    cart.groups
        .iter()
        .flat_map(|g| g.lines.iter().map(|l| (l.sku_id, l.quantity)))
        .collect()
}

db_test!(a_guest_has_a_cart_bound_to_a_cookie, |db| {
    let app = spawn_app(db).await;
    let (_, [red, _]) = seed_product(&app, "Guest Buds", [10, 10]).await;
    let mut guest = Shopper::new(&app);
    let res = guest.add(red, "2").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<i64>().await.unwrap(), 2, "the count comes back");
    assert!(guest.has_cookie("jishi_cart"));
    let cart = guest.cart().await;
    assert_eq!(quantities(&cart), vec![(red, 2)]);
    assert_eq!(cart.total_minor, 2 * 19_900);
    assert_eq!(cart.groups[0].subtotal_minor, 2 * 19_900);
    let mut stranger = Shopper::new(&app);
    assert!(stranger.cart().await.groups.is_empty(), "another browser sees nothing");
    app.stop().await;
});

db_test!(bad_quantities_are_refused_cleanly, |db| {
    let app = spawn_app(db).await;
    let (product, [red, _]) = seed_product(&app, "Careful Buds", [10, 10]).await;
    let mut guest = Shopper::new(&app);
    for bad in ["0", "-1", "1000000000000", "abc", "", "2.5"] {
        let res = guest.add(red, bad).await;
        assert_eq!(res.status(), 400, "{bad:?}");
        let err: AppError = res.json().await.unwrap();
        assert_eq!(err.for_field("quantity"), Some(ErrorCode::QuantityInvalid), "{bad:?}");
    }
    guest.add(red, "1").await;
    for bad in ["0", "-1", "1000000000000"] {
        let res = guest
            .call("cart/set_quantity", &[("sku_id", &red.to_string()), ("quantity", bad)])
            .await;
        assert_eq!(res.status(), 400, "{bad:?}");
    }
    let res = guest.add(i64::MAX, "1").await;
    assert_eq!(res.status(), 404, "a SKU that does not exist");
    let res = guest
        .call(
            "cart/add",
            &[
                ("product_id", &product.to_string()),
                ("option_1", "-5"),
                ("quantity", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400, "a choice that is not one of the product's values");
    let res = guest
        .call("cart/add", &[("product_id", "not-a-number"), ("quantity", "1")])
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(quantities(&guest.cart().await), vec![(red, 1)]);
    app.stop().await;
});

db_test!(quantities_are_capped_by_stock_and_sold_out_cannot_be_added, |db| {
    let app = spawn_app(db).await;
    let (_, [red, blue]) = seed_product(&app, "Scarce Buds", [3, 0]).await;
    let mut guest = Shopper::new(&app);
    assert_eq!(guest.add(red, "5").await.status(), 200);
    assert_eq!(quantities(&guest.cart().await), vec![(red, 3)]);
    let res = guest
        .call("cart/set_quantity", &[("sku_id", &red.to_string()), ("quantity", "50")])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(quantities(&guest.cart().await), vec![(red, 3)]);
    let res = guest.add(blue, "1").await;
    assert_eq!(res.status(), 409);
    let err: AppError = res.json().await.unwrap();
    assert_eq!(err.code, ErrorCode::SoldOut);
    app.stop().await;
});

db_test!(a_guest_cart_merges_into_the_account_at_log_in, |db| {
    let app = spawn_app(db).await;
    let (_, [red, blue]) = seed_product(&app, "Merge Buds", [4, 10]).await;
    let email = unique_email("merge");
    let mut account = Shopper::new(&app);
    account
        .call(
            "accounts/register",
            &[
                ("email", &email),
                ("display_name", "Merger"),
                ("password", GOOD_PASSWORD),
            ],
        )
        .await;
    account.add(red, "3").await;

    let mut guest = Shopper::new(&app);
    guest.add(red, "3").await;
    guest.add(blue, "2").await;
    let res = guest
        .call("accounts/log_in", &[("email", &email), ("password", GOOD_PASSWORD)])
        .await;
    assert_eq!(res.status(), 200);
    assert!(!guest.has_cookie("jishi_cart"), "guest cookie cleared");
    let mut merged = quantities(&guest.cart().await);
    merged.sort();
    let mut expected = vec![(red, 4), (blue, 2)];
    expected.sort();
    assert_eq!(merged, expected, "3 + 3 capped at the stock of 4");
    app.stop().await;
});

db_test!(one_shopper_never_sees_or_changes_another_shoppers_cart, |db| {
    let app = spawn_app(db).await;
    let (_, [red, _]) = seed_product(&app, "Private Buds", [10, 10]).await;
    let mut alice = Shopper::new(&app);
    alice
        .call(
            "accounts/register",
            &[
                ("email", &unique_email("alice")),
                ("display_name", "Alice"),
                ("password", GOOD_PASSWORD),
            ],
        )
        .await;
    alice.add(red, "2").await;
    let mut bob = Shopper::new(&app);
    bob.call(
        "accounts/register",
        &[
            ("email", &unique_email("bob")),
            ("display_name", "Bob"),
            ("password", GOOD_PASSWORD),
        ],
    )
    .await;
    assert!(bob.cart().await.groups.is_empty());
    let res = bob
        .call("cart/set_quantity", &[("sku_id", &red.to_string()), ("quantity", "9")])
        .await;
    assert_eq!(res.status(), 404);
    bob.call("cart/remove", &[("sku_id", &red.to_string())]).await;
    assert_eq!(
        quantities(&alice.cart().await),
        vec![(red, 2)],
        "Alice's cart untouched"
    );
    app.stop().await;
});

db_test!(add_to_cart_works_without_javascript, |db| {
    let app = spawn_app(db).await;
    let (product, [_, blue]) = seed_product(&app, "Plain Form Buds", [10, 10]).await;
    // The product page's form names the chosen value of each option.
    let detail =
        app::catalog::service::product_detail(&mut app.state.db.read().await.unwrap(), &app.state.catalog, product)
            .await
            .unwrap();
    let blue_value = detail.options[0].values[1].value_id.to_string();
    let res = app
        .client
        .post(app.url("/api/cart/add"))
        .header("origin", &app.base)
        .header("accept", "text/html")
        .header("referer", app.url(&format!("/p/{product}")))
        .form(&[
            ("product_id", product.to_string().as_str()),
            ("option_1", blue_value.as_str()),
            ("quantity", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/cart");
    let cookie = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .find_map(|v| v.to_str().ok().filter(|v| v.starts_with("jishi_cart=")))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let html = app
        .client
        .get(app.url("/cart"))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Plain Form Buds"));
    assert!(html.contains("Color: Blue"), "the line shows the chosen value");
    let _ = blue;
    app.stop().await;
});

/// Sets one SKU's stock through the catalog's service (logged as a change).
async fn set_stock(app: &common::TestApp, sku: i64, stock: i64) {
    let mut tx = app.state.db.begin_write().await.expect("tx");
    app::catalog::service::set_stock(&mut tx, sku, stock)
        .await
        .expect("stock");
    tx.commit().await.expect("commit");
}

db_test!(
    a_line_above_the_stock_left_says_so_and_counts_what_can_be_bought,
    |db| {
        let app = spawn_app(db).await;
        let (_, [red, blue]) = seed_product(&app, "Short Buds", [10, 10]).await;
        let mut shopper = Shopper::new(&app);
        assert_eq!(shopper.add(red, "5").await.status(), 200);
        assert_eq!(shopper.add(blue, "1").await.status(), 200);
        set_stock(&app, red, 2).await;
        let cart = shopper.cart().await;
        let line = cart.groups[0]
            .lines
            .iter()
            .find(|l| l.sku_id == red)
            .expect("line")
            .clone();
        assert_eq!(line.quantity, 5, "what the shopper asked for is kept");
        assert!(line.short());
        assert_eq!(line.buyable_quantity(), 2);
        // Red ¥199 × 2 (not × 5) + Blue ¥219 × 1.
        assert_eq!(cart.total_minor, 19_900 * 2 + 21_900);
        let html = shopper.browser.get(&app, "/cart").await.text().await.expect("page");
        assert!(html.contains("Only 2 left"), "the page says it");
        app.stop().await;
    }
);

db_test!(a_sold_out_line_cannot_be_changed_only_removed, |db| {
    let app = spawn_app(db).await;
    let (_, [red, _]) = seed_product(&app, "Gone Buds", [10, 10]).await;
    let mut shopper = Shopper::new(&app);
    assert_eq!(shopper.add(red, "3").await.status(), 200);
    set_stock(&app, red, 0).await;
    let res = shopper
        .call("cart/set_quantity", &[("sku_id", &red.to_string()), ("quantity", "1")])
        .await;
    assert_eq!(res.status(), 409);
    let err: AppError = res.json().await.expect("error");
    assert_eq!(err.for_field("quantity"), Some(ErrorCode::SoldOut));
    assert_eq!(
        quantities(&shopper.cart().await),
        vec![(red, 3)],
        "not silently set to 1"
    );
    assert_eq!(shopper.cart().await.total_minor, 0, "nothing buyable");
    let res = shopper.call("cart/remove", &[("sku_id", &red.to_string())]).await;
    assert_eq!(res.status(), 200);
    app.stop().await;
});

db_test!(a_cart_holds_at_most_its_line_limit, |db| {
    let app = spawn_app(db).await;
    let values: Vec<String> = (0..11).map(|i| format!("V{i}")).collect();
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    let (_, skus) = common::ProductBuilder::new("Many Ways Tee")
        .option("Color", &values)
        .option("Size", &values)
        .create(&app)
        .await;
    assert_eq!(skus.len(), 121);
    let mut shopper = Shopper::new(&app);
    for sku in &skus[..120] {
        assert_eq!(shopper.add(*sku, "1").await.status(), 200);
    }
    let res = shopper.add(skus[120], "1").await;
    assert_eq!(res.status(), 409);
    let err: AppError = res.json().await.expect("error");
    assert_eq!(err.for_field("quantity"), Some(ErrorCode::CartFull));
    // More of a line already there is still fine.
    assert_eq!(shopper.add(skus[0], "1").await.status(), 200);
    assert_eq!(shopper.cart().await.groups[0].lines.len(), 120);
    app.stop().await;
});

db_test!(cookieless_adds_make_a_bounded_number_of_guest_carts, |db| {
    let mut config = common::test_config();
    config.limits.guest_carts_per_addr = app::server::throttle::Limit::new(3, 3600);
    let app = common::spawn_app_with(db, config).await;
    let (_, [red, _]) = seed_product(&app, "Bot Buds", [100, 100]).await;
    let mut shopper = Shopper::new(&app);
    assert_eq!(shopper.add(red, "1").await.status(), 200);
    let add_without_cookie = || async {
        app.call("cart/add", &[("sku_id", &red.to_string()), ("quantity", "1")], None)
            .await
    };
    for _ in 0..2 {
        assert_eq!(add_without_cookie().await.status(), 200);
    }
    let res = add_without_cookie().await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().get("retry-after").is_some());
    assert!(
        res.headers().get(SET_COOKIE).is_none(),
        "no cart cookie for a refused cart"
    );
    let carts: i64 = sqlx::query_scalar("select count(*) from cart")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(carts, 3);
    // A guest who kept their cookie carries on with their cart.
    assert_eq!(shopper.add(red, "1").await.status(), 200);
    assert_eq!(quantities(&shopper.cart().await), vec![(red, 2)]);
    app.stop().await;
});

db_test!(guest_carts_idle_for_thirty_days_are_deleted, |db| {
    let app = spawn_app(db).await;
    let (_, [red, _]) = seed_product(&app, "Idle Buds", [10, 10]).await;
    let mut idle = Shopper::new(&app);
    let mut active = Shopper::new(&app);
    assert_eq!(idle.add(red, "1").await.status(), 200);
    assert_eq!(active.add(red, "1").await.status(), 200);
    let user = app.register(&unique_email("kept"), GOOD_PASSWORD).await;
    let res = app
        .call(
            "cart/add",
            &[("sku_id", &red.to_string()), ("quantity", "1")],
            Some(&user),
        )
        .await;
    assert_eq!(res.status(), 200);
    // Everything went quiet 31 days ago; then the active guest came back.
    let long_ago = app::server::now_ms() - 31 * 24 * 3600 * 1000;
    sqlx::query("update cart set updated_at = $1")
        .bind(long_ago)
        .execute(app.state.db.pool())
        .await
        .expect("age");
    assert_eq!(active.add(red, "1").await.status(), 200);
    server::housekeeping(&app.state).await.expect("housekeeping");
    assert!(idle.cart().await.groups.is_empty(), "the idle guest cart is gone");
    assert_eq!(quantities(&active.cart().await), vec![(red, 2)]);
    let res = app.call("cart/view", &[], Some(&user)).await;
    let cart: CartView = res.json().await.expect("cart");
    assert_eq!(quantities(&cart), vec![(red, 1)], "an account's cart never expires");
    app.stop().await;
});
