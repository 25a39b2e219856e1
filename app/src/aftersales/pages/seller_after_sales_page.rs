use crate::aftersales::api::{load_shop_after_sales, ShopAnswer};
use crate::aftersales::components::{error_for, RequestCard};
use crate::aftersales::messages::AfterSalesMsg;
use crate::aftersales::model::{AfterSaleKind, AfterSaleStatus, AfterSaleView, ServiceFigures, ShopAfterSales};
use crate::catalog::messages::CatalogMsg;
use crate::i18n::tr;
use crate::ui::messages::UiMsg;
use crate::ui::FormAlert;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Per mille as a percentage with one decimal ("2.5%"), or a dash.
fn rate(permille: Option<i64>) -> String {
    permille.map_or_else(|| "—".to_string(), |p| format!("{}.{}%", p / 10, p % 10))
}

#[component]
fn FiguresRow(figures: ServiceFigures) -> impl IntoView {
    view! {
        <section class="card figures" aria-labelledby="figures-heading">
            <h2 id="figures-heading">{tr(AfterSalesMsg::Figures)}</h2>
            <dl class="figures__list">
                <div><dt>{tr(AfterSalesMsg::DeliveredOrders)}</dt><dd>{figures.delivered_orders}</dd></div>
                <div><dt>{tr(AfterSalesMsg::RequestsCount)}</dt><dd>{figures.requests}</dd></div>
                <div><dt>{tr(AfterSalesMsg::RefundRate)}</dt><dd>{rate(figures.refund_rate_permille())}</dd></div>
                <div><dt>{tr(AfterSalesMsg::DisputeRate)}</dt><dd>{rate(figures.dispute_rate_permille())}</dd></div>
                <div><dt>{tr(AfterSalesMsg::ComplaintsUpheld)}</dt><dd>{figures.complaints_upheld}</dd></div>
            </dl>
        </section>
    }
}

/// The shop's answer to one request: Agree (with the return address for a
/// return) or Refuse with a reason; once the parcel is back, Confirm return
/// received (restocking is a choice) or Refuse.
#[component]
fn AnswerForm(request: AfterSaleView, answer: ServerAction<ShopAnswer>, address: String) -> impl IntoView {
    let id = request.after_sale_id;
    let err = move |field: &'static str| error_for(answer, "after_sale_id", id, field);
    let (address_error, reason_error) = (err("return_address"), err("reason"));
    let address_id = format!("return-address-{id}");
    let reason_id = format!("refuse-reason-{id}");
    let restock_id = format!("restock-{id}");
    let waiting = request.status == AfterSaleStatus::AwaitingSeller;
    let returning = request.status == AfterSaleStatus::Returning;
    let needs_address = waiting && request.kind == AfterSaleKind::Return;
    (waiting || returning).then(|| {
        view! {
            <ActionForm action=answer attr:class="after-sale__form" attr:novalidate=true>
                <input type="hidden" name="after_sale_id" value=id/>
                <FormAlert message=err("form")/>
                {needs_address.then(|| view! {
                    <div class="field">
                        <label for=address_id.clone()>{tr(AfterSalesMsg::ReturnAddress)}</label>
                        <textarea id=address_id name="return_address" rows="2" maxlength="500">{address.clone()}</textarea>
                        <p class="field__error" role="alert">{move || address_error.get()}</p>
                    </div>
                })}
                {returning.then(|| view! {
                    <div class="field field--check">
                        <input type="checkbox" id=restock_id.clone() name="restock" value="1" checked=true/>
                        <label for=restock_id>{tr(AfterSalesMsg::Restock)}</label>
                    </div>
                    <button type="submit" name="decision" value="confirm" class="button button--primary">{tr(AfterSalesMsg::ConfirmReturn)}</button>
                })}
                {waiting.then(|| view! {
                    <button type="submit" name="decision" value="agree" class="button button--primary">{tr(AfterSalesMsg::Agree)}</button>
                })}
                <div class="field">
                    <label for=reason_id.clone()>{tr(AfterSalesMsg::RefuseReason)}</label>
                    <textarea id=reason_id name="reason" rows="2" maxlength="500"></textarea>
                    <p class="field__error" role="alert">{move || reason_error.get()}</p>
                </div>
                <button type="submit" name="decision" value="refuse" class="button button--danger">{tr(AfterSalesMsg::Refuse)}</button>
            </ActionForm>
        }
    })
}

#[component]
fn ShopSwitch(data: ShopAfterSales) -> impl IntoView {
    (data.shops.len() > 1).then(|| {
        view! {
            <form class="shop-switch" method="get" action="/seller/after-sales">
                <label for="shop-switch">{tr(CatalogMsg::Shop)}</label>
                <select id="shop-switch" name="shop">
                    {data.shops.iter().map(|s| view! {
                        <option value=s.shop_id.to_string() selected=s.shop_id == data.shop.shop_id>{s.name.clone()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button">{tr(AfterSalesMsg::AfterSales)}</button>
            </form>
        }
    })
}

/// `/seller/after-sales?shop=ID&finished=true`: the shop's queue of
/// requests with their deadlines (oldest first), its service figures, and
/// an answer form on each request waiting for it.
#[component]
pub fn SellerAfterSalesPage() -> impl IntoView {
    let query = use_query_map();
    let version = RwSignal::new(0u64);
    let args = move || {
        query.with(|q| {
            (
                q.get("shop").and_then(|s| s.parse::<i64>().ok()),
                q.get("finished").map(|f| f == "true"),
                version.get(),
            )
        })
    };
    let data = Resource::new(args, |(shop, finished, _)| load_shop_after_sales(shop, finished));
    let answer = ServerAction::<ShopAnswer>::new();
    Effect::new(move || {
        if answer.value().with(|v| matches!(v, Some(Ok(_)))) {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <Title text=tr(AfterSalesMsg::AfterSales).into_owned()/>
        <h1>{tr(AfterSalesMsg::AfterSales)}</h1>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => {
                        let shop = data.shop.shop_id;
                        let address = data.last_return_address.clone();
                        let cards = data
                            .requests
                            .iter()
                            .cloned()
                            .map(|r| {
                                let form = r.clone();
                                let address = address.clone();
                                view! { <RequestCard request=r><AnswerForm request=form.clone() answer address=address.clone()/></RequestCard> }
                            })
                            .collect_view();
                        view! {
                            <ShopSwitch data=data.clone()/>
                            <FiguresRow figures=data.figures/>
                            <nav class="status-filter" aria-label=tr(AfterSalesMsg::AfterSales)>
                                <ul>
                                    <li><a href=format!("/seller/after-sales?shop={shop}") aria-current=data.open.then_some("page")>{tr(AfterSalesMsg::Open)}</a></li>
                                    <li><a href=format!("/seller/after-sales?shop={shop}&finished=true") aria-current=(!data.open).then_some("page")>{tr(AfterSalesMsg::Finished)}</a></li>
                                </ul>
                            </nav>
                            {data.requests.is_empty().then(|| view! { <p class="empty">{tr(AfterSalesMsg::NoRequests)}</p> })}
                            <div class="after-sale-list">{cards}</div>
                        }
                        .into_any()
                    }
                    Err(e) => crate::merchants::pages::failure_page(&e),
                }
            })}
        </Transition>
    }
}
