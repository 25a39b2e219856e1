use super::forms::PromoField;
use crate::i18n::{format_fen, tr};
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::promotions::api::{load_flash_console, CreateFlashSlot, DecideFlashItem};
use crate::promotions::messages::PromoMsg;
use crate::promotions::model::{FlashApplication, FlashConsole};
use crate::ui::messages::UiMsg;
use crate::ui::{form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn PendingItem(item: FlashApplication, decide: ServerAction<DecideFlashItem>) -> impl IntoView {
    let id = item.flash_item_id;
    let reason_id = format!("reason-{id}");
    view! {
        <li class="card flash-application">
            <p><strong>{item.shop_name.clone()}</strong> " · " <a href=format!("/p/{}", item.product_id)>{item.product_title.clone()}</a></p>
            <p>{item.slot.title.clone()} " · " {china_time(item.slot.starts_at)} " – " {china_time(item.slot.ends_at)}</p>
            <p>{tr(PromoMsg::FlashPrice)} " " {format_fen(item.price_minor)} " · " {tr(PromoMsg::Quantity)} " " {item.quantity}
                " · " {tr(PromoMsg::PerAccount { n: item.per_account })}</p>
            <ActionForm action=decide attr:class="inline-form">
                <input type="hidden" name="flash_item_id" value=id/>
                <input type="hidden" name="decision" value="approve"/>
                <button type="submit" class="button button--small button--primary">{tr(PromoMsg::Approve)}</button>
            </ActionForm>
            <ActionForm action=decide attr:class="form reject-form">
                <input type="hidden" name="flash_item_id" value=id/>
                <input type="hidden" name="decision" value="reject"/>
                <div class="field">
                    <label for=reason_id.clone()>{tr(PromoMsg::Reason)}</label>
                    <input id=reason_id name="reason" type="text" maxlength="200"/>
                </div>
                <button type="submit" class="button button--small">{tr(PromoMsg::Reject)}</button>
            </ActionForm>
        </li>
    }
}

fn console_view(c: FlashConsole, decide: ServerAction<DecideFlashItem>) -> impl IntoView {
    let slots = c
        .slots
        .into_iter()
        .map(|s| view! { <li>{s.title} " · " {china_time(s.starts_at)} " – " {china_time(s.ends_at)}</li> })
        .collect_view();
    let empty = c.pending.is_empty();
    let pending = c
        .pending
        .into_iter()
        .map(|item| view! { <PendingItem item decide/> })
        .collect_view();
    let approved = c
        .decided
        .into_iter()
        .map(|i| {
            view! {
                <tr>
                    <td>{i.slot.title.clone()}</td>
                    <td>{i.shop_name.clone()}</td>
                    <td><a href=format!("/p/{}", i.product_id)>{i.product_title.clone()}</a></td>
                    <td>{format_fen(i.price_minor)}</td>
                    <td>{i.sold} " / " {i.quantity}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="slots-title">
            <h2 id="slots-title">{tr(PromoMsg::FlashSlots)}</h2>
            <ul>{slots}</ul>
        </section>
        <section aria-labelledby="pending-title">
            <h2 id="pending-title">{tr(PromoMsg::FlashApplications)}</h2>
            {empty.then(|| view! { <p>{tr(PromoMsg::NothingYet)}</p> })}
            <ul class="event-rows">{pending}</ul>
        </section>
        <section aria-labelledby="approved-title">
            <h2 id="approved-title">{tr(PromoMsg::FlashApproved)}</h2>
            <div class="table-scroll">
                <table class="table">
                    <thead><tr>
                        <th>{tr(PromoMsg::FlashSlot)}</th><th>{tr(PromoMsg::Shop)}</th><th>{tr(PromoMsg::Product)}</th>
                        <th>{tr(PromoMsg::FlashPrice)}</th><th>{tr(PromoMsg::SoldOf)}</th>
                    </tr></thead>
                    <tbody>{approved}</tbody>
                </table>
            </div>
        </section>
    }
}

/// `/admin/promotions/flash`: flash-sale slots, merchants' applications
/// to approve or reject, and what approved items sold.
#[component]
pub fn AdminFlashPage() -> impl IntoView {
    let slot = ServerAction::<CreateFlashSlot>::new();
    let decide = ServerAction::<DecideFlashItem>::new();
    let data = Resource::new(
        move || (slot.version().get(), decide.version().get()),
        |_| load_flash_console(),
    );
    let slot_alert = form_alert(slot);
    let decide_alert = form_alert(decide);
    let reason_error = crate::ui::field_error(decide, "reason");
    view! {
        <Title text=tr(PromoMsg::FlashSales).into_owned()/>
        <p><a href="/admin/promotions">{tr(PromoMsg::Promotions)}</a></p>
        <h1>{tr(PromoMsg::FlashSales)}</h1>
        <FormAlert message=decide_alert/>
        <p class="field__error" role="alert">{move || reason_error.get()}</p>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(c) => console_view(c, decide).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
        <details class="card promo-form" open=move || slot.value().with(|v| matches!(v, Some(Err(_))))>
            <summary>{tr(PromoMsg::NewFlashSlot)}</summary>
            <ActionForm action=slot attr:class="form" attr:novalidate=true>
                <FormAlert message=slot_alert/>
                <PromoField action=slot prefix="slot" name="title" label=PromoMsg::Title required=true/>
                <PromoField action=slot prefix="slot" name="starts_at" label=PromoMsg::StartsAt input_type="datetime-local" step="1" required=true/>
                <PromoField action=slot prefix="slot" name="ends_at" label=PromoMsg::EndsAt input_type="datetime-local" required=true/>
                <button type="submit" class="button button--primary">{tr(PromoMsg::Create)}</button>
            </ActionForm>
        </details>
    }
}
