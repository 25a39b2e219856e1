//! The fields the promotion forms share. Ids carry the form's prefix: the
//! coupon and 满减 forms sit on one page with fields of the same name.

use crate::i18n::tr;
use crate::promotions::messages::PromoMsg;
use crate::ui::FormFn;
use leptos::prelude::*;

/// A labelled input whose error comes from `action`'s answer and whose
/// value is what was typed when the answer was a refusal.
#[component]
pub fn PromoField<S: FormFn>(
    action: ServerAction<S>,
    prefix: &'static str,
    name: &'static str,
    label: PromoMsg,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] hint: Option<PromoMsg>,
    #[prop(optional, into)] value: String,
    #[prop(default = false)] required: bool,
    /// `step` of the input ("1": times to the second).
    #[prop(optional)]
    step: Option<&'static str>,
) -> impl IntoView
where
    S::Output: Send + Sync + 'static,
{
    let error = crate::ui::field_error(action, name);
    let typed = crate::ui::echoed(action, name);
    let value = if typed.is_empty() { value } else { typed };
    let id = format!("{prefix}-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{tr(label)}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{tr(h)}</p> })}
            <input id=id name=name type=input_type value=value required=required step=step aria-describedby=described
                aria-invalid=move || error.with(Option::is_some).then_some("true")/>
            <p class="field__error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}

/// The coupon form's fields (the console adds a category).
#[component]
pub fn CouponFields<S: FormFn>(action: ServerAction<S>, prefix: &'static str) -> impl IntoView
where
    S::Output: Send + Sync + 'static,
{
    let kind_id = format!("{prefix}-kind");
    let typed_kind = crate::ui::echoed(action, "kind");
    let percent = typed_kind == "percent";
    view! {
        <PromoField action prefix name="title" label=PromoMsg::Title hint=PromoMsg::TitleHint required=true/>
        <div class="field">
            <label for=kind_id.clone()>{tr(PromoMsg::Kind)}</label>
            <select id=kind_id name="kind">
                <option value="amount" selected=!percent>{tr(PromoMsg::AmountOff)}</option>
                <option value="percent" selected=percent>{tr(PromoMsg::PercentOff)}</option>
            </select>
        </div>
        <PromoField action prefix name="value" label=PromoMsg::Value input_type="text" required=true/>
        <PromoField action prefix name="cap" label=PromoMsg::Cap/>
        <PromoField action prefix name="min_spend" label=PromoMsg::MinSpend/>
        <PromoField action prefix name="starts_at" label=PromoMsg::StartsAt input_type="datetime-local"/>
        <PromoField action prefix name="ends_at" label=PromoMsg::EndsAt input_type="datetime-local" required=true/>
        <PromoField action prefix name="quantity" label=PromoMsg::Quantity input_type="number" required=true/>
        <PromoField action prefix name="per_person" label=PromoMsg::PerPerson input_type="number" value="1"/>
        <PromoField action prefix name="code" label=PromoMsg::Code/>
        <div class="field field--check">
            <input type="checkbox" id=format!("{prefix}-code_only") name="code_only" value="1"/>
            <label for=format!("{prefix}-code_only")>{tr(PromoMsg::CodeOnly)}</label>
        </div>
    }
}
