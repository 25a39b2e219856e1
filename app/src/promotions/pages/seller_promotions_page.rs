use super::forms::{CouponFields, PromoField};
use crate::i18n::{format_fen, tr};
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::promotions::api::{load_seller_promotions, ActOnShopPromotion, CreateShopCoupon, CreateShopOffer};
use crate::promotions::components::PromoBadge;
use crate::promotions::messages::{action_buttons, rule_text, value_text, PromoMsg};
use crate::promotions::model::{PromoStatus, SellerPromotions};
use crate::ui::messages::UiMsg;
use crate::ui::{form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The buttons a promotion offers for its status.
#[component]
pub fn PromoActions(
    act: ServerAction<ActOnShopPromotion>,
    shop_id: i64,
    what: &'static str,
    id: i64,
    status: PromoStatus,
) -> impl IntoView {
    action_buttons(status)
        .iter()
        .map(|(action, label)| {
            view! {
                <ActionForm action=act attr:class="inline-form">
                    <input type="hidden" name="shop_id" value=shop_id/>
                    <input type="hidden" name="what" value=what/>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="action" value=*action/>
                    <button type="submit" class="button button--small button--quiet">{tr(*label)}</button>
                </ActionForm>
            }
        })
        .collect_view()
}

fn promotions_view(p: SellerPromotions, act: ServerAction<ActOnShopPromotion>) -> impl IntoView {
    let shop_id = p.shop_id;
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
                    <td><PromoActions act shop_id what="coupon" id=c.coupon_id status=c.status/></td>
                </tr>
            }
        })
        .collect_view();
    let offers = p
        .offers
        .into_iter()
        .map(|(o, usage)| {
            view! {
                <tr>
                    <td>{o.title.clone()}</td>
                    <td>{rule_text(&o.rule)}</td>
                    <td>{china_time(o.starts_at)} " – " {china_time(o.ends_at)}</td>
                    <td>{usage.orders} " / " {format_fen(usage.discount_minor)}</td>
                    <td><PromoBadge status=o.status/></td>
                    <td><PromoActions act shop_id what="offer" id=o.offer_id status=o.status/></td>
                </tr>
            }
        })
        .collect_view();
    let events = p
        .events
        .into_iter()
        .map(|e| {
            let (action, label) = if e.joined {
                ("leave", PromoMsg::LeaveEvent)
            } else {
                ("join", PromoMsg::JoinEvent)
            };
            view! {
                <li class="card event-row">
                    <p><strong>{e.title.clone()}</strong> " " {rule_text(&e.rule)}</p>
                    <p class="muted">{china_time(e.starts_at)} " – " {china_time(e.ends_at)} " " <PromoBadge status=e.status/>
                        {e.joined.then(|| view! { " " <span class="badge badge--live">{tr(PromoMsg::Joined)}</span> })}</p>
                    <ActionForm action=act attr:class="inline-form">
                        <input type="hidden" name="shop_id" value=shop_id/>
                        <input type="hidden" name="what" value="event"/>
                        <input type="hidden" name="id" value=e.offer_id/>
                        <input type="hidden" name="action" value=action/>
                        <button type="submit" class="button button--small">{tr(label)}</button>
                    </ActionForm>
                </li>
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
        <section aria-labelledby="offers-title">
            <h2 id="offers-title">{tr(PromoMsg::SpendOffers)}</h2>
            <div class="table-scroll">
                <table class="table">
                    <thead><tr>
                        <th>{tr(PromoMsg::Title)}</th><th>{tr(PromoMsg::Tiers)}</th><th>{tr(PromoMsg::Window)}</th>
                        <th>{tr(PromoMsg::Uses)} " / " {tr(PromoMsg::DiscountGiven)}</th>
                        <th>{tr(PromoMsg::Status)}</th><th>{tr(PromoMsg::Actions)}</th>
                    </tr></thead>
                    <tbody>{offers}</tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="events-title">
            <h2 id="events-title">{tr(PromoMsg::PlatformEvents)}</h2>
            <ul class="event-rows">{events}</ul>
        </section>
    }
}

/// `/seller/promotions?shop=ID`: the shop's coupons and 满减 with their
/// uses and the discount given, forms to create them, pause, resume and
/// end them, and the platform events it may join.
#[component]
pub fn SellerPromotionsPage() -> impl IntoView {
    let query = use_query_map();
    let shop = move || query.with(|q| q.get("shop").and_then(|s| s.parse::<i64>().ok()));
    let coupon = ServerAction::<CreateShopCoupon>::new();
    let offer = ServerAction::<CreateShopOffer>::new();
    let act = ServerAction::<ActOnShopPromotion>::new();
    let data = Resource::new(
        move || {
            (
                shop(),
                coupon.version().get(),
                offer.version().get(),
                act.version().get(),
            )
        },
        |(shop, ..)| load_seller_promotions(shop),
    );
    let coupon_alert = form_alert(coupon);
    let offer_alert = form_alert(offer);
    let act_alert = form_alert(act);
    let shop_value = move || shop().map(|s| s.to_string()).unwrap_or_default();
    view! {
        <Title text=tr(PromoMsg::Promotions).into_owned()/>
        <h1>{tr(PromoMsg::Promotions)}</h1>
        <p class="promo-links">
            <a href=move || format!("/seller/promotions/flash{}", shop().map(|s| format!("?shop={s}")).unwrap_or_default())>{tr(PromoMsg::FlashSales)}</a>
            " · "
            <a href=move || format!("/seller/promotions/groups{}", shop().map(|s| format!("?shop={s}")).unwrap_or_default())>{tr(PromoMsg::GroupBuying)}</a>
        </p>
        <FormAlert message=act_alert/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => promotions_view(p, act).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
        <div class="promo-forms">
            <details class="card promo-form" open=move || coupon.value().with(|v| matches!(v, Some(Err(_))))>
                <summary>{tr(PromoMsg::NewCoupon)}</summary>
                <ActionForm action=coupon attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="shop_id" value=shop_value/>
                    <FormAlert message=coupon_alert/>
                    <CouponFields action=coupon prefix="coupon"/>
                    <button type="submit" class="button button--primary">{tr(PromoMsg::Create)}</button>
                    <Show when=move || coupon.value().with(|v| matches!(v, Some(Ok(_))))>
                        <p class="alert alert--ok" role="status">{tr(PromoMsg::Created)}</p>
                    </Show>
                </ActionForm>
            </details>
            <details class="card promo-form" open=move || offer.value().with(|v| matches!(v, Some(Err(_))))>
                <summary>{tr(PromoMsg::NewSpendOffer)}</summary>
                <ActionForm action=offer attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="shop_id" value=shop_value/>
                    <FormAlert message=offer_alert/>
                    <PromoField action=offer prefix="offer" name="title" label=PromoMsg::Title hint=PromoMsg::TitleHint required=true/>
                    <PromoField action=offer prefix="offer" name="tiers" label=PromoMsg::Tiers hint=PromoMsg::TiersHint required=true/>
                    <PromoField action=offer prefix="offer" name="starts_at" label=PromoMsg::StartsAt input_type="datetime-local"/>
                    <PromoField action=offer prefix="offer" name="ends_at" label=PromoMsg::EndsAt input_type="datetime-local" required=true/>
                    <button type="submit" class="button button--primary">{tr(PromoMsg::Create)}</button>
                    <Show when=move || offer.value().with(|v| matches!(v, Some(Ok(_))))>
                        <p class="alert alert--ok" role="status">{tr(PromoMsg::Created)}</p>
                    </Show>
                </ActionForm>
            </details>
        </div>
    }
}
