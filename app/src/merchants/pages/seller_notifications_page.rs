use crate::i18n::tr;
use crate::merchants::api::{load_notifications, MarkNotificationsRead};
use crate::merchants::messages::MerchantsMsg;
use crate::merchants::model::{Notification, NotificationKind, NotificationPage};
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::ui::messages::UiMsg;
use crate::ui::PrevNext;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub fn note_msg(kind: NotificationKind) -> MerchantsMsg {
    match kind {
        NotificationKind::ApplicationApproved => MerchantsMsg::NoteApplicationApproved,
        NotificationKind::ListingApproved => MerchantsMsg::NoteListingApproved,
        NotificationKind::ListingRejected => MerchantsMsg::NoteListingRejected,
        NotificationKind::ChangeApproved => MerchantsMsg::NoteChangeApproved,
        NotificationKind::ChangeRejected => MerchantsMsg::NoteChangeRejected,
        NotificationKind::OrderPaid => MerchantsMsg::NoteOrderPaid,
        NotificationKind::LowStock => MerchantsMsg::NoteLowStock,
        NotificationKind::ProfileApproved => MerchantsMsg::NoteProfileApproved,
        NotificationKind::ProfileRejected => MerchantsMsg::NoteProfileRejected,
        NotificationKind::AfterSaleOpened => MerchantsMsg::NoteAfterSaleOpened,
        NotificationKind::ReturnShipped => MerchantsMsg::NoteReturnShipped,
        NotificationKind::AfterSaleEscalated => MerchantsMsg::NoteAfterSaleEscalated,
        NotificationKind::DisputeDecided => MerchantsMsg::NoteDisputeDecided,
        NotificationKind::ComplaintUpheld => MerchantsMsg::NoteComplaintUpheld,
    }
}

/// One notification: what happened, to what, and the operator's words.
#[component]
pub fn NotificationItem(note: Notification) -> impl IntoView {
    view! {
        <li class="notification" class:notification--unread=note.unread>
            {note.unread.then(|| view! { <span class="badge">{tr(MerchantsMsg::Unread)}</span> " " })}
            <time>{china_time(note.at_ms)}</time> " "
            {tr(note_msg(note.kind))} " "
            <a href=note.kind.link(note.subject_id)>{note.subject_text.clone()}</a>
            {(!note.reason.is_empty()).then(|| view! { <q class="history-reason">{note.reason.clone()}</q> })}
        </li>
    }
}

fn notifications_view(page: NotificationPage, mark: ServerAction<MarkNotificationsRead>) -> impl IntoView {
    let newest = page.items.first().map(|n| n.notification_id);
    let older = page
        .older_than
        .map(|id| format!("/seller/notifications?shop={}&older_than={id}", page.shop_id));
    view! {
        {(page.unread > 0).then(|| newest.map(|up_to| view! {
            <ActionForm action=mark attr:class="toolbar">
                <input type="hidden" name="shop_id" value=page.shop_id/>
                <input type="hidden" name="up_to" value=up_to/>
                <button type="submit" class="button">{tr(MerchantsMsg::MarkAllRead)} " (" {page.unread} ")"</button>
            </ActionForm>
        }))}
        {if page.items.is_empty() {
            view! { <p>{tr(MerchantsMsg::NoNotifications)}</p> }.into_any()
        } else {
            view! {
                <ul class="notifications">
                    {page.items.into_iter().map(|note| view! { <NotificationItem note/> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <PrevNext newer=None older newer_label=MerchantsMsg::Older older_label=MerchantsMsg::Older/>
    }
}

/// `/seller/notifications?shop=ID`: a shop's notifications, newest first,
/// with "Mark all as read".
#[component]
pub fn SellerNotificationsPage() -> impl IntoView {
    let query = use_query_map();
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let data = Resource::new(
        move || {
            let q = query.with(|q| {
                (
                    q.get("shop").and_then(|s| s.parse::<i64>().ok()),
                    q.get("older_than").and_then(|s| s.parse::<i64>().ok()),
                )
            });
            (q, mark.version().get())
        },
        |((shop, older), _)| load_notifications(shop, older),
    );
    view! {
        <Title text=tr(MerchantsMsg::Notifications).into_owned()/>
        <h1>{tr(MerchantsMsg::Notifications)}</h1>
        <p>{tr(MerchantsMsg::NotificationsIntro)}</p>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => notifications_view(page, mark).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
