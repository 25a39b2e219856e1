use super::{canonical, failure_view};
use crate::catalog::api::load_listing;
use crate::catalog::components::ListingView;
use crate::catalog::messages::CatalogMsg;
use crate::i18n::tr;
use crate::layout::messages::LayoutMsg;
use crate::ui::messages::UiMsg;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_location;

/// `/search?q=…`: results with the same sort and filters as a category, plus
/// facet counts, highlighted matches and "did you mean".
#[component]
pub fn SearchPage() -> impl IntoView {
    let location = use_location();
    let data = Resource::new(move || location.search.get(), |search| load_listing(None, search));
    view! {
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) if page.query.q.is_empty() && page.query.category.is_none() => {
                        view! {
                            <SearchHead words=String::new()/>
                            <h1>{tr(CatalogMsg::Search)}</h1>
                            <p class="empty">{tr(CatalogMsg::EnterSearch)}</p>
                        }
                        .into_any()
                    }
                    Ok(page) => {
                        let heading = format!("{} “{}”", tr(CatalogMsg::ResultsFor), page.query.q);
                        let words = page.query.q.clone();
                        view! {
                            <SearchHead words/>
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

/// The search's title, description and canonical link, from the words the
/// results were found for: plain values, so rendering the head after the
/// page's reactive scope is gone reads nothing disposed.
#[component]
fn SearchHead(words: String) -> impl IntoView {
    let title = format!("{} {} · {}", tr(CatalogMsg::ResultsFor), words, tr(LayoutMsg::SiteName));
    let description = format!("{} {} · {}", tr(CatalogMsg::ResultsFor), words, tr(LayoutMsg::Tagline));
    // Filters, sorts and pages of a search are one page to a search engine.
    let href = canonical(&format!("/search?q={}", urlencoding::encode(&words)));
    view! {
        <Title text=title/>
        <Meta name="description" content=description/>
        <Link rel="canonical" href/>
    }
}
