use crate::i18n::tr;
use crate::orders::components::china_time;
use crate::promotions::api::load_my_coupons;
use crate::promotions::messages::{value_text, wallet_msg, PromoMsg};
use crate::promotions::model::{WalletEntry, WalletState};
use crate::ui::messages::UiMsg;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
fn WalletCard(entry: WalletEntry) -> impl IntoView {
    let c = entry.coupon;
    let who = c
        .shop_name
        .clone()
        .unwrap_or_else(|| tr(PromoMsg::PlatformCoupon).into_owned());
    let state_class = format!("wallet-card wallet-card--{:?}", entry.state).to_lowercase();
    let when = if entry.state == WalletState::NotYet {
        view! { <p class="coupon-card__when">{tr(PromoMsg::ValidFrom)} " " {china_time(c.starts_at)}</p> }.into_any()
    } else {
        view! { <p class="coupon-card__when">{tr(PromoMsg::ValidUntil)} " " {china_time(c.ends_at)}</p> }.into_any()
    };
    view! {
        <li class=state_class>
            <div class="coupon-card__value">{value_text(c.value)}</div>
            <div class="coupon-card__main">
                <p class="coupon-card__title">{c.title.clone()}</p>
                <p class="coupon-card__who">{who}</p>
                <p class="coupon-card__terms">{tr(PromoMsg::Minimum { fen: c.min_spend_minor })}</p>
                {when}
            </div>
            <p class="coupon-card__state"><span class="badge">{tr(wallet_msg(entry.state))}</span></p>
        </li>
    }
}

/// `/coupons/mine`: My coupons, usable first (soonest to expire first),
/// then not yet valid, used and expired.
#[component]
pub fn MyCouponsPage() -> impl IntoView {
    let wallet = Resource::new(|| (), |_| load_my_coupons());
    view! {
        <Title text=tr(PromoMsg::MyCoupons).into_owned()/>
        <Meta name="robots" content="noindex"/>
        <div class="page-head">
            <h1>{tr(PromoMsg::MyCoupons)}</h1>
            <a class="button button--quiet" href="/coupons">{tr(PromoMsg::CouponCentre)}</a>
        </div>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match wallet.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty-state__title">{tr(PromoMsg::WalletEmpty)}</p> }.into_any(),
                    Ok(list) => {
                        let cards = list.into_iter().map(|entry| view! { <WalletCard entry/> }).collect_view();
                        view! { <ul class="coupon-cards">{cards}</ul> }.into_any()
                    }
                    Err(_) => view! { <ErrorPage/> }.into_any(),
                }
            })}
        </Transition>
    }
}
