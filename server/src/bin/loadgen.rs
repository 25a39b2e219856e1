//! `loadgen`: concurrent shoppers, each with their own cart (cookies), doing
//! add-to-cart then a cart view in a loop for a fixed time. Prints requests
//! per second, latency percentiles and the count of failed requests.
//!
//! `loadgen flood BASE N`: N registrations and N password-reset posts (with
//! links that do not exist) all at once, while `/healthz` is asked every
//! 10 ms; prints the answers by status and the health check's latencies.
//!
//! `loadgen checkout BASE SHOPPERS SECONDS SKUS [pay]`: logged-in shoppers,
//! each with an address, each putting one unit of a SKU in the cart and
//! placing it, in a loop (with `pay`, also paying each order with the test
//! card); prints orders placed per second and the latencies of placing
//! (and paying).
//!
//! `loadgen spike BASE BUYERS PLENTY SCARCE`: BUYERS shoppers, each with one
//! unit of PLENTY in the cart, press Place order in the same instant (the
//! burst: placing alone, orders per second); then each with SCARCE in the
//! cart does the same (the spike: how many orders were placed, how many were
//! told "sold out", and anything else).
//!
//! `loadgen staff BASE SECONDS SHOP PRODUCTS [APPLICATIONS] [PENDING]`: the
//! accounts `server bench-staff` made log in, then 4 staff ask for random
//! pages of the seller's product list (of SHOP, PRODUCTS products), the
//! operator's application queue and listing queue (1,000 each by default);
//! prints each page's latency percentiles and the count of failed requests.

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
    if std::env::args().nth(1).as_deref() == Some("checkout") {
        let mut args = std::env::args().skip(2);
        let base = args.next().unwrap_or_else(|| "http://127.0.0.1:3000".into());
        let shoppers: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(32);
        let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
        let skus: Vec<i64> = args
            .next()
            .unwrap_or_default()
            .split(',')
            .filter_map(|p| p.parse().ok())
            .collect();
        let pay = args.next().as_deref() == Some("pay");
        return checkout(base, shoppers, seconds, skus, pay).await;
    }
    if std::env::args().nth(1).as_deref() == Some("spike") {
        let mut args = std::env::args().skip(2);
        let base = args.next().unwrap_or_else(|| "http://127.0.0.1:3000".into());
        let buyers: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
        let plenty: i64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
        let scarce: i64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(2);
        return spike(base, buyers, plenty, scarce).await;
    }
    if std::env::args().nth(1).as_deref() == Some("flash") {
        let mut args = std::env::args().skip(2);
        let base = args.next().unwrap_or_else(|| "http://127.0.0.1:3000".into());
        let item: i64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
        let tokens_path = args.next().unwrap_or_else(|| "flash-tokens".into());
        let products: i64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
        let tokens: Vec<String> = std::fs::read_to_string(&tokens_path)?
            .lines()
            .map(str::to_string)
            .collect();
        return flash(base, item, tokens, products).await;
    }
    if std::env::args().nth(1).as_deref() == Some("staff") {
        let mut args = std::env::args().skip(2);
        let base = args.next().unwrap_or_else(|| "http://127.0.0.1:3000".into());
        let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
        let shop_id: i64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
        let products: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
        let applications: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
        let pending: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
        return staff(base, seconds, shop_id, [products, applications, pending]).await;
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
        let Some(sku) = detail["product"]["default_sku_id"].as_i64() else {
            continue;
        };
        let form = vec![
            ("sku_id".to_string(), sku.to_string()),
            ("quantity".to_string(), "1".to_string()),
        ];
        variants.push(form);
    }
    if variants.is_empty() {
        anyhow::bail!("none of the products {products:?} has a variant in stock to add");
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

/// A logged-in shopper of the benchmark: its own cookie store.
struct Shopper {
    client: reqwest::Client,
    base: String,
}

impl Shopper {
    /// Registers a new account (retrying while the server says it is busy
    /// hashing) and saves an address; returns the shopper and the address.
    async fn new(base: &str, n: usize) -> anyhow::Result<(Shopper, String)> {
        let client = reqwest::Client::builder().cookie_store(true).build()?;
        let shopper = Shopper {
            client,
            base: base.to_string(),
        };
        let email = format!("buyer-{}-{n}@example.com", std::process::id());
        loop {
            let res = shopper
                .post(
                    "accounts/register",
                    &[
                        ("email", email.as_str()),
                        ("display_name", "Bench buyer"),
                        ("password", "bench-buyer-password-1"),
                    ],
                )
                .await?;
            match res.status().as_u16() {
                200 => break,
                503 | 429 => tokio::time::sleep(Duration::from_millis(200)).await,
                other => anyhow::bail!(
                    "registration answered {other}: {}",
                    res.text().await.unwrap_or_default()
                ),
            }
        }
        let res = shopper
            .post(
                "checkout/save_address",
                &[
                    ("recipient", "王小明"),
                    ("phone", "13800138000"),
                    ("province", "330000"),
                    ("city", "330100"),
                    ("district", "330106"),
                    ("detail", "文三路 90 号"),
                ],
            )
            .await?;
        anyhow::ensure!(res.status().is_success(), "address: {}", res.status());
        let address = res.text().await?;
        Ok((shopper, address))
    }

    async fn post(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Result<reqwest::Response> {
        self.client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("origin", &self.base)
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
    }
}

fn token() -> String {
    format!("bench{:032x}", rand::random::<u128>())
}

/// Shoppers in parallel, made a few at a time (registration hashes).
async fn shoppers(base: &str, n: usize) -> anyhow::Result<Vec<(Shopper, String)>> {
    let mut made = Vec::new();
    for chunk in (0..n).collect::<Vec<_>>().chunks(8) {
        let batch: Vec<_> = chunk
            .iter()
            .map(|i| {
                let (base, i) = (base.to_string(), *i);
                tokio::spawn(async move { Shopper::new(&base, i).await })
            })
            .collect();
        for shopper in batch {
            made.push(shopper.await??);
        }
    }
    Ok(made)
}

/// The place-order (and pay) loop of `checkout`.
async fn checkout(base: String, n: usize, seconds: u64, skus: Vec<i64>, pay: bool) -> anyhow::Result<()> {
    anyhow::ensure!(!skus.is_empty(), "name the SKUs to buy");
    let people = shoppers(&base, n).await?;
    let failed = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, (shopper, address)) in people.into_iter().enumerate() {
        let (failed, skus) = (failed.clone(), skus.clone());
        tasks.push(tokio::spawn(async move {
            let (mut place_times, mut pay_times) = (Vec::new(), Vec::new());
            let mut k = i;
            while Instant::now() < deadline {
                let sku = skus[k % skus.len()].to_string();
                k += 1;
                let ok = |r: &reqwest::Result<reqwest::Response>| r.as_ref().is_ok_and(|r| r.status().is_success());
                let add = shopper.post("cart/add", &[("sku_id", &sku), ("quantity", "1")]).await;
                if !ok(&add) {
                    failed.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                let t = Instant::now();
                let placed = shopper
                    .post("checkout/place_order", &[("token", &token()), ("address_id", &address)])
                    .await;
                let Ok(placed) = placed.and_then(|r| r.error_for_status()) else {
                    failed.fetch_add(1, Ordering::Relaxed);
                    continue;
                };
                place_times.push(t.elapsed());
                let body: serde_json::Value = placed.json().await.unwrap_or_default();
                let Some(checkout_id) = body["checkout_id"].as_i64() else {
                    failed.fetch_add(1, Ordering::Relaxed);
                    continue;
                };
                if pay {
                    let t = Instant::now();
                    let paid = shopper
                        .post(
                            "payments/pay",
                            &[
                                ("checkout_id", &checkout_id.to_string()),
                                ("attempt", &token()),
                                ("card_number", "4242424242424242"),
                                ("expiry", "12/30"),
                                ("cvc", "123"),
                            ],
                        )
                        .await;
                    if ok(&paid) {
                        pay_times.push(t.elapsed());
                    } else {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            (place_times, pay_times)
        }));
    }
    let (mut places, mut pays) = (Vec::new(), Vec::new());
    for t in tasks {
        let (a, b) = t.await?;
        places.extend(a);
        pays.extend(b);
    }
    let elapsed = started.elapsed().as_secs_f64();
    places.sort_unstable();
    pays.sort_unstable();
    println!(
        "checkout shoppers={n} orders={} orders_per_s={:.0} place_p50_ms={:.2} place_p99_ms={:.2} payments={} payments_per_s={:.0} pay_p50_ms={:.2} pay_p99_ms={:.2} failed={}",
        places.len(),
        places.len() as f64 / elapsed,
        percentile(&places, 0.5),
        percentile(&places, 0.99),
        pays.len(),
        pays.len() as f64 / elapsed,
        percentile(&pays, 0.5),
        percentile(&pays, 0.99),
        failed.load(Ordering::Relaxed)
    );
    Ok(())
}

/// Every shopper puts one unit of `sku` in the cart, then all press Place
/// order in the same instant: the answers by kind, their latencies, and
/// how long until the last answer.
async fn press_all(
    people: &[(Arc<Shopper>, String)],
    sku: i64,
) -> anyhow::Result<(std::collections::BTreeMap<String, u64>, Vec<Duration>, Duration)> {
    for (shopper, _) in people {
        let res = shopper
            .post("cart/add", &[("sku_id", &sku.to_string()), ("quantity", "1")])
            .await?;
        anyhow::ensure!(res.status().is_success(), "add to cart: {}", res.status());
    }
    let gate = Arc::new(tokio::sync::Barrier::new(people.len()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (shopper, address) in people {
        let (gate, shopper, address) = (gate.clone(), shopper.clone(), address.clone());
        tasks.push(tokio::spawn(async move {
            gate.wait().await;
            let t = Instant::now();
            let res = shopper
                .post("checkout/place_order", &[("token", &token()), ("address_id", &address)])
                .await;
            let answer = match res {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let body: serde_json::Value = r.json().await.unwrap_or_default();
                    if status == 409 && body["code"] == "SoldOut" {
                        "sold_out".to_string()
                    } else {
                        status.to_string()
                    }
                }
                Err(_) => "error".to_string(),
            };
            (answer, t.elapsed())
        }));
    }
    let mut by_answer: std::collections::BTreeMap<String, u64> = Default::default();
    let mut latencies = Vec::new();
    for t in tasks {
        let (answer, took) = t.await?;
        *by_answer.entry(answer).or_default() += 1;
        latencies.push(took);
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Ok((by_answer, latencies, elapsed))
}

/// A burst and a spike: the buyers first all place an order for a SKU with
/// plenty of stock at once (placing alone, as fast as the server goes), then
/// all press Place order at once for the last units of `scarce`.
async fn spike(base: String, n: usize, plenty: i64, scarce: i64) -> anyhow::Result<()> {
    let people: Vec<(Arc<Shopper>, String)> = shoppers(&base, n)
        .await?
        .into_iter()
        .map(|(s, a)| (Arc::new(s), a))
        .collect();
    let (burst, burst_latencies, burst_elapsed) = press_all(&people, plenty).await?;
    let placed = burst.get("200").copied().unwrap_or(0);
    println!(
        "burst buyers={n} placed={placed} orders_per_s={:.0} elapsed_ms={} p50_ms={:.1} p99_ms={:.1} failed={}",
        placed as f64 / burst_elapsed.as_secs_f64(),
        burst_elapsed.as_millis(),
        percentile(&burst_latencies, 0.5),
        percentile(&burst_latencies, 0.99),
        n as u64 - placed
    );
    let (by_answer, latencies, elapsed) = press_all(&people, scarce).await?;
    println!(
        "spike buyers={n} placed={} sold_out={} other={} elapsed_ms={} p50_ms={:.1} p99_ms={:.1} answers={:?}",
        by_answer.get("200").copied().unwrap_or(0),
        by_answer.get("sold_out").copied().unwrap_or(0),
        by_answer
            .iter()
            .filter(|(k, _)| *k != "200" && *k != "sold_out")
            .map(|(_, v)| v)
            .sum::<u64>(),
        elapsed.as_millis(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        by_answer
    );
    Ok(())
}

/// The staff accounts of `server bench-staff` (server/src/bench.rs).
const BENCH_MERCHANT: (&str, &str) = ("bench-merchant@example.com", "bench-merchant-1");
const BENCH_OPERATOR: (&str, &str) = ("bench-operator@example.com", "bench-operator-1");

/// Rows per page of the seller's list and of both queues.
const STAFF_PAGE: u64 = 50;

/// Logs in and returns the session token (from the `jishi_session` cookie).
async fn session_of(base: &str, (email, password): (&str, &str)) -> anyhow::Result<String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let res = client
        .post(format!("{base}/api/accounts/log_in"))
        .header("origin", base)
        .header("accept", "application/json")
        .form(&[("email", email), ("password", password)])
        .send()
        .await?;
    let token = res
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("jishi_session="))
        .and_then(|c| c.split(';').next())
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    token.ok_or_else(|| {
        anyhow::anyhow!(
            "{email} could not log in: {} (run `server bench-staff` first)",
            res.status()
        )
    })
}

/// The seller portal's product list and the operator's two queues, each
/// request a random one of the three at a random page over its whole range.
/// Staff are few: 4 workers measure the latency one of them sees while the
/// others work, not the throughput at saturation (the mixes do that).
async fn staff(base: String, seconds: u64, shop_id: i64, counts: [u64; 3]) -> anyhow::Result<()> {
    const KINDS: [&str; 3] = ["seller_products", "applications", "listings"];
    const WORKERS: usize = 4;
    let merchant = session_of(&base, BENCH_MERCHANT).await?;
    let operator = session_of(&base, BENCH_OPERATOR).await?;
    let pages = counts.map(|n| n.div_ceil(STAFF_PAGE).max(1));
    // A redirect (to the log-in page, say) is a failure, not a page.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let path_of = move |kind: usize, page: u64| match kind {
        0 => format!("/seller/products?shop={shop_id}&page={page}"),
        1 => format!("/admin/applications?status=under_review&page={page}"),
        _ => format!("/admin/listings?page={page}"),
    };
    // The timed pages arrive compressed (as browsers ask) and are not
    // decoded; check once, on each kind's last page, that it shows rows (a
    // 200 can also be an error message, or a page past the end).
    for (kind, name) in KINDS.iter().enumerate() {
        let path = path_of(kind, pages[kind]);
        let session = if kind == 0 { &merchant } else { &operator };
        let res = client
            .get(format!("{base}{path}"))
            .header("cookie", format!("jishi_session={session}"))
            .send()
            .await?;
        let status = res.status();
        let body = res.text().await?;
        // Each row links to its item: `href="/admin/listings/42"`.
        let row = format!("href=\"{}/", path.split('?').next().unwrap_or_default());
        let rows = body
            .match_indices(&row)
            .filter(|(at, _)| body[at + row.len()..].starts_with(|c: char| c.is_ascii_digit()))
            .count();
        anyhow::ensure!(
            status.is_success() && rows > 0,
            "{name} {path}: {status} with {rows} rows (run `server bench-staff` first; are the counts right?)"
        );
    }
    let failed = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..WORKERS {
        let (client, base, failed) = (client.clone(), base.clone(), failed.clone());
        let (merchant, operator) = (merchant.clone(), operator.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies: [Vec<Duration>; 3] = Default::default();
            while Instant::now() < deadline {
                let kind = (rand::random::<u64>() % 3) as usize;
                let page = rand::random::<u64>() % pages[kind] + 1;
                let url = format!("{base}{}", path_of(kind, page));
                let session = if kind == 0 { &merchant } else { &operator };
                let started = Instant::now();
                let res = client
                    .get(&url)
                    .header("cookie", format!("jishi_session={session}"))
                    .header("accept-encoding", "br, gzip")
                    .send()
                    .await;
                // The whole page counts: it streams after the status.
                let ok = match res {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    _ => false,
                };
                if ok {
                    latencies[kind].push(started.elapsed());
                } else {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies
        }));
    }
    let mut all: [Vec<Duration>; 3] = Default::default();
    for t in tasks {
        for (kind, times) in t.await?.into_iter().enumerate() {
            all[kind].extend(times);
        }
    }
    let rows: Vec<String> = KINDS
        .iter()
        .zip(all.iter_mut())
        .map(|(kind, times)| {
            times.sort_unstable();
            format!(
                "{kind}_n={} {kind}_p50_ms={:.2} {kind}_p99_ms={:.2}",
                times.len(),
                percentile(times, 0.5),
                percentile(times, 0.99)
            )
        })
        .collect();
    println!(
        "staff workers={WORKERS} seconds={seconds} {} failed={}",
        rows.join(" "),
        failed.load(Ordering::Relaxed)
    );
    Ok(())
}

/// The flash-sale spike: every buyer (a session token each) presses Buy
/// once, their presses spread evenly over one second (open loop: a slow
/// answer does not slow the next press), while 8 anonymous readers load
/// random product pages; the readers' p99 is also measured for two seconds
/// before the spike, on the same server, as the baseline.
async fn flash(base: String, item: i64, tokens: Vec<String>, products: i64) -> anyhow::Result<()> {
    anyhow::ensure!(!tokens.is_empty(), "no buyers");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(512)
        .timeout(Duration::from_secs(30))
        .build()?;
    let readers = |seconds: f64| {
        let (client, base) = (client.clone(), base.clone());
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        (0..8)
            .map(move |w| {
                let (client, base) = (client.clone(), base.clone());
                tokio::spawn(async move {
                    let mut times = Vec::new();
                    let mut k: i64 = w * 7919;
                    while Instant::now() < deadline {
                        k = (k * 48_271 + 11) % 2_147_483_647;
                        let id = 1 + k.rem_euclid(products.max(1));
                        let t = Instant::now();
                        let ok = client
                            .get(format!("{base}/p/{id}"))
                            .header("accept-encoding", "br, gzip")
                            .send()
                            .await
                            .is_ok_and(|r| r.status().as_u16() < 500);
                        if ok {
                            times.push(t.elapsed());
                        }
                    }
                    times
                })
            })
            .collect::<Vec<_>>()
    };
    let mut before = Vec::new();
    for r in readers(2.0) {
        before.extend(r.await?);
    }
    before.sort();
    let during_readers = readers(1.5);
    let n = tokens.len();
    let step = Duration::from_secs_f64(1.0 / n as f64);
    let started = Instant::now();
    let mut presses = Vec::with_capacity(n);
    for (i, token) in tokens.into_iter().enumerate() {
        let (client, base) = (client.clone(), base.clone());
        let at = started + step * i as u32;
        presses.push(tokio::spawn(async move {
            tokio::time::sleep_until(at.into()).await;
            let t = Instant::now();
            let res = client
                .post(format!("{base}/api/flash/buy"))
                .header("origin", &base)
                .header("accept", "application/json")
                .header("cookie", format!("jishi_session={token}"))
                .form(&[("flash_item_id", item.to_string())])
                .send()
                .await;
            let answer = match res {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let body: serde_json::Value = r.json().await.unwrap_or_default();
                    match (status, body["code"].as_str()) {
                        (200, _) => "ordered".to_string(),
                        (409, Some("SoldOut")) => "sold_out".to_string(),
                        (s, code) => format!("{s}:{}", code.unwrap_or("")),
                    }
                }
                Err(_) => "error".to_string(),
            };
            (answer, t.elapsed())
        }));
    }
    let mut by_answer: std::collections::BTreeMap<String, u64> = Default::default();
    let mut latencies = Vec::with_capacity(n);
    // The buyers who got a unit, apart: their wait is the writer's.
    let mut ordered = Vec::new();
    for p in presses {
        let (answer, took) = p.await?;
        if answer == "ordered" {
            ordered.push(took);
        }
        *by_answer.entry(answer).or_default() += 1;
        latencies.push(took);
    }
    ordered.sort();
    let elapsed = started.elapsed();
    latencies.sort();
    let mut during = Vec::new();
    for r in during_readers {
        during.extend(r.await?);
    }
    during.sort();
    let server_errors: u64 = by_answer
        .iter()
        .filter(|(k, _)| k.starts_with('5') || k.as_str() == "error")
        .map(|(_, v)| v)
        .sum();
    println!(
        "flash buyers={n} orders={} sold_out={} other={} e5xx={server_errors} elapsed_ms={} p50_ms={:.1} p99_ms={:.1} max_ms={:.1} ordered_p50_ms={:.1} ordered_max_ms={:.1} storefront_before_p99_ms={:.1} storefront_during_p99_ms={:.1} storefront_requests={} answers={:?}",
        by_answer.get("ordered").copied().unwrap_or(0),
        by_answer.get("sold_out").copied().unwrap_or(0),
        by_answer
            .iter()
            .filter(|(k, _)| *k != "ordered" && *k != "sold_out")
            .map(|(_, v)| v)
            .sum::<u64>(),
        elapsed.as_millis(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        percentile(&ordered, 0.5),
        ordered.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        percentile(&before, 0.99),
        percentile(&during, 0.99),
        during.len(),
        by_answer
    );
    Ok(())
}
