//! `loadgen`: concurrent shoppers, each with their own cart (cookies), doing
//! add-to-cart then a cart view in a loop for a fixed time. Prints requests
//! per second, latency percentiles and the count of failed requests.
//!
//! `loadgen flood BASE N`: N registrations and N password-reset posts (with
//! links that do not exist) all at once, while `/healthz` is asked every
//! 10 ms; prints the answers by status and the health check's latencies.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("flood") {
        let mut args = std::env::args().skip(2);
        let base = args.next().unwrap_or_else(|| "http://127.0.0.1:3000".into());
        let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(300);
        return flood(base, n).await;
    }
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

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted
        .get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1)))
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// The abuse load check: what hashing-heavy posts do to everyone else.
async fn flood(base: String, n: usize) -> anyhow::Result<()> {
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).build()?;
    let started = Instant::now();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let health = {
        let (client, base, stop) = (reqwest::Client::new(), base.clone(), stop.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0u64;
            while !stop.load(Ordering::Acquire) {
                let t = Instant::now();
                match client.get(format!("{base}/healthz")).send().await {
                    Ok(r) if r.status().is_success() => latencies.push(t.elapsed()),
                    _ => failures += 1,
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            (latencies, failures)
        })
    };
    let run = std::process::id();
    let mut posts = Vec::new();
    for i in 0..n {
        for kind in ["register", "reset"] {
            let (client, base) = (client.clone(), base.clone());
            posts.push(tokio::spawn(async move {
                let (endpoint, form) = if kind == "register" {
                    let email = format!("flood-{run}-{i}@example.com");
                    (
                        "accounts/register",
                        vec![
                            ("email", email),
                            ("display_name", "Flood".into()),
                            ("password", "flood-password-2026".into()),
                        ],
                    )
                } else {
                    let token = format!("{:043}", i);
                    (
                        "accounts/reset_password",
                        vec![("token", token), ("password", "flood-password-2026".into())],
                    )
                };
                let t = Instant::now();
                let status = client
                    .post(format!("{base}/api/{endpoint}"))
                    .header("origin", &base)
                    .header("accept", "application/json")
                    .form(&form)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                (kind, status, t.elapsed())
            }));
        }
    }
    let mut by_status: std::collections::BTreeMap<(String, u16), u64> = Default::default();
    let mut latencies = Vec::new();
    for p in posts {
        let (kind, status, took) = p.await?;
        *by_status.entry((kind.to_string(), status)).or_default() += 1;
        latencies.push(took);
    }
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Release);
    let (mut health, health_failures) = health.await?;
    health.sort_unstable();
    latencies.sort_unstable();
    let statuses = by_status
        .iter()
        .map(|((kind, status), count)| format!("{kind}_{status}={count}"))
        .collect::<Vec<_>>()
        .join(" ");
    println!(
        "flood posts={} elapsed_ms={} post_p50_ms={:.1} post_p99_ms={:.1} {statuses} healthz_checks={} healthz_failed={health_failures} healthz_p50_ms={:.2} healthz_p99_ms={:.2} healthz_max_ms={:.2}",
        2 * n,
        elapsed.as_millis(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        health.len(),
        percentile(&health, 0.5),
        percentile(&health, 0.99),
        health.last().map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0),
    );
    Ok(())
}
