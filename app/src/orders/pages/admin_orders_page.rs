use crate::i18n::tr;
use crate::orders::api::{load_console_orders, status_filter, MarkDelivered};
use crate::orders::components::{OrderCard, OrderPager, StatusFilter};
use crate::orders::messages::OrdersMsg;
use crate::orders::model::OrderStatus;
use crate::ui::messages::UiMsg;
use crate::ui::{form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FILTERS: &[OrderStatus] = &OrderStatus::ALL;

/// `/admin/orders?status=shipped`: every order in a status; a shipped one
/// can be marked delivered (when no carrier notice came).
#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    let query = use_query_map();
    let version = RwSignal::new(0u64);
    let args = move || {
        query.with(|q| {
            (
                q.get("status"),
                q.get("page").and_then(|p| p.parse::<i64>().ok()),
                version.get(),
            )
        })
    };
    let data = Resource::new(args, |(status, page, _)| load_console_orders(status, page));
    let deliver = ServerAction::<MarkDelivered>::new();
    Effect::new(move || {
        if deliver.value().with(|v| matches!(v, Some(Ok(_)))) {
            version.update(|v| *v += 1);
        }
    });
    let current = move || query.with(|q| status_filter(q.get("status").as_deref()));
    view! {
        <Title text=tr(OrdersMsg::Orders).into_owned()/>
        <h1>{tr(OrdersMsg::Orders)}</h1>
        {move || view! { <StatusFilter base="/admin/orders" current=current() statuses=FILTERS/> }}
        <FormAlert message=form_alert(deliver)/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => {
                        let cards = list
                            .orders
                            .into_iter()
                            .map(|order| {
                                let shipped = order.status == OrderStatus::Shipped;
                                let order_id = order.order_id;
                                view! {
                                    <OrderCard order>
                                        {shipped.then(|| view! {
                                            <ActionForm action=deliver>
                                                <input type="hidden" name="order_id" value=order_id/>
                                                <button type="submit" class="button button--small">{tr(OrdersMsg::MarkDelivered)}</button>
                                            </ActionForm>
                                        })}
                                    </OrderCard>
                                }
                            })
                            .collect_view();
                        view! {
                            {(list.total == 0).then(|| view! { <p class="empty">{tr(OrdersMsg::NoOrdersInStatus)}</p> })}
                            <div class="order-list">{cards}</div>
                            <OrderPager base="/admin/orders" status=current() page=list.page pages=list.pages/>
                        }
                        .into_any()
                    }
                    Err(e) => crate::merchants::pages::failure_page(&e),
                }
            })}
        </Transition>
    }
}
