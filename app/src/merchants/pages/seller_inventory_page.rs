use crate::catalog::api::{load_inventory, SaveInventory};
use crate::catalog::model::{InventoryLine, InventoryPage};
use crate::i18n::{tr, use_locale};
use crate::merchants::messages::MerchantsMsg;
use crate::merchants::pages::failure_page;
use crate::ui::messages::{code_message, UiMsg};
use crate::ui::{form_alert, FormAlert, PrevNext};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// One SKU with a quick edit of its stock and threshold.
#[component]
fn InventoryRow(line: InventoryLine, save: ServerAction<SaveInventory>) -> impl IntoView {
    let locale = use_locale();
    let id = line.sku_id;
    let error = Signal::derive(move || {
        save.value().with(|v| match v {
            Some(Err(e)) => e
                .for_field(&format!("stock-{id}"))
                .or_else(|| e.for_field(&format!("threshold-{id}")))
                .map(|c| code_message(locale, c, None)),
            _ => None,
        })
    });
    let name = if line.label.is_empty() {
        line.title.clone()
    } else {
        format!("{} — {}", line.title, line.label)
    };
    view! {
        <tr class:inventory-row--low=line.is_low()>
            <td>
                <a href=format!("/seller/products/{}", line.product_id)>{line.title.clone()}</a>
                <br/><span class="muted">{line.label.clone()}</span>
            </td>
            <td data-label="SKU">{line.code.clone()}</td>
            <td>
                <ActionForm action=save attr:class="inline-form">
                    <input type="hidden" name="sku_id" value=id/>
                    <label class="inline-field">
                        <span>{tr(MerchantsMsg::ColumnStock)}</span>
                        <input name="stock" type="number" min="0" value=line.stock aria-describedby=format!("inventory-{id}-error")
                            aria-label=format!("{} {name}", tr(MerchantsMsg::ColumnStock))/>
                    </label>
                    <label class="inline-field">
                        <span>{tr(MerchantsMsg::LowStockThreshold)}</span>
                        <input name="threshold" type="number" min="0" value=line.low_stock_threshold
                            aria-label=format!("{} {name}", tr(MerchantsMsg::LowStockThreshold))/>
                    </label>
                    <button type="submit" class="button button--small">{tr(MerchantsMsg::Save)}</button>
                    <p class="field__error" id=format!("inventory-{id}-error") role="alert">{move || error.get()}</p>
                </ActionForm>
            </td>
        </tr>
    }
}

fn inventory_view(page: InventoryPage, save: ServerAction<SaveInventory>) -> impl IntoView {
    let base = format!(
        "/seller/inventory?shop={}{}",
        page.shop_id,
        if page.low_only { "&low=true" } else { "" }
    );
    let newer = (page.page > 1).then(|| format!("{base}&page={}", page.page - 1));
    let older = page.has_more.then(|| format!("{base}&page={}", page.page + 1));
    let all = format!("/seller/inventory?shop={}", page.shop_id);
    let low = format!("/seller/inventory?shop={}&low=true", page.shop_id);
    let empty = if page.low_only {
        MerchantsMsg::NothingLow
    } else {
        MerchantsMsg::NoSkus
    };
    view! {
        <h1>{tr(MerchantsMsg::Inventory)} " · " {page.shop_name.clone()}</h1>
        <p>{tr(MerchantsMsg::InventoryIntro)}</p>
        <ul class="tabs">
            <li><a href=all aria-current=(!page.low_only).then_some("page")>{tr(MerchantsMsg::AllSkus)}</a></li>
            <li><a href=low aria-current=page.low_only.then_some("page")>{tr(MerchantsMsg::LowStockOnly)}</a></li>
        </ul>
        {if page.lines.is_empty() {
            view! { <p>{tr(empty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data-table inventory-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr(MerchantsMsg::Product)}</th>
                                <th scope="col">"SKU"</th>
                                <th scope="col">{tr(MerchantsMsg::ColumnStock)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.lines.into_iter().map(|line| view! { <InventoryRow line save/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
        <PrevNext newer older newer_label=MerchantsMsg::Older older_label=MerchantsMsg::Older/>
    }
}

/// `/seller/inventory?shop=ID&low=true`: stock per SKU with quick edits of
/// stock and low-stock threshold, all or only the low ones.
#[component]
pub fn SellerInventoryPage() -> impl IntoView {
    let query = use_query_map();
    let save = ServerAction::<SaveInventory>::new();
    let alert = form_alert(save);
    let data = Resource::new(
        move || {
            let q = query.with(|q| {
                (
                    q.get("shop").and_then(|s| s.parse::<i64>().ok()),
                    q.get("low").map(|v| v == "true" || v == "1"),
                    q.get("page").and_then(|s| s.parse::<i64>().ok()),
                )
            });
            (q, save.version().get())
        },
        |((shop, low, page), _)| load_inventory(shop, low, page),
    );
    view! {
        <Title text=tr(MerchantsMsg::Inventory).into_owned()/>
        <FormAlert message=alert/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => inventory_view(page, save).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
