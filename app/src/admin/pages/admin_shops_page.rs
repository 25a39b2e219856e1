use crate::admin::api::console_shops;
use crate::admin::messages::AdminMsg;
use crate::i18n::tr;
use crate::merchants::messages::MerchantsMsg;
use crate::merchants::model::ConsoleShop;
use crate::merchants::pages::{failure_page, shop_status_msg};
use crate::ui::messages::UiMsg;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn ConsoleShopRow(shop: ConsoleShop) -> impl IntoView {
    view! {
        <tr>
            <td>{shop.name.clone()}</td>
            <td data-label=tr(MerchantsMsg::ColumnSlug)>
                <a href=format!("/s/{}", shop.slug)>{shop.slug.clone()}</a>
            </td>
            <td data-label=tr(MerchantsMsg::ColumnStatus)>
                <span class=format!("badge badge--{}", shop.status.as_db())>{tr(shop_status_msg(shop.status))}</span>
            </td>
            <td class="num" data-label=tr(AdminMsg::Products)>{shop.products}</td>
            <td data-label=tr(MerchantsMsg::ColumnOwner)>{shop.owner_email.clone().unwrap_or_else(|| tr(MerchantsMsg::NoOwner).to_string())}</td>
        </tr>
    }
}

/// `/admin/shops`: every shop with its status, product count and owner,
/// through an operator-only server function.
#[component]
pub fn AdminShopsPage() -> impl IntoView {
    let shops = Resource::new(|| (), |_| console_shops());
    view! {
        <Title text=tr(AdminMsg::Shops).into_owned()/>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match shops.await {
                    Ok(shops) => view! {
                        <h1>{tr(AdminMsg::Shops)}</h1>
                        <p>{tr(MerchantsMsg::AdminShopsIntro)}</p>
                        {if shops.is_empty() {
                            view! { <p>{tr(MerchantsMsg::NoShopsYet)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{tr(MerchantsMsg::ColumnName)}</th>
                                                <th scope="col">{tr(MerchantsMsg::ColumnSlug)}</th>
                                                <th scope="col">{tr(MerchantsMsg::ColumnStatus)}</th>
                                                <th scope="col" class="num">{tr(AdminMsg::Products)}</th>
                                                <th scope="col">{tr(MerchantsMsg::ColumnOwner)}</th>
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
