use super::forms::PromoField;
use crate::i18n::{format_fen, tr};
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::promotions::api::{load_seller_flash, ApplyFlash};
use crate::promotions::messages::{flash_status_msg, sku_text, PromoMsg};
use crate::promotions::model::SellerFlash;
use crate::ui::messages::UiMsg;
use crate::ui::{form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn flash_view(f: SellerFlash, apply: ServerAction<ApplyFlash>) -> impl IntoView {
    let alert = form_alert(apply);
    let slot_error = crate::ui::field_error(apply, "slot_id");
    let sku_error = crate::ui::field_error(apply, "sku_id");
    let slots = f
        .slots
        .iter()
        .map(|s| {
            let text = format!("{} · {} – {}", s.title, china_time(s.starts_at), china_time(s.ends_at));
            view! { <option value=s.slot_id>{text}</option> }
        })
        .collect_view();
    let skus = f
        .skus
        .iter()
        .map(|c| view! { <option value=c.sku_id>{sku_text(c)}</option> })
        .collect_view();
    let rows = f
        .applications
        .into_iter()
        .map(|a| {
            view! {
                <tr>
                    <td>{a.slot.title.clone()} <br/> <span class="muted">{china_time(a.slot.starts_at)}</span></td>
                    <td><a href=format!("/p/{}", a.product_id)>{a.product_title.clone()}</a></td>
                    <td>{format_fen(a.price_minor)}</td>
                    <td>{a.sold} " / " {a.quantity}</td>
                    <td><span class="badge">{tr(flash_status_msg(a.status))}</span> " " {a.reason.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let shop_id = f.shop_id;
    view! {
        <div class="table-scroll">
            <table class="table">
                <thead><tr>
                    <th>{tr(PromoMsg::FlashSlot)}</th><th>{tr(PromoMsg::Product)}</th><th>{tr(PromoMsg::FlashPrice)}</th>
                    <th>{tr(PromoMsg::SoldOf)}</th><th>{tr(PromoMsg::Status)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <section class="card promo-form" aria-labelledby="apply-title">
            <h2 id="apply-title">{tr(PromoMsg::ApplyFlash)}</h2>
            <ActionForm action=apply attr:class="form" attr:novalidate=true>
                <input type="hidden" name="shop_id" value=shop_id/>
                <FormAlert message=alert/>
                <div class="field">
                    <label for="flash-slot_id">{tr(PromoMsg::FlashSlot)}</label>
                    <select id="flash-slot_id" name="slot_id" aria-describedby="flash-slot_id-error">{slots}</select>
                    <p class="field__error" id="flash-slot_id-error" role="alert">{move || slot_error.get()}</p>
                </div>
                <div class="field">
                    <label for="flash-sku_id">{tr(PromoMsg::FlashSku)}</label>
                    <select id="flash-sku_id" name="sku_id" aria-describedby="flash-sku_id-error">{skus}</select>
                    <p class="field__error" id="flash-sku_id-error" role="alert">{move || sku_error.get()}</p>
                </div>
                <PromoField action=apply prefix="flash" name="price" label=PromoMsg::FlashPriceYuan required=true/>
                <PromoField action=apply prefix="flash" name="quantity" label=PromoMsg::Quantity input_type="number" required=true/>
                <PromoField action=apply prefix="flash" name="per_account" label=PromoMsg::PerPerson input_type="number" value="1"/>
                <button type="submit" class="button button--primary">{tr(PromoMsg::ApplyFlash)}</button>
            </ActionForm>
        </section>
    }
}

/// `/seller/promotions/flash?shop=ID`: the shop's flash-sale applications
/// with what they sold, and the form to apply a SKU to a slot.
#[component]
pub fn SellerFlashPage() -> impl IntoView {
    let query = use_query_map();
    let shop = move || query.with(|q| q.get("shop").and_then(|s| s.parse::<i64>().ok()));
    let apply = ServerAction::<ApplyFlash>::new();
    let data = Resource::new(
        move || (shop(), apply.version().get()),
        |(shop, _)| load_seller_flash(shop),
    );
    view! {
        <Title text=tr(PromoMsg::FlashSales).into_owned()/>
        <p><a href="/seller/promotions">{tr(PromoMsg::Promotions)}</a></p>
        <h1>{tr(PromoMsg::FlashSales)}</h1>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(f) => flash_view(f, apply).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
