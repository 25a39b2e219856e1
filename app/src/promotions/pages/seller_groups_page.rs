use super::forms::PromoField;
use super::seller_promotions_page::PromoActions;
use crate::i18n::{format_fen, tr};
use crate::merchants::pages::failure_page;
use crate::orders::components::{china_time, options_text};
use crate::promotions::api::{load_seller_groups, ActOnShopPromotion, CreateGroupOffer};
use crate::promotions::components::PromoBadge;
use crate::promotions::messages::{sku_text, PromoMsg};
use crate::promotions::model::SellerGroups;
use crate::ui::messages::UiMsg;
use crate::ui::{form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn groups_view(
    g: SellerGroups,
    create: ServerAction<CreateGroupOffer>,
    act: ServerAction<ActOnShopPromotion>,
) -> impl IntoView {
    let shop_id = g.shop_id;
    let alert = form_alert(create);
    let sku_error = crate::ui::field_error(create, "sku_id");
    let typed_sku = crate::ui::echoed(create, "sku_id");
    let skus = g
        .skus
        .iter()
        .map(|c| {
            let selected = typed_sku == c.sku_id.to_string();
            view! { <option value=c.sku_id selected=selected>{sku_text(c)}</option> }
        })
        .collect_view();
    let rows = g
        .offers
        .into_iter()
        .map(|(o, usage)| {
            let options = options_text(&o.sku_options);
            view! {
                <tr>
                    <td><a href=format!("/p/{}", o.product_id)>{o.product_title.clone()}</a>
                        {(!options.is_empty()).then(|| view! { <br/><span class="muted">{options}</span> })}</td>
                    <td>{format_fen(o.price_minor)} " × " {o.size} <br/><s class="muted">{format_fen(o.regular_minor)}</s></td>
                    <td>{china_time(o.starts_at)} " – " {china_time(o.ends_at)} <br/><span class="muted">{o.hours} " h"</span></td>
                    <td>{tr(PromoMsg::GroupsOpen)} " " {usage.open} " · " {tr(PromoMsg::GroupsDone)} " " {usage.succeeded}
                        " · " {tr(PromoMsg::GroupsFailed)} " " {usage.failed}</td>
                    <td>{usage.orders} " / " {format_fen(usage.discount_minor)}</td>
                    <td><PromoBadge status=o.status/></td>
                    <td><PromoActions act shop_id what="group" id=o.group_offer_id status=o.status/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="table">
                <thead><tr>
                    <th>{tr(PromoMsg::Product)}</th><th>{tr(PromoMsg::GroupPrice)}</th><th>{tr(PromoMsg::Window)}</th>
                    <th>{tr(PromoMsg::GroupBuying)}</th><th>{tr(PromoMsg::Uses)} " / " {tr(PromoMsg::DiscountGiven)}</th>
                    <th>{tr(PromoMsg::Status)}</th><th>{tr(PromoMsg::Actions)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <section class="card promo-form" aria-labelledby="group-new-title">
            <h2 id="group-new-title">{tr(PromoMsg::NewGroupOffer)}</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <input type="hidden" name="shop_id" value=shop_id/>
                <FormAlert message=alert/>
                <div class="field">
                    <label for="group-sku_id">{tr(PromoMsg::FlashSku)}</label>
                    <select id="group-sku_id" name="sku_id" aria-describedby="group-sku_id-error">{skus}</select>
                    <p class="field__error" id="group-sku_id-error" role="alert">{move || sku_error.get()}</p>
                </div>
                <PromoField action=create prefix="group" name="price" label=PromoMsg::GroupPriceYuan required=true/>
                <PromoField action=create prefix="group" name="size" label=PromoMsg::GroupSize input_type="number" value="2" required=true/>
                <PromoField action=create prefix="group" name="hours" label=PromoMsg::GroupHoursField input_type="number" hint=PromoMsg::GroupHoursHint/>
                <PromoField action=create prefix="group" name="starts_at" label=PromoMsg::StartsAt input_type="datetime-local"/>
                <PromoField action=create prefix="group" name="ends_at" label=PromoMsg::EndsAt input_type="datetime-local" required=true/>
                <button type="submit" class="button button--primary">{tr(PromoMsg::Create)}</button>
                <Show when=move || create.value().with(|v| matches!(v, Some(Ok(_))))>
                    <p class="alert alert--ok" role="status">{tr(PromoMsg::Created)}</p>
                </Show>
            </ActionForm>
        </section>
    }
}

/// `/seller/promotions/groups?shop=ID`: the shop's group buys with how
/// their groups went and what they sold, the form to create one, and
/// Pause / Resume / End.
#[component]
pub fn SellerGroupsPage() -> impl IntoView {
    let query = use_query_map();
    let shop = move || query.with(|q| q.get("shop").and_then(|s| s.parse::<i64>().ok()));
    let create = ServerAction::<CreateGroupOffer>::new();
    let act = ServerAction::<ActOnShopPromotion>::new();
    let act_alert = form_alert(act);
    let data = Resource::new(
        move || (shop(), create.version().get(), act.version().get()),
        |(shop, ..)| load_seller_groups(shop),
    );
    view! {
        <Title text=tr(PromoMsg::GroupBuying).into_owned()/>
        <p><a href="/seller/promotions">{tr(PromoMsg::Promotions)}</a></p>
        <h1>{tr(PromoMsg::GroupBuying)}</h1>
        <FormAlert message=act_alert/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(g) => groups_view(g, create, act).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
