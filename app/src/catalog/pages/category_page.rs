use super::{canonical, failure_view};
use crate::catalog::api::load_listing;
use crate::catalog::components::{Breadcrumbs, ListingView};
use crate::catalog::messages::CatalogMsg;
use crate::i18n::{tr, use_locale, Message};
use crate::layout::messages::LayoutMsg;
use crate::ui::messages::UiMsg;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_location, use_params_map};

/// `/c/{slug}`: a category's products with sort, filters and pages.
#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let data = Resource::new(
        move || (params.read().get("slug"), location.search.get()),
        |(slug, search)| load_listing(slug, search),
    );
    let locale = use_locale();
    view! {
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => {
                        let current = page.breadcrumb.last().cloned();
                        let name = current
                            .as_ref()
                            .map(|c| c.name.get(locale).to_string())
                            .unwrap_or_default();
                        let slug = current.map(|c| c.slug).unwrap_or_default();
                        let base = format!("/c/{slug}");
                        let description = format!("{name} · {} · {}", CatalogMsg::ProductCount { n: page.total }.text(locale), tr(LayoutMsg::SiteName));
                        view! {
                            <Title text=format!("{name} · {}", tr(LayoutMsg::SiteName))/>
                            <Meta name="description" content=description.clone()/>
                            <Meta property="og:title" content=name.clone()/>
                            <Meta property="og:description" content=description/>
                            <Link rel="canonical" href=canonical(&base)/>
                            <Breadcrumbs crumbs=page.breadcrumb.clone() last_is_page=true/>
                            <ListingView page base include_category=false>
                                <h1>{name}</h1>
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
