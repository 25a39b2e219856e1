use super::{canonical, failure_view};
use crate::catalog::api::load_shop;
use crate::catalog::components::ListingView;
use crate::catalog::messages::CatalogMsg;
use crate::i18n::tr;
use crate::layout::messages::LayoutMsg;
use crate::promotions::components::ShopPromotionsStrip;
use crate::reviews::components::ShopScoresPanel;
use crate::ui::messages::UiMsg;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_location, use_params_map};

/// `/s/{slug}`: a shop's profile and its products.
#[component]
pub fn ShopPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let data = Resource::new(
        move || (params.read().get("slug").unwrap_or_default(), location.search.get()),
        |(slug, search)| load_shop(slug, search),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => {
                        let base = format!("/s/{}", page.shop.slug);
                        view! {
                            <Title text=format!("{} · {}", page.shop.name, tr(LayoutMsg::SiteName))/>
                            <Meta name="description" content=page.shop.description.clone()/>
                            <Link rel="canonical" href=canonical(&base)/>
                            <section class="shop-hero">
                                <h1>{page.shop.name.clone()}</h1>
                                <p>{page.shop.description.clone()}</p>
                            </section>
                            <ShopScoresPanel shop_id=page.shop.shop_id/>
                            <ShopPromotionsStrip shop_id=page.shop.shop_id back=base.clone()/>
                            <ListingView page=page.listing base include_category=true>
                                <h2>{tr(CatalogMsg::ShopProducts)}</h2>
                            </ListingView>
                        }
                        .into_any()
                    }
                    Err(e) => failure_view(&e),
                }
            })}
        </Suspense>
    }
}
