//! Configuration from the environment, with safe defaults.

use app::server::throttle::Limit;
use app::server::AppConfig;
use leptos::config::LeptosOptions;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

/// Everything the server reads from the environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// `JISHI_ADDR`; wins over cargo-leptos's `LEPTOS_SITE_ADDR`.
    pub addr: SocketAddr,
    /// `DATABASE_URL`; SQLite under `./data/` when unset.
    pub database_url: String,
    /// `JISHI_MEDIA_DIR`, default `./data/media`.
    pub media_dir: PathBuf,
    /// Private uploads (merchants' documents), apart from public media.
    pub documents_dir: PathBuf,
    /// `JISHI_TRUSTED_PROXIES`: comma-separated addresses whose
    /// `X-Forwarded-For` we believe.
    pub trusted_proxies: Vec<IpAddr>,
    /// `JISHI_LOG_FORMAT=json` for machine-read logs.
    pub json_logs: bool,
    pub app: AppConfig,
    pub leptos: LeptosOptions,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn parsed<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match var(name) {
        Some(v) => v.parse().map_err(|_| anyhow::anyhow!("{name}={v:?} is not valid")),
        None => Ok(default),
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        let defaults = AppConfig::default();
        let addr = match var("JISHI_ADDR").or_else(|| var("LEPTOS_SITE_ADDR")) {
            Some(a) => a
                .parse()
                .map_err(|_| anyhow::anyhow!("JISHI_ADDR={a:?} is not host:port"))?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };
        let trusted_proxies = var("JISHI_TRUSTED_PROXIES")
            .map(|v| {
                v.split(',')
                    .map(|p| p.trim().parse())
                    .collect::<Result<Vec<IpAddr>, _>>()
            })
            .transpose()
            .map_err(|_| anyhow::anyhow!("JISHI_TRUSTED_PROXIES must list IP addresses"))?
            .unwrap_or_default();
        let public_base_url = var("JISHI_PUBLIC_URL").map(|u| u.trim_end_matches('/').to_string());
        if let Some(url) = &public_base_url {
            anyhow::ensure!(
                url.starts_with("http://") || url.starts_with("https://"),
                "JISHI_PUBLIC_URL must start with http:// or https://"
            );
        }
        let mut limits = defaults.limits.clone();
        for (name, limit) in limits.named_mut() {
            let key = format!("JISHI_LIMIT_{name}");
            if let Some(raw) = var(&key) {
                *limit = Limit::parse(&raw).ok_or_else(|| anyhow::anyhow!("{key}={raw:?} is not max/window_secs"))?;
            }
        }
        let app = AppConfig {
            public_base_url,
            limits,
            hash_workers: parsed("JISHI_HASH_WORKERS", defaults.hash_workers)?,
            hash_queue: parsed("JISHI_HASH_QUEUE", defaults.hash_queue)?,
            session_idle_secs: parsed("JISHI_SESSION_IDLE_SECS", defaults.session_idle_secs)?,
            session_absolute_secs: parsed("JISHI_SESSION_MAX_SECS", defaults.session_absolute_secs)?,
            log_reset_links: parsed("JISHI_LOG_RESET_LINKS", false)?,
            outbox_retention_secs: parsed("JISHI_OUTBOX_RETENTION_SECS", defaults.outbox_retention_secs)?,
            guest_cart_idle_secs: parsed::<i64>("JISHI_GUEST_CART_IDLE_DAYS", defaults.guest_cart_idle_secs / 86_400)?
                * 86_400,
            order_pay_within_secs: parsed::<i64>("JISHI_ORDER_PAY_MINUTES", defaults.order_pay_within_secs / 60)? * 60,
            max_unpaid_orders: parsed("JISHI_MAX_UNPAID_ORDERS", defaults.max_unpaid_orders)?,
            order_complete_after_secs: parsed::<i64>(
                "JISHI_ORDER_COMPLETE_DAYS",
                defaults.order_complete_after_secs / 86_400,
            )? * 86_400,
            after_sales: app::server::AfterSalesTimers {
                respond_secs: parsed::<i64>(
                    "JISHI_AFTER_SALE_RESPOND_HOURS",
                    defaults.after_sales.respond_secs / 3_600,
                )? * 3_600,
                ship_back_secs: parsed::<i64>("JISHI_RETURN_SHIP_DAYS", defaults.after_sales.ship_back_secs / 86_400)?
                    * 86_400,
                transit_secs: parsed::<i64>("JISHI_RETURN_TRANSIT_DAYS", defaults.after_sales.transit_secs / 86_400)?
                    * 86_400,
                confirm_secs: parsed::<i64>("JISHI_RETURN_CONFIRM_DAYS", defaults.after_sales.confirm_secs / 86_400)?
                    * 86_400,
                window_secs: parsed::<i64>("JISHI_AFTER_SALES_DAYS", defaults.after_sales.window_secs / 86_400)?
                    * 86_400,
            },
            payment_wait_ms: defaults.payment_wait_ms,
            callback_base_url: var("JISHI_CALLBACK_URL").map(|u| u.trim_end_matches('/').to_string()),
            capture_events: parsed("JISHI_CAPTURE_EVENTS", defaults.capture_events)?,
            capture_flush_ms: parsed("JISHI_CAPTURE_FLUSH_MS", defaults.capture_flush_ms)?,
        };
        anyhow::ensure!(
            (10..=60_000).contains(&app.capture_flush_ms),
            "JISHI_CAPTURE_FLUSH_MS must be from 10 to 60000"
        );
        anyhow::ensure!(
            app.order_pay_within_secs > 0,
            "JISHI_ORDER_PAY_MINUTES must be at least 1"
        );
        anyhow::ensure!(
            app.order_complete_after_secs > 0,
            "JISHI_ORDER_COMPLETE_DAYS must be at least 1"
        );
        let timers = app.after_sales;
        anyhow::ensure!(
            [
                timers.respond_secs,
                timers.ship_back_secs,
                timers.transit_secs,
                timers.confirm_secs,
                timers.window_secs
            ]
            .iter()
            .all(|s| *s > 0),
            "after-sales timers must be at least 1"
        );
        Ok(Config {
            addr,
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/jishi.db?mode=rwc".to_string()),
            media_dir: var("JISHI_MEDIA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("data/media")),
            documents_dir: var("JISHI_DOCUMENTS_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("data/documents")),
            trusted_proxies,
            json_logs: var("JISHI_LOG_FORMAT").as_deref() == Some("json"),
            app,
            leptos: leptos_options(addr),
        })
    }
}

/// Leptos's own settings: cargo-leptos passes them as `LEPTOS_*` variables;
/// run directly, the binary uses the same values as `Cargo.toml`.
pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let hash_file_present = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|| "jishi".into()))
        .site_root(var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".into()))
        .site_addr(addr)
        .hash_files(
            var("LEPTOS_HASH_FILES")
                .map(|v| v == "true")
                .unwrap_or(hash_file_present),
        )
        .build()
}
