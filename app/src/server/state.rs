//! `AppState`: what every request may use, handed to SSR and server functions
//! through context (no global statics).

use super::db::Db;
use super::throttle::Limit;
use crate::error::AppError;
use crate::media::MediaStore;
use leptos::prelude::*;
use std::sync::Arc;

/// Settings read once at start-up (the server crate fills them from the
/// environment); tests change them freely.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// `https://shop.example.com`; canonical links and the cookie's Secure flag follow it.
    pub public_base_url: Option<String>,
    /// What is throttled, and how much.
    pub limits: Limits,
    /// Password hashes running at once, and waiting beyond those.
    pub hash_workers: usize,
    pub hash_queue: usize,
    /// A session unused this long is dead.
    pub session_idle_secs: i64,
    /// A session this old is dead however busy it is.
    pub session_absolute_secs: i64,
    /// Write password-reset links to the log (development has no mail
    /// server). Off unless the demo runs or the setting asks for it.
    pub log_reset_links: bool,
    /// Mail leaves the outbox this long after it was written, sent or not
    /// (a reset link inside is dead after an hour anyway).
    pub outbox_retention_secs: i64,
    /// A guest's cart untouched this long is deleted.
    pub guest_cart_idle_secs: i64,
    /// An order not paid this long after it was placed is cancelled.
    pub order_pay_within_secs: i64,
    /// Most orders one account may have waiting for payment at a time
    /// (each holds its stock until paid or expired).
    pub max_unpaid_orders: i64,
    /// A delivered order the shopper did not confirm completes after this.
    pub order_complete_after_secs: i64,
    /// The clocks of after-sales requests.
    pub after_sales: AfterSalesTimers,
    /// How long Pay waits for the provider's notification before showing
    /// "confirming" (and asking the provider).
    pub payment_wait_ms: u64,
    /// Where payment providers and carriers reach this server
    /// (`https://shop.example.com`); the public URL when unset.
    pub callback_base_url: Option<String>,
    /// Storefront events (views, carts, checkouts) are recorded for the
    /// figures; off only to measure what recording costs.
    pub capture_events: bool,
    /// How often recorded events are written (one transaction each).
    pub capture_flush_ms: u64,
}

/// Every throttle, as `max` attempts per window. Attempts are counted
/// before the work they guard; see `server::throttle`.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Log-ins to one account from one address: tight, since only someone
    /// guessing needs more.
    pub login_per_account_addr: Limit,
    /// Log-ins to one account from browsers that never logged in to it,
    /// across all addresses: looser, it catches guessing spread over many
    /// addresses without locking out the owner's own browsers.
    pub login_per_account: Limit,
    /// Log-ins from one address, whatever the account (credential stuffing).
    pub login_per_addr: Limit,
    pub register_per_addr: Limit,
    pub register_per_email: Limit,
    pub reset_per_addr: Limit,
    pub reset_per_email: Limit,
    /// New guest carts from one address (a cookie-less bot makes one per add).
    pub guest_carts_per_addr: Limit,
    /// Review form posts per account (each may carry six photos to decode).
    pub review_posts_per_account: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            login_per_account_addr: Limit::new(5, 900),
            login_per_account: Limit::new(30, 900),
            login_per_addr: Limit::new(50, 900),
            register_per_addr: Limit::new(10, 3600),
            register_per_email: Limit::new(3, 3600),
            reset_per_addr: Limit::new(10, 3600),
            reset_per_email: Limit::new(3, 3600),
            guest_carts_per_addr: Limit::new(60, 3600),
            review_posts_per_account: Limit::new(30, 3600),
        }
    }
}

impl Limits {
    /// Every limit with its setting's name, for the configuration and the
    /// README (`JISHI_LIMIT_<NAME>=max/window_secs`).
    pub fn named_mut(&mut self) -> [(&'static str, &mut Limit); 9] {
        [
            ("LOGIN_PER_ACCOUNT_ADDR", &mut self.login_per_account_addr),
            ("LOGIN_PER_ACCOUNT", &mut self.login_per_account),
            ("LOGIN_PER_ADDR", &mut self.login_per_addr),
            ("REGISTER_PER_ADDR", &mut self.register_per_addr),
            ("REGISTER_PER_EMAIL", &mut self.register_per_email),
            ("RESET_PER_ADDR", &mut self.reset_per_addr),
            ("RESET_PER_EMAIL", &mut self.reset_per_email),
            ("GUEST_CARTS_PER_ADDR", &mut self.guest_carts_per_addr),
            ("REVIEW_POSTS_PER_ACCOUNT", &mut self.review_posts_per_account),
        ]
    }

    /// Limits so wide that nothing is throttled (load tests, browser tests).
    pub fn relaxed() -> Limits {
        let mut limits = Limits::default();
        for (_, limit) in limits.named_mut() {
            limit.max = 1_000_000;
        }
        limits
    }
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            public_base_url: None,
            limits: Limits::default(),
            hash_workers: crate::accounts::hashing::default_workers(),
            hash_queue: 16,
            session_idle_secs: 7 * 24 * 3600,
            session_absolute_secs: 30 * 24 * 3600,
            log_reset_links: false,
            outbox_retention_secs: 24 * 3600,
            guest_cart_idle_secs: 30 * 24 * 3600,
            order_pay_within_secs: 30 * 60,
            max_unpaid_orders: 20,
            order_complete_after_secs: 7 * 24 * 3600,
            after_sales: AfterSalesTimers::default(),
            payment_wait_ms: 3_000,
            callback_base_url: None,
            capture_events: true,
            capture_flush_ms: 2_000,
        }
    }
}

impl AppConfig {
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// The URL a provider or carrier posts a callback for `path` to.
    pub fn callback_url(&self, path: &str) -> String {
        match &self.callback_base_url {
            Some(base) => format!("{}{}", base.trim_end_matches('/'), path),
            None => self.absolute_url(path),
        }
    }

    /// Absolute URL for a path, for links in mail and canonical tags.
    pub fn absolute_url(&self, path: &str) -> String {
        let base = self.public_base_url.as_deref().unwrap_or("http://127.0.0.1:3000");
        format!("{}{}", base.trim_end_matches('/'), path)
    }
}

/// Names of the hashed static files cargo-leptos wrote (`hash.txt`).
#[derive(Clone, Debug)]
pub struct AssetNames {
    pub css: String,
    /// `pkg/jishi.<hash>` without the extension, as the boot script wants.
    pub js_stem: String,
    pub wasm_stem: String,
    pub pkg_dir: String,
}

impl AssetNames {
    /// Reads `hash.txt` beside the executable, as Leptos itself does for the
    /// JS and WASM names; without it the plain names are served.
    pub fn discover(output_name: &str, pkg_dir: &str) -> Self {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        let hashed = |kind: &str| {
            hashes
                .lines()
                .filter_map(|line| line.trim().split_once(':'))
                .find(|(k, _)| *k == kind)
                .map(|(_, hash)| format!("{output_name}.{}", hash.trim()))
                .unwrap_or_else(|| output_name.to_string())
        };
        AssetNames {
            css: format!("/{pkg_dir}/{}.css", hashed("css")),
            js_stem: hashed("js"),
            wasm_stem: hashed("wasm"),
            pkg_dir: pkg_dir.to_string(),
        }
    }
}

/// Everything a request may need, shared by all of them: one `Arc`, so
/// the copies that every layer and extractor takes cost one count each.
/// (A struct of fifteen handles and the Leptos options cloned field by
/// field, and dropped, per layer, was a seventh of the server's CPU under
/// the flash-sale spike.) Fields read through `Deref`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }

    /// The shared part to change before anyone else holds it (a test's own
    /// payment gateway, before serving); `None` once shared, rather than a
    /// silent copy that the rest of the server would not see.
    pub fn shared_mut(&mut self) -> Option<&mut Shared> {
        Arc::get_mut(&mut self.0)
    }

    /// A copy of the state with other settings (the demo seed pays without
    /// waiting for the gateway's notification).
    pub fn with_config(&self, config: AppConfig) -> AppState {
        AppState::new(Shared {
            config: Arc::new(config),
            ..(*self.0).clone()
        })
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}
#[derive(Clone)]
pub struct Shared {
    pub db: Db,
    pub config: Arc<AppConfig>,
    pub leptos_options: LeptosOptions,
    pub media: MediaStore,
    /// Private files (merchants' documents): never served by `/media/`.
    pub documents: MediaStore,
    /// Uploads decoded at once (per server: decoding is this machine's
    /// memory; one at a time keeps it under the bound, see `media::upload`).
    pub uploads: Arc<tokio::sync::Semaphore>,
    pub assets: Arc<AssetNames>,
    /// Search index and category tree (in-process, following the database).
    pub catalog: Arc<crate::catalog::runtime::CatalogRuntime>,
    /// Sessions confirmed moments ago (per server; the database decides).
    pub sessions: Arc<crate::accounts::session_cache::SessionCache>,
    /// Password hashing, bounded (per server: it is this machine's memory).
    pub hashing: Arc<crate::accounts::hashing::PasswordHashing>,
    /// The payment provider (the built-in test gateway unless configured).
    pub payments: Arc<dyn crate::payments::provider::PaymentProvider>,
    /// Payments this server is waiting on (per server; the database decides).
    pub confirmations: Arc<crate::payments::service::Confirmations>,
    /// Live flash-sale items and the units believed left (per server; the
    /// database decides, see `promotions::flash`).
    pub flash: Arc<crate::promotions::flash::FlashBoard>,
    /// The running group buys, by product (per server, reloaded every few
    /// seconds, see `promotions::group`).
    pub groups: Arc<crate::promotions::group::GroupBoard>,
    /// Rendered Reviews sections (per server, current by version).
    pub reviews_html: Arc<crate::reviews::fragment::ReviewsHtml>,
    /// The key carrier notices are signed with (`platform_secret`, read once).
    pub carrier_secret: Arc<Vec<u8>>,
    /// Storefront events waiting to be written (per server, written in
    /// batches every moment, see `analytics::capture`).
    pub capture: Arc<crate::analytics::capture::Capture>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state, inside a server function or a server render.
pub fn use_state() -> Result<AppState, AppError> {
    crate::context::use_context::<AppState>().ok_or_else(|| {
        // A server function still running for a request its client left
        // finds no context at all (the request's owners are gone): nobody
        // reads this answer. Only a live request without the state is a
        // fault worth an error.
        if crate::server::web::request_parts().is_some() {
            tracing::error!("AppState missing from context");
        } else {
            tracing::debug!("AppState missing: the request has gone");
        }
        AppError::internal("no-state".into())
    })
}

/// How long each side of an after-sales request has before the platform
/// acts for it (all in seconds).
#[derive(Clone, Copy, Debug)]
pub struct AfterSalesTimers {
    /// A request the shop has not answered is agreed after this (48 hours).
    pub respond_secs: i64,
    /// An agreed return the shopper has not sent back closes after this.
    pub ship_back_secs: i64,
    /// A parcel back with no delivery notice counts as arrived after this.
    pub transit_secs: i64,
    /// A parcel back the shop has not confirmed is refunded this long
    /// after it arrived (7 days).
    pub confirm_secs: i64,
    /// Requests other than no-reason returns may be made this long after
    /// delivery.
    pub window_secs: i64,
}

impl Default for AfterSalesTimers {
    fn default() -> Self {
        const DAY: i64 = 86_400;
        AfterSalesTimers {
            respond_secs: 2 * DAY,
            ship_back_secs: 7 * DAY,
            transit_secs: 7 * DAY,
            confirm_secs: 7 * DAY,
            window_secs: 15 * DAY,
        }
    }
}
