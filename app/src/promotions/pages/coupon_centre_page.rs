use crate::i18n::tr;
use crate::promotions::api::load_coupon_centre;
use crate::promotions::components::CouponCard;
use crate::promotions::messages::PromoMsg;
use crate::ui::messages::UiMsg;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/coupons`: the coupon centre (领券中心), platform coupons first, each
/// with **Claim**.
#[component]
pub fn CouponCentrePage() -> impl IntoView {
    let coupons = Resource::new(|| (), |_| load_coupon_centre());
    view! {
        <Title text=tr(PromoMsg::CouponCentre).into_owned()/>
        <div class="page-head">
            <h1>{tr(PromoMsg::CouponCentre)}</h1>
            <a class="button button--quiet" href="/coupons/mine">{tr(PromoMsg::MyCoupons)}</a>
        </div>
        <p>{tr(PromoMsg::CouponCentreIntro)}</p>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match coupons.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty-state__title">{tr(PromoMsg::NoCoupons)}</p> }.into_any(),
                    Ok(list) => {
                        let cards = list
                            .into_iter()
                            .map(|coupon| view! { <CouponCard coupon back="/coupons".to_string()/> })
                            .collect_view();
                        view! { <ul class="coupon-cards coupon-cards--centre">{cards}</ul> }.into_any()
                    }
                    Err(_) => view! { <ErrorPage/> }.into_any(),
                }
            })}
        </Transition>
    }
}
