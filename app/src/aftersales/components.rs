//! After-sales widgets: a request with its timeline (shared by the order
//! page, the shop's queue and the operator's disputes), and the order
//! page's after-sales section with the shopper's forms.

use super::api::{load_order_after_sales, Complain, ShopperAct};
use super::messages::{
    complaint_kind_msg, complaint_status_msg, kind_msg, reason_msg, status_msg, step_msg, AfterSalesMsg,
};
use super::model::{AfterSaleStatus, AfterSaleView, ComplaintKind, ComplaintView, LineAfterSales, OrderAfterSales};
use crate::i18n::{format_fen, tr, use_locale};
use crate::orders::components::{china_time, options_text};
use crate::orders::messages::{actor_msg, OrdersMsg};
use crate::orders::model::{OrderStatus, CARRIERS};
use crate::ui::{form_alert, go_on_success, FormAlert, FormFn};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// A request's status in words, as a badge.
#[component]
pub fn AfterSaleBadge(status: AfterSaleStatus) -> impl IntoView {
    view! { <span class=format!("badge badge--as-{}", status.as_db())>{tr(status_msg(status))}</span> }
}

/// The message for `field` of the latest failure of `action`, when that
/// failure was about the item named `id` (several forms share one action).
pub fn error_for<S: FormFn>(
    action: ServerAction<S>,
    key: &'static str,
    id: i64,
    field: &'static str,
) -> Signal<Option<String>>
where
    S::Output: Send + Sync + 'static,
{
    let locale = use_locale();
    let id = id.to_string();
    Signal::derive(move || {
        action.value().with(|v| match v {
            Some(Err(e)) if e.echoed(key) == Some(id.as_str()) => {
                let code = if field == "form" {
                    e.fields.is_empty().then_some(e.code)
                } else {
                    e.for_field(field)
                };
                code.map(|c| crate::ui::messages::code_message(locale, c, e.retry_after_secs))
            }
            _ => None,
        })
    })
}

/// The steps of a request: who did what, when, and what was said.
#[component]
fn Steps(request: AfterSaleView) -> impl IntoView {
    let rows = request
        .steps
        .into_iter()
        .map(|s| {
            let who = s
                .actor
                .map(|a| view! { " · " {tr(OrdersMsg::By)} " " {tr(actor_msg(a))} });
            let note = [s.said.clone(), s.detail.clone()]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            view! {
                <li class="timeline__step">
                    <time class="timeline__when">{china_time(s.at)}</time>
                    <span class="timeline__what">{tr(step_msg(&s.action))}</span>
                    {who}
                    {(!note.is_empty()).then(|| view! { <span class="timeline__note">{note}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="after-sale__steps" open=true>
            <summary>{tr(AfterSalesMsg::Timeline)}</summary>
            <ol class="timeline">{rows}</ol>
        </details>
    }
}

/// One request: the item, what was asked and why, where it stands, the
/// evidence and every step. `children`: what the viewer can do now.
#[component]
pub fn RequestCard(request: AfterSaleView, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let r = request.clone();
    let options = options_text(&r.options);
    let deadline = r.deadline.map(|at| {
        let text = match r.status {
            AfterSaleStatus::AwaitingSeller => AfterSalesMsg::ShopAnswersBy { at },
            AfterSaleStatus::Agreed => AfterSalesMsg::ShipBackBy { at },
            _ => AfterSalesMsg::ConfirmBy { at },
        };
        view! { <p class="after-sale__deadline">{tr(text)}</p> }
    });
    let address = (matches!(r.status, AfterSaleStatus::Agreed | AfterSaleStatus::Returning)).then(|| {
        let text = if r.return_address.is_empty() {
            tr(AfterSalesMsg::ReturnAddressUnknown).into_owned()
        } else {
            r.return_address.clone()
        };
        view! { <p class="after-sale__address"><strong>{tr(AfterSalesMsg::ReturnAddress)} ": "</strong>{text}</p> }
    });
    let tracking = r.return_tracking.clone().map(|t| {
        let carrier = r
            .return_carrier
            .as_deref()
            .map(|c| crate::orders::model::carrier_name(c).text())
            .unwrap_or_default();
        view! { <p>{tr(AfterSalesMsg::TrackingNumber)} ": " {carrier} " " <strong>{t}</strong></p> }
    });
    let refunded = (r.refunded_minor > 0).then(|| {
        let split = (r.platform_returns_minor > 0).then(|| {
            view! {
                <p class="field__hint">{tr(AfterSalesMsg::RefundSplit {
                    shop: r.shop_bears_minor,
                    platform: r.platform_returns_minor,
                })}</p>
            }
        });
        view! {
            <p class="after-sale__refunded"><strong>{tr(AfterSalesMsg::RefundedAmount)} ": " {format_fen(r.refunded_minor)}</strong></p>
            {split}
        }
    });
    let photos = (!r.photos.is_empty()).then(|| {
        let items = r
            .photos
            .iter()
            .map(|p| view! { <li><a href=p.url.clone()><img src=p.thumb_url.clone() alt="" width="80" height="80" loading="lazy"/></a></li> })
            .collect_view();
        view! { <ul class="photo-strip">{items}</ul> }
    });
    view! {
        <article class="after-sale card" id=format!("after-sale-{}", r.after_sale_id)>
            <header class="after-sale__head">
                <h3>{tr(AfterSalesMsg::Request { id: r.after_sale_id })} " · " {tr(kind_msg(r.kind))}</h3>
                <AfterSaleBadge status=r.status/>
            </header>
            <p class="after-sale__item">
                <a href=format!("/orders/{}", r.order_id)>{r.title.clone()}</a>
                {(!options.is_empty()).then(|| view! { " · " {options} })}
                " · " {r.shop_name.clone()}
            </p>
            <dl class="after-sale__facts">
                <div><dt>{tr(AfterSalesMsg::Reason)}</dt><dd>{tr(reason_msg(r.reason))}</dd></div>
                <div><dt>{tr(AfterSalesMsg::AmountAsked)}</dt><dd>{format_fen(r.amount_minor)}</dd></div>
            </dl>
            {(!r.description.is_empty()).then(|| view! { <p class="after-sale__said"><strong>{tr(AfterSalesMsg::ShopperSaid)} ": "</strong>{r.description.clone()}</p> })}
            {photos}
            {(!r.refuse_reason.is_empty()).then(|| view! { <p class="after-sale__said"><strong>{tr(AfterSalesMsg::ShopSaid)} ": "</strong>{r.refuse_reason.clone()}</p> })}
            {(!r.decision_reason.is_empty()).then(|| view! { <p class="after-sale__said"><strong>{tr(AfterSalesMsg::PlatformDecided)} ": "</strong>{r.decision_reason.clone()}</p> })}
            {deadline}
            {address}
            {tracking}
            {refunded}
            {children.map(|c| view! { <div class="after-sale__actions">{c()}</div> })}
            <Steps request=request/>
        </article>
    }
}

/// The carrier drop-down, in the page's language.
fn carrier_options() -> impl IntoView {
    let locale = use_locale();
    CARRIERS
        .iter()
        .map(|(code, en, zh)| {
            let words = if locale == crate::i18n::Locale::ZhCn { *zh } else { *en };
            view! { <option value=*code>{words}</option> }
        })
        .collect_view()
}

/// What the shopper can do with a request now: Ship return (agreed),
/// Escalate to the platform (refused), withdraw it (before it is settled).
#[component]
fn ShopperActions(request: AfterSaleView, act: ServerAction<ShopperAct>) -> impl IntoView {
    let id = request.after_sale_id;
    let status = request.status;
    let err = move |field: &'static str| error_for(act, "after_sale_id", id, field);
    let (carrier_error, number_error, statement_error) = (err("carrier"), err("tracking_number"), err("statement"));
    let carrier_id = format!("return-carrier-{id}");
    let number_id = format!("return-tracking-{id}");
    let statement_id = format!("statement-{id}");
    let ship = (status == AfterSaleStatus::Agreed).then(|| {
        view! {
            <div class="field">
                <label for=carrier_id.clone()>{tr(AfterSalesMsg::Carrier)}</label>
                <select id=carrier_id name="carrier">
                    <option value="">{tr(AfterSalesMsg::ChooseCarrier)}</option>
                    {carrier_options()}
                </select>
                <p class="field__error" role="alert">{move || carrier_error.get()}</p>
            </div>
            <div class="field">
                <label for=number_id.clone()>{tr(AfterSalesMsg::TrackingNumber)}</label>
                <input id=number_id name="tracking_number" type="text" autocomplete="off"/>
                <p class="field__error" role="alert">{move || number_error.get()}</p>
            </div>
            <button type="submit" name="decision" value="ship" class="button button--primary">{tr(AfterSalesMsg::ShipReturn)}</button>
        }
    });
    let escalate = (status == AfterSaleStatus::Refused).then(|| {
        view! {
            <div class="field">
                <label for=statement_id.clone()>{tr(AfterSalesMsg::Statement)}</label>
                <textarea id=statement_id name="statement" rows="3" maxlength="500"></textarea>
                <p class="field__error" role="alert">{move || statement_error.get()}</p>
            </div>
            <button type="submit" name="decision" value="escalate" class="button button--primary">{tr(AfterSalesMsg::Escalate)}</button>
        }
    });
    let withdraw = matches!(
        status,
        AfterSaleStatus::AwaitingSeller | AfterSaleStatus::Agreed | AfterSaleStatus::Refused
    );
    (ship.is_some() || escalate.is_some() || withdraw).then(|| {
        view! {
            <ActionForm action=act attr:class="after-sale__form" attr:novalidate=true>
                <input type="hidden" name="after_sale_id" value=id/>
                <input type="hidden" name="order_id" value=request.order_id/>
                <FormAlert message=err("form")/>
                {ship}
                {escalate}
                {withdraw.then(|| view! {
                    <button type="submit" name="decision" value="withdraw" class="button">{tr(AfterSalesMsg::Withdraw)}</button>
                })}
            </ActionForm>
        }
    })
}

/// One line's after-sales: what was paid, the no-reason window, and the
/// two ways to ask (plain GET forms: buttons that work without JavaScript).
#[component]
fn LineRow(order_id: i64, line: LineAfterSales) -> impl IntoView {
    let no_reason = if !line.no_reason_category {
        Some(tr(AfterSalesMsg::NoReasonExcluded).into_owned())
    } else {
        line.no_reason_until.map(|until| {
            if !line.no_reason_open {
                tr(AfterSalesMsg::NoReasonEnded).into_owned()
            } else {
                tr(AfterSalesMsg::NoReasonUntil { until }).into_owned()
            }
        })
    };
    let action = format!("/orders/{order_id}/after-sales/{}", line.order_line_id);
    view! {
        <li class="after-sales-line">
            <p class="after-sales-line__title">{line.title.clone()}</p>
            <p class="field__hint">{tr(AfterSalesMsg::Paid)} ": " {format_fen(line.paid_minor)}</p>
            {no_reason.map(|t| view! { <p class="after-sales-line__policy">{t}</p> })}
            {line.requests_until.filter(|_| line.can_request).map(|u| view! {
                <p class="field__hint">{tr(AfterSalesMsg::RequestsUntil { until: u })}</p>
            })}
            {line.can_request.then(|| view! {
                <div class="after-sales-line__actions">
                    <form method="get" action=action.clone()>
                        <input type="hidden" name="kind" value="refund"/>
                        <button type="submit" class="button button--small">{tr(AfterSalesMsg::RequestRefund)}</button>
                    </form>
                    <form method="get" action=action.clone()>
                        <input type="hidden" name="kind" value="return"/>
                        <button type="submit" class="button button--small">{tr(AfterSalesMsg::ReturnAndRefund)}</button>
                    </form>
                </div>
            })}
        </li>
    }
}

/// The shopper's complaints about the order's shop and the form for one.
#[component]
fn ComplaintsPart(data: OrderAfterSales) -> impl IntoView {
    let complain = ServerAction::<Complain>::new();
    let order_id = data.order_id;
    go_on_success(complain, move |_| format!("/orders/{order_id}#complaints"));
    let kind_error = crate::ui::field_error(complain, "kind");
    let description_error = crate::ui::field_error(complain, "description");
    let listed = data
        .complaints
        .iter()
        .map(|c: &ComplaintView| {
            view! {
                <li class="complaint">
                    <strong>{tr(complaint_kind_msg(c.kind))}</strong> " · "
                    <span class="badge">{tr(complaint_status_msg(c.status))}</span> " · "
                    <time>{china_time(c.created_at)}</time>
                    <p>{c.description.clone()}</p>
                    {(!c.decision_reason.is_empty()).then(|| view! { <p><strong>{tr(AfterSalesMsg::PlatformDecided)} ": "</strong>{c.decision_reason.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    let kinds = ComplaintKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_db()>{tr(complaint_kind_msg(*k))}</option> })
        .collect_view();
    let form = data.can_complain.then(|| {
        view! {
            <details class="complaint-form">
                <summary>{tr(AfterSalesMsg::ComplainAboutShop)}</summary>
                <ActionForm action=complain attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="order_id" value=order_id/>
                    <FormAlert message=form_alert(complain)/>
                    <div class="field">
                        <label for="complaint-kind">{tr(AfterSalesMsg::ComplaintKind)}</label>
                        <select id="complaint-kind" name="kind">
                            <option value="">{tr(AfterSalesMsg::ChooseKind)}</option>
                            {kinds}
                        </select>
                        <p class="field__error" role="alert">{move || kind_error.get()}</p>
                    </div>
                    <div class="field">
                        <label for="complaint-description">{tr(AfterSalesMsg::Description)}</label>
                        <textarea id="complaint-description" name="description" rows="3" maxlength="500"></textarea>
                        <p class="field__error" role="alert">{move || description_error.get()}</p>
                    </div>
                    <button type="submit" class="button">{tr(AfterSalesMsg::SubmitComplaint)}</button>
                </ActionForm>
            </details>
        }
    });
    (!data.complaints.is_empty() || form.is_some()).then(|| {
        view! {
            <div id="complaints">
                <h3>{tr(AfterSalesMsg::YourComplaints)}</h3>
                <ul class="complaints">{listed}</ul>
                {form}
            </div>
        }
    })
}

/// The order page's after-sales section: each line's policy and buttons,
/// the requests with their steps and the shopper's next move, complaints.
#[component]
pub fn OrderAfterSalesSection(order_id: i64, status: OrderStatus) -> impl IntoView {
    let relevant = !matches!(status, OrderStatus::PendingPayment | OrderStatus::Cancelled);
    let data = Resource::new(
        move || (),
        move |_| async move {
            if relevant {
                load_order_after_sales(order_id).await.ok()
            } else {
                None
            }
        },
    );
    let act = ServerAction::<ShopperAct>::new();
    go_on_success(act, move |_| format!("/orders/{order_id}"));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let data = data.await?;
                let delivered = data.lines.iter().any(|l| l.requests_until.is_some());
                let lines = data
                    .lines
                    .iter()
                    .cloned()
                    .map(|line| view! { <LineRow order_id line/> })
                    .collect_view();
                let requests = data
                    .requests
                    .iter()
                    .rev()
                    .cloned()
                    .map(|r| {
                        let actions = r.clone();
                        view! { <RequestCard request=r><ShopperActions request=actions.clone() act/></RequestCard> }
                    })
                    .collect_view();
                Some(view! {
                    <section class="card order-section after-sales" aria-labelledby="after-sales-heading">
                        <h2 id="after-sales-heading">{tr(AfterSalesMsg::AfterSales)}</h2>
                        {delivered.then(|| view! { <ul class="after-sales-lines">{lines}</ul> })}
                        {(!data.requests.is_empty()).then(|| view! {
                            <h3>{tr(AfterSalesMsg::YourRequests)}</h3>
                            <div class="after-sale-list">{requests}</div>
                        })}
                        <ComplaintsPart data=data.clone()/>
                    </section>
                })
            })}
        </Suspense>
    }
}
