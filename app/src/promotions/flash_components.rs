//! Flash-sale widgets: the product page's panel (price, countdown, Buy
//! now) and the storefront's showcase of the current slot.

use super::api::{load_flash_showcase, FlashBuy};
use super::messages::PromoMsg;
use super::model::FlashOffer;
use crate::i18n::{format_fen, tr};
use crate::ui::{form_alert, go_on_success};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// "01:02:03" (days as hours past 24).
pub fn clock(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Now, ticking each second in the browser (the render's time on the
/// server; a cached page's count is put right by the first tick).
pub fn ticking_now() -> ReadSignal<i64> {
    let (now, set_now) = signal(crate::ui::epoch_ms());
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            set_now.set(crate::ui::epoch_ms());
            let handle = set_interval_with_handle(
                move || set_now.set(crate::ui::epoch_ms()),
                std::time::Duration::from_secs(1),
            );
            if let Ok(handle) = handle {
                on_cleanup(move || handle.clear());
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = set_now;
    });
    now
}

/// The countdown of a flash sale: to its start, then to its end.
#[component]
pub fn FlashCountdown(starts_at: i64, ends_at: i64) -> impl IntoView {
    let now = ticking_now();
    view! {
        <p class="flash__countdown" role="timer" aria-live="off">
            {move || {
                let t = now.get();
                if t < starts_at {
                    format!("{} {}", tr(PromoMsg::StartsIn), clock(starts_at - t))
                } else if t < ends_at {
                    format!("{} {}", tr(PromoMsg::EndsIn), clock(ends_at - t))
                } else {
                    tr(PromoMsg::FlashOver).into_owned()
                }
            }}
        </p>
    }
}

/// The product page's flash sale: **Flash sale**, the flash price beside
/// the usual one, the countdown, and **Buy now** while it runs.
#[component]
pub fn FlashPanel(offer: FlashOffer, regular_minor: i64) -> impl IntoView {
    let buy = ServerAction::<FlashBuy>::new();
    go_on_success(buy, |placed| format!("/pay/{}", placed.checkout_id));
    let alert = form_alert(buy);
    let address_alert = crate::ui::field_error(buy, "address");
    let now = ticking_now();
    let (starts, ends) = (offer.starts_at, offer.ends_at);
    let open = move || {
        let t = now.get();
        starts <= t && t < ends
    };
    view! {
        <section class="flash" aria-labelledby="flash-title">
            <h2 id="flash-title" class="flash__title">{tr(PromoMsg::FlashSale)} " · " {offer.slot_title.clone()}</h2>
            <p class="flash__price">
                <strong>{format_fen(offer.price_minor)}</strong> " "
                <s class="flash__regular">{format_fen(regular_minor)}</s>
            </p>
            <FlashCountdown starts_at=starts ends_at=ends/>
            <p class="flash__limit">{tr(PromoMsg::PerAccount { n: offer.per_account })}</p>
            <ActionForm action=buy attr:class="flash__buy">
                <input type="hidden" name="flash_item_id" value=offer.flash_item_id/>
                <button type="submit" class="button button--primary" disabled=move || !open() || buy.pending().get()>
                    {tr(PromoMsg::BuyNow)} " — " {format_fen(offer.price_minor)}
                </button>
            </ActionForm>
            <p class="field__error" role="alert">{move || alert.get().or_else(|| address_alert.get())}</p>
        </section>
    }
}

/// The storefront's flash sale: the slot running now (or next), its
/// countdown and its SKUs at their flash prices.
#[component]
pub fn FlashShowcaseStrip() -> impl IntoView {
    let showcase = Resource::new(|| (), |_| load_flash_showcase());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let showcase = showcase.await.ok().filter(|s| !s.items.is_empty())?;
                let first = showcase.items[0].0.clone();
                let items = showcase
                    .items
                    .into_iter()
                    .map(|(offer, title)| view! {
                        <li class="flash-card">
                            <a href=format!("/p/{}", offer.product_id)>{title}</a>
                            <strong class="flash-card__price">{format_fen(offer.price_minor)}</strong>
                        </li>
                    })
                    .collect_view();
                Some(view! {
                    <section class="home-section flash-showcase" aria-labelledby="home-flash">
                        <h2 id="home-flash">{tr(PromoMsg::FlashSale)} " · " {first.slot_title.clone()}</h2>
                        <FlashCountdown starts_at=first.starts_at ends_at=first.ends_at/>
                        <ul class="flash-cards">{items}</ul>
                    </section>
                })
            })}
        </Suspense>
    }
}
