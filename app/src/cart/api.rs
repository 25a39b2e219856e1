//! Server functions of the cart. Each resolves the caller's own cart (the
//! account's, or the guest cookie's) and never takes a cart id from outside.

use super::model::CartView;
use crate::error::AppError;
use leptos::prelude::*;

/// The cookie that binds a guest to their cart.
pub const CART_COOKIE: &str = "jishi_cart";

#[cfg(feature = "ssr")]
fn owner(create: bool) -> Option<super::service::CartOwner> {
    use super::service::CartOwner;
    use crate::server::web::{cookie, request_parts, session_cookie, set_cookie};
    if let Some(v) = crate::server::viewer() {
        return Some(CartOwner::User(v.user_id));
    }
    let token = request_parts()
        .and_then(|p| cookie(&p.headers, CART_COOKIE))
        .filter(|t| t.len() == 43);
    match token {
        Some(t) => Some(CartOwner::Guest(t)),
        None if create => {
            let t = crate::accounts::service::new_token();
            let secure = crate::server::use_state()
                .map(|s| s.config.secure_cookies())
                .unwrap_or(false);
            set_cookie(session_cookie(CART_COOKIE, &t, 30 * 24 * 3600, secure));
            Some(CartOwner::Guest(t))
        }
        None => None,
    }
}

/// At log-in: the guest's cart (if any) joins the account's, and the guest
/// cookie is cleared.
#[cfg(feature = "ssr")]
pub async fn adopt_guest_cart(state: &crate::server::AppState, user_id: i64) -> Result<(), AppError> {
    use crate::server::web::{cookie, request_parts, session_cookie, set_cookie};
    if let Some(token) = request_parts().and_then(|p| cookie(&p.headers, CART_COOKIE)) {
        super::service::merge_guest_into_user(&state.db, &token, user_id).await?;
        set_cookie(session_cookie(CART_COOKIE, "", 0, state.config.secure_cookies()));
    }
    Ok(())
}

/// Adds the chosen variant of a product; returns the cart's item count.
#[server(endpoint = "cart/add")]
pub async fn add_to_cart(
    product_id: i64,
    option1: Option<String>,
    option2: Option<String>,
    quantity: String,
) -> Result<i64, AppError> {
    use crate::server::{use_state, web};
    let state = use_state()?;
    let Some(owner) = owner(true) else {
        return web::fail(AppError::new(crate::error::ErrorCode::Internal));
    };
    match super::service::add(
        &state.db,
        &owner,
        product_id,
        option1.as_deref(),
        option2.as_deref(),
        &quantity,
    )
    .await
    {
        Ok(count) => {
            web::redirect_form_post("/cart");
            Ok(count)
        }
        Err(e) => web::fail(e.echo(&[("quantity", &quantity)])),
    }
}

/// Changes a line's quantity (capped by stock).
#[server(endpoint = "cart/set_quantity")]
pub async fn set_cart_quantity(sku_id: i64, quantity: String) -> Result<i64, AppError> {
    use crate::server::{use_state, web};
    let state = use_state()?;
    let Some(owner) = owner(false) else {
        return web::fail(AppError::new(crate::error::ErrorCode::NotFound));
    };
    match super::service::set_quantity(&state.db, &owner, sku_id, &quantity).await {
        Ok(count) => {
            web::redirect_form_post("/cart");
            Ok(count)
        }
        Err(e) => web::fail(e),
    }
}

/// Removes a line.
#[server(endpoint = "cart/remove")]
pub async fn remove_from_cart(sku_id: i64) -> Result<i64, AppError> {
    use crate::server::{use_state, web};
    let state = use_state()?;
    let Some(owner) = owner(false) else { return Ok(0) };
    match super::service::remove(&state.db, &owner, sku_id).await {
        Ok(count) => {
            web::redirect_form_post("/cart");
            Ok(count)
        }
        Err(e) => web::fail(e),
    }
}

/// The caller's cart.
#[server(endpoint = "cart/view")]
pub async fn load_cart() -> Result<CartView, AppError> {
    use crate::server::{use_state, web};
    let state = use_state()?;
    let Some(owner) = owner(false) else {
        return Ok(CartView {
            groups: Vec::new(),
            total_minor: 0,
            count: 0,
        });
    };
    match super::service::view(&state.db, &owner).await {
        Ok(v) => Ok(v),
        Err(e) => web::fail(e),
    }
}

/// Items in the caller's cart, for the header.
#[server(endpoint = "cart/count")]
pub async fn cart_count() -> Result<i64, AppError> {
    use crate::server::{use_state, web};
    let state = use_state()?;
    let Some(owner) = owner(false) else { return Ok(0) };
    match super::service::count(&state.db, &owner).await {
        Ok(c) => Ok(c),
        Err(e) => web::fail(e),
    }
}

/// The header's cart count, refreshed after every cart change on the page.
#[derive(Clone, Copy)]
pub struct CartState {
    version: RwSignal<u64>,
    pub count: Resource<Result<i64, AppError>>,
}

impl CartState {
    pub fn new() -> Self {
        let version = RwSignal::new(0u64);
        let count = Resource::new(move || version.get(), |_| cart_count());
        CartState { version, count }
    }

    /// Ask again (after an add, a change or a removal).
    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }

    pub fn version(&self) -> u64 {
        self.version.get()
    }
}

impl Default for CartState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_cart() -> CartState {
    use_context::<CartState>().unwrap_or_default()
}
