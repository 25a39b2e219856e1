use crate::admin::api::console_shops;
use crate::admin::messages::AdminMsg;
use crate::i18n::tr;
use crate::merchants::api::{load_profile_changes, DecideProfileChange, ModerateShop};
use crate::merchants::messages::MerchantsMsg;
use crate::merchants::messages::SellMsg;
use crate::merchants::model::{ConsoleShop, QueuedProfileChange, ShopStatus};
use crate::merchants::pages::{failure_page, shop_status_msg};
use crate::ui::messages::UiMsg;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// A name or logo change waiting, beside what it replaces: Approve, or
/// Reject with a reason.
#[component]
fn ProfileChangeRow(change: QueuedProfileChange, action: ServerAction<DecideProfileChange>) -> impl IntoView {
    let locale = crate::i18n::use_locale();
    let id = change.change.change_id;
    let error = Signal::derive(move || {
        action.value().with(|v| match v {
            Some(Err(e)) => e
                .for_field(&format!("reason-{id}"))
                .map(|c| crate::ui::code_message(locale, c, None)),
            _ => None,
        })
    });
    let logo = |url: Option<String>| {
        url.map(|u| view! { <img class="application-logo" src=u alt=tr(SellMsg::Logo) width="64" height="64"/> })
    };
    let reason_id = format!("profile-reason-{id}");
    view! {
        <li class="card profile-change">
            <p>
                <strong>{tr(MerchantsMsg::CurrentValue)} ": "</strong> {change.current_name.clone()} " "
                {logo(change.current_logo_url.clone())}
            </p>
            <p class="diff">
                <strong>{tr(MerchantsMsg::ProposedValue)} ": "</strong> {change.change.name.clone()} " "
                {logo(change.change.logo_url.clone())}
            </p>
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="change_id" value=id/>
                <input type="hidden" name="seen" value=change.change.since_ms/>
                <label for=reason_id.clone() class="visually-hidden">{tr(AdminMsg::ShopReasonLabel)}</label>
                <input id=reason_id.clone() name="reason" type="text" maxlength="500" placeholder=tr(AdminMsg::ShopReasonLabel)/>
                <button type="submit" name="decision" value="approve" class="button button--small button--primary">{tr(SellMsg::Approve)}</button>
                <button type="submit" name="decision" value="reject" class="button button--small">{tr(SellMsg::Reject)}</button>
                <p class="field__error" role="alert">{move || error.get()}</p>
            </ActionForm>
        </li>
    }
}

/// Suspend (an active shop) or Reinstate (a suspended one), with the
/// reason the audit log keeps.
#[component]
fn ModerateForm(shop: ConsoleShop, action: ServerAction<ModerateShop>) -> impl IntoView {
    let locale = crate::i18n::use_locale();
    let shop_id = shop.shop_id;
    let error = Signal::derive(move || {
        action.value().with(|v| match v {
            Some(Err(e)) => e
                .for_field(&format!("reason-{shop_id}"))
                .map(|c| crate::ui::code_message(locale, c, None)),
            _ => None,
        })
    });
    let (verb, label) = match shop.status {
        ShopStatus::Active => ("suspend", AdminMsg::Suspend),
        ShopStatus::Suspended => ("reinstate", AdminMsg::Reinstate),
    };
    let id = format!("reason-{shop_id}");
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="shop_id" value=shop_id/>
            <input type="hidden" name="action" value=verb/>
            <label for=id.clone() class="visually-hidden">{tr(AdminMsg::ShopReasonLabel)} " — " {shop.name.clone()}</label>
            <input id=id.clone() name="reason" type="text" maxlength="500" placeholder=tr(AdminMsg::ShopReasonLabel)
                aria-describedby=format!("{id}-error")/>
            <button type="submit" class="button button--small">{tr(label)}</button>
            <p class="field__error" id=format!("{id}-error") role="alert">{move || error.get()}</p>
        </ActionForm>
    }
}

#[component]
fn ConsoleShopRow(shop: ConsoleShop, action: ServerAction<ModerateShop>) -> impl IntoView {
    view! {
        <tr>
            <td>{shop.name.clone()}</td>
            <td data-label=tr(MerchantsMsg::ColumnSlug)>
                <a href=format!("/s/{}", shop.slug)>{shop.slug.clone()}</a>
            </td>
            <td data-label=tr(MerchantsMsg::ColumnStatus)>
                <span class=format!("badge badge--{}", shop.status.as_db())>{tr(shop_status_msg(shop.status))}</span>
            </td>
            <td class="num" data-label=tr(AdminMsg::Products)>{shop.products}</td>
            <td data-label=tr(MerchantsMsg::ColumnOwner)>{shop.owner_email.clone().unwrap_or_else(|| tr(MerchantsMsg::NoOwner).to_string())}</td>
            <td><ModerateForm shop=shop.clone() action/></td>
        </tr>
    }
}

/// `/admin/shops`: every shop with its status, product count and owner,
/// through an operator-only server function.
#[component]
pub fn AdminShopsPage() -> impl IntoView {
    let moderate = ServerAction::<ModerateShop>::new();
    let decide = ServerAction::<DecideProfileChange>::new();
    let changes = Resource::new(move || decide.version().get(), |_| load_profile_changes());
    let query = leptos_router::hooks::use_query_map();
    let typed = move || query.with(|q| q.get("q"));
    let shops = Resource::new(move || (typed(), moderate.version().get()), |(q, _)| console_shops(q));
    view! {
        <Title text=tr(AdminMsg::Shops).into_owned()/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match shops.await {
                    Ok(shops) => view! {
                        <h1>{tr(AdminMsg::Shops)}</h1>
                        <p>{tr(MerchantsMsg::AdminShopsIntro)}</p>
                        <form method="get" action="/admin/shops" class="filters" role="search">
                            <div class="field">
                                <label for="shop-search">{tr(AdminMsg::FindShop)}</label>
                                <input id="shop-search" name="q" type="search" value=typed().unwrap_or_default()/>
                            </div>
                            <button type="submit" class="button">{tr(AdminMsg::Filter)}</button>
                        </form>
                        {if shops.is_empty() {
                            view! { <p>{tr(MerchantsMsg::NoShopsYet)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{tr(MerchantsMsg::ColumnName)}</th>
                                                <th scope="col">{tr(MerchantsMsg::ColumnSlug)}</th>
                                                <th scope="col">{tr(MerchantsMsg::ColumnStatus)}</th>
                                                <th scope="col" class="num">{tr(AdminMsg::Products)}</th>
                                                <th scope="col">{tr(MerchantsMsg::ColumnOwner)}</th>
                                                <th scope="col">{tr(AdminMsg::Action)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {shops.into_iter().map(|shop| view! { <ConsoleShopRow shop action=moderate/> }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                            .into_any()
                        }}
                    }
                    .into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
        <section aria-labelledby="profile-changes">
            <h2 id="profile-changes">{tr(MerchantsMsg::ProfileChanges)}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match changes.await {
                        Ok(list) if list.is_empty() => view! { <p>{tr(MerchantsMsg::NoProfileChanges)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="profile-changes">
                                {list.into_iter().map(|change| view! { <ProfileChangeRow change action=decide/> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(e) => failure_page(&e),
                    }
                })}
            </Transition>
        </section>
    }
}
