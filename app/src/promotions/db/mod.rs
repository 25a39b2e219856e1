//! Every SQL statement of promotions: coupon, coupon_claim, spend_offer
//! and spend_offer_shop here, flash sales below, group buying in `group`.

pub mod group;

use crate::server::db::placeholders;
use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct CouponRow {
    pub coupon_id: i64,
    pub shop_id: Option<i64>,
    pub title: String,
    pub kind: String,
    pub amount_minor: i64,
    pub percent_off: i64,
    pub cap_minor: Option<i64>,
    pub min_spend_minor: i64,
    pub category_ids: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub total_quantity: i64,
    pub claimed: i64,
    pub per_person: i64,
    pub code: Option<String>,
    pub listed: i64,
    pub status: String,
}

const COUPON: &str = "select coupon_id, shop_id, title, kind, amount_minor, percent_off, cap_minor, min_spend_minor,
    category_ids, starts_at, ends_at, total_quantity, claimed, per_person, code, listed, status from coupon";

/// A coupon's fields as stored.
pub struct NewCoupon<'a> {
    pub shop_id: Option<i64>,
    pub title: &'a str,
    pub kind: &'a str,
    pub amount_minor: i64,
    pub percent_off: i64,
    pub cap_minor: Option<i64>,
    pub min_spend_minor: i64,
    pub category_ids: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub total_quantity: i64,
    pub per_person: i64,
    pub code: Option<&'a str>,
    pub listed: bool,
    pub created_by: i64,
}

pub async fn insert_coupon<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    c: &NewCoupon<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into coupon (shop_id, title, kind, amount_minor, percent_off, cap_minor, min_spend_minor,
             category_ids, starts_at, ends_at, total_quantity, per_person, code, listed, status, created_by,
             created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'active', $15, $16, $16)
         returning coupon_id",
    )
    .bind(c.shop_id)
    .bind(c.title)
    .bind(c.kind)
    .bind(c.amount_minor)
    .bind(c.percent_off)
    .bind(c.cap_minor)
    .bind(c.min_spend_minor)
    .bind(c.category_ids)
    .bind(c.starts_at)
    .bind(c.ends_at)
    .bind(c.total_quantity)
    .bind(c.per_person)
    .bind(c.code)
    .bind(i64::from(c.listed))
    .bind(c.created_by)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn coupon<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    coupon_id: i64,
) -> Result<Option<CouponRow>, sqlx::Error> {
    sqlx::query_as(&format!("{COUPON} where coupon_id = $1"))
        .bind(coupon_id)
        .fetch_optional(ex)
        .await
}

pub async fn coupon_by_code<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    code: &str,
) -> Result<Option<CouponRow>, sqlx::Error> {
    sqlx::query_as(&format!("{COUPON} where code = $1"))
        .bind(code)
        .fetch_optional(ex)
        .await
}

/// A shop's coupons (`Some`) or the platform's (`None`), newest first.
pub async fn coupons_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: Option<i64>,
    limit: i64,
) -> Result<Vec<CouponRow>, sqlx::Error> {
    let sql = format!("{COUPON} where coalesce(shop_id, 0) = $1 order by coupon_id desc limit $2");
    sqlx::query_as(&sql)
        .bind(shop_id.unwrap_or(0))
        .bind(limit)
        .fetch_all(ex)
        .await
}

/// Listed coupons open for claiming now: a shop's (`Some`) or every one
/// (`None`, the coupon centre), ending soonest first.
pub async fn claimable<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: Option<i64>,
    now: i64,
    limit: i64,
) -> Result<Vec<CouponRow>, sqlx::Error> {
    let open = "listed = 1 and status = 'active' and starts_at <= $1 and ends_at > $1 and claimed < total_quantity";
    let sql = match shop_id {
        Some(_) => format!("{COUPON} where shop_id = $2 and {open} order by ends_at, coupon_id limit $3"),
        None => format!(
            "{COUPON} where {open} and $2 = 0
             order by (case when shop_id is null then 0 else 1 end), ends_at, coupon_id limit $3"
        ),
    };
    sqlx::query_as(&sql)
        .bind(now)
        .bind(shop_id.unwrap_or(0))
        .bind(limit)
        .fetch_all(ex)
        .await
}

/// Takes one unit of a coupon open for claiming; 0 rows: none left, or
/// not open.
pub async fn take_unit<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    coupon_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update coupon set claimed = claimed + 1, updated_at = $2
         where coupon_id = $1 and status = 'active' and starts_at <= $2 and ends_at > $2
             and claimed < total_quantity",
    )
    .bind(coupon_id)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// How many of a coupon a person holds (used or not).
pub async fn claims_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    coupon_id: i64,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from coupon_claim where coupon_id = $1 and user_id = $2")
        .bind(coupon_id)
        .bind(user_id)
        .fetch_one(ex)
        .await
}

/// How many of each of `coupon_ids` a person holds.
pub async fn claim_counts<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    coupon_ids: &[i64],
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    if coupon_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select coupon_id, count(*) from coupon_claim where user_id = $1 and coupon_id in ({})
         group by coupon_id",
        placeholders(2, coupon_ids.len())
    );
    let mut q = sqlx::query_as(&sql).bind(user_id);
    for id in coupon_ids {
        q = q.bind(id);
    }
    q.fetch_all(ex).await
}

/// A new wallet entry; a unique violation means this person's `seq`-th
/// claim exists already (a concurrent claim took it).
pub async fn insert_claim<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    coupon_id: i64,
    user_id: i64,
    seq: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into coupon_claim (coupon_id, user_id, seq, status, created_at, updated_at)
         values ($1, $2, $3, 'usable', $4, $4) returning claim_id",
    )
    .bind(coupon_id)
    .bind(user_id)
    .bind(seq)
    .bind(now)
    .fetch_one(ex)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct ClaimRow {
    pub claim_id: i64,
    /// The claim's own status (the coupon's is `coupon.status`).
    pub claim_status: String,
    pub used_at: Option<i64>,
    pub claimed_at: i64,
    #[sqlx(flatten)]
    pub coupon: CouponRow,
}

const CLAIM: &str = "select k.claim_id, k.status as claim_status, k.used_at, k.created_at as claimed_at,
    c.coupon_id, c.shop_id, c.title, c.kind, c.amount_minor, c.percent_off, c.cap_minor, c.min_spend_minor,
    c.category_ids, c.starts_at, c.ends_at, c.total_quantity, c.claimed, c.per_person, c.code, c.listed, c.status
    from coupon_claim k join coupon c on c.coupon_id = k.coupon_id";

/// A person's wallet, newest claims first.
pub async fn wallet<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    limit: i64,
) -> Result<Vec<ClaimRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CLAIM} where k.user_id = $1 order by k.claim_id desc limit $2"
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// A person's claims usable now (not used, the coupon not ended, its
/// window open).
pub async fn usable<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    now: i64,
) -> Result<Vec<ClaimRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CLAIM} where k.user_id = $1 and k.status = 'usable' and c.status <> 'ended'
             and c.starts_at <= $2 and c.ends_at > $2
         order by c.ends_at, k.claim_id limit 50"
    ))
    .bind(user_id)
    .bind(now)
    .fetch_all(ex)
    .await
}

/// Uses a person's claim for a placing; 0 rows: used already (another tab),
/// not theirs, or no longer usable.
pub async fn use_claim<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    claim_id: i64,
    user_id: i64,
    checkout_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update coupon_claim set status = 'used', used_checkout_id = $3, used_at = $4, updated_at = $4
         where claim_id = $1 and user_id = $2 and status = 'usable'
             and exists (select 1 from coupon c where c.coupon_id = coupon_claim.coupon_id
                 and c.status <> 'ended' and c.starts_at <= $4 and c.ends_at > $4)",
    )
    .bind(claim_id)
    .bind(user_id)
    .bind(checkout_id)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Gives back the claims a placing used (its orders all cancelled unpaid).
pub async fn release_claims<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    checkout_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update coupon_claim set status = 'usable', used_checkout_id = null, used_at = null, updated_at = $2
         where used_checkout_id = $1 and status = 'used'",
    )
    .bind(checkout_id)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Moves a coupon from one stored status to another (guarded); a shop's
/// coupon only for that shop, the platform's only with `shop_id` 0.
pub async fn set_coupon_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    coupon_id: i64,
    shop_id: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update coupon set status = $4, updated_at = $5
         where coupon_id = $1 and coalesce(shop_id, 0) = $2 and status = $3",
    )
    .bind(coupon_id)
    .bind(shop_id)
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

#[derive(Clone, Debug, FromRow)]
pub struct OfferRow {
    pub offer_id: i64,
    pub shop_id: Option<i64>,
    pub title: String,
    pub rule: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
}

const OFFER: &str = "select offer_id, shop_id, title, rule, starts_at, ends_at, status from spend_offer";

#[expect(clippy::too_many_arguments, reason = "one argument per stored field")]
pub async fn insert_offer<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: Option<i64>,
    title: &str,
    rule: &str,
    starts_at: i64,
    ends_at: i64,
    created_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into spend_offer (shop_id, title, rule, starts_at, ends_at, status, created_by, created_at, updated_at)
         values ($1, $2, $3, $4, $5, 'active', $6, $7, $7) returning offer_id",
    )
    .bind(shop_id)
    .bind(title)
    .bind(rule)
    .bind(starts_at)
    .bind(ends_at)
    .bind(created_by)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn offer<'e, E: Executor<'e, Database = Any>>(ex: E, offer_id: i64) -> Result<Option<OfferRow>, sqlx::Error> {
    sqlx::query_as(&format!("{OFFER} where offer_id = $1"))
        .bind(offer_id)
        .fetch_optional(ex)
        .await
}

/// A shop's offers (`Some`) or the platform's events (`None`), newest first.
pub async fn offers_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: Option<i64>,
    limit: i64,
) -> Result<Vec<OfferRow>, sqlx::Error> {
    let sql = format!("{OFFER} where coalesce(shop_id, 0) = $1 order by offer_id desc limit $2");
    sqlx::query_as(&sql)
        .bind(shop_id.unwrap_or(0))
        .bind(limit)
        .fetch_all(ex)
        .await
}

/// Offers running now for any of `shop_ids`: their own, and the platform
/// events they joined, with the shop that joined (`joined_shop`).
pub async fn running_offers<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
    now: i64,
) -> Result<Vec<(OfferRow, Option<i64>)>, sqlx::Error> {
    #[derive(FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        offer: OfferRow,
        joined_shop: Option<i64>,
    }
    if shop_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = placeholders(2, shop_ids.len());
    let sql = format!(
        "select o.offer_id, o.shop_id, o.title, o.rule, o.starts_at, o.ends_at, o.status, null as joined_shop
             from spend_offer o
             where o.shop_id in ({list}) and o.status = 'active' and o.starts_at <= $1 and o.ends_at > $1
         union all
         select o.offer_id, o.shop_id, o.title, o.rule, o.starts_at, o.ends_at, o.status, j.shop_id as joined_shop
             from spend_offer o join spend_offer_shop j on j.offer_id = o.offer_id
             where o.shop_id is null and j.shop_id in ({list}) and o.status = 'active'
                 and o.starts_at <= $1 and o.ends_at > $1"
    );
    let mut q = sqlx::query_as::<_, Joined>(&sql).bind(now);
    for id in shop_ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(ex)
        .await?
        .into_iter()
        .map(|j| (j.offer, j.joined_shop))
        .collect())
}

/// Platform events not over: what a merchant may join, with whether the
/// shop has.
pub async fn open_events<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    now: i64,
) -> Result<Vec<(OfferRow, i64)>, sqlx::Error> {
    #[derive(FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        offer: OfferRow,
        joined: i64,
    }
    let rows: Vec<Joined> = sqlx::query_as(
        "select o.offer_id, o.shop_id, o.title, o.rule, o.starts_at, o.ends_at, o.status,
             (select count(*) from spend_offer_shop j where j.offer_id = o.offer_id and j.shop_id = $1) as joined
         from spend_offer o
         where o.shop_id is null and o.status <> 'ended' and o.ends_at > $2
         order by o.starts_at, o.offer_id limit 50",
    )
    .bind(shop_id)
    .bind(now)
    .fetch_all(ex)
    .await?;
    Ok(rows.into_iter().map(|j| (j.offer, j.joined)).collect())
}

/// How many shops joined each platform event.
pub async fn event_shop_counts<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("select offer_id, count(*) from spend_offer_shop group by offer_id")
        .fetch_all(ex)
        .await
}

pub async fn join_event<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    offer_id: i64,
    shop_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "insert into spend_offer_shop (offer_id, shop_id, created_at, updated_at) values ($1, $2, $3, $3)
         on conflict (offer_id, shop_id) do nothing",
    )
    .bind(offer_id)
    .bind(shop_id)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

pub async fn leave_event<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    offer_id: i64,
    shop_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("delete from spend_offer_shop where offer_id = $1 and shop_id = $2")
            .bind(offer_id)
            .bind(shop_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// The shops taking part in an event (to refresh their pages).
pub async fn event_shops<'e, E: Executor<'e, Database = Any>>(ex: E, offer_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("select shop_id from spend_offer_shop where offer_id = $1")
        .bind(offer_id)
        .fetch_all(ex)
        .await
}

pub async fn set_offer_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    offer_id: i64,
    shop_id: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update spend_offer set status = $4, updated_at = $5
         where offer_id = $1 and coalesce(shop_id, 0) = $2 and status = $3",
    )
    .bind(offer_id)
    .bind(shop_id)
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// When something of a shop's next opens after `now`: a listed coupon, its
/// own 满减, or an event it joined.
pub async fn next_opening<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "select min(t) from (
             select min(starts_at) as t from coupon
                 where shop_id = $1 and listed = 1 and status = 'active' and starts_at > $2
             union all
             select min(starts_at) as t from spend_offer
                 where shop_id = $1 and status = 'active' and starts_at > $2
             union all
             select min(o.starts_at) as t from spend_offer o join spend_offer_shop j on j.offer_id = o.offer_id
                 where j.shop_id = $1 and o.status = 'active' and o.starts_at > $2
         ) as edges",
    )
    .bind(shop_id)
    .bind(now)
    .fetch_one(ex)
    .await
}

// Flash sales.

#[derive(Clone, Debug, FromRow)]
pub struct SlotRow {
    pub slot_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

pub async fn insert_slot<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    title: &str,
    starts_at: i64,
    ends_at: i64,
    created_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into flash_slot (title, starts_at, ends_at, created_by, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5) returning slot_id",
    )
    .bind(title)
    .bind(starts_at)
    .bind(ends_at)
    .bind(created_by)
    .bind(now)
    .fetch_one(ex)
    .await
}

/// Slots not over yet, soonest first.
pub async fn open_slots<'e, E: Executor<'e, Database = Any>>(ex: E, now: i64) -> Result<Vec<SlotRow>, sqlx::Error> {
    sqlx::query_as(
        "select slot_id, title, starts_at, ends_at from flash_slot where ends_at > $1 order by starts_at, slot_id limit 100",
    )
    .bind(now)
    .fetch_all(ex)
    .await
}

pub async fn slot<'e, E: Executor<'e, Database = Any>>(ex: E, slot_id: i64) -> Result<Option<SlotRow>, sqlx::Error> {
    sqlx::query_as("select slot_id, title, starts_at, ends_at from flash_slot where slot_id = $1")
        .bind(slot_id)
        .fetch_optional(ex)
        .await
}

#[derive(Clone, Debug, FromRow)]
pub struct FlashItemRow {
    pub flash_item_id: i64,
    pub slot_id: i64,
    pub shop_id: i64,
    pub product_id: i64,
    pub sku_id: i64,
    pub flash_price_minor: i64,
    pub quantity: i64,
    pub sold: i64,
    pub per_account: i64,
    pub status: String,
    pub reason: String,
    pub slot_title: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

const FLASH_ITEM: &str = "select i.flash_item_id, i.slot_id, i.shop_id, i.product_id, i.sku_id, i.flash_price_minor,
    i.quantity, i.sold, i.per_account, i.status, i.reason, s.title as slot_title, s.starts_at, s.ends_at
    from flash_item i join flash_slot s on s.slot_id = i.slot_id";

/// A merchant's application of one SKU to a slot; a unique violation means
/// the SKU is in that slot already.
#[expect(clippy::too_many_arguments, reason = "one argument per stored field")]
pub async fn insert_flash_item<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    slot_id: i64,
    shop_id: i64,
    product_id: i64,
    sku_id: i64,
    price_minor: i64,
    quantity: i64,
    per_account: i64,
    created_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into flash_item (slot_id, shop_id, product_id, sku_id, flash_price_minor, quantity, per_account,
             status, created_by, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $9) returning flash_item_id",
    )
    .bind(slot_id)
    .bind(shop_id)
    .bind(product_id)
    .bind(sku_id)
    .bind(price_minor)
    .bind(quantity)
    .bind(per_account)
    .bind(created_by)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn flash_item<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
) -> Result<Option<FlashItemRow>, sqlx::Error> {
    sqlx::query_as(&format!("{FLASH_ITEM} where i.flash_item_id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// A shop's applications (`Some`), or every shop's in a status (the
/// console), newest first.
pub async fn flash_items<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: Option<i64>,
    status: Option<&str>,
    limit: i64,
) -> Result<Vec<FlashItemRow>, sqlx::Error> {
    let sql = format!(
        "{FLASH_ITEM} where ($1 = 0 or i.shop_id = $1) and ($2 = '' or i.status = $2)
         order by i.flash_item_id desc limit $3"
    );
    sqlx::query_as(&sql)
        .bind(shop_id.unwrap_or(0))
        .bind(status.unwrap_or(""))
        .bind(limit)
        .fetch_all(ex)
        .await
}

/// Approved items of slots not over: what the storefront shows and sells.
pub async fn live_flash_items<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    now: i64,
) -> Result<Vec<FlashItemRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{FLASH_ITEM} where i.status = 'approved' and s.ends_at > $1 order by s.starts_at, i.flash_item_id limit 2000"
    ))
    .bind(now)
    .fetch_all(ex)
    .await
}

/// Moves an item from one status to another (guarded), with a reason.
pub async fn set_flash_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    from: &str,
    to: &str,
    reason: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update flash_item set status = $3, reason = $4, updated_at = $5 where flash_item_id = $1 and status = $2",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(reason)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Locks a flash item for a batch of buys (PostgreSQL: the row; SQLite
/// holds its one write lock already) and reads how many units are left,
/// after every other server's committed buys. `None`: not on sale now.
pub async fn hold_flash_item<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "update flash_item set updated_at = $2
         where flash_item_id = $1 and status = 'approved'
             and exists (select 1 from flash_slot s where s.slot_id = flash_item.slot_id
                 and s.starts_at <= $2 and s.ends_at > $2)
         returning quantity - sold",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(ex)
    .await
}

/// Sells `n` units of a flash item, only if that many are left.
pub async fn sell_flash_units<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    n: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update flash_item set sold = sold + $2, updated_at = $3
         where flash_item_id = $1 and sold + $2 <= quantity",
    )
    .bind(id)
    .bind(n)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// How many units of a flash item each of these shoppers holds (those with
/// none are left out).
pub async fn flash_units_held<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    users: &[i64],
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select user_id, count(*) from flash_purchase where flash_item_id = $1 and user_id in ({})
         group by user_id",
        placeholders(2, users.len())
    );
    let mut query = sqlx::query_as(&sql).bind(id);
    for user in users {
        query = query.bind(*user);
    }
    query.fetch_all(ex).await
}

/// A unit bought: `(user_id, seq, order_id)` (seq: the buyer's 1st, 2nd …).
pub async fn insert_flash_purchases<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    bought: &[(i64, i64, i64)],
    now: i64,
) -> Result<(), sqlx::Error> {
    if bought.is_empty() {
        return Ok(());
    }
    const COLS: usize = 5;
    let values = crate::server::db::value_rows(bought.len(), COLS, true);
    let sql = format!(
        "insert into flash_purchase (flash_item_id, user_id, seq, order_id, created_at, updated_at) values {values}"
    );
    let mut query = sqlx::query(&sql);
    for &(user_id, seq, order_id) in bought {
        query = query.bind(id).bind(user_id).bind(seq).bind(order_id).bind(now);
    }
    query.execute(ex).await?;
    Ok(())
}

/// The units an order held: their items (to give back).
pub async fn release_flash_units<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("delete from flash_purchase where order_id = $1 returning flash_item_id")
        .bind(order_id)
        .fetch_all(ex)
        .await
}

pub async fn unsell_flash_unit<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update flash_item set sold = sold - 1, updated_at = $2 where flash_item_id = $1 and sold > 0")
            .bind(id)
            .bind(now)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}
