use crate::catalog::api::{load_listing_review, DecideListing};
use crate::catalog::messages::EditorMsg;
use crate::catalog::model::{ListingContent, ListingReview, ListingStatus};
use crate::i18n::{format_fen, tr, use_locale};
use crate::merchants::pages::{failure_page, product_status_msg};
use crate::ui::messages::UiMsg;
use crate::ui::{echoed, field_error, form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// What a listing says: title, category, description, pictures.
#[component]
fn Content(
    content: ListingContent,
    heading: EditorMsg,
    #[prop(optional)] changed: Option<ListingContent>,
) -> impl IntoView {
    let locale = use_locale();
    // Marks what differs from the other version (a change's before/after).
    let differs = |same: bool| if same { "" } else { "diff" };
    let (title_cls, category_cls, description_cls, images_cls) = match &changed {
        Some(other) => (
            differs(other.title == content.title),
            differs(other.category_id == content.category_id),
            differs(other.description == content.description),
            differs(
                other
                    .images
                    .iter()
                    .map(|i| &i.url)
                    .eq(content.images.iter().map(|i| &i.url)),
            ),
        ),
        None => ("", "", "", ""),
    };
    let pictures = content
        .images
        .iter()
        .map(|i| view! { <li><img src=i.url.clone() alt="" width=i.width height=i.height loading="lazy"/></li> })
        .collect_view();
    view! {
        <section class="listing-version">
            <h2>{tr(heading)}</h2>
            <dl class="summary-list">
                <div class="summary-row"><dt>{tr(EditorMsg::Title)}</dt><dd class=title_cls>{content.title.clone()}</dd></div>
                <div class="summary-row"><dt>{tr(EditorMsg::Category)}</dt><dd class=category_cls>{content.category_name.get(locale).to_string()}</dd></div>
                <div class="summary-row"><dt>{tr(EditorMsg::Description)}</dt><dd class=description_cls>{content.description.clone()}</dd></div>
            </dl>
            <h3>{tr(EditorMsg::Images)}</h3>
            <ul class=format!("editor-images {images_cls}")>{pictures}</ul>
        </section>
    }
}

#[component]
fn Decision(review: ListingReview, action: ServerAction<DecideListing>) -> impl IntoView {
    let reason_error = field_error(action, "reason");
    let alert = form_alert(action);
    let typed = echoed(action, "reason");
    let id = review.product_id;
    let open = review.status == ListingStatus::PendingReview || review.is_change;
    view! {
        <section class="decision card" aria-labelledby="decide">
            <h2 id="decide">{tr(EditorMsg::Status)}</h2>
            <FormAlert message=alert/>
            {open.then(|| view! {
                <ActionForm action attr:class="form">
                    <input type="hidden" name="product_id" value=id/>
                    {review.change_version.map(|v| view! { <input type="hidden" name="seen" value=v/> })}
                    <input type="hidden" name="decision" value="approve"/>
                    <button type="submit" class="button button--primary">{tr(EditorMsg::Approve)}</button>
                </ActionForm>
            })}
            <ActionForm action attr:class="form">
                <input type="hidden" name="product_id" value=id/>
                {review.change_version.map(|v| view! { <input type="hidden" name="seen" value=v/> })}
                <div class="field" class:field--invalid=move || reason_error.with(Option::is_some)>
                    <label for="listing-reason">{tr(EditorMsg::Reason)}</label>
                    <p class="field__hint" id="listing-reason-hint">{tr(EditorMsg::ReasonHint)}</p>
                    <textarea id="listing-reason" name="reason" rows="3" maxlength="500"
                        aria-describedby="listing-reason-hint listing-reason-error">{typed}</textarea>
                    <p class="field__error" id="listing-reason-error" role="alert">{move || reason_error.get()}</p>
                </div>
                <div class="form-actions">
                    {open.then(|| view! {
                        <button type="submit" name="decision" value="reject" class="button button--danger">{tr(EditorMsg::Reject)}</button>
                    })}
                    {(review.status == ListingStatus::Live).then(|| view! {
                        <button type="submit" name="decision" value="delist" class="button">{tr(EditorMsg::Delist)}</button>
                    })}
                </div>
            </ActionForm>
        </section>
    }
}

/// `/admin/listings/{id}`: one listing to review: a new one as it would go
/// live, or a change beside the live version (what differs is marked),
/// with its SKUs; Approve, Reject with a reason, or Delist a live one.
#[component]
pub fn AdminListingPage() -> impl IntoView {
    let params = use_params_map();
    let decide = ServerAction::<DecideListing>::new();
    let review = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
                decide.version().get(),
            )
        },
        |(id, _)| async move {
            match id {
                Some(id) => load_listing_review(id).await,
                None => Err(crate::error::AppError::new(crate::error::ErrorCode::NotFound)),
            }
        },
    );
    view! {
        <Title text=tr(EditorMsg::EditProductTitle).into_owned()/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(r) => {
                        let skus = r
                            .skus
                            .iter()
                            .map(|s| view! {
                                <tr>
                                    <th scope="row">{if s.label.is_empty() { "—".to_string() } else { s.label.clone() }}</th>
                                    <td class="num">{format_fen(s.price_minor)}</td>
                                    <td class="num">{s.stock}</td>
                                    <td>{s.code.clone()}</td>
                                </tr>
                            })
                            .collect_view();
                        let versions = match r.before.clone() {
                            Some(before) => view! {
                                <div class="review-layout">
                                    <Content content=before.clone() heading=EditorMsg::Before changed=r.after.clone()/>
                                    <Content content=r.after.clone() heading=EditorMsg::After changed=before/>
                                </div>
                            }
                            .into_any(),
                            None => view! { <Content content=r.after.clone() heading=EditorMsg::NewListing/> }.into_any(),
                        };
                        view! {
                            <h1>{r.after.title.clone()}</h1>
                            <p>
                                {tr(EditorMsg::Shop)} ": " {r.shop_name.clone()} " · "
                                <span class=format!("badge badge--{}", r.status.as_db())>{tr(product_status_msg(r.status))}</span>
                            </p>
                            {versions}
                            <h2>{tr(EditorMsg::SkuTable)}</h2>
                            <div class="table-wrap">
                                <table class="data-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(EditorMsg::Variant)}</th>
                                            <th scope="col" class="num">{tr(EditorMsg::Price)}</th>
                                            <th scope="col" class="num">{tr(EditorMsg::Stock)}</th>
                                            <th scope="col">{tr(EditorMsg::SkuCode)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{skus}</tbody>
                                </table>
                            </div>
                            <Decision review=r.clone() action=decide/>
                        }
                        .into_any()
                    }
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
