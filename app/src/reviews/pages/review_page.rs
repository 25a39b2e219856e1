use crate::error::ErrorCode;
use crate::i18n::{tr, use_locale};
use crate::orders::components::{china_time, options_text};
use crate::reviews::api::load_review_form;
use crate::reviews::components::{PhotoStrip, Stars};
use crate::reviews::messages::{status_msg, ReviewsMsg};
use crate::reviews::model::{OwnReview, ReviewDraft, ReviewFormPage, ReviewStatus};
use crate::ui::messages::{code_message, UiMsg};
use crate::ui::MultipartForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The buyer's own review (or follow-up) with where it stands.
#[component]
fn OwnReviewView(review: OwnReview, heading: ReviewsMsg) -> impl IntoView {
    let status = review.status;
    let note =
        (status == ReviewStatus::Pending).then(|| view! { <p class="field__hint">{tr(ReviewsMsg::PendingNote)}</p> });
    let reason = (status == ReviewStatus::Rejected && !review.reason.is_empty())
        .then(|| view! { <p class="alert alert--error">{tr(ReviewsMsg::Reason)} ": " {review.reason.clone()}</p> });
    view! {
        <section class="card own-review">
            <h2>{tr(heading)}</h2>
            <p>
                <span class=format!("badge badge--review-{}", status.as_db())>{tr(status_msg(status))}</span>
                " " <span class="review__date">{china_time(review.submitted_at)}</span>
            </p>
            {note}
            {reason}
            {review.rating.map(|r| view! { <Stars rating=r/> })}
            <p class="review__body">{review.body.clone()}</p>
            <PhotoStrip photos=review.photos.clone()/>
        </section>
    }
}

/// A 1–5 radio group (keyboard: the arrows move within it).
#[component]
fn StarPicker(name: &'static str, label: ReviewsMsg, chosen: Option<i64>, error: Option<String>) -> impl IntoView {
    let legend = format!("{name}-legend");
    let error_id = format!("{name}-error");
    let radios = (1..=5)
        .map(|n| {
            let id = format!("{name}-{n}");
            view! {
                <span class="star-choice">
                    <input type="radio" id=id.clone() name=name value=n checked=chosen == Some(n) required=true/>
                    <label for=id>{tr(ReviewsMsg::Stars { n })}</label>
                </span>
            }
        })
        .collect_view();
    let invalid = error.is_some();
    view! {
        <fieldset class="field star-picker" class:field--invalid=invalid role="radiogroup" aria-labelledby=legend.clone()
            aria-describedby=error_id.clone()>
            <legend id=legend.clone()>{tr(label)}</legend>
            <div class="star-picker__choices">{radios}</div>
            <p class="field__error" id=error_id.clone() role="alert">{error}</p>
        </fieldset>
    }
}

/// The form for a first review or a follow-up. Photos come last: the
/// server checks the words before it reads any file.
#[component]
fn ReviewForm(page: ReviewFormPage, follow_up: bool, errors: Vec<(String, ErrorCode)>) -> impl IntoView {
    let locale = use_locale();
    let error = move |field: &str| {
        errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| code_message(locale, *c, None))
    };
    let form_error = error("form");
    let draft: ReviewDraft = page
        .draft
        .clone()
        .filter(|d| d.follow_up == follow_up)
        .unwrap_or_default();
    let body_error = error("body");
    let photos_error = error("photos");
    let body_invalid = body_error.is_some();
    let photos_invalid = photos_error.is_some();
    let shop = (!follow_up && page.rates_shop).then(|| {
        view! {
            <fieldset class="field shop-rating">
                <legend>{tr(ReviewsMsg::RateShop)}</legend>
                <StarPicker name="described" label=ReviewsMsg::Described chosen=draft.described error=error("described")/>
                <StarPicker name="service" label=ReviewsMsg::Service chosen=draft.service error=error("service")/>
                <StarPicker name="delivery" label=ReviewsMsg::Delivery chosen=draft.delivery error=error("delivery")/>
            </fieldset>
        }
    });
    let hint = if follow_up {
        ReviewsMsg::FollowUpHint
    } else {
        ReviewsMsg::ReviewHint
    };
    view! {
        <MultipartForm action=crate::reviews::model::SUBMIT_PATH class="form review-form card">
            <h2>{tr(if follow_up { ReviewsMsg::AddFollowUp } else { ReviewsMsg::WriteReview })}</h2>
            {form_error.map(|e| view! { <p class="alert alert--error" role="alert">{e}</p> })}
            <input type="hidden" name="order_id" value=page.order_id/>
            <input type="hidden" name="order_line_id" value=page.order_line_id/>
            <input type="hidden" name="follow_up" value=if follow_up { "1" } else { "0" }/>
            {(!follow_up).then(|| view! { <StarPicker name="rating" label=ReviewsMsg::Rating chosen=draft.rating error=error("rating")/> })}
            <div class="field" class:field--invalid=body_invalid>
                <label for="body">{tr(ReviewsMsg::Review)}</label>
                <p class="field__hint" id="body-hint">{tr(hint)}</p>
                <textarea id="body" name="body" rows="6" maxlength="2000" required=true
                    aria-invalid=body_invalid.to_string() aria-describedby="body-hint body-error">{draft.body.clone()}</textarea>
                <p class="field__error" id="body-error" role="alert">{body_error}</p>
            </div>
            {(!follow_up).then(|| view! {
                <div class="field field--check">
                    <input type="checkbox" id="anonymous" name="anonymous" value="1" checked=draft.anonymous aria-describedby="anonymous-hint"/>
                    <label for="anonymous">{tr(ReviewsMsg::Anonymous)}</label>
                    <p class="field__hint" id="anonymous-hint">{tr(ReviewsMsg::AnonymousHint)}</p>
                </div>
            })}
            {shop}
            <div class="field" class:field--invalid=photos_invalid>
                <label for="photos">{tr(ReviewsMsg::Photos)}</label>
                <p class="field__hint" id="photos-hint">{tr(ReviewsMsg::PhotosHint)}</p>
                <input type="file" id="photos" name="photos" multiple=true accept="image/jpeg,image/png,image/webp"
                    aria-invalid=photos_invalid.to_string() aria-describedby="photos-hint photos-error"/>
                <p class="field__error" id="photos-error" role="alert">{photos_error}</p>
            </div>
            <button type="submit" class="button button--primary">{tr(ReviewsMsg::SubmitReview)}</button>
        </MultipartForm>
    }
}

/// `/orders/{id}/review/{line}`: the buyer reviews a delivered item (and
/// later adds a follow-up); their own review shows with its status.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let line = move || params.with(|p| p.get("line").and_then(|l| l.parse::<i64>().ok()));
    let data = Resource::new(line, |line| async move {
        match line {
            Some(line) => load_review_form(line).await,
            None => Err(crate::error::AppError::new(ErrorCode::NotFound)),
        }
    });
    view! {
        <Title text=tr(ReviewsMsg::WriteReview).into_owned()/>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let errors = query.with(|q| crate::error::parse_problems(&q.get("err").unwrap_or_default()));
                match data.await {
                    Ok(page) => {
                        let options = options_text(&page.options);
                        let first = page.first.clone().map(|r| view! { <OwnReviewView review=r heading=ReviewsMsg::YourReview/> });
                        let follow = page.follow_up.clone().map(|r| view! { <OwnReviewView review=r heading=ReviewsMsg::YourFollowUp/> });
                        let form = if let Some(code) = page.refusal {
                            let message = code_message(use_locale(), code, None);
                            Some(view! { <p class="alert alert--error" role="alert">{message}</p> }.into_any())
                        } else if page.first.is_none() {
                            Some(view! { <ReviewForm page=page.clone() follow_up=false errors=errors.clone()/> }.into_any())
                        } else if page.follow_up_open && page.follow_up.is_none() {
                            Some(view! { <ReviewForm page=page.clone() follow_up=true errors=errors.clone()/> }.into_any())
                        } else {
                            // No form to show them beside (the follow-up
                            // closed meanwhile, a second tab reviewed it):
                            // the page says what happened.
                            let locale = use_locale();
                            let said: Vec<String> =
                                errors.iter().map(|(_, c)| code_message(locale, *c, None)).collect();
                            (!said.is_empty()).then(|| {
                                view! { <p class="alert alert--error" role="alert">{said.join(" ")}</p> }.into_any()
                            })
                        };
                        view! {
                            <p><a href=format!("/orders/{}", page.order_id)>{tr(ReviewsMsg::BackToOrder)}</a></p>
                            <h1>{tr(ReviewsMsg::WriteReview)}</h1>
                            <div class="order-line review-item">
                                {page.image_url.clone().map(|src| view! { <img class="order-line__image" src=src alt="" width="56" height="56"/> })}
                                <div class="order-line__main">
                                    <a href=format!("/p/{}", page.product_id)>{page.title.clone()}</a>
                                    {(!options.is_empty()).then(|| view! { <p class="order-line__options">{options}</p> })}
                                    <p class="order-line__options">{page.shop_name.clone()}</p>
                                </div>
                            </div>
                            {first}
                            {follow}
                            {form}
                        }
                        .into_any()
                    }
                    Err(e) if e.code == ErrorCode::NotFound => crate::merchants::pages::failure_page(&e),
                    Err(e) => {
                        // Not delivered yet, or already reviewed: say which.
                        let message = code_message(use_locale(), e.code, None);
                        view! {
                            <h1>{tr(ReviewsMsg::WriteReview)}</h1>
                            <p class="alert alert--error" role="alert">{message}</p>
                            <p><a href="/orders">{tr(crate::orders::messages::OrdersMsg::MyOrders)}</a></p>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
