use crate::admin::api::console_shops;
use crate::i18n::{tr, Msg};
use crate::merchants::model::ConsoleShop;
use crate::merchants::pages::{failure_page, shop_status_msg};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn ConsoleShopRow(shop: ConsoleShop) -> impl IntoView {
    view! {
        <tr>
            <td>{shop.name.clone()}</td>
            <td data-label=tr(Msg::ColumnSlug)>
                <a href=format!("/s/{}", shop.slug)>{shop.slug.clone()}</a>
            </td>
            <td data-label=tr(Msg::ColumnStatus)>
                <span class=format!("badge badge--{}", shop.status)>{tr(shop_status_msg(&shop.status))}</span>
            </td>
            <td class="num" data-label=tr(Msg::Products)>{shop.products}</td>
            <td data-label=tr(Msg::ColumnOwner)>{shop.owner_email.clone().unwrap_or_else(|| tr(Msg::NoOwner).to_string())}</td>
        </tr>
    }
}

/// `/admin/shops`: every shop with its status, product count and owner,
/// through an operator-only server function.
#[component]
pub fn AdminShopsPage() -> impl IntoView {
    let shops = Resource::new(|| (), |_| console_shops());
    view! {
        <Title text=tr(Msg::Shops)/>
        <Suspense fallback=|| view! { <p class="loading">{tr(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match shops.await {
                    Ok(shops) => view! {
                        <h1>{tr(Msg::Shops)}</h1>
                        <p>{tr(Msg::AdminShopsIntro)}</p>
                        {if shops.is_empty() {
                            view! { <p>{tr(Msg::NoShopsYet)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{tr(Msg::ColumnName)}</th>
                                                <th scope="col">{tr(Msg::ColumnSlug)}</th>
                                                <th scope="col">{tr(Msg::ColumnStatus)}</th>
                                                <th scope="col" class="num">{tr(Msg::Products)}</th>
                                                <th scope="col">{tr(Msg::ColumnOwner)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {shops.into_iter().map(|shop| view! { <ConsoleShopRow shop/> }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                            .into_any()
                        }}
                    }
                    .into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Suspense>
    }
}
