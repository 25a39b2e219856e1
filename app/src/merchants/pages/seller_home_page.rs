use crate::i18n::{tr, Msg};
use crate::merchants::api::seller_shops;
use crate::merchants::model::SellerShop;
use crate::merchants::pages::{failure_page, shop_status_msg};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Count(label: Msg, value: i64) -> impl IntoView {
    view! {
        <div class="stat">
            <dt class="stat__label">{tr(label)}</dt>
            <dd class="stat__value">{value}</dd>
        </div>
    }
}

/// One shop: its status and its products by listing status.
#[component]
fn SellerShopCard(shop: SellerShop) -> impl IntoView {
    let stock = shop.stock.clone();
    view! {
        <section class="seller-shop card">
            <header class="seller-shop__head">
                <h2 class="seller-shop__name">{shop.name.clone()}</h2>
                <span class=format!("badge badge--{}", shop.status)>{tr(shop_status_msg(&shop.status))}</span>
                <a class="seller-shop__link" href=format!("/s/{}", shop.slug)>{tr(Msg::VisitShop)}</a>
            </header>
            <dl class="stats">
                <Count label=Msg::ProductStatusLive value=stock.count("live")/>
                <Count label=Msg::ProductStatusPendingReview value=stock.count("pending_review")/>
                <Count label=Msg::ProductStatusDraft value=stock.count("draft")/>
                <Count label=Msg::ProductStatusRejected value=stock.count("rejected")/>
                <Count label=Msg::ProductStatusDelisted value=stock.count("delisted")/>
                <Count label=Msg::SkusOutOfStock value=stock.skus_out_of_stock/>
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
        <Title text=tr(Msg::SellerPortal)/>
        <Suspense fallback=|| view! { <p class="loading">{tr(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match shops.await {
                    Ok(shops) => view! {
                        <h1>{tr(Msg::SellerPortal)}</h1>
                        <p>{tr(Msg::SellerIntro)}</p>
                        {shops.is_empty().then(|| view! { <p>{tr(Msg::NoShopsYet)}</p> })}
                        {shops.into_iter().map(|shop| view! { <SellerShopCard shop/> }).collect_view()}
                    }
                    .into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Suspense>
    }
}
