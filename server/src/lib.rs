//! The axum server: the router (used by `main` and the tests), start-up,
//! graceful shutdown and background tasks.

pub mod bench;
pub mod compression;
pub mod config;
pub mod jobs;
pub mod page_cache;
pub mod security;
pub mod seed;
pub mod telemetry;

use app::catalog::runtime::CatalogRuntime;
use app::i18n::{Locale, LOCALE_COOKIE};
use app::media::{FsMediaBackend, MediaStore};
use app::routes::same_site_path;
use app::server::{AppState, AssetNames, Db};
use app::{shell, App};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use config::Config;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use security::TrustedProxies;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates_are_right() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_779), (2026, 11, 22));
    }
}

/// Connects, migrates and assembles the state.
pub async fn prepare(config: &Config) -> anyhow::Result<AppState> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let assets = AssetNames::discover(&config.leptos.output_name, &config.leptos.site_pkg_dir);
    let mut app_config = config.app.clone();
    // The built-in test gateway posts its notifications to this server.
    if app_config.callback_base_url.is_none() {
        app_config.callback_base_url = Some(format!("http://{}", loopback(config.addr)));
    }
    let gateway_secret = app::server::signing::platform_secret(db.pool(), "testpay").await?;
    let carrier_secret = app::server::signing::platform_secret(db.pool(), app::orders::hooks::CARRIER_SECRET).await?;
    let payments = Arc::new(app::payments::test_gateway::TestGateway::new(
        gateway_secret,
        app::payments::test_gateway::Delivery::default(),
    ));
    Ok(AppState::new(app::server::state::Shared {
        db,
        config: Arc::new(app_config),
        payments,
        confirmations: Arc::default(),
        carrier_secret: Arc::new(carrier_secret),
        capture: Arc::default(),
        reviews_html: Arc::default(),
        flash: Arc::default(),
        groups: Arc::default(),
        leptos_options: config.leptos.clone(),
        media: MediaStore::new(FsMediaBackend::new(config.media_dir.clone())),
        documents: MediaStore::new(FsMediaBackend::new(config.documents_dir.clone())),
        uploads: Arc::new(tokio::sync::Semaphore::new(1)),
        assets: Arc::new(assets),
        catalog: Arc::new(CatalogRuntime::default()),
        sessions: Arc::default(),
        hashing: Arc::new(app::accounts::hashing::PasswordHashing::new(
            config.app.hash_workers,
            config.app.hash_queue,
        )),
    }))
}

/// The address to reach this server from itself (`0.0.0.0` listens
/// everywhere but is not an address to call).
fn loopback(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], addr.port()))
    } else {
        addr
    }
}

/// Builds the search index and category tree from the database.
pub async fn load_catalog(state: &AppState) -> anyhow::Result<()> {
    state.catalog.rebuild(&state.db).await?;
    Ok(())
}

/// The whole application as one router.
pub fn build_router(state: AppState, trusted_proxies: Vec<std::net::IpAddr>) -> Router {
    build_router_with_cache(state, trusted_proxies, page_cache::PageCache::default())
}

/// The router with a given page cache (tests keep a handle on it).
pub fn build_router_with_cache(
    state: AppState,
    trusted_proxies: Vec<std::net::IpAddr>,
    cache: page_cache::PageCache,
) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let context = move || {
        provide_context(context_state.clone());
        // Where a page render's product load leaves the Reviews section.
        provide_context(app::reviews::fragment::SectionSlot::default());
    };
    let options = state.leptos_options.clone();
    let site_root = options.site_root.to_string();
    let pkg_dir = format!("{site_root}/{}", options.site_pkg_dir);

    // Hashed file names change with their content: cache them for a year.
    let pkg = Router::new()
        .fallback_service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));

    Router::new()
        .route("/healthz", get(healthz))
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap))
        .route("/sitemaps/{name}", get(sitemap_part))
        .route("/lang/{tag}", get(choose_language))
        .route("/media/{*key}", get(media_file))
        // The merchant application's steps (multipart, with documents) and
        // its private documents.
        .route(
            app::merchants::wizard::STEP_PATH,
            axum::routing::post(app::merchants::wizard::save_step),
        )
        .route("/documents/{id}", get(app::merchants::wizard::document))
        .route(
            "/seller/products/{id}/images",
            axum::routing::post(app::catalog::images::upload),
        )
        .route(
            app::reviews::web::SUBMIT_PATH,
            axum::routing::post(app::reviews::web::submit),
        )
        .route(
            app::aftersales::web::SUBMIT_PATH,
            axum::routing::post(app::aftersales::web::submit),
        )
        // Export CSV of the dashboards' tables.
        .route(
            app::analytics::web::SHOP_EXPORT_PATH,
            get(app::analytics::web::shop_export),
        )
        .route(
            app::analytics::web::PLATFORM_EXPORT_PATH,
            get(app::analytics::web::platform_export),
        )
        .route(
            app::merchants::profile::PROFILE_PATH,
            axum::routing::post(app::merchants::profile::save),
        )
        // Signed callbacks from the payment provider and the carrier.
        .route(
            "/hooks/payments/{provider}",
            axum::routing::post(app::payments::hooks::payment_notification),
        )
        .route(
            "/hooks/carrier",
            axum::routing::post(app::orders::hooks::carrier_notice),
        )
        .nest("/pkg", pkg)
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::server_fn_status,
        ))
        .layer(axum::middleware::from_fn(security::guard_pages))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::identify))
        // Before the session lookup: flash-sale presses on a sold-out item
        // (nearly all of them in a spike) are answered from memory.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::promotions::flash::sold_out_early,
        ))
        .layer(axum::Extension(TrustedProxies(Arc::new(trusted_proxies))))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::security_headers,
        ))
        // Outside the session and security layers: a hit needs neither.
        .layer(axum::middleware::from_fn_with_state(state.clone(), page_cache::serve))
        // Outside the page cache: a cached product page's view counts too.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::analytics::capture::visits,
        ))
        .layer(axum::Extension(cache))
        .layer(axum::Extension(SitemapCache::default()))
        // The largest upload form's; `security::body_limit` holds every
        // other route to its own.
        .layer(DefaultBodyLimit::max(
            app::merchants::wizard::STEP_BODY_LIMIT.max(app::reviews::web::SUBMIT_BODY_LIMIT),
        ))
        .layer(axum::middleware::from_fn(security::body_limit))
        // Responses made per request are gzipped on reused deflate states
        // (compression.rs); popular cached pages carry their own brotli
        // copy and static files are precompressed at build time.
        .layer(axum::middleware::from_fn(compression::gzip))
        .layer(axum::middleware::from_fn(security::deadline))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("request handler panicked");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong. Please try again.",
            )
                .into_response()
        }))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
            }),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(RequestIds::new()))
        .with_state(state)
}

/// Request ids: a random prefix per process (so servers sharing a log do not
/// collide) and a counter, cheaper than asking the OS for randomness on
/// every request.
#[derive(Clone)]
struct RequestIds {
    prefix: Arc<str>,
    next: Arc<std::sync::atomic::AtomicU64>,
}

impl RequestIds {
    fn new() -> Self {
        let prefix = format!("{:08x}", rand::random::<u32>());
        RequestIds {
            prefix: prefix.into(),
            next: Arc::new(std::sync::atomic::AtomicU64::new(1)),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// `GET /healthz`: 200 once the database answers.
async fn healthz(State(state): State<AppState>) -> Response {
    if state.db.is_reachable().await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
    }
}

#[derive(serde::Deserialize)]
struct BackTo {
    back: Option<String>,
}

/// `GET /lang/{tag}?back=/path`: keeps the language choice in a cookie for a
/// year and returns to the page the person was on.
async fn choose_language(Path(tag): Path<String>, Query(q): Query<BackTo>) -> Response {
    let back = same_site_path(q.back.as_deref());
    let Some(locale) = Locale::from_tag(&tag) else {
        return (StatusCode::NOT_FOUND, "Unknown language").into_response();
    };
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.tag()
    );
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, back), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

/// `GET /media/{key}`: a stored file.
async fn media_file(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    match state.media.get(&key).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, MediaStore::content_type(&key)),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "Not found").into_response(),
        Err(e) => {
            tracing::error!(error = %e, key, "media read failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Could not read the file").into_response()
        }
    }
}

/// `robots.txt`: the server functions and every page the route policy does
/// not mark as the same for everyone.
async fn robots(State(state): State<AppState>) -> Response {
    let sitemap = state.config.absolute_url("/sitemap.xml");
    let mut body = String::from("User-agent: *\nDisallow: /api/\nDisallow: /hooks/\n");
    for prefix in app::routes::uncrawlable_prefixes() {
        body.push_str(&format!("Disallow: {prefix}\n"));
    }
    body.push_str(&format!("Sitemap: {sitemap}\n"));
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// Sitemaps rendered recently, shared by the routes: crawlers fetch the
/// same parts again and again, and each costs a database walk. Bounded in
/// entries (a part is ~500 KB) and in age.
#[derive(Clone, Default)]
pub struct SitemapCache(Arc<std::sync::Mutex<Vec<SitemapEntry>>>);

/// A rendered sitemap: its name, when, the XML.
type SitemapEntry = (String, std::time::Instant, Arc<str>);

impl SitemapCache {
    const ENTRIES: usize = 16;
    const FRESH: Duration = Duration::from_secs(600);

    fn get(&self, key: &str) -> Option<Arc<str>> {
        let entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .find(|(k, at, _)| k == key && at.elapsed() < Self::FRESH)
            .map(|(_, _, xml)| xml.clone())
    }

    fn put(&self, key: &str, xml: Arc<str>) {
        let mut entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|(k, at, _)| k != key && at.elapsed() < Self::FRESH);
        if entries.len() >= Self::ENTRIES {
            entries.remove(0);
        }
        entries.push((key.to_string(), std::time::Instant::now(), xml));
    }
}

fn xml_response(xml: Arc<str>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=600"),
        ],
        xml.to_string(),
    )
        .into_response()
}

/// `sitemap.xml`: a sitemap index naming the parts. The storefront's pages
/// (home, categories, shops) are one part; products come in parts of
/// `SITEMAP_PART` ids, so no request reads the whole catalogue.
async fn sitemap(State(state): State<AppState>, axum::Extension(cache): axum::Extension<SitemapCache>) -> Response {
    if let Some(xml) = cache.get("index") {
        return xml_response(xml);
    }
    let parts = async { app::catalog::service::sitemap_parts(&mut *state.db.read().await?).await };
    let Ok(parts) = parts.await else {
        return (StatusCode::SERVICE_UNAVAILABLE, "Try again later").into_response();
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let names = std::iter::once("pages".to_string()).chain((1..=parts).map(|n| format!("products-{n}")));
    for name in names {
        xml.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            state.config.absolute_url(&format!("/sitemaps/{name}.xml"))
        ));
    }
    xml.push_str("</sitemapindex>\n");
    let xml: Arc<str> = xml.into();
    cache.put("index", xml.clone());
    xml_response(xml)
}

/// `/sitemaps/pages.xml` and `/sitemaps/products-{n}.xml`.
async fn sitemap_part(
    State(state): State<AppState>,
    axum::Extension(cache): axum::Extension<SitemapCache>,
    Path(name): Path<String>,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "Not found").into_response();
    let Some(stem) = name.strip_suffix(".xml") else {
        return not_found();
    };
    let part = match stem {
        "pages" => None,
        _ => match stem.strip_prefix("products-").and_then(|n| n.parse::<i64>().ok()) {
            Some(n) if (1..=1_000_000).contains(&n) => Some(n),
            _ => return not_found(),
        },
    };
    if let Some(xml) = cache.get(stem) {
        return xml_response(xml);
    }
    let url = |path: &str| state.config.absolute_url(path);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let read = async {
        let mut conn = state.db.read().await?;
        match part {
            None => {
                xml.push_str(&format!("<url><loc>{}</loc></url>\n", url("/")));
                for top in &state.catalog.categories().tree {
                    for slug in std::iter::once(&top.slug).chain(top.children.iter().map(|c| &c.slug)) {
                        xml.push_str(&format!("<url><loc>{}</loc></url>\n", url(&format!("/c/{slug}"))));
                    }
                }
                for slug in app::merchants::service::active_shop_slugs(&mut conn).await? {
                    xml.push_str(&format!("<url><loc>{}</loc></url>\n", url(&format!("/s/{slug}"))));
                }
            }
            Some(n) => {
                for (id, updated_at) in app::catalog::service::sitemap_part(&mut conn, &state.catalog, n).await? {
                    let (y, m, d) = civil_from_days(updated_at / 86_400_000);
                    xml.push_str(&format!(
                        "<url><loc>{}</loc><lastmod>{y:04}-{m:02}-{d:02}</lastmod></url>\n",
                        url(&format!("/p/{id}"))
                    ));
                }
            }
        }
        Ok::<_, app::error::AppError>(())
    };
    if read.await.is_err() {
        return (StatusCode::SERVICE_UNAVAILABLE, "Try again later").into_response();
    }
    xml.push_str("</urlset>\n");
    let xml: Arc<str> = xml.into();
    cache.put(stem, xml.clone());
    xml_response(xml)
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Follows the storefront change log so this server's index and page cache
/// show changes made through any server within a second (polling every
/// 500 ms, plus the time to apply).
pub fn spawn_catalog_follower(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = state.catalog.follow(&state.db).await {
                tracing::warn!(error = %e, "catalog follow failed");
            }
        }
    })
}

/// Rolls the recent product windows to each new day (checked every
/// minute, so the dashboard reads them again within a minute of midnight).
fn spawn_window_roller(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = app::analytics::service::roll_recent(&state.db, app::server::now_ms()).await {
                tracing::warn!(error = ?e.code, "recent product windows not rolled");
            }
        }
    });
}

/// Housekeeping every ten minutes: dead sessions and reset links, mail past
/// its retention, counted attempts older than any throttle's window, idle
/// guest carts.
fn spawn_housekeeping(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = housekeeping(&state).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
        }
    });
}

/// One round of housekeeping (the tests run it directly).
pub async fn housekeeping(state: &AppState) -> anyhow::Result<()> {
    let now = app::server::now_ms();
    app::accounts::service::prune(&state.db, &state.config).await?;
    let longest_window = state
        .config
        .limits
        .clone()
        .named_mut()
        .iter()
        .map(|(_, l)| l.window_secs)
        .max()
        .unwrap_or(0);
    app::server::throttle::prune(&state.db, now - longest_window * 1000).await?;
    let mut tx = state.db.begin_write().await?;
    app::cart::service::forget_idle_guest_carts(&mut tx, now - state.config.guest_cart_idle_secs * 1000).await?;
    tx.commit().await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Serves until SIGINT/SIGTERM, then lets requests in flight finish.
pub async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    let state = prepare(&config).await?;
    if demo {
        seed::seed_demo(&state).await?;
    }
    load_catalog(&state).await?;
    spawn_housekeeping(state.clone());
    spawn_window_roller(state.clone());
    let _follower = spawn_catalog_follower(state.clone());
    let _jobs = jobs::spawn_job_runner(state.clone());
    let (stop_events, events_stop) = tokio::sync::watch::channel(false);
    let events = app::analytics::capture::spawn_writer(state.clone(), events_stop);
    let router = build_router(state.clone(), config.trusted_proxies.clone());
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!("listening on http://{}", config.addr);
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    // Requests have finished: write the events they left waiting.
    let _ = stop_events.send(true);
    let _ = events.await;
    state.db.close().await;
    Ok(())
}
