//! Group-buy widgets: the product page's offer with **Start a group**, and
//! the countdown a group's page shows while it fills.

use super::api::StartGroup;
use super::flash_components::{clock, ticking_now};
use super::messages::PromoMsg;
use super::model::GroupOfferView;
use crate::i18n::{format_fen, tr};
use crate::ui::{field_error, form_alert, go_on_success};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The product page's group buy: the group price beside the price alone,
/// the rule, and **Start a group** (one unit, paid now; the group opens
/// when the payment lands).
#[component]
pub fn GroupOfferPanel(offer: GroupOfferView) -> impl IntoView {
    let start = ServerAction::<StartGroup>::new();
    go_on_success(start, |placed| format!("/pay/{}", placed.checkout_id));
    let alert = form_alert(start);
    let address_alert = field_error(start, "address");
    let options = crate::orders::components::options_text(&offer.sku_options);
    view! {
        <section class="group-offer" aria-labelledby="group-offer-title">
            <h2 id="group-offer-title" class="group-offer__title">{tr(PromoMsg::GroupBuy)}</h2>
            <p class="group-offer__price">
                <strong>{format_fen(offer.price_minor)}</strong> " " {tr(PromoMsg::GroupPriceFor { size: offer.size })}
                " · " {tr(PromoMsg::AlonePrice)} " " <s>{format_fen(offer.regular_minor)}</s>
            </p>
            {(!options.is_empty()).then(|| view! { <p class="group-offer__sku">{options}</p> })}
            <p class="group-offer__terms">{tr(PromoMsg::GroupHours { hours: offer.hours })}</p>
            {if offer.in_stock {
                view! {
                    <ActionForm action=start attr:class="group-offer__start">
                        <input type="hidden" name="group_offer_id" value=offer.group_offer_id/>
                        <button type="submit" class="button button--group" disabled=move || start.pending().get()>
                            {tr(PromoMsg::StartGroup)} " — " {format_fen(offer.price_minor)}
                        </button>
                    </ActionForm>
                }
                .into_any()
            } else {
                view! { <p class="group-offer__terms">{tr(PromoMsg::GroupSoldOut)}</p> }.into_any()
            }}
            <p class="field__error" role="alert">{move || alert.get().or_else(|| address_alert.get())}</p>
        </section>
    }
}

/// The time a group has left, ticking in the browser.
#[component]
pub fn GroupCountdown(expires_at: i64) -> impl IntoView {
    let now = ticking_now();
    view! {
        <p class="group__countdown" role="timer" aria-live="off">
            {tr(PromoMsg::GroupEndsIn)} " " {move || clock(expires_at - now.get())}
        </p>
    }
}
