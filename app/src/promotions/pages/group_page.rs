use crate::i18n::{format_fen, tr};
use crate::promotions::api::{load_group, JoinGroup};
use crate::promotions::group_components::GroupCountdown;
use crate::promotions::messages::PromoMsg;
use crate::promotions::model::{GroupPage as Data, GroupPlace, GroupState};
use crate::ui::messages::UiMsg;
use crate::ui::{form_alert, go_on_success, ErrorPage, NotFoundPage};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

fn state_msg(state: GroupState) -> PromoMsg {
    match state {
        GroupState::Forming => PromoMsg::GroupForming,
        GroupState::Open => PromoMsg::GroupOpen,
        GroupState::Succeeded => PromoMsg::GroupSucceeded,
        GroupState::Failed => PromoMsg::GroupFailed,
        GroupState::Abandoned => PromoMsg::GroupAbandoned,
    }
}

/// What the viewer can do here: join, finish paying, see their order.
#[component]
fn GroupAction(data: Data) -> impl IntoView {
    let join = ServerAction::<JoinGroup>::new();
    go_on_success(join, |placed| format!("/pay/{}", placed.checkout_id));
    let alert = form_alert(join);
    let address_alert = crate::ui::field_error(join, "address");
    let group_id = data.group_id;
    let open = data.state == GroupState::Open;
    let body = match data.place {
        GroupPlace::Paid { order_id } => view! {
            <p class="group__you" role="status">{tr(PromoMsg::YouAreIn)}</p>
            <a class="button" href=format!("/orders/{order_id}")>{tr(PromoMsg::ViewYourOrder)}</a>
        }
        .into_any(),
        GroupPlace::Paying { checkout_id } => view! {
            <p class="group__you">{tr(PromoMsg::YouAreIn)}</p>
            <a class="button button--primary" href=format!("/pay/{checkout_id}")>{tr(PromoMsg::FinishPaying)}</a>
        }
        .into_any(),
        GroupPlace::Outside if open && data.seats >= data.size => {
            view! { <p class="group__full">{tr(PromoMsg::GroupFullNote)}</p> }.into_any()
        }
        GroupPlace::Outside if open && !data.signed_in => {
            let next = urlencoding::encode(&format!("/g/{group_id}")).into_owned();
            view! {
                <a class="button button--group" href=format!("/login?next={next}")>{tr(PromoMsg::JoinGroup)}</a>
            }
            .into_any()
        }
        GroupPlace::Outside if open => view! {
            <ActionForm action=join attr:class="group__join">
                <input type="hidden" name="group_id" value=group_id/>
                <button type="submit" class="button button--group" disabled=move || join.pending().get()>
                    {tr(PromoMsg::JoinGroup)} " — " {format_fen(data.offer.price_minor)}
                </button>
            </ActionForm>
        }
        .into_any(),
        GroupPlace::Outside => ().into_any(),
    };
    view! {
        <div class="group__action">
            {body}
            <p class="field__error" role="alert">{move || alert.get().or_else(|| address_alert.get())}</p>
        </div>
    }
}

#[component]
fn GroupView(data: Data) -> impl IntoView {
    let offer = data.offer.clone();
    let options = crate::orders::components::options_text(&offer.sku_options);
    let members = data
        .members
        .iter()
        .map(|m| view! { <li class="group__member">{m.clone()}</li> })
        .collect_view();
    let empty = (data.size - data.members.len() as i64).max(0);
    let placeholders = (0..empty)
        .map(|_| view! { <li class="group__member group__member--empty" aria-hidden="true">"?"</li> })
        .collect_view();
    let open = data.state == GroupState::Open;
    let share_url = data.share_url.clone();
    view! {
        <section class="card group" aria-labelledby="group-product">
            <div class="group__product">
                {data.image_key.clone().map(|src| view! { <img class="group__image" src=src alt="" width="120" height="120"/> })}
                <div>
                    <h2 id="group-product" class="group__title">
                        <a href=format!("/p/{}", offer.product_id)>{offer.product_title.clone()}</a>
                    </h2>
                    {(!options.is_empty()).then(|| view! { <p class="muted">{options}</p> })}
                    <p class="group-offer__price">
                        <strong>{format_fen(offer.price_minor)}</strong> " " {tr(PromoMsg::GroupPriceFor { size: offer.size })}
                        " · " {tr(PromoMsg::AlonePrice)} " " <s>{format_fen(offer.regular_minor)}</s>
                    </p>
                </div>
            </div>
            <p class="group__state" role="status">
                <span class=format!("badge badge--group-{:?}", data.state).to_lowercase()>{tr(PromoMsg::GroupJoined { paid: data.paid, size: data.size })}</span>
                " " {tr(state_msg(data.state))}
            </p>
            {(open && data.paid < data.size).then(|| view! {
                <p class="group__needed">{tr(PromoMsg::GroupPlacesLeft { n: data.size - data.paid })}</p>
            })}
            {data.expires_at.filter(|_| open).map(|t| view! { <GroupCountdown expires_at=t/> })}
            <h3 class="group__members-title">{tr(PromoMsg::GroupMembers)}</h3>
            <ul class="group__members">{members}{placeholders}</ul>
            <GroupAction data=data.clone()/>
            {open.then(|| view! {
                <div class="field group__share">
                    <label for="group-share">{tr(PromoMsg::ShareLink)}</label>
                    <input id="group-share" type="text" readonly=true value=share_url
                        on:focus=|ev| {
                            use wasm_bindgen::JsCast;
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        }/>
                </div>
            })}
        </section>
    }
}

/// `/g/{id}`: a group's shared page: the product at its group price, who
/// joined, the time left, the link to share, and **Join group**.
#[component]
pub fn GroupPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|id| *id > 0)
    };
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_group(id).await,
            None => Err(crate::error::AppError::new(crate::error::ErrorCode::NotFound)),
        }
    });
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! {
                        <Title text=tr(PromoMsg::GroupTitle { id: data.group_id }).into_owned()/>
                        <h1>{tr(PromoMsg::GroupBuy)}</h1>
                        <GroupView data/>
                    }
                    .into_any(),
                    Err(e) if e.code == crate::error::ErrorCode::NotFound => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ErrorPage/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
