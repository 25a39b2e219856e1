//! Reviews' use cases over a connection or a transaction: writing a review
//! (with its photos and the shop's rating), the automatic rules and the
//! operator's decisions through one state machine, the stored aggregates
//! moved with each decision, votes, reports and the shop's reply, and the
//! reads of the product page, the seller portal and the console.

use super::db::{self, NewReview, ReviewRow, SummaryDelta};
use super::domain::{self, Circumstances, ReviewEvent};
use super::model::{
    Flag, FollowUpView, LineReview, OwnReview, ProductReviews, QueuedReview, ReportPage, ReportReason, ReviewDraft,
    ReviewFilter, ReviewFormPage, ReviewPhoto, ReviewQueue, ReviewSettings, ReviewSort, ReviewStatus, ReviewSummary,
    ReviewView, ReviewsAsk, ShopReview, ShopReviews, ShopScores, REVIEWS_PER_PAGE,
};
use super::text;
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::orders::model::Actor;
use crate::orders::service::ReviewedLine;
use crate::server::audit::{self, AuditEntry};
use crate::server::db::internal;
use crate::server::{Conn, Tx};
use crate::storefront::model::Change;
use crate::storefront::service::record;
use std::collections::HashMap;

const SUBJECT: &str = "review";
/// How far back the near-duplicate rule looks.
const DUPLICATE_WINDOW_MS: i64 = 30 * 86_400_000;
/// Operator queue page size.
const QUEUE_PAGE: i64 = 20;

/// The rules' settings (the defaults until an operator saves some).
pub async fn settings(conn: &mut Conn) -> Result<ReviewSettings, AppError> {
    Ok(db::settings(conn)
        .await?
        .and_then(|body| serde_json::from_str(&body).ok())
        .unwrap_or_default())
}

pub async fn save_settings(tx: &mut Tx, operator_id: i64, settings: ReviewSettings, now: i64) -> Result<(), AppError> {
    let settings = domain::check_settings(settings).map_err(|(field, code)| AppError::field(field, code))?;
    let body = serde_json::to_string(&settings).map_err(internal)?;
    db::save_settings(tx, &body, operator_id, now).await?;
    audit::record(
        tx,
        &AuditEntry {
            subject: "review_settings",
            subject_id: 1,
            action: "changed",
            from_status: None,
            to_status: None,
            actor_kind: "operator",
            actor_id: Some(operator_id),
            reason: "",
            detail: &body,
        },
        now,
    )
    .await?;
    Ok(())
}

fn status_of(row: &ReviewRow) -> Result<ReviewStatus, AppError> {
    ReviewStatus::from_db(&row.status).ok_or_else(|| internal(format!("review status {}", row.status)))
}

/// What My orders shows per line, for lines of delivered orders.
pub async fn line_marks(conn: &mut Conn, line_ids: &[i64]) -> Result<HashMap<i64, LineReview>, AppError> {
    let now = crate::server::now_ms();
    let mut first: HashMap<i64, (ReviewStatus, i64)> = HashMap::new();
    let mut follow: HashMap<i64, ReviewStatus> = HashMap::new();
    for (line, is_first, status, submitted) in db::marks_of_lines(conn, line_ids).await? {
        let Some(status) = ReviewStatus::from_db(&status) else {
            continue;
        };
        if is_first == 1 {
            first.insert(line, (status, submitted.unwrap_or(0)));
        } else {
            follow.insert(line, status);
        }
    }
    Ok(first
        .into_iter()
        .filter(|(_, (status, _))| *status != ReviewStatus::Draft)
        .map(|(line, (status, submitted))| {
            let open = domain::may_follow_up(Some((status, submitted)), follow.get(&line).copied(), now).is_ok();
            (
                line,
                LineReview::Written {
                    status,
                    follow_up_open: open,
                },
            )
        })
        .collect())
}

/// The line, if the caller bought it (anyone else learns nothing).
async fn own_line(conn: &mut Conn, user_id: i64, order_line_id: i64) -> Result<ReviewedLine, AppError> {
    crate::orders::service::reviewed_line(conn, order_line_id)
        .await?
        .filter(|l| l.buyer_id == user_id)
        .ok_or(AppError::new(ErrorCode::NotFound))
}

fn photos_by_review(rows: Vec<db::PhotoRow>) -> HashMap<i64, Vec<ReviewPhoto>> {
    let mut out: HashMap<i64, Vec<ReviewPhoto>> = HashMap::new();
    for p in rows {
        out.entry(p.review_id)
            .or_default()
            .push(photo(&p.media_key, p.width, p.height));
    }
    out
}

fn own_review(row: &ReviewRow, photos: &mut HashMap<i64, Vec<ReviewPhoto>>) -> Result<OwnReview, AppError> {
    Ok(OwnReview {
        status: status_of(row)?,
        rating: row.rating,
        body: row.body.clone(),
        photos: photos.remove(&row.review_id).unwrap_or_default(),
        reason: row.reason.clone(),
        submitted_at: row.submitted_at.unwrap_or(0),
    })
}

/// The review form's page: the line, the reviews written for it, whether a
/// follow-up is open, and what a refused submission typed.
pub async fn form_page(
    conn: &mut Conn,
    user_id: i64,
    order_line_id: i64,
    now: i64,
) -> Result<ReviewFormPage, AppError> {
    let line = own_line(conn, user_id, order_line_id).await?;
    let rows = db::reviews_of_line(conn, order_line_id).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.review_id).collect();
    let mut photos = photos_by_review(db::photos_of(conn, &ids).await?);
    let first_row = rows.iter().find(|r| r.parent_id.is_none());
    let follow_row = rows.iter().find(|r| r.parent_id.is_some());
    let draft_row = rows.iter().find(|r| r.status == ReviewStatus::Draft.as_db());
    let first = first_row
        .filter(|r| r.status != ReviewStatus::Draft.as_db())
        .map(|r| own_review(r, &mut photos))
        .transpose()?;
    let follow_up = follow_row
        .filter(|r| r.status != ReviewStatus::Draft.as_db())
        .map(|r| own_review(r, &mut photos))
        .transpose()?;
    let follow_up_open = domain::may_follow_up(
        first.as_ref().map(|f| (f.status, f.submitted_at)),
        follow_up.as_ref().map(|f| f.status),
        now,
    )
    .is_ok();
    let refusal = if first.is_none() {
        domain::may_review(true, line.status, None).err()
    } else {
        None
    };
    let rates_shop = first.is_none() && !db::shop_rated(conn, line.order_id).await?;
    let draft = draft_row.map(|r| {
        let typed: DraftExtras = serde_json::from_str(&r.draft_extra).unwrap_or_default();
        ReviewDraft {
            follow_up: r.parent_id.is_some(),
            rating: r.rating,
            body: r.body.clone(),
            anonymous: r.anonymous == 1,
            described: typed.described,
            service: typed.service,
            delivery: typed.delivery,
        }
    });
    let shop_name = crate::merchants::service::shop_names(conn, &[line.shop_id])
        .await?
        .remove(&line.shop_id)
        .unwrap_or_default();
    Ok(ReviewFormPage {
        order_id: line.order_id,
        order_line_id,
        product_id: line.product_id,
        title: line.title,
        options: line.options,
        image_url: line.image_url,
        shop_name,
        rates_shop,
        first,
        follow_up,
        follow_up_open,
        draft,
        refusal,
    })
}

/// The shop ratings a draft typed.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
struct DraftExtras {
    described: Option<i64>,
    service: Option<i64>,
    delivery: Option<i64>,
}

/// What the form sent, as typed.
#[derive(Clone, Debug, Default)]
pub struct Typed {
    pub order_line_id: i64,
    pub follow_up: bool,
    pub rating: String,
    pub body: String,
    pub anonymous: bool,
    pub described: String,
    pub service: String,
    pub delivery: String,
}

/// A submission that passed every check but its photos.
#[derive(Clone, Debug)]
pub struct Checked {
    line: ReviewedLine,
    follow_up: bool,
    /// The first review (for a follow-up), or a draft to replace.
    parent_id: Option<i64>,
    draft_id: Option<i64>,
    rating: Option<i64>,
    body: String,
    anonymous: bool,
    shop: Option<[i64; 3]>,
}

impl Checked {
    pub fn order_id(&self) -> i64 {
        self.line.order_id
    }
}

/// Checks a submission (who, when, what) before its photos are read:
/// field errors name the form's fields.
pub async fn check(conn: &mut Conn, user_id: i64, typed: &Typed, now: i64) -> Result<Checked, AppError> {
    let line = own_line(conn, user_id, typed.order_line_id).await?;
    let rows = db::reviews_of_line(conn, typed.order_line_id).await?;
    let first = rows.iter().find(|r| r.parent_id.is_none());
    let follow = rows.iter().find(|r| r.parent_id.is_some());
    let first_status = first.map(status_of).transpose()?;
    let (parent_id, draft_id) = if typed.follow_up {
        let submitted = first.and_then(|r| r.submitted_at).unwrap_or(0);
        let follow_status = follow.map(status_of).transpose()?;
        domain::may_follow_up(first_status.map(|s| (s, submitted)), follow_status, now)?;
        (
            first.map(|r| r.review_id),
            follow
                .filter(|r| r.status == ReviewStatus::Draft.as_db())
                .map(|r| r.review_id),
        )
    } else {
        domain::may_review(true, line.status, first_status)?;
        (None, first.map(|r| r.review_id))
    };
    let mut errors = FieldErrors::default();
    let rating = if typed.follow_up {
        None
    } else {
        errors.check("rating", domain::parse_stars(&typed.rating))
    };
    let body = errors.check("body", domain::parse_body(&typed.body));
    let rates_shop = !typed.follow_up && !db::shop_rated(conn, line.order_id).await?;
    let shop = if rates_shop {
        let d = errors.check("described", domain::parse_stars(&typed.described));
        let s = errors.check("service", domain::parse_stars(&typed.service));
        let v = errors.check("delivery", domain::parse_stars(&typed.delivery));
        d.zip(s).zip(v).map(|((d, s), v)| [d, s, v])
    } else {
        None
    };
    if let Some(e) = errors.into_error() {
        return Err(e);
    }
    Ok(Checked {
        line,
        follow_up: typed.follow_up,
        parent_id,
        draft_id,
        rating,
        body: body.unwrap_or_default(),
        anonymous: typed.anonymous,
        shop,
    })
}

fn author_name(display_name: &str, anonymous: bool) -> String {
    if anonymous {
        text::masked_name(display_name)
    } else {
        display_name.chars().take(40).collect()
    }
}

/// Keeps what a refused submission typed, so the form shows it again.
pub async fn save_draft(
    tx: &mut Tx,
    user_id: i64,
    display_name: &str,
    typed: &Typed,
    now: i64,
) -> Result<(), AppError> {
    let Ok(line) = own_line(&mut *tx, user_id, typed.order_line_id).await else {
        return Ok(());
    };
    let rows = db::reviews_of_line(tx, typed.order_line_id).await?;
    let parent = rows.iter().find(|r| r.parent_id.is_none());
    let (parent_id, existing) = if typed.follow_up {
        match parent {
            Some(p) if p.status != ReviewStatus::Draft.as_db() => {
                (Some(p.review_id), rows.iter().find(|r| r.parent_id.is_some()))
            }
            _ => return Ok(()),
        }
    } else {
        (None, parent)
    };
    if existing.is_some_and(|r| r.status != ReviewStatus::Draft.as_db()) {
        return Ok(());
    }
    let body: String = typed
        .body
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(domain::BODY_MAX_CHARS + 100)
        .collect();
    let stars = |raw: &str| domain::parse_stars(raw).ok();
    let extras = DraftExtras {
        described: stars(&typed.described),
        service: stars(&typed.service),
        delivery: stars(&typed.delivery),
    };
    let row = NewReview {
        parent_id,
        order_line_id: line.order_line_id,
        order_id: line.order_id,
        product_id: line.product_id,
        shop_id: line.shop_id,
        user_id,
        status: ReviewStatus::Draft.as_db(),
        rating: if typed.follow_up { None } else { stars(&typed.rating) },
        body: &body,
        anonymous: typed.anonymous,
        author_name: &author_name(display_name, typed.anonymous),
        options_json: &line.options_json,
        client_ip: "",
        submitted_at: None,
    };
    let id = match existing {
        Some(draft) => {
            db::update_draft(tx, draft.review_id, &row, now).await?;
            draft.review_id
        }
        None => db::insert_review(tx, &row, now).await?,
    };
    let extras = serde_json::to_string(&extras).map_err(internal)?;
    db::set_draft_extra(tx, id, &extras).await?;
    Ok(())
}

/// A photo already stored for the review.
pub use crate::media::web::StoredPhoto;

/// Submits a checked review with its stored photos: it waits for the rules,
/// which publish it at once when it is clean and the setting allows.
pub async fn submit(
    tx: &mut Tx,
    user_id: i64,
    display_name: &str,
    checked: Checked,
    photos: &[StoredPhoto],
    client_ip: &str,
    now: i64,
) -> Result<ReviewStatus, AppError> {
    // Checked again under the write lock: a double post or a second tab
    // must not make two reviews of one line.
    let typed = Typed {
        order_line_id: checked.line.order_line_id,
        follow_up: checked.follow_up,
        rating: checked.rating.map(|r| r.to_string()).unwrap_or_default(),
        body: checked.body.clone(),
        anonymous: checked.anonymous,
        described: checked.shop.map(|s| s[0].to_string()).unwrap_or_default(),
        service: checked.shop.map(|s| s[1].to_string()).unwrap_or_default(),
        delivery: checked.shop.map(|s| s[2].to_string()).unwrap_or_default(),
    };
    let checked = check(&mut *tx, user_id, &typed, now).await?;
    let line = &checked.line;
    let name = author_name(display_name, checked.anonymous);
    let row = NewReview {
        parent_id: checked.parent_id,
        order_line_id: line.order_line_id,
        order_id: line.order_id,
        product_id: line.product_id,
        shop_id: line.shop_id,
        user_id,
        status: ReviewStatus::Draft.as_db(),
        rating: checked.rating,
        body: &checked.body,
        anonymous: checked.anonymous,
        author_name: &name,
        options_json: &line.options_json,
        client_ip,
        submitted_at: None,
    };
    let review_id = match checked.draft_id {
        Some(id) => {
            db::update_draft(tx, id, &row, now).await?;
            id
        }
        None => db::insert_review(tx, &row, now).await.map_err(|e| {
            if crate::server::db::is_unique_violation(&e) {
                AppError::new(ErrorCode::AlreadyReviewed)
            } else {
                e.into()
            }
        })?,
    };
    if photos.len() > domain::MAX_PHOTOS {
        return Err(AppError::field("photos", ErrorCode::TooManyPhotos));
    }
    for (i, p) in photos.iter().enumerate() {
        db::insert_photo(tx, review_id, &p.key, p.width, p.height, i as i64, now).await?;
    }
    if !photos.is_empty() {
        let cards: Vec<(&str, i64, i64)> = photos.iter().map(|p| (p.key.as_str(), p.width, p.height)).collect();
        let json = serde_json::to_string(&cards).map_err(internal)?;
        db::set_photos(tx, review_id, &json, photos.len() as i64).await?;
    }
    if let Some([d, s, v]) = checked.shop {
        db::insert_shop_rating(tx, line.order_id, review_id, line.shop_id, d, s, v, now)
            .await
            .map_err(|e| {
                if crate::server::db::is_unique_violation(&e) {
                    AppError::new(ErrorCode::AlreadyReviewed)
                } else {
                    e.into()
                }
            })?;
    }
    transition(tx, review_id, ReviewEvent::Submit, Actor::Shopper(user_id), "", now).await?;

    // The rules: the facts about this review, then the verdict.
    let settings = settings(&mut *tx).await?;
    let bands = text::sketch_keys(&checked.body);
    let duplicate_elsewhere = settings.check_duplicates
        && db::band_neighbours(tx, &bands, user_id, now - DUPLICATE_WINDOW_MS)
            .await?
            .iter()
            .any(|other| text::is_near(&checked.body, other));
    db::insert_bands(tx, review_id, user_id, &bands, now).await?;
    let since = now - settings.burst_minutes.max(1) * 60_000;
    let facts = Circumstances {
        duplicate_elsewhere,
        recent_on_product: db::recent_on_product(tx, line.product_id, since, review_id).await?,
        recent_from_address: if client_ip.is_empty() {
            0
        } else {
            db::recent_from_address(tx, client_ip, since, review_id).await?
        },
        since_delivery_ms: line.delivered_at.map(|d| now - d),
        shop_coupon: line.shop_coupon,
    };
    let flags = domain::flags_for(&checked.body, &facts, &settings);
    db::set_flags(tx, review_id, &Flag::join(&flags), now).await?;
    if flags.is_empty() && settings.auto_publish {
        return transition(tx, review_id, ReviewEvent::Publish, Actor::System, "rules", now).await;
    }
    Ok(ReviewStatus::Pending)
}

/// The one way a review changes status: the state machine, a guarded
/// update, the stored aggregates moved when it enters or leaves
/// Published, the audit log and the storefront change log.
pub async fn transition(
    tx: &mut Tx,
    review_id: i64,
    event: ReviewEvent,
    actor: Actor,
    reason: &str,
    now: i64,
) -> Result<ReviewStatus, AppError> {
    let row = db::review(tx, review_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let from = status_of(&row)?;
    let to = domain::next_review_status(from, event)?;
    let shown_reason = if event == ReviewEvent::Reject { reason } else { "" };
    let Some(changed) = db::set_status(tx, review_id, from.as_db(), to.as_db(), shown_reason, now).await? else {
        return Err(AppError::new(ErrorCode::ReviewStateInvalid));
    };
    let entering = to == ReviewStatus::Published;
    let leaving = from == ReviewStatus::Published;
    if entering || leaving {
        let sign = if entering { 1 } else { -1 };
        count_in(tx, &row, changed, sign, now).await?;
    }
    if to == ReviewStatus::Rejected {
        // Its shop rating never counted: the order's next review may rate.
        db::drop_uncounted_shop_rating(tx, review_id).await?;
    }
    audit::record(
        tx,
        &AuditEntry {
            subject: SUBJECT,
            subject_id: review_id,
            action: event.as_db(),
            from_status: Some(from.as_db()),
            to_status: Some(to.as_db()),
            actor_kind: actor.kind(),
            actor_id: actor.id(),
            reason,
            detail: "",
        },
        now,
    )
    .await?;
    Ok(to)
}

/// Adds (`sign` 1) or removes (-1) a review's part in the aggregates, from
/// what the status change itself read (`changed`).
async fn count_in(tx: &mut Tx, row: &ReviewRow, changed: db::Changed, sign: i64, now: i64) -> Result<(), AppError> {
    let shown = sign > 0;
    match row.parent_id {
        // A follow-up: its review shows it (counted when that review shows).
        Some(parent_id) => {
            let parent_status = db::set_follow_up_shown(tx, parent_id, shown, now).await?;
            if let Some(parent_status) = parent_status {
                if parent_status == ReviewStatus::Published.as_db() {
                    let delta = SummaryDelta {
                        with_follow_ups: sign,
                        ..SummaryDelta::default()
                    };
                    db::add_to_summary(tx, row.product_id, &delta, now).await?;
                }
            }
        }
        None => {
            let rating = changed
                .rating
                .ok_or_else(|| internal("a first review without a rating"))?;
            let mut stars = [0; 5];
            stars[(rating.clamp(1, 5) - 1) as usize] = sign;
            let delta = SummaryDelta {
                count: sign,
                sum: sign * rating,
                stars,
                with_photos: if changed.photo_count > 0 { sign } else { 0 },
                with_follow_ups: if changed.follow_up_shown == 1 { sign } else { 0 },
            };
            db::add_to_summary(tx, row.product_id, &delta, now).await?;
            crate::catalog::service::add_rating(tx, row.product_id, sign, sign * rating).await?;
            if let Some(r) = db::shop_rating_of(tx, row.review_id).await? {
                if db::set_shop_rating_counted(tx, row.review_id, shown, now).await? > 0 {
                    let sums = [sign * r.described, sign * r.service, sign * r.delivery];
                    db::add_to_shop_score(tx, r.shop_id, sign, sums, now).await?;
                    db::add_to_shop_score(tx, 0, sign, sums, now).await?;
                    record(tx, Change::Shop(r.shop_id)).await?;
                }
            }
        }
    }
    // The product page shows the review (and its cached copies go); the
    // rating's change reached the index through `add_rating`.
    crate::catalog::service::reviews_changed(tx, row.product_id).await?;
    Ok(())
}

/// An operator's decision on a waiting review.
pub async fn decide(
    tx: &mut Tx,
    operator_id: i64,
    review_id: i64,
    approve: bool,
    reason: &str,
    now: i64,
) -> Result<ReviewStatus, AppError> {
    let event = if approve {
        ReviewEvent::Publish
    } else {
        ReviewEvent::Reject
    };
    transition(tx, review_id, event, Actor::Operator(operator_id), reason, now).await
}

/// A Helpful vote (one per account; an author's own review is not voted
/// on). The review's product.
pub async fn vote_helpful(tx: &mut Tx, user_id: i64, review_id: i64, now: i64) -> Result<i64, AppError> {
    let row = db::review(tx, review_id)
        .await?
        .filter(|r| r.status == ReviewStatus::Published.as_db())
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if row.user_id != user_id && db::add_vote(tx, review_id, user_id, now).await? {
        crate::catalog::service::reviews_changed(tx, row.product_id).await?;
    }
    Ok(row.product_id)
}

/// A shopper's report; enough of them since the operator last decided send
/// the review back to the queue. The author's own reports and those of the
/// review's shop (`shop_ids`: the shops the caller acts for) do not count:
/// a shop must not bury its bad reviews. The review's product.
pub async fn report(
    tx: &mut Tx,
    user_id: i64,
    shop_ids: &[i64],
    review_id: i64,
    reason: ReportReason,
    now: i64,
) -> Result<i64, AppError> {
    let row = db::review(tx, review_id)
        .await?
        .filter(|r| r.status == ReviewStatus::Published.as_db())
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if row.user_id == user_id || shop_ids.contains(&row.shop_id) {
        return Ok(row.product_id);
    }
    let Some(count) = db::add_report(tx, review_id, user_id, reason.as_db(), now).await? else {
        return Ok(row.product_id);
    };
    let threshold = settings(&mut *tx).await?.report_threshold.max(1);
    if count >= threshold {
        // Another report may have sent it back already: nothing more to do.
        match transition(tx, review_id, ReviewEvent::Reported, Actor::System, reason.as_db(), now).await {
            Err(e) if e.code == ErrorCode::ReviewStateInvalid => return Ok(row.product_id),
            other => other?,
        };
        let mut flags = Flag::split(&row.flags);
        if !flags.contains(&Flag::Reported) {
            flags.push(Flag::Reported);
        }
        db::set_flags(tx, review_id, &Flag::join(&flags), now).await?;
    }
    Ok(row.product_id)
}

/// The shop's public reply to a published review of its own (one,
/// editable). `shop_ids`: the shops the caller acts for.
pub async fn reply(
    tx: &mut Tx,
    user_id: i64,
    shop_ids: &[i64],
    review_id: i64,
    body: &str,
    now: i64,
) -> Result<i64, AppError> {
    let row = db::review(tx, review_id)
        .await?
        .filter(|r| shop_ids.contains(&r.shop_id) && r.parent_id.is_none())
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if row.status != ReviewStatus::Published.as_db() {
        return Err(AppError::new(ErrorCode::ReviewStateInvalid));
    }
    let settings = settings(&mut *tx).await?;
    let body = domain::parse_reply(body, &settings).map_err(|c| AppError::field("reply", c))?;
    db::upsert_reply(tx, review_id, row.shop_id, user_id, &body, now).await?;
    crate::catalog::service::reviews_changed(tx, row.product_id).await?;
    Ok(row.shop_id)
}

fn summary_of(row: Option<db::SummaryRow>) -> ReviewSummary {
    let r = row.unwrap_or_default();
    ReviewSummary {
        count: r.review_count,
        sum: r.rating_sum,
        stars: [r.star1, r.star2, r.star3, r.star4, r.star5],
        with_photos: r.with_photos,
        with_follow_ups: r.with_follow_ups,
    }
}

/// The stored aggregates of a product.
pub async fn summary(conn: &mut Conn, product_id: i64) -> Result<ReviewSummary, AppError> {
    Ok(summary_of(db::summary(conn, product_id).await?))
}

/// The same aggregates counted from the reviews (consistency checks).
pub async fn recount(conn: &mut Conn, product_id: i64) -> Result<ReviewSummary, AppError> {
    Ok(summary_of(Some(db::recount(conn, product_id).await?)))
}

/// A shop's stored scores and their recount (consistency checks):
/// (count, described, service, delivery sums) each.
pub async fn shop_score_and_recount(conn: &mut Conn, shop_id: i64) -> Result<[(i64, i64, i64, i64); 2], AppError> {
    Ok([
        db::shop_score(conn, shop_id).await?,
        db::recount_shop_score(conn, shop_id).await?,
    ])
}

fn photo(key: &str, width: i64, height: i64) -> ReviewPhoto {
    ReviewPhoto {
        thumb_url: crate::media::url_for(&crate::media::thumbnail_key(key, 240)),
        url: crate::media::url_for(key),
        width,
        height,
    }
}

/// Photos as a card stores them (`[[key, width, height]]`).
fn photos_from_json(json: &str) -> Vec<ReviewPhoto> {
    serde_json::from_str::<Vec<(String, i64, i64)>>(json)
        .unwrap_or_default()
        .iter()
        .map(|(key, w, h)| photo(key, *w, *h))
        .collect()
}

/// A published review as the public sees it, from its one row.
fn view_of(r: db::ShownRow) -> ReviewView {
    let first_at = r.submitted_at.unwrap_or(0);
    let follow_up = r.follow_up_body.map(|body| FollowUpView {
        days_later: (r.follow_up_at.unwrap_or(first_at) - first_at).max(0) / 86_400_000,
        photos: photos_from_json(r.follow_up_photos.as_deref().unwrap_or("[]")),
        body,
    });
    ReviewView {
        review_id: r.review_id,
        author: r.author_name,
        rating: r.rating.unwrap_or(0),
        body: r.body,
        options: serde_json::from_str(&r.options_json).unwrap_or_default(),
        photos: photos_from_json(&r.photos_json),
        helpful_count: r.helpful_count,
        published_at: r.published_at.unwrap_or(0),
        follow_up,
        reply: r.reply,
    }
}

/// The page of a product's reviews an address asks for (its parameters
/// read leniently: anything unknown is the default).
pub async fn asked_reviews(
    conn: &mut Conn,
    viewer_id: Option<i64>,
    product_id: i64,
    asked: &ReviewsAsk,
) -> Result<ProductReviews, AppError> {
    let filter = ReviewFilter::parse(asked.filter.as_deref().unwrap_or_default());
    let sort = ReviewSort::parse(asked.sort.as_deref().unwrap_or_default());
    product_reviews(conn, viewer_id, product_id, filter, sort, asked.page.unwrap_or(1)).await
}

/// The product page's Reviews section: the stored summary, one page of
/// published reviews in the chosen filter and order, and the viewer's votes.
pub async fn product_reviews(
    conn: &mut Conn,
    viewer_id: Option<i64>,
    product_id: i64,
    filter: ReviewFilter,
    sort: ReviewSort,
    page: i64,
) -> Result<ProductReviews, AppError> {
    // Fixed SQL per filter: nothing typed reaches the statement.
    let condition = match filter {
        ReviewFilter::All => String::new(),
        ReviewFilter::WithPhotos => "and r.photo_count > 0".into(),
        ReviewFilter::FollowUps => "and r.follow_up_shown = 1".into(),
        ReviewFilter::Stars(n) => format!("and r.rating = {}", n.clamp(1, 5)),
    };
    let query = db::PageQuery {
        product_id,
        viewer: viewer_id.unwrap_or(0),
        filter: &condition,
        helpful_first: sort == ReviewSort::Helpful,
    };
    let page_of = |p: i64| (p.max(1) - 1) * REVIEWS_PER_PAGE;
    // The page asked for, with the summary on its rows: one statement.
    let mut rows = db::shown_page(conn, &query, REVIEWS_PER_PAGE, page_of(page)).await?;
    let summary = match rows.first() {
        Some(row) => summary_of(Some(row.summary)),
        // Nothing there (no reviews in this filter, or past the last page).
        None => summary(conn, product_id).await?,
    };
    let total = match filter {
        ReviewFilter::All => summary.count,
        ReviewFilter::WithPhotos => summary.with_photos,
        ReviewFilter::FollowUps => summary.with_follow_ups,
        ReviewFilter::Stars(n) => summary.stars[(n.clamp(1, 5) - 1) as usize],
    };
    let pages = ((total + REVIEWS_PER_PAGE - 1) / REVIEWS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    if rows.is_empty() && total > 0 {
        rows = db::shown_page(conn, &query, REVIEWS_PER_PAGE, page_of(page)).await?;
    }
    let voted = rows
        .iter()
        .filter(|r| r.voted == 1)
        .map(|r| r.shown.review_id)
        .collect();
    let reviews = rows.into_iter().map(|r| view_of(r.shown)).collect();
    Ok(ProductReviews {
        summary,
        filter,
        sort,
        page,
        pages,
        reviews,
        voted,
    })
}

/// One published review as the report page shows it, with its product.
pub async fn published_review(conn: &mut Conn, review_id: i64) -> Result<ReportPage, AppError> {
    let row = db::shown_review(conn, review_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let product_id = row.product_id;
    let product_title = crate::catalog::service::titles(conn, &[product_id])
        .await?
        .remove(&product_id)
        .unwrap_or_default();
    Ok(ReportPage {
        product_id,
        product_title,
        review: view_of(row),
    })
}

fn x10(sum: i64, count: i64) -> i64 {
    crate::catalog::model::rating_x10(sum, count)
}

/// A shop's three scores beside the platform's.
pub async fn shop_scores(conn: &mut Conn, shop_id: i64) -> Result<ShopScores, AppError> {
    let (n, d, s, v) = db::shop_score(conn, shop_id).await?;
    let (pn, pd, ps, pv) = db::shop_score(conn, 0).await?;
    Ok(ShopScores {
        count: n,
        described_x10: x10(d, n),
        service_x10: x10(s, n),
        delivery_x10: x10(v, n),
        platform_described_x10: x10(pd, pn),
        platform_service_x10: x10(ps, pn),
        platform_delivery_x10: x10(pv, pn),
    })
}

/// The operator's queue: waiting reviews, oldest first, with why the rules
/// held each back and its photos.
pub async fn queue(conn: &mut Conn, page: i64) -> Result<ReviewQueue, AppError> {
    let waiting = db::count_pending(conn).await?;
    let pages = ((waiting + QUEUE_PAGE - 1) / QUEUE_PAGE).max(1);
    let page = page.clamp(1, pages);
    let rows = db::queue(conn, QUEUE_PAGE, (page - 1) * QUEUE_PAGE).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.review_id).collect();
    let mut photos = photos_by_review(db::photos_of(conn, &ids).await?);
    let mut product_ids: Vec<i64> = rows.iter().map(|r| r.product_id).collect();
    product_ids.sort_unstable();
    product_ids.dedup();
    let titles = crate::catalog::service::titles(conn, &product_ids).await?;
    let mut shop_ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    shop_ids.sort_unstable();
    shop_ids.dedup();
    let shops = crate::merchants::service::shop_names(conn, &shop_ids).await?;
    let reviews = rows
        .into_iter()
        .map(|r| QueuedReview {
            review_id: r.review_id,
            product_id: r.product_id,
            product_title: titles.get(&r.product_id).cloned().unwrap_or_default(),
            shop_name: shops.get(&r.shop_id).cloned().unwrap_or_default(),
            author: r.author_name.clone(),
            is_follow_up: r.parent_id.is_some(),
            rating: r.rating,
            photos: photos.remove(&r.review_id).unwrap_or_default(),
            flags: Flag::split(&r.flags),
            report_count: r.report_count,
            submitted_at: r.submitted_at.unwrap_or(0),
            body: r.body,
        })
        .collect();
    Ok(ReviewQueue {
        reviews,
        waiting,
        page,
        pages,
    })
}

/// A shop's published reviews for its Reviews page (the caller checked
/// the viewer acts for the shop).
pub async fn shop_reviews(conn: &mut Conn, shop_id: i64, page: i64) -> Result<ShopReviews, AppError> {
    let total = db::count_shop_reviews(conn, shop_id).await?;
    let pages = ((total + REVIEWS_PER_PAGE - 1) / REVIEWS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let rows = db::shop_reviews(conn, shop_id, REVIEWS_PER_PAGE, (page - 1) * REVIEWS_PER_PAGE).await?;
    let mut product_ids: Vec<i64> = rows.iter().map(|r| r.product_id).collect();
    product_ids.sort_unstable();
    product_ids.dedup();
    let titles = crate::catalog::service::titles(conn, &product_ids).await?;
    let shop_name = crate::merchants::service::shop_names(conn, &[shop_id])
        .await?
        .remove(&shop_id)
        .unwrap_or_default();
    let reviews = rows
        .into_iter()
        .map(|row| ShopReview {
            review_id: row.review_id,
            product_id: row.product_id,
            product_title: titles.get(&row.product_id).cloned().unwrap_or_default(),
            view: view_of(row),
        })
        .collect();
    Ok(ShopReviews {
        shop_id,
        shop_name,
        reviews,
        page,
        pages,
    })
}
