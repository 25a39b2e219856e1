//! Wire types of the accounts domain.

use serde::{Deserialize, Serialize};

/// What the browser may know about the logged-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewerInfo {
    pub display_name: String,
    pub email: String,
    pub is_operator: bool,
    pub is_merchant: bool,
}
