//! Benchmark helpers used by `make bench` (see `scripts/bench.sh`).

use app::catalog::model::SortOrder;
use app::catalog::search::EngineQuery;
use app::server::AppState;
use std::time::Instant;

/// Queries a shopper might type, in both languages, with and without filters.
const QUERIES: &[&str] = &[
    "耳机",
    "蓝牙耳机",
    "wireless earbuds",
    "手机",
    "laptop",
    "机械键盘",
    "mechanical keyboard",
    "茶叶",
    "green tea",
    "连衣裙",
    "running shoes",
    "运动鞋",
    "xiaomi",
    "华为 手表",
    "coffee beans",
    "保湿精华液",
    "yoga mat",
    "帐篷",
    "积木",
    "suitcase",
    "羽绒服",
    "t-shirt",
    "电饭煲",
    "monitor 4k",
    "noise cancelling headphones",
];

/// Times the in-process engine alone and prints p50/p95/p99 in microseconds.
pub fn search(state: &AppState, queries: usize) {
    let engine = &state.catalog.engine;
    let sorts = [SortOrder::Relevance, SortOrder::PriceAsc, SortOrder::BestSelling];
    let mut times = Vec::with_capacity(queries);
    for i in 0..queries {
        let q = EngineQuery {
            text: QUERIES[i % QUERIES.len()].to_string(),
            sort: sorts[i % sorts.len()],
            in_stock: i % 4 == 0,
            limit: 24,
            offset: (i % 3) * 24,
            ..EngineQuery::default()
        };
        let started = Instant::now();
        let result = engine.search(&q);
        times.push(started.elapsed().as_micros() as u64);
        std::hint::black_box(result);
    }
    times.sort_unstable();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "search_engine products={} queries={} p50_us={} p95_us={} p99_us={}",
        engine.len(),
        queries,
        pct(0.50),
        pct(0.95),
        pct(0.99)
    );
}

/// A minimal axum server returning a static 20 KB HTML page.
pub async fn ceiling(addr: std::net::SocketAddr) -> anyhow::Result<()> {
    use axum::routing::get;
    let mut page = String::from("<!DOCTYPE html><html><head><title>ceiling</title></head><body>");
    while page.len() < 20 * 1024 - 20 {
        page.push_str("<p>static ceiling page</p>");
    }
    page.push_str("</body></html>");
    let page: &'static str = Box::leak(page.into_boxed_str());
    let router = axum::Router::new().route("/", get(move || async move { axum::response::Html(page) }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router).await?;
    Ok(())
}

/// Benchmark set-up: gives `count` live SKUs of the catalog `stock` each
/// (through the catalog's service, so caches follow) and returns their ids,
/// the first one chosen from the middle of the catalogue.
pub async fn stock_skus(state: &AppState, count: usize, stock: i64) -> anyhow::Result<Vec<i64>> {
    let (all, _) = app::catalog::service::count_products(&mut *state.db.read().await?)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut skus = Vec::new();
    let mut product = (all / 2).max(1);
    while skus.len() < count && product <= all {
        let detail = app::catalog::service::product_detail(&mut *state.db.read().await?, &state.catalog, product).await;
        if let Ok(detail) = detail {
            if let Some(sku) = detail.skus.first() {
                skus.push(sku.sku_id);
            }
        }
        product += 1;
    }
    anyhow::ensure!(skus.len() == count, "found {} live SKUs of {count}", skus.len());
    let mut tx = state.db.begin_write().await?;
    for sku in &skus {
        app::catalog::service::set_stock(&mut tx, *sku, stock)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    tx.commit().await?;
    Ok(skus)
}
