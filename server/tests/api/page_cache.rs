//! The page cache over real HTTP: precise invalidation through the
//! storefront change log (without anyone calling `follow` by hand), keys
//! that ignore parameters no page reads, one render for a burst of misses,
//! and the `x-jishi-shows` header never leaving the server.

use crate::common;

use common::{seed_product, spawn_app, TestApp};
use std::time::{Duration, Instant};

/// A GET that also checks the internal header did not leak.
async fn get(app: &TestApp, path: &str) -> (String, String) {
    let res = app.client.get(app.url(path)).send().await.expect("get");
    assert!(
        res.headers().get("x-jishi-shows").is_none(),
        "{path} leaked x-jishi-shows"
    );
    let cache = res
        .headers()
        .get("x-page-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let status = res.status();
    let body = res.text().await.expect("body");
    assert!(status == 200 || status == 404, "{path}: {status}");
    (cache, body)
}

/// Asks for `path` until its page contains `text`, for at most two
/// seconds (every server must show a change within two).
async fn eventually_shows(app: &TestApp, path: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let (_, body) = get(app, path).await;
        if body.contains(text) {
            return;
        }
        assert!(Instant::now() < deadline, "{path} did not show {text:?} within 2 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Asks twice, so the page is in the cache, and checks the second was a hit.
async fn warm(app: &TestApp, path: &str) {
    get(app, path).await;
    assert_eq!(get(app, path).await.0, "hit", "{path} is cached");
}

/// How many products the index finds for `words`.
fn found(app: &TestApp, words: &str) -> u64 {
    let q = app::catalog::model::ListingQuery::from_pairs([("q", words)]);
    app::catalog::service::listing(&app.state.catalog, q, None)
        .expect("listing")
        .total
}

/// (shop id, slug) of a product's shop.
async fn shop_of(app: &TestApp, product: i64) -> (i64, String) {
    let p = common::placement(app, product).await;
    (p.shop_id, p.shop_slug)
}

db_test!(a_price_change_refreshes_that_product_page_and_no_other, |db| {
    let app = spawn_app(db).await;
    let (a, [a_red, _]) = seed_product(&app, "Price Lamp 价格台灯", [5, 5]).await;
    let (b, _) = seed_product(&app, "Steady Lamp 稳定台灯", [5, 5]).await;
    let (pa, pb) = (format!("/p/{a}"), format!("/p/{b}"));
    warm(&app, &pa).await;
    warm(&app, &pb).await;
    assert!(!get(&app, &pa).await.1.contains("¥777.00"));

    // Through the catalog's service, in one transaction with its log entry.
    let mut tx = app.state.db.begin_write().await.unwrap();
    app::catalog::service::set_sku_price(&mut tx, a_red, 77_700)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    eventually_shows(&app, &pa, "¥777.00").await;
    assert_eq!(get(&app, &pb).await.0, "hit", "another product's page stays cached");
    app.stop().await;
});

db_test!(a_shop_rename_refreshes_that_shops_pages_only, |db| {
    let app = spawn_app(db).await;
    let (a, _) = seed_product(&app, "Shop A Lamp", [5, 5]).await;
    let (b, _) = seed_product(&app, "Shop B Lamp", [5, 5]).await;
    let (shop_a, slug_a) = shop_of(&app, a).await;
    let (_, slug_b) = shop_of(&app, b).await;
    let pages = [
        format!("/s/{slug_a}"),
        format!("/p/{a}"),
        format!("/s/{slug_b}"),
        format!("/p/{b}"),
    ];
    for page in &pages {
        warm(&app, page).await;
    }

    let mut tx = app.state.db.begin_write().await.unwrap();
    app::merchants::service::rename_shop(&mut tx, shop_a, "Renamed Shop 改名店")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    eventually_shows(&app, &pages[0], "Renamed Shop").await;
    eventually_shows(&app, &pages[1], "Renamed Shop").await;
    for other in &pages[2..] {
        let (cache, body) = get(&app, other).await;
        assert_eq!(cache, "hit", "{other} stays cached");
        assert!(!body.contains("Renamed Shop"));
    }
    app.stop().await;
});

db_test!(parameters_no_page_reads_share_one_entry, |db| {
    let app = spawn_app(db).await;
    let (a, _) = seed_product(&app, "Param Lamp", [5, 5]).await;
    let (first, _) = get(&app, &format!("/p/{a}?x=0")).await;
    assert_eq!(first, "miss");
    let size = app.cache.len();
    for i in 1..=50 {
        let (cache, body) = get(&app, &format!("/p/{a}?x={i}&utm_source=mail")).await;
        assert_eq!(cache, "hit", "x={i}");
        assert!(!body.contains("utm_source"));
    }
    assert_eq!(app.cache.len(), size, "stray parameters do not grow the cache");

    // A listing keeps the parameters it reads, and renders without the rest.
    let (_, body) = get(&app, "/search?q=lamp&tracking=secret-token").await;
    assert!(
        !body.contains("secret-token"),
        "a stranger's parameter is not in the cached page"
    );
    let (cache, _) = get(&app, "/search?tracking=other&q=lamp").await;
    assert_eq!(cache, "hit");
    let (cache, _) = get(&app, "/search?q=lampshade").await;
    assert_eq!(cache, "miss", "a parameter the page reads makes another page");
    app.stop().await;
});

db_test!(a_burst_of_misses_renders_the_page_once, |db| {
    let app = std::sync::Arc::new(spawn_app(db).await);
    let (a, _) = seed_product(&app, "Burst Lamp", [5, 5]).await;
    let before = app.cache.renders();
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move { get(&app, &format!("/p/{a}")).await }));
    }
    let mut misses = 0;
    for task in tasks {
        let (cache, body) = task.await.expect("request");
        assert!(body.contains("Burst Lamp"));
        misses += usize::from(cache == "miss");
    }
    assert_eq!(app.cache.renders() - before, 1, "one render for 100 requests");
    assert_eq!(misses, 1);
    if let Ok(app) = std::sync::Arc::try_unwrap(app) {
        app.stop().await;
    }
});

db_test!(the_shows_header_never_reaches_a_client, |db| {
    let app = spawn_app(db).await;
    let (a, _) = seed_product(&app, "Header Lamp", [5, 5]).await;
    let (_, slug) = shop_of(&app, a).await;
    for path in [
        "/".to_string(),
        format!("/p/{a}"),
        format!("/s/{slug}"),
        "/search?q=lamp".to_string(),
        "/p/999999".to_string(),
    ] {
        get(&app, &path).await;
        get(&app, &path).await;
    }
    // Server-function calls and logged-in pages bypass the cache.
    let res = app
        .call("catalog/product", &[("product_id", &a.to_string())], None)
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("x-jishi-shows").is_none());
    let token = app
        .register(&common::unique_email("shows"), common::GOOD_PASSWORD)
        .await;
    let res = app
        .client
        .get(app.url(&format!("/p/{a}")))
        .headers(common::cookie_headers(&token))
        .send()
        .await
        .expect("get");
    assert!(res.headers().get("x-page-cache").is_none());
    assert!(res.headers().get("x-jishi-shows").is_none());
    app.stop().await;
});

db_test!(a_change_that_commits_after_a_later_one_is_still_applied, |db| {
    let app = spawn_app(db).await;
    let (a, _) = seed_product(&app, "Early Lamp", [5, 5]).await;
    let (b, _) = seed_product(&app, "Other Lamp", [5, 5]).await;
    let pool = app.state.db.pool();
    let now = app::server::now_ms();
    match app.state.db.dialect() {
        app::server::Dialect::Postgres => {
            // Identity values are handed out at insert: A gets N, B gets N + 1,
            // and B commits first.
            let mut tx_a = pool.begin().await.expect("begin a");
            sqlx::query("update product set title = 'Latecomer Lamp' where product_id = $1")
                .bind(a)
                .execute(&mut *tx_a)
                .await
                .expect("update a");
            app::storefront::db::insert_change(&mut *tx_a, "product", a, now)
                .await
                .expect("log a");
            let mut tx_b = pool.begin().await.expect("begin b");
            app::storefront::db::insert_change(&mut *tx_b, "product", b, now)
                .await
                .expect("log b");
            tx_b.commit().await.expect("commit b");
            app.state.catalog.follow(&app.state.db).await.expect("follow");
            tx_a.commit().await.expect("commit a");
        }
        app::server::Dialect::Sqlite => {
            // SQLite has one writer at a time, so ids commit in order; write
            // the ids by hand to make N + 1 visible before N.
            let n = app::storefront::db::last_change_id(pool).await.expect("last") + 1;
            let insert = "insert into storefront_change (change_id, subject, subject_id, created_at, updated_at) \
                          values ($1, 'product', $2, $3, $3)";
            sqlx::query(insert)
                .bind(n + 1)
                .bind(b)
                .bind(now)
                .execute(pool)
                .await
                .expect("log b");
            app.state.catalog.follow(&app.state.db).await.expect("follow");
            sqlx::query("update product set title = 'Latecomer Lamp' where product_id = $1")
                .bind(a)
                .execute(pool)
                .await
                .expect("update a");
            sqlx::query(insert)
                .bind(n)
                .bind(a)
                .bind(now)
                .execute(pool)
                .await
                .expect("log a");
        }
    }
    app.state.catalog.follow(&app.state.db).await.expect("follow");
    assert_eq!(found(&app, "latecomer"), 1, "the late change was applied");
    assert_eq!(found(&app, "early"), 0);
    app.stop().await;
});
