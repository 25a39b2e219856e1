use crate::admin::messages::AdminMsg;
use crate::catalog::api::load_listing_queue;
use crate::catalog::messages::EditorMsg;
use crate::catalog::model::ListingQueue;
use crate::i18n::tr;
use crate::merchants::messages::SellMsg;
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::ui::messages::UiMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn queue_view(queue: ListingQueue) -> impl IntoView {
    if queue.items.is_empty() {
        return view! { <p>{tr(EditorMsg::NothingToReview)}</p> }.into_any();
    }
    let rows = queue
        .items
        .into_iter()
        .map(|l| {
            let kind = if l.is_change {
                EditorMsg::ChangedListing
            } else {
                EditorMsg::NewListing
            };
            view! {
                <tr>
                    <td><a href=format!("/admin/listings/{}", l.product_id)>{l.title.clone()}</a></td>
                    <td data-label=tr(EditorMsg::Shop)>{l.shop_name.clone()}</td>
                    <td data-label=tr(AdminMsg::Kind)>{tr(kind)}</td>
                    <td data-label=tr(EditorMsg::Waiting)>{china_time(l.since_ms)}</td>
                </tr>
            }
        })
        .collect_view();
    let older = queue
        .has_more
        .then(|| format!("/admin/listings?page={}", queue.page + 1));
    let newer = (queue.page > 1).then(|| format!("/admin/listings?page={}", queue.page - 1));
    view! {
        <p role="status">{queue.total} " · " {tr(AdminMsg::Listings)}</p>
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(EditorMsg::Title)}</th>
                        <th scope="col">{tr(EditorMsg::Shop)}</th>
                        <th scope="col">{tr(AdminMsg::Kind)}</th>
                        <th scope="col">{tr(EditorMsg::Waiting)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <crate::ui::PrevNext newer older newer_label=SellMsg::NewerPage older_label=SellMsg::OlderPage/>
    }
    .into_any()
}

/// `/admin/listings`: the listing audit queue, oldest first.
#[component]
pub fn AdminListingsPage() -> impl IntoView {
    let query = use_query_map();
    let queue = Resource::new(
        move || query.with(|q| q.get("page").and_then(|p| p.parse::<i64>().ok())),
        load_listing_queue,
    );
    view! {
        <Title text=tr(AdminMsg::Listings).into_owned()/>
        <h1>{tr(AdminMsg::Listings)}</h1>
        <p>{tr(EditorMsg::ListingsIntro)}</p>
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
