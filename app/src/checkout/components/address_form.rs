use crate::checkout::api::{load_divisions, SaveAddress};
use crate::checkout::messages::CheckoutMsg;
use crate::checkout::model::{AddressView, DivisionChoices};
use crate::i18n::tr;
use crate::ui::{echoed, field_error, form_alert, hydrated, FormAlert, SelectField, TextField};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// What a field starts with: what a failed post without JavaScript typed,
/// else the address being edited, else nothing.
fn start_value(action: ServerAction<SaveAddress>, field: &'static str, editing: Option<&str>) -> String {
    let typed = echoed(action, field);
    if !typed.is_empty() || action.value().with_untracked(|v| matches!(v, Some(Err(_)))) {
        typed
    } else {
        editing.unwrap_or_default().to_string()
    }
}

fn pairs(list: Vec<crate::checkout::model::Division>) -> Vec<(String, String)> {
    list.into_iter().map(|d| (d.code, d.name)).collect()
}

/// Add or edit an address. Province → city → district: with JavaScript each
/// choice fills the next list at once; without it, "Update lists" posts the
/// form and it comes back with the next list filled, nothing typed lost.
#[component]
pub fn AddressForm(
    action: ServerAction<SaveAddress>,
    /// The address being edited, if any.
    editing: Option<AddressView>,
) -> impl IntoView {
    let editing_id = editing.as_ref().map(|a| a.address_id).or_else(|| {
        action.value().with_untracked(|v| match v {
            Some(Err(e)) => e.echoed("address_id").and_then(|id| id.parse().ok()),
            _ => None,
        })
    });
    let province = RwSignal::new(start_value(
        action,
        "province",
        editing.as_ref().map(|a| a.province_code.as_str()),
    ));
    let city = RwSignal::new(start_value(
        action,
        "city",
        editing.as_ref().map(|a| a.city_code.as_str()),
    ));
    let district = RwSignal::new(start_value(
        action,
        "district",
        editing.as_ref().map(|a| a.district_code.as_str()),
    ));
    let choices = Resource::new(
        move || (province.get(), city.get()),
        |(p, c)| async move {
            load_divisions((!p.is_empty()).then_some(p), (!c.is_empty()).then_some(c))
                .await
                .unwrap_or_default()
        },
    );
    let list = move |pick: fn(DivisionChoices) -> Vec<crate::checkout::model::Division>| {
        Signal::derive(move || choices.get().map(|c| pairs(pick(c))).unwrap_or_default())
    };
    let provinces = list(|c| c.provinces);
    let cities = list(|c| c.cities);
    let districts = list(|c| c.districts);
    let js = hydrated();
    view! {
        <ActionForm action=action attr:class="form address-form" attr:novalidate=true>
            {editing_id.map(|id| view! { <input type="hidden" name="address_id" value=id/> })}
            <FormAlert message=form_alert(action)/>
            <TextField
                label=CheckoutMsg::Recipient
                name="recipient"
                autocomplete="name"
                value=start_value(action, "recipient", editing.as_ref().map(|a| a.recipient.as_str()))
                error=field_error(action, "recipient")
            />
            <TextField
                label=CheckoutMsg::Phone
                name="phone"
                input_type="tel"
                autocomplete="tel-national"
                value=start_value(action, "phone", editing.as_ref().map(|a| a.phone.as_str()))
                error=field_error(action, "phone")
                hint=CheckoutMsg::PhoneHint
            />
            // A transition, not a suspense: choosing a province keeps the
            // form on screen while the cities arrive.
            <Transition fallback=|| ()>
            <div class="address-form__divisions">
                <SelectField
                    label=CheckoutMsg::Province
                    name="province"
                    options=provinces
                    value=province
                    placeholder=CheckoutMsg::ChooseOne
                    error=field_error(action, "province")
                    on_pick=Callback::new(move |_| {
                        city.set(String::new());
                        district.set(String::new());
                    })
                />
                <SelectField
                    label=CheckoutMsg::City
                    name="city"
                    options=cities
                    value=city
                    placeholder=CheckoutMsg::ChooseOne
                    error=field_error(action, "city")
                    on_pick=Callback::new(move |_| district.set(String::new()))
                />
                <SelectField
                    label=CheckoutMsg::District
                    name="district"
                    options=districts
                    value=district
                    placeholder=CheckoutMsg::ChooseOne
                    error=field_error(action, "district")
                />
                // Without JavaScript the lists fill from the server.
                <button type="submit" name="refresh" value="1" class="button button--small" formnovalidate=true hidden=move || js.get()>
                    {tr(CheckoutMsg::UpdateLists)}
                </button>
            </div>
            </Transition>
            <TextField
                label=CheckoutMsg::Address
                name="detail"
                autocomplete="street-address"
                value=start_value(action, "detail", editing.as_ref().map(|a| a.detail.as_str()))
                error=field_error(action, "detail")
                hint=CheckoutMsg::AddressHint
            />
            <label class="checkbox">
                <input type="checkbox" name="make_default" value="1" checked=editing.as_ref().is_some_and(|a| a.is_default)/>
                " " {tr(CheckoutMsg::MakeDefault)}
            </label>
            <div class="address-form__actions">
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>
                    {tr(CheckoutMsg::SaveAddress)}
                </button>
                {editing_id.map(|_| view! { <a class="button button--quiet" href="/checkout">{tr(CheckoutMsg::Cancel)}</a> })}
            </div>
        </ActionForm>
    }
}
