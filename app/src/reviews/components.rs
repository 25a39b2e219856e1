//! Review widgets: stars, a published review with its photos, follow-up and
//! reply, the product page's Reviews section (summary, histogram, filters,
//! sort, pages, Helpful and Report), and a shop's scores. The section's
//! filters, sort and pages are plain links and its buttons plain forms, so
//! it works before (and without) the WebAssembly client.

use super::api::{load_reviews_section, load_shop_scores};
use super::messages::ReviewsMsg;
#[cfg(feature = "ssr")]
use super::model::{ProductReviews, ReviewFilter, ReviewSort};
use super::model::{ReviewPhoto, ReviewView, ReviewsAsk, ShopScores};
use crate::i18n::tr;
use crate::orders::components::{china_time, options_text};
use crate::ui::FormAlert;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// "4.6" from a score × 10.
pub fn score_text(x10: i64) -> String {
    format!("{}.{}", x10 / 10, x10 % 10)
}

/// Stars as text with their meaning for screen readers.
#[component]
pub fn Stars(rating: i64) -> impl IntoView {
    let rating = rating.clamp(0, 5) as usize;
    let shown = format!("{}{}", "★".repeat(rating), "☆".repeat(5 - rating));
    view! {
        <span class="stars" role="img" aria-label=tr(ReviewsMsg::Stars { n: rating as i64 })>{shown}</span>
    }
}

/// Photos as thumbnails, each a link to the full picture (it opens larger
/// with or without the client).
#[component]
pub fn PhotoStrip(photos: Vec<ReviewPhoto>) -> impl IntoView {
    (!photos.is_empty()).then(|| {
        let items = photos
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let label = format!("{} {}", tr(ReviewsMsg::Photos), i + 1);
                view! {
                    <li>
                        <a href=p.url.clone() target="_blank" rel="noopener" aria-label=label.clone()>
                            <img src=p.thumb_url alt=label.clone() width="96" height="96" loading="lazy"/>
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="review__photos">{items}</ul> }
    })
}

/// One published review: author, stars, words, photos, the follow-up and
/// the seller's reply. `actions`: the buttons under it.
#[component]
pub fn ReviewCard(review: ReviewView, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let options = options_text(&review.options);
    let follow_up = review.follow_up.clone().map(|f| {
        view! {
            <div class="review__follow-up">
                <p class="review__follow-up-head">{tr(ReviewsMsg::FollowUpAfter { days: f.days_later })}</p>
                <p class="review__body">{f.body}</p>
                <PhotoStrip photos=f.photos/>
            </div>
        }
    });
    let reply = review.reply.clone().map(|r| {
        view! {
            <div class="review__reply">
                <p><strong>{tr(ReviewsMsg::SellerReply)}</strong> ": " {r}</p>
            </div>
        }
    });
    view! {
        <article class="review" id=format!("review-{}", review.review_id)>
            <header class="review__head">
                <span class="review__author">{review.author.clone()}</span>
                <Stars rating=review.rating/>
                <span class="review__date">{china_time(review.published_at)}</span>
            </header>
            {(!options.is_empty()).then(|| view! { <p class="review__options">{options}</p> })}
            <p class="review__body">{review.body.clone()}</p>
            <PhotoStrip photos=review.photos.clone()/>
            {follow_up}
            {reply}
            {children.map(|c| c())}
        </article>
    }
}

/// The product page's link for a filter, sort and page (the review
/// parameters only; the product's own URL stays).
#[cfg(feature = "ssr")]
fn reviews_href(product_id: i64, filter: ReviewFilter, sort: ReviewSort, page: i64) -> String {
    let mut params = Vec::new();
    if filter != ReviewFilter::All {
        params.push(format!("rf={}", filter.key()));
    }
    if sort != ReviewSort::Newest {
        params.push(format!("rs={}", sort.key()));
    }
    if page > 1 {
        params.push(format!("rp={page}"));
    }
    let query = if params.is_empty() {
        String::new()
    } else {
        format!("?{}", params.join("&"))
    };
    format!("/p/{product_id}{query}#reviews")
}

/// Average, count and the 5-to-1 histogram.
#[cfg(feature = "ssr")]
#[component]
fn Summary(data: ProductReviews) -> impl IntoView {
    let s = data.summary.clone();
    let bars = (1..=5)
        .rev()
        .map(|stars| {
            let n = s.stars[(stars - 1) as usize];
            let percent = if s.count > 0 { n * 100 / s.count } else { 0 };
            view! {
                <tr>
                    <th scope="row">{tr(ReviewsMsg::Stars { n: stars })}</th>
                    <td class="histogram__bar-cell">
                        <span class="histogram__bar" style=format!("width: {percent}%")></span>
                    </td>
                    <td class="num">{n}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="reviews__summary">
            <p class="reviews__average">
                <span class="visually-hidden">{tr(ReviewsMsg::Average)} " "</span>
                <strong class="reviews__score">{score_text(s.average_x10())}</strong>
                " " {tr(ReviewsMsg::OutOfFive)} " · " {tr(ReviewsMsg::ReviewCount { n: s.count })}
            </p>
            <table class="histogram" aria-label=tr(ReviewsMsg::Histogram)>
                <tbody>{bars}</tbody>
            </table>
        </div>
    }
}

/// Filter tags and the sort links.
#[cfg(feature = "ssr")]
#[component]
fn Controls(product_id: i64, data: ProductReviews) -> impl IntoView {
    let s = &data.summary;
    let mut tags = vec![
        (ReviewFilter::All, tr(ReviewsMsg::All).into_owned()),
        (
            ReviewFilter::WithPhotos,
            tr(ReviewsMsg::WithPhotos { n: s.with_photos }).into_owned(),
        ),
        (
            ReviewFilter::FollowUps,
            tr(ReviewsMsg::FollowUps { n: s.with_follow_ups }).into_owned(),
        ),
    ];
    for stars in (1..=5).rev() {
        tags.push((
            ReviewFilter::Stars(stars),
            tr(ReviewsMsg::StarsFilter {
                stars,
                n: s.stars[(stars - 1) as usize],
            })
            .into_owned(),
        ));
    }
    let sort = data.sort;
    let filter = data.filter;
    let tag_links = tags
        .into_iter()
        .map(|(f, label)| {
            view! {
                <li><a class="tag" href=reviews_href(product_id, f, sort, 1) aria-current=(f == filter).then_some("true")>{label}</a></li>
            }
        })
        .collect_view();
    let sorts = [(ReviewSort::Newest, ReviewsMsg::Newest), (ReviewSort::Helpful, ReviewsMsg::MostHelpful)]
        .into_iter()
        .map(|(s, label)| {
            view! {
                <li><a href=reviews_href(product_id, filter, s, 1) aria-current=(s == sort).then_some("true")>{tr(label)}</a></li>
            }
        })
        .collect_view();
    view! {
        <nav class="reviews__filters" aria-label=tr(ReviewsMsg::FilterReviews)>
            <ul class="tags">{tag_links}</ul>
        </nav>
        <nav class="reviews__sort" aria-label=tr(ReviewsMsg::SortBy)>
            <span>{tr(ReviewsMsg::SortBy)} ": "</span>
            <ul>{sorts}</ul>
        </nav>
    }
}

/// The id of a review's Helpful button: `fragment.rs` finds it to mark
/// the buttons a reader has pressed.
pub const HELPFUL_ID_PREFIX: &str = "helpful-";

/// Helpful and Report under a review: plain forms (the same with or
/// without the client; the server sends a Helpful post back to the review,
/// the list as it was). Report opens its own page (a reason from the list,
/// then the button): one click never files a report. `list`: the list's
/// parameters, for the way back.
#[cfg(feature = "ssr")]
fn review_actions(review_id: i64, helpful_count: i64, list: &[(&'static str, String)]) -> impl IntoView {
    let keep = || {
        list.iter()
            .map(|(k, v)| view! { <input type="hidden" name=*k value=v.clone()/> })
            .collect_view()
    };
    let (keep_helpful, keep_report) = (keep(), keep());
    view! {
        <div class="review__actions">
            <form class="inline-form" method="post" action="/api/reviews/helpful">
                <input type="hidden" name="review_id" value=review_id/>
                {keep_helpful}
                <button type="submit" class="button button--small" id=format!("{HELPFUL_ID_PREFIX}{review_id}")>
                    {tr(ReviewsMsg::HelpfulCount { n: helpful_count })}
                </button>
            </form>
            <form class="inline-form" method="get" action=format!("/reviews/{review_id}/report")>
                {keep_report}
                <button type="submit" class="button button--small button--quiet">{tr(ReviewsMsg::Report)}</button>
            </form>
        </div>
    }
}

/// What the address asks of the Reviews section.
pub fn asked_by(q: &ParamsMap) -> ReviewsAsk {
    ReviewsAsk {
        filter: q.get("rf"),
        sort: q.get("rs"),
        page: q.get("rp").and_then(|p| p.parse::<i64>().ok()),
    }
}

/// The product page's Reviews section. `html`: the section's summary,
/// filters, page of reviews and pager as the server made them
/// (`fragment.rs`), empty while hydrating (the page already has them);
/// `asked`: what asked for that page.
#[component]
pub fn ProductReviewsSection(product_id: i64, has_reviews: bool, html: String, asked: ReviewsAsk) -> impl IntoView {
    view! {
        <section class="product__section reviews" id="reviews" aria-labelledby="reviews-heading">
            <h2 id="reviews-heading">{tr(ReviewsMsg::Reviews)}</h2>
            {if has_reviews {
                view! { <ReviewList product_id html asked/> }.into_any()
            } else {
                view! { <p class="empty">{tr(ReviewsMsg::NoReviews)}</p> }.into_any()
            }}
        </section>
    }
}

/// The section's page of reviews. Its filters, sort and pages are plain
/// links: in the client, following one loads that page of the section
/// alone (the product stays).
#[component]
fn ReviewList(product_id: i64, html: String, asked: ReviewsAsk) -> impl IntoView {
    let query = use_query_map();
    let shown_for = RwSignal::new(asked);
    let html = RwSignal::new(html);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<crate::error::AppError>);
    Effect::new(move || {
        let wanted = query.with(asked_by);
        if shown_for.with_untracked(|asked| *asked == wanted) {
            loading.set(false);
            return;
        }
        loading.set(true);
        leptos::task::spawn_local(async move {
            let answer =
                load_reviews_section(product_id, wanted.filter.clone(), wanted.sort.clone(), wanted.page).await;
            // An answer for an address already left behind is dropped.
            if query.try_with_untracked(asked_by).as_ref() != Some(&wanted) {
                return;
            }
            loading.try_set(false);
            match answer {
                Ok(section) => {
                    failed.try_set(None);
                    shown_for.try_set(wanted);
                    html.try_set(section);
                }
                Err(e) => {
                    failed.try_set(Some(e));
                }
            }
        });
    });
    // A failed Helpful post (a guest) comes back with the framework's error.
    let locale = crate::i18n::use_locale();
    let alert = Signal::derive(move || {
        let posted = || {
            query
                .with(|q| q.get("__err"))
                .and_then(|raw| serde_json::from_str::<crate::error::AppError>(&raw).ok())
        };
        failed
            .get()
            .or_else(posted)
            .map(|e| crate::ui::messages::error_message(locale, &e))
    });
    view! {
        <FormAlert message=alert/>
        <div class="reviews__page" aria-busy=move || loading.get().then_some("true") inner_html=move || html.get()></div>
    }
}

/// One page of a product's reviews as HTML, in `locale` (`fragment.rs`
/// keeps it).
#[cfg(feature = "ssr")]
pub fn render_review_page(product_id: i64, d: &ProductReviews, locale: crate::i18n::Locale) -> String {
    // A child of the caller's owner: `Owner::new_root` would also make
    // itself the current owner, leaving the caller's future without its
    // contexts once this one is dropped.
    let owner = Owner::new();
    owner.with(|| {
        crate::i18n::provide_locale(locale);
        review_page(product_id, d).to_html()
    })
}

/// One page of reviews with its summary, controls and pager.
#[cfg(feature = "ssr")]
fn review_page(product_id: i64, d: &ProductReviews) -> AnyView {
    if d.summary.count == 0 {
        return view! { <p class="empty">{tr(ReviewsMsg::NoReviews)}</p> }.into_any();
    }
    // The list's parameters, for the forms' way back.
    let list_params: Vec<(&'static str, String)> = [
        (d.filter != ReviewFilter::All).then(|| ("rf", d.filter.key())),
        (d.sort != ReviewSort::Newest).then(|| ("rs", d.sort.key().to_string())),
        (d.page > 1).then(|| ("rp", d.page.to_string())),
    ]
    .into_iter()
    .flatten()
    .collect();
    let list = if d.reviews.is_empty() {
        view! { <p class="empty">{tr(ReviewsMsg::NoneMatch)}</p> }.into_any()
    } else {
        d.reviews
            .iter()
            .cloned()
            .map(|r| {
                let actions = review_actions(r.review_id, r.helpful_count, &list_params);
                view! {
                    <ReviewCard review=r>{actions}</ReviewCard>
                }
            })
            .collect_view()
            .into_any()
    };
    let prev = (d.page > 1).then(|| reviews_href(product_id, d.filter, d.sort, d.page - 1));
    let next = (d.page < d.pages).then(|| reviews_href(product_id, d.filter, d.sort, d.page + 1));
    view! {
        <Summary data=d.clone()/>
        <Controls product_id data=d.clone()/>
        <div class="reviews__list">{list}</div>
        <nav class="pager" aria-label=tr(ReviewsMsg::Reviews)>
            {prev.map(|h| view! { <a rel="prev" href=h>{tr(ReviewsMsg::PreviousPage)}</a> })}
            <span>{tr(ReviewsMsg::PageOf { page: d.page, pages: d.pages })}</span>
            {next.map(|h| view! { <a rel="next" href=h>{tr(ReviewsMsg::NextPage)}</a> })}
        </nav>
    }
    .into_any()
}

/// A shop's three scores beside the platform's.
#[component]
pub fn ShopScoresPanel(shop_id: i64) -> impl IntoView {
    let scores = Resource::new(move || shop_id, load_shop_scores);
    view! {
        <section class="shop-scores card" aria-labelledby="shop-scores-heading">
            <h2 id="shop-scores-heading">{tr(ReviewsMsg::ShopScores)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match scores.await {
                        Ok(s) if s.count > 0 => scores_table(s).into_any(),
                        _ => view! { <p class="empty">{tr(ReviewsMsg::NoScores)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn scores_table(s: ShopScores) -> impl IntoView {
    let rows = [
        (ReviewsMsg::Described, s.described_x10, s.platform_described_x10),
        (ReviewsMsg::Service, s.service_x10, s.platform_service_x10),
        (ReviewsMsg::Delivery, s.delivery_x10, s.platform_delivery_x10),
    ]
    .into_iter()
    .map(|(label, mine, platform)| {
        let class = if mine >= platform {
            "score score--above"
        } else {
            "score score--below"
        };
        view! {
            <tr>
                <th scope="row">{tr(label)}</th>
                <td class=class>{score_text(mine)}</td>
                <td>{score_text(platform)}</td>
            </tr>
        }
    })
    .collect_view();
    view! {
        <table class="data-table shop-scores__table">
            <thead>
                <tr>
                    <td></td>
                    <th scope="col">{tr(ReviewsMsg::ShopScores)}</th>
                    <th scope="col">{tr(ReviewsMsg::PlatformAverage)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="field__hint">{tr(ReviewsMsg::ScoresFrom { n: s.count })}</p>
    }
}
