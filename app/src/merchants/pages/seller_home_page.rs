use crate::catalog::messages::CatalogMsg;
use crate::catalog::model::ListingStatus;
use crate::i18n::tr;
use crate::layout::messages::LayoutMsg;
use crate::merchants::api::seller_shops;
use crate::merchants::messages::MerchantsMsg;
use crate::merchants::model::SellerShop;
use crate::merchants::pages::{failure_page, shop_status_msg, NotificationItem};
use crate::ui::messages::UiMsg;
use crate::ui::Stat;
use leptos::prelude::*;
use leptos_meta::Title;

/// One shop: its status and its products by listing status.
#[component]
fn SellerShopCard(shop: SellerShop) -> impl IntoView {
    let stock = shop.stock.clone();
    view! {
        <section class="seller-shop card">
            <header class="seller-shop__head">
                <h2 class="seller-shop__name">{shop.name.clone()}</h2>
                <span class=format!("badge badge--{}", shop.status.as_db())>{tr(shop_status_msg(shop.status))}</span>
                <a class="seller-shop__link" href=format!("/s/{}", shop.slug)>{tr(CatalogMsg::VisitShop)}</a>
            </header>
            <dl class="stats">
                <Stat label=MerchantsMsg::ProductStatusLive value=stock.count(ListingStatus::Live)/>
                <Stat label=MerchantsMsg::ProductStatusPendingReview value=stock.count(ListingStatus::PendingReview)/>
                <Stat label=MerchantsMsg::ProductStatusDraft value=stock.count(ListingStatus::Draft)/>
                <Stat label=MerchantsMsg::ProductStatusRejected value=stock.count(ListingStatus::Rejected)/>
                <Stat label=MerchantsMsg::ProductStatusDelisted value=stock.count(ListingStatus::Delisted)/>
                <Stat label=MerchantsMsg::SkusOutOfStock value=stock.skus_out_of_stock/>
            </dl>
            <div class="seller-panels">
                <section class="seller-panel">
                    <h3><a href="/seller/orders">{tr(MerchantsMsg::OrdersToShip)}</a> " (" {shop.to_ship} ")"</h3>
                </section>
                <section class="seller-panel">
                    <h3><a href="/seller/products">{tr(MerchantsMsg::NeedsAttention)}</a></h3>
                    <p>
                        {tr(MerchantsMsg::ProductStatusRejected)} ": " {stock.count(ListingStatus::Rejected)} " · "
                        {tr(MerchantsMsg::ProductStatusDraft)} ": " {stock.count(ListingStatus::Draft)}
                    </p>
                </section>
                <section class="seller-panel">
                    <h3><a href=format!("/seller/inventory?shop={}&low=true", shop.shop_id)>{tr(MerchantsMsg::LowStock)}</a></h3>
                    {if shop.low_stock.is_empty() {
                        view! { <p>{tr(MerchantsMsg::NothingLow)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list">
                                {shop.low_stock.iter().map(|l| view! {
                                    <li>
                                        <a href=format!("/seller/products/{}", l.product_id)>{l.title.clone()}</a>
                                        " " {l.label.clone()} " — " {tr(MerchantsMsg::ColumnStock)} " " {l.stock}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section class="seller-panel">
                    <h3>
                        <a href=format!("/seller/notifications?shop={}", shop.shop_id)>{tr(MerchantsMsg::Notifications)}</a>
                        " (" {shop.unread} ")"
                    </h3>
                    {if shop.recent.is_empty() {
                        view! { <p>{tr(MerchantsMsg::NoNotifications)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="notifications">
                                {shop.recent.clone().into_iter().map(|note| view! { <NotificationItem note/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </div>
        </section>
    }
}

/// `/seller`: the merchant's shops, each with its products by listing
/// status, orders to ship, listings needing attention, low-stock SKUs and
/// newest notifications.
#[component]
pub fn SellerHomePage() -> impl IntoView {
    let shops = Resource::new(|| (), |_| seller_shops());
    view! {
        <Title text=tr(LayoutMsg::SellerPortal).into_owned()/>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match shops.await {
                    Ok(shops) => view! {
                        <h1>{tr(LayoutMsg::SellerPortal)}</h1>
                        <p>{tr(MerchantsMsg::SellerIntro)}</p>
                        {shops.is_empty().then(|| view! { <p>{tr(MerchantsMsg::NoShopsYet)}</p> })}
                        {shops.into_iter().map(|shop| view! { <SellerShopCard shop/> }).collect_view()}
                    }
                    .into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Suspense>
    }
}
