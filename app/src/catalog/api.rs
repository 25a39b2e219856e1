//! Server functions of the catalog.

use super::model::HomeData;
use crate::error::AppError;
use leptos::prelude::*;

/// Categories, featured products and new arrivals for the home page.
#[server(endpoint = "catalog/home")]
pub async fn load_home() -> Result<HomeData, AppError> {
    use crate::server::{use_state, web};
    let state = use_state()?;
    match super::service::home(&state.db).await {
        Ok(data) => Ok(data),
        Err(e) => web::fail(e),
    }
}
