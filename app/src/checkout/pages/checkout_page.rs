use crate::cart::messages::CartMsg;
use crate::checkout::api::{load_checkout, ApplyCoupon, DeleteAddress, PlaceOrder, SaveAddress, SetDefaultAddress};
use crate::checkout::components::AddressForm;
use crate::checkout::messages::CheckoutMsg;
use crate::checkout::model::{AddressView, CheckoutGroup, CheckoutPlan, CheckoutView, LeftOutReason};
use crate::error::ErrorCode;
use crate::i18n::{format_fen, tr, use_locale};
use crate::promotions::messages::{kind_msg, value_text, PromoMsg};
use crate::promotions::model::CouponOption;
use crate::ui::messages::{code_message, UiMsg};
use crate::ui::{echoed, field_error, form_alert, go_on_success, ErrorPage, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// One coupon slot's choice: best, none, or a coupon held.
fn coupon_select(id: String, name: String, label: String, options: &[CouponOption], used: Option<i64>) -> AnyView {
    let items = options
        .iter()
        .map(|o| {
            let text = format!(
                "{} · {} ({})",
                o.title,
                value_text(o.value),
                tr(PromoMsg::Minimum { fen: o.min_spend_minor })
            );
            view! { <option value=o.claim_id selected=used == Some(o.claim_id)>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="best">{tr(PromoMsg::BestSaving)}</option>
                <option value="none" selected=used.is_none()>{tr(PromoMsg::NoCoupon)}</option>
                {items}
            </select>
        </div>
    }
    .into_any()
}

/// The coupons the shopper holds for this checkout, per shop and for the
/// platform, each preset to what the best saving uses. A GET form: the
/// page comes back with the new total, with or without JavaScript.
#[allow(non_snake_case, reason = "reads like the component it stands in for")]
fn CouponChooser(plan: &CheckoutPlan) -> Option<AnyView> {
    let shops: Vec<AnyView> = plan
        .groups
        .iter()
        .filter(|g| !g.coupon_options.is_empty() && !g.lines.is_empty())
        .map(|g| {
            let label = format!("{} · {}", g.shop.name, tr(PromoMsg::ShopCoupon));
            coupon_select(
                format!("coupon-shop-{}", g.shop.shop_id),
                format!("c{}", g.shop.shop_id),
                label,
                &g.coupon_options,
                g.coupon_used,
            )
        })
        .collect();
    let platform = (!plan.platform_options.is_empty()).then(|| {
        coupon_select(
            "coupon-platform".into(),
            "cp".into(),
            tr(PromoMsg::PlatformCouponLine).into_owned(),
            &plan.platform_options,
            plan.platform_used,
        )
    });
    if shops.is_empty() && platform.is_none() {
        return None;
    }
    Some(
        view! {
            <form method="get" action="/checkout" class="coupon-chooser">
                <fieldset>
                    <legend>{tr(PromoMsg::ChooseCoupons)}</legend>
                    {shops}
                    {platform}
                    <button type="submit" class="button button--small">{tr(PromoMsg::UpdateTotal)}</button>
                </fieldset>
            </form>
        }
        .into_any(),
    )
}

/// The id of the Place order form: the address radios sit elsewhere on the
/// page and join it through their `form` attribute.
const PLACE_FORM: &str = "place-order";

/// "Color: Red · Size: M"
fn options_text(options: &[(crate::i18n::Localized, crate::i18n::Localized)]) -> String {
    options
        .iter()
        .map(|(k, v)| format!("{}: {}", k.text(), v.text()))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[component]
fn AddressChoice(address: AddressView, checked: bool, refresh: Callback<()>) -> impl IntoView {
    let delete = ServerAction::<DeleteAddress>::new();
    let make_default = ServerAction::<SetDefaultAddress>::new();
    Effect::new(move || {
        if delete.value().with(|v| matches!(v, Some(Ok(_)))) || make_default.value().with(|v| matches!(v, Some(Ok(_))))
        {
            refresh.run(());
        }
    });
    let id = format!("address-{}", address.address_id);
    let edit_href = format!("/checkout?edit={}", address.address_id);
    view! {
        <li class="address-choice">
            <input type="radio" id=id.clone() name="address_id" value=address.address_id form=PLACE_FORM checked=checked required=true/>
            <label for=id class="address-choice__text">
                <strong>{address.recipient.clone()}</strong> " " {address.phone.clone()}
                {address.is_default.then(|| view! { " " <span class="badge badge--live">{tr(CheckoutMsg::Default)}</span> })}
                <br/>
                {address.full_text.clone()}
            </label>
            <div class="address-choice__actions">
                <a class="button button--small button--quiet" href=edit_href>{tr(CheckoutMsg::Edit)}</a>
                {(!address.is_default).then(|| view! {
                    <ActionForm action=make_default>
                        <input type="hidden" name="address_id" value=address.address_id/>
                        <button type="submit" class="button button--small button--quiet">{tr(CheckoutMsg::SetDefault)}</button>
                    </ActionForm>
                })}
                <ActionForm action=delete>
                    <input type="hidden" name="address_id" value=address.address_id/>
                    <button type="submit" class="button button--small button--quiet">{tr(CheckoutMsg::Delete)}</button>
                </ActionForm>
            </div>
        </li>
    }
}

#[component]
fn ShopGroup(group: CheckoutGroup, place: ServerAction<PlaceOrder>) -> impl IntoView {
    let locale = use_locale();
    let lines = group
        .lines
        .into_iter()
        .map(|l| {
            let sku_id = l.line.sku_id;
            let options = options_text(&l.line.options);
            let short = l.quantity < l.line.quantity;
            let error = Signal::derive(move || {
                place.value().with(|v| match v {
                    Some(Err(e)) => e
                        .for_field(&format!("line-{sku_id}"))
                        .map(|code| code_message(locale, code, None)),
                    _ => None,
                })
            });
            view! {
                <li class="checkout-line">
                    {l.line.image_url.clone().map(|src| view! {
                        <img class="checkout-line__image" src=src alt="" width="64" height="64" loading="lazy"/>
                    })}
                    <div class="checkout-line__main">
                        <a href=format!("/p/{}", l.line.product_id)>{l.line.title.clone()}</a>
                        {(!options.is_empty()).then(|| view! { <p class="checkout-line__options">{options}</p> })}
                        {short.then(|| view! { <p class="checkout-line__note" role="status">{tr(CartMsg::OnlyLeft { n: l.quantity })}</p> })}
                        <p class="field__error" role="alert">{move || error.get()}</p>
                    </div>
                    <p class="checkout-line__money">
                        {format_fen(l.line.unit_price_minor)} " " {tr(CheckoutMsg::Quantity { n: l.quantity })}
                        <br/>
                        <strong>{format_fen(l.line_total_minor)}</strong>
                    </p>
                </li>
            }
        })
        .collect_view();
    let left_out = (!group.left_out.is_empty()).then(|| {
        let items = group
            .left_out
            .into_iter()
            .map(|(line, reason)| {
                let why = match reason {
                    LeftOutReason::SoldOut => tr(CheckoutMsg::LeftOutSoldOut),
                    LeftOutReason::Delisted => tr(CheckoutMsg::LeftOutDelisted),
                    LeftOutReason::PriceChanged { was_minor } => {
                        tr(CheckoutMsg::LeftOutPriceChanged { was: was_minor })
                    }
                };
                view! { <li><span class="checkout-left-out__title">{line.title}</span> " — " {why}</li> }
            })
            .collect_view();
        view! {
            <div class="checkout-left-out">
                <p class="checkout-left-out__heading">{tr(CheckoutMsg::LeftOut)}</p>
                <ul>{items}</ul>
            </div>
        }
    });
    // Each discount on its own line, named by kind and title.
    let discounts = group
        .discounts
        .iter()
        .map(|d| {
            view! {
                <div class="money-rows__discount">
                    <dt>{tr(kind_msg(d.kind))} ": " {d.title.clone()}</dt>
                    <dd>{format_fen(-d.amount_minor)}</dd>
                </div>
            }
        })
        .collect_view();
    let shipping = if group.shipping_minor == 0 {
        tr(CheckoutMsg::FreeShipping).into_owned()
    } else {
        format_fen(group.shipping_minor)
    };
    let free_over = group
        .free_shipping_over_minor
        .filter(|_| group.shipping_minor > 0)
        .map(|fen| view! { <p class="field__hint">{tr(CheckoutMsg::FreeShippingOver { fen })}</p> });
    view! {
        <section class="checkout-shop card">
            <h2 class="checkout-shop__name">{group.shop.name.clone()}</h2>
            <ul class="checkout-lines">{lines}</ul>
            {left_out}
            <dl class="money-rows">
                <div><dt>{tr(CheckoutMsg::Items)}</dt><dd>{format_fen(group.items_minor)}</dd></div>
                <div><dt>{tr(CheckoutMsg::Shipping)}</dt><dd>{shipping}</dd></div>
                {discounts}
                <div class="money-rows__total"><dt>{tr(CheckoutMsg::Total)}</dt><dd>{format_fen(group.total_minor)}</dd></div>
            </dl>
            {free_over}
        </section>
    }
}

#[component]
fn Summary(plan: CheckoutPlan, token: String, place: ServerAction<PlaceOrder>, has_address: bool) -> impl IntoView {
    let totals = plan.totals;
    let picks = plan.picks.clone();
    let chooser = CouponChooser(&plan);
    let coupon = ServerAction::<ApplyCoupon>::new();
    let coupon_error = field_error(coupon, "coupon");
    let general = form_alert(place);
    // A line that sold out while the shopper looked is named next to it (or
    // listed as left out once the page reloads); the summary says why the
    // order was not placed.
    let sold_out = Signal::derive(move || {
        place.value().with(|v| match v {
            Some(Err(e)) if e.fields.iter().any(|f| f.field.starts_with("line-")) => {
                Some(tr(CheckoutMsg::LineSoldOut).into_owned())
            }
            _ => None,
        })
    });
    let place_alert = Signal::derive(move || general.get().or_else(|| sold_out.get()));
    let address_error = field_error(place, "address");
    view! {
        <aside class="checkout-summary card">
            <ActionForm action=coupon attr:class="coupon-form" attr:novalidate=true>
                <div class="field">
                    <label for="field-coupon">{tr(CheckoutMsg::CouponCode)}</label>
                    <div class="coupon-form__row">
                        <input id="field-coupon" name="code" type="text" autocomplete="off" value=echoed(coupon, "coupon")
                            aria-describedby="field-coupon-error"/>
                        <button type="submit" class="button">{tr(CheckoutMsg::Apply)}</button>
                    </div>
                    <p class="field__error" id="field-coupon-error" role="alert">{move || coupon_error.get()}</p>
                </div>
            </ActionForm>
            {chooser}
            <dl class="money-rows">
                <div><dt>{tr(CheckoutMsg::Items)}</dt><dd>{format_fen(totals.items_minor)}</dd></div>
                <div><dt>{tr(CheckoutMsg::Shipping)}</dt><dd>{format_fen(totals.shipping_minor)}</dd></div>
                <div><dt>{tr(CheckoutMsg::Discount)}</dt><dd>{format_fen(-totals.discount_minor)}</dd></div>
                <div class="money-rows__total"><dt>{tr(CheckoutMsg::OrderTotal)}</dt><dd>{format_fen(totals.total_minor)}</dd></div>
            </dl>
            <ActionForm action=place attr:id=PLACE_FORM attr:class="form">
                <input type="hidden" name="token" value=token/>
                <input type="hidden" name="expected_total" value=totals.total_minor/>
                <input type="hidden" name="coupons" value=picks/>
                <FormAlert message=place_alert/>
                <p class="field__error" role="alert">{move || address_error.get()}</p>
                <button type="submit" class="button button--primary button--block" disabled=move || place.pending().get() || !has_address>
                    {tr(CheckoutMsg::PlaceOrder)}
                </button>
            </ActionForm>
        </aside>
    }
}

#[component]
fn CheckoutContents(
    view: CheckoutView,
    place: ServerAction<PlaceOrder>,
    save: ServerAction<SaveAddress>,
    refresh: Callback<()>,
) -> impl IntoView {
    let query = use_query_map();
    let editing_id = query.with_untracked(|q| q.get("edit").and_then(|v| v.parse::<i64>().ok()));
    if view.plan.is_empty() {
        return view! {
            <section class="empty-state">
                <p class="empty-state__title">{tr(CheckoutMsg::NothingToBuy)}</p>
                <a class="button button--primary" href="/cart">{tr(CheckoutMsg::BackToCart)}</a>
            </section>
        }
        .into_any();
    }
    let chosen = view
        .addresses
        .iter()
        .find(|a| a.is_default)
        .or(view.addresses.first())
        .map(|a| a.address_id);
    let editing = editing_id.and_then(|id| view.addresses.iter().find(|a| a.address_id == id).cloned());
    let has_address = !view.addresses.is_empty();
    let form_open = !has_address || editing.is_some() || save.value().with_untracked(|v| matches!(v, Some(Err(_))));
    let form_title = if editing.is_some() {
        CheckoutMsg::EditAddress
    } else {
        CheckoutMsg::AddAddress
    };
    let addresses = view
        .addresses
        .into_iter()
        .map(|a| {
            let checked = Some(a.address_id) == chosen;
            view! { <AddressChoice address=a checked=checked refresh=refresh/> }
        })
        .collect_view();
    let groups = view
        .plan
        .groups
        .clone()
        .into_iter()
        .filter(|g| !g.lines.is_empty() || !g.left_out.is_empty())
        .map(|group| view! { <ShopGroup group place/> })
        .collect_view();
    view! {
        <div class="checkout">
            <div class="checkout__main">
                <section class="checkout-address card" aria-labelledby="ship-to">
                    <h2 id="ship-to">{tr(CheckoutMsg::ShipTo)}</h2>
                    {(!has_address).then(|| view! { <p>{tr(CheckoutMsg::NoAddressYet)}</p> })}
                    <ul class="address-choices">{addresses}</ul>
                    // Folded away once there is an address to choose; open
                    // to edit one, or when a post without JavaScript came
                    // back to it.
                    <details class="address-add" open=form_open>
                        <summary class="address-add__summary">{tr(form_title)}</summary>
                        <AddressForm action=save editing=editing/>
                    </details>
                </section>
                {groups}
            </div>
            <Summary plan=view.plan token=view.token place has_address/>
        </div>
    }
    .into_any()
}

/// `/checkout` (log-in required; guests come back here after logging in,
/// their cart with them): the cart's buyable lines by shop with shipping
/// and totals, the address book, a coupon field and Place order.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let version = RwSignal::new(0u64);
    // The coupon picks travel in the address: `c{shop}` per shop and `cp`
    // for the platform coupon (a GET form sets them without JavaScript).
    let query = use_query_map();
    let picks = move || {
        query.with(|q| {
            let mut parts: Vec<String> = q
                .into_iter()
                .take(50)
                .filter_map(|(k, v)| {
                    let slot = if k == "cp" {
                        Some("p".to_string())
                    } else {
                        k.strip_prefix('c')
                            .filter(|s| s.parse::<i64>().is_ok())
                            .map(str::to_string)
                    }?;
                    Some(format!("{slot}={v}"))
                })
                .collect();
            parts.sort();
            parts.join(",")
        })
    };
    let data = Resource::new(move || (version.get(), picks()), |(_, coupons)| load_checkout(coupons));
    let place = ServerAction::<PlaceOrder>::new();
    let save = ServerAction::<SaveAddress>::new();
    let refresh = Callback::new(move |_| version.update(|v| *v += 1));
    go_on_success(place, |placed| format!("/pay/{}", placed.checkout_id));
    // A saved address shows in the list at once (and is chosen if default).
    Effect::new(move || {
        if save.value().with(|v| matches!(v, Some(Ok(_)))) {
            version.update(|v| *v += 1);
        }
    });
    // A placing that failed on stock or prices shows the cart as it is now.
    Effect::new(move || {
        let stale = place
            .value()
            .with(|v| matches!(v, Some(Err(e)) if matches!(e.code, ErrorCode::SoldOut | ErrorCode::CheckoutChanged)));
        if stale {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <Title text=tr(CheckoutMsg::Checkout).into_owned()/>
        <Meta name="robots" content="noindex"/>
        <h1>{tr(CheckoutMsg::Checkout)}</h1>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <CheckoutContents view place save refresh/> }.into_any(),
                    Err(_) => view! { <ErrorPage/> }.into_any(),
                }
            })}
        </Transition>
    }
}
