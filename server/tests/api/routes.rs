//! The route policy (`app::routes::PAGES`) against the real router: the
//! policy table and the Leptos route tree list the same routes, and every
//! route answers a guest, a shopper, a merchant and an operator as the
//! policy says, with only the public cacheable pages ever served from the
//! page cache.

use crate::common;

use app::routes::{Access, Verdict, Who, PAGES};
use common::{cookie_headers, spawn_app, unique_email, TestApp, GOOD_PASSWORD};

/// `/p/:id` → `/p/{id}`: the table's router syntax in axum's, as
/// `generate_route_list` reports paths.
fn axum_path(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|seg| {
            if let Some(name) = seg.strip_prefix(':') {
                format!("{{{name}}}")
            } else if let Some(name) = seg.strip_prefix('*') {
                format!("{{*{name}}}")
            } else {
                seg.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

// A runtime because rendering the tree to list it creates resources, which
// spawn tasks.
#[tokio::test]
async fn the_policy_table_and_the_leptos_route_tree_list_the_same_routes() {
    let mut tree: Vec<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    tree.sort();
    tree.dedup();
    let mut table: Vec<String> = PAGES.iter().map(|r| axum_path(r.pattern)).collect();
    table.sort();
    let before = table.len();
    table.dedup();
    assert_eq!(before, table.len(), "a route is listed twice in app::routes::PAGES");
    let missing_from_table: Vec<&String> = tree.iter().filter(|p| !table.contains(p)).collect();
    let missing_from_tree: Vec<&String> = table.iter().filter(|p| !tree.contains(p)).collect();
    assert!(
        missing_from_table.is_empty() && missing_from_tree.is_empty(),
        "routes in the Leptos tree but not in app::routes::PAGES: {missing_from_table:?}; \
         in PAGES but not in the tree: {missing_from_tree:?}"
    );
}

/// What a request as one person should get.
struct Person {
    name: &'static str,
    who: Who,
    session: Option<String>,
}

/// The real ids and slugs to put into parameterised routes.
struct Sample {
    product_id: i64,
    category_slug: String,
    shop_slug: String,
    /// An order and its checkout (the shopper's, where a test made one).
    order_id: i64,
    checkout_id: i64,
    /// A submitted merchant application.
    application_id: i64,
    /// An open group buy on the product.
    group_id: i64,
}

impl Sample {
    /// Paths through `product_id`, its category and its shop; and the shop's id.
    async fn of(app: &common::TestApp, product_id: i64) -> (Sample, i64) {
        let p = common::placement(app, product_id).await;
        let group_id = open_group(app, product_id, p.shop_id).await;
        let sample = Sample {
            product_id,
            category_slug: p.category_slug,
            shop_slug: p.shop_slug,
            order_id: 1,
            checkout_id: 1,
            application_id: 1,
            group_id,
        };
        (sample, p.shop_id)
    }
}

/// An open group buy on one of the product's SKUs (rows as the service
/// writes them; its shared page is public).
async fn open_group(app: &common::TestApp, product_id: i64, shop_id: i64) -> i64 {
    let pool = app.state.db.pool();
    let sku: i64 = sqlx::query_scalar("select min(sku_id) from sku where product_id = $1")
        .bind(product_id)
        .fetch_one(pool)
        .await
        .expect("sku");
    let leader = common::unique_email("leader");
    app.register(&leader, common::GOOD_PASSWORD).await;
    let leader = app::accounts::service::user_id_by_email(&app.state.db, &leader)
        .await
        .expect("leader")
        .expect("leader id");
    let now = app::server::now_ms();
    let offer: i64 = sqlx::query_scalar(
        "insert into group_offer (shop_id, product_id, sku_id, group_price_minor, group_size, hours, starts_at,
             ends_at, status, created_by, created_at, updated_at)
         values ($1, $2, $3, 100, 2, 24, $4, $5, 'active', 1, $4, $4) returning group_offer_id",
    )
    .bind(shop_id)
    .bind(product_id)
    .bind(sku)
    .bind(now)
    .bind(now + 86_400_000)
    .fetch_one(pool)
    .await
    .expect("offer");
    sqlx::query_scalar(
        "insert into buy_group (group_offer_id, leader_id, size, seats, paid, status, expires_at, created_at, updated_at)
         values ($1, $2, 2, 1, 1, 'open', $3, $4, $4) returning group_id",
    )
    .bind(offer)
    .bind(leader)
    .bind(now + 86_400_000)
    .bind(now)
    .fetch_one(pool)
    .await
    .expect("group")
}

/// A concrete path for a route pattern. A new route with parameters must
/// be given a sample here, which the panic says.
fn concrete(pattern: &str, s: &Sample) -> String {
    match pattern {
        "/p/:id" => format!("/p/{}", s.product_id),
        "/c/:slug" => format!("/c/{}", s.category_slug),
        "/s/:slug" => format!("/s/{}", s.shop_slug),
        "/orders/:id" => format!("/orders/{}", s.order_id),
        "/pay/:id" => format!("/pay/{}", s.checkout_id),
        "/orders/:id/review/:line" => format!("/orders/{}/review/1", s.order_id),
        "/orders/:id/after-sales/:line" => format!("/orders/{}/after-sales/1", s.order_id),
        "/reviews/:id/report" => "/reviews/1/report".to_string(),
        "/g/:id" => format!("/g/{}", s.group_id),
        "/admin/applications/:id" => format!("/admin/applications/{}", s.application_id),
        "/seller/products/:id" => format!("/seller/products/{}", s.product_id),
        "/admin/listings/:id" => format!("/admin/listings/{}", s.product_id),
        p if p.contains([':', '*']) => panic!("give the route {p} a sample path in tests/routes.rs"),
        p => p.to_string(),
    }
}

async fn get(app: &TestApp, path: &str, session: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(token) = session {
        req = req.headers(cookie_headers(token));
    }
    req.send().await.expect("get")
}

/// Logs in and returns the session token.
async fn session_for(app: &TestApp, email: &str) -> String {
    let res = app.log_in(email, GOOD_PASSWORD).await;
    assert_eq!(res.status(), 200, "log-in of {email}");
    common::session_from(res.headers()).expect("session cookie")
}

db_test!(every_route_answers_each_kind_of_person_as_the_policy_says, |db| {
    let app = spawn_app(db).await;
    let pool = app.state.db.pool();
    let (product_id, _) = common::seed_product(&app, "Policy Lamp 政策台灯", [3, 0]).await;
    let (mut sample, shop_id) = Sample::of(&app, product_id).await;

    let shopper = app.register(&unique_email("shopper"), GOOD_PASSWORD).await;
    // The shopper's own order, for the pages of one order and its payment.
    let sku: i64 = sqlx::query_scalar("select sku_id from sku where product_id = $1 and stock > 0")
        .bind(product_id)
        .fetch_one(pool)
        .await
        .expect("sku");
    let address = common::add_address(&app, &shopper).await;
    common::add_to_cart(&app, &shopper, sku, 1).await;
    sample.checkout_id =
        common::checkout_id_of(common::place_order(&app, &shopper, &common::checkout_token(), address).await).await;
    sample.order_id = sqlx::query_scalar("select order_id from shop_order where checkout_id = $1")
        .bind(sample.checkout_id)
        .fetch_one(pool)
        .await
        .expect("order");
    let top: String =
        sqlx::query_scalar("select slug from category where parent_id is null order by category_id limit 1")
            .fetch_one(pool)
            .await
            .expect("a top category");
    server::seed::merchants::seed_application(&app.state, &top)
        .await
        .expect("application");
    sample.application_id = sqlx::query_scalar("select application_id from merchant_application")
        .fetch_one(pool)
        .await
        .expect("application id");
    let merchant_email = unique_email("merchant");
    let merchant_id = app::accounts::service::create_user(
        &app.state.db,
        &app.state.hashing,
        &merchant_email,
        "Merchant",
        GOOD_PASSWORD,
    )
    .await
    .expect("merchant account");
    app::merchants::db::add_member(pool, shop_id, merchant_id, "owner", app::server::now_ms())
        .await
        .expect("membership");
    let merchant = session_for(&app, &merchant_email).await;
    let operator_email = unique_email("operator");
    app::accounts::service::create_operator(
        &app.state.db,
        &app.state.hashing,
        &operator_email,
        "Operator",
        GOOD_PASSWORD,
    )
    .await
    .expect("operator");
    let operator = session_for(&app, &operator_email).await;

    let logged_in = Who {
        logged_in: true,
        ..Who::GUEST
    };
    let people = [
        Person {
            name: "guest",
            who: Who::GUEST,
            session: None,
        },
        Person {
            name: "shopper",
            who: logged_in,
            session: Some(shopper),
        },
        Person {
            name: "merchant",
            who: Who {
                is_merchant: true,
                ..logged_in
            },
            session: Some(merchant),
        },
        Person {
            name: "operator",
            who: Who {
                is_operator: true,
                ..logged_in
            },
            session: Some(operator),
        },
    ];

    for route in PAGES {
        let path = concrete(route.pattern, &sample);
        for person in &people {
            let res = get(&app, &path, person.session.as_deref()).await;
            let status = res.status().as_u16();
            let cached = res.headers().get("x-page-cache").is_some();
            let location = res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let html = res.text().await.expect("body");
            let who = person.name;
            match route.access.verdict(person.who) {
                // One order's pages (and its lines' review forms) are its
                // shopper's: anyone else logged in is let through by the
                // policy and finds nothing there.
                Verdict::Allow
                    if (route.pattern.ends_with("/:id") || route.pattern.ends_with("/:line"))
                        && route.access == Access::LoggedIn
                        && who != "shopper" =>
                {
                    assert_eq!(status, 404, "{who} on {path}")
                }
                // The sample names no published review: nothing to report.
                Verdict::Allow if route.pattern == "/reviews/:id/report" => assert_eq!(status, 404, "{who} on {path}"),
                Verdict::Allow => assert_eq!(status, 200, "{who} on {path}"),
                Verdict::LogIn => {
                    assert_eq!(status, 303, "{who} on {path}");
                    assert_eq!(
                        location,
                        format!("/login?next={}", urlencoding::encode(&path)),
                        "{who} on {path}"
                    );
                }
                Verdict::Forbidden => {
                    assert_eq!(status, 403, "{who} on {path}");
                    assert!(
                        html.contains("You do not have access to this page"),
                        "{who} on {path} sees the 403 page"
                    );
                }
            }
            let cacheable = route.access == Access::PublicCacheable && person.session.is_none();
            assert_eq!(cached, cacheable, "x-page-cache for {who} on {path}");
        }
    }

    // The staff pages show the real data to the people they are for.
    let merchant_session = people[2].session.as_deref();
    let html = get(&app, "/seller/products", merchant_session)
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("Policy Lamp 政策台灯") && html.contains(&format!("/p/{product_id}")));
    assert!(html.contains("Seller menu"), "the seller portal's own navigation");
    let html = get(&app, "/seller", merchant_session).await.text().await.expect("html");
    assert!(html.contains("SKUs out of stock") && html.contains("Test Shop 测试店"));
    let html = get(&app, "/admin/shops", people[3].session.as_deref())
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains(&sample.shop_slug) && html.contains(&merchant_email));
    assert!(html.contains("Console menu"));
    app.stop().await;
});

db_test!(only_public_cacheable_routes_are_answered_from_the_page_cache, |db| {
    let app = spawn_app(db).await;
    let (product_id, _) = common::seed_product(&app, "Cache Policy Kettle", [2, 2]).await;
    let (sample, _) = Sample::of(&app, product_id).await;
    for route in PAGES {
        let path = concrete(route.pattern, &sample);
        let first = get(&app, &path, None).await;
        let second = get(&app, &path, None).await;
        if route.access == Access::PublicCacheable {
            assert_eq!(second.status(), 200, "{path}");
            assert_eq!(first.headers()["x-page-cache"], "miss", "{path}");
            assert_eq!(second.headers()["x-page-cache"], "hit", "{path}");
        } else {
            assert!(first.headers().get("x-page-cache").is_none(), "{path} is never cached");
            assert!(second.headers().get("x-page-cache").is_none(), "{path} is never cached");
        }
    }
    // A parameter naming nothing is a 404, and a 404 is never kept.
    for _ in 0..2 {
        let res = get(&app, "/p/987654321", None).await;
        assert_eq!(res.status(), 404);
        assert_ne!(
            res.headers()
                .get("x-page-cache")
                .map(|v| v.to_str().unwrap_or_default()),
            Some("hit"),
            "a 404 is never kept"
        );
    }
    app.stop().await;
});

db_test!(
    robots_txt_disallows_every_route_that_is_not_public_and_cacheable,
    |db| {
        let app = spawn_app(db).await;
        let body = get(&app, "/robots.txt", None).await.text().await.expect("robots");
        assert!(body.contains("Disallow: /api/\n"));
        for route in PAGES {
            let disallowed = body
                .lines()
                .filter_map(|l| l.strip_prefix("Disallow: "))
                .any(|prefix| route.pattern.starts_with(prefix));
            assert_eq!(
                disallowed,
                route.access != Access::PublicCacheable,
                "robots.txt on {}",
                route.pattern
            );
        }
        app.stop().await;
    }
);
