use crate::catalog::messages::CatalogMsg;
use crate::catalog::model::{CategoryNode, ProductCard};
use crate::i18n::{format_fen, tr, use_locale};
use leptos::prelude::*;

/// The price of a product: one price, or the range across its variants.
pub fn price_text(min: i64, max: i64) -> String {
    if min == max {
        format_fen(min)
    } else {
        format!("{} – {}", format_fen(min), format_fen(max))
    }
}

/// Title text with the search words wrapped in `<mark>`.
#[component]
pub fn MarkedTitle(marks: Vec<(String, bool)>) -> impl IntoView {
    marks
        .into_iter()
        .map(|(text, hit)| {
            if hit {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn ProductCardView(
    card: ProductCard,
    eager: bool,
    #[prop(optional)] marks: Option<Vec<(String, bool)>>,
    /// The first card's image is usually the largest paint: fetch it first.
    #[prop(optional)]
    first: bool,
) -> impl IntoView {
    let href = format!("/p/{}", card.product_id);
    let rating = (card.rating_count > 0).then(|| format!("★ {}.{}", card.rating_x10 / 10, card.rating_x10 % 10));
    view! {
        <li class="product-card">
            <a href=href class="product-card__link">
                // The link's name is the title beside it: the picture is
                // decorative here, and an alt text would say the title twice.
                {card.image.map(|img| view! {
                    <img
                        class="product-card__image"
                        src=img.url
                        srcset=img.srcset.clone()
                        sizes=img.srcset.as_ref().map(|_| "(max-width: 700px) 50vw, 240px")
                        alt=""
                        width=img.width
                        height=img.height
                        loading=if eager { "eager" } else { "lazy" }
                        fetchpriority=if first { "high" } else { "auto" }
                        decoding="async"
                    />
                })}
                <span class="product-card__title">
                    {match marks {
                        Some(marks) => view! { <MarkedTitle marks/> }.into_any(),
                        None => card.title.into_any(),
                    }}
                </span>
            </a>
            <span class="product-card__price">{price_text(card.price_min_minor, card.price_max_minor)}</span>
            <span class="product-card__meta">
                {rating.map(|r| view! { <span class="product-card__rating">{r}</span> })}
                <span>{tr(CatalogMsg::Sales { n: card.sales_count })}</span>
            </span>
        </li>
    }
}

/// A grid of product cards; the first row loads eagerly, the rest lazily.
#[component]
pub fn ProductGrid(cards: Vec<ProductCard>) -> impl IntoView {
    if cards.is_empty() {
        return view! { <p class="empty">{tr(CatalogMsg::NoProductsYet)}</p> }.into_any();
    }
    view! {
        <ul class="product-grid">
            {cards.into_iter().enumerate().map(|(i, card)| view! { <ProductCardView card eager=i < 4 first=i == 0/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Category entrances: each top category with its sub-categories.
#[component]
pub fn CategoryList(categories: Vec<CategoryNode>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ul class="category-list">
            {categories
                .into_iter()
                .map(|top| {
                    let href = format!("/c/{}", top.slug);
                    let name = top.name.get(locale).to_string();
                    let children = top
                        .children
                        .iter()
                        .take(6)
                        .map(|c| {
                            let href = format!("/c/{}", c.slug);
                            view! { <li><a href=href>{c.name.get(locale).to_string()}</a></li> }
                        })
                        .collect_view();
                    view! {
                        <li class="category-list__item">
                            <a class="category-list__top" href=href>{name}</a>
                            <ul class="category-list__children">{children}</ul>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
