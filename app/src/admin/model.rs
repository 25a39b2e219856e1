//! Wire types of the operator console.

use serde::{Deserialize, Serialize};

/// The platform at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformSummary {
    pub users: i64,
    pub shops: i64,
    pub products: i64,
    pub live_products: i64,
}

/// One decision or change in the console's audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub event_id: i64,
    /// The kind of thing (`application`, `shop`, `order`, …).
    pub subject: String,
    pub subject_id: i64,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub actor_kind: String,
    /// The acting person's email, when a person acted.
    pub actor_email: Option<String>,
    pub reason: String,
    pub at_ms: i64,
}

/// One page of the audit log, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub lines: Vec<AuditLine>,
    /// Where the next (older) page starts, if there is one.
    pub older_than: Option<i64>,
    /// The operator email the log was narrowed to was not found.
    pub unknown_operator: bool,
}

/// The kinds of thing the audit log can be narrowed to.
pub const AUDIT_KINDS: [&str; 4] = ["application", "shop", "product", "order"];
