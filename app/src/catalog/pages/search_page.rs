use super::{canonical, failure_view};
use crate::catalog::api::load_listing;
use crate::catalog::components::ListingView;
use crate::catalog::messages::CatalogMsg;
use crate::i18n::tr;
use crate::layout::messages::LayoutMsg;
use crate::ui::messages::UiMsg;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_location, use_query_map};

/// `/search?q=…`: results with the same sort and filters as a category, plus
/// facet counts, highlighted matches and "did you mean".
#[component]
pub fn SearchPage() -> impl IntoView {
    let location = use_location();
    let query = use_query_map();
    let data = Resource::new(move || location.search.get(), |search| load_listing(None, search));
    let words = move || query.with(|q| q.get("q")).unwrap_or_default();
    view! {
        <Title text=move || format!("{} {} · {}", tr(CatalogMsg::ResultsFor), words(), tr(LayoutMsg::SiteName))/>
        <Meta name="description" content=move || format!("{} {} · {}", tr(CatalogMsg::ResultsFor), words(), tr(LayoutMsg::Tagline))/>
        // Filters, sorts and pages of a search are one page to a search engine.
        <Link rel="canonical" href=canonical(&format!("/search?q={}", urlencoding::encode(&words())))/>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) if page.query.q.is_empty() && page.query.category.is_none() => {
                        view! {
                            <h1>{tr(CatalogMsg::Search)}</h1>
                            <p class="empty">{tr(CatalogMsg::EnterSearch)}</p>
                        }
                        .into_any()
                    }
                    Ok(page) => {
                        let heading = format!("{} “{}”", tr(CatalogMsg::ResultsFor), page.query.q);
                        view! {
                            <ListingView page base="/search".to_string() include_category=true>
                                <h1>{heading}</h1>
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
