use super::forms::{CouponFields, PromoField};
use crate::i18n::{format_fen, tr};
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::promotions::api::{
    load_platform_promotions, ActOnPlatformPromotion, CreatePlatformCoupon, CreatePlatformEvent,
};
use crate::promotions::components::PromoBadge;
use crate::promotions::messages::{action_buttons, rule_text, value_text, PromoMsg};
use crate::promotions::model::{PlatformPromotions, PromoStatus};
use crate::ui::messages::UiMsg;
use crate::ui::{form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Actions(
    act: ServerAction<ActOnPlatformPromotion>,
    what: &'static str,
    id: i64,
    status: PromoStatus,
) -> impl IntoView {
    action_buttons(status)
        .iter()
        .map(|(action, label)| {
            view! {
                <ActionForm action=act attr:class="inline-form">
                    <input type="hidden" name="what" value=what/>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="action" value=*action/>
                    <button type="submit" class="button button--small button--quiet">{tr(*label)}</button>
                </ActionForm>
            }
        })
        .collect_view()
}

fn platform_view(p: PlatformPromotions, act: ServerAction<ActOnPlatformPromotion>) -> impl IntoView {
    let coupons = p
        .coupons
        .into_iter()
        .map(|(c, usage)| {
            view! {
                <tr>
                    <td>{c.title.clone()} {c.code.clone().map(|code| view! { <br/><code>{code}</code> })}</td>
                    <td>{value_text(c.value)} <br/> <span class="muted">{tr(PromoMsg::Minimum { fen: c.min_spend_minor })}</span></td>
                    <td>{china_time(c.starts_at)} " – " {china_time(c.ends_at)}</td>
                    <td>{tr(PromoMsg::ClaimedOf { claimed: c.claimed, total: c.total_quantity })}</td>
                    <td>{usage.orders} " / " {format_fen(usage.discount_minor)}</td>
                    <td><PromoBadge status=c.status/></td>
                    <td><Actions act what="coupon" id=c.coupon_id status=c.status/></td>
                </tr>
            }
        })
        .collect_view();
    let events = p
        .events
        .into_iter()
        .map(|(e, usage, shops)| {
            view! {
                <tr>
                    <td>{e.title.clone()}</td>
                    <td>{rule_text(&e.rule)}</td>
                    <td>{china_time(e.starts_at)} " – " {china_time(e.ends_at)}</td>
                    <td>{tr(PromoMsg::ShopsTakingPart { n: shops })}</td>
                    <td>{usage.orders} " / " {format_fen(usage.discount_minor)}</td>
                    <td><PromoBadge status=e.status/></td>
                    <td><Actions act what="event" id=e.offer_id status=e.status/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="coupons-title">
            <h2 id="coupons-title">{tr(PromoMsg::Coupons)}</h2>
            <div class="table-scroll">
                <table class="table">
                    <thead><tr>
                        <th>{tr(PromoMsg::Title)}</th><th>{tr(PromoMsg::Value)}</th><th>{tr(PromoMsg::Window)}</th>
                        <th>{tr(PromoMsg::Quantity)}</th><th>{tr(PromoMsg::Uses)} " / " {tr(PromoMsg::DiscountGiven)}</th>
                        <th>{tr(PromoMsg::Status)}</th><th>{tr(PromoMsg::Actions)}</th>
                    </tr></thead>
                    <tbody>{coupons}</tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="events-title">
            <h2 id="events-title">{tr(PromoMsg::PlatformEvents)}</h2>
            <div class="table-scroll">
                <table class="table">
                    <thead><tr>
                        <th>{tr(PromoMsg::Title)}</th><th>{tr(PromoMsg::Tiers)}</th><th>{tr(PromoMsg::Window)}</th>
                        <th>{tr(PromoMsg::ShopsTakingPart { n: 0 })}</th>
                        <th>{tr(PromoMsg::Uses)} " / " {tr(PromoMsg::DiscountGiven)}</th>
                        <th>{tr(PromoMsg::Status)}</th><th>{tr(PromoMsg::Actions)}</th>
                    </tr></thead>
                    <tbody>{events}</tbody>
                </table>
            </div>
        </section>
    }
}

/// `/admin/promotions`: platform coupons and cross-shop events, with their
/// uses and the discount the platform funded.
#[component]
pub fn AdminPromotionsPage() -> impl IntoView {
    let coupon = ServerAction::<CreatePlatformCoupon>::new();
    let event = ServerAction::<CreatePlatformEvent>::new();
    let act = ServerAction::<ActOnPlatformPromotion>::new();
    let data = Resource::new(
        move || (coupon.version().get(), event.version().get(), act.version().get()),
        |_| load_platform_promotions(),
    );
    let coupon_alert = form_alert(coupon);
    let event_alert = form_alert(event);
    let act_alert = form_alert(act);
    view! {
        <Title text=tr(PromoMsg::Promotions).into_owned()/>
        <h1>{tr(PromoMsg::Promotions)}</h1>
        <p><a href="/admin/promotions/flash">{tr(PromoMsg::FlashSales)}</a></p>
        <FormAlert message=act_alert/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => platform_view(p, act).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
        <div class="promo-forms">
            <details class="card promo-form" open=move || coupon.value().with(|v| matches!(v, Some(Err(_))))>
                <summary>{tr(PromoMsg::NewCoupon)}</summary>
                <ActionForm action=coupon attr:class="form" attr:novalidate=true>
                    <FormAlert message=coupon_alert/>
                    <CouponFields action=coupon prefix="coupon"/>
                    <PromoField action=coupon prefix="coupon" name="category" label=PromoMsg::Category/>
                    <button type="submit" class="button button--primary">{tr(PromoMsg::Create)}</button>
                </ActionForm>
            </details>
            <details class="card promo-form" open=move || event.value().with(|v| matches!(v, Some(Err(_))))>
                <summary>{tr(PromoMsg::NewEvent)}</summary>
                <ActionForm action=event attr:class="form" attr:novalidate=true>
                    <FormAlert message=event_alert/>
                    <PromoField action=event prefix="event" name="title" label=PromoMsg::Title hint=PromoMsg::TitleHint required=true/>
                    <PromoField action=event prefix="event" name="step" label=PromoMsg::Step required=true/>
                    <PromoField action=event prefix="event" name="off" label=PromoMsg::Off required=true/>
                    <PromoField action=event prefix="event" name="cap" label=PromoMsg::Cap/>
                    <PromoField action=event prefix="event" name="starts_at" label=PromoMsg::StartsAt input_type="datetime-local"/>
                    <PromoField action=event prefix="event" name="ends_at" label=PromoMsg::EndsAt input_type="datetime-local" required=true/>
                    <button type="submit" class="button button--primary">{tr(PromoMsg::Create)}</button>
                </ActionForm>
            </details>
        </div>
    }
}
