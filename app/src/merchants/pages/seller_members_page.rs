use crate::i18n::tr;
use crate::merchants::api::{load_members, InviteStaff, RemoveStaff};
use crate::merchants::messages::MerchantsMsg;
use crate::merchants::model::{MemberRole, MembersPage};
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::ui::messages::UiMsg;
use crate::ui::{echoed, field_error, form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn members_view(
    page: MembersPage,
    invite: ServerAction<InviteStaff>,
    remove: ServerAction<RemoveStaff>,
) -> impl IntoView {
    let email_error = field_error(invite, "email");
    let alert = form_alert(invite);
    let typed = echoed(invite, "email");
    let owner = page.caller_is_owner;
    let shop_id = page.shop_id;
    let rows = page
        .members
        .into_iter()
        .map(|m| {
            let role = match m.role {
                MemberRole::Owner => MerchantsMsg::RoleOwner,
                MemberRole::Staff => MerchantsMsg::RoleStaff,
            };
            let removable = owner && m.role == MemberRole::Staff;
            view! {
                <tr>
                    <td>{m.email.clone()}</td>
                    <td data-label=tr(MerchantsMsg::Role)>{tr(role)}</td>
                    <td data-label=tr(MerchantsMsg::Since)>{china_time(m.since_ms)}</td>
                    <td>
                        {removable.then(|| view! {
                            <ActionForm action=remove>
                                <input type="hidden" name="shop_id" value=shop_id/>
                                <input type="hidden" name="user_id" value=m.user_id/>
                                <button type="submit" class="button button--small button--quiet"
                                    aria-label=format!("{} {}", tr(MerchantsMsg::RemoveMember), m.email)>
                                    {tr(MerchantsMsg::RemoveMember)}
                                </button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>{tr(MerchantsMsg::Members)} " · " {page.shop_name.clone()}</h1>
        <p>{tr(MerchantsMsg::MembersIntro)}</p>
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(MerchantsMsg::MemberEmail)}</th>
                        <th scope="col">{tr(MerchantsMsg::Role)}</th>
                        <th scope="col">{tr(MerchantsMsg::Since)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(MerchantsMsg::RemoveMember)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {owner.then(|| view! {
            <section class="card editor-section" aria-labelledby="invite-heading">
                <h2 id="invite-heading">{tr(MerchantsMsg::InviteStaff)}</h2>
                <ActionForm action=invite attr:class="form">
                    <input type="hidden" name="shop_id" value=shop_id/>
                    <FormAlert message=alert/>
                    <div class="field" class:field--invalid=move || email_error.with(Option::is_some)>
                        <label for="invite-email">{tr(MerchantsMsg::MemberEmail)}</label>
                        <p class="field__hint" id="invite-email-hint">{tr(MerchantsMsg::InviteHint)}</p>
                        <input id="invite-email" name="email" type="email" autocomplete="off" value=typed
                            aria-describedby="invite-email-hint invite-email-error"/>
                        <p class="field__error" id="invite-email-error" role="alert">{move || email_error.get()}</p>
                    </div>
                    <button type="submit" class="button">{tr(MerchantsMsg::InviteStaff)}</button>
                </ActionForm>
            </section>
        })}
    }
}

/// `/seller/members?shop=ID`: who acts for the shop; its owner adds staff
/// by email and removes them.
#[component]
pub fn SellerMembersPage() -> impl IntoView {
    let query = use_query_map();
    let invite = ServerAction::<InviteStaff>::new();
    let remove = ServerAction::<RemoveStaff>::new();
    let data = Resource::new(
        move || {
            (
                query.with(|q| q.get("shop").and_then(|s| s.parse::<i64>().ok())),
                invite.version().get(),
                remove.version().get(),
            )
        },
        |(shop, _, _)| load_members(shop),
    );
    view! {
        <Title text=tr(MerchantsMsg::Members).into_owned()/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => members_view(page, invite, remove).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
