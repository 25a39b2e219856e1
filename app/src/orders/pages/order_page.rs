use crate::error::{AppError, ErrorCode};
use crate::i18n::{format_fen, tr};
use crate::orders::api::{load_order, CancelOrder, ConfirmReceipt};
use crate::orders::components::{china_time, OrderLines, StatusBadge};
use crate::orders::messages::{actor_msg, event_msg, OrdersMsg};
use crate::orders::model::{carrier_name, OrderDetail, OrderStatus};
use crate::ui::messages::UiMsg;
use crate::ui::{form_alert, go_on_success, ErrorPage, FormAlert, NotFoundPage};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
fn Timeline(detail: OrderDetail) -> impl IntoView {
    let rows = detail
        .timeline
        .into_iter()
        .map(|e| {
            let who = e
                .actor
                .map(|a| view! { " · " {tr(OrdersMsg::By)} " " {tr(actor_msg(a))} });
            let note = [e.reason.clone(), e.detail.clone()]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            view! {
                <li class="timeline__step">
                    <time class="timeline__when">{china_time(e.at)}</time>
                    <span class="timeline__what">{tr(event_msg(&e.action))}</span>
                    {who}
                    {(!note.is_empty()).then(|| view! { <span class="timeline__note">{note}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card order-section" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{tr(OrdersMsg::Timeline)}</h2>
            <ol class="timeline">{rows}</ol>
        </section>
    }
}

#[component]
fn OrderActions(detail: OrderDetail) -> impl IntoView {
    let cancel = ServerAction::<CancelOrder>::new();
    let confirm = ServerAction::<ConfirmReceipt>::new();
    let order_id = detail.summary.order_id;
    go_on_success(cancel, move |_| format!("/orders/{order_id}"));
    go_on_success(confirm, move |_| format!("/orders/{order_id}"));
    let status = detail.summary.status;
    let can_cancel = matches!(status, OrderStatus::PendingPayment | OrderStatus::Paid);
    let can_confirm = matches!(status, OrderStatus::Shipped | OrderStatus::Delivered);
    let pay_href = format!("/pay/{}", detail.summary.checkout_id);
    view! {
        <div class="order-actions">
            <FormAlert message=form_alert(cancel)/>
            <FormAlert message=form_alert(confirm)/>
            {(status == OrderStatus::PendingPayment).then(|| view! {
                <a class="button button--primary" href=pay_href>{tr(OrdersMsg::PayNow)}</a>
            })}
            {can_confirm.then(|| view! {
                <ActionForm action=confirm>
                    <input type="hidden" name="order_id" value=order_id/>
                    <button type="submit" class="button button--primary" disabled=move || confirm.pending().get()>{tr(OrdersMsg::ConfirmReceipt)}</button>
                </ActionForm>
            })}
            {can_cancel.then(|| view! {
                <ActionForm action=cancel>
                    <input type="hidden" name="order_id" value=order_id/>
                    // Before it ships a paid order is called off and its
                    // money goes back at once.
                    <button type="submit" class="button" disabled=move || cancel.pending().get()>
                        {tr(if status == OrderStatus::Paid { OrdersMsg::CancelAndRefund } else { OrdersMsg::CancelOrder })}
                    </button>
                </ActionForm>
            })}
        </div>
    }
}

#[component]
fn OrderView(detail: OrderDetail) -> impl IntoView {
    let s = detail.summary.clone();
    let shipment = s.tracking_number.clone().map(|number| {
        let carrier = s.carrier.as_deref().map(|c| carrier_name(c).text()).unwrap_or_default();
        view! {
            <p class="order-shipment">
                {tr(OrdersMsg::Carrier)} ": " {carrier} " · " {tr(OrdersMsg::TrackingNumber)} ": " <strong class="order-shipment__number">{number}</strong>
            </p>
        }
    });
    let pay_by = (s.status == OrderStatus::PendingPayment)
        .then(|| view! { <p class="field__hint">{tr(OrdersMsg::PayBy)} " " {china_time(s.pay_by)}</p> });
    let refunds = detail
        .refunds
        .iter()
        .map(|r| {
            let state = if r.done {
                OrdersMsg::RefundDone
            } else {
                OrdersMsg::RefundPending
            };
            view! { <li>{tr(OrdersMsg::Refund)} " " {format_fen(r.amount_minor)} ": " {tr(state)}</li> }
        })
        .collect_view();
    view! {
        <header class="order-head">
            <h1>{tr(OrdersMsg::Order { id: s.order_id })}</h1>
            <p class="order-head__status"><StatusBadge status=s.status/></p>
            <p class="order-head__meta">{s.shop_name.clone()} " · " {tr(OrdersMsg::PlacedOn)} " " {china_time(s.placed_at)}</p>
            {pay_by}
            {shipment}
        </header>
        <OrderActions detail=detail.clone()/>
        <section class="card order-section">
            <OrderLines lines=s.lines.clone() order_id=s.order_id/>
            <dl class="money-rows">
                <div><dt>{tr(OrdersMsg::Items)}</dt><dd>{format_fen(detail.items_minor)}</dd></div>
                <div><dt>{tr(OrdersMsg::Shipping)}</dt><dd>{format_fen(detail.shipping_minor)}</dd></div>
                <div><dt>{tr(OrdersMsg::Discount)}</dt><dd>{format_fen(-detail.discount_minor)}</dd></div>
                <div class="money-rows__total"><dt>{tr(OrdersMsg::Total)}</dt><dd>{format_fen(s.total_minor)}</dd></div>
            </dl>
            {detail.paid_with.clone().map(|p| view! { <p>{tr(OrdersMsg::PaidWith)} ": " {p}</p> })}
            <ul class="order-refunds">{refunds}</ul>
        </section>
        <section class="card order-section">
            <h2>{tr(OrdersMsg::ShipTo)}</h2>
            <p>{s.recipient.clone()} " " {detail.phone.clone()}<br/>{s.address_text.clone()}</p>
        </section>
        <Timeline detail/>
        <crate::aftersales::components::OrderAfterSalesSection order_id=s.order_id status=s.status/>
    }
}

/// `/orders/{id}`: one of my orders with its status, lines (with the chosen
/// options), money, shipment and timeline, and what I can do now.
#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|id| *id > 0)
    };
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_order(id).await,
            None => Err(AppError::new(ErrorCode::NotFound)),
        }
    });
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(detail) => {
                        let title = tr(OrdersMsg::Order { id: detail.summary.order_id }).into_owned();
                        view! { <Title text=title/> <OrderView detail/> }.into_any()
                    }
                    Err(e) if e.code == ErrorCode::NotFound => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ErrorPage/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
