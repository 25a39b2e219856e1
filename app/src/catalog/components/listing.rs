//! A product listing with sort, filters, facets and pages: shared by
//! category pages, search results and shop pages. Every control is a link or
//! a GET form, so each state has a URL and works without JavaScript.

use super::product_card::ProductCardView;
use crate::catalog::domain::yuan_param;
use crate::catalog::messages::CatalogMsg;
use crate::catalog::model::{Crumb, ListingPage, ListingQuery, SortOrder};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_router::components::Form;

/// The words of a sort order.
fn sort_label(sort: SortOrder) -> CatalogMsg {
    match sort {
        SortOrder::Relevance => CatalogMsg::SortRelevance,
        SortOrder::Newest => CatalogMsg::SortNewest,
        SortOrder::PriceAsc => CatalogMsg::SortPriceAsc,
        SortOrder::PriceDesc => CatalogMsg::SortPriceDesc,
        SortOrder::BestSelling => CatalogMsg::SortBestSelling,
        SortOrder::Rating => CatalogMsg::SortRating,
    }
}

/// The URL of this listing with one change applied (and back to page 1
/// unless the change is the page).
fn href(base: &str, include_category: bool, query: &ListingQuery, change: impl FnOnce(&mut ListingQuery)) -> String {
    let mut q = query.clone();
    q.page = 1;
    change(&mut q);
    let qs = q.to_query_string(include_category);
    if qs.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{qs}")
    }
}

/// Home › Category › Sub-category.
#[component]
pub fn Breadcrumbs(crumbs: Vec<Crumb>, #[prop(optional)] last_is_page: bool) -> impl IntoView {
    let locale = use_locale();
    let count = crumbs.len();
    view! {
        <nav class="breadcrumbs" aria-label=tr(CatalogMsg::Breadcrumb)>
            <ol>
                <li><a href="/">{tr(CatalogMsg::Home)}</a></li>
                {crumbs
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let current = last_is_page && i + 1 == count;
                        view! {
                            <li>
                                <a href=format!("/c/{}", c.slug) aria-current=current.then_some("page")>{c.name.get(locale).to_string()}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// `base` is the listing's path (`/c/phones`, `/search`, `/s/shop`);
/// `include_category` says whether the category travels in the query string.
#[component]
pub fn ListingView(page: ListingPage, base: String, include_category: bool, children: Children) -> impl IntoView {
    let locale = use_locale();
    let q = page.query.clone();
    let sort_links = SortOrder::ALL
        .into_iter()
        .map(|sort| {
            let link = href(&base, include_category, &q, |q| q.sort = sort);
            let current = q.sort == sort;
            view! {
                <li><a href=link class:is-current=current aria-current=current.then_some("true")>{tr(sort_label(sort))}</a></li>
            }
        })
        .collect_view();

    let category_facets = (!page.categories.is_empty()).then(|| {
        let items = page
            .categories
            .iter()
            .map(|f| {
                let link = if include_category {
                    let value = f.value.clone();
                    let selected = f.selected;
                    href(&base, true, &q, move |q| {
                        q.category = if selected { None } else { Some(value) }
                    })
                } else {
                    href(&format!("/c/{}", f.value), false, &q, |_| {})
                };
                view! {
                    <li>
                        <a href=link class:is-current=f.selected>{f.label.get(locale).to_string()}</a>
                        " " <span class="facet__count">{f.count}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="facet">
                <h2 class="facet__title">{tr(CatalogMsg::Categories)}</h2>
                <ul class="facet__list">{items}</ul>
            </section>
        }
    });

    let brand_boxes = page
        .brands
        .iter()
        .map(|f| {
            let id = format!("brand-{}", f.value);
            view! {
                <li>
                    <input type="checkbox" id=id.clone() name="brand" value=f.value.clone() checked=f.selected/>
                    <label for=id>{f.label.get(locale).to_string()} " " <span class="facet__count">{f.count}</span></label>
                </li>
            }
        })
        .collect_view();

    let rating_options = [4, 3, 2, 1]
        .into_iter()
        .map(|r| {
            view! { <option value=r.to_string() selected=q.rating_min == Some(r)>{tr(CatalogMsg::StarsAndUp { n: r })}</option> }
        })
        .collect_view();

    let clear = href(&base, include_category, &q, |q| {
        *q = ListingQuery {
            q: q.q.clone(),
            category: q.category.clone(),
            sort: q.sort,
            page: 1,
            ..ListingQuery::default()
        };
    });
    let has_filters = !q.brands.is_empty()
        || q.price_min_fen.is_some()
        || q.price_max_fen.is_some()
        || q.in_stock
        || q.rating_min.is_some();

    let pager = (page.pages > 1).then(|| {
        let prev = (page.page > 1).then(|| href(&base, include_category, &q, |x| x.page = page.page - 1));
        let next = (page.page < page.pages).then(|| href(&base, include_category, &q, |x| x.page = page.page + 1));
        let label = tr(CatalogMsg::PageOf {
            page: page.page,
            pages: page.pages,
        });
        view! {
            <nav class="pager" aria-label=tr(CatalogMsg::Pagination)>
                {prev.map(|h| view! { <a class="button" href=h rel="prev">{tr(CatalogMsg::Previous)}</a> })}
                <span class="pager__label">{label}</span>
                {next.map(|h| view! { <a class="button" href=h rel="next">{tr(CatalogMsg::Next)}</a> })}
            </nav>
        }
    });

    let did_you_mean = page.did_you_mean.clone().map(|text| {
        let link = href(&base, include_category, &q, |x| x.q = text.clone());
        view! { <p class="notice">{tr(CatalogMsg::DidYouMean)} " " <a href=link>{text.clone()}</a> "?"</p> }
    });
    let approximate = page
        .approximate
        .then(|| view! { <p class="notice">{tr(CatalogMsg::ClosestMatches)}</p> });
    let empty = page
        .items
        .is_empty()
        .then(|| view! { <p class="empty">{tr(CatalogMsg::NoResults)}</p> });
    let items = page
        .items
        .into_iter()
        .enumerate()
        .map(|(i, item)| view! { <ProductCardView card=item.card eager=i < 4 first=i == 0 marks=item.title_marks/> })
        .collect_view();

    view! {
        <div class="listing">
            <div class="listing__head">
                {children()}
                <p class="listing__count">{tr(CatalogMsg::ProductCount { n: page.total })}</p>
                {did_you_mean}
                {approximate}
                <nav class="sort" aria-label=tr(CatalogMsg::SortBy)>
                    <span class="sort__label">{tr(CatalogMsg::SortBy)}</span>
                    <ul>{sort_links}</ul>
                </nav>
            </div>
            <details class="listing__filters" open=has_filters>
                <summary>{tr(CatalogMsg::Filters)}</summary>
                {category_facets}
                <Form method="GET" action=base.clone() attr:class="filters">
                    {(!q.q.is_empty()).then(|| view! { <input type="hidden" name="q" value=q.q.clone()/> })}
                    {(include_category && q.category.is_some()).then(|| view! { <input type="hidden" name="category" value=q.category.clone()/> })}
                    {(q.sort != SortOrder::Relevance).then(|| view! { <input type="hidden" name="sort" value=q.sort.as_param()/> })}
                    <div class="filters__prices">
                        <div class="field">
                            <label for="price-min">{tr(CatalogMsg::MinPrice)}</label>
                            <input id="price-min" name="price_min" inputmode="decimal" value=q.price_min_fen.map(yuan_param).unwrap_or_default()/>
                        </div>
                        <div class="field">
                            <label for="price-max">{tr(CatalogMsg::MaxPrice)}</label>
                            <input id="price-max" name="price_max" inputmode="decimal" value=q.price_max_fen.map(yuan_param).unwrap_or_default()/>
                        </div>
                    </div>
                    <div class="check">
                        <input type="checkbox" id="in-stock" name="in_stock" value="1" checked=q.in_stock/>
                        <label for="in-stock">{tr(CatalogMsg::InStockOnly)}</label>
                    </div>
                    <div class="field">
                        <label for="rating">{tr(CatalogMsg::MinRating)}</label>
                        <select id="rating" name="rating">
                            <option value="">{tr(CatalogMsg::AnyRating)}</option>
                            {rating_options}
                        </select>
                    </div>
                    {(!page.brands.is_empty()).then(|| view! {
                        <fieldset class="facet">
                            <legend class="facet__title">{tr(CatalogMsg::Brand)}</legend>
                            <ul class="facet__list">{brand_boxes}</ul>
                        </fieldset>
                    })}
                    <button type="submit" class="button button--primary">{tr(CatalogMsg::ApplyFilters)}</button>
                    {has_filters.then(|| view! { <a class="filters__clear" href=clear>{tr(CatalogMsg::ClearFilters)}</a> })}
                </Form>
            </details>
            <div class="listing__results">
                {empty}
                <ul class="product-grid">{items}</ul>
                {pager}
            </div>
        </div>
    }
}
