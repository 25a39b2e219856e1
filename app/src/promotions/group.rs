//! Group buying (拼团). A shop offers a SKU at a group price for N people.
//! A shopper starts a group by paying for one unit at that price; the
//! group opens when that payment lands, and its clock (the offer's hours,
//! 24 by default) starts. Others join from the group's shared page by
//! paying. When the N-th payment lands the group succeeds and its orders
//! go to the shop; when the clock runs out first, every member's order is
//! called off, the paid ones refunded whole, and the units go back.
//!
//! Races are settled in the database, on the group's row: a place is taken
//! by a guarded `seats < size` update (a group never takes more than its
//! size), and the last payment (`count_payment`) and the expiry
//! (`fail_group`) both require the group still open, so exactly one of
//! them wins. A payment that arrives after its group closed is refunded at
//! once. Until the group succeeds its orders are held from the shop (the
//! order's `held_for_group`), so nothing ships for a group that fails.

use super::db::group as db;
use super::model::{
    GroupNote, GroupOfferView, GroupPage, GroupPlace, GroupState, GroupUsage, PromoStatus, SellerGroups,
};
use super::service::{count_of, record, window_of, PromoAction};
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::orders::domain::OrderAction;
use crate::orders::model::Actor;
use crate::orders::service::JobOutcome;
use crate::server::{jobs, now_ms, AppConfig, AppState, Conn, Db, Tx};
use crate::storefront::model::Change;
use std::collections::HashMap;

/// The job that fails a group still open when its time is up.
pub const GROUP_EXPIRE_JOB: &str = "group.expire";
/// The job at a group offer's window edges (its pages change).
pub const GROUP_OFFER_EDGE_JOB: &str = "group_offer_edge";
/// A place must be paid for within this (then it goes back to the group).
pub const PAY_WITHIN_MS: i64 = 10 * 60 * 1000;
/// A group's time to fill when the merchant does not say.
pub const DEFAULT_HOURS: i64 = 24;

/// The offer form as typed.
#[derive(Clone, Debug, Default)]
pub struct OfferInput {
    pub sku_id: String,
    pub price: String,
    pub size: String,
    pub hours: String,
    pub starts_at: String,
    pub ends_at: String,
}

/// A merchant offers one of their live SKUs at a group price below its own.
pub async fn create_offer(
    tx: &mut Tx,
    actor: i64,
    shop_id: i64,
    input: &OfferInput,
    now: i64,
) -> Result<i64, AppError> {
    let echo = [
        ("sku_id", input.sku_id.as_str()),
        ("price", input.price.as_str()),
        ("size", input.size.as_str()),
        ("hours", input.hours.as_str()),
        ("starts_at", input.starts_at.as_str()),
        ("ends_at", input.ends_at.as_str()),
    ];
    let mut errors = FieldErrors::default();
    let (sku, price) = super::service::sku_below_its_price(
        tx,
        &mut errors,
        shop_id,
        &input.sku_id,
        &input.price,
        ErrorCode::GroupPriceNotLower,
    )
    .await?;
    let size = errors.check("size", count_of(&input.size, 2, 10));
    let hours = match input.hours.trim() {
        "" => Some(DEFAULT_HOURS),
        h => errors.check("hours", count_of(h, 1, 72)),
    };
    let window = window_of(&mut errors, &input.starts_at, &input.ends_at, now);
    let (Some(sku), Some(price), Some(size), Some(hours), Some((starts_at, ends_at)), true) =
        (sku, price, size, hours, window, errors.is_empty())
    else {
        return Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest))
            .echo(&echo));
    };
    let new = db::NewOffer {
        shop_id,
        product_id: sku.product_id,
        sku_id: sku.sku_id,
        price_minor: price,
        size,
        hours,
        starts_at,
        ends_at,
    };
    let id = db::insert_offer(&mut **tx, &new, actor, now).await?;
    record(tx, "group_offer", id, "created", None, Some("active"), actor, false, "").await?;
    crate::storefront::service::record(tx, Change::Promotions(shop_id)).await?;
    let due = if starts_at > now { starts_at } else { ends_at };
    jobs::schedule(tx, GROUP_OFFER_EDGE_JOB, id, due, now).await?;
    Ok(id)
}

/// Pauses, resumes or ends one of the shop's offers. Groups already open
/// run to their end either way.
pub async fn act_on_offer(
    tx: &mut Tx,
    actor: i64,
    shop_id: i64,
    id: i64,
    action: PromoAction,
    now: i64,
) -> Result<(), AppError> {
    for (from, to) in action.moves() {
        if db::set_offer_status(&mut **tx, id, shop_id, from, to, now).await? == 1 {
            record(
                tx,
                "group_offer",
                id,
                action.name(),
                Some(from),
                Some(to),
                actor,
                false,
                "",
            )
            .await?;
            crate::storefront::service::record(tx, Change::Promotions(shop_id)).await?;
            return Ok(());
        }
    }
    Err(AppError::new(ErrorCode::PromoStatusChanged))
}

/// The job at an offer's window edge: its shop's pages change now; when
/// the window just opened, the job comes back when it closes.
pub async fn at_edge(tx: &mut Tx, id: i64, now: i64) -> Result<Option<i64>, AppError> {
    let Some(offer) = db::offer(&mut **tx, id).await? else {
        return Ok(None);
    };
    crate::storefront::service::record(tx, Change::Promotions(offer.shop_id)).await?;
    Ok((offer.ends_at > now).then_some(offer.ends_at))
}

fn offer_view(row: &db::OfferRow, sku: Option<&crate::catalog::service::SkuLine>, now: i64) -> GroupOfferView {
    GroupOfferView {
        group_offer_id: row.group_offer_id,
        shop_id: row.shop_id,
        product_id: row.product_id,
        sku_id: row.sku_id,
        sku_options: sku.map(|s| s.options.clone()).unwrap_or_default(),
        product_title: sku.map(|s| s.title.clone()).unwrap_or_default(),
        price_minor: row.group_price_minor,
        regular_minor: sku.map_or(row.group_price_minor, |s| s.price_minor),
        in_stock: sku.is_some_and(|s| s.stock > 0),
        size: row.group_size,
        hours: row.hours,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        status: PromoStatus::at(&row.status, row.starts_at, row.ends_at, now),
    }
}

/// How long a server believes its board of running group buys: an offer
/// created, paused or ended on another server shows within this.
const GROUP_FRESH_MS: i64 = 2_000;

/// The group buys not over, by product, newest first.
#[derive(Default)]
pub struct LiveOffers {
    by_product: HashMap<i64, Vec<GroupOfferView>>,
}

/// This server's board of group buys, so a product page asks the database
/// nothing for them.
#[derive(Default)]
pub struct GroupBoard(super::board::Board<LiveOffers>);

impl GroupBoard {
    /// The group buy running on a product now. Its usual price and stock
    /// are the caller's to fill in from the product it loaded.
    pub async fn for_product(&self, db: &Db, product_id: i64, now: i64) -> Result<Option<GroupOfferView>, AppError> {
        let live = self
            .0
            .no_older_than(GROUP_FRESH_MS, GROUP_FRESH_MS, || load_live(db, now_ms()))
            .await?;
        Ok(live
            .by_product
            .get(&product_id)
            .and_then(|offers| offers.iter().find(|o| o.starts_at <= now && now < o.ends_at))
            .cloned())
    }

    /// Reload at the next look (this server changed an offer).
    pub fn forget(&self) {
        self.0.forget();
    }
}

async fn load_live(db: &Db, now: i64) -> Result<LiveOffers, AppError> {
    let mut conn = db.read().await?;
    let rows = db::live_offers(&mut *conn, now).await?;
    let sku_ids: Vec<i64> = rows.iter().map(|r| r.sku_id).collect();
    let skus = crate::catalog::service::lines_for(&mut conn, &sku_ids).await?;
    let mut live = LiveOffers::default();
    for row in &rows {
        live.by_product
            .entry(row.product_id)
            .or_default()
            .push(offer_view(row, skus.get(&row.sku_id), now));
    }
    Ok(live)
}

/// What a place in a group is bought with: the shopper's default address
/// and the SKU as the catalog has it now.
async fn place_parts(
    state: &AppState,
    user_id: i64,
    sku_id: i64,
) -> Result<(crate::orders::service::ShipTo, crate::catalog::service::SkuLine), AppError> {
    let mut conn = state.db.read().await?;
    // Each place holds a unit for ten minutes: a shopper's unpaid orders
    // are capped here as at checkout, so nobody ties up the stock.
    if crate::orders::service::unpaid_count(&mut conn, user_id).await? >= state.config.max_unpaid_orders {
        return Err(AppError::new(ErrorCode::TooManyUnpaidOrders));
    }
    let ship_to = crate::checkout::service::default_ship_to(&mut conn, user_id)
        .await?
        .ok_or_else(|| AppError::field("address", ErrorCode::AddressRequired))?;
    let sku = crate::catalog::service::lines_for(&mut conn, &[sku_id])
        .await?
        .remove(&sku_id)
        .filter(|s| s.live)
        .ok_or(AppError::new(ErrorCode::GroupOfferGone))?;
    Ok((ship_to, sku))
}

/// One unit at the group price, as its own order to pay within ten
/// minutes, held from the shop; its stock taken now.
async fn place_member_order(
    tx: &mut Tx,
    user_id: i64,
    offer: &db::OfferRow,
    ship_to: &crate::orders::service::ShipTo,
    sku: crate::catalog::service::SkuLine,
    group_id: i64,
    now: i64,
) -> Result<i64, AppError> {
    let saved = (sku.price_minor - offer.group_price_minor).max(0);
    let line = crate::checkout::service::DirectLine {
        shop_id: offer.shop_id,
        sku,
        unit_price_minor: offer.group_price_minor,
    };
    // Stock before the order's figures, as every transaction takes them
    // (PostgreSQL).
    crate::catalog::service::take_stock(tx, line.sku.sku_id, 1, line.sku.price_minor).await?;
    let (checkout_id, order_id) =
        crate::checkout::service::place_direct(tx, user_id, ship_to, &line, now + PAY_WITHIN_MS).await?;
    crate::orders::service::hold_for_group(tx, order_id, group_id).await?;
    match db::insert_member(&mut **tx, group_id, user_id, order_id, saved, now).await {
        Ok(()) => {}
        Err(e) if crate::server::db::is_unique_violation(&e) => return Err(AppError::new(ErrorCode::AlreadyInGroup)),
        Err(e) => return Err(e.into()),
    }
    Ok(checkout_id)
}

/// Starts a group: the offer must be running; on to payment (the group
/// opens when it lands). Returns (placing, group).
pub async fn start(state: &AppState, user_id: i64, offer_id: i64) -> Result<(i64, i64), AppError> {
    let now = now_ms();
    let offer = db::offer(&mut *state.db.read().await?, offer_id)
        .await?
        .filter(|o| PromoStatus::at(&o.status, o.starts_at, o.ends_at, now) == PromoStatus::Running)
        .ok_or(AppError::new(ErrorCode::GroupOfferGone))?;
    let (ship_to, sku) = place_parts(state, user_id, offer.sku_id).await?;
    let mut tx = state.db.begin_write().await?;
    let group_id = db::insert_group(&mut *tx, offer.group_offer_id, user_id, offer.group_size, now).await?;
    let checkout_id = place_member_order(&mut tx, user_id, &offer, &ship_to, sku, group_id, now).await?;
    record_group(
        &mut tx,
        group_id,
        "started",
        None,
        Some("forming"),
        Actor::Shopper(user_id),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(group_id, offer_id, "group started");
    Ok((checkout_id, group_id))
}

/// Joins an open group with a place left: on to payment. A full group, a
/// closed one, or one the shopper is already in is refused with its reason.
pub async fn join(state: &AppState, user_id: i64, group_id: i64) -> Result<i64, AppError> {
    let now = now_ms();
    let (group, offer) = {
        let mut conn = state.db.read().await?;
        let group = db::group(&mut *conn, group_id)
            .await?
            .filter(|g| g.status != "forming" || g.leader_id == user_id)
            .ok_or(AppError::new(ErrorCode::NotFound))?;
        let offer = db::offer(&mut *conn, group.group_offer_id)
            .await?
            .ok_or(AppError::new(ErrorCode::NotFound))?;
        (group, offer)
    };
    let (ship_to, sku) = place_parts(state, user_id, offer.sku_id).await?;
    let mut tx = state.db.begin_write().await?;
    if db::take_seat(&mut *tx, group_id, now).await? == 0 {
        let open = group.status == "open" && group.expires_at.is_some_and(|t| t > now);
        let in_it = db::live_members(&mut *tx, group_id)
            .await?
            .iter()
            .any(|m| m.user_id == user_id);
        return Err(AppError::new(if in_it {
            ErrorCode::AlreadyInGroup
        } else if open {
            ErrorCode::GroupFull
        } else {
            ErrorCode::GroupClosed
        }));
    }
    // Read after the seat's update locked the group: a second tab of the
    // same shopper waits here and sees the first one's place.
    if db::live_members(&mut *tx, group_id)
        .await?
        .iter()
        .any(|m| m.user_id == user_id)
    {
        return Err(AppError::new(ErrorCode::AlreadyInGroup));
    }
    let checkout_id = place_member_order(&mut tx, user_id, &offer, &ship_to, sku, group_id, now).await?;
    tx.commit().await?;
    tracing::info!(group_id, "group joined");
    Ok(checkout_id)
}

/// Locks a group's row before one of its orders changes (see
/// `orders::service::transition`).
pub async fn lock(tx: &mut Tx, group_id: i64) -> Result<(), AppError> {
    Ok(db::lock(&mut **tx, group_id).await?)
}

/// What a payment did to its group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaidInto {
    /// Not a group order.
    NotGroup,
    /// Counted; the group waits for more.
    Counted,
    /// The last place: the group succeeded.
    Completed,
    /// The group closed before the money came: refund it.
    ClosedGroup,
}

/// A group order was paid (called by the orders state machine, in the
/// payment's transaction).
pub async fn member_paid(tx: &mut Tx, order_id: i64, now: i64) -> Result<PaidInto, AppError> {
    let Some(member) = db::member_by_order(&mut **tx, order_id).await? else {
        return Ok(PaidInto::NotGroup);
    };
    let group = db::group(&mut **tx, member.group_id)
        .await?
        .ok_or_else(|| crate::server::db::internal(format!("member {} without group", member.member_id)))?;
    if member.status != "pending" {
        return Ok(PaidInto::NotGroup);
    }
    if group.status == "forming" {
        // The leader's payment opens the group and starts its clock.
        let offer = db::offer(&mut **tx, group.group_offer_id)
            .await?
            .ok_or_else(|| crate::server::db::internal(format!("group {} without offer", group.group_id)))?;
        let expires_at = now + offer.hours * 3_600_000;
        if db::open_group(&mut **tx, group.group_id, expires_at, now).await? == 1 {
            db::set_member_status(&mut **tx, member.member_id, "pending", "paid", now).await?;
            record_group(
                tx,
                group.group_id,
                "opened",
                Some("forming"),
                Some("open"),
                Actor::System,
            )
            .await?;
            jobs::schedule(tx, GROUP_EXPIRE_JOB, group.group_id, expires_at, now).await?;
            return Ok(PaidInto::Counted);
        }
    }
    match db::count_payment(&mut **tx, group.group_id, now).await?.as_deref() {
        Some("succeeded") => {
            db::set_member_status(&mut **tx, member.member_id, "pending", "paid", now).await?;
            succeed(tx, group.group_id, now).await?;
            Ok(PaidInto::Completed)
        }
        Some(_) => {
            db::set_member_status(&mut **tx, member.member_id, "pending", "paid", now).await?;
            Ok(PaidInto::Counted)
        }
        None => {
            db::set_member_status(&mut **tx, member.member_id, "pending", "refunded", now).await?;
            Ok(PaidInto::ClosedGroup)
        }
    }
}

/// The group is full: its orders go to the shop.
async fn succeed(tx: &mut Tx, group_id: i64, now: i64) -> Result<(), AppError> {
    jobs::cancel(tx, GROUP_EXPIRE_JOB, group_id).await?;
    record_group(
        tx,
        group_id,
        "succeeded",
        Some("open"),
        Some("succeeded"),
        Actor::System,
    )
    .await?;
    let orders: Vec<i64> = db::live_members(&mut **tx, group_id)
        .await?
        .into_iter()
        .filter(|m| m.status == "paid")
        .map(|m| m.order_id)
        .collect();
    crate::orders::service::release_group_orders(tx, &orders, now).await?;
    tracing::info!(group_id, orders = orders.len(), "group succeeded");
    Ok(())
}

/// A group order was cancelled (unpaid in time, or by its shopper before
/// the group filled): its place goes back to an open group; a leader who
/// never paid abandons the group.
pub async fn member_left(tx: &mut Tx, order_id: i64, now: i64) -> Result<(), AppError> {
    let Some(member) = db::member_by_order(&mut **tx, order_id).await? else {
        return Ok(());
    };
    if !matches!(member.status.as_str(), "pending" | "paid") {
        return Ok(());
    }
    db::set_member_status(&mut **tx, member.member_id, &member.status, "left", now).await?;
    let Some(group) = db::group(&mut **tx, member.group_id).await? else {
        return Ok(());
    };
    match group.status.as_str() {
        "forming" => {
            let abandoned = db::abandon_group(&mut **tx, group.group_id, now).await? == 1;
            if abandoned {
                record_group(
                    tx,
                    group.group_id,
                    "abandoned",
                    Some("forming"),
                    Some("abandoned"),
                    Actor::System,
                )
                .await?;
            }
        }
        "open" => {
            db::give_up_seat(&mut **tx, group.group_id, member.status == "paid", now).await?;
        }
        // A full group keeps its success; a failed one is settling already.
        _ => {}
    }
    Ok(())
}

/// The expiry job: an open group past its time fails, and each of its
/// members' orders is called off (refunded whole when paid). Nothing when
/// the group succeeded first.
pub async fn expire(tx: &mut Tx, config: &AppConfig, group_id: i64, now: i64) -> Result<JobOutcome, AppError> {
    let Some(group) = db::group(&mut **tx, group_id).await? else {
        return Ok(JobOutcome::Done);
    };
    if group.status != "open" {
        return Ok(JobOutcome::Done);
    }
    if let Some(at) = group.expires_at.filter(|t| *t > now) {
        return Ok(JobOutcome::Later(at));
    }
    if db::fail_group(&mut **tx, group_id, now).await? == 0 {
        return Ok(JobOutcome::Done);
    }
    record_group(tx, group_id, "failed", Some("open"), Some("failed"), Actor::System).await?;
    for member in db::live_members(&mut **tx, group_id).await? {
        let to = if member.status == "paid" { "refunded" } else { "left" };
        db::set_member_status(&mut **tx, member.member_id, &member.status, to, now).await?;
        let failed = crate::orders::service::transition(
            tx,
            config,
            member.order_id,
            OrderAction::GroupFail,
            Actor::System,
            "the group did not fill in time",
            "",
        )
        .await;
        match failed {
            Ok(_) => {}
            // Called off meanwhile by its shopper: nothing more to do.
            Err(e) if e.code == OrderAction::GroupFail.refusal() => {}
            Err(e) => return Err(e),
        }
    }
    tracing::info!(group_id, "group failed: members refunded");
    Ok(JobOutcome::Done)
}

async fn record_group(
    tx: &mut Tx,
    group_id: i64,
    action: &str,
    from: Option<&str>,
    to: Option<&str>,
    actor: Actor,
) -> Result<(), AppError> {
    let entry = crate::server::audit::AuditEntry {
        subject: "buy_group",
        subject_id: group_id,
        action,
        from_status: from,
        to_status: to,
        actor_kind: actor.kind(),
        actor_id: actor.id(),
        reason: "",
        detail: "",
    };
    crate::server::audit::record(tx, &entry, now_ms()).await?;
    Ok(())
}

/// What the orders of these groups say about them.
pub async fn notes(conn: &mut Conn, group_ids: &[i64]) -> Result<HashMap<i64, GroupNote>, AppError> {
    Ok(db::groups(conn, group_ids)
        .await?
        .into_iter()
        .map(|g| {
            (
                g.group_id,
                GroupNote {
                    group_id: g.group_id,
                    state: GroupState::from_db(&g.status),
                    paid: g.paid,
                    size: g.size,
                },
            )
        })
        .collect())
}

/// A group's shared page. A group still forming is its leader's alone.
pub async fn page(conn: &mut Conn, viewer: Option<i64>, group_id: i64, now: i64) -> Result<GroupPage, AppError> {
    let group = db::group(&mut *conn, group_id)
        .await?
        .filter(|g| g.status != "forming" || Some(g.leader_id) == viewer)
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let offer = db::offer(&mut *conn, group.group_offer_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let skus = crate::catalog::service::lines_for(conn, &[offer.sku_id]).await?;
    let sku = skus.get(&offer.sku_id);
    let members = db::paid_member_names(&mut *conn, group_id)
        .await?
        .iter()
        .map(|n| crate::reviews::text::masked_name(n))
        .collect();
    let mut place = GroupPlace::Outside;
    if let Some(user) = viewer {
        if let Some(m) = db::live_members(&mut *conn, group_id)
            .await?
            .into_iter()
            .find(|m| m.user_id == user)
        {
            place = if m.status == "paid" {
                GroupPlace::Paid { order_id: m.order_id }
            } else {
                let checkout_id = crate::orders::service::checkout_of(conn, m.order_id).await?;
                GroupPlace::Paying { checkout_id }
            };
        }
    }
    Ok(GroupPage {
        group_id,
        state: GroupState::from_db(&group.status),
        size: group.size,
        paid: group.paid,
        seats: group.seats,
        expires_at: group.expires_at,
        image_key: sku.and_then(|s| s.image_url.clone()),
        offer: offer_view(&offer, sku, now),
        members,
        place,
        signed_in: viewer.is_some(),
        share_url: format!("/g/{group_id}"),
    })
}

/// The portal's Group buying page for one shop.
pub async fn seller(conn: &mut Conn, shop_id: i64, now: i64) -> Result<SellerGroups, AppError> {
    let rows = db::offers_of(&mut *conn, shop_id, 200).await?;
    let sku_ids: Vec<i64> = rows.iter().map(|r| r.sku_id).collect();
    let skus = crate::catalog::service::lines_for(conn, &sku_ids).await?;
    let counts: HashMap<i64, db::OfferCounts> = db::offer_counts(&mut *conn, shop_id)
        .await?
        .into_iter()
        .map(|c| (c.group_offer_id, c))
        .collect();
    let sales: HashMap<i64, (i64, i64)> = db::offer_sales(&mut *conn, shop_id)
        .await?
        .into_iter()
        .map(|(id, orders, saved)| (id, (orders, saved)))
        .collect();
    let offers = rows
        .iter()
        .map(|r| {
            let c = counts.get(&r.group_offer_id);
            let (orders, discount_minor) = sales.get(&r.group_offer_id).copied().unwrap_or_default();
            let usage = GroupUsage {
                open: c.map_or(0, |c| c.open_groups),
                succeeded: c.map_or(0, |c| c.succeeded_groups),
                failed: c.map_or(0, |c| c.failed_groups),
                orders,
                discount_minor,
            };
            (offer_view(r, skus.get(&r.sku_id), now), usage)
        })
        .collect();
    Ok(SellerGroups {
        shop_id,
        skus: super::flash::sku_choices(conn, shop_id).await?,
        offers,
    })
}
