//! Concurrency on one SKU's stock: read-then-write transactions never
//! oversell, never go below zero, and never fail with "database is locked".

mod common;

use app::error::ErrorCode;
use app::server::now_ms;
use common::spawn_app;

async fn seeded_sku(app: &common::TestApp, stock: i64) -> i64 {
    use app::catalog::db as catalog;
    let pool = app.state.db.pool();
    let now = now_ms();
    let shop = app::merchants::db::insert_shop(pool, &format!("s{}", uuid::Uuid::new_v4().simple()), "Shop", "", now)
        .await
        .unwrap();
    let category = catalog::insert_category(
        pool,
        None,
        &format!("c{}", uuid::Uuid::new_v4().simple()),
        "C",
        "类",
        0,
        now,
    )
    .await
    .unwrap();
    let product = catalog::insert_product(
        pool,
        &catalog::NewProduct {
            shop_id: shop,
            category_id: category,
            brand_id: None,
            title: "Tea",
            description: "",
            status: "live",
            option1_name: None,
            option2_name: None,
            price_min_minor: 100,
            price_max_minor: 100,
            sales_count: 0,
            rating_count: 0,
            rating_sum: 0,
            created_at: now,
        },
    )
    .await
    .unwrap();
    catalog::insert_sku(pool, product, &format!("K{product}"), None, None, 100, stock, now)
        .await
        .unwrap()
}

async fn race(app: &common::TestApp, sku: i64, buyers: usize) -> (usize, usize) {
    let mut tasks = Vec::new();
    for _ in 0..buyers {
        let db = app.state.db.clone();
        tasks.push(tokio::spawn(async move {
            app::catalog::service::take_stock(&db, sku, 1).await
        }));
    }
    let (mut sold, mut sold_out) = (0, 0);
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => sold += 1,
            Err(e) if e.code == ErrorCode::SoldOut => sold_out += 1,
            Err(e) => panic!("unexpected failure (locked database?): {e:?}"),
        }
    }
    (sold, sold_out)
}

db_test!(thirty_two_concurrent_buyers_end_at_exactly_the_expected_stock, |db| {
    let app = spawn_app(db).await;
    let sku = seeded_sku(&app, 100).await;
    let (sold, sold_out) = race(&app, sku, 32).await;
    assert_eq!((sold, sold_out), (32, 0));
    assert_eq!(
        app::catalog::service::stock_of(&app.state.db, sku).await.unwrap(),
        Some(68)
    );
    app.stop().await;
});

db_test!(concurrent_buyers_never_oversell_the_last_units, |db| {
    let app = spawn_app(db).await;
    let sku = seeded_sku(&app, 20).await;
    let (sold, sold_out) = race(&app, sku, 32).await;
    assert_eq!((sold, sold_out), (20, 12));
    assert_eq!(
        app::catalog::service::stock_of(&app.state.db, sku).await.unwrap(),
        Some(0)
    );
    app.stop().await;
});

db_test!(stock_cannot_go_below_zero_even_by_a_direct_write, |db| {
    let app = spawn_app(db).await;
    let sku = seeded_sku(&app, 1).await;
    let err = sqlx::query("update sku set stock = -1 where sku_id = $1")
        .bind(sku)
        .execute(app.state.db.pool())
        .await;
    assert!(err.is_err(), "the check constraint holds");
    app.stop().await;
});
