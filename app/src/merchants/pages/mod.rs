//! Onboarding (`/sell`) and the seller portal's pages (`/seller/…`, shown
//! inside `SellerLayout`).

mod sell_page;
mod seller_home_page;
mod seller_inventory_page;
mod seller_members_page;
mod seller_notifications_page;
mod seller_product_page;
mod seller_products_page;
mod seller_profile_page;

pub use sell_page::SellPage;
pub use seller_home_page::SellerHomePage;
pub use seller_inventory_page::SellerInventoryPage;
pub use seller_members_page::SellerMembersPage;
pub use seller_notifications_page::{NotificationItem, SellerNotificationsPage};
pub use seller_product_page::SellerProductPage;
pub use seller_products_page::SellerProductsPage;
pub use seller_profile_page::SellerProfilePage;

use crate::catalog::model::ListingStatus;
use crate::error::{AppError, ErrorCode};
use crate::merchants::messages::MerchantsMsg;
use crate::merchants::model::ShopStatus;
use crate::ui::{ErrorPage, ForbiddenPage, NotFoundPage};
use leptos::prelude::*;

/// The words for a shop status.
pub fn shop_status_msg(status: ShopStatus) -> MerchantsMsg {
    match status {
        ShopStatus::Active => MerchantsMsg::ShopStatusActive,
        ShopStatus::Suspended => MerchantsMsg::ShopStatusSuspended,
    }
}

/// The words for a product's listing status.
pub fn product_status_msg(status: ListingStatus) -> MerchantsMsg {
    match status {
        ListingStatus::Draft => MerchantsMsg::ProductStatusDraft,
        ListingStatus::PendingReview => MerchantsMsg::ProductStatusPendingReview,
        ListingStatus::Live => MerchantsMsg::ProductStatusLive,
        ListingStatus::Rejected => MerchantsMsg::ProductStatusRejected,
        ListingStatus::Delisted => MerchantsMsg::ProductStatusDelisted,
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
