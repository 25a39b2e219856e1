//! Catalog pages.

mod category_page;
mod home_page;
mod product_page;
mod search_page;
mod shop_page;

pub use category_page::CategoryPage;
pub use home_page::HomePage;
pub use product_page::ProductPage;
pub use search_page::SearchPage;
pub use shop_page::ShopPage;

use crate::error::{AppError, ErrorCode};
use crate::ui::{ErrorPage, NotFoundPage};
use leptos::prelude::*;

/// The page for a failed load: 404 for what does not exist, else the error page.
pub(crate) fn failure_view(err: &AppError) -> AnyView {
    if err.code == ErrorCode::NotFound {
        view! { <NotFoundPage/> }.into_any()
    } else {
        view! { <ErrorPage/> }.into_any()
    }
}

/// Canonical URL of a path on this site.
pub(crate) fn canonical(path: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        if let Some(state) = crate::context::use_context::<crate::server::AppState>() {
            return state.config.absolute_url(path);
        }
    }
    path.to_string()
}
