use crate::catalog::api::load_home;
use crate::catalog::components::{CategoryList, ProductGrid};
use crate::catalog::messages::CatalogMsg;
use crate::i18n::tr;
use crate::layout::messages::LayoutMsg;
use crate::ui::messages::UiMsg;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_home());
    view! {
        <Title text=format!("{} · {}", tr(LayoutMsg::SiteName), tr(LayoutMsg::Tagline))/>
        <Meta name="description" content=tr(LayoutMsg::FooterAbout).into_owned()/>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(home) => view! {
                        <h1 class="visually-hidden">{tr(LayoutMsg::SiteName)}</h1>
                        <crate::promotions::flash_components::FlashShowcaseStrip/>
                        <section class="home-section" aria-labelledby="home-categories">
                            <h2 id="home-categories">{tr(CatalogMsg::Categories)}</h2>
                            <CategoryList categories=home.categories/>
                        </section>
                        <section class="home-section" aria-labelledby="home-featured">
                            <h2 id="home-featured">{tr(CatalogMsg::Featured)}</h2>
                            <ProductGrid cards=home.featured/>
                        </section>
                        <section class="home-section" aria-labelledby="home-new">
                            <h2 id="home-new">{tr(CatalogMsg::NewArrivals)}</h2>
                            <ProductGrid cards=home.new_arrivals/>
                        </section>
                    }
                    .into_any(),
                    Err(_) => view! { <ErrorPage/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
