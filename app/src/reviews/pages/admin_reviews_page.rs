use crate::i18n::tr;
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::reviews::api::{load_review_queue, DecideReview};
use crate::reviews::components::{PhotoStrip, Stars};
use crate::reviews::messages::{flag_msg, ReviewsMsg};
use crate::reviews::model::QueuedReview;
use crate::ui::messages::UiMsg;
use crate::ui::{field_error, form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// One waiting review: what it says, its photos, why it waits, and the
/// decision forms.
#[component]
fn QueuedItem(item: QueuedReview, decide: ServerAction<DecideReview>, last: RwSignal<Option<i64>>) -> impl IntoView {
    let id = item.review_id;
    let reason_id = format!("reason-{id}");
    let error_id = format!("reason-{id}-error");
    let error = field_error(decide, "reason");
    let shown_error = move || {
        if last.get().is_none_or(|l| l == id) {
            error.get()
        } else {
            None
        }
    };
    let flags = if item.flags.is_empty() {
        view! { <li>{tr(ReviewsMsg::NoFlags)}</li> }.into_any()
    } else {
        item.flags
            .iter()
            .map(|f| view! { <li class="flag">{tr(flag_msg(*f))}</li> })
            .collect_view()
            .into_any()
    };
    view! {
        <li class="card queued-review" id=format!("review-{id}")>
            <header class="queued-review__head">
                <a href=format!("/p/{}", item.product_id)>{item.product_title.clone()}</a>
                " · " {item.shop_name.clone()}
                {item.is_follow_up.then(|| view! { " · " <span class="badge">{tr(ReviewsMsg::FollowUpBadge)}</span> })}
            </header>
            <p class="review__head">
                <span class="review__author">{item.author.clone()}</span>
                {item.rating.map(|r| view! { <Stars rating=r/> })}
                <span class="review__date">{tr(ReviewsMsg::Submitted)} " " {china_time(item.submitted_at)}</span>
            </p>
            <p class="review__body">{item.body.clone()}</p>
            <PhotoStrip photos=item.photos.clone()/>
            <div class="queued-review__flags">
                <span>{tr(ReviewsMsg::FlaggedFor)} ": "</span>
                <ul class="flags">{flags}</ul>
                {(item.report_count > 0).then(|| view! { <span>{tr(ReviewsMsg::ReportsCount { n: item.report_count })}</span> })}
            </div>
            <div class="decision">
                <ActionForm action=decide attr:class="inline-form">
                    <input type="hidden" name="review_id" value=id/>
                    <input type="hidden" name="decision" value="approve"/>
                    <button type="submit" class="button button--primary">{tr(ReviewsMsg::Approve)}</button>
                </ActionForm>
                <ActionForm action=decide attr:class="form decision__reject">
                    <input type="hidden" name="review_id" value=id/>
                    <div class="field" class:field--invalid=move || shown_error().is_some()>
                        <label for=reason_id.clone()>{tr(ReviewsMsg::Reason)}</label>
                        <p class="field__hint">{tr(ReviewsMsg::RejectHint)}</p>
                        <textarea id=reason_id name="reason" rows="2" maxlength="500" aria-describedby=error_id.clone()></textarea>
                        <p class="field__error" id=error_id role="alert">{shown_error}</p>
                    </div>
                    <button type="submit" name="decision" value="reject" class="button button--danger">{tr(ReviewsMsg::Reject)}</button>
                </ActionForm>
            </div>
        </li>
    }
}

/// `/admin/reviews`: reviews waiting for a decision, oldest first, each
/// with the reasons the rules gave; Approve, or Reject with a reason.
#[component]
pub fn AdminReviewsPage() -> impl IntoView {
    let query = use_query_map();
    let decide = ServerAction::<DecideReview>::new();
    let queue = Resource::new(
        move || {
            (
                query.with(|q| q.get("page").and_then(|p| p.parse::<i64>().ok())),
                decide.version().get(),
            )
        },
        |(page, _)| load_review_queue(page),
    );
    let alert = form_alert(decide);
    let last = RwSignal::new(None::<i64>);
    Effect::new(move || {
        if let Some(id) = decide.input().with(|i| i.as_ref().map(|i| i.review_id)) {
            last.set(Some(id));
        }
    });
    view! {
        <Title text=tr(ReviewsMsg::Reviews).into_owned()/>
        <h1>{tr(ReviewsMsg::Reviews)}</h1>
        <p>{tr(ReviewsMsg::Queue)} " " <a href="/admin/reviews/rules">{tr(ReviewsMsg::Rules)}</a></p>
        <FormAlert message=alert/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(q) if q.reviews.is_empty() => view! { <p class="empty">{tr(ReviewsMsg::NothingWaiting)}</p> }.into_any(),
                    Ok(q) => {
                        let newer = (q.page > 1).then(|| format!("/admin/reviews?page={}", q.page - 1));
                        let older = (q.page < q.pages).then(|| format!("/admin/reviews?page={}", q.page + 1));
                        let items = q
                            .reviews
                            .into_iter()
                            .map(|item| view! { <QueuedItem item decide last/> })
                            .collect_view();
                        view! {
                            <p role="status">{tr(ReviewsMsg::Waiting { n: q.waiting })}</p>
                            <ul class="review-queue">{items}</ul>
                            <crate::ui::PrevNext newer older newer_label=ReviewsMsg::PreviousPage older_label=ReviewsMsg::NextPage/>
                        }
                        .into_any()
                    }
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
