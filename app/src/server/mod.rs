//! Server-only plumbing shared by every domain: state, database handle,
//! request helpers and the authorization checks server functions start with.

pub mod audit;
pub mod auth;
pub mod db;
pub mod jobs;
pub mod signing;
pub mod state;
pub mod throttle;
pub mod web;

pub use auth::{require_merchant, require_operator, require_user, viewer, Viewer};
pub use db::{now_ms, Conn, Db, Dialect, Tx};
pub use state::{use_state, AfterSalesTimers, AppConfig, AppState, AssetNames, Limits};
