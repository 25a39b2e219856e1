use crate::catalog::messages::CatalogMsg;
use crate::catalog::model::ListingStatus;
use crate::i18n::tr;
use crate::layout::messages::LayoutMsg;
use crate::merchants::api::seller_shops;
use crate::merchants::messages::MerchantsMsg;
use crate::merchants::model::SellerShop;
use crate::merchants::pages::{failure_page, shop_status_msg};
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
        </section>
    }
}

/// `/seller`: the merchant's shops with their products by listing status
/// and their SKUs out of stock.
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
