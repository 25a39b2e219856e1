//! Onboarding widgets shared by the applicant's page and the operator's:
//! the words for statuses and fields, and an application's summary.

use crate::i18n::tr;
use crate::merchants::messages::SellMsg;
use crate::merchants::model::{AppField, ApplicationStatus, ApplicationView, DocumentInfo, EntityType, Step};
use crate::orders::components::china_time;
use leptos::prelude::*;

pub fn status_msg(status: ApplicationStatus) -> SellMsg {
    match status {
        ApplicationStatus::Draft => SellMsg::StatusDraft,
        ApplicationStatus::UnderReview => SellMsg::StatusUnderReview,
        ApplicationStatus::ChangesRequested => SellMsg::StatusChangesRequested,
        ApplicationStatus::Approved => SellMsg::StatusApproved,
        ApplicationStatus::Rejected => SellMsg::StatusRejected,
    }
}

pub fn step_msg(step: Step) -> SellMsg {
    match step {
        Step::Shop => SellMsg::StepShop,
        Step::Entity => SellMsg::StepEntity,
        Step::Contact => SellMsg::StepContact,
        Step::Review => SellMsg::StepReview,
    }
}

/// The label of a field, as its form shows it.
pub fn field_msg(field: AppField) -> SellMsg {
    match field {
        AppField::ShopName => SellMsg::ShopName,
        AppField::ShopDescription => SellMsg::ShopDescription,
        AppField::MainCategory => SellMsg::MainCategory,
        AppField::Logo => SellMsg::Logo,
        AppField::EntityType => SellMsg::EntityType,
        AppField::CompanyName => SellMsg::CompanyName,
        AppField::CreditCode => SellMsg::CreditCode,
        AppField::LegalRepresentative => SellMsg::LegalRepresentative,
        AppField::BusinessLicense => SellMsg::BusinessLicense,
        AppField::PersonName => SellMsg::PersonName,
        AppField::IdNumber => SellMsg::IdNumber,
        AppField::IdImage => SellMsg::IdImage,
        AppField::SellsOtherBrand => SellMsg::SellsOtherBrand,
        AppField::BrandAuthorization => SellMsg::BrandAuthorization,
        AppField::ContactName => SellMsg::ContactName,
        AppField::ContactPhone => SellMsg::ContactPhone,
        AppField::BankAccountName => SellMsg::BankAccountName,
        AppField::BankAccountNumber => SellMsg::BankAccountNumber,
        AppField::Agreement => SellMsg::Agreement,
    }
}

/// A status in words, as a badge.
#[component]
pub fn ApplicationBadge(status: ApplicationStatus) -> impl IntoView {
    view! { <span class=format!("badge badge--{}", status.as_db())>{tr(status_msg(status))}</span> }
}

/// The fields a summary shows for this kind of applicant, in form order.
pub fn shown_fields(view: &ApplicationView) -> Vec<AppField> {
    let company = view.draft.entity_type == Some(EntityType::Company);
    let individual = view.draft.entity_type == Some(EntityType::Individual);
    AppField::ALL
        .into_iter()
        .filter(|f| match f {
            AppField::CompanyName
            | AppField::CreditCode
            | AppField::LegalRepresentative
            | AppField::BusinessLicense => company,
            AppField::PersonName | AppField::IdNumber | AppField::IdImage => individual,
            AppField::BrandAuthorization => view.draft.sells_other_brand,
            AppField::Agreement => false,
            _ => true,
        })
        .collect()
}

/// A link to a private document (its owner and operators may open it).
#[component]
pub fn DocumentLink(document: DocumentInfo) -> impl IntoView {
    let size_kb = (document.byte_size + 1023) / 1024;
    view! {
        <a href=document.url() target="_blank" rel="noopener">{document.file_name.clone()}</a>
        " (" {size_kb} " KB)"
    }
}

/// What one field holds, in words.
pub fn shown_value(view: &ApplicationView, field: AppField, categories: &[(String, String)], bank: &str) -> AnyView {
    let raw = view.draft.value(field).to_string();
    match field {
        AppField::EntityType => match view.draft.entity_type {
            Some(EntityType::Company) => tr(SellMsg::Company).into_any(),
            Some(EntityType::Individual) => tr(SellMsg::Individual).into_any(),
            None => tr(SellMsg::NotGiven).into_any(),
        },
        AppField::SellsOtherBrand => if view.draft.sells_other_brand { "✓" } else { "—" }.into_any(),
        AppField::MainCategory => categories
            .iter()
            .find(|(slug, _)| *slug == raw)
            .map(|(_, name)| name.clone())
            .unwrap_or(raw)
            .into_any(),
        AppField::Logo if !raw.is_empty() => view! {
            <img class="application-logo" src=crate::media::url_for(&raw) alt=tr(SellMsg::Logo) width="64" height="64"/>
        }
        .into_any(),
        AppField::BankAccountNumber => bank.to_string().into_any(),
        f if f.is_document() => match view.documents.iter().find(|d| d.field == f).cloned() {
            Some(document) => view! { <DocumentLink document/> }.into_any(),
            None => tr(SellMsg::NotGiven).into_any(),
        },
        _ if raw.is_empty() => tr(SellMsg::NotGiven).into_any(),
        _ => raw.into_any(),
    }
}

/// An application's fields, step by step, marking those an operator
/// reopened. `bank` is the account number as this reader may see it.
#[component]
pub fn ApplicationSummary(
    view: ApplicationView,
    /// (slug, name) of the categories, to name the main one.
    categories: Vec<(String, String)>,
    bank: String,
) -> impl IntoView {
    let fields = shown_fields(&view);
    let steps = [Step::Shop, Step::Entity, Step::Contact]
        .into_iter()
        .map(|step| {
            let rows = fields
                .iter()
                .filter(|f| f.step() == step)
                .map(|&f| {
                    let reopened = view.reopened.contains(&f);
                    view! {
                        <div class="summary-row" class:summary-row--reopened=reopened>
                            <dt>{tr(field_msg(f))}</dt>
                            <dd>{shown_value(&view, f, &categories, &bank)}</dd>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="summary-step">
                    <h3>{tr(step_msg(step))}</h3>
                    <dl class="summary-list">{rows}</dl>
                </section>
            }
        })
        .collect_view();
    let agreed = view.agreed_at_ms.map(|at| {
        view! {
            <p class="summary-agreed">
                {tr(SellMsg::AgreedAt)} ": " {china_time(at)} " · " {tr(SellMsg::AgreementVersion)} " "
                {view.agreed_version.clone().unwrap_or_default()}
            </p>
        }
    });
    view! { <div class="application-summary">{steps} {agreed}</div> }
}

/// The decisions and submissions so far, oldest first.
#[component]
pub fn ApplicationHistory(view: ApplicationView) -> impl IntoView {
    if view.history.is_empty() {
        return ().into_any();
    }
    let items = view
        .history
        .into_iter()
        .map(|e| {
            let what = match e.action.as_str() {
                "submitted" => SellMsg::EventSubmitted,
                "approved" => SellMsg::EventApproved,
                "rejected" => SellMsg::EventRejected,
                _ => SellMsg::EventChangesRequested,
            };
            view! {
                <li>
                    <time>{china_time(e.at_ms)}</time> " " {tr(what)}
                    {(!e.reason.is_empty()).then(|| view! { <q class="history-reason">{e.reason.clone()}</q> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="application-history">
            <h2>{tr(SellMsg::History)}</h2>
            <ol class="timeline">{items}</ol>
        </section>
    }
    .into_any()
}
