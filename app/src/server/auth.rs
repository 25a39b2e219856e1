//! Who is asking. The server's middleware resolves the session cookie once per
//! request into a `Viewer` in the request's extensions; every server function
//! starts with one of the `require_*` checks below.

use super::web::fail;
use crate::error::{AppError, ErrorCode};

/// The logged-in person behind a request.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub is_operator: bool,
    /// Shops this person may act for as a merchant.
    pub shop_ids: Vec<i64>,
    /// Hash of the session token, to revoke exactly this session.
    pub session_hash: String,
}

/// The viewer of the current request, if logged in.
pub fn viewer() -> Option<Viewer> {
    super::web::request_parts().and_then(|p| p.extensions.get::<Viewer>().cloned())
}

/// Any logged-in person.
pub fn require_user() -> Result<Viewer, AppError> {
    match viewer() {
        Some(v) => Ok(v),
        None => fail(AppError::new(ErrorCode::Unauthorized)),
    }
}

/// Platform operators only.
pub fn require_operator() -> Result<Viewer, AppError> {
    let viewer = require_user()?;
    if viewer.is_operator {
        Ok(viewer)
    } else {
        fail(AppError::new(ErrorCode::Forbidden))
    }
}

/// A merchant acting for `shop_id` (and only that shop).
pub fn require_merchant(shop_id: i64) -> Result<Viewer, AppError> {
    let viewer = require_user()?;
    if viewer.shop_ids.contains(&shop_id) {
        Ok(viewer)
    } else {
        fail(AppError::new(ErrorCode::Forbidden))
    }
}
