use super::{canonical, failure_view};
use crate::cart::api::{use_cart, AddToCart};
use crate::cart::messages::CartMsg;
use crate::catalog::api::load_product;
use crate::catalog::components::{price_text, Breadcrumbs};
use crate::catalog::messages::CatalogMsg;
use crate::catalog::model::ProductDetail;
use crate::error::{AppError, ErrorCode};
use crate::i18n::{format_fen, tr, use_locale};
use crate::layout::messages::LayoutMsg;
use crate::promotions::components::ShopPromotionsStrip;
use crate::reviews::components::{asked_by, ProductReviewsSection};
use crate::reviews::model::ReviewsAsk;
use crate::ui::messages::UiMsg;
use crate::ui::{field_error, form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// schema.org Product with offers and rating, for search engines. `<` is
/// escaped so the JSON can never close its script element.
fn json_ld(p: &ProductDetail, url: &str) -> String {
    let availability = if p.skus.iter().any(|s| s.stock > 0) {
        "InStock"
    } else {
        "OutOfStock"
    };
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": p.title,
        "description": p.description,
        "image": p.images.iter().map(|i| canonical(&i.url)).collect::<Vec<_>>(),
        "url": url,
        "offers": {
            "@type": "AggregateOffer",
            "priceCurrency": "CNY",
            "lowPrice": format!("{}.{:02}", p.price_min_minor / 100, p.price_min_minor % 100),
            "highPrice": format!("{}.{:02}", p.price_max_minor / 100, p.price_max_minor % 100),
            "offerCount": p.skus.len(),
            "availability": format!("https://schema.org/{availability}"),
        },
    });
    if let Some(brand) = &p.brand {
        v["brand"] = serde_json::json!({ "@type": "Brand", "name": brand });
    }
    if p.rating_count > 0 {
        v["aggregateRating"] = serde_json::json!({
            "@type": "AggregateRating",
            "ratingValue": format!("{}.{}", p.rating_x10 / 10, p.rating_x10 % 10),
            "reviewCount": p.rating_count,
        });
    }
    v.to_string().replace('<', "\\u003c")
}

/// The Reviews section a server render's product load left (none in the
/// client: it hydrates around the section the page has).
fn section_from_slot() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        crate::context::use_context::<crate::reviews::fragment::SectionSlot>().and_then(|slot| slot.get())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// `/p/{id}`.
#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|id| *id > 0)
    };
    let query = use_query_map();
    let data = Resource::new(id, move |id| {
        // The reviews as the address asks for them when the product loads
        // (later changes reload the reviews alone: the key is the product).
        let asked = query.with_untracked(asked_by);
        async move {
            match id {
                Some(id) => load_product(id, asked.filter, asked.sort, asked.page).await,
                None => Err(AppError::new(ErrorCode::NotFound)),
            }
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => {
                        let html = p.reviews_html.or_else(section_from_slot).unwrap_or_default();
                        view! { <ProductView product=p.product reviews_html=html asked=p.asked flash=p.flash group=p.group/> }.into_any()
                    }
                    Err(e) => failure_view(&e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductView(
    product: ProductDetail,
    reviews_html: String,
    asked: ReviewsAsk,
    flash: Option<crate::promotions::model::FlashOffer>,
    group: Option<crate::promotions::model::GroupOfferView>,
) -> impl IntoView {
    let group_panel = group.map(|offer| view! { <crate::promotions::group_components::GroupOfferPanel offer/> });
    let flash_panel = flash.map(|offer| {
        let regular = product
            .skus
            .iter()
            .find(|s| s.sku_id == offer.sku_id)
            .map_or(offer.price_minor, |s| s.price_minor);
        view! { <crate::promotions::flash_components::FlashPanel offer regular_minor=regular/> }
    });
    let locale = use_locale();
    let path = format!("/p/{}", product.product_id);
    let url = canonical(&path);
    let ld = json_ld(&product, &url);
    let description: String = product.description.chars().take(150).collect();
    let first_image = product.images.first().cloned();
    let default = product
        .default_sku_id
        .and_then(|id| product.skus.iter().find(|s| s.sku_id == id))
        .cloned();
    // One chosen value per option, in option order; the page opens on the
    // first SKU in stock.
    let choice: Vec<RwSignal<Option<i64>>> = (0..product.options.len())
        .map(|i| RwSignal::new(default.as_ref().and_then(|s| s.value_ids.get(i).copied())))
        .collect();
    let choice = StoredValue::new(choice);
    let chosen = move || choice.with_value(|c| c.iter().map(|s| s.get()).collect::<Vec<_>>());
    let product_data = StoredValue::new(product.clone());
    let has_options = !product.options.is_empty();
    let selected = Memo::new(move |_| {
        let now = chosen();
        product_data.with_value(|p| p.sku_for(&now).cloned())
    });
    let price_range = price_text(product.price_min_minor, product.price_max_minor);
    let price = move || match selected.get() {
        Some(s) => format_fen(s.price_minor),
        None => price_range.clone(),
    };
    let stock_note = move || match selected.get() {
        None if has_options => tr(CatalogMsg::Unavailable).to_string(),
        None => String::new(),
        Some(s) if s.stock == 0 => tr(CatalogMsg::SoldOut).to_string(),
        Some(s) if s.stock <= crate::catalog::model::LOW_STOCK_SHOWN => {
            tr(CatalogMsg::OnlyLeft { n: s.stock }).into_owned()
        }
        Some(_) => tr(CatalogMsg::InStock).to_string(),
    };
    let can_add = move || selected.get().is_some_and(|s| s.stock > 0);
    let max_quantity = move || selected.get().map(|s| s.stock.clamp(1, 999)).unwrap_or(1);

    // The gallery shows the picture of a chosen value when there is one.
    let main_image = move || {
        let now = chosen();
        product_data.with_value(|p| p.image_for(&now).cloned())
    };

    let add = ServerAction::<AddToCart>::new();
    let cart = use_cart();
    Effect::new(move || {
        if add.value().with(|v| matches!(v, Some(Ok(_)))) {
            cart.refresh();
        }
    });
    let added = move || add.value().with(|v| matches!(v, Some(Ok(_))));
    let quantity_error = field_error(add, "quantity");
    let options_error = field_error(add, "options");

    let pickers = product
        .options
        .iter()
        .enumerate()
        .map(|(dim, option)| {
            let legend_id = format!("option-{dim}-label");
            // Form fields option_1 … option_3 carry the chosen value ids.
            let field = format!("option_{}", dim + 1);
            let signal = choice.with_value(|c| c[dim]);
            let radios = option
                .values
                .iter()
                .map(|value| {
                    let value_id = value.value_id;
                    let id = format!("option-{dim}-{value_id}");
                    // Whether this value, with the other choices as they are, can be bought.
                    let available = move || {
                        let mut now = chosen();
                        now[dim] = Some(value_id);
                        product_data.with_value(|p| p.sku_for(&now).map(|s| s.stock > 0))
                    };
                    let checked = move || signal.get() == Some(value_id);
                    let checked_at_first = checked();
                    let note = move || match available() {
                        Some(true) => None,
                        Some(false) => Some(tr(CatalogMsg::SoldOut)),
                        None => Some(tr(CatalogMsg::Unavailable)),
                    };
                    let unavailable = move || available() != Some(true);
                    view! {
                        <span class="swatch" class:swatch--unavailable=unavailable>
                            <input
                                type="radio"
                                id=id.clone()
                                name=field.clone()
                                value=value_id
                                checked=checked_at_first
                                prop:checked=checked
                                on:change=move |_| signal.set(Some(value_id))
                            />
                            <label for=id>
                                {value.label.get(locale).to_string()}
                                {move || note().map(|n| view! { <span class="swatch__note">" · " {n}</span> })}
                            </label>
                        </span>
                    }
                })
                .collect_view();
            view! {
                <div class="variant" role="radiogroup" aria-labelledby=legend_id.clone()>
                    <p class="variant__label" id=legend_id.clone()>{option.name.get(locale).to_string()}</p>
                    <div class="variant__values">{radios}</div>
                </div>
            }
        })
        .collect_view();

    let specs = {
        let mut rows: Vec<(String, String)> = Vec::new();
        if let Some(b) = &product.brand {
            rows.push((tr(CatalogMsg::Brand).to_string(), b.clone()));
        }
        if let Some(c) = product.breadcrumb.last() {
            rows.push((tr(CatalogMsg::Categories).to_string(), c.name.get(locale).to_string()));
        }
        for o in &product.options {
            let values: Vec<&str> = o.values.iter().map(|v| v.label.get(locale)).collect();
            rows.push((o.name.get(locale).to_string(), values.join(" / ")));
        }
        rows.push((tr(CatalogMsg::Variants).to_string(), product.skus.len().to_string()));
        rows.push((tr(CatalogMsg::Shop).to_string(), product.shop.name.clone()));
        rows
    };
    let rating = (product.rating_count > 0).then(|| format!("{}.{}", product.rating_x10 / 10, product.rating_x10 % 10));
    let shop_href = format!("/s/{}", product.shop.slug);
    let has_reviews = product.rating_count > 0;
    let thumbs = product.images.clone();

    view! {
        <Title text=format!("{} · {}", product.title, tr(LayoutMsg::SiteName))/>
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:type" content="product"/>
        <Meta property="og:title" content=product.title.clone()/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=url/>
        {first_image.map(|i| view! { <Meta property="og:image" content=canonical(&i.url)/> })}
        <script type="application/ld+json" nonce=leptos::nonce::use_nonce() inner_html=ld></script>
        <Breadcrumbs crumbs=product.breadcrumb.clone()/>
        <article class="product">
            <div class="product__gallery">
                {move || main_image().map(|img| view! {
                    <img class="product__image" src=img.url srcset=img.srcset.clone()
                        sizes=img.srcset.as_ref().map(|_| "(max-width: 700px) 100vw, 480px")
                        alt=img.alt width=img.width height=img.height fetchpriority="high"/>
                })}
                {(thumbs.len() > 1).then(|| view! {
                    <ul class="product__thumbs">
                        {thumbs.into_iter().map(|img| view! {
                            <li><img src=img.url alt=img.alt width="80" height="80" loading="lazy"/></li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
            <div class="product__buy">
                <h1 class="product__title">{product.title.clone()}</h1>
                <p class="product__shop"><a href=shop_href>{product.shop.name.clone()}</a></p>
                <p class="product__price" aria-live="polite">{price}</p>
                {flash_panel}
                {group_panel}
                <p class="product__meta">
                    {rating.map(|r| view! { <a href="#reviews">"★ " {r} " · " {tr(CatalogMsg::RatingCount { n: product.rating_count })}</a> })}
                    <span>{tr(CatalogMsg::Sales { n: product.sales_count })}</span>
                </p>
                <ActionForm action=add attr:class="buy-form">
                    <input type="hidden" name="product_id" value=product.product_id/>
                    {pickers}
                    <p class="field__error" role="alert">{move || options_error.get()}</p>
                    <p class="product__stock" class:product__stock--out=move || !can_add() aria-live="polite">{stock_note}</p>
                    <div class="buy-form__row">
                        <div class="field field--quantity">
                            <label for="quantity">{tr(CartMsg::Quantity)}</label>
                            <input
                                id="quantity"
                                type="number"
                                name="quantity"
                                inputmode="numeric"
                                min="1"
                                max=max_quantity()
                                prop:max=max_quantity
                                value="1"
                            />
                        </div>
                        <button type="submit" class="button button--primary buy-form__add" disabled=move || !can_add() || add.pending().get()>
                            {move || if can_add() || (!has_options && selected.get().is_none()) { tr(CartMsg::AddToCart) } else if selected.get().is_some() { tr(CatalogMsg::SoldOut) } else { tr(CatalogMsg::Unavailable) }}
                        </button>
                    </div>
                    <p class="field__error" role="alert">{move || quantity_error.get()}</p>
                    <FormAlert message=form_alert(add)/>
                    <Show when=added>
                        <p class="alert alert--ok" role="status">{tr(CartMsg::AddedToCart)} " " <a href="/cart">{tr(CartMsg::ViewCart)}</a></p>
                    </Show>
                </ActionForm>
                <ShopPromotionsStrip shop_id=product.shop.shop_id back=format!("/p/{}", product.product_id)/>
            </div>
        </article>
        <section class="product__section">
            <h2>{tr(CatalogMsg::Description)}</h2>
            <p class="product__description">{product.description.clone()}</p>
        </section>
        <section class="product__section">
            <h2>{tr(CatalogMsg::Specifications)}</h2>
            <table class="specs">
                <tbody>
                    {specs.into_iter().map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </section>
        <ProductReviewsSection product_id=product.product_id has_reviews html=reviews_html asked/>
    }
}
