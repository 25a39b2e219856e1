//! A product listing with sort, filters, facets and pages: shared by
//! category pages, search results and shop pages. Every control is a link or
//! a GET form, so each state has a URL and works without JavaScript.

use super::product_card::ProductCardView;
use crate::catalog::domain::yuan_param;
use crate::catalog::model::{Crumb, ListingPage, ListingQuery, SortOrder};
use crate::i18n::{tr, use_locale, Locale, Msg};
use leptos::prelude::*;
use leptos_router::components::Form;

fn sort_label(sort: SortOrder) -> Msg {
    match sort {
        SortOrder::Relevance => Msg::SortRelevance,
        SortOrder::Newest => Msg::SortNewest,
        SortOrder::PriceAsc => Msg::SortPriceAsc,
        SortOrder::PriceDesc => Msg::SortPriceDesc,
        SortOrder::BestSelling => Msg::SortBestSelling,
        SortOrder::Rating => Msg::SortRating,
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

fn crumb_name(c: &Crumb, locale: Locale) -> String {
    match locale {
        Locale::En => c.name_en.clone(),
        Locale::ZhCn => c.name_zh.clone(),
    }
}

/// Home › Category › Sub-category.
#[component]
pub fn Breadcrumbs(crumbs: Vec<Crumb>, #[prop(optional)] last_is_page: bool) -> impl IntoView {
    let locale = use_locale();
    let count = crumbs.len();
    view! {
        <nav class="breadcrumbs" aria-label=tr(Msg::Breadcrumb)>
            <ol>
                <li><a href="/">{tr(Msg::Home)}</a></li>
                {crumbs
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let current = last_is_page && i + 1 == count;
                        view! {
                            <li>
                                <a href=format!("/c/{}", c.slug) aria-current=current.then_some("page")>{crumb_name(&c, locale)}</a>
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
                        <a href=link class:is-current=f.selected>{f.label(locale).to_string()}</a>
                        " " <span class="facet__count">{f.count}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="facet">
                <h2 class="facet__title">{tr(Msg::Categories)}</h2>
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
                    <label for=id>{f.label(locale).to_string()} " " <span class="facet__count">{f.count}</span></label>
                </li>
            }
        })
        .collect_view();

    let rating_options = [4, 3, 2, 1]
        .into_iter()
        .map(|r| {
            view! { <option value=r.to_string() selected=q.rating_min == Some(r)>{format!("{r} {}", tr(Msg::StarsAndUp))}</option> }
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
        let label = match locale {
            Locale::En => format!("Page {} of {}", page.page, page.pages),
            Locale::ZhCn => format!("第 {} / {} 页", page.page, page.pages),
        };
        view! {
            <nav class="pager" aria-label=tr(Msg::Pagination)>
                {prev.map(|h| view! { <a class="button" href=h rel="prev">{tr(Msg::Previous)}</a> })}
                <span class="pager__label">{label}</span>
                {next.map(|h| view! { <a class="button" href=h rel="next">{tr(Msg::Next)}</a> })}
            </nav>
        }
    });

    let did_you_mean = page.did_you_mean.clone().map(|text| {
        let link = href(&base, include_category, &q, |x| x.q = text.clone());
        view! { <p class="notice">{tr(Msg::DidYouMean)} " " <a href=link>{text.clone()}</a> "?"</p> }
    });
    let approximate = page
        .approximate
        .then(|| view! { <p class="notice">{tr(Msg::ClosestMatches)}</p> });
    let empty = page
        .items
        .is_empty()
        .then(|| view! { <p class="empty">{tr(Msg::NoResults)}</p> });
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
                <p class="listing__count">{crate::i18n::product_count(locale, page.total)}</p>
                {did_you_mean}
                {approximate}
                <nav class="sort" aria-label=tr(Msg::SortBy)>
                    <span class="sort__label">{tr(Msg::SortBy)}</span>
                    <ul>{sort_links}</ul>
                </nav>
            </div>
            <details class="listing__filters" open=has_filters>
                <summary>{tr(Msg::Filters)}</summary>
                {category_facets}
                <Form method="GET" action=base.clone() attr:class="filters">
                    {(!q.q.is_empty()).then(|| view! { <input type="hidden" name="q" value=q.q.clone()/> })}
                    {(include_category && q.category.is_some()).then(|| view! { <input type="hidden" name="category" value=q.category.clone()/> })}
                    {(q.sort != SortOrder::Relevance).then(|| view! { <input type="hidden" name="sort" value=q.sort.as_param()/> })}
                    <div class="filters__prices">
                        <div class="field">
                            <label for="price-min">{tr(Msg::MinPrice)}</label>
                            <input id="price-min" name="price_min" inputmode="decimal" value=q.price_min_fen.map(yuan_param).unwrap_or_default()/>
                        </div>
                        <div class="field">
                            <label for="price-max">{tr(Msg::MaxPrice)}</label>
                            <input id="price-max" name="price_max" inputmode="decimal" value=q.price_max_fen.map(yuan_param).unwrap_or_default()/>
                        </div>
                    </div>
                    <div class="check">
                        <input type="checkbox" id="in-stock" name="in_stock" value="1" checked=q.in_stock/>
                        <label for="in-stock">{tr(Msg::InStockOnly)}</label>
                    </div>
                    <div class="field">
                        <label for="rating">{tr(Msg::MinRating)}</label>
                        <select id="rating" name="rating">
                            <option value="">{tr(Msg::AnyRating)}</option>
                            {rating_options}
                        </select>
                    </div>
                    {(!page.brands.is_empty()).then(|| view! {
                        <fieldset class="facet">
                            <legend class="facet__title">{tr(Msg::Brand)}</legend>
                            <ul class="facet__list">{brand_boxes}</ul>
                        </fieldset>
                    })}
                    <button type="submit" class="button button--primary">{tr(Msg::ApplyFilters)}</button>
                    {has_filters.then(|| view! { <a class="filters__clear" href=clear>{tr(Msg::ClearFilters)}</a> })}
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
