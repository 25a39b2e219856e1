use crate::catalog::messages::CatalogMsg;
use crate::i18n::{tr, use_locale};
use crate::orders::api::{load_shop_orders, status_filter, ShipOrder, ShopOrders};
use crate::orders::components::{OrderCard, OrderPager, StatusFilter};
use crate::orders::messages::OrdersMsg;
use crate::orders::model::{OrderStatus, OrderSummary, CARRIERS};
use crate::ui::messages::UiMsg;
use crate::ui::{echoed, field_error, form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FILTERS: &[OrderStatus] = &[
    OrderStatus::Paid,
    OrderStatus::PendingPayment,
    OrderStatus::Shipped,
    OrderStatus::Delivered,
    OrderStatus::Completed,
    OrderStatus::Cancelled,
];

/// Ship: carrier and tracking number for one paid order. The failed post's
/// values come back only to the order they were typed for.
#[component]
fn ShipForm(order_id: i64, action: ServerAction<ShipOrder>, refresh: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    // A failure belongs to the form whose order it names.
    let id_text = order_id.to_string();
    let mine = move || {
        action
            .value()
            .with(|v| matches!(v, Some(Err(e)) if e.echoed("order_id") == Some(id_text.as_str())))
    };
    let error = {
        let mine = mine.clone();
        move |field: &'static str| {
            let e = field_error(action, field);
            let mine = mine.clone();
            Signal::derive(move || if mine() { e.get() } else { None })
        }
    };
    let carrier_error = error("carrier");
    let number_error = error("tracking_number");
    let alert = form_alert(action);
    let alert = {
        let mine = mine.clone();
        Signal::derive(move || if mine() { alert.get() } else { None })
    };
    Effect::new(move || {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            refresh.run(());
        }
    });
    let carrier_id = format!("carrier-{order_id}");
    let number_id = format!("tracking-{order_id}");
    let is_mine = mine();
    let typed = |field| if is_mine { echoed(action, field) } else { String::new() };
    let typed_carrier = typed("carrier");
    let typed_number = typed("tracking_number");
    let options = CARRIERS
        .iter()
        .map(|(code, en, zh)| {
            let words = if locale == crate::i18n::Locale::ZhCn { *zh } else { *en };
            view! { <option value=*code selected=typed_carrier == *code>{words}</option> }
        })
        .collect_view();
    view! {
        <ActionForm action=action attr:class="ship-form" attr:novalidate=true>
            <input type="hidden" name="order_id" value=order_id/>
            <FormAlert message=alert/>
            <div class="field">
                <label for=carrier_id.clone()>{tr(OrdersMsg::Carrier)}</label>
                <select id=carrier_id name="carrier" required=true>
                    <option value="">{tr(OrdersMsg::ChooseCarrier)}</option>
                    {options}
                </select>
                <p class="field__error" role="alert">{move || carrier_error.get()}</p>
            </div>
            <div class="field">
                <label for=number_id.clone()>{tr(OrdersMsg::TrackingNumber)}</label>
                <input id=number_id name="tracking_number" type="text" autocomplete="off" required=true value=typed_number/>
                <p class="field__error" role="alert">{move || number_error.get()}</p>
            </div>
            <button type="submit" class="button button--primary" disabled=move || action.pending().get()>{tr(OrdersMsg::Ship)}</button>
        </ActionForm>
    }
}

#[component]
fn ShopOrderCard(order: OrderSummary, ship: ServerAction<ShipOrder>, refresh: Callback<()>) -> impl IntoView {
    let order_id = order.order_id;
    let paid = order.status == OrderStatus::Paid;
    let ship_to = format!("{} · {}", order.recipient, order.address_text);
    let tracking = order.tracking_number.clone();
    view! {
        <OrderCard order>
            <p class="order-card__ship-to">{tr(OrdersMsg::ShipTo)} ": " {ship_to}</p>
            {tracking.map(|t| view! { <p>{tr(OrdersMsg::TrackingNumber)} ": " {t}</p> })}
            {paid.then(|| view! { <ShipForm order_id action=ship refresh/> })}
        </OrderCard>
    }
}

#[component]
fn ShopSwitch(data: ShopOrders) -> impl IntoView {
    (data.shops.len() > 1).then(|| {
        view! {
            <form class="shop-switch" method="get" action="/seller/orders">
                <label for="shop-switch">{tr(CatalogMsg::Shop)}</label>
                <select id="shop-switch" name="shop">
                    {data.shops.iter().map(|s| view! {
                        <option value=s.shop_id.to_string() selected=s.shop_id == data.shop.shop_id>{s.name.clone()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button">{tr(OrdersMsg::Orders)}</button>
            </form>
        }
    })
}

/// `/seller/orders?shop=ID&status=paid`: a shop's orders, those to ship
/// first by default, each paid one with its Ship form.
#[component]
pub fn SellerOrdersPage() -> impl IntoView {
    let query = use_query_map();
    let version = RwSignal::new(0u64);
    let args = move || {
        query.with(|q| {
            (
                q.get("shop").and_then(|s| s.parse::<i64>().ok()),
                Some(q.get("status").unwrap_or_else(|| OrderStatus::Paid.as_db().to_string())).filter(|s| s != "all"),
                q.get("page").and_then(|p| p.parse::<i64>().ok()),
                version.get(),
            )
        })
    };
    let data = Resource::new(args, |(shop, status, page, _)| load_shop_orders(shop, status, page));
    let ship = ServerAction::<ShipOrder>::new();
    let refresh = Callback::new(move |_| version.update(|v| *v += 1));
    let current = move || {
        query.with(|q| match q.get("status").as_deref() {
            None => Some(OrderStatus::Paid),
            Some(s) => status_filter(Some(s)),
        })
    };
    view! {
        <Title text=tr(OrdersMsg::Orders).into_owned()/>
        <h1>{tr(OrdersMsg::Orders)}</h1>
        {move || view! { <StatusFilter base="/seller/orders" all_href="/seller/orders?status=all" current=current() statuses=FILTERS/> }}
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => {
                        let list = data.list.clone();
                        let cards = list
                            .orders
                            .into_iter()
                            .map(|order| view! { <ShopOrderCard order ship refresh/> })
                            .collect_view();
                        view! {
                            <ShopSwitch data=data.clone()/>
                            <h2 class="seller-orders__shop">{data.shop.name.clone()}</h2>
                            {(list.total == 0).then(|| view! { <p class="empty">{tr(OrdersMsg::NoOrdersInStatus)}</p> })}
                            <div class="order-list">{cards}</div>
                            <OrderPager base="/seller/orders" status=current() page=list.page pages=list.pages/>
                        }
                        .into_any()
                    }
                    Err(e) => crate::merchants::pages::failure_page(&e),
                }
            })}
        </Transition>
    }
}
