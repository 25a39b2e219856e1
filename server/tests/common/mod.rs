//! `spawn_app()`: the real router on 127.0.0.1:0 over a fresh database per
//! test (a temp SQLite file, or a fresh PostgreSQL database in the
//! PostgreSQL pass).

#![allow(dead_code, reason = "each test binary uses its own part of these helpers")]

use app::server::{AppConfig, AppState};
use app::storefront::model::Change;
use reqwest::header::{HeaderMap, HeaderValue, COOKIE, SET_COOKIE};
use reqwest::{Client, Response};
use server::config::leptos_options;
use std::net::SocketAddr;
use std::sync::Arc;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database for one test.
pub struct TestDb {
    pub url: String,
    backend: Backend,
    name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// `None` when the PostgreSQL pass was not asked for (and we are not in CI).
    pub async fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("jishi.db").display());
                Some(TestDb {
                    url,
                    backend,
                    name: None,
                    _dir: Some(dir),
                })
            }
            Backend::Postgres => {
                let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
                    if std::env::var("CI").is_ok() {
                        panic!("CI is set but TEST_DATABASE_URL is not: the PostgreSQL pass must run in CI");
                    }
                    eprintln!("TEST_DATABASE_URL unset: skipping the PostgreSQL pass of this test");
                    return None;
                };
                let name = format!("jishi_t_{}", uuid::Uuid::new_v4().simple());
                sqlx::any::install_default_drivers();
                let admin = sqlx::AnyPool::connect(&base)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                sqlx::query(&format!("create database {name}"))
                    .execute(&admin)
                    .await
                    .expect("create test database");
                admin.close().await;
                let url = match base.rsplit_once('/') {
                    Some((prefix, _)) => format!("{prefix}/{name}"),
                    None => panic!("TEST_DATABASE_URL must end with /database"),
                };
                Some(TestDb {
                    url,
                    backend,
                    name: Some(name),
                    _dir: None,
                })
            }
        }
    }

    /// Drops a PostgreSQL test database (SQLite's goes with its temp dir).
    pub async fn drop_database(&self) {
        if let (Backend::Postgres, Some(name), Ok(base)) =
            (self.backend, &self.name, std::env::var("TEST_DATABASE_URL"))
        {
            if let Ok(admin) = sqlx::AnyPool::connect(&base).await {
                let _ = sqlx::query(&format!("drop database if exists {name} with (force)"))
                    .execute(&admin)
                    .await;
                admin.close().await;
            }
        }
    }
}

/// A running server over a test database.
pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub state: AppState,
    pub client: Client,
    /// The router's page cache, to look inside.
    pub cache: server::page_cache::PageCache,
    /// Where public media are stored, to count what an upload left.
    pub media_dir: std::path::PathBuf,
    server: tokio::task::JoinHandle<()>,
    follower: tokio::task::JoinHandle<()>,
}

/// Settings for tests: the defaults, unless a test says otherwise.
/// The defaults, except that one address may register as many shoppers
/// as a test needs (the registration throttle has tests of its own).
pub fn test_config() -> AppConfig {
    let mut config = AppConfig::default();
    config.limits.register_per_addr = app::server::throttle::Limit::new(10_000, 3600);
    config
}

pub async fn spawn_app(db: &TestDb) -> TestApp {
    spawn_app_with(db, test_config()).await
}

pub async fn spawn_app_with(db: &TestDb, app_config: AppConfig) -> TestApp {
    spawn_app_full(db, app_config, Vec::new()).await
}

/// A server that believes `X-Forwarded-For` from 127.0.0.1, so a test can
/// speak from many addresses (`TestApp::call_from`).
pub async fn spawn_app_behind_proxy(db: &TestDb, app_config: AppConfig) -> TestApp {
    spawn_app_full(db, app_config, vec!["127.0.0.1".parse().expect("ip")]).await
}

async fn spawn_app_full(db: &TestDb, app_config: AppConfig, trusted_proxies: Vec<std::net::IpAddr>) -> TestApp {
    spawn_app_gateway(db, app_config, trusted_proxies, None).await.0
}

/// A server whose test gateway delivers its notifications as `delivery`
/// says (late, repeated), with a handle on the gateway to sign copies.
pub async fn spawn_app_with_gateway(
    db: &TestDb,
    app_config: AppConfig,
    delivery: app::payments::test_gateway::Delivery,
) -> (TestApp, Arc<app::payments::test_gateway::TestGateway>) {
    let (app, gateway) = spawn_app_gateway(db, app_config, Vec::new(), Some(delivery)).await;
    (app, gateway.expect("gateway"))
}

async fn spawn_app_gateway(
    db: &TestDb,
    app_config: AppConfig,
    trusted_proxies: Vec<std::net::IpAddr>,
    delivery: Option<app::payments::test_gateway::Delivery>,
) -> (TestApp, Option<Arc<app::payments::test_gateway::TestGateway>>) {
    let media = tempfile::tempdir().expect("media dir").keep();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let config = server::config::Config {
        addr,
        database_url: db.url.clone(),
        media_dir: media.clone(),
        documents_dir: tempfile::tempdir().expect("documents dir").keep(),
        trusted_proxies: trusted_proxies.clone(),
        json_logs: false,
        app: app_config,
        leptos: leptos_options(addr),
    };
    let mut state = server::prepare(&config).await.expect("prepare state");
    let gateway = match delivery {
        Some(delivery) => {
            let secret = app::server::signing::platform_secret(state.db.pool(), "testpay")
                .await
                .expect("secret");
            let gateway = Arc::new(app::payments::test_gateway::TestGateway::new(secret, delivery));
            state.shared_mut().expect("state not yet shared").payments = gateway.clone();
            Some(gateway)
        }
        None => None,
    };
    server::load_catalog(&state).await.expect("load catalog");
    let cache = server::page_cache::PageCache::default();
    let router = server::build_router_with_cache(state.clone(), trusted_proxies, cache.clone());
    // As in production: changes show without a test asking for them.
    let follower = server::spawn_catalog_follower(state.clone());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await;
    });
    // A request the server never answers fails its test within a minute
    // instead of stalling the suite.
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("client");
    let app = TestApp {
        addr,
        base: format!("http://{addr}"),
        state,
        client,
        cache,
        media_dir: media,
        server,
        follower,
    };
    (app, gateway)
}

impl TestApp {
    /// How many files the media store holds, in every folder.
    pub fn media_files(&self) -> usize {
        fn count(dir: &std::path::Path) -> usize {
            std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|e| if e.path().is_dir() { count(&e.path()) } else { 1 })
                        .sum()
                })
                .unwrap_or(0)
        }
        count(&self.media_dir)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Calls a server function the way the WebAssembly client does.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)], session: Option<&str>) -> Response {
        let mut req = self.client.post(self.url(&format!("/api/{endpoint}"))).form(form);
        req = req.header("origin", &self.base).header("accept", "application/json");
        if let Some(token) = session {
            req = req.header(COOKIE, format!("jishi_session={token}"));
        }
        req.send().await.expect("request")
    }

    /// Calls a server function from another address (the server must be
    /// `spawn_app_behind_proxy`), with extra cookies if given.
    pub async fn call_from(&self, addr: &str, endpoint: &str, form: &[(&str, &str)], cookies: &str) -> Response {
        let mut req = self
            .client
            .post(self.url(&format!("/api/{endpoint}")))
            .form(form)
            .header("origin", &self.base)
            .header("accept", "application/json")
            .header("x-forwarded-for", addr);
        if !cookies.is_empty() {
            req = req.header(COOKIE, cookies);
        }
        req.send().await.expect("request")
    }

    /// Registers a shopper and returns the session token.
    pub async fn register(&self, email: &str, password: &str) -> String {
        let res = self
            .call(
                "accounts/register",
                &[
                    ("email", email),
                    ("display_name", "Test Shopper"),
                    ("password", password),
                ],
                None,
            )
            .await;
        assert_eq!(
            res.status(),
            200,
            "registration of {email} failed: {}",
            res.text().await.unwrap_or_default()
        );
        session_from(res.headers()).expect("register sets the session cookie")
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Response {
        self.call("accounts/log_in", &[("email", email), ("password", password)], None)
            .await
    }

    /// Stops serving and closes the pool, like a process exit.
    pub async fn stop(self) {
        self.follower.abort();
        let _ = self.follower.await;
        self.server.abort();
        let _ = self.server.await;
        self.state.db.close().await;
    }
}

/// A browser of its own: the HTTP client's cookie store keeps what the
/// server sets (session, guest cart) and sends it back, as a browser would.
pub struct Browser {
    client: Client,
    jar: Arc<reqwest::cookie::Jar>,
}

impl Browser {
    pub fn new(_app: &TestApp) -> Self {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("client");
        Browser { client, jar }
    }

    /// Calls a server function the way the WebAssembly client does.
    pub async fn call(&self, app: &TestApp, endpoint: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(app.url(&format!("/api/{endpoint}")))
            .header("origin", &app.base)
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// A page, with this browser's cookies.
    pub async fn get(&self, app: &TestApp, path: &str) -> Response {
        self.client.get(app.url(path)).send().await.expect("request")
    }

    /// The value of one cookie this browser holds for the app.
    pub fn cookie(&self, app: &TestApp, name: &str) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = app.url("/").parse().expect("url");
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, v)| *k == name && !v.is_empty())
            .map(|(_, v)| v.to_string())
    }
}

/// The session token a response set, if any (empty means cleared).
pub fn session_from(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix("jishi_session=")
                .map(|rest| rest.split(';').next().unwrap_or("").to_string())
        })
}

pub fn cookie_headers(token: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        COOKIE,
        HeaderValue::from_str(&format!("jishi_session={token}")).expect("cookie"),
    );
    h
}

/// Runs a test body on SQLite and, when configured, on PostgreSQL: one
/// `#[tokio::test]` per database.
#[macro_export]
macro_rules! db_test {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            use super::*;

            async fn run($db: &common::TestDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                let db = common::TestDb::new(common::Backend::Sqlite).await.expect("sqlite");
                run(&db).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                let Some(db) = common::TestDb::new(common::Backend::Postgres).await else { return };
                run(&db).await;
                db.drop_database().await;
            }
        }
    };
}

pub const GOOD_PASSWORD: &str = "lantern-festival-88";

pub fn unique_email(tag: &str) -> String {
    format!("{tag}-{}@example.com", uuid::Uuid::new_v4().simple())
}

pub type Shared<T> = Arc<T>;

/// A unique slug for fixtures.
pub fn unique_slug(tag: &str) -> String {
    format!("{tag}-{}", uuid::Uuid::new_v4().simple())
}

/// Opens a shop through the merchants' service.
pub struct ShopBuilder {
    name: String,
}

impl ShopBuilder {
    pub fn new() -> Self {
        ShopBuilder {
            name: "Test Shop 测试店".into(),
        }
    }

    pub fn name(mut self, name: &str) -> Self {
        self.name = name.into();
        self
    }

    /// (shop id, slug).
    pub async fn create(self, app: &TestApp) -> (i64, String) {
        let slug = unique_slug("shop");
        let mut tx = app.state.db.begin_write().await.expect("tx");
        let id = app::merchants::service::create_shop(&mut tx, &slug, &self.name, "A shop")
            .await
            .expect("shop");
        tx.commit().await.expect("commit");
        (id, slug)
    }
}

/// A product built through the catalog's service, so it obeys the rules a
/// merchant's listing does. Options are (name, values); SKUs default to
/// every combination at `price` with `stock` each.
pub struct ProductBuilder {
    title: String,
    shop_id: Option<i64>,
    options: Vec<(String, Vec<String>)>,
    price_minor: i64,
    stock: Vec<i64>,
    color_pictures: bool,
}

impl ProductBuilder {
    pub fn new(title: &str) -> Self {
        ProductBuilder {
            title: title.into(),
            shop_id: None,
            options: Vec::new(),
            price_minor: 19_900,
            stock: vec![10],
            color_pictures: false,
        }
    }

    pub fn shop(mut self, shop_id: i64) -> Self {
        self.shop_id = Some(shop_id);
        self
    }

    pub fn option(mut self, name: &str, values: &[&str]) -> Self {
        self.options
            .push((name.into(), values.iter().map(|v| v.to_string()).collect()));
        self
    }

    pub fn price(mut self, price_minor: i64) -> Self {
        self.price_minor = price_minor;
        self
    }

    /// Stock per SKU in combination order (the last value repeats).
    pub fn stock(mut self, stock: &[i64]) -> Self {
        self.stock = stock.to_vec();
        self
    }

    /// One picture per value of the first option.
    pub fn pictures_per_value(mut self) -> Self {
        self.color_pictures = true;
        self
    }

    /// (product id, SKU ids in combination order). Its category is new.
    pub async fn create(self, app: &TestApp) -> (i64, Vec<i64>) {
        use app::catalog::service::{self as catalog, NewImage, NewListing, NewOption, NewSku};
        use app::i18n::Localized;
        let shop_id = match self.shop_id {
            Some(id) => id,
            None => ShopBuilder::new().create(app).await.0,
        };
        let mut tx = app.state.db.begin_write().await.expect("tx");
        let category = catalog::create_category(
            &mut tx,
            None,
            &unique_slug("cat"),
            &Localized::new("Earphones", "耳机"),
            0,
        )
        .await
        .expect("category");
        let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
        for (_, values) in &self.options {
            combos = combos
                .into_iter()
                .flat_map(|c| (0..values.len()).map(move |v| [c.clone(), vec![v]].concat()))
                .collect();
        }
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let skus = combos
            .iter()
            .enumerate()
            .map(|(n, values)| NewSku {
                code: format!("T{tag}-{n}"),
                values: values.clone(),
                price_minor: self.price_minor + n as i64 * 2_000,
                stock: *self.stock.get(n).or(self.stock.last()).unwrap_or(&0),
            })
            .collect::<Vec<_>>();
        let images = match (self.color_pictures, self.options.first()) {
            (true, Some((_, values))) => (0..values.len())
                .map(|v| NewImage {
                    media_key: format!("test/{v}.svg"),
                    width: 600,
                    height: 600,
                    alt: values[v].clone(),
                    shows: Some((0, v)),
                })
                .collect(),
            _ => Vec::new(),
        };
        let listing = NewListing {
            shop_id,
            category_id: category,
            brand_id: None,
            title: self.title.clone(),
            description: "A product for tests".into(),
            status: app::catalog::model::ListingStatus::Live,
            options: self
                .options
                .iter()
                .map(|(name, values)| NewOption {
                    name: Localized::new(name.as_str(), ""),
                    values: values.iter().map(|v| Localized::new(v.as_str(), "")).collect(),
                })
                .collect(),
            skus,
            images,
            sales_count: 0,
            rating_count: 0,
            rating_sum: 0,
            created_at: app::server::now_ms(),
        };
        let product = catalog::create_product(&mut tx, &listing).await.expect("product");
        tx.commit().await.expect("commit");
        let sku_ids = app::catalog::service::product_detail(
            &mut app.state.db.read().await.expect("conn"),
            &app.state.catalog,
            product,
        )
        .await
        .expect("detail")
        .skus
        .iter()
        .map(|s| s.sku_id)
        .collect();
        app.state.catalog.follow(&app.state.db).await.expect("follow");
        (product, sku_ids)
    }
}

/// A live product with two colours (Red, Blue) in one size, each SKU with
/// `stock`; returns (product_id, [red_sku, blue_sku]).
pub async fn seed_product(app: &TestApp, title: &str, stock: [i64; 2]) -> (i64, [i64; 2]) {
    let (product, skus) = ProductBuilder::new(title)
        .option("Color", &["Red", "Blue"])
        .stock(&stock)
        .create(app)
        .await;
    // Prices: Red ¥199, Blue ¥219, as tests expect.
    (product, [skus[0], skus[1]])
}

/// Where a product is listed: its shop (id and slug) and its category's slug.
pub struct Placement {
    pub shop_id: i64,
    pub shop_slug: String,
    pub category_slug: String,
}

pub async fn placement(app: &TestApp, product_id: i64) -> Placement {
    let (shop_id, shop_slug, category_slug) = sqlx::query_as(
        "select s.shop_id, s.slug, c.slug from product p
         join shop s on s.shop_id = p.shop_id join category c on c.category_id = p.category_id
         where p.product_id = $1",
    )
    .bind(product_id)
    .fetch_one(app.state.db.pool())
    .await
    .expect("product placement");
    Placement {
        shop_id,
        shop_slug,
        category_slug,
    }
}

/// Changes a product with `sql` (its `$1` is the product id) and logs the
/// change in the same transaction, then lets this server's catalog follow
/// it at once (the background follower would within a second).
pub async fn change_product(app: &TestApp, sql: &str, product_id: i64) {
    change_in_one_transaction(app, sql, product_id, Change::Product(product_id)).await;
    app.state.catalog.follow(&app.state.db).await.expect("follow");
}

/// Runs `sql` (its `$1` is `id`) and records `change`, in one write
/// transaction, as a domain service does. Nothing follows it by hand.
pub async fn change_in_one_transaction(app: &TestApp, sql: &str, id: i64, change: Change) {
    let mut tx = app.state.db.begin_write().await.expect("begin");
    sqlx::query(sql).bind(id).execute(&mut *tx).await.expect("change");
    app::storefront::service::record(&mut tx, change)
        .await
        .expect("change log");
    tx.commit().await.expect("commit");
}

/// A fresh checkout token (what the checkout page puts in its form).
pub fn checkout_token() -> String {
    format!("t{}", uuid::Uuid::new_v4().simple())
}

/// Saves an address in Hangzhou for the session's account; returns its id.
pub async fn add_address(app: &TestApp, session: &str) -> i64 {
    let res = app
        .call(
            "checkout/save_address",
            &[
                ("recipient", "王小明"),
                ("phone", "13800138000"),
                ("province", "330000"),
                ("city", "330100"),
                ("district", "330106"),
                ("detail", "文三路 90 号 3 幢 201"),
            ],
            Some(session),
        )
        .await;
    assert_eq!(
        res.status(),
        200,
        "save address: {}",
        res.text().await.unwrap_or_default()
    );
    res.json::<i64>().await.expect("address id")
}

/// Puts `quantity` of a SKU in the session's cart.
pub async fn add_to_cart(app: &TestApp, session: &str, sku_id: i64, quantity: i64) {
    let res = app
        .call(
            "cart/add",
            &[("sku_id", &sku_id.to_string()), ("quantity", &quantity.to_string())],
            Some(session),
        )
        .await;
    assert_eq!(
        res.status(),
        200,
        "add to cart: {}",
        res.text().await.unwrap_or_default()
    );
}

/// Places the session's cart with a token; the raw response.
pub async fn place_order(app: &TestApp, session: &str, token: &str, address_id: i64) -> Response {
    app.call(
        "checkout/place_order",
        &[("token", token), ("address_id", &address_id.to_string())],
        Some(session),
    )
    .await
}

/// A shopper with an address and `quantity` of `sku_id` in the cart:
/// (session, address id).
pub async fn shopper_ready_to_buy(app: &TestApp, sku_id: i64, quantity: i64) -> (String, i64) {
    let session = app.register(&unique_email("buyer"), GOOD_PASSWORD).await;
    let address = add_address(app, &session).await;
    add_to_cart(app, &session, sku_id, quantity).await;
    (session, address)
}

/// The checkout id a successful placing answered with.
pub async fn checkout_id_of(res: Response) -> i64 {
    let status = res.status();
    let body = res.text().await.unwrap_or_default();
    assert_eq!(status, 200, "place order: {body}");
    serde_json::from_str::<serde_json::Value>(&body).expect("json")["checkout_id"]
        .as_i64()
        .expect("checkout id")
}

/// A SKU's stock now.
pub async fn stock_of(app: &TestApp, sku_id: i64) -> i64 {
    sqlx::query_scalar("select stock from sku where sku_id = $1")
        .bind(sku_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("stock")
}

/// The statuses of a checkout's orders.
pub async fn order_statuses(app: &TestApp, checkout_id: i64) -> Vec<String> {
    sqlx::query_scalar("select status from shop_order where checkout_id = $1 order by order_id")
        .bind(checkout_id)
        .fetch_all(app.state.db.pool())
        .await
        .expect("statuses")
}

/// Pays a checkout with a card; the raw response.
pub async fn pay(app: &TestApp, session: &str, checkout_id: i64, card: &str) -> Response {
    app.call(
        "payments/pay",
        &[
            ("checkout_id", &checkout_id.to_string()),
            ("attempt", &checkout_token()),
            ("card_number", card),
            ("expiry", "12/30"),
            ("cvc", "123"),
        ],
        Some(session),
    )
    .await
}

/// The test card that pays, and the one that is declined.
pub const GOOD_CARD: &str = "4242 4242 4242 4242";
pub const DECLINED_CARD: &str = "4000 0000 0000 0002";

/// A page as the session's browser gets it: (status, HTML).
pub async fn page(app: &TestApp, session: &str, path: &str) -> (u16, String) {
    let res = app
        .client
        .get(app.url(path))
        .headers(cookie_headers(session))
        .send()
        .await
        .expect("page");
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

/// A product's sales count.
pub async fn sales_of(app: &TestApp, product_id: i64) -> i64 {
    sqlx::query_scalar("select sales_count from product where product_id = $1")
        .bind(product_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("sales")
}

/// A new account made a member (owner) of `shop_id`, logged in afresh so
/// its session knows the shop: (session, email).
pub async fn member_of(app: &TestApp, shop_id: i64) -> (String, String) {
    let email = unique_email("merchant");
    app.register(&email, GOOD_PASSWORD).await;
    let user_id = app::accounts::service::user_id_by_email(&app.state.db, &email)
        .await
        .expect("user")
        .expect("id");
    let mut tx = app.state.db.begin_write().await.expect("tx");
    app::merchants::service::add_member(&mut tx, shop_id, user_id, app::merchants::model::MemberRole::Owner)
        .await
        .expect("member");
    tx.commit().await.expect("commit");
    let res = app.log_in(&email, GOOD_PASSWORD).await;
    (session_from(res.headers()).expect("session"), email)
}

/// An operator account, logged in: its session.
pub async fn operator_session(app: &TestApp) -> String {
    let email = unique_email("operator");
    app::accounts::service::create_operator(&app.state.db, &app.state.hashing, &email, "Op", GOOD_PASSWORD)
        .await
        .expect("operator");
    session_from(app.log_in(&email, GOOD_PASSWORD).await.headers()).expect("operator session")
}

/// An answer's status and its JSON body (null when it has none).
pub async fn json(res: Response) -> (u16, serde_json::Value) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

/// Posts an upload form (a review, an after-sales request) as `session`
/// the way the browser's script does, asking for JSON: the status and
/// where the form says to go next.
pub async fn post_multipart(app: &TestApp, path: &str, session: &str, form: reqwest::multipart::Form) -> (u16, String) {
    let res = app
        .client
        .post(app.url(path))
        .header("origin", &app.base)
        .header("cookie", format!("jishi_session={session}"))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .expect("multipart post");
    let (status, body) = json(res).await;
    (status, body["next"].as_str().unwrap_or_default().to_string())
}
