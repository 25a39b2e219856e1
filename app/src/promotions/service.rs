//! Promotion use cases: claiming coupons (safe under any concurrency), the
//! wallet, what pages and checkouts see running now, and the merchants' and
//! operators' coupons, 满减 and events with their life (pause, resume, end).

use super::db::{self, ClaimRow, CouponRow, NewCoupon, OfferRow};
use super::domain::{
    parse_china_time, parse_code, parse_tiers, parse_yuan, CouponValue, Priced, SpendOffer, SpendRule, WalletCoupon,
};
use super::model::{
    CouponView, OfferView, PlatformPromotions, PromoStatus, SellerPromotions, ShopPromotions, Usage, WalletEntry,
    WalletState,
};
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::server::audit::{self, AuditEntry};
use crate::server::{Conn, Tx};
use crate::storefront::model::Change;
use std::collections::HashMap;

/// The job kind that refreshes storefront pages when a promotion's window
/// opens or closes (subject: the coupon or offer, signed: offers negative).
pub const EDGE_JOB: &str = "promotion_edge";

fn value_of(row: &CouponRow) -> CouponValue {
    if row.kind == "percent" {
        CouponValue::Percent {
            percent: row.percent_off,
            cap_minor: row.cap_minor,
        }
    } else {
        CouponValue::Amount(row.amount_minor)
    }
}

fn category_ids(text: &str) -> Vec<i64> {
    text.split(',').filter_map(|p| p.trim().parse().ok()).collect()
}

fn coupon_view(row: CouponRow, mine: i64, owner: bool, now: i64, shop_names: &HashMap<i64, String>) -> CouponView {
    CouponView {
        coupon_id: row.coupon_id,
        shop_id: row.shop_id,
        shop_name: row.shop_id.and_then(|id| shop_names.get(&id).cloned()),
        title: row.title.clone(),
        value: value_of(&row),
        min_spend_minor: row.min_spend_minor,
        categories: Vec::new(),
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        status: PromoStatus::at(&row.status, row.starts_at, row.ends_at, now),
        total_quantity: row.total_quantity,
        claimed: row.claimed,
        per_person: row.per_person,
        mine,
        code: if owner { row.code } else { None },
        listed: row.listed == 1,
    }
}

fn offer_view(row: &OfferRow, joined: bool, now: i64) -> Option<OfferView> {
    Some(OfferView {
        offer_id: row.offer_id,
        shop_id: row.shop_id,
        title: row.title.clone(),
        rule: SpendRule::from_text(&row.rule)?,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        status: PromoStatus::at(&row.status, row.starts_at, row.ends_at, now),
        joined,
    })
}

async fn shop_names(conn: &mut Conn, ids: impl Iterator<Item = Option<i64>>) -> Result<HashMap<i64, String>, AppError> {
    let mut ids: Vec<i64> = ids.flatten().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(crate::merchants::service::shops_by_ids(conn, &ids)
        .await?
        .into_iter()
        .map(|s| (s.shop_id, s.name))
        .collect())
}

/// Claims one unit of a coupon for a person: exactly as many claims as
/// units succeed however many ask at once (one guarded update takes a
/// unit), and nobody holds more than the per-person limit (the unique key
/// on their claim number). Code-only coupons are claimed by their code.
#[tracing::instrument(skip(tx))]
pub async fn claim(tx: &mut Tx, user_id: i64, coupon_id: i64, by_code: bool, now: i64) -> Result<i64, AppError> {
    let coupon = db::coupon(&mut **tx, coupon_id)
        .await?
        .filter(|c| c.listed == 1 || by_code)
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    match PromoStatus::at(&coupon.status, coupon.starts_at, coupon.ends_at, now) {
        PromoStatus::Running => {}
        PromoStatus::Scheduled => return Err(AppError::new(ErrorCode::CouponNotStarted)),
        PromoStatus::Paused | PromoStatus::Ended => return Err(AppError::new(ErrorCode::CouponGone)),
    }
    // The unit first: its guarded update also locks the coupon's row until
    // this transaction ends, so claims of one coupon take turns and the
    // count below sees every claim committed before. (A refusal below
    // rolls the unit back with the transaction.)
    if db::take_unit(&mut **tx, coupon_id, now).await? == 0 {
        return Err(AppError::new(ErrorCode::CouponGone));
    }
    let held = db::claims_of(&mut **tx, coupon_id, user_id).await?;
    if held >= coupon.per_person {
        return Err(AppError::new(ErrorCode::CouponLimitReached));
    }
    match db::insert_claim(&mut **tx, coupon_id, user_id, held + 1, now).await {
        Ok(id) => Ok(id),
        // The unique key is the limit's last word, whatever the isolation.
        Err(e) if crate::server::db::is_unique_violation(&e) => Err(AppError::new(ErrorCode::CouponLimitReached)),
        Err(e) => Err(e.into()),
    }
}

/// The Coupon code field at checkout: claims the coupon the code names into
/// the wallet (a code already claimed and still usable is fine as it is).
pub async fn claim_code(tx: &mut Tx, user_id: i64, raw: &str, now: i64) -> Result<(), AppError> {
    let code = parse_code(raw).map_err(|c| AppError::field("coupon", c))?;
    let coupon = db::coupon_by_code(&mut **tx, &code)
        .await?
        .ok_or_else(|| AppError::field("coupon", ErrorCode::CouponInvalid))?;
    let usable = db::usable(&mut **tx, user_id, now).await?;
    if usable.iter().any(|c| c.coupon.coupon_id == coupon.coupon_id) {
        return Ok(());
    }
    claim(tx, user_id, coupon.coupon_id, true, now)
        .await
        .map(|_| ())
        .map_err(|e| match e.code {
            ErrorCode::Internal | ErrorCode::Busy => e,
            ErrorCode::NotFound => AppError::field("coupon", ErrorCode::CouponInvalid),
            code => AppError::field("coupon", code),
        })
}

/// My coupons: usable ones first (soonest to expire first), then not yet
/// open, used and expired.
pub async fn wallet(conn: &mut Conn, user_id: i64, now: i64) -> Result<Vec<WalletEntry>, AppError> {
    let rows = db::wallet(&mut *conn, user_id, 200).await?;
    let names = shop_names(conn, rows.iter().map(|r| r.coupon.shop_id)).await?;
    let mut entries: Vec<WalletEntry> = rows
        .into_iter()
        .map(|r: ClaimRow| {
            let status = PromoStatus::at(&r.coupon.status, r.coupon.starts_at, r.coupon.ends_at, now);
            let state = match (r.claim_status.as_str(), status) {
                ("used", _) => WalletState::Used,
                (_, PromoStatus::Ended) => WalletState::Expired,
                (_, PromoStatus::Scheduled) => WalletState::NotYet,
                _ => WalletState::Usable,
            };
            WalletEntry {
                claim_id: r.claim_id,
                state,
                used_at: r.used_at,
                claimed_at: r.claimed_at,
                coupon: coupon_view(r.coupon, 0, false, now, &names),
            }
        })
        .collect();
    let rank = |s: WalletState| match s {
        WalletState::Usable => 0,
        WalletState::NotYet => 1,
        WalletState::Used => 2,
        WalletState::Expired => 3,
    };
    entries.sort_by_key(|e| {
        (
            rank(e.state),
            if e.state == WalletState::Usable {
                e.coupon.ends_at
            } else {
                -e.claimed_at
            },
        )
    });
    Ok(entries)
}

/// The coupon centre: listed coupons open for claiming, platform coupons
/// first, with how many the viewer holds.
pub async fn coupon_centre(conn: &mut Conn, viewer: Option<i64>, now: i64) -> Result<Vec<CouponView>, AppError> {
    let rows = db::claimable(&mut *conn, None, now, 100).await?;
    with_mine(conn, rows, viewer, now).await
}

async fn with_mine(
    conn: &mut Conn,
    rows: Vec<CouponRow>,
    viewer: Option<i64>,
    now: i64,
) -> Result<Vec<CouponView>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.coupon_id).collect();
    let mine: HashMap<i64, i64> = match viewer {
        Some(user_id) => db::claim_counts(&mut *conn, user_id, &ids).await?.into_iter().collect(),
        None => HashMap::new(),
    };
    let names = shop_names(conn, rows.iter().map(|r| r.shop_id)).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let held = mine.get(&r.coupon_id).copied().unwrap_or(0);
            coupon_view(r, held, false, now, &names)
        })
        .collect())
}

/// What a shop's product and shop pages show now: its coupons open for
/// claiming and its 满减 and the platform events it joined, the same for
/// every viewer (pages that show it are shared). Also when that changes
/// next on its own (a window opening or closing), so a kept copy knows
/// when to go.
pub async fn shop_promotions(conn: &mut Conn, shop_id: i64, now: i64) -> Result<(ShopPromotions, i64), AppError> {
    let rows = db::claimable(&mut *conn, Some(shop_id), now, 12).await?;
    let mut next_edge = rows.iter().map(|r| r.ends_at).min().unwrap_or(i64::MAX);
    let coupons = with_mine(conn, rows, None, now).await?;
    let offers: Vec<OfferView> = db::running_offers(&mut *conn, &[shop_id], now)
        .await?
        .iter()
        .filter_map(|(row, joined)| {
            next_edge = next_edge.min(row.ends_at);
            offer_view(row, joined.is_some(), now)
        })
        .collect();
    // A coupon or offer opening later also changes the page then.
    let opening = db::next_opening(&mut *conn, shop_id, now).await?;
    Ok((
        ShopPromotions { coupons, offers },
        next_edge.min(opening.unwrap_or(i64::MAX)),
    ))
}

/// What a checkout may use now: the shops' 满减 and the events they joined,
/// and the person's usable coupons.
pub async fn for_checkout(
    conn: &mut Conn,
    user_id: i64,
    shop_ids: &[i64],
    now: i64,
) -> Result<(Vec<SpendOffer>, Vec<WalletCoupon>), AppError> {
    let mut offers: Vec<SpendOffer> = Vec::new();
    for (row, joined) in db::running_offers(&mut *conn, shop_ids, now).await? {
        let Some(rule) = SpendRule::from_text(&row.rule) else {
            continue;
        };
        match (row.shop_id, joined) {
            (Some(_), _) => offers.push(SpendOffer {
                offer_id: row.offer_id,
                title: row.title,
                shop_id: row.shop_id,
                rule,
                shops: Vec::new(),
            }),
            (None, Some(shop)) => match offers
                .iter_mut()
                .find(|o| o.shop_id.is_none() && o.offer_id == row.offer_id)
            {
                Some(event) => event.shops.push(shop),
                None => offers.push(SpendOffer {
                    offer_id: row.offer_id,
                    title: row.title,
                    shop_id: None,
                    rule,
                    shops: vec![shop],
                }),
            },
            (None, None) => {}
        }
    }
    let wallet = db::usable(&mut *conn, user_id, now)
        .await?
        .into_iter()
        .map(|r| WalletCoupon {
            claim_id: r.claim_id,
            coupon_id: r.coupon.coupon_id,
            title: r.coupon.title.clone(),
            shop_id: r.coupon.shop_id,
            value: value_of(&r.coupon),
            min_spend_minor: r.coupon.min_spend_minor,
            categories: category_ids(&r.coupon.category_ids),
            ends_at: r.coupon.ends_at,
        })
        .collect();
    Ok((offers, wallet))
}

/// Uses the coupons a priced placing chose, each exactly once: a coupon
/// another tab used a moment ago fails this placing (the caller's
/// transaction rolls back and the shopper sees the checkout again).
pub async fn use_coupons(
    tx: &mut Tx,
    user_id: i64,
    checkout_id: i64,
    priced: &Priced,
    now: i64,
) -> Result<(), AppError> {
    let claims = priced
        .shops
        .iter()
        .filter_map(|s| s.coupon_claim)
        .chain(priced.platform_claim);
    for claim_id in claims {
        if db::use_claim(&mut **tx, claim_id, user_id, checkout_id, now).await? == 0 {
            return Err(AppError::new(ErrorCode::CouponUsed));
        }
    }
    Ok(())
}

/// Gives back the coupons a placing used: every order of it was cancelled
/// before it was paid.
pub async fn return_coupons(tx: &mut Tx, checkout_id: i64, now: i64) -> Result<u64, AppError> {
    Ok(db::release_claims(&mut **tx, checkout_id, now).await?)
}

/// A coupon form as typed.
#[derive(Clone, Debug, Default)]
pub struct CouponInput {
    pub title: String,
    /// "amount" or "percent"
    pub kind: String,
    /// Yuan off (amount) or the percentage (percent).
    pub value: String,
    /// Yuan: the most a percentage takes off.
    pub cap: String,
    pub min_spend: String,
    pub starts_at: String,
    pub ends_at: String,
    pub quantity: String,
    pub per_person: String,
    pub code: String,
    /// Platform coupons: a category slug ("" for every category).
    pub category: String,
    pub code_only: bool,
}

impl CouponInput {
    fn echo(&self) -> Vec<(&str, &str)> {
        vec![
            ("title", &self.title),
            ("kind", &self.kind),
            ("value", &self.value),
            ("cap", &self.cap),
            ("min_spend", &self.min_spend),
            ("starts_at", &self.starts_at),
            ("ends_at", &self.ends_at),
            ("quantity", &self.quantity),
            ("per_person", &self.per_person),
            ("code", &self.code),
            ("category", &self.category),
        ]
    }
}

pub(super) fn title_of(raw: &str) -> Result<String, ErrorCode> {
    let title = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    match title.chars().count() {
        0 => Err(ErrorCode::Required),
        1..=40 if !title.chars().any(char::is_control) => Ok(title),
        _ => Err(ErrorCode::PromoTitleInvalid),
    }
}

pub(super) fn window_of(errors: &mut FieldErrors, starts: &str, ends: &str, now: i64) -> Option<(i64, i64)> {
    let starts_at = match starts.trim() {
        "" => Some(now),
        s => errors.check("starts_at", parse_china_time(s).ok_or(ErrorCode::TimeInvalid)),
    };
    let ends_at = errors.check("ends_at", parse_china_time(ends).ok_or(ErrorCode::TimeInvalid));
    let (starts_at, ends_at) = (starts_at?, ends_at?);
    if ends_at <= starts_at.max(now) {
        errors.push("ends_at", ErrorCode::EndsBeforeStart);
        return None;
    }
    if ends_at - starts_at > 366 * 86_400_000 {
        errors.push("ends_at", ErrorCode::WindowTooLong);
        return None;
    }
    Some((starts_at, ends_at))
}

/// A promotion's SKU (one of the shop's, on sale) and its promotional
/// price in yuan, below the SKU's own (`not_lower` says so otherwise);
/// each problem is pushed at its field.
pub(super) async fn sku_below_its_price(
    tx: &mut Tx,
    errors: &mut FieldErrors,
    shop_id: i64,
    raw_sku: &str,
    raw_price: &str,
    not_lower: ErrorCode,
) -> Result<(Option<crate::catalog::service::SkuLine>, Option<i64>), AppError> {
    let sku = match raw_sku.trim().parse::<i64>() {
        Ok(id) => crate::catalog::service::lines_for(tx, &[id])
            .await?
            .remove(&id)
            .filter(|s| s.shop_id == shop_id && s.live),
        Err(_) => None,
    };
    if sku.is_none() {
        errors.push("sku_id", ErrorCode::Required);
    }
    let price = errors.check(
        "price",
        super::domain::parse_yuan(raw_price)
            .filter(|p| *p > 0)
            .ok_or(ErrorCode::AmountInvalid),
    );
    if let (Some(p), Some(s)) = (price, &sku) {
        if p >= s.price_minor {
            errors.push("price", not_lower);
        }
    }
    Ok((sku, price))
}

pub(super) fn count_of(raw: &str, min: i64, max: i64) -> Result<i64, ErrorCode> {
    match raw.trim() {
        "" => Err(ErrorCode::Required),
        t => t
            .parse::<i64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or(ErrorCode::NumberOutOfRange),
    }
}

/// Creates a coupon: a shop's (`shop_id`) or the platform's. `category_ids`
/// is what the category slug covers (the caller looks it up).
#[tracing::instrument(skip(tx, input))]
pub async fn create_coupon(
    tx: &mut Tx,
    actor: i64,
    shop_id: Option<i64>,
    input: &CouponInput,
    category_ids: Option<Vec<i64>>,
    now: i64,
) -> Result<i64, AppError> {
    let mut errors = FieldErrors::default();
    let title = errors.check("title", title_of(&input.title));
    let percent = input.kind == "percent";
    let value = if percent {
        errors.check("value", count_of(&input.value, 1, 90))
    } else {
        errors.check(
            "value",
            parse_yuan(&input.value)
                .filter(|v| *v > 0)
                .ok_or(ErrorCode::AmountInvalid),
        )
    };
    let cap = match input.cap.trim() {
        "" => Some(None),
        c => errors.check(
            "cap",
            parse_yuan(c)
                .filter(|v| *v > 0)
                .map(Some)
                .ok_or(ErrorCode::AmountInvalid),
        ),
    };
    let min_spend = match input.min_spend.trim() {
        "" => Some(0),
        m => errors.check("min_spend", parse_yuan(m).ok_or(ErrorCode::AmountInvalid)),
    };
    if let (false, Some(v), Some(m)) = (percent, value, min_spend) {
        // "满100减100" is a gift, not a coupon: the amount stays below the minimum.
        if m > 0 && v >= m {
            errors.push("value", ErrorCode::CouponOverMinimum);
        }
    }
    let window = window_of(&mut errors, &input.starts_at, &input.ends_at, now);
    let quantity = errors.check("quantity", count_of(&input.quantity, 1, 1_000_000));
    let per_person = match input.per_person.trim() {
        "" => Some(1),
        p => errors.check("per_person", count_of(p, 1, 10)),
    };
    let code = match input.code.trim() {
        "" => Some(None),
        c => errors.check("code", parse_code(c).map(Some)),
    };
    if shop_id.is_none() && !input.category.trim().is_empty() && category_ids.is_none() {
        errors.push("category", ErrorCode::CategoryInvalid);
    }
    if input.code_only && matches!(code, Some(None)) {
        errors.push("code", ErrorCode::Required);
    }
    let (
        Some(title),
        Some(value),
        Some(cap),
        Some(min_spend),
        Some((starts_at, ends_at)),
        Some(quantity),
        Some(per_person),
        Some(code),
        true,
    ) = (
        title,
        value,
        cap,
        min_spend,
        window,
        quantity,
        per_person,
        code,
        errors.is_empty(),
    )
    else {
        return Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest))
            .echo(&input.echo()));
    };
    let categories = category_ids
        .unwrap_or_default()
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let row = NewCoupon {
        shop_id,
        title: &title,
        kind: if percent { "percent" } else { "amount" },
        amount_minor: if percent { 0 } else { value },
        percent_off: if percent { value } else { 0 },
        cap_minor: if percent { cap } else { None },
        min_spend_minor: min_spend,
        category_ids: &categories,
        starts_at,
        ends_at,
        total_quantity: quantity,
        per_person,
        code: code.as_deref(),
        listed: !input.code_only,
        created_by: actor,
    };
    let coupon_id = match db::insert_coupon(&mut **tx, &row, now).await {
        Ok(id) => id,
        Err(e) if crate::server::db::is_unique_violation(&e) => {
            return Err(AppError::field("code", ErrorCode::CouponCodeTaken).echo(&input.echo()))
        }
        Err(e) => return Err(e.into()),
    };
    record(
        tx,
        "coupon",
        coupon_id,
        "created",
        None,
        Some("active"),
        actor,
        shop_id.is_none(),
        "",
    )
    .await?;
    edges_changed(tx, shop_id, -1, coupon_id, starts_at, ends_at, now).await?;
    Ok(coupon_id)
}

/// A 满减 form as typed: tiers ("199-20, 399-50") for a shop, or a step
/// for an event ("每满 300 减 40").
#[derive(Clone, Debug, Default)]
pub struct OfferInput {
    pub title: String,
    pub tiers: String,
    pub step: String,
    pub off: String,
    pub cap: String,
    pub starts_at: String,
    pub ends_at: String,
}

impl OfferInput {
    fn echo(&self) -> Vec<(&str, &str)> {
        vec![
            ("title", &self.title),
            ("tiers", &self.tiers),
            ("step", &self.step),
            ("off", &self.off),
            ("cap", &self.cap),
            ("starts_at", &self.starts_at),
            ("ends_at", &self.ends_at),
        ]
    }
}

/// Creates a shop's tiered 满减 (`shop_id`) or a platform event (每满).
#[tracing::instrument(skip(tx, input))]
pub async fn create_offer(
    tx: &mut Tx,
    actor: i64,
    shop_id: Option<i64>,
    input: &OfferInput,
    now: i64,
) -> Result<i64, AppError> {
    let mut errors = FieldErrors::default();
    let title = errors.check("title", title_of(&input.title));
    let rule = match shop_id {
        Some(_) => errors.check("tiers", parse_tiers(&input.tiers)),
        None => {
            let step = errors.check(
                "step",
                parse_yuan(&input.step)
                    .filter(|v| *v > 0)
                    .ok_or(ErrorCode::AmountInvalid),
            );
            let off = errors.check(
                "off",
                parse_yuan(&input.off)
                    .filter(|v| *v > 0)
                    .ok_or(ErrorCode::AmountInvalid),
            );
            let cap = match input.cap.trim() {
                "" => Some(None),
                c => errors.check(
                    "cap",
                    parse_yuan(c)
                        .filter(|v| *v > 0)
                        .map(Some)
                        .ok_or(ErrorCode::AmountInvalid),
                ),
            };
            match (step, off, cap) {
                (Some(step), Some(off), Some(cap)) if off < step => Some(SpendRule::Every {
                    step_minor: step,
                    off_minor: off,
                    cap_minor: cap,
                }),
                (Some(_), Some(_), Some(_)) => {
                    errors.push("off", ErrorCode::CouponOverMinimum);
                    None
                }
                _ => None,
            }
        }
    };
    let window = window_of(&mut errors, &input.starts_at, &input.ends_at, now);
    let (Some(title), Some(rule), Some((starts_at, ends_at)), true) = (title, rule, window, errors.is_empty()) else {
        return Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest))
            .echo(&input.echo()));
    };
    let offer_id = db::insert_offer(
        &mut **tx,
        shop_id,
        &title,
        &rule.to_text(),
        starts_at,
        ends_at,
        actor,
        now,
    )
    .await?;
    record(
        tx,
        "spend_offer",
        offer_id,
        "created",
        None,
        Some("active"),
        actor,
        shop_id.is_none(),
        "",
    )
    .await?;
    edges_changed(tx, shop_id, 1, offer_id, starts_at, ends_at, now).await?;
    Ok(offer_id)
}

/// What a merchant or operator does to a running promotion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromoAction {
    Pause,
    Resume,
    End,
}

impl PromoAction {
    pub fn parse(raw: &str) -> Option<PromoAction> {
        match raw {
            "pause" => Some(PromoAction::Pause),
            "resume" => Some(PromoAction::Resume),
            "end" => Some(PromoAction::End),
            _ => None,
        }
    }

    /// The stored status moves it makes: (from, to). Ending works from
    /// active or paused; nothing leaves ended.
    pub(super) fn moves(self) -> &'static [(&'static str, &'static str)] {
        match self {
            PromoAction::Pause => &[("active", "paused")],
            PromoAction::Resume => &[("paused", "active")],
            PromoAction::End => &[("active", "ended"), ("paused", "ended")],
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            PromoAction::Pause => "paused",
            PromoAction::Resume => "resumed",
            PromoAction::End => "ended",
        }
    }
}

/// Pauses, resumes or ends a coupon of `shop_id` (`None`: the platform's).
pub async fn act_on_coupon(
    tx: &mut Tx,
    actor: i64,
    shop_id: Option<i64>,
    coupon_id: i64,
    action: PromoAction,
    now: i64,
) -> Result<(), AppError> {
    for (from, to) in action.moves() {
        if db::set_coupon_status(&mut **tx, coupon_id, shop_id.unwrap_or(0), from, to, now).await? == 1 {
            record(
                tx,
                "coupon",
                coupon_id,
                action.name(),
                Some(from),
                Some(to),
                actor,
                shop_id.is_none(),
                "",
            )
            .await?;
            if let Some(shop) = shop_id {
                crate::storefront::service::record(tx, Change::Promotions(shop)).await?;
            }
            return Ok(());
        }
    }
    Err(AppError::new(ErrorCode::PromoStatusChanged))
}

/// Pauses, resumes or ends a 满减 of `shop_id` (`None`: a platform event).
pub async fn act_on_offer(
    tx: &mut Tx,
    actor: i64,
    shop_id: Option<i64>,
    offer_id: i64,
    action: PromoAction,
    now: i64,
) -> Result<(), AppError> {
    for (from, to) in action.moves() {
        if db::set_offer_status(&mut **tx, offer_id, shop_id.unwrap_or(0), from, to, now).await? == 1 {
            record(
                tx,
                "spend_offer",
                offer_id,
                action.name(),
                Some(from),
                Some(to),
                actor,
                shop_id.is_none(),
                "",
            )
            .await?;
            offer_pages_changed(tx, offer_id).await?;
            return Ok(());
        }
    }
    Err(AppError::new(ErrorCode::PromoStatusChanged))
}

/// A shop joins or leaves a platform event not yet over.
pub async fn take_part(
    tx: &mut Tx,
    actor: i64,
    shop_id: i64,
    offer_id: i64,
    join: bool,
    now: i64,
) -> Result<(), AppError> {
    let event = db::offer(&mut **tx, offer_id)
        .await?
        .filter(|o| o.shop_id.is_none())
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if PromoStatus::at(&event.status, event.starts_at, event.ends_at, now) == PromoStatus::Ended {
        return Err(AppError::new(ErrorCode::PromoStatusChanged));
    }
    let changed = if join {
        db::join_event(&mut **tx, offer_id, shop_id, now).await?
    } else {
        db::leave_event(&mut **tx, offer_id, shop_id).await?
    };
    if changed > 0 {
        let detail = format!("shop {shop_id}");
        let action = if join { "shop_joined" } else { "shop_left" };
        record(tx, "spend_offer", offer_id, action, None, None, actor, false, &detail).await?;
        crate::storefront::service::record(tx, Change::Promotions(shop_id)).await?;
    }
    Ok(())
}

/// The pages of the shops an offer concerns show something new.
async fn offer_pages_changed(tx: &mut Tx, offer_id: i64) -> Result<(), AppError> {
    let shops = match db::offer(&mut **tx, offer_id).await?.and_then(|o| o.shop_id) {
        Some(shop) => vec![shop],
        None => db::event_shops(&mut **tx, offer_id).await?,
    };
    for shop in shops {
        crate::storefront::service::record(tx, Change::Promotions(shop)).await?;
    }
    Ok(())
}

/// A promotion was created: its shop's pages change now if it runs now, and
/// again when its window opens and closes (a scheduled job each time).
/// Coupons are `sign` −1, offers +1, so both fit one job kind.
async fn edges_changed(
    tx: &mut Tx,
    shop_id: Option<i64>,
    sign: i64,
    id: i64,
    starts_at: i64,
    ends_at: i64,
    now: i64,
) -> Result<(), AppError> {
    if let Some(shop) = shop_id {
        crate::storefront::service::record(tx, Change::Promotions(shop)).await?;
    }
    let due = if starts_at > now { starts_at } else { ends_at };
    crate::server::jobs::schedule(tx, EDGE_JOB, sign * id, due, now).await?;
    Ok(())
}

/// The job at a promotion's window edge: its pages change now; if the
/// window opened, the job comes back when it closes.
pub async fn at_edge(tx: &mut Tx, subject: i64, now: i64) -> Result<Option<i64>, AppError> {
    let (shops, ends_at) = if subject < 0 {
        match db::coupon(&mut **tx, -subject).await? {
            Some(c) => (c.shop_id.into_iter().collect::<Vec<_>>(), c.ends_at),
            None => return Ok(None),
        }
    } else {
        match db::offer(&mut **tx, subject).await? {
            Some(o) => (
                match o.shop_id {
                    Some(s) => vec![s],
                    None => db::event_shops(&mut **tx, subject).await?,
                },
                o.ends_at,
            ),
            None => return Ok(None),
        }
    };
    for shop in shops {
        crate::storefront::service::record(tx, Change::Promotions(shop)).await?;
    }
    Ok((ends_at > now).then_some(ends_at))
}

#[allow(clippy::too_many_arguments, reason = "one audit entry's fields")]
pub(super) async fn record(
    tx: &mut Tx,
    subject: &str,
    id: i64,
    action: &str,
    from: Option<&str>,
    to: Option<&str>,
    actor: i64,
    operator: bool,
    detail: &str,
) -> Result<(), AppError> {
    let entry = AuditEntry {
        subject,
        subject_id: id,
        action,
        from_status: from,
        to_status: to,
        actor_kind: if operator { "operator" } else { "merchant" },
        actor_id: Some(actor),
        reason: "",
        detail,
    };
    audit::record(tx, &entry, crate::server::now_ms()).await?;
    Ok(())
}

/// The seller portal's Promotions page for one shop.
pub async fn seller_view(conn: &mut Conn, shop_id: i64, now: i64) -> Result<SellerPromotions, AppError> {
    let names = HashMap::new();
    let coupons: Vec<CouponRow> = db::coupons_of(&mut *conn, Some(shop_id), 200).await?;
    let offers: Vec<OfferRow> = db::offers_of(&mut *conn, Some(shop_id), 200).await?;
    let coupon_use = crate::orders::service::discount_usage(
        conn,
        "shop_coupon",
        &coupons.iter().map(|c| c.coupon_id).collect::<Vec<_>>(),
    )
    .await?;
    let offer_use = crate::orders::service::discount_usage(
        conn,
        "shop_offer",
        &offers.iter().map(|o| o.offer_id).collect::<Vec<_>>(),
    )
    .await?;
    let events = db::open_events(&mut *conn, shop_id, now)
        .await?
        .iter()
        .filter_map(|(row, joined)| offer_view(row, *joined > 0, now))
        .collect();
    Ok(SellerPromotions {
        shop_id,
        coupons: coupons
            .into_iter()
            .map(|c| {
                let usage = coupon_use.get(&c.coupon_id).copied().unwrap_or_default();
                (coupon_view(c, 0, true, now, &names), usage)
            })
            .collect(),
        offers: offers
            .iter()
            .filter_map(|o| {
                Some((
                    offer_view(o, false, now)?,
                    offer_use.get(&o.offer_id).copied().unwrap_or_default(),
                ))
            })
            .collect(),
        events,
    })
}

/// The console's Promotions page.
pub async fn platform_view(conn: &mut Conn, now: i64) -> Result<PlatformPromotions, AppError> {
    let names = HashMap::new();
    let coupons = db::coupons_of(&mut *conn, None, 200).await?;
    let events = db::offers_of(&mut *conn, None, 200).await?;
    let coupon_use = crate::orders::service::discount_usage(
        conn,
        "platform_coupon",
        &coupons.iter().map(|c| c.coupon_id).collect::<Vec<_>>(),
    )
    .await?;
    let event_use = crate::orders::service::discount_usage(
        conn,
        "platform_event",
        &events.iter().map(|o| o.offer_id).collect::<Vec<_>>(),
    )
    .await?;
    let shops: HashMap<i64, i64> = db::event_shop_counts(&mut *conn).await?.into_iter().collect();
    Ok(PlatformPromotions {
        coupons: coupons
            .into_iter()
            .map(|c| {
                let usage = coupon_use.get(&c.coupon_id).copied().unwrap_or_default();
                (coupon_view(c, 0, true, now, &names), usage)
            })
            .collect(),
        events: events
            .iter()
            .filter_map(|o| {
                Some((
                    offer_view(o, false, now)?,
                    event_use.get(&o.offer_id).copied().unwrap_or_default(),
                    shops.get(&o.offer_id).copied().unwrap_or(0),
                ))
            })
            .collect(),
    })
}

/// Usage as the orders domain counts it.
pub type UsageBySource = HashMap<i64, Usage>;
