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
