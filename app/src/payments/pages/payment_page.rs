use crate::error::{AppError, ErrorCode};
use crate::i18n::{format_fen, tr};
use crate::orders::messages::{status_msg, OrdersMsg};
use crate::orders::model::OrderSummary;
use crate::payments::api::{load_payment, Pay, PaymentState, PaymentView as PageData};
use crate::payments::messages::PaymentsMsg;
use crate::ui::messages::UiMsg;
use crate::ui::{echoed, field_error, form_alert, go_on_success, ErrorPage, FormAlert, NotFoundPage, TextField};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
fn OrdersInPayment(orders: Vec<OrderSummary>) -> impl IntoView {
    let rows = orders
        .into_iter()
        .map(|o| {
            view! {
                <li class="payment-order">
                    <a href=format!("/orders/{}", o.order_id)>{tr(OrdersMsg::Order { id: o.order_id })}</a>
                    " · " {o.shop_name.clone()}
                    " · " <span class=format!("badge badge--{}", o.status.as_db())>{tr(status_msg(o.status))}</span>
                    " · " <strong>{format_fen(o.total_minor)}</strong>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>{tr(PaymentsMsg::OrdersInPayment)}</h2>
        <ul class="payment-orders">{rows}</ul>
    }
}

#[component]
fn PayForm(data: PageData) -> impl IntoView {
    let pay = ServerAction::<Pay>::new();
    let checkout_id = data.checkout_id;
    go_on_success(pay, move |_| format!("/pay/{checkout_id}"));
    // One key per attempt: a double click sends the same key (one payment),
    // a new try after a decline sends a new one.
    let failures = RwSignal::new(0u32);
    Effect::new(move || {
        if pay.value().with(|v| matches!(v, Some(Err(_)))) {
            failures.update(|n| *n += 1);
        }
    });
    let attempt = data.attempt.clone();
    let attempt_key = move || format!("{attempt}-{}", failures.get());
    view! {
        <section class="card payment-card">
            <p class="payment-card__due">{tr(PaymentsMsg::AmountDue)} " " <strong>{format_fen(data.due_minor)}</strong></p>
            <ActionForm action=pay attr:class="form" attr:novalidate=true>
                <input type="hidden" name="checkout_id" value=checkout_id/>
                <input type="hidden" name="attempt" value=attempt_key/>
                <FormAlert message=form_alert(pay)/>
                <TextField
                    label=PaymentsMsg::CardNumber
                    name="card_number"
                    input_type="text"
                    autocomplete="cc-number"
                    error=field_error(pay, "card_number")
                />
                <div class="payment-card__row">
                    <TextField
                        label=PaymentsMsg::Expiry
                        name="expiry"
                        autocomplete="cc-exp"
                        value=echoed(pay, "expiry")
                        error=field_error(pay, "expiry")
                        hint=PaymentsMsg::ExpiryHint
                    />
                    <TextField
                        label=PaymentsMsg::Cvc
                        name="cvc"
                        autocomplete="cc-csc"
                        error=field_error(pay, "cvc")
                        hint=PaymentsMsg::CvcHint
                    />
                </div>
                <button type="submit" class="button button--primary button--block" disabled=move || pay.pending().get()>
                    {tr(PaymentsMsg::Pay)} " " {format_fen(data.due_minor)}
                </button>
                <p class="field__hint">{tr(PaymentsMsg::TestCards)}</p>
            </ActionForm>
        </section>
    }
}

#[component]
fn PaymentView(data: PageData) -> impl IntoView {
    let orders = data.orders.clone();
    // A group buy's place was paid: the next step is sharing the group.
    let group = data.orders.iter().find_map(|o| o.group.as_ref().map(|g| g.group_id));
    let body = match data.state {
        PaymentState::Paid => view! {
            <section class="card payment-result" role="status">
                <h2 class="payment-result__title">{tr(PaymentsMsg::PaymentSuccessful)}</h2>
                <p>{tr(PaymentsMsg::PaymentSuccessfulBody)}</p>
                {group.map(|g| view! {
                    <a class="button button--group" href=format!("/g/{g}")>{tr(crate::promotions::messages::PromoMsg::ShareYourGroup)}</a>
                    " "
                })}
                <a class="button button--primary" href="/orders">{tr(PaymentsMsg::ViewMyOrders)}</a>
            </section>
        }
        .into_any(),
        PaymentState::Confirming => view! {
            // Refreshes without JavaScript until the notification is in.
            <Meta http_equiv="refresh" content="2"/>
            <section class="card payment-result" role="status">
                <h2 class="payment-result__title">{tr(PaymentsMsg::Confirming)}</h2>
                <p>{tr(PaymentsMsg::ConfirmingBody)}</p>
            </section>
        }
        .into_any(),
        PaymentState::Closed => view! {
            <section class="card payment-result">
                <p>{tr(PaymentsMsg::Closed)}</p>
                <a class="button" href="/orders">{tr(PaymentsMsg::ViewMyOrders)}</a>
            </section>
        }
        .into_any(),
        PaymentState::Due => view! { <PayForm data/> }.into_any(),
    };
    view! {
        {body}
        <OrdersInPayment orders/>
    }
}

/// `/pay/{checkout}`: pay the checkout's orders still waiting, by card; then
/// "Payment successful" once the provider's notification confirms it.
#[component]
pub fn PaymentPage() -> impl IntoView {
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
            Some(id) => load_payment(id).await,
            None => Err(AppError::new(ErrorCode::NotFound)),
        }
    });
    view! {
        <Title text=tr(PaymentsMsg::Payment).into_owned()/>
        <Meta name="robots" content="noindex"/>
        <h1>{tr(PaymentsMsg::Payment)}</h1>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <PaymentView data/> }.into_any(),
                    Err(e) if e.code == ErrorCode::NotFound => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ErrorPage/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
