use crate::admin::messages::AdminMsg;
use crate::catalog::messages::CatalogMsg;
use crate::catalog::model::ListingStatus;
use crate::i18n::{format_fen, tr};
use crate::merchants::api::seller_products;
use crate::merchants::messages::MerchantsMsg;
use crate::merchants::model::{SellerProduct, ShopProducts};
use crate::merchants::pages::{failure_page, product_status_msg};
use crate::ui::messages::UiMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `¥19.00` or `¥19.00 – ¥29.00`.
fn price_range(min: i64, max: i64) -> String {
    if min == max {
        format_fen(min)
    } else {
        format!("{} – {}", format_fen(min), format_fen(max))
    }
}

#[component]
fn SellerProductRow(product: SellerProduct) -> impl IntoView {
    let live = product.status == ListingStatus::Live;
    view! {
        <tr>
            <td><a href=format!("/seller/products/{}", product.product_id)>{product.title.clone()}</a></td>
            <td data-label=tr(MerchantsMsg::ColumnStatus)>
                <span class=format!("badge badge--{}", product.status.as_db())>{tr(product_status_msg(product.status))}</span>
                {product.rejection.clone().map(|reason| view! { <br/><span class="muted">{reason}</span> })}
            </td>
            <td class="num" data-label=tr(MerchantsMsg::ColumnPrice)>{price_range(product.price_min_minor, product.price_max_minor)}</td>
            <td class="num" data-label=tr(MerchantsMsg::ColumnStock)>{product.total_stock}</td>
            <td>
                {live.then(|| view! { <a href=format!("/p/{}", product.product_id)>{tr(MerchantsMsg::ViewLivePage)}</a> })}
            </td>
        </tr>
    }
}

/// Chooses among several shops with a plain GET form (works without
/// JavaScript); absent for a merchant with one shop.
#[component]
fn ShopSwitch(data: ShopProducts) -> impl IntoView {
    (data.shops.len() > 1).then(|| {
        view! {
            <form class="shop-switch" method="get" action="/seller/products">
                <label for="shop-switch">{tr(CatalogMsg::Shop)}</label>
                <select id="shop-switch" name="shop">
                    {data
                        .shops
                        .iter()
                        .map(|s| {
                            view! {
                                <option value=s.shop_id.to_string() selected=s.shop_id == data.shop.shop_id>
                                    {s.name.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <button type="submit" class="button">{tr(MerchantsMsg::ShowShop)}</button>
            </form>
        }
    })
}

/// `/seller/products?shop=ID&page=N`: one of the merchant's shops (their
/// first by default) with its products, newest first, a page at a time:
/// status, price range and total stock, each linking to its editor.
#[component]
pub fn SellerProductsPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        query.with(|q| {
            (
                q.get("shop").and_then(|s| s.parse::<i64>().ok()),
                q.get("page").and_then(|s| s.parse::<i64>().ok()),
            )
        })
    };
    let products = Resource::new(args, |(shop, page)| seller_products(shop, page));
    view! {
        <Title text=tr(AdminMsg::Products).into_owned()/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match products.await {
                    Ok(data) => view! {
                        <h1>{tr(AdminMsg::Products)}" · "{data.shop.name.clone()}</h1>
                        <p>{tr(MerchantsMsg::SellerProductsIntro)}</p>
                        <ShopSwitch data=data.clone()/>
                        <form method="get" action="/seller/products/new" class="toolbar">
                            <input type="hidden" name="shop" value=data.shop.shop_id/>
                            <button type="submit" class="button button--primary">{tr(CatalogMsg::NewProduct)}</button>
                        </form>
                        {if data.products.is_empty() {
                            view! { <p class="empty-state__title">{tr(MerchantsMsg::NoShopProducts)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{tr(MerchantsMsg::ColumnTitle)}</th>
                                                <th scope="col">{tr(MerchantsMsg::ColumnStatus)}</th>
                                                <th scope="col" class="num">{tr(MerchantsMsg::ColumnPrice)}</th>
                                                <th scope="col" class="num">{tr(MerchantsMsg::ColumnStock)}</th>
                                                <th scope="col"><span class="visually-hidden">{tr(MerchantsMsg::ViewLivePage)}</span></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {data
                                                .products
                                                .into_iter()
                                                .map(|product| view! { <SellerProductRow product/> })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                            .into_any()
                        }}
                        <crate::ui::PrevNext
                            newer=(data.page > 1).then(|| format!("/seller/products?shop={}&page={}", data.shop.shop_id, data.page - 1))
                            older=data.has_more.then(|| format!("/seller/products?shop={}&page={}", data.shop.shop_id, data.page + 1))
                            newer_label=CatalogMsg::NewerProducts
                            older_label=CatalogMsg::OlderProducts
                        />
                    }
                    .into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
