//! Promotion widgets: a coupon card with its Claim button, and the strip of
//! a shop's coupons and 满减 on its product and shop pages.

use super::api::{load_shop_promotions, ClaimCoupon};
use super::messages::{rule_text, status_msg, value_text, PromoMsg};
use super::model::{CouponView, OfferView, PromoStatus};
use crate::i18n::{format_fen, tr};
use crate::orders::components::china_time;
use crate::ui::form_alert;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// "orders from ¥199 · up to ¥30"
fn conditions(coupon: &CouponView) -> String {
    let mut parts = vec![tr(PromoMsg::Minimum {
        fen: coupon.min_spend_minor,
    })
    .into_owned()];
    if let super::domain::CouponValue::Percent {
        cap_minor: Some(cap), ..
    } = coupon.value
    {
        parts.push(tr(PromoMsg::UpTo { fen: cap }).into_owned());
    }
    parts.join(" · ")
}

/// One coupon: its value, conditions, validity, and **Claim** while the
/// viewer may claim one (`back`: the page to show again after a claim
/// without JavaScript).
#[component]
pub fn CouponCard(coupon: CouponView, back: String) -> impl IntoView {
    let claim = ServerAction::<ClaimCoupon>::new();
    let alert = form_alert(claim);
    let claimed = move || claim.value().with(|v| matches!(v, Some(Ok(()))));
    let who = match &coupon.shop_name {
        Some(shop) => shop.clone(),
        None => tr(PromoMsg::PlatformCoupon).into_owned(),
    };
    let claimable = coupon.claimable();
    let held = coupon.mine;
    let title_id = format!("coupon-{}-title", coupon.coupon_id);
    let label_id = title_id.clone();
    view! {
        <li class="coupon-card" aria-labelledby=label_id>
            <div class="coupon-card__value">{value_text(coupon.value)}</div>
            <div class="coupon-card__main">
                <p class="coupon-card__title" id=title_id>{coupon.title.clone()}</p>
                <p class="coupon-card__who">{who}</p>
                <p class="coupon-card__terms">{conditions(&coupon)}</p>
                <p class="coupon-card__when">{tr(PromoMsg::ValidUntil)} " " {china_time(coupon.ends_at)}</p>
                {(coupon.status == PromoStatus::Running).then(|| view! {
                    <p class="coupon-card__left">{tr(PromoMsg::LeftCount { n: coupon.left() })}</p>
                })}
                {(held > 0).then(|| view! { <p class="coupon-card__held">{tr(PromoMsg::ClaimedCount { n: held })}</p> })}
            </div>
            <div class="coupon-card__action">
                {claimable.then(|| view! {
                    <ActionForm action=claim>
                        <input type="hidden" name="coupon_id" value=coupon.coupon_id/>
                        <input type="hidden" name="back" value=back.clone()/>
                        <button type="submit" class="button button--primary button--small" disabled=move || claim.pending().get() || claimed()>
                            {tr(PromoMsg::Claim)}
                        </button>
                    </ActionForm>
                })}
                <Show when=claimed>
                    <p class="coupon-card__ok" role="status">{tr(PromoMsg::Claimed)}</p>
                </Show>
                <p class="field__error" role="alert">{move || alert.get()}</p>
            </div>
        </li>
    }
}

/// A 满减 offer in one line.
#[component]
pub fn OfferLine(offer: OfferView) -> impl IntoView {
    let kind = if offer.shop_id.is_some() {
        PromoMsg::ShopDiscount
    } else {
        PromoMsg::PlatformEvent
    };
    view! {
        <li class="offer-line">
            <span class="badge badge--offer">{tr(kind)}</span> " "
            <strong>{rule_text(&offer.rule)}</strong> " "
            <span class="offer-line__title">{offer.title.clone()}</span> " "
            <span class="offer-line__when">{tr(PromoMsg::ValidUntil)} " " {china_time(offer.ends_at)}</span>
        </li>
    }
}

/// The shop's coupons and 满减, on its product and shop pages (nothing
/// when it has none).
#[component]
pub fn ShopPromotionsStrip(shop_id: i64, back: String) -> impl IntoView {
    let promos = Resource::new(move || shop_id, load_shop_promotions);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new({
                let back = back.clone();
                async move {
                    let promos = promos.await.ok().filter(|p| !p.is_empty())?;
                    let offers = promos.offers.into_iter().map(|offer| view! { <OfferLine offer/> }).collect_view();
                    let coupons = promos
                        .coupons
                        .into_iter()
                        .map(|coupon| view! { <CouponCard coupon back=back.clone()/> })
                        .collect_view();
                    Some(view! {
                        <section class="promo-strip" aria-labelledby="promo-strip-title">
                            <h2 id="promo-strip-title" class="promo-strip__title">{tr(PromoMsg::Promotions)}</h2>
                            <ul class="offer-lines">{offers}</ul>
                            <ul class="coupon-cards">{coupons}</ul>
                        </section>
                    })
                }
            })}
        </Suspense>
    }
}

/// A status badge for a promotion.
#[component]
pub fn PromoBadge(status: PromoStatus) -> impl IntoView {
    let class = format!("badge badge--promo-{status:?}").to_lowercase();
    view! { <span class=class>{tr(status_msg(status))}</span> }
}

/// Money off as a negative amount: "−¥20.00".
pub fn minus(fen: i64) -> String {
    format_fen(-fen)
}
