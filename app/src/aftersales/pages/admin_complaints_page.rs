use crate::aftersales::api::{load_complaints, DecideComplaint};
use crate::aftersales::components::error_for;
use crate::aftersales::messages::{complaint_kind_msg, complaint_status_msg, AfterSalesMsg};
use crate::aftersales::model::{ComplaintStatus, ComplaintView};
use crate::i18n::tr;
use crate::orders::components::china_time;
use crate::ui::messages::UiMsg;
use crate::ui::FormAlert;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
fn ComplaintItem(complaint: ComplaintView, decide: ServerAction<DecideComplaint>) -> impl IntoView {
    let id = complaint.complaint_id;
    let err = move |field: &'static str| error_for(decide, "complaint_id", id, field);
    let reason_error = err("reason");
    let reason_id = format!("complaint-reason-{id}");
    let open = complaint.status == ComplaintStatus::Open;
    view! {
        <li class="card complaint" id=format!("complaint-{id}")>
            <header>
                <strong>{tr(complaint_kind_msg(complaint.kind))}</strong> " · "
                {complaint.shop_name.clone()} " · "
                <a href=format!("/admin/orders?status=all#order-{}", complaint.order_id)>"#" {complaint.order_id}</a> " · "
                <time>{china_time(complaint.created_at)}</time> " · "
                <span class="badge">{tr(complaint_status_msg(complaint.status))}</span>
            </header>
            <p>{complaint.description.clone()}</p>
            {(!complaint.decision_reason.is_empty()).then(|| view! { <p><strong>{tr(AfterSalesMsg::PlatformDecided)} ": "</strong>{complaint.decision_reason.clone()}</p> })}
            {open.then(|| view! {
                <ActionForm action=decide attr:class="after-sale__form" attr:novalidate=true>
                    <input type="hidden" name="complaint_id" value=id/>
                    <FormAlert message=err("form")/>
                    <div class="field">
                        <label for=reason_id.clone()>{tr(AfterSalesMsg::DecisionReason)}</label>
                        <textarea id=reason_id name="reason" rows="2" maxlength="500"></textarea>
                        <p class="field__error" role="alert">{move || reason_error.get()}</p>
                    </div>
                    <button type="submit" name="decision" value="approve" class="button button--primary">{tr(AfterSalesMsg::Approve)}</button>
                    <button type="submit" name="decision" value="reject" class="button button--danger">{tr(AfterSalesMsg::Reject)}</button>
                </ActionForm>
            })}
        </li>
    }
}

/// `/admin/complaints?decided=true`: shoppers' complaints about shops; an
/// upheld one counts against the shop.
#[component]
pub fn AdminComplaintsPage() -> impl IntoView {
    let query = use_query_map();
    let version = RwSignal::new(0u64);
    let args = move || (query.with(|q| q.get("decided").map(|d| d == "true")), version.get());
    let data = Resource::new(args, |(decided, _)| load_complaints(decided));
    let decide = ServerAction::<DecideComplaint>::new();
    Effect::new(move || {
        if decide.value().with(|v| matches!(v, Some(Ok(_)))) {
            version.update(|v| *v += 1);
        }
    });
    let decided = move || query.with(|q| q.get("decided").as_deref() == Some("true"));
    view! {
        <Title text=tr(AfterSalesMsg::Complaints).into_owned()/>
        <h1>{tr(AfterSalesMsg::Complaints)}</h1>
        <nav class="status-filter" aria-label=tr(AfterSalesMsg::Complaints)>
            <ul>
                <li><a href="/admin/complaints" aria-current=move || (!decided()).then_some("page")>{tr(AfterSalesMsg::Open)}</a></li>
                <li><a href="/admin/complaints?decided=true" aria-current=move || decided().then_some("page")>{tr(AfterSalesMsg::Finished)}</a></li>
            </ul>
        </nav>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => {
                        let empty = list.is_empty();
                        let items = list
                            .into_iter()
                            .map(|complaint| view! { <ComplaintItem complaint decide/> })
                            .collect_view();
                        view! {
                            {empty.then(|| view! { <p class="empty">{tr(AfterSalesMsg::NoComplaints)}</p> })}
                            <ul class="complaint-list">{items}</ul>
                        }
                        .into_any()
                    }
                    Err(e) => crate::merchants::pages::failure_page(&e),
                }
            })}
        </Transition>
    }
}
