use crate::i18n::tr;
use crate::merchants::pages::failure_page;
use crate::reviews::api::{load_shop_reviews, ReplyToReview};
use crate::reviews::components::ReviewCard;
use crate::reviews::messages::ReviewsMsg;
use crate::reviews::model::ShopReview;
use crate::ui::messages::UiMsg;
use crate::ui::{echoed, field_error, form_alert, FormAlert};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// One review with the shop's reply form (the reply as it stands, editable).
#[component]
fn ReviewWithReply(item: ShopReview, reply: ServerAction<ReplyToReview>, last: RwSignal<Option<i64>>) -> impl IntoView {
    let id = item.review_id;
    let field_id = format!("reply-{id}");
    let error_id = format!("reply-{id}-error");
    // The error and typed words belong to the form that was sent (after a
    // post without the client, the page does not know which: all show it).
    let mine = move || last.get().is_none_or(|l| l == id);
    let error = field_error(reply, "reply");
    let shown_error = move || if mine() { error.get() } else { None };
    let typed = if mine() { echoed(reply, "reply") } else { String::new() };
    let current = item.view.reply.clone().unwrap_or_default();
    let text = if typed.is_empty() { current } else { typed };
    view! {
        <li class="card seller-review">
            <p><a href=format!("/p/{}#review-{id}", item.product_id)>{item.product_title.clone()}</a></p>
            <ReviewCard review=item.view.clone()>
                <ActionForm action=reply attr:class="form reply-form">
                    <input type="hidden" name="review_id" value=id/>
                    <div class="field" class:field--invalid=move || shown_error().is_some()>
                        <label for=field_id.clone()>{tr(ReviewsMsg::YourReply)}</label>
                        <textarea id=field_id name="reply" rows="2" maxlength="500"
                            aria-describedby=error_id.clone()>{text}</textarea>
                        <p class="field__error" id=error_id role="alert">{shown_error}</p>
                    </div>
                    <button type="submit" class="button">{tr(ReviewsMsg::Reply)}</button>
                </ActionForm>
            </ReviewCard>
        </li>
    }
}

/// `/seller/reviews?shop=ID&page=N`: the shop's published reviews, newest
/// first, each with the shop's one public reply.
#[component]
pub fn SellerReviewsPage() -> impl IntoView {
    let query = use_query_map();
    let reply = ServerAction::<ReplyToReview>::new();
    let args = move || {
        query.with(|q| {
            (
                q.get("shop").and_then(|s| s.parse::<i64>().ok()),
                q.get("page").and_then(|p| p.parse::<i64>().ok()),
                reply.version().get(),
            )
        })
    };
    let data = Resource::new(args, |(shop, page, _)| load_shop_reviews(shop, page));
    let alert = form_alert(reply);
    let last = RwSignal::new(None::<i64>);
    Effect::new(move || {
        if let Some(id) = reply.input().with(|i| i.as_ref().map(|i| i.review_id)) {
            last.set(Some(id));
        }
    });
    view! {
        <Title text=tr(ReviewsMsg::Reviews).into_owned()/>
        <h1>{tr(ReviewsMsg::Reviews)}</h1>
        <p>{tr(ReviewsMsg::ShopReviewsIntro)}</p>
        <FormAlert message=alert/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) if d.reviews.is_empty() => view! { <p class="empty">{tr(ReviewsMsg::NoShopReviews)}</p> }.into_any(),
                    Ok(d) => {
                        let base = format!("/seller/reviews?shop={}", d.shop_id);
                        let newer = (d.page > 1).then(|| format!("{base}&page={}", d.page - 1));
                        let older = (d.page < d.pages).then(|| format!("{base}&page={}", d.page + 1));
                        let items = d
                            .reviews
                            .into_iter()
                            .map(|item| view! { <ReviewWithReply item reply last/> })
                            .collect_view();
                        view! {
                            <p class="field__hint">{d.shop_name.clone()}</p>
                            <ul class="seller-reviews">{items}</ul>
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
