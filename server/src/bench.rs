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

/// The seller of `bench-staff`: owner of the shop with the most products.
pub const BENCH_MERCHANT: (&str, &str) = ("bench-merchant@example.com", "bench-merchant-1");
/// The operator of `bench-staff`.
pub const BENCH_OPERATOR: (&str, &str) = ("bench-operator@example.com", "bench-operator-1");

/// Applications written per write transaction: few enough that the server
/// still writes between batches, many enough that 1,000 take seconds.
const APPLICATIONS_PER_TX: usize = 100;

/// What `bench-staff` set up, for the loadgen's `staff` mode.
#[derive(Debug)]
pub struct StaffSetup {
    /// The merchant's shop: the one with the most products.
    pub shop_id: i64,
    /// Its products in every status (what the seller's list pages over).
    pub products: i64,
    pub applications: usize,
    /// Its listings moved to 'pending_review' (the operator's listing queue).
    pub pending: usize,
}

/// Benchmark set-up for the seller portal and the operator's queues, on a
/// seeded catalogue: a merchant owning the biggest shop, an operator,
/// `applications` applicants with an application under review, and
/// `pending` of the shop's listings waiting for review. Run it once per
/// database (the accounts' emails are fixed).
pub async fn staff(state: &AppState, applications: usize, pending: usize) -> anyhow::Result<StaffSetup> {
    use app::accounts::service as accounts;
    let shop = {
        let mut conn = state.db.read().await?;
        app::merchants::service::console_shops(&mut conn, "")
            .await
            .map_err(|e| anyhow::anyhow!("shops: {e:?}"))?
            .into_iter()
            .max_by_key(|s| (s.products, std::cmp::Reverse(s.shop_id)))
            .ok_or_else(|| anyhow::anyhow!("no shop: seed the catalogue first"))?
    };
    let merchant = accounts::create_user(
        &state.db,
        &state.hashing,
        BENCH_MERCHANT.0,
        "Bench Merchant",
        BENCH_MERCHANT.1,
    )
    .await
    .map_err(|e| anyhow::anyhow!("bench merchant (run bench-staff once per database): {e:?}"))?;
    let mut tx = state.db.begin_write().await?;
    app::merchants::service::add_member(
        &mut tx,
        shop.shop_id,
        merchant,
        app::merchants::model::MemberRole::Owner,
    )
    .await?;
    tx.commit().await?;
    accounts::create_operator(
        &state.db,
        &state.hashing,
        BENCH_OPERATOR.0,
        "Bench Operator",
        BENCH_OPERATOR.1,
    )
    .await
    .map_err(|e| anyhow::anyhow!("bench operator: {e:?}"))?;
    let applied = applicants(state, applications).await?;
    let pending = pending_listings(state, shop.shop_id, pending).await?;
    Ok(StaffSetup {
        shop_id: shop.shop_id,
        products: shop.products,
        applications: applied,
        pending,
    })
}

/// `count` applicants, each with a complete application submitted through
/// the onboarding services (so the queue holds what real ones would), in
/// transactions of [`APPLICATIONS_PER_TX`].
async fn applicants(state: &AppState, count: usize) -> anyhow::Result<usize> {
    // Hashing a password takes tens of milliseconds on purpose: the
    // applicants never log in, so they share one hash.
    let hash = state.hashing.hash_waiting("bench-applicant-1".to_string()).await?;
    let category = {
        let mut conn = state.db.read().await?;
        app::catalog::service::category_tree_of(&mut conn)
            .await?
            .into_iter()
            .next()
            .map(|c| c.slug)
            .ok_or_else(|| anyhow::anyhow!("no category: seed the catalogue first"))?
    };
    let indices: Vec<usize> = (0..count).collect();
    for batch in indices.chunks(APPLICATIONS_PER_TX) {
        let mut tx = state.db.begin_write().await?;
        for &i in batch {
            let user_id = app::accounts::db::insert_user(
                &mut *tx,
                &format!("bench-applicant-{i}@example.com"),
                &format!("Applicant {i}"),
                &hash,
                false,
                app::server::now_ms(),
            )
            .await?;
            apply(&mut tx, user_id, i, &category)
                .await
                .map_err(|e| anyhow::anyhow!("application {i}: {e:?}"))?;
        }
        tx.commit().await?;
    }
    Ok(count)
}

/// Fills and submits applicant `i`'s application as the wizard would: a
/// company with its own shop name, credit code and bank account (the
/// submission refuses any of them already used by a live application).
async fn apply(tx: &mut app::server::Tx, user_id: i64, i: usize, category: &str) -> Result<(), app::error::AppError> {
    use app::merchants::model::{AppField, Step};
    use app::merchants::service::{self as onboarding, StepForm, StoredFile};
    let company = format!("Bench Trading {i:04} Co., Ltd.");
    let credit_code = credit_code(i);
    let account = bank_account(i);
    // The files are never opened by the pages measured: keys suffice.
    /// A step's typed fields and its stored files.
    type StepInput = (Step, Vec<(AppField, String)>, Vec<(AppField, StoredFile)>);
    let steps: [StepInput; 3] = [
        (
            Step::Shop,
            vec![
                (AppField::ShopName, format!("Bench Applicant Shop {i:04}")),
                (
                    AppField::ShopDescription,
                    "Everyday goods, packed with care and shipped within two days.".to_string(),
                ),
                (AppField::MainCategory, category.to_string()),
            ],
            vec![(
                AppField::Logo,
                StoredFile::Image {
                    key: format!("logos/bench-applicant-{i}.jpg"),
                },
            )],
        ),
        (
            Step::Entity,
            vec![
                (AppField::EntityType, "company".to_string()),
                (AppField::CompanyName, company.clone()),
                (AppField::CreditCode, credit_code),
                (AppField::LegalRepresentative, format!("Applicant {i}")),
            ],
            vec![(
                AppField::BusinessLicense,
                StoredFile::Document {
                    storage_key: format!("applications/bench-licence-{i}.jpg"),
                    file_name: "business-licence.jpg".to_string(),
                    content_type: "image/jpeg".to_string(),
                    byte_size: 100_000,
                },
            )],
        ),
        (
            Step::Contact,
            vec![
                (AppField::ContactName, format!("Applicant {i}")),
                (AppField::ContactPhone, "13800138000".to_string()),
                (AppField::BankAccountName, company),
                (AppField::BankAccountNumber, account),
            ],
            vec![],
        ),
    ];
    onboarding::start_application(tx, user_id).await?;
    for (step, fields, files) in steps {
        let form = StepForm {
            step: Some(step),
            fields: fields.into_iter().map(|(f, v)| (f.key().to_string(), v)).collect(),
            files,
        };
        onboarding::save_form(tx, user_id, &form).await?;
    }
    onboarding::submit_application(tx, user_id, true).await?;
    Ok(())
}

/// The characters of a unified social credit code and the weights of its
/// check character (GB 32100-2015), as `app::merchants::domain` checks them.
const CREDIT_CODE_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Applicant `i`'s credit code: a company registered in Hangzhou (9133 0100)
/// whose organisation code carries `i`, with its check character.
fn credit_code(i: usize) -> String {
    let first17 = format!("91330100MA{:07}", i % 10_000_000);
    let sum: u32 = first17
        .bytes()
        .zip(CREDIT_CODE_WEIGHTS)
        .map(|(b, w)| {
            let value = CREDIT_CODE_CHARS.iter().position(|c| *c == b).unwrap_or_default();
            value as u32 * w
        })
        .sum();
    let check = CREDIT_CODE_CHARS[((31 - sum % 31) % 31) as usize] as char;
    format!("{first17}{check}")
}

/// Applicant `i`'s 16-digit bank account number.
fn bank_account(i: usize) -> String {
    format!("62220200{:08}", i % 100_000_000)
}

/// Moves the `count` oldest live listings of `shop_id` to 'pending_review'.
/// A plain update, not the listing service: a merchant cannot send a live
/// listing back to review, and this is benchmark set-up only. Each is
/// recorded in the change log so the storefront drops it as it would.
async fn pending_listings(state: &AppState, shop_id: i64, count: usize) -> anyhow::Result<usize> {
    use app::storefront::{model::Change, service::record};
    let ids: Vec<i64> = sqlx::query_scalar(
        "select product_id from product where shop_id = $1 and status = 'live' order by product_id limit $2",
    )
    .bind(shop_id)
    .bind(count as i64)
    .fetch_all(state.db.pool())
    .await?;
    let mut tx = state.db.begin_write().await?;
    let now = app::server::now_ms();
    for id in &ids {
        sqlx::query("update product set status = 'pending_review', updated_at = $1 where product_id = $2")
            .bind(now)
            .bind(*id)
            .execute(&mut *tx)
            .await?;
        record(&mut tx, Change::Product(*id)).await?;
    }
    tx.commit().await?;
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::merchants::domain::{BankAccount, CreditCode};

    #[test]
    fn applicants_have_valid_and_distinct_codes_and_accounts() {
        let codes: std::collections::HashSet<String> = (0..2000).map(credit_code).collect();
        assert_eq!(codes.len(), 2000);
        assert!(
            codes.iter().all(|c| CreditCode::parse(c).is_ok()),
            "a code fails its check"
        );
        let accounts: std::collections::HashSet<String> = (0..2000).map(bank_account).collect();
        assert_eq!(accounts.len(), 2000);
        assert!(accounts.iter().all(|a| BankAccount::parse(a).is_ok()));
    }
}

/// What `bench-flash` set up, for the loadgen's `flash` mode.
#[derive(Debug)]
pub struct FlashSetup {
    pub item: i64,
    pub product: i64,
    pub units: i64,
    pub buyers: usize,
}

/// Accounts written per write transaction (the server keeps writing between).
const BUYERS_PER_TX: usize = 500;

/// The flash-sale spike's stage: one SKU (half price) with UNITS flash
/// units in a slot open now, approved; BUYERS shoppers, each with a session
/// and a default address, made directly (hashing ten thousand passwords
/// would measure Argon2), their session tokens written one per line to
/// `tokens`.
pub async fn flash(
    state: &AppState,
    buyers: usize,
    units: i64,
    tokens: &std::path::Path,
) -> anyhow::Result<FlashSetup> {
    use app::promotions::db as promo;
    let sku = *stock_skus(state, 1, units * 10)
        .await?
        .first()
        .ok_or_else(|| anyhow::anyhow!("no SKU"))?;
    let line = app::catalog::service::lines_for(&mut *state.db.read().await?, &[sku])
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .remove(&sku)
        .ok_or_else(|| anyhow::anyhow!("SKU {sku} not found"))?;
    let now = app::server::now_ms();
    let mut tx = state.db.begin_write().await?;
    let slot = promo::insert_slot(&mut *tx, "Bench slot", now - 60_000, now + 3_600_000, 0, now).await?;
    let item = promo::insert_flash_item(
        &mut *tx,
        slot,
        line.shop_id,
        line.product_id,
        sku,
        (line.price_minor / 2).max(1),
        units,
        1,
        0,
        now,
    )
    .await?;
    promo::set_flash_status(&mut *tx, item, "pending", "approved", "", now).await?;
    tx.commit().await?;
    let mut out = String::new();
    let run = format!("{:x}", now);
    for chunk in (0..buyers).collect::<Vec<_>>().chunks(BUYERS_PER_TX) {
        let mut tx = state.db.begin_write().await?;
        for i in chunk {
            let user: i64 = sqlx::query_scalar(
                "insert into app_user (email, display_name, password_hash, created_at, updated_at)
                 values ($1, 'Flash buyer', 'none', $2, $2) returning user_id",
            )
            .bind(format!("flash-{run}-{i}@example.com"))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let token = app::accounts::service::new_token();
            sqlx::query(
                "insert into session (session_hash, user_id, created_at, updated_at, last_seen_at, expires_at)
                 values ($1, $2, $3, $3, $3, $4)",
            )
            .bind(app::accounts::service::token_hash(&token))
            .bind(user)
            .bind(now)
            .bind(now + 7 * 86_400_000)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "insert into address (user_id, recipient, phone, province_code, city_code, district_code, detail,
                     is_default, created_at, updated_at)
                 values ($1, '王小明', '13800138000', '330000', '330100', '330106', '文三路 90 号', 1, $2, $2)",
            )
            .bind(user)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            out.push_str(&token);
            out.push('\n');
        }
        tx.commit().await?;
    }
    std::fs::write(tokens, out)?;
    Ok(FlashSetup {
        item,
        product: line.product_id,
        units,
        buyers,
    })
}

/// What `bench-analytics` wrote.
#[derive(Debug)]
pub struct AnalyticsSetup {
    pub orders: usize,
    pub events: usize,
    pub shoppers: usize,
    /// The shop given a tenth of all orders (the benchmark merchant's).
    pub big_shop: i64,
    pub write_secs: f64,
    pub rebuild_secs: f64,
}

/// An index in `0..n` where low ones come far more often (the long tail
/// of a catalogue: a few products sell, most seldom do).
fn skewed(rng: &mut crate::seed::Rng, n: usize) -> usize {
    let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
    ((u * u * u) * n as f64) as usize % n.max(1)
}

/// Benchmark set-up for the dashboards: `orders` orders over the last
/// `days` days by `orders / 20` made-up shoppers (85 % paid, and received),
/// a tenth of them in the biggest shop, and `events` storefront events
/// (their orders' and payments' among them), written straight into the
/// tables; then every rollup is rebuilt from them, as `analytics::rebuild`
/// does after a restore. Run once, after `seed` (and `bench-staff`).
pub async fn analytics(state: &AppState, orders: usize, events: usize, days: i64) -> anyhow::Result<AnalyticsSetup> {
    use app::analytics::db::{insert_events, EventRow};
    use app::analytics::domain::{day_of, DAY_MS};
    let started = std::time::Instant::now();
    let pool = state.db.pool();
    // One SKU and price per live product, and the biggest shop.
    let products: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "select p.product_id, p.shop_id, min(s.sku_id), min(s.price_minor) from product p
         join sku s on s.product_id = p.product_id where p.status = 'live' group by p.product_id, p.shop_id
         order by p.product_id",
    )
    .fetch_all(pool)
    .await?;
    anyhow::ensure!(!products.is_empty(), "seed a catalogue first");
    let big_shop: i64 = sqlx::query_scalar(
        "select shop_id from product where status = 'live' group by shop_id order by count(*) desc, shop_id limit 1",
    )
    .fetch_one(pool)
    .await?;
    let big: Vec<usize> = (0..products.len()).filter(|&i| products[i].1 == big_shop).collect();
    let mut shop_index: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
    for (product_id, shop_id, _, _) in &products {
        shop_index.entry(*shop_id).or_default().push(*product_id);
    }
    let now = app::server::now_ms();
    let span = days.max(1) * DAY_MS;
    let mut dice = crate::seed::Rng(0x0a11_7ea5_5eed_0001);

    // Shoppers, joined over the same days.
    let shoppers = (orders / 20).max(1);
    for chunk in (0..shoppers).collect::<Vec<_>>().chunks(5_000) {
        let mut tx = state.db.begin_write().await?;
        for rows in chunk.chunks(500) {
            let sql = format!(
                "insert into app_user (email, display_name, password_hash, is_operator, created_at, updated_at) values {}",
                app::server::db::value_rows(rows.len(), 5, true)
            );
            let mut q = sqlx::query(&sql);
            for i in rows {
                q = q
                    .bind(format!("bench-buyer-{i}@example.com"))
                    .bind(format!("Buyer {i}"))
                    .bind("!")
                    .bind(0_i64)
                    .bind(now - dice.below(span as u64) as i64);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
    }
    let users: Vec<i64> =
        sqlx::query_scalar("select user_id from app_user where email like 'bench-buyer-%' order by user_id")
            .fetch_all(pool)
            .await?;

    // Orders: a checkout, an order and a line each; events for placing and paying.
    let visitors = (events / 10).max(1) as u64;
    let visitor = |n: u64| format!("bench{n:0>17}");
    let mut written_events = 0usize;
    let mut next_order = 0usize;
    while next_order < orders {
        let batch = (orders - next_order).min(5_000);
        let mut tx = state.db.begin_write().await?;
        let mut made = Vec::with_capacity(batch);
        for _ in 0..batch {
            let i = if dice.below(10) == 0 && !big.is_empty() {
                big[skewed(&mut dice, big.len())]
            } else {
                skewed(&mut dice, products.len())
            };
            let (product_id, shop_id, sku_id, price) = products[i];
            let user = users[skewed(&mut dice, users.len())];
            let quantity = 1 + dice.below(3) as i64;
            let created = now - dice.below(span as u64) as i64;
            let paid = dice.below(100) < 85;
            made.push((
                product_id,
                shop_id,
                sku_id,
                price * quantity,
                quantity,
                user,
                created,
                paid,
            ));
        }
        let tokens: Vec<String> = (0..batch)
            .map(|k| format!("bench-{}-{}", next_order + k, now))
            .collect();
        let mut checkout_ids = Vec::with_capacity(batch);
        let mut order_ids = Vec::with_capacity(batch);
        for (rows, toks) in made.chunks(500).zip(tokens.chunks(500)) {
            let sql = format!(
                "insert into checkout (user_id, token, total_minor, created_at, updated_at) values {} returning checkout_id, token",
                app::server::db::value_rows(rows.len(), 4, true)
            );
            let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
            for (row, token) in rows.iter().zip(toks) {
                q = q.bind(row.5).bind(token.as_str()).bind(row.3).bind(row.6);
            }
            let mut ids: std::collections::HashMap<String, i64> = q
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|(id, t)| (t, id))
                .collect();
            let ids: Vec<i64> = toks.iter().map(|t| ids.remove(t).unwrap_or_default()).collect();
            let sql = format!(
                "insert into shop_order (checkout_id, user_id, shop_id, status, items_minor, shipping_minor, total_minor,
                     recipient, phone, address_text, pay_by, paid_at, shipped_at, delivered_at, completed_at, cancelled_at,
                     created_at, updated_at) values {} returning order_id, checkout_id",
                app::server::db::value_rows(rows.len(), 17, true)
            );
            let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
            for (row, checkout_id) in rows.iter().zip(&ids) {
                let (paid, created) = (row.7, row.6);
                let at = |offset: i64| paid.then_some(created + offset);
                q = q
                    .bind(*checkout_id)
                    .bind(row.5)
                    .bind(row.1)
                    .bind(if paid { "completed" } else { "cancelled" })
                    .bind(row.3)
                    .bind(0_i64)
                    .bind(row.3)
                    .bind("王小明")
                    .bind("13800138000")
                    .bind("浙江省 杭州市 西湖区 文三路 90 号")
                    .bind(created + 1_800_000)
                    .bind(at(60_000))
                    .bind(at(3_600_000))
                    .bind(at(DAY_MS))
                    .bind(at(2 * DAY_MS))
                    .bind((!paid).then_some(created + 1_800_000))
                    .bind(created);
            }
            let mut by_checkout: std::collections::HashMap<i64, i64> =
                q.fetch_all(&mut *tx).await?.into_iter().map(|(o, c)| (c, o)).collect();
            order_ids.extend(ids.iter().map(|c| by_checkout.remove(c).unwrap_or_default()));
            checkout_ids.extend(ids);
        }
        for (rows, ids) in made.chunks(500).zip(order_ids.chunks(500)) {
            let sql = format!(
                "insert into order_line (order_id, sku_id, product_id, title, options_json, sku_code, unit_price_minor,
                     quantity, line_total_minor, created_at, updated_at) values {}",
                app::server::db::value_rows(rows.len(), 10, true)
            );
            let mut q = sqlx::query(&sql);
            for (row, order_id) in rows.iter().zip(ids) {
                q = q
                    .bind(*order_id)
                    .bind(row.2)
                    .bind(row.0)
                    .bind("Bench item")
                    .bind("[]")
                    .bind("BENCH")
                    .bind(row.3 / row.4)
                    .bind(row.4)
                    .bind(row.3)
                    .bind(row.6);
            }
            q.execute(&mut *tx).await?;
        }
        let mut rows = Vec::with_capacity(batch * 2);
        for (row, order_id) in made.iter().zip(&order_ids) {
            let v = visitor(u64::try_from(row.5).unwrap_or(0) % visitors);
            let event = |at: i64, kind: &'static str| EventRow {
                at,
                day: day_of(at),
                visitor: v.clone(),
                user_id: Some(row.5),
                kind,
                shop_id: Some(row.1),
                product_id: None,
                order_id: Some(*order_id),
            };
            rows.push(event(row.6, "order"));
            if row.7 {
                rows.push(event(row.6 + 60_000, "paid"));
            }
        }
        written_events += rows.len();
        insert_events(&mut tx, &rows).await?;
        tx.commit().await?;
        next_order += batch;
    }

    // The rest of the events: visits to the long tail, each a visitor's
    // few minutes in one shop (some views, now and then a cart and a
    // checkout), as people browse.
    while written_events < events {
        let mut rows = Vec::with_capacity(50_000);
        while rows.len() < 50_000 && written_events + rows.len() < events {
            let (_, shop_id, _, _) = products[skewed(&mut dice, products.len())];
            let who = visitor(dice.below(visitors));
            let at = now - dice.below(span as u64) as i64;
            let shop_products = shop_index.get(&shop_id).map(Vec::as_slice).unwrap_or_default();
            for k in 0..1 + dice.below(8) {
                let product_id = shop_products[dice.below(shop_products.len() as u64) as usize];
                let roll = dice.below(100);
                let kind = if roll < 85 {
                    "view"
                } else if roll < 95 {
                    "cart"
                } else {
                    "checkout"
                };
                let at = at + k as i64 * 20_000;
                rows.push(EventRow {
                    at,
                    day: day_of(at),
                    visitor: who.clone(),
                    user_id: None,
                    kind,
                    shop_id: Some(shop_id),
                    product_id: (kind != "checkout").then_some(product_id),
                    order_id: None,
                });
            }
        }
        rows.truncate(events - written_events);
        let mut tx = state.db.begin_write().await?;
        insert_events(&mut tx, &rows).await?;
        tx.commit().await?;
        written_events += rows.len();
    }
    let write_secs = started.elapsed().as_secs_f64();

    let rebuilding = std::time::Instant::now();
    let mut tx = state.db.begin_write().await?;
    app::analytics::service::rebuild(&mut tx, app::server::now_ms())
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    tx.commit().await?;
    Ok(AnalyticsSetup {
        orders,
        events: written_events,
        shoppers,
        big_shop,
        write_secs,
        rebuild_secs: rebuilding.elapsed().as_secs_f64(),
    })
}
