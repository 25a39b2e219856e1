//! How many SQL statements a use case runs, counted from sqlx's own
//! statement log. Its own test binary: the counter is process-wide, so no
//! other test may run statements beside it (its tests take turns).

mod common;

use app::cart::domain::Quantity;
use app::cart::service::{self as cart, CartOwner};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Counts every statement sqlx reports (target `sqlx::query`).
struct CountStatements;

impl<S: Subscriber> Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn install_counter() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let _ = tracing_subscriber::registry().with(CountStatements).try_init();
    });
}

/// Statements run by one cart view of `owner` (the connection is taken first).
async fn statements_of_view(app: &common::TestApp, owner: &CartOwner) -> (usize, usize) {
    let mut conn = app.state.db.read().await.unwrap();
    let before = STATEMENTS.load(Ordering::SeqCst);
    let view = cart::view(&mut conn, owner).await.unwrap();
    let used = STATEMENTS.load(Ordering::SeqCst) - before;
    (used, view.groups.iter().map(|g| g.lines.len()).sum())
}

async fn shopper_with_lines(app: &common::TestApp, skus: &[i64]) -> CartOwner {
    let user = app::accounts::service::create_user(
        &app.state.db,
        &app.state.hashing,
        &common::unique_email("lines"),
        "Lines",
        common::GOOD_PASSWORD,
    )
    .await
    .unwrap();
    let owner = CartOwner::User(user);
    let mut tx = app.state.db.begin_write().await.unwrap();
    for sku in skus {
        cart::add(&mut tx, &owner, *sku, Quantity::parse("1").unwrap())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    owner
}

db_test!(a_cart_view_runs_as_many_statements_for_fifty_lines_as_for_one, |db| {
    let _turn = ONE_AT_A_TIME.lock().await;
    install_counter();
    let app = common::spawn_app(db).await;
    // 50 SKUs over 5 shops, each product with two colours.
    let mut skus = Vec::new();
    for s in 0..5 {
        let (shop, _) = common::ShopBuilder::new().name(&format!("Shop {s}")).create(&app).await;
        for p in 0..5 {
            let (_, ids) = common::ProductBuilder::new(&format!("Lamp {s}-{p}"))
                .shop(shop)
                .option("Color", &["Red", "Blue"])
                .create(&app)
                .await;
            skus.extend(ids);
        }
    }
    assert_eq!(skus.len(), 50);
    let one = shopper_with_lines(&app, &skus[..1]).await;
    let fifty = shopper_with_lines(&app, &skus).await;

    let (for_one, lines_one) = statements_of_view(&app, &one).await;
    let (for_fifty, lines_fifty) = statements_of_view(&app, &fifty).await;
    assert_eq!((lines_one, lines_fifty), (1, 50));
    assert!(for_one > 0, "the counter sees statements");
    assert_eq!(for_one, for_fifty, "no statement per line or per shop");
    app.stop().await;
});

db_test!(a_product_page_is_one_statement_once_its_shop_is_known, |db| {
    let _turn = ONE_AT_A_TIME.lock().await;
    install_counter();
    let app = common::spawn_app(db).await;
    let (shop, _) = common::ShopBuilder::new().name("Counted Shop").create(&app).await;
    let mut products = Vec::new();
    for p in 0..2 {
        let (product, _) = common::ProductBuilder::new(&format!("Counted Lamp {p}"))
            .shop(shop)
            .option("Color", &["Red", "Blue", "Green"])
            .option("Size", &["S", "M", "L"])
            .create(&app)
            .await;
        products.push(product);
    }
    // Whatever the follower had still to apply (new categories reload the
    // catalogue and forget remembered shops) is applied now.
    app.state.catalog.follow(&app.state.db).await.unwrap();
    let mut used = Vec::new();
    for product in &products {
        let mut conn = app.state.db.read().await.unwrap();
        let before = STATEMENTS.load(Ordering::SeqCst);
        let detail = app::catalog::service::product_detail(&mut conn, &app.state.catalog, *product)
            .await
            .unwrap();
        used.push(STATEMENTS.load(Ordering::SeqCst) - before);
        assert_eq!((detail.options.len(), detail.skus.len()), (2, 9));
    }
    assert!(used[0] <= 2, "the product and perhaps its shop: {used:?}");
    assert_eq!(used[1], 1, "the shop is remembered: {used:?}");
    app.stop().await;
});

/// Statements run by one page of a product's reviews, as a logged-in
/// shopper reads it (their votes included).
async fn statements_of_reviews(app: &common::TestApp, product_id: i64, page: i64) -> (usize, usize) {
    use app::reviews::model::{ReviewFilter, ReviewSort};
    let mut conn = app.state.db.read().await.unwrap();
    let before = STATEMENTS.load(Ordering::SeqCst);
    let reviews = app::reviews::service::product_reviews(
        &mut conn,
        Some(1),
        product_id,
        ReviewFilter::All,
        ReviewSort::Newest,
        page,
    )
    .await
    .unwrap();
    let used = STATEMENTS.load(Ordering::SeqCst) - before;
    assert!(
        reviews.reviews.iter().any(|r| r.follow_up.is_some()),
        "follow-ups are read"
    );
    assert!(reviews.reviews.iter().any(|r| r.reply.is_some()), "replies are read");
    assert!(reviews.reviews.iter().any(|r| !r.photos.is_empty()), "photos are read");
    (used, reviews.reviews.len())
}

db_test!(a_page_of_reviews_runs_the_same_statements_whatever_it_holds, |db| {
    let _turn = ONE_AT_A_TIME.lock().await;
    install_counter();
    let app = common::spawn_app(db).await;
    let (few, _) = common::seed_product(&app, "Few reviews", [5, 5]).await;
    let (many, _) = common::seed_product(&app, "Many reviews", [5, 5]).await;
    server::seed::reviews::bench_reviews(&app.state, few, 12).await.unwrap();
    server::seed::reviews::bench_reviews(&app.state, many, 40)
        .await
        .unwrap();
    let (for_few, shown_few) = statements_of_reviews(&app, few, 1).await;
    let (for_many, shown_many) = statements_of_reviews(&app, many, 3).await;
    assert_eq!((shown_few, shown_many), (10, 10));
    assert_eq!(for_few, for_many, "no statement per review");
    assert_eq!(
        for_few, 1,
        "one statement: the page with its summary, photos, follow-ups, replies and votes"
    );
    app.stop().await;
});
