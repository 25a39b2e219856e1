use crate::i18n::tr;
use crate::merchants::pages::failure_page;
use crate::reviews::api::{load_review_settings, SaveReviewSettings};
use crate::reviews::messages::ReviewsMsg;
use crate::reviews::model::ReviewSettings;
use crate::ui::messages::UiMsg;
use crate::ui::{field_error, form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Check(name: &'static str, label: ReviewsMsg, checked: bool) -> impl IntoView {
    view! {
        <div class="field field--check">
            <input type="checkbox" id=name name=name value="1" checked=checked/>
            <label for=name>{tr(label)}</label>
        </div>
    }
}

#[component]
fn Number(
    name: &'static str,
    label: ReviewsMsg,
    value: i64,
    min: i64,
    action: ServerAction<SaveReviewSettings>,
) -> impl IntoView {
    let error = field_error(action, name);
    let error_id = format!("{name}-error");
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label for=name>{tr(label)}</label>
            <input type="number" id=name name=name value=value min=min inputmode="numeric" aria-describedby=error_id.clone()/>
            <p class="field__error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}

fn rules_form(s: ReviewSettings, save: ServerAction<SaveReviewSettings>) -> impl IntoView {
    let words_error = field_error(save, "banned_words");
    view! {
        <ActionForm action=save attr:class="form card rules-form">
            <Check name="auto_publish" label=ReviewsMsg::AutoPublish checked=s.auto_publish/>
            <div class="field" class:field--invalid=move || words_error.with(Option::is_some)>
                <label for="banned_words">{tr(ReviewsMsg::BannedWords)}</label>
                <textarea id="banned_words" name="banned_words" rows="8" aria-describedby="banned_words-error">{s.banned_words.join("\n")}</textarea>
                <p class="field__error" id="banned_words-error" role="alert">{move || words_error.get()}</p>
            </div>
            <Check name="check_links" label=ReviewsMsg::CheckLinks checked=s.check_links/>
            <Check name="check_contacts" label=ReviewsMsg::CheckContacts checked=s.check_contacts/>
            <Check name="check_duplicates" label=ReviewsMsg::CheckDuplicates checked=s.check_duplicates/>
            <Number name="product_burst" min=0 label=ReviewsMsg::ProductBurst value=s.product_burst action=save/>
            <Number name="address_burst" min=0 label=ReviewsMsg::AddressBurst value=s.address_burst action=save/>
            <Number name="burst_minutes" min=1 label=ReviewsMsg::BurstMinutes value=s.burst_minutes action=save/>
            <Number name="paid_praise_minutes" min=0 label=ReviewsMsg::PaidPraiseMinutes value=s.paid_praise_minutes action=save/>
            <Number name="report_threshold" min=1 label=ReviewsMsg::ReportThreshold value=s.report_threshold action=save/>
            <button type="submit" class="button button--primary">{tr(ReviewsMsg::SaveRules)}</button>
            <Show when=move || save.value().with(|v| matches!(v, Some(Ok(()))))>
                <p class="alert alert--ok" role="status">{tr(ReviewsMsg::Saved)}</p>
            </Show>
        </ActionForm>
    }
}

/// `/admin/reviews/rules`: the automatic rules' settings.
#[component]
pub fn AdminReviewRulesPage() -> impl IntoView {
    let save = ServerAction::<SaveReviewSettings>::new();
    let settings = Resource::new(move || save.version().get(), |_| load_review_settings());
    let alert = form_alert(save);
    view! {
        <Title text=tr(ReviewsMsg::Rules).into_owned()/>
        <p><a href="/admin/reviews">{tr(ReviewsMsg::Reviews)}</a></p>
        <h1>{tr(ReviewsMsg::Rules)}</h1>
        <p>{tr(ReviewsMsg::RulesIntro)}</p>
        <FormAlert message=alert/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => rules_form(s, save).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
