use crate::i18n::{tr, use_locale};
use crate::merchants::api::{load_application_review, DecideApplication};
use crate::merchants::components::{field_msg, shown_fields, ApplicationBadge, ApplicationHistory, ApplicationSummary};
use crate::merchants::messages::SellMsg;
use crate::merchants::model::{ApplicationReview, ApplicationStatus, DocumentInfo};
use crate::merchants::pages::failure_page;
use crate::ui::messages::UiMsg;
use crate::ui::{echoed, field_error, form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// One document beside the application: images shown, PDFs linked.
#[component]
fn DocumentPanel(document: DocumentInfo) -> impl IntoView {
    let label = tr(field_msg(document.field)).into_owned();
    let url = document.url();
    view! {
        <figure class="document">
            <figcaption>
                <strong>{label.clone()}</strong> " · "
                <a href=url.clone() target="_blank" rel="noopener">{tr(SellMsg::OpenDocument)} " " {document.file_name.clone()}</a>
            </figcaption>
            {(!document.is_pdf()).then(|| view! { <img src=url alt=label loading="lazy"/> })}
        </figure>
    }
}

/// Approve, Reject (with a reason) and Request changes (naming fields).
#[component]
fn DecisionForms(review: ApplicationReview, action: ServerAction<DecideApplication>) -> impl IntoView {
    let id = review.application.application_id;
    let reason_error = field_error(action, "reason");
    let fields_error = field_error(action, "fields");
    let alert = form_alert(action);
    let typed = echoed(action, "reason");
    let checkboxes = shown_fields(&review.application)
        .into_iter()
        .map(|f| {
            let box_id = format!("reopen-{}", f.key());
            view! {
                <label class="choice" for=box_id.clone()>
                    <input type="checkbox" id=box_id.clone() name=format!("reopen[{}]", f.key()) value="1"/>
                    " " {tr(field_msg(f))}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="decision card" aria-labelledby="decide">
            <h2 id="decide">{tr(SellMsg::StatusLabel)}</h2>
            <FormAlert message=alert/>
            <ActionForm action attr:class="form">
                <input type="hidden" name="application_id" value=id/>
                <input type="hidden" name="decision" value="approve"/>
                <button type="submit" class="button button--primary">{tr(SellMsg::Approve)}</button>
            </ActionForm>
            <ActionForm action attr:class="form">
                <input type="hidden" name="application_id" value=id/>
                <div class="field" class:field--invalid=move || reason_error.with(Option::is_some)>
                    <label for="decision-reason">{tr(SellMsg::Reason)}</label>
                    <p class="field__hint" id="decision-reason-hint">{tr(SellMsg::ReasonHint)}</p>
                    <textarea id="decision-reason" name="reason" rows="3" maxlength="500"
                        aria-describedby="decision-reason-hint decision-reason-error">{typed}</textarea>
                    <p class="field__error" id="decision-reason-error" role="alert">{move || reason_error.get()}</p>
                </div>
                <fieldset class="field choices reopen-fields">
                    <legend>{tr(SellMsg::ChooseFieldsToChange)}</legend>
                    {checkboxes}
                    <p class="field__error" role="alert">{move || fields_error.get()}</p>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" name="decision" value="request_changes" class="button">
                        {tr(SellMsg::RequestChanges)}
                    </button>
                    <button type="submit" name="decision" value="reject" class="button button--danger">
                        {tr(SellMsg::Reject)}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

/// `/admin/applications/{id}`: one submitted application, its documents
/// side by side with its fields, and the operator's decisions.
#[component]
pub fn AdminApplicationPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let decide = ServerAction::<DecideApplication>::new();
    let review = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
                decide.version().get(),
            )
        },
        |(id, _)| async move {
            match id {
                Some(id) => load_application_review(id).await,
                None => Err(crate::error::AppError::new(crate::error::ErrorCode::NotFound)),
            }
        },
    );
    view! {
        <Title text=tr(SellMsg::Application).into_owned()/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(r) => {
                        let categories: Vec<(String, String)> = r
                            .categories
                            .iter()
                            .map(|c| (c.slug.clone(), c.name.get(locale).to_string()))
                            .collect();
                        let view = r.application.clone();
                        let documents = view
                            .documents
                            .iter()
                            .cloned()
                            .map(|document| view! { <DocumentPanel document/> })
                            .collect_view();
                        let open = view.status == ApplicationStatus::UnderReview;
                        view! {
                            <h1>{view.draft.value(crate::merchants::model::AppField::ShopName).to_string()}</h1>
                            <p class="application-status">
                                {tr(SellMsg::StatusLabel)} ": " <ApplicationBadge status=view.status/>
                                " · " {tr(SellMsg::Applicant)} ": " {r.applicant_email.clone()}
                            </p>
                            {(!view.reason.is_empty()).then(|| view! {
                                <p><strong>{tr(SellMsg::OperatorSaid)} ": "</strong> {view.reason.clone()}</p>
                            })}
                            <div class="review-layout">
                                <div class="review-layout__fields">
                                    <ApplicationSummary view=view.clone() categories bank=r.bank_account_number.clone()/>
                                </div>
                                <div class="review-layout__documents">
                                    <h2>{tr(SellMsg::Documents)}</h2>
                                    {documents}
                                </div>
                            </div>
                            {open.then(|| view! { <DecisionForms review=r.clone() action=decide/> })}
                            <ApplicationHistory view/>
                        }
                        .into_any()
                    }
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
