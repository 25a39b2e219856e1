//! Reviews' server functions: the product page's section, the review form's
//! page, Helpful votes, reports, the shop's reply, the seller portal's and
//! the console's pages, and the rules' settings. Writing a review is a
//! multipart form (`reviews::web`), since it carries photos.

#![allow(
    clippy::too_many_arguments,
    reason = "server functions take one argument per form field"
)]

use super::model::{ProductReviews, ReportPage, ReviewFormPage, ReviewQueue, ReviewSettings, ShopReviews, ShopScores};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of a product's published reviews with the stored summary.
/// Anyone; the viewer's own Helpful votes when logged in.
#[server(endpoint = "reviews/product")]
pub async fn load_product_reviews(
    product_id: i64,
    #[server(default)] filter: Option<String>,
    #[server(default)] sort: Option<String>,
    #[server(default)] page: Option<i64>,
) -> Result<ProductReviews, AppError> {
    use super::model::ReviewsAsk;
    use crate::server::{use_state, viewer, web};
    use crate::storefront::model::Shows;
    let state = use_state()?;
    web::shows(&[Shows::Product(product_id)]);
    let viewer_id = viewer().map(|v| v.user_id);
    // Only a product on sale shows its reviews (as its page does).
    if state.catalog.engine.placement(product_id).is_none() {
        return web::fail(AppError::new(crate::error::ErrorCode::NotFound));
    }
    let asked = ReviewsAsk { filter, sort, page };
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::asked_reviews(&mut conn, viewer_id, product_id, &asked).await
    };
    web::answer(result.await)
}

/// The product page's Reviews section as HTML (`fragment.rs`), for the
/// client following a filter, sort or page. Anyone.
#[server(endpoint = "reviews/section")]
pub async fn load_reviews_section(
    product_id: i64,
    #[server(default)] rf: Option<String>,
    #[server(default)] rs: Option<String>,
    #[server(default)] rp: Option<i64>,
) -> Result<String, AppError> {
    use super::model::ReviewsAsk;
    use crate::server::{use_state, web};
    let state = use_state()?;
    if state.catalog.engine.placement(product_id).is_none() {
        return web::fail(AppError::new(crate::error::ErrorCode::NotFound));
    }
    let asked = ReviewsAsk {
        filter: rf,
        sort: rs,
        page: rp,
    };
    let result = async {
        let mut conn = state.db.read().await?;
        let version = crate::catalog::db::reviews_version(&mut *conn, product_id)
            .await?
            .ok_or(AppError::new(crate::error::ErrorCode::NotFound))?;
        super::fragment::section(&mut conn, &state.reviews_html, product_id, version, &asked).await
    };
    web::answer(result.await)
}

/// A shop's three scores with the platform's. Anyone.
#[server(endpoint = "reviews/shop_scores")]
pub async fn load_shop_scores(shop_id: i64) -> Result<ShopScores, AppError> {
    use crate::server::{use_state, web};
    use crate::storefront::model::Shows;
    let state = use_state()?;
    web::shows(&[Shows::Shop(shop_id)]);
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::shop_scores(&mut conn, shop_id).await
    };
    web::answer(result.await)
}

/// The review form's page for one of the caller's order lines.
#[server(endpoint = "reviews/form")]
pub async fn load_review_form(order_line_id: i64) -> Result<ReviewFormPage, AppError> {
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::form_page(&mut conn, viewer.user_id, order_line_id, now_ms()).await
    };
    web::answer(result.await)
}

/// Where a form under a review goes back to without JavaScript: the
/// product page with the list as it was (each parameter re-read, so
/// nothing typed reaches the redirect).
#[cfg(feature = "ssr")]
fn back_to_review(
    product_id: i64,
    review_id: i64,
    filter: Option<&str>,
    sort: Option<&str>,
    page: Option<i64>,
) -> String {
    use super::model::{ReviewFilter, ReviewSort};
    let mut params = Vec::new();
    let filter = ReviewFilter::parse(filter.unwrap_or_default());
    if filter != ReviewFilter::All {
        params.push(format!("rf={}", filter.key()));
    }
    if ReviewSort::parse(sort.unwrap_or_default()) == ReviewSort::Helpful {
        params.push("rs=helpful".to_string());
    }
    if let Some(page) = page.filter(|p| *p > 1) {
        params.push(format!("rp={page}"));
    }
    let query = if params.is_empty() {
        String::new()
    } else {
        format!("?{}", params.join("&"))
    };
    format!("/p/{product_id}{query}#review-{review_id}")
}

/// Marks a published review Helpful (once per account). Logged in.
#[server(endpoint = "reviews/helpful")]
pub async fn vote_helpful(
    review_id: i64,
    #[server(default)] rf: Option<String>,
    #[server(default)] rs: Option<String>,
    #[server(default)] rp: Option<i64>,
) -> Result<(), AppError> {
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let product_id = super::service::vote_helpful(&mut tx, viewer.user_id, review_id, now_ms()).await?;
        tx.commit().await?;
        Ok::<_, AppError>(product_id)
    };
    match result.await {
        Ok(product_id) => web::finish(
            Ok(()),
            &back_to_review(product_id, review_id, rf.as_deref(), rs.as_deref(), rp),
        ),
        Err(e) => web::fail(e),
    }
}

/// A published review for its report page. Logged in.
#[server(endpoint = "reviews/for_report")]
pub async fn load_report_page(review_id: i64) -> Result<ReportPage, AppError> {
    use crate::server::{require_user, use_state, web};
    require_user()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::published_review(&mut conn, review_id).await
    };
    web::answer(result.await)
}

/// Reports a published review with a reason from the list. Logged in.
#[server(endpoint = "reviews/report")]
pub async fn report_review(
    review_id: i64,
    #[server(default)] reason: String,
    #[server(default)] rf: Option<String>,
    #[server(default)] rs: Option<String>,
    #[server(default)] rp: Option<i64>,
) -> Result<(), AppError> {
    use super::model::ReportReason;
    use crate::error::ErrorCode;
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let Some(reason) = ReportReason::from_db(&reason) else {
        return web::fail(AppError::field("reason", ErrorCode::Required));
    };
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let product_id =
            super::service::report(&mut tx, viewer.user_id, &viewer.shop_ids, review_id, reason, now_ms()).await?;
        tx.commit().await?;
        Ok::<_, AppError>(product_id)
    };
    match result.await {
        // The report page thanks them, with the way back to the list.
        Ok(product_id) => {
            let back = back_to_review(product_id, review_id, rf.as_deref(), rs.as_deref(), rp);
            let list = back
                .split_once('?')
                .map(|(_, q)| q.split('#').next().unwrap_or_default());
            let next = match list {
                Some(q) if !q.is_empty() => format!("/reviews/{review_id}/report?done=1&{q}"),
                _ => format!("/reviews/{review_id}/report?done=1"),
            };
            web::finish(Ok(()), &next)
        }
        Err(e) => web::fail(e),
    }
}

/// The shop's public reply to a review of its products (one, editable).
/// Members of the review's shop only.
#[server(endpoint = "reviews/reply")]
pub async fn reply_to_review(review_id: i64, #[server(default)] reply: String) -> Result<(), AppError> {
    use crate::server::{now_ms, require_user, use_state, web};
    let viewer = require_user()?;
    let state = use_state()?;
    let echo = reply.chars().take(600).collect::<String>();
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let shop_id =
            super::service::reply(&mut tx, viewer.user_id, &viewer.shop_ids, review_id, &reply, now_ms()).await?;
        tx.commit().await?;
        Ok::<_, AppError>(shop_id)
    };
    match result.await {
        Ok(shop_id) => web::finish(Ok(()), &format!("/seller/reviews?shop={shop_id}#review-{review_id}")),
        Err(e) => web::fail(e.echo(&[("reply", echo.as_str())])),
    }
}

/// One of the caller's shops' published reviews. Members of that shop only.
#[server(endpoint = "reviews/shop_reviews")]
pub async fn load_shop_reviews(
    #[server(default)] shop_id: Option<i64>,
    #[server(default)] page: Option<i64>,
) -> Result<ShopReviews, AppError> {
    use crate::error::ErrorCode;
    use crate::server::{require_merchant, require_user, use_state, web};
    let viewer = require_user()?;
    let Some(shop_id) = shop_id.or_else(|| viewer.shop_ids.first().copied()) else {
        return web::fail(AppError::new(ErrorCode::Forbidden));
    };
    require_merchant(shop_id)?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::shop_reviews(&mut conn, shop_id, page.unwrap_or(1)).await
    };
    web::answer(result.await)
}

/// The operator's queue of waiting reviews. Operators only.
#[server(endpoint = "reviews/queue")]
pub async fn load_review_queue(#[server(default)] page: Option<i64>) -> Result<ReviewQueue, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::queue(&mut conn, page.unwrap_or(1)).await
    };
    web::answer(result.await)
}

/// An operator's decision: `approve`, or `reject` with a reason the author
/// reads. Operators only.
#[server(endpoint = "reviews/decide")]
pub async fn decide_review(
    review_id: i64,
    #[server(default)] decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::error::ErrorCode;
    use crate::server::{now_ms, require_operator, use_state, web};
    let viewer = require_operator()?;
    let echo = |e: AppError| e.echo(&[("reason", reason.chars().take(500).collect::<String>().as_str())]);
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return web::fail(AppError::new(ErrorCode::BadRequest)),
    };
    let reason = if approve {
        String::new()
    } else {
        match crate::merchants::domain::parse_reason(&reason) {
            Ok(r) => r,
            Err(code) => return web::fail(echo(AppError::field("reason", code))),
        }
    };
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::decide(&mut tx, viewer.user_id, review_id, approve, &reason, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/admin/reviews")
}

/// The rules' settings. Operators only.
#[server(endpoint = "reviews/settings")]
pub async fn load_review_settings() -> Result<ReviewSettings, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        super::service::settings(&mut conn).await
    };
    web::answer(result.await)
}

/// Saves the rules' settings (checkboxes arrive only when ticked).
/// Operators only.
#[server(endpoint = "reviews/save_settings")]
pub async fn save_review_settings(
    #[server(default)] auto_publish: Option<String>,
    #[server(default)] banned_words: String,
    #[server(default)] check_links: Option<String>,
    #[server(default)] check_contacts: Option<String>,
    #[server(default)] check_duplicates: Option<String>,
    #[server(default)] product_burst: String,
    #[server(default)] address_burst: String,
    #[server(default)] burst_minutes: String,
    #[server(default)] paid_praise_minutes: String,
    #[server(default)] report_threshold: String,
) -> Result<(), AppError> {
    use crate::error::{ErrorCode, FieldErrors};
    use crate::server::{now_ms, require_operator, use_state, web};
    let viewer = require_operator()?;
    let mut errors = FieldErrors::default();
    let mut number = |field: &str, raw: &str| {
        errors.check(
            field,
            raw.trim().parse::<i64>().map_err(|_| ErrorCode::NumberOutOfRange),
        )
    };
    let settings = ReviewSettings {
        auto_publish: auto_publish.is_some(),
        banned_words: banned_words.lines().map(str::to_string).collect(),
        check_links: check_links.is_some(),
        check_contacts: check_contacts.is_some(),
        check_duplicates: check_duplicates.is_some(),
        product_burst: number("product_burst", &product_burst).unwrap_or(-1),
        address_burst: number("address_burst", &address_burst).unwrap_or(-1),
        burst_minutes: number("burst_minutes", &burst_minutes).unwrap_or(-1),
        paid_praise_minutes: number("paid_praise_minutes", &paid_praise_minutes).unwrap_or(-1),
        report_threshold: number("report_threshold", &report_threshold).unwrap_or(-1),
    };
    if let Some(e) = errors.into_error() {
        return web::fail(e);
    }
    let state = use_state()?;
    let result = async {
        let mut tx = state.db.begin_write().await?;
        super::service::save_settings(&mut tx, viewer.user_id, settings, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    };
    web::finish(result.await, "/admin/reviews/rules")
}
