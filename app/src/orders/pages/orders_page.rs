use crate::cart::messages::CartMsg;
use crate::i18n::tr;
use crate::orders::api::{load_my_orders, status_filter};
use crate::orders::components::{OrderCard, OrderPager, StatusFilter};
use crate::orders::messages::OrdersMsg;
use crate::orders::model::{OrderList, OrderStatus};
use crate::ui::messages::UiMsg;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// The statuses My orders can be filtered by.
const FILTERS: &[OrderStatus] = &OrderStatus::ALL;

#[component]
fn OrderListView(list: OrderList, status: Option<OrderStatus>) -> impl IntoView {
    if list.total == 0 && status.is_none() {
        return view! {
            <section class="empty-state">
                <p class="empty-state__title">{tr(OrdersMsg::NoOrdersTitle)}</p>
                <p>{tr(OrdersMsg::NoOrdersBody)}</p>
                <a class="button button--primary" href="/">{tr(CartMsg::ContinueShopping)}</a>
            </section>
        }
        .into_any();
    }
    let cards = list
        .orders
        .into_iter()
        .map(|order| {
            let pay = (order.status == OrderStatus::PendingPayment)
                .then(|| view! { <a class="button button--primary button--small" href=format!("/pay/{}", order.checkout_id)>{tr(OrdersMsg::PayNow)}</a> });
            let href = format!("/orders/{}", order.order_id);
            view! {
                <OrderCard order href=href.clone()>
                    {pay}
                    <a class="button button--small" href=href>{tr(OrdersMsg::ViewOrder)}</a>
                </OrderCard>
            }
        })
        .collect_view();
    view! {
        {(list.total == 0).then(|| view! { <p class="empty">{tr(OrdersMsg::NoOrdersInStatus)}</p> })}
        <div class="order-list">{cards}</div>
        <OrderPager base="/orders" status page=list.page pages=list.pages/>
    }
    .into_any()
}

/// `/orders` (login required): my orders, newest first, filtered by status
/// through plain links.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || query.with(|q| (q.get("status"), q.get("page").and_then(|p| p.parse::<i64>().ok())));
    let data = Resource::new(args, |(status, page)| load_my_orders(status, page));
    let current = move || query.with(|q| status_filter(q.get("status").as_deref()));
    view! {
        <Title text=tr(OrdersMsg::MyOrders).into_owned()/>
        <Meta name="robots" content="noindex"/>
        <h1>{tr(OrdersMsg::MyOrders)}</h1>
        {move || view! { <StatusFilter base="/orders" current=current() statuses=FILTERS/> }}
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <OrderListView list status=current()/> }.into_any(),
                    Err(_) => view! { <ErrorPage/> }.into_any(),
                }
            })}
        </Transition>
    }
}
