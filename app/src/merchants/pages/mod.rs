//! Seller portal pages (`/seller/…`), shown inside `SellerLayout`.

mod seller_home_page;
mod seller_products_page;

pub use seller_home_page::SellerHomePage;
pub use seller_products_page::SellerProductsPage;

use crate::error::{AppError, ErrorCode};
use crate::i18n::Msg;
use crate::ui::{ErrorPage, ForbiddenPage, NotFoundPage};
use leptos::prelude::*;

/// The words for a shop status as stored (`active`, `suspended`).
pub fn shop_status_msg(status: &str) -> Msg {
    match status {
        "suspended" => Msg::ShopStatusSuspended,
        _ => Msg::ShopStatusActive,
    }
}

/// The words for a product listing status as stored.
pub fn product_status_msg(status: &str) -> Msg {
    match status {
        "draft" => Msg::ProductStatusDraft,
        "pending_review" => Msg::ProductStatusPendingReview,
        "rejected" => Msg::ProductStatusRejected,
        "delisted" => Msg::ProductStatusDelisted,
        _ => Msg::ProductStatusLive,
    }
}

/// The status page for a failed staff read: 403 for a refusal, 404 for
/// something that is not there (or not the caller's), 500 otherwise.
pub fn failure_page(err: &AppError) -> AnyView {
    match err.code {
        ErrorCode::Forbidden | ErrorCode::Unauthorized => view! { <ForbiddenPage/> }.into_any(),
        ErrorCode::NotFound => view! { <NotFoundPage/> }.into_any(),
        _ => view! { <ErrorPage/> }.into_any(),
    }
}
