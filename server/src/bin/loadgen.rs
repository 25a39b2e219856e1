//! `loadgen`: concurrent shoppers, each with their own cart (cookies), doing
//! add-to-cart then a cart view in a loop for a fixed time. Prints requests
//! per second, latency percentiles and the count of failed requests.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let base = args.next().unwrap_or_else(|| "http://127.0.0.1:3000".into());
    let shoppers: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(32);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
    let products: Vec<i64> = args
        .next()
        .unwrap_or_else(|| "1".into())
        .split(',')
        .filter_map(|p| p.parse().ok())
        .collect();
    // Learn each product's in-stock default variant, as the product page does.
    let setup = reqwest::Client::new();
    let mut variants: Vec<Vec<(String, String)>> = Vec::new();
    for p in &products {
        let detail: serde_json::Value = setup
            .post(format!("{base}/api/catalog/product"))
            .header("origin", &base)
            .form(&[("product_id", p.to_string())])
            .send()
            .await?
            .json()
            .await?;
        let Some(sku) = detail["default_sku_id"].as_i64() else {
            continue;
        };
        let form = vec![
            ("sku_id".to_string(), sku.to_string()),
            ("quantity".to_string(), "1".to_string()),
        ];
        variants.push(form);
    }
    let variants = Arc::new(variants);
    let failed = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for shopper in 0..shoppers {
        let (base, failed, variants) = (base.clone(), failed.clone(), variants.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
            let mut latencies = Vec::new();
            let mut i = shopper;
            while Instant::now() < deadline {
                let form = &variants[i % variants.len()];
                i += 1;
                let started = Instant::now();
                let add = client
                    .post(format!("{base}/api/cart/add"))
                    .header("origin", &base)
                    .header("accept", "application/json")
                    .header("accept-encoding", "br, gzip")
                    .form(form)
                    .send()
                    .await;
                // 400/409 (no such variant for a product with options, sold
                // out) are answers, not failures; 5xx and errors are.
                match add {
                    Ok(r) if r.status().is_server_error() => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(r) => {
                        let _ = r.bytes().await;
                    }
                    Err(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
                latencies.push(started.elapsed());
                let started = Instant::now();
                match client
                    .get(format!("{base}/cart"))
                    .header("accept-encoding", "br, gzip")
                    .send()
                    .await
                {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
                latencies.push(started.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await?);
    }
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    };
    println!(
        "cart shoppers={shoppers} requests={} req_per_s={:.0} p50_ms={:.2} p99_ms={:.2} failed={}",
        all.len(),
        all.len() as f64 / seconds as f64,
        pct(0.5),
        pct(0.99),
        failed.load(Ordering::Relaxed)
    );
    Ok(())
}
