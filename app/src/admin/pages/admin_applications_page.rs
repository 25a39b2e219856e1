use crate::admin::messages::AdminMsg;
use crate::i18n::tr;
use crate::merchants::api::load_application_queue;
use crate::merchants::components::{status_msg, ApplicationBadge};
use crate::merchants::messages::SellMsg;
use crate::merchants::model::{ApplicationQueue, ApplicationStatus, EntityType};
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::ui::messages::UiMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn queue_view(queue: ApplicationQueue) -> impl IntoView {
    let tabs = queue
        .counts
        .iter()
        .filter(|(s, _)| *s != ApplicationStatus::Draft)
        .map(|&(status, n)| {
            let href = format!("/admin/applications?status={}", status.as_db());
            let current = (status == queue.status).then_some("page");
            view! {
                <li><a href=href aria-current=current>{tr(status_msg(status))} " (" {n} ")"</a></li>
            }
        })
        .collect_view();
    let rows = queue
        .items
        .iter()
        .map(|a| {
            let href = format!("/admin/applications/{}", a.application_id);
            let kind = match a.entity_type {
                Some(EntityType::Company) => tr(SellMsg::Company),
                Some(EntityType::Individual) => tr(SellMsg::Individual),
                None => tr(SellMsg::NotGiven),
            };
            view! {
                <tr>
                    <td><a href=href>{a.shop_name.clone()}</a></td>
                    <td data-label=tr(SellMsg::Applicant)>{a.applicant_email.clone()}</td>
                    <td data-label=tr(SellMsg::EntityType)>{kind}</td>
                    <td data-label=tr(SellMsg::Submitted)>{a.submitted_at_ms.map(china_time)}</td>
                    <td data-label=tr(SellMsg::StatusLabel)><ApplicationBadge status=a.status/></td>
                </tr>
            }
        })
        .collect_view();
    let status = queue.status.as_db();
    let older = queue
        .has_more
        .then(|| format!("/admin/applications?status={status}&page={}", queue.page + 1));
    let newer = (queue.page > 1).then(|| format!("/admin/applications?status={status}&page={}", queue.page - 1));
    view! {
        <nav aria-label=tr(SellMsg::StatusLabel)><ul class="tabs">{tabs}</ul></nav>
        {if queue.items.is_empty() {
            view! { <p>{tr(SellMsg::NoApplications)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr(SellMsg::ShopName)}</th>
                                <th scope="col">{tr(SellMsg::Applicant)}</th>
                                <th scope="col">{tr(SellMsg::EntityType)}</th>
                                <th scope="col">{tr(SellMsg::Submitted)}</th>
                                <th scope="col">{tr(SellMsg::StatusLabel)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
        <crate::ui::PrevNext newer older newer_label=SellMsg::NewerPage older_label=SellMsg::OlderPage/>
    }
}

/// `/admin/applications`: the queue of merchant applications by status
/// (under review first), oldest submission first, with counts.
#[component]
pub fn AdminApplicationsPage() -> impl IntoView {
    let query = use_query_map();
    let queue = Resource::new(
        move || query.with(|q| (q.get("status"), q.get("page").and_then(|p| p.parse::<i64>().ok()))),
        |(status, page)| load_application_queue(status, page),
    );
    view! {
        <Title text=tr(AdminMsg::MerchantApplications).into_owned()/>
        <h1>{tr(AdminMsg::MerchantApplications)}</h1>
        <p>{tr(SellMsg::ApplicationsIntro)}</p>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(queue) => queue_view(queue).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
