use crate::aftersales::api::{load_disputes, DecideDispute};
use crate::aftersales::components::{error_for, RequestCard};
use crate::aftersales::messages::AfterSalesMsg;
use crate::aftersales::model::AfterSaleView;
use crate::i18n::tr;
use crate::ui::messages::UiMsg;
use crate::ui::FormAlert;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// The operator's decision on one dispute: Approve refund (the amount, in
/// full or in part) or Reject request, with a reason both sides read.
#[component]
fn DecisionForm(request: AfterSaleView, decide: ServerAction<DecideDispute>) -> impl IntoView {
    let id = request.after_sale_id;
    let err = move |field: &'static str| error_for(decide, "after_sale_id", id, field);
    let (amount_error, reason_error) = (err("amount"), err("reason"));
    let amount_id = format!("amount-{id}");
    let reason_id = format!("reason-{id}");
    let amount = crate::catalog::domain::yuan_param(request.amount_minor.min(request.refundable_minor));
    view! {
        <ActionForm action=decide attr:class="after-sale__form" attr:novalidate=true>
            <input type="hidden" name="after_sale_id" value=id/>
            <FormAlert message=err("form")/>
            <div class="field">
                <label for=amount_id.clone()>{tr(AfterSalesMsg::Amount)}</label>
                <input id=amount_id name="amount" type="text" inputmode="decimal" value=amount/>
                <p class="field__error" role="alert">{move || amount_error.get()}</p>
            </div>
            <div class="field">
                <label for=reason_id.clone()>{tr(AfterSalesMsg::DecisionReason)}</label>
                <textarea id=reason_id name="reason" rows="2" maxlength="500"></textarea>
                <p class="field__error" role="alert">{move || reason_error.get()}</p>
            </div>
            <button type="submit" name="decision" value="refund" class="button button--primary">{tr(AfterSalesMsg::ApproveRefund)}</button>
            <button type="submit" name="decision" value="close" class="button button--danger">{tr(AfterSalesMsg::RejectRequest)}</button>
        </ActionForm>
    }
}

/// `/admin/disputes`: requests a shopper took to the platform after the
/// shop refused, oldest first, with both sides' words and the photos.
#[component]
pub fn AdminDisputesPage() -> impl IntoView {
    let version = RwSignal::new(0u64);
    let data = Resource::new(move || version.get(), |_| load_disputes());
    let decide = ServerAction::<DecideDispute>::new();
    Effect::new(move || {
        if decide.value().with(|v| matches!(v, Some(Ok(_)))) {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <Title text=tr(AfterSalesMsg::Disputes).into_owned()/>
        <h1>{tr(AfterSalesMsg::Disputes)}</h1>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => {
                        let empty = list.is_empty();
                        let cards = list
                            .into_iter()
                            .map(|r| {
                                let form = r.clone();
                                view! { <RequestCard request=r><DecisionForm request=form.clone() decide/></RequestCard> }
                            })
                            .collect_view();
                        view! {
                            {empty.then(|| view! { <p class="empty">{tr(AfterSalesMsg::NoDisputes)}</p> })}
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
