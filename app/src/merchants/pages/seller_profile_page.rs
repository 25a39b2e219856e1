use crate::error::ErrorCode;
use crate::i18n::{tr, use_locale};
use crate::merchants::api::load_profile;
use crate::merchants::messages::{MerchantsMsg, SellMsg};
use crate::merchants::model::ShopProfile;
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::ui::messages::{code_message, UiMsg};
use crate::ui::MultipartForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// What the URL brings back after a post: problems by field, typed values,
/// and whether it was saved (`review`: sent for review).
struct Outcome {
    errors: Vec<(String, ErrorCode)>,
    name: Option<String>,
    description: Option<String>,
    saved: Option<String>,
}

fn profile_view(profile: ShopProfile, outcome: Outcome) -> impl IntoView {
    let locale = use_locale();
    let error = |field: &str| {
        outcome
            .errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| code_message(locale, *c, None))
    };
    let (name_error, description_error, logo_error) = (error("shop_name"), error("shop_description"), error("logo"));
    let form_error = error("form");
    let (name_invalid, description_invalid, logo_invalid) =
        (name_error.is_some(), description_error.is_some(), logo_error.is_some());
    // What shows in the name field: what was typed, else the change
    // waiting, else the name.
    let name = outcome
        .name
        .clone()
        .or_else(|| profile.pending.as_ref().map(|p| p.name.clone()))
        .unwrap_or_else(|| profile.name.clone());
    let description = outcome
        .description
        .clone()
        .unwrap_or_else(|| profile.description.clone());
    let action = "/seller/profile/save".to_string();
    view! {
        <h1>{tr(MerchantsMsg::Profile)} " · " {profile.name.clone()}</h1>
        <p>{tr(MerchantsMsg::ProfileIntro)}</p>
        {outcome.saved.map(|how| view! {
            <p class="alert alert--success" role="status">
                {if how == "review" { tr(crate::catalog::messages::EditorMsg::ChangeSent) } else { tr(crate::catalog::messages::EditorMsg::Saved) }}
            </p>
        })}
        {form_error.map(|m| view! { <p class="alert alert--error" role="alert">{m}</p> })}
        {profile.pending.clone().map(|p| view! {
            <div class="alert alert--warning" role="status">
                {tr(MerchantsMsg::ProfilePending)} " " {p.name.clone()} " · " {china_time(p.since_ms)}
                {p.logo_url.map(|url| view! { " " <img class="application-logo" src=url alt=tr(SellMsg::Logo) width="64" height="64"/> })}
            </div>
        })}
        {profile.last_rejection.clone().filter(|_| profile.pending.is_none()).map(|reason| view! {
            <p class="alert alert--error">{tr(MerchantsMsg::ProfileRejectedBecause)} " " {reason}</p>
        })}
        <MultipartForm action class="form wizard-form">
            // First: the server authorizes the shop before it reads a logo.
            <input type="hidden" name="shop_id" value=profile.shop_id/>
            <div class="field" class:field--invalid=name_invalid>
                <label for="field-shop_name">{tr(SellMsg::ShopName)}</label>
                <p class="field__hint" id="field-shop_name-hint">{tr(SellMsg::ShopNameHint)}</p>
                <input id="field-shop_name" name="shop_name" type="text" value=name
                    aria-describedby="field-shop_name-hint field-shop_name-error"/>
                <p class="field__error" id="field-shop_name-error" role="alert">{name_error}</p>
            </div>
            <div class="field" class:field--invalid=description_invalid>
                <label for="field-shop_description">{tr(SellMsg::ShopDescription)}</label>
                <textarea id="field-shop_description" name="shop_description" rows="4" maxlength="2000"
                    aria-describedby="field-shop_description-error">{description}</textarea>
                <p class="field__error" id="field-shop_description-error" role="alert">{description_error}</p>
            </div>
            <div class="field" class:field--invalid=logo_invalid>
                <label for="field-logo">{tr(SellMsg::Logo)}</label>
                <p class="field__hint" id="field-logo-hint">{tr(SellMsg::LogoHint)}</p>
                {profile.logo_url.clone().map(|url| view! {
                    <p class="field__current">{tr(SellMsg::CurrentFile)} ": "
                        <img class="application-logo" src=url alt=tr(SellMsg::Logo) width="64" height="64"/></p>
                })}
                <input id="field-logo" name="logo" type="file" accept="image/jpeg,image/png,image/webp"
                    aria-describedby="field-logo-hint field-logo-error"/>
                <p class="field__error" id="field-logo-error" role="alert">{logo_error}</p>
            </div>
            <button type="submit" class="button button--primary">{tr(MerchantsMsg::SaveProfile)}</button>
        </MultipartForm>
    }
}

/// `/seller/profile?shop=ID`: the shop's name, description and logo.
#[component]
pub fn SellerProfilePage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| q.get("shop").and_then(|s| s.parse::<i64>().ok())),
        load_profile,
    );
    view! {
        <Title text=tr(MerchantsMsg::Profile).into_owned()/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let outcome = query.with_untracked(|q| Outcome {
                    errors: crate::error::parse_problems(&q.get("err").unwrap_or_default()),
                    name: q.get("shop_name"),
                    description: q.get("shop_description"),
                    saved: q.get("saved"),
                });
                match data.await {
                    Ok(profile) => profile_view(profile, outcome).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
