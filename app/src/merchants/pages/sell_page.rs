use crate::error::ErrorCode;
use crate::i18n::{tr, use_locale, Locale};
use crate::merchants::api::{load_sell_page, StartApplication};
use crate::merchants::components::{
    field_msg, step_msg, ApplicationBadge, ApplicationHistory, ApplicationSummary, DocumentLink,
};
use crate::merchants::domain::{check_step, may_edit, step_complete};
use crate::merchants::messages::SellMsg;
use crate::merchants::model::{
    AppField, ApplicationStatus, ApplicationView, EntityType, SellPageData, Step, APPLICATION_STEP_PATH,
};
use crate::merchants::pages::failure_page;
use crate::ui::messages::{code_message, UiMsg};
use crate::ui::MultipartForm;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// What the URL says about the wizard: the step, whether to show the
/// step's problems, problems the draft cannot show, and a save.
#[derive(Clone, Debug, PartialEq)]
struct WizardQuery {
    step: Step,
    check: bool,
    errors: Vec<(String, ErrorCode)>,
    saved: bool,
}

fn parse_query(step: Option<String>, check: Option<String>, err: Option<String>, saved: Option<String>) -> WizardQuery {
    let errors = crate::error::parse_problems(&err.unwrap_or_default());
    WizardQuery {
        step: step.as_deref().and_then(Step::from_slug).unwrap_or(Step::Shop),
        check: check.is_some(),
        errors,
        saved: saved.is_some(),
    }
}

/// The problem to show next to each field of `step`.
fn problems(view: &ApplicationView, query: &WizardQuery) -> Vec<(String, ErrorCode)> {
    let mut list: Vec<(String, ErrorCode)> = query
        .errors
        .iter()
        .filter(|(f, _)| AppField::from_key(f).is_some_and(|f| f.step() == query.step))
        .cloned()
        .collect();
    if query.check {
        for (field, code) in check_step(&view.draft, query.step) {
            if !list.iter().any(|(f, _)| f == field.key()) {
                list.push((field.key().to_string(), code));
            }
        }
    }
    list
}

/// Everything one field needs to render.
#[derive(Clone)]
struct FieldCtx {
    locale: Locale,
    view: ApplicationView,
    problems: Vec<(String, ErrorCode)>,
}

impl FieldCtx {
    fn error(&self, field: AppField) -> Option<String> {
        self.problems
            .iter()
            .find(|(f, _)| f == field.key())
            .map(|(_, code)| code_message(self.locale, *code, None))
    }

    fn editable(&self, field: AppField) -> bool {
        may_edit(self.view.status, &self.view.reopened, field)
    }

    fn value(&self, field: AppField) -> String {
        self.view.draft.value(field).to_string()
    }
}

fn field_id(field: AppField) -> String {
    format!("field-{}", field.key())
}

/// The message under a field, tied to it by `aria-describedby`.
fn error_line(field: AppField, error: Option<String>) -> impl IntoView {
    view! { <p class="field__error" id=format!("{}-error", field_id(field)) role="alert">{error}</p> }
}

fn described_by(field: AppField, hint: bool, error: bool) -> Option<String> {
    let id = field_id(field);
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A field the applicant may not change now: its label and value.
fn locked(ctx: &FieldCtx, field: AppField) -> AnyView {
    let value = ctx.value(field);
    view! {
        <div class="field field--locked">
            <span class="field__label">{tr(field_msg(field))}</span>
            <p class="field__value">{if value.is_empty() { tr(SellMsg::NotGiven).into_owned() } else { value }}</p>
        </div>
    }
    .into_any()
}

/// A one-line text input.
fn text_input(
    ctx: &FieldCtx,
    field: AppField,
    hint: Option<SellMsg>,
    input_type: &'static str,
    autocomplete: &'static str,
) -> AnyView {
    if !ctx.editable(field) {
        return locked(ctx, field);
    }
    let error = ctx.error(field);
    let invalid = error.is_some();
    let id = field_id(field);
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone()>{tr(field_msg(field))}</label>
            {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hint")>{tr(h)}</p> })}
            <input
                id=id.clone()
                name=field.key()
                type=input_type
                value=ctx.value(field)
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                aria-invalid=invalid.then_some("true")
                aria-describedby=described_by(field, hint.is_some(), invalid)
            />
            {error_line(field, error)}
        </div>
    }
    .into_any()
}

/// A file input, with the file already uploaded (if any).
fn file_input(ctx: &FieldCtx, field: AppField, hint: SellMsg) -> AnyView {
    let current: AnyView = if field == AppField::Logo {
        let key = ctx.value(field);
        (!key.is_empty())
            .then(|| {
                view! {
                    <p class="field__current">
                        {tr(SellMsg::CurrentFile)} ": "
                        <img class="application-logo" src=crate::media::url_for(&key) alt=tr(SellMsg::Logo) width="64" height="64"/>
                    </p>
                }
            })
            .into_any()
    } else {
        ctx.view
            .documents
            .iter()
            .find(|d| d.field == field)
            .cloned()
            .map(|document| view! { <p class="field__current">{tr(SellMsg::CurrentFile)} ": " <DocumentLink document/></p> })
            .into_any()
    };
    if !ctx.editable(field) {
        return view! {
            <div class="field field--locked">
                <span class="field__label">{tr(field_msg(field))}</span>
                {current}
            </div>
        }
        .into_any();
    }
    let error = ctx.error(field);
    let invalid = error.is_some();
    let id = field_id(field);
    let accept = if field.is_document() {
        "image/jpeg,image/png,image/webp,application/pdf"
    } else {
        "image/jpeg,image/png,image/webp"
    };
    let has_file = !ctx.value(field).is_empty();
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone()>{tr(field_msg(field))}</label>
            <p class="field__hint" id=format!("{id}-hint")>
                {tr(hint)} {has_file.then(|| view! { " " {tr(SellMsg::ReplaceFileHint)} })}
            </p>
            {current}
            <input
                id=id.clone()
                name=field.key()
                type="file"
                accept=accept
                aria-invalid=invalid.then_some("true")
                aria-describedby=described_by(field, true, invalid)
            />
            {error_line(field, error)}
        </div>
    }
    .into_any()
}

fn shop_step(ctx: &FieldCtx, categories: &[(String, String)]) -> AnyView {
    let description = {
        let field = AppField::ShopDescription;
        if ctx.editable(field) {
            let error = ctx.error(field);
            let invalid = error.is_some();
            let id = field_id(field);
            view! {
                <div class="field" class:field--invalid=invalid>
                    <label for=id.clone()>{tr(field_msg(field))}</label>
                    <p class="field__hint" id=format!("{id}-hint")>{tr(SellMsg::ShopDescriptionHint)}</p>
                    <textarea
                        id=id.clone()
                        name=field.key()
                        rows="4"
                        maxlength="2000"
                        aria-invalid=invalid.then_some("true")
                        aria-describedby=described_by(field, true, invalid)
                    >
                        {ctx.value(field)}
                    </textarea>
                    {error_line(field, error)}
                </div>
            }
            .into_any()
        } else {
            locked(ctx, field)
        }
    };
    let category = {
        let field = AppField::MainCategory;
        if ctx.editable(field) {
            let error = ctx.error(field);
            let invalid = error.is_some();
            let id = field_id(field);
            let chosen = ctx.value(field);
            let options = categories
                .iter()
                .map(|(slug, name)| {
                    let selected = *slug == chosen;
                    view! { <option value=slug.clone() selected=selected>{name.clone()}</option> }
                })
                .collect_view();
            view! {
                <div class="field" class:field--invalid=invalid>
                    <label for=id.clone()>{tr(field_msg(field))}</label>
                    <select
                        id=id.clone()
                        name=field.key()
                        aria-invalid=invalid.then_some("true")
                        aria-describedby=described_by(field, false, invalid)
                    >
                        <option value="">{tr(SellMsg::ChooseCategory)}</option>
                        {options}
                    </select>
                    {error_line(field, error)}
                </div>
            }
            .into_any()
        } else {
            locked(ctx, field)
        }
    };
    view! {
        {text_input(ctx, AppField::ShopName, Some(SellMsg::ShopNameHint), "text", "organization")}
        {description}
        {category}
        {file_input(ctx, AppField::Logo, SellMsg::LogoHint)}
    }
    .into_any()
}

fn entity_step(ctx: &FieldCtx) -> AnyView {
    let kind = RwSignal::new(ctx.view.draft.entity_type);
    // Without JavaScript both groups show (the choice cannot hide one);
    // once the page runs, only the chosen kind's fields do.
    let hydrated = crate::ui::hydrated();
    let hide = move |which: EntityType| move || hydrated.get() && kind.get().is_some_and(|k| k != which);
    let kind_field = AppField::EntityType;
    let kind_error = ctx.error(kind_field);
    let kind_invalid = kind_error.is_some();
    let kind_choice = if ctx.editable(kind_field) {
        let radio = move |value: EntityType, label: SellMsg| {
            let id = format!("entity-{}", value.as_db());
            view! {
                <label class="choice" for=id.clone()>
                    <input
                        type="radio"
                        id=id.clone()
                        name=kind_field.key()
                        value=value.as_db()
                        checked=kind.get_untracked() == Some(value)
                        on:change=move |_| kind.set(Some(value))
                    />
                    " " {tr(label)}
                </label>
            }
        };
        view! {
            <fieldset class="field choices" class:field--invalid=kind_invalid
                aria-describedby=described_by(kind_field, false, kind_invalid)>
                <legend>{tr(SellMsg::EntityType)}</legend>
                {radio(EntityType::Company, SellMsg::Company)}
                {radio(EntityType::Individual, SellMsg::Individual)}
                {error_line(kind_field, kind_error)}
            </fieldset>
        }
        .into_any()
    } else {
        let word = match ctx.view.draft.entity_type {
            Some(EntityType::Company) => SellMsg::Company,
            Some(EntityType::Individual) => SellMsg::Individual,
            None => SellMsg::NotGiven,
        };
        view! {
            <div class="field field--locked">
                <span class="field__label">{tr(SellMsg::EntityType)}</span>
                <p class="field__value">{tr(word)}</p>
            </div>
        }
        .into_any()
    };
    let brand_field = AppField::SellsOtherBrand;
    let brand_choice = if ctx.editable(brand_field) {
        view! {
            <div class="field">
                <label class="choice" for=field_id(brand_field)>
                    <input
                        type="checkbox"
                        id=field_id(brand_field)
                        name=brand_field.key()
                        value="1"
                        checked=ctx.view.draft.sells_other_brand
                    />
                    " " {tr(SellMsg::SellsOtherBrand)}
                </label>
            </div>
        }
        .into_any()
    } else {
        ().into_any()
    };
    view! {
        {kind_choice}
        <fieldset class="entity-group" hidden=hide(EntityType::Company)>
            <legend>{tr(SellMsg::IfCompany)}</legend>
            {text_input(ctx, AppField::CompanyName, None, "text", "organization")}
            {text_input(ctx, AppField::CreditCode, Some(SellMsg::CreditCodeHint), "text", "off")}
            {text_input(ctx, AppField::LegalRepresentative, None, "text", "off")}
            {file_input(ctx, AppField::BusinessLicense, SellMsg::DocumentHint)}
        </fieldset>
        <fieldset class="entity-group" hidden=hide(EntityType::Individual)>
            <legend>{tr(SellMsg::IfIndividual)}</legend>
            {text_input(ctx, AppField::PersonName, None, "text", "name")}
            {text_input(ctx, AppField::IdNumber, None, "text", "off")}
            {file_input(ctx, AppField::IdImage, SellMsg::DocumentHint)}
        </fieldset>
        {brand_choice}
        {file_input(ctx, AppField::BrandAuthorization, SellMsg::DocumentHint)}
    }
    .into_any()
}

fn contact_step(ctx: &FieldCtx) -> AnyView {
    let number = AppField::BankAccountNumber;
    let saved = ctx.view.bank_account_saved.clone();
    let number_input = if ctx.editable(number) {
        let error = ctx.error(number);
        let invalid = error.is_some();
        let id = field_id(number);
        view! {
            <div class="field" class:field--invalid=invalid>
                <label for=id.clone()>{tr(field_msg(number))}</label>
                {saved.clone().map(|masked| view! {
                    <p class="field__hint" id=format!("{id}-hint")>{tr(SellMsg::BankAccountSaved)} " " {masked}</p>
                })}
                <input
                    id=id.clone()
                    name=number.key()
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    value=ctx.value(number)
                    aria-invalid=invalid.then_some("true")
                    aria-describedby=described_by(number, saved.is_some(), invalid)
                />
                {error_line(number, error)}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="field field--locked">
                <span class="field__label">{tr(field_msg(number))}</span>
                <p class="field__value">{saved.unwrap_or_default()}</p>
            </div>
        }
        .into_any()
    };
    view! {
        {text_input(ctx, AppField::ContactName, None, "text", "name")}
        {text_input(ctx, AppField::ContactPhone, None, "tel", "tel")}
        {text_input(ctx, AppField::BankAccountName, Some(SellMsg::BankAccountNameHint), "text", "off")}
        {number_input}
    }
    .into_any()
}

fn review_step(ctx: &FieldCtx, categories: Vec<(String, String)>, version: String) -> AnyView {
    let error = ctx.error(AppField::Agreement);
    let invalid = error.is_some();
    let bank = ctx.view.bank_account_saved.clone().unwrap_or_default();
    view! {
        <ApplicationSummary view=ctx.view.clone() categories bank/>
        <section class="agreement">
            <h3>{tr(SellMsg::AgreementTitle)}</h3>
            <p class="agreement__version">{tr(SellMsg::AgreementVersion)} " " {version}</p>
            <p>{tr(SellMsg::AgreementText)}</p>
            <div class="field" class:field--invalid=invalid>
                <label class="choice" for="field-agreement">
                    <input
                        type="checkbox"
                        id="field-agreement"
                        name="agreement"
                        value="1"
                        aria-invalid=invalid.then_some("true")
                        aria-describedby=described_by(AppField::Agreement, false, invalid)
                    />
                    " " {tr(SellMsg::Agreement)}
                </label>
                {error_line(AppField::Agreement, error)}
            </div>
        </section>
    }
    .into_any()
}

/// The step list: where the applicant is, and which steps are complete.
fn step_nav(view: &ApplicationView, current: Step) -> impl IntoView {
    let items = Step::ALL
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            let done = step != Step::Review && step_complete(&view.draft, step);
            let href = format!("/sell?step={}", step.slug());
            view! {
                <li class="wizard-steps__item" class:wizard-steps__item--done=done>
                    <a href=href aria-current=(step == current).then_some("step")>
                        {i + 1} ". " {tr(step_msg(step))}
                    </a>
                    {(step != Step::Review).then(|| view! {
                        <span class="wizard-steps__state">
                            {if done { tr(SellMsg::StepComplete) } else { tr(SellMsg::StepToDo) }}
                        </span>
                    })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="wizard-steps" aria-label=tr(SellMsg::StepsLabel)>{items}</ol> }
}

#[component]
fn Wizard(data: SellPageData, view: ApplicationView) -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let categories: Vec<(String, String)> = data
        .categories
        .iter()
        .map(|c| (c.slug.clone(), c.name.get(locale).to_string()))
        .collect();
    let version = data.agreement_version.clone();
    move || {
        let q = query.with(|q| parse_query(q.get("step"), q.get("check"), q.get("err"), q.get("saved")));
        let step = q.step;
        let problems = problems(&view, &q);
        let form_error = q
            .errors
            .iter()
            .find(|(f, _)| f == "form")
            .map(|(_, code)| code_message(locale, *code, None));
        let ctx = FieldCtx {
            locale,
            view: view.clone(),
            problems: problems.clone(),
        };
        let body = match step {
            Step::Shop => shop_step(&ctx, &categories),
            Step::Entity => entity_step(&ctx),
            Step::Contact => contact_step(&ctx),
            Step::Review => review_step(&ctx, categories.clone(), version.clone()),
        };
        let changes = (view.status == ApplicationStatus::ChangesRequested).then(|| {
            let fields = view
                .reopened
                .iter()
                .map(|&f| {
                    let href = format!("/sell?step={}", f.step().slug());
                    view! { <li><a href=href>{tr(field_msg(f))}</a></li> }
                })
                .collect_view();
            view! {
                <div class="alert alert--warning" role="status">
                    <p>{tr(SellMsg::ChangesNote)}</p>
                    <p><strong>{tr(SellMsg::OperatorSaid)} ": "</strong> {view.reason.clone()}</p>
                    <p><strong>{tr(SellMsg::FieldsToChange)} ": "</strong></p>
                    <ul>{fields}</ul>
                </div>
            }
        });
        view! {
            {changes}
            {step_nav(&view, step)}
            <h2 id="step-heading">{tr(step_msg(step))}</h2>
            {q.saved.then(|| view! { <p class="alert alert--success" role="status">{tr(SellMsg::DraftSaved)}</p> })}
            {(!problems.is_empty()).then(|| view! { <p class="alert alert--error" role="alert">{tr(SellMsg::FixFields)}</p> })}
            {form_error.map(|m| view! { <p class="alert alert--error" role="alert">{m}</p> })}
            <MultipartForm action=APPLICATION_STEP_PATH id="application-form" class="form wizard-form">
                <input type="hidden" name="step" value=step.slug()/>
                {body}
                <div class="form-actions">
                    {if step == Step::Review {
                        view! {
                            <button type="submit" name="intent" value="submit" class="button button--primary">
                                {tr(SellMsg::SubmitApplication)}
                            </button>
                        }
                        .into_any()
                    } else {
                        view! {
                            <button type="submit" name="intent" value="next" class="button button--primary">
                                {tr(SellMsg::Next)}
                            </button>
                        }
                        .into_any()
                    }}
                    <button type="submit" name="intent" value="save" class="button">{tr(SellMsg::SaveDraft)}</button>
                    {(step != Step::Shop).then(|| view! {
                        <button type="submit" name="intent" value="back" class="button button--quiet">{tr(SellMsg::Back)}</button>
                    })}
                </div>
            </MultipartForm>
        }
    }
}

#[component]
fn StartForm(label: SellMsg) -> impl IntoView {
    let start = ServerAction::<StartApplication>::new();
    crate::ui::go_on_success(start, |_| "/sell?step=shop".to_string());
    view! {
        <ActionForm action=start attr:class="form">
            <button type="submit" class="button button--primary">{tr(label)}</button>
        </ActionForm>
    }
}

#[component]
fn SellContents(data: SellPageData) -> impl IntoView {
    let locale = use_locale();
    let Some(view) = data.application.clone() else {
        return view! {
            <p>{tr(SellMsg::SellIntro)}</p>
            <StartForm label=SellMsg::StartApplication/>
        }
        .into_any();
    };
    let status_line = view! {
        <p class="application-status">
            {tr(SellMsg::StatusLabel)} ": " <ApplicationBadge status=view.status/>
        </p>
    };
    if view.status.is_open_for_applicant() {
        return view! {
            {status_line}
            <Wizard data=data.clone() view/>
        }
        .into_any();
    }
    let categories: Vec<(String, String)> = data
        .categories
        .iter()
        .map(|c| (c.slug.clone(), c.name.get(locale).to_string()))
        .collect();
    let bank = view.bank_account_saved.clone().unwrap_or_default();
    let outcome = match view.status {
        ApplicationStatus::Approved => view! {
            <p>{tr(SellMsg::ApprovedNote)}</p>
            <p><a class="button button--primary" href="/seller">{tr(SellMsg::GoToSellerPortal)}</a></p>
        }
        .into_any(),
        ApplicationStatus::Rejected => view! {
            <div class="alert alert--error" role="status">
                <p>{tr(SellMsg::RejectedNote)}</p>
                <p><strong>{tr(SellMsg::OperatorSaid)} ": "</strong> {view.reason.clone()}</p>
            </div>
        }
        .into_any(),
        _ => view! { <p role="status">{tr(SellMsg::UnderReviewNote)}</p> }.into_any(),
    };
    let again = matches!(view.status, ApplicationStatus::Approved | ApplicationStatus::Rejected);
    view! {
        {status_line}
        {outcome}
        {again.then(|| view! { <StartForm label=SellMsg::StartAnother/> })}
        <ApplicationSummary view=view.clone() categories bank/>
        <ApplicationHistory view/>
    }
    .into_any()
}

/// `/sell` (log-in required): the application wizard while it is being
/// written (each step a multipart form that saves the draft, with or
/// without JavaScript), then its status and the operator's words.
#[component]
pub fn SellPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_sell_page());
    view! {
        <Title text=tr(SellMsg::SellTitle).into_owned()/>
        <Meta name="robots" content="noindex"/>
        <section class="sell">
            <h1>{tr(SellMsg::SellTitle)}</h1>
            <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <SellContents data/> }.into_any(),
                        Err(e) => failure_page(&e),
                    }
                })}
            </Suspense>
        </section>
    }
}
