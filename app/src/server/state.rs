//! `AppState`: what every request may use, handed to SSR and server functions
//! through context (no global statics).

use super::db::Db;
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
    /// Failed log-ins allowed per account within the window before refusing.
    pub login_max_per_account: u32,
    /// Failed log-ins allowed per client address within the window.
    pub login_max_per_addr: u32,
    pub login_window_secs: i64,
    /// A session unused this long is dead.
    pub session_idle_secs: i64,
    /// A session this old is dead however busy it is.
    pub session_absolute_secs: i64,
    /// Write password-reset links to the log (development has no mail server).
    pub log_reset_links: bool,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            public_base_url: None,
            login_max_per_account: 5,
            login_max_per_addr: 50,
            login_window_secs: 60,
            session_idle_secs: 7 * 24 * 3600,
            session_absolute_secs: 30 * 24 * 3600,
            log_reset_links: true,
        }
    }
}

impl AppConfig {
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
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

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<AppConfig>,
    pub leptos_options: LeptosOptions,
    pub media: MediaStore,
    pub assets: Arc<AssetNames>,
    /// Search index and category tree (in-process, following the database).
    pub catalog: Arc<crate::catalog::runtime::CatalogRuntime>,
    /// Sessions confirmed moments ago (per server; the database decides).
    pub sessions: Arc<crate::accounts::session_cache::SessionCache>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state, inside a server function or a server render.
pub fn use_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::internal("no-state".into())
    })
}
