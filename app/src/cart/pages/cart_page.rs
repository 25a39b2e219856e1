use crate::cart::api::{load_cart, use_cart, AcceptNewPrice, RemoveFromCart, SetCartQuantity};
use crate::cart::messages::CartMsg;
use crate::cart::model::{CartLineView, CartView};
use crate::i18n::{format_fen, tr};
use crate::ui::messages::UiMsg;
use crate::ui::{field_error, ErrorPage};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// Refreshes the cart (and the header count) after a successful change.
fn refresh_on_success<S>(action: ServerAction<S>)
where
    S: crate::ui::FormFn,
    S::Output: Send + Sync + 'static,
{
    let cart = use_cart();
    Effect::new(move || {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            cart.refresh();
        }
    });
}

#[component]
fn CartLine(line: CartLineView) -> impl IntoView {
    let set_quantity = ServerAction::<SetCartQuantity>::new();
    let remove = ServerAction::<RemoveFromCart>::new();
    let accept = ServerAction::<AcceptNewPrice>::new();
    refresh_on_success(set_quantity);
    refresh_on_success(remove);
    refresh_on_success(accept);
    let price_changed = line.available && !line.sold_out() && line.price_changed();
    let quantity_id = format!("qty-{}", line.sku_id);
    let error = field_error(set_quantity, "quantity");
    let status = if !line.available {
        Some(tr(CartMsg::NoLongerAvailable).to_string())
    } else if line.sold_out() {
        Some(tr(CartMsg::SoldOutRemove).to_string())
    } else if line.short() {
        Some(tr(CartMsg::OnlyLeft { n: line.stock }).to_string())
    } else if line.price_changed() {
        Some(format!(
            "{} {}.",
            tr(CartMsg::PriceChangedFrom),
            format_fen(line.added_price_minor)
        ))
    } else {
        None
    };
    let has_problem = status.is_some();
    let options = line
        .options
        .iter()
        .map(|(k, v)| format!("{}: {}", k.text(), v.text()))
        .collect::<Vec<_>>()
        .join(" · ");
    let href = format!("/p/{}", line.product_id);
    let max = line.stock.clamp(1, 999);
    view! {
        <li class="cart-line" class:cart-line--problem=has_problem>
            {line.image_url.clone().map(|src| view! {
                <img class="cart-line__image" src=src alt="" width="96" height="96" loading="lazy"/>
            })}
            <div class="cart-line__main">
                <a class="cart-line__title" href=href>{line.title.clone()}</a>
                {(!options.is_empty()).then(|| view! { <p class="cart-line__options">{options}</p> })}
                {status.map(|s| view! { <p class="cart-line__status" role="status">{s}</p> })}
                {price_changed.then(|| view! {
                    <ActionForm action=accept attr:class="cart-line__accept">
                        <input type="hidden" name="sku_id" value=line.sku_id/>
                        <button type="submit" class="button button--small">{tr(CartMsg::AcceptNewPrice)}</button>
                    </ActionForm>
                })}
                <p class="cart-line__price">{format_fen(line.unit_price_minor)}</p>
            </div>
            <div class="cart-line__actions">
                <ActionForm action=set_quantity attr:class="cart-line__quantity">
                    <input type="hidden" name="sku_id" value=line.sku_id/>
                    <label for=quantity_id.clone()>{tr(CartMsg::Quantity)}</label>
                    <input
                        id=quantity_id
                        type="number"
                        name="quantity"
                        inputmode="numeric"
                        min="1"
                        max=max
                        value=line.quantity
                        on:change=|ev| {
                            use wasm_bindgen::JsCast;
                            if let Some(form) = event_target::<web_sys::HtmlInputElement>(&ev).form() {
                                let _ = form.unchecked_into::<web_sys::HtmlFormElement>().request_submit();
                            }
                        }
                    />
                    <button type="submit" class="button button--small">{tr(CartMsg::Update)}</button>
                    <p class="field__error" role="alert">{move || error.get()}</p>
                </ActionForm>
                <ActionForm action=remove>
                    <input type="hidden" name="sku_id" value=line.sku_id/>
                    <button type="submit" class="button button--small button--quiet">{tr(CartMsg::Remove)}</button>
                </ActionForm>
                <p class="cart-line__total">{format_fen(line.line_total_minor())}</p>
            </div>
        </li>
    }
}

#[component]
fn CartContents(cart: CartView) -> impl IntoView {
    if cart.groups.is_empty() {
        return view! {
            <section class="empty-state">
                <p class="empty-state__title">{tr(CartMsg::EmptyCartTitle)}</p>
                <p>{tr(CartMsg::EmptyCartBody)}</p>
                <a class="button button--primary" href="/">{tr(CartMsg::ContinueShopping)}</a>
            </section>
        }
        .into_any();
    }
    let buyable = cart
        .groups
        .iter()
        .flat_map(|g| &g.lines)
        .any(|l| l.buyable() && !l.price_changed());
    let groups = cart
        .groups
        .into_iter()
        .map(|g| {
            let shop_href = format!("/s/{}", g.shop.slug);
            view! {
                <section class="cart-shop card">
                    <h2 class="cart-shop__name"><a href=shop_href>{g.shop.name.clone()}</a></h2>
                    <ul class="cart-lines">
                        {g.lines.into_iter().map(|line| view! { <CartLine line/> }).collect_view()}
                    </ul>
                    <p class="cart-shop__subtotal">{tr(CartMsg::Subtotal)} " " <strong>{format_fen(g.subtotal_minor)}</strong></p>
                </section>
            }
        })
        .collect_view();
    view! {
        {groups}
        <aside class="cart-summary card">
            <p class="cart-summary__total">{tr(CartMsg::Total)} " " <strong>{format_fen(cart.total_minor)}</strong></p>
            {if buyable {
                view! { <a class="button button--primary button--block" href="/checkout">{tr(CartMsg::Checkout)}</a> }.into_any()
            } else {
                view! { <p class="field__hint">{tr(CartMsg::NothingBuyable)}</p> }.into_any()
            }}
        </aside>
    }
    .into_any()
}

/// `/cart`: lines grouped by shop with subtotals; each line says plainly if
/// it sold out, changed price or was delisted.
#[component]
pub fn CartPage() -> impl IntoView {
    let cart = use_cart();
    let data = Resource::new(move || cart.version(), |_| load_cart());
    view! {
        <Title text=tr(CartMsg::Cart).into_owned()/>
        <Meta name="robots" content="noindex"/>
        <h1>{tr(CartMsg::Cart)}</h1>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <div class="cart">  <CartContents cart=view/> </div> }.into_any(),
                    Err(_) => view! { <ErrorPage/> }.into_any(),
                }
            })}
        </Transition>
    }
}
