//! Server functions of the cart. Each resolves the caller's own cart (the
//! account's, or the guest cookie's) and never takes a cart id from outside.

use super::model::CartView;
use crate::error::AppError;
use leptos::prelude::*;

/// The cookie that binds a guest to their cart.
pub const CART_COOKIE: &str = "jishi_cart";

/// The caller's cart owner, if they have a cart or an account.
#[cfg(feature = "ssr")]
fn owner() -> Option<super::service::CartOwner> {
    use super::service::CartOwner;
    use crate::server::web::{cookie, request_parts};
    if let Some(v) = crate::server::viewer() {
        return Some(CartOwner::User(v.user_id));
    }
    request_parts()
        .and_then(|p| cookie(&p.headers, CART_COOKIE))
        .filter(|t| t.len() == 43)
        .map(CartOwner::Guest)
}

/// The caller's cart owner, making a guest cart for a newcomer. New guest
/// carts are throttled per address: a client that drops its cookie makes a
/// new cart with every add, and each is kept for 30 days.
#[cfg(feature = "ssr")]
async fn owner_or_new_guest(state: &crate::server::AppState) -> Result<super::service::CartOwner, AppError> {
    use crate::server::throttle::{self, Rule};
    use crate::server::web::{client_addr, session_cookie, set_cookie};
    if let Some(owner) = owner() {
        return Ok(owner);
    }
    let addr = client_addr().map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
    let rule = Rule::new(format!("cart:addr:{addr}"), state.config.limits.guest_carts_per_addr);
    throttle::count_attempt(&state.db, &[rule], crate::server::now_ms()).await?;
    let token = crate::accounts::service::new_token();
    let max_age = state.config.guest_cart_idle_secs;
    set_cookie(session_cookie(
        CART_COOKIE,
        &token,
        max_age,
        state.config.secure_cookies(),
    ));
    Ok(super::service::CartOwner::Guest(token))
}

/// At log-in: the guest's cart (if any) joins the account's, and the guest
/// cookie is cleared.
#[cfg(feature = "ssr")]
pub async fn adopt_guest_cart(state: &crate::server::AppState, user_id: i64) -> Result<(), AppError> {
    use crate::server::web::{cookie, request_parts, session_cookie, set_cookie};
    if let Some(token) = request_parts().and_then(|p| cookie(&p.headers, CART_COOKIE)) {
        let mut tx = state.db.begin_write().await?;
        super::service::merge_guest_into_user(&mut tx, &token, user_id).await?;
        tx.commit().await?;
        set_cookie(session_cookie(CART_COOKIE, "", 0, state.config.secure_cookies()));
    }
    Ok(())
}

/// Adds a SKU to the caller's cart; returns the cart's item count.
///
/// Callers that know the SKU send `sku_id`. The product page's form, which
/// must work without JavaScript, sends the product and the value chosen in
/// each radio group (`option_1` … `option_3`), and the catalog names the
/// SKU; everything after that addresses the SKU by its id.
#[server(endpoint = "cart/add")]
pub async fn add_to_cart(
    #[server(default)] sku_id: Option<i64>,
    #[server(default)] product_id: Option<i64>,
    #[server(default)] option_1: Option<i64>,
    #[server(default)] option_2: Option<i64>,
    #[server(default)] option_3: Option<i64>,
    quantity: String,
) -> Result<i64, AppError> {
    use super::domain::Quantity;
    use crate::error::ErrorCode;
    use crate::server::{use_state, web};
    let result = async {
        let state = use_state()?;
        let quantity =
            Quantity::parse(&quantity).map_err(|c| AppError::field("quantity", c).echo(&[("quantity", &quantity)]))?;
        let owner = owner_or_new_guest(&state).await?;
        let mut tx = state.db.begin_write().await?;
        let sku_id = match (sku_id, product_id) {
            (Some(sku), _) => sku,
            (None, Some(product)) => {
                let choice: Vec<i64> = [option_1, option_2, option_3].into_iter().flatten().collect();
                crate::catalog::service::sku_for_choice(&mut tx, product, &choice).await?
            }
            (None, None) => return Err(AppError::new(ErrorCode::BadRequest)),
        };
        let count = super::service::add(&mut tx, &owner, sku_id, quantity).await?;
        let product = crate::analytics::db::product_of_sku(&mut *tx, sku_id).await?;
        tx.commit().await?;
        if let Some((product_id, shop_id)) = product {
            use crate::analytics::{capture::record_here, service::EventKind};
            let viewer = crate::server::viewer().map(|v| v.user_id);
            record_here(EventKind::Cart, viewer, Some(shop_id), Some(product_id));
        }
        Ok(count)
    }
    .await;
    web::finish(result, "/cart")
}

/// Changes a line's quantity (capped by stock).
#[server(endpoint = "cart/set_quantity")]
pub async fn set_cart_quantity(sku_id: i64, quantity: String) -> Result<i64, AppError> {
    use super::domain::Quantity;
    use crate::error::ErrorCode;
    use crate::server::{use_state, web};
    let result = async {
        let state = use_state()?;
        let quantity = Quantity::parse(&quantity).map_err(|c| AppError::field("quantity", c))?;
        let owner = owner().ok_or(AppError::new(ErrorCode::NotFound))?;
        let mut tx = state.db.begin_write().await?;
        let count = super::service::set_quantity(&mut tx, &owner, sku_id, quantity).await?;
        tx.commit().await?;
        Ok(count)
    }
    .await;
    web::finish(result, "/cart")
}

/// Takes a line at today's price (after the cart said the price changed).
#[server(endpoint = "cart/accept_price")]
pub async fn accept_new_price(sku_id: i64) -> Result<(), AppError> {
    use crate::error::ErrorCode;
    use crate::server::{use_state, web};
    let result = async {
        let state = use_state()?;
        let owner = owner().ok_or(AppError::new(ErrorCode::NotFound))?;
        let mut tx = state.db.begin_write().await?;
        super::service::accept_price(&mut tx, &owner, sku_id).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    web::finish(result, "/cart")
}

/// Removes a line.
#[server(endpoint = "cart/remove")]
pub async fn remove_from_cart(sku_id: i64) -> Result<i64, AppError> {
    use crate::server::{use_state, web};
    let result = async {
        let state = use_state()?;
        let Some(owner) = owner() else { return Ok(0) };
        let mut tx = state.db.begin_write().await?;
        let count = super::service::remove(&mut tx, &owner, sku_id).await?;
        tx.commit().await?;
        Ok(count)
    }
    .await;
    web::finish(result, "/cart")
}

/// The caller's cart.
#[server(endpoint = "cart/view")]
pub async fn load_cart() -> Result<CartView, AppError> {
    use crate::server::{use_state, web};
    let result = async {
        let state = use_state()?;
        let Some(owner) = owner() else {
            return Ok(CartView {
                groups: Vec::new(),
                total_minor: 0,
                count: 0,
            });
        };
        super::service::view(&mut *state.db.read().await?, &owner).await
    }
    .await;
    web::answer(result)
}

/// Items in the caller's cart, for the header.
#[server(endpoint = "cart/count")]
pub async fn cart_count() -> Result<i64, AppError> {
    use crate::server::{use_state, web};
    let result = async {
        let state = use_state()?;
        let Some(owner) = owner() else { return Ok(0) };
        super::service::count(&mut *state.db.read().await?, &owner).await
    }
    .await;
    web::answer(result)
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
    crate::context::use_context::<CartState>().unwrap_or_default()
}
