//! Jishi's server binary: config → tracing → pool → migrate → seed → serve,
//! plus the operator CLI.

use clap::{Parser, Subcommand};
use server::config::Config;

/// mimalloc: rendering allocates many small, short-lived strings from
/// several threads, where glibc's allocator spent a sixth of a product
/// page's CPU (profiled under the benchmark's mixes).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "server", about = "Jishi marketplace server")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the marketplace (the default).
    Serve {
        /// Seed the demo catalog and demo accounts into an empty database.
        #[arg(long, env = "JISHI_DEMO")]
        demo: bool,
    },
    /// Create an operator account (or promote an existing account).
    CreateOperator {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "Operator")]
        name: String,
    },
    /// Seed a catalog of N products into an empty database (benchmarks).
    Seed {
        #[arg(long, default_value_t = 240)]
        products: usize,
    },
    /// Benchmark: time the search engine alone over the database's catalog.
    BenchSearch {
        #[arg(long, default_value_t = 1000)]
        queries: usize,
    },
    /// Benchmark: give COUNT live SKUs STOCK units each; prints their ids.
    BenchStock {
        #[arg(long, default_value_t = 1)]
        count: usize,
        #[arg(long)]
        stock: i64,
    },
    /// Benchmark: staff for the seller portal and the operator's queues: a
    /// merchant owning the shop with the most products, an operator,
    /// APPLICATIONS applications under review and PENDING of that shop's
    /// listings waiting for review. Run once, after `seed`.
    BenchStaff {
        #[arg(long, default_value_t = 1000)]
        applications: usize,
        #[arg(long, default_value_t = 1000)]
        pending: usize,
    },
    /// Benchmark: COUNT published reviews of PRODUCT (with photos,
    /// follow-ups and replies on some), written through the review state
    /// machine; the catalogue's made-up rating of an unreviewed PRODUCT is
    /// dropped first (`--count 0` only that). Run after `seed`, with the
    /// server running or not.
    BenchReviews {
        #[arg(long)]
        product: i64,
        #[arg(long, default_value_t = 10_000)]
        count: usize,
    },
    /// Benchmark: the flash-sale spike's stage: an approved flash item of
    /// UNITS units in a slot open now, and BUYERS shoppers with sessions
    /// and addresses (their tokens written to TOKENS).
    BenchFlash {
        #[arg(long, default_value_t = 10_000)]
        buyers: usize,
        #[arg(long, default_value_t = 100)]
        units: i64,
        #[arg(long)]
        tokens: std::path::PathBuf,
    },
    /// Benchmark: the dashboards' history: ORDERS orders over DAYS days and
    /// EVENTS storefront events written straight into the tables, then
    /// every rollup rebuilt from them. Run once, after `seed`.
    BenchAnalytics {
        #[arg(long, default_value_t = 1_000_000)]
        orders: usize,
        #[arg(long, default_value_t = 10_000_000)]
        events: usize,
        #[arg(long, default_value_t = 90)]
        days: i64,
    },
    /// Benchmark: serve a static 20 KB page from a minimal axum handler (the
    /// machine's ceiling for the page benchmarks).
    Ceiling {
        #[arg(long, default_value = "127.0.0.1:3900")]
        addr: std::net::SocketAddr,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut config = Config::from_env()?;
    server::telemetry::init(config.json_logs);
    match cli.command.unwrap_or(Command::Serve {
        demo: std::env::var("JISHI_DEMO").is_ok_and(|v| v == "1" || v == "true"),
    }) {
        Command::Serve { demo } => {
            // The demo has no mail server: it prints reset links, unless the
            // setting says otherwise. Nothing else prints them by default.
            if demo && std::env::var("JISHI_LOG_RESET_LINKS").is_err() {
                config.app.log_reset_links = true;
            }
            server::serve(config, demo).await
        }
        Command::CreateOperator { email, password, name } => {
            let state = server::prepare(&config).await?;
            match app::accounts::service::create_operator(&state.db, &state.hashing, &email, &name, &password).await {
                Ok(user_id) => {
                    println!("operator {email} ready (user {user_id})");
                    Ok(())
                }
                Err(e) => {
                    let field = e.fields.first().map(|f| f.field.clone()).unwrap_or_default();
                    let message = app::ui::error_message(app::i18n::Locale::En, &e);
                    anyhow::bail!("{field}: {message}")
                }
            }
        }
        Command::BenchSearch { queries } => {
            let state = server::prepare(&config).await?;
            server::load_catalog(&state).await?;
            server::bench::search(&state, queries);
            Ok(())
        }
        Command::Ceiling { addr } => server::bench::ceiling(addr).await,
        Command::BenchStock { count, stock } => {
            let state = server::prepare(&config).await?;
            server::load_catalog(&state).await?;
            let skus = server::bench::stock_skus(&state, count, stock).await?;
            println!("{}", skus.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(","));
            Ok(())
        }
        Command::BenchStaff { applications, pending } => {
            let state = server::prepare(&config).await?;
            let staff = server::bench::staff(&state, applications, pending).await?;
            println!(
                "staff shop_id={} products={} applications={} pending={}",
                staff.shop_id, staff.products, staff.applications, staff.pending
            );
            Ok(())
        }
        Command::BenchFlash { buyers, units, tokens } => {
            let state = server::prepare(&config).await?;
            server::load_catalog(&state).await?;
            let setup = server::bench::flash(&state, buyers, units, &tokens).await?;
            println!(
                "flash item={} product={} units={} buyers={}",
                setup.item, setup.product, setup.units, setup.buyers
            );
            Ok(())
        }
        Command::BenchAnalytics { orders, events, days } => {
            let state = server::prepare(&config).await?;
            let s = server::bench::analytics(&state, orders, events, days).await?;
            println!(
                "analytics orders={} events={} shoppers={} big_shop={} write_s={:.1} rebuild_s={:.1}",
                s.orders, s.events, s.shoppers, s.big_shop, s.write_secs, s.rebuild_secs
            );
            Ok(())
        }
        Command::BenchReviews { product, count } => {
            let state = server::prepare(&config).await?;
            server::seed::reviews::bench_reviews(&state, product, count).await?;
            println!("reviews product={product} count={count}");
            Ok(())
        }
        Command::Seed { products } => {
            let state = server::prepare(&config).await?;
            let seeded = server::seed::seed_catalog(&state, products, false).await?;
            println!(
                "{}",
                if seeded {
                    "seeded"
                } else {
                    "database not empty: nothing seeded"
                }
            );
            Ok(())
        }
    }
}
