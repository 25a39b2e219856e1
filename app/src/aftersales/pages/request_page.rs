use crate::aftersales::api::load_request_form;
use crate::aftersales::messages::{reason_msg, AfterSalesMsg};
use crate::aftersales::model::{AfterSaleKind, Reason, RequestFormPage};
use crate::error::ErrorCode;
use crate::i18n::{format_fen, tr, use_locale};
use crate::orders::components::options_text;
use crate::ui::messages::{code_message, UiMsg};
use crate::ui::MultipartForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// What a refused post typed, back from the URL.
#[derive(Clone, Default)]
struct Typed {
    reason: String,
    amount: String,
    description: String,
}

/// The request form: Reason, Description, Amount, Photos (photos last: the
/// server checks the words before it reads any file).
#[component]
fn RequestForm(
    page: RequestFormPage,
    kind: AfterSaleKind,
    typed: Typed,
    errors: Vec<(String, ErrorCode)>,
) -> impl IntoView {
    let locale = use_locale();
    let error = move |field: &str| {
        errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| code_message(locale, *c, None))
    };
    let form_error = error("form");
    let field = |name: &'static str| {
        let e = error(name);
        (e.is_some(), e)
    };
    let (reason_bad, reason_error) = field("reason");
    let (description_bad, description_error) = field("description");
    let (amount_bad, amount_error) = field("amount");
    let (photos_bad, photos_error) = field("photos");
    let line = page.line.clone();
    // The no-reason return only where it can be asked now.
    let reasons = Reason::ALL
        .iter()
        .filter(|r| r.fits(kind))
        .filter(|r| **r != Reason::NoReason || line.no_reason_open)
        .map(|r| {
            let selected = typed.reason == r.as_db();
            view! { <option value=r.as_db() selected=selected>{tr(reason_msg(*r))}</option> }
        })
        .collect_view();
    let amount = if typed.amount.is_empty() {
        crate::catalog::domain::yuan_param(line.refundable_minor)
    } else {
        typed.amount.clone()
    };
    let submit = match kind {
        AfterSaleKind::Refund => AfterSalesMsg::RequestRefund,
        AfterSaleKind::Return => AfterSalesMsg::ReturnAndRefund,
    };
    view! {
        <MultipartForm action=crate::aftersales::model::SUBMIT_PATH class="form after-sale-form card">
            {form_error.map(|e| view! { <p class="alert alert--error" role="alert">{e}</p> })}
            <input type="hidden" name="order_id" value=page.order_id/>
            <input type="hidden" name="order_line_id" value=page.order_line_id/>
            <input type="hidden" name="kind" value=kind.as_db()/>
            <div class="field" class:field--invalid=reason_bad>
                <label for="reason">{tr(AfterSalesMsg::Reason)}</label>
                <select id="reason" name="reason" required=true aria-invalid=reason_bad.to_string() aria-describedby="reason-error">
                    <option value="">{tr(AfterSalesMsg::ChooseReason)}</option>
                    {reasons}
                </select>
                <p class="field__error" id="reason-error" role="alert">{reason_error}</p>
            </div>
            <div class="field" class:field--invalid=description_bad>
                <label for="description">{tr(AfterSalesMsg::Description)}</label>
                <p class="field__hint" id="description-hint">{tr(AfterSalesMsg::DescriptionHint)}</p>
                <textarea id="description" name="description" rows="4" maxlength="500"
                    aria-invalid=description_bad.to_string() aria-describedby="description-hint description-error">{typed.description.clone()}</textarea>
                <p class="field__error" id="description-error" role="alert">{description_error}</p>
            </div>
            <div class="field" class:field--invalid=amount_bad>
                <label for="amount">{tr(AfterSalesMsg::Amount)}</label>
                <p class="field__hint" id="amount-hint">{tr(AfterSalesMsg::AmountHint { max: line.refundable_minor })}</p>
                <input id="amount" name="amount" type="text" inputmode="decimal" required=true value=amount
                    aria-invalid=amount_bad.to_string() aria-describedby="amount-hint amount-error"/>
                <p class="field__error" id="amount-error" role="alert">{amount_error}</p>
            </div>
            <div class="field" class:field--invalid=photos_bad>
                <label for="photos">{tr(AfterSalesMsg::Photos)}</label>
                <p class="field__hint" id="photos-hint">{tr(AfterSalesMsg::PhotosHint)}</p>
                <input type="file" id="photos" name="photos" multiple=true accept="image/jpeg,image/png,image/webp"
                    aria-invalid=photos_bad.to_string() aria-describedby="photos-hint photos-error"/>
                <p class="field__error" id="photos-error" role="alert">{photos_error}</p>
            </div>
            <button type="submit" class="button button--primary">{tr(submit)}</button>
        </MultipartForm>
    }
}

/// `/orders/{id}/after-sales/{line}?kind=refund|return`: the shopper asks
/// for money back (or to send the item back) for one delivered line.
#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let line = move || params.with(|p| p.get("line").and_then(|l| l.parse::<i64>().ok()));
    let data = Resource::new(line, |line| async move {
        match line {
            Some(line) => load_request_form(line).await,
            None => Err(crate::error::AppError::new(ErrorCode::NotFound)),
        }
    });
    let kind = move || {
        query.with(|q| match q.get("kind").as_deref() {
            Some("refund") => AfterSaleKind::Refund,
            _ => AfterSaleKind::Return,
        })
    };
    let heading = move || match kind() {
        AfterSaleKind::Refund => AfterSalesMsg::RequestRefund,
        AfterSaleKind::Return => AfterSalesMsg::ReturnAndRefund,
    };
    view! {
        <Meta name="robots" content="noindex"/>
        <Title text=move || tr(heading()).into_owned()/>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let (errors, typed) = query.with(|q| {
                    (
                        crate::error::parse_problems(&q.get("err").unwrap_or_default()),
                        Typed {
                            reason: q.get("reason").unwrap_or_default(),
                            amount: q.get("amount").unwrap_or_default(),
                            description: q.get("description").unwrap_or_default(),
                        },
                    )
                });
                match data.await {
                    Ok(page) => {
                        let options = options_text(&page.options);
                        let policy = if !page.line.no_reason_category {
                            tr(AfterSalesMsg::NoReasonExcluded).into_owned()
                        } else if let Some(until) = page.line.no_reason_until.filter(|_| page.line.no_reason_open) {
                            tr(AfterSalesMsg::NoReasonUntil { until }).into_owned()
                        } else {
                            tr(AfterSalesMsg::NoReasonEnded).into_owned()
                        };
                        let body = match page.refusal {
                            Some(code) => {
                                let message = code_message(use_locale(), code, None);
                                view! { <p class="alert alert--error" role="alert">{message}</p> }.into_any()
                            }
                            None => view! { <RequestForm page=page.clone() kind=kind() typed=typed.clone() errors=errors.clone()/> }.into_any(),
                        };
                        view! {
                            <p><a href=format!("/orders/{}", page.order_id)>{tr(AfterSalesMsg::BackToOrder)}</a></p>
                            <h1>{tr(heading())}</h1>
                            <div class="order-line">
                                {page.image_url.clone().map(|src| view! { <img class="order-line__image" src=src alt="" width="56" height="56"/> })}
                                <div class="order-line__main">
                                    <p>{page.title.clone()}</p>
                                    {(!options.is_empty()).then(|| view! { <p class="order-line__options">{options}</p> })}
                                    <p class="order-line__options">{page.shop_name.clone()} " · " {tr(AfterSalesMsg::Paid)} " " {format_fen(page.line.paid_minor)}</p>
                                    <p class="order-line__options">{policy}</p>
                                </div>
                            </div>
                            {body}
                        }
                        .into_any()
                    }
                    Err(e) if e.code == ErrorCode::NotFound => crate::merchants::pages::failure_page(&e),
                    Err(e) => crate::merchants::pages::failure_page(&e),
                }
            })}
        </Suspense>
    }
}
