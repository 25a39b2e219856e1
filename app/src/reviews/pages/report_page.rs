use crate::error::ErrorCode;
use crate::i18n::tr;
use crate::merchants::pages::failure_page;
use crate::reviews::api::{load_report_page, ReportReview};
use crate::reviews::components::ReviewCard;
use crate::reviews::messages::{report_msg, ReviewsMsg};
use crate::reviews::model::ReportReason;
use crate::ui::messages::UiMsg;
use crate::ui::{field_error, form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/reviews/{id}/report`: a shopper reports a published review, choosing
/// why from the list; then thanks, with the way back to the product's
/// reviews as they were (filter, sort, page).
#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let report = ServerAction::<ReportReview>::new();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_report_page(id).await,
            None => Err(crate::error::AppError::new(ErrorCode::NotFound)),
        }
    });
    let done = move || query.with(|q| q.get("done").is_some()) || report.value().with(|v| matches!(v, Some(Ok(()))));
    let list = move || {
        query.with(|q| {
            ["rf", "rs", "rp"]
                .into_iter()
                .filter_map(|k| q.get(k).map(|v| (k, v)))
                .collect::<Vec<_>>()
        })
    };
    let reason_error = field_error(report, "reason");
    let alert = form_alert(report);
    view! {
        <Title text=tr(ReviewsMsg::Report).into_owned()/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => {
                        let review_id = page.review.review_id;
                        let back = {
                            let q: Vec<String> = list().iter().map(|(k, v)| format!("{k}={}", urlencoding::encode(v))).collect();
                            let q = if q.is_empty() { String::new() } else { format!("?{}", q.join("&")) };
                            format!("/p/{}{q}#review-{review_id}", page.product_id)
                        };
                        view! {
                            <p><a href=back.clone()>{page.product_title.clone()}</a></p>
                            <h1>{tr(ReviewsMsg::Report)}</h1>
                            <ReviewCard review=page.review.clone()/>
                            <Show
                                when=done
                                fallback=move || {
                        let radios = ReportReason::ALL
                                        .into_iter()
                                        .map(|r| {
                                            let id = format!("reason-{}", r.as_db());
                                            view! {
                                                <span class="star-choice">
                                                    <input type="radio" id=id.clone() name="reason" value=r.as_db() required=true/>
                                                    <label for=id>{tr(report_msg(r))}</label>
                                                </span>
                                            }
                                        })
                                        .collect_view();
                                    let hidden = list()
                                        .into_iter()
                                        .map(|(k, v)| view! { <input type="hidden" name=k value=v/> })
                                        .collect_view();
                                    view! {
                                        <ActionForm action=report attr:class="form card">
                                            <FormAlert message=alert/>
                                            <input type="hidden" name="review_id" value=review_id/>
                                            {hidden}
                                            <fieldset class="field star-picker" role="radiogroup" aria-labelledby="reason-legend"
                                                class:field--invalid=move || reason_error.with(Option::is_some)>
                                                <legend id="reason-legend">{tr(ReviewsMsg::ReportReasonLabel)}</legend>
                                                <div class="star-picker__choices">{radios}</div>
                                                <p class="field__error" role="alert">{move || reason_error.get()}</p>
                                            </fieldset>
                                            <button type="submit" class="button button--danger">{tr(ReviewsMsg::Report)}</button>
                                        </ActionForm>
                                    }
                                }
                            >
                                <p class="alert alert--ok" role="status">{tr(ReviewsMsg::Reported)}</p>
                            </Show>
                            <p><a href=back>{tr(ReviewsMsg::BackToReviews)}</a></p>
                        }
                        .into_any()
                    }
                    Err(e) => failure_page(&e),
                }
            })}
        </Suspense>
    }
}
