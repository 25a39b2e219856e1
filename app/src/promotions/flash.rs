//! Flash sales (秒杀): slots, applications and approvals, and the buy
//! path built for the spike. The database stays the truth (a guarded
//! update sells each unit), but it is never the queue: every server keeps
//! a board of the live flash items with a count of units it believes are
//! left, refreshed from the database each second. A press on a sold-out
//! item is answered from memory at once; only as many presses as there
//! are units (per server) reach the database, where the guarded update
//! decides. A press by someone who already bought on this server is
//! answered from memory too.

use super::db::{self, FlashItemRow};
use super::model::{
    FlashApplication, FlashConsole, FlashOffer, FlashShowcase, FlashSlotView, FlashStatus, SellerFlash,
};
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::server::audit::{self, AuditEntry};
use crate::server::{now_ms, AppState, Conn, Db, Tx};
use crate::storefront::model::Change;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

/// The job kind at a flash item's slot edges (subject: the item).
pub const FLASH_EDGE_JOB: &str = "flash_edge";

/// How long a board is believed: units released by unpaid orders and sold
/// on other servers show within this.
const FRESH_MS: i64 = 1_000;

/// A flash order unpaid after this long is cancelled and its unit comes
/// back.
pub const PAY_WITHIN_MS: i64 = 10 * 60 * 1000;

/// One live flash item on this server's board.
pub struct LiveItem {
    pub offer: FlashOffer,
    pub shop_id: i64,
    pub title: String,
    /// How many of its buyers this server lets through to the database.
    gate: Arc<Gate>,
    /// Accounts that bought their limit here (answered from memory).
    done: Mutex<HashSet<i64>>,
}

/// One flash item's gate on this server, kept across the board's reloads:
/// a reload sets `left` to the units the database has left less those
/// already let through here and not yet written. (Started afresh at each
/// reload, it let a second hundred through in the middle of a spike, each
/// refused by the database, and the writer's queue twice as long.)
#[derive(Default)]
struct Gate {
    /// Units this server believes are left (the database decides).
    left: AtomicI64,
    /// Buyers let through and not yet answered.
    in_flight: AtomicI64,
}

/// The live items as loaded at one moment.
#[derive(Default)]
pub struct Snapshot {
    pub items: HashMap<i64, Arc<LiveItem>>,
    by_product: HashMap<i64, Vec<i64>>,
}

impl Snapshot {
    /// The flash offer of a product to show now: one running, else the next.
    pub fn for_product(&self, product_id: i64, now: i64) -> Option<FlashOffer> {
        let ids = self.by_product.get(&product_id)?;
        let mut offers: Vec<&FlashOffer> = ids
            .iter()
            .filter_map(|id| self.items.get(id))
            .map(|i| &i.offer)
            .collect();
        offers.sort_by_key(|o| (!o.is_open(now), o.starts_at));
        offers.first().map(|o| (*o).clone())
    }

    /// The storefront's showcase: the items of the slot running now, else of
    /// the next one.
    pub fn showcase(&self, now: i64) -> FlashShowcase {
        let mut items: Vec<&Arc<LiveItem>> = self.items.values().collect();
        items.sort_by_key(|i| (!i.offer.is_open(now), i.offer.starts_at, i.offer.flash_item_id));
        let Some(first) = items.first() else {
            return FlashShowcase::default();
        };
        let slot_start = first.offer.starts_at;
        FlashShowcase {
            items: items
                .into_iter()
                .filter(|i| i.offer.starts_at == slot_start)
                .take(12)
                .map(|i| (i.offer.clone(), i.title.clone()))
                .collect(),
        }
    }
}

/// This server's board of live flash items.
#[derive(Default)]
pub struct FlashBoard {
    board: super::board::Board<Snapshot>,
    gates: Mutex<HashMap<i64, Arc<Gate>>>,
    writer: Writer,
}

impl FlashBoard {
    /// The board, reloaded from the database when older than a second.
    pub async fn snapshot(&self, db: &Db) -> Result<Arc<Snapshot>, AppError> {
        self.no_older_than(db, FRESH_MS).await
    }

    /// The board, no older than `max_age_ms` (waiting for a reload under
    /// way when the board is older than that).
    async fn no_older_than(&self, db: &Db, max_age_ms: i64) -> Result<Arc<Snapshot>, AppError> {
        self.board
            .no_older_than(max_age_ms, FRESH_MS, || load(db, &self.gates, now_ms()))
            .await
    }

    /// Reload at the next look (this server changed an item).
    pub fn forget(&self) {
        self.board.forget();
    }
}

async fn load(db: &Db, gates: &Mutex<HashMap<i64, Arc<Gate>>>, now: i64) -> Result<Snapshot, AppError> {
    let mut conn = db.read().await?;
    let rows = db::live_flash_items(&mut *conn, now).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.product_id).collect();
    let titles = crate::catalog::service::titles(&mut conn, &ids).await?;
    let mut snapshot = Snapshot::default();
    let mut gates = gates.lock().unwrap_or_else(|e| e.into_inner());
    gates.retain(|id, _| rows.iter().any(|r| r.flash_item_id == *id));
    for r in rows {
        let gate = gates.entry(r.flash_item_id).or_default().clone();
        let in_flight = gate.in_flight.load(Ordering::Acquire);
        gate.left.store(r.quantity - r.sold - in_flight, Ordering::Release);
        snapshot
            .by_product
            .entry(r.product_id)
            .or_default()
            .push(r.flash_item_id);
        let item = LiveItem {
            title: titles.get(&r.product_id).cloned().unwrap_or_default(),
            shop_id: r.shop_id,
            gate,
            done: Mutex::new(HashSet::new()),
            offer: offer_of(&r),
        };
        snapshot.items.insert(r.flash_item_id, Arc::new(item));
    }
    Ok(snapshot)
}

fn offer_of(r: &FlashItemRow) -> FlashOffer {
    FlashOffer {
        flash_item_id: r.flash_item_id,
        product_id: r.product_id,
        sku_id: r.sku_id,
        price_minor: r.flash_price_minor,
        slot_title: r.slot_title.clone(),
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        per_account: r.per_account,
    }
}

/// A unit taken from the gate's count, given back unless kept.
pub struct Ticket {
    gate: Arc<Gate>,
    kept: bool,
}

impl Ticket {
    /// A unit, or none left.
    fn take(gate: &Arc<Gate>) -> Option<Ticket> {
        gate.in_flight.fetch_add(1, Ordering::AcqRel);
        let ticket = Ticket {
            gate: gate.clone(),
            kept: false,
        };
        if gate.left.fetch_sub(1, Ordering::AcqRel) <= 0 {
            // Dropped: the unit goes back and it is no longer in flight.
            return None;
        }
        Some(ticket)
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.gate.in_flight.fetch_sub(1, Ordering::AcqRel);
        if !self.kept {
            self.gate.left.fetch_add(1, Ordering::AcqRel);
        }
    }
}

/// Buys one unit of a flash item at its flash price: a placing with one
/// order, payable within ten minutes, to the buyer's default address.
/// Refusals come from memory where they can: not open, sold out, limit.
/// The winners of this server's gate are written by its writer task, many
/// to a transaction (see [`Writer`]).
#[tracing::instrument(skip(state, reserved))]
pub async fn buy(
    state: &AppState,
    user_id: i64,
    flash_item_id: i64,
    reserved: Option<Ticket>,
) -> Result<i64, AppError> {
    let now = now_ms();
    let mut board = state.flash.snapshot(&state.db).await?;
    if !board.items.contains_key(&flash_item_id) {
        // Approved a moment ago, perhaps: look again at a board at most a
        // tenth of a second old (so unknown ids cost at most ten loads a
        // second).
        board = state.flash.no_older_than(&state.db, 100).await?;
    }
    let item = board
        .items
        .get(&flash_item_id)
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if now < item.offer.starts_at {
        return Err(AppError::new(ErrorCode::FlashNotStarted));
    }
    if now >= item.offer.ends_at {
        return Err(AppError::new(ErrorCode::FlashEnded));
    }
    if item.done.lock().unwrap_or_else(|e| e.into_inner()).contains(&user_id) {
        return Err(AppError::new(ErrorCode::FlashLimitReached));
    }
    // The gate: the unit this press was given on arrival (see
    // [`sold_out_early`]), else one of this server's count now, or sold out
    // without asking the database.
    let reserved = reserved.filter(|t| Arc::ptr_eq(&t.gate, &item.gate));
    let Some(mut ticket) = reserved.or_else(|| Ticket::take(&item.gate)) else {
        return Err(AppError::new(ErrorCode::SoldOut));
    };
    // The buyer's address and the SKU are read by the writer, once for
    // its batch: read here, each winner's two queries queued behind the
    // spike's session lookups for a third of a second.
    let (reply, answer) = tokio::sync::oneshot::channel();
    let claim = Claim {
        flash_item_id,
        per_account: item.offer.per_account,
        shop_id: item.shop_id,
        sku_id: item.offer.sku_id,
        price_minor: item.offer.price_minor,
        user_id,
        queued_at: std::time::Instant::now(),
        reply,
    };
    state.flash.writer.send(&state.db, claim);
    let outcome = answer.await.map_err(|_| AppError::new(ErrorCode::Busy))?;
    match outcome {
        Ok(Written { checkout_id, at_limit }) => {
            ticket.kept = true;
            if at_limit {
                item.done.lock().unwrap_or_else(|e| e.into_inner()).insert(user_id);
            }
            Ok(checkout_id)
        }
        Err(e) if e.code == ErrorCode::SoldOut => {
            // Gone (another server sold the last ones): say so from memory
            // from now on.
            item.gate.left.store(0, Ordering::Release);
            ticket.kept = true;
            Err(e)
        }
        Err(e) if e.code == ErrorCode::FlashLimitReached => {
            item.done.lock().unwrap_or_else(|e| e.into_inner()).insert(user_id);
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// A winner of a server's gate, for its writer.
struct Claim {
    flash_item_id: i64,
    per_account: i64,
    shop_id: i64,
    sku_id: i64,
    /// The flash price.
    price_minor: i64,
    user_id: i64,
    queued_at: std::time::Instant,
    reply: tokio::sync::oneshot::Sender<Result<Written, AppError>>,
}

/// A claim written: its placing, and whether the buyer reached the limit.
struct Written {
    checkout_id: i64,
    at_limit: bool,
}

/// Claims written per transaction at most.
const BATCH: usize = 50;

/// This server's writer of flash buys. The gate lets through only as many
/// buyers as there are units, and they arrive together (in the first
/// milliseconds of a spike): written one transaction each, they would wait
/// for each other on SQLite's one writer or PostgreSQL's row locks on the
/// one SKU and item. The writer takes whatever has queued up and writes it
/// in one transaction, so a hundred winners are a few commits, and answers
/// each when its batch commits.
#[derive(Default)]
pub struct Writer(std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<Claim>>);

impl Writer {
    fn send(&self, db: &Db, claim: Claim) {
        let queue = self.0.get_or_init(|| {
            let (queue, claims) = tokio::sync::mpsc::unbounded_channel();
            tokio::spawn(write_claims(db.clone(), claims));
            queue
        });
        if let Err(e) = queue.send(claim) {
            let _ = e.0.reply.send(Err(AppError::new(ErrorCode::Busy)));
        }
    }
}

async fn write_claims(db: Db, mut claims: tokio::sync::mpsc::UnboundedReceiver<Claim>) {
    while let Some(first) = claims.recv().await {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match claims.try_recv() {
                Ok(claim) => batch.push(claim),
                Err(_) => break,
            }
        }
        write_batch(&db, batch).await;
    }
}

/// One transaction for the batch, in a few statements per flash item
/// whatever the number of buyers (on PostgreSQL each statement is a round
/// trip: one claim at a time, a batch of fifty took up to 1.5 s). Each
/// claim is answered when the batch commits; if the transaction is lost,
/// everyone in it hears so.
async fn write_batch(db: &Db, mut batch: Vec<Claim>) {
    let now = now_ms();
    let started = std::time::Instant::now();
    let waited = batch.iter().map(|c| started - c.queued_at).max().unwrap_or_default();
    // Items are locked in one order, so two servers' batches never wait
    // for each other crosswise.
    batch.sort_by_key(|c| c.flash_item_id);
    let mut tx = match db.begin_write().await {
        Ok(tx) => tx,
        Err(e) => return answer_all(batch, AppError::from(e)),
    };
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut start = 0;
    while start < batch.len() {
        let item = batch[start].flash_item_id;
        let end = start + batch[start..].iter().take_while(|c| c.flash_item_id == item).count();
        match write_item(&mut tx, &batch[start..end], now).await {
            Ok(o) => outcomes.extend(o),
            // Dropped, so rolled back.
            Err(e) => return answer_all(batch, e),
        }
        start = end;
    }
    let committed = tx.commit().await.map_err(AppError::from);
    let sold = outcomes.iter().filter(|o| o.is_ok()).count();
    if committed.is_ok() {
        tracing::info!(
            orders = sold,
            refused = outcomes.len() - sold,
            waited_ms = waited.as_millis() as u64,
            took_ms = started.elapsed().as_millis() as u64,
            "flash units sold"
        );
    }
    for (claim, outcome) in batch.into_iter().zip(outcomes) {
        let outcome = match (&committed, outcome) {
            (Err(e), Ok(_)) => Err(e.clone()),
            (_, outcome) => outcome,
        };
        let _ = claim.reply.send(outcome);
    }
}

fn answer_all(batch: Vec<Claim>, e: AppError) {
    for claim in batch {
        let _ = claim.reply.send(Err(e.clone()));
    }
}

/// Writes the claims on one flash item (in the order they came), each
/// answered in place: the item is locked and its units left read, the
/// SKU, the buyers' addresses and counts read in one go each; a claim is
/// refused if its buyer has no address or is at the limit, or the units
/// have run out; the rest take their stock in one update (fewer, if the
/// SKU has fewer), then the units are sold and the placings written, each
/// kind of row in one statement. `Err(_)`: the transaction is lost.
async fn write_item(tx: &mut Tx, claims: &[Claim], now: i64) -> Result<Vec<Result<Written, AppError>>, AppError> {
    let sold_out = || Err(AppError::new(ErrorCode::SoldOut));
    let item = claims[0].flash_item_id;
    let Some(left) = db::hold_flash_item(&mut **tx, item, now).await? else {
        return Ok(claims.iter().map(|_| sold_out()).collect());
    };
    let first = &claims[0];
    let Some(sku) = crate::catalog::service::lines_for(tx, &[first.sku_id])
        .await?
        .remove(&first.sku_id)
    else {
        return Ok(claims.iter().map(|_| sold_out()).collect());
    };
    let line = crate::checkout::service::DirectLine {
        shop_id: first.shop_id,
        sku,
        unit_price_minor: first.price_minor,
    };
    let mut users: Vec<i64> = claims.iter().map(|c| c.user_id).collect();
    users.sort_unstable();
    users.dedup();
    let ship_to = crate::checkout::service::default_ship_to_all(tx, &users).await?;
    let mut held: HashMap<i64, i64> = db::flash_units_held(&mut **tx, item, &users)
        .await?
        .into_iter()
        .collect();
    let mut outcomes: Vec<Result<Written, AppError>> = Vec::with_capacity(claims.len());
    // (claim, the buyer's count with it, where it goes) for those that
    // may buy.
    let mut buying: Vec<(usize, i64, &crate::orders::service::ShipTo)> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        let count = held.entry(claim.user_id).or_default();
        let Some(to) = ship_to.get(&claim.user_id) else {
            outcomes.push(Err(AppError::field("address", ErrorCode::AddressRequired)));
            continue;
        };
        if *count >= claim.per_account {
            outcomes.push(Err(AppError::new(ErrorCode::FlashLimitReached)));
        } else if buying.len() as i64 >= left {
            outcomes.push(sold_out());
        } else {
            *count += 1;
            buying.push((i, *count, to));
            outcomes.push(sold_out()); // until written below
        }
    }
    let taken = take_stock_up_to(tx, &line.sku, buying.len() as i64).await?;
    // Those cut are the last in line; a buyer's later claim comes after
    // their earlier one, so the counts of those kept stay right.
    buying.truncate(usize::try_from(taken).unwrap_or(0));
    if buying.is_empty() {
        return Ok(outcomes);
    }
    if db::sell_flash_units(&mut **tx, item, buying.len() as i64, now).await? == 0 {
        // Cannot happen with the row locked and its units read: lose the
        // transaction rather than oversell.
        return Err(AppError::new(ErrorCode::Internal));
    }
    let buys: Vec<crate::checkout::service::DirectBuy<'_>> = buying
        .iter()
        .map(|&(i, _, ship_to)| crate::checkout::service::DirectBuy {
            user_id: claims[i].user_id,
            ship_to,
            line: &line,
        })
        .collect();
    let placed = crate::checkout::service::place_direct_all(tx, &buys, now + PAY_WITHIN_MS).await?;
    let bought: Vec<(i64, i64, i64)> = buying
        .iter()
        .zip(&placed)
        .map(|(&(i, seq, _), &(_, order_id))| (claims[i].user_id, seq, order_id))
        .collect();
    db::insert_flash_purchases(&mut **tx, item, &bought, now).await?;
    for (&(i, seq, _), &(checkout_id, _)) in buying.iter().zip(&placed) {
        outcomes[i] = Ok(Written {
            checkout_id,
            at_limit: seq >= claims[i].per_account,
        });
    }
    Ok(outcomes)
}

/// Takes up to `wanted` units of a SKU's stock in one update (fewer if it
/// has fewer, none if it was repriced or delisted since the buyers saw it):
/// how many were taken.
async fn take_stock_up_to(tx: &mut Tx, sku: &crate::catalog::service::SkuLine, wanted: i64) -> Result<i64, AppError> {
    use crate::catalog::service::{stocks, take_stock};
    if wanted <= 0 {
        return Ok(0);
    }
    let gone = |e: &AppError| matches!(e.code, ErrorCode::SoldOut | ErrorCode::NotFound);
    match take_stock(tx, sku.sku_id, wanted, sku.price_minor).await {
        Ok(_) => Ok(wanted),
        Err(e) if e.code == ErrorCode::SoldOut => {
            let there = stocks(tx, &[sku.sku_id]).await?.get(&sku.sku_id).copied().unwrap_or(0);
            let fewer = there.min(wanted);
            if fewer <= 0 {
                return Ok(0);
            }
            match take_stock(tx, sku.sku_id, fewer, sku.price_minor).await {
                Ok(_) => Ok(fewer),
                Err(e) if gone(&e) => Ok(0),
                Err(e) => Err(e),
            }
        }
        Err(e) if gone(&e) => Ok(0),
        Err(e) => Err(e),
    }
}

/// An order cancelled before payment gives its flash units back.
pub async fn release(tx: &mut Tx, order_id: i64, now: i64) -> Result<(), AppError> {
    for item in db::release_flash_units(&mut **tx, order_id).await? {
        db::unsell_flash_unit(&mut **tx, item, now).await?;
    }
    Ok(())
}

fn slot_view(r: &db::SlotRow) -> FlashSlotView {
    FlashSlotView {
        slot_id: r.slot_id,
        title: r.title.clone(),
        starts_at: r.starts_at,
        ends_at: r.ends_at,
    }
}

/// An operator sets a time slot.
pub async fn create_slot(
    tx: &mut Tx,
    actor: i64,
    typed_title: &str,
    starts_at: &str,
    ends_at: &str,
    now: i64,
) -> Result<i64, AppError> {
    let mut errors = FieldErrors::default();
    let title = errors.check("title", super::service::title_of(typed_title));
    let starts = errors.check(
        "starts_at",
        super::domain::parse_china_time(starts_at).ok_or(ErrorCode::TimeInvalid),
    );
    let ends = errors.check(
        "ends_at",
        super::domain::parse_china_time(ends_at).ok_or(ErrorCode::TimeInvalid),
    );
    if let (Some(s), Some(e)) = (starts, ends) {
        if e <= s.max(now) {
            errors.push("ends_at", ErrorCode::EndsBeforeStart);
        } else if e - s > 7 * 86_400_000 {
            errors.push("ends_at", ErrorCode::WindowTooLong);
        }
    }
    let (Some(title), Some(starts), Some(ends), true) = (title, starts, ends, errors.is_empty()) else {
        let echo = [("title", typed_title), ("starts_at", starts_at), ("ends_at", ends_at)];
        return Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest))
            .echo(&echo));
    };
    let id = db::insert_slot(&mut **tx, &title, starts, ends, actor, now).await?;
    record(
        tx,
        "flash_slot",
        id,
        "created",
        None,
        Some("open"),
        "operator",
        actor,
        "",
    )
    .await?;
    Ok(id)
}

/// The application form as typed.
#[derive(Clone, Debug, Default)]
pub struct FlashInput {
    pub slot_id: String,
    pub sku_id: String,
    pub price: String,
    pub quantity: String,
    pub per_account: String,
}

/// A merchant applies one of their SKUs to a slot not yet over, below its
/// price and within its stock.
pub async fn apply(tx: &mut Tx, actor: i64, shop_id: i64, input: &FlashInput, now: i64) -> Result<i64, AppError> {
    let echo = [
        ("slot_id", input.slot_id.as_str()),
        ("sku_id", input.sku_id.as_str()),
        ("price", input.price.as_str()),
        ("quantity", input.quantity.as_str()),
        ("per_account", input.per_account.as_str()),
    ];
    let mut errors = FieldErrors::default();
    let slot = match input.slot_id.trim().parse::<i64>() {
        Ok(id) => db::slot(&mut **tx, id).await?.filter(|s| s.ends_at > now),
        Err(_) => None,
    };
    if slot.is_none() {
        errors.push("slot_id", ErrorCode::Required);
    }
    let (sku, price) = super::service::sku_below_its_price(
        tx,
        &mut errors,
        shop_id,
        &input.sku_id,
        &input.price,
        ErrorCode::FlashPriceNotLower,
    )
    .await?;
    let quantity = errors.check(
        "quantity",
        input
            .quantity
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|q| (1..=100_000).contains(q))
            .ok_or(ErrorCode::NumberOutOfRange),
    );
    if let (Some(q), Some(s)) = (quantity, &sku) {
        if q > s.stock {
            errors.push("quantity", ErrorCode::FlashOverStock);
        }
    }
    let per_account = match input.per_account.trim() {
        "" => Some(1),
        p => errors.check(
            "per_account",
            p.parse::<i64>()
                .ok()
                .filter(|n| (1..=5).contains(n))
                .ok_or(ErrorCode::NumberOutOfRange),
        ),
    };
    let (Some(slot), Some(sku), Some(price), Some(quantity), Some(per_account), true) =
        (slot, sku, price, quantity, per_account, errors.is_empty())
    else {
        return Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest))
            .echo(&echo));
    };
    let id = match db::insert_flash_item(
        &mut **tx,
        slot.slot_id,
        shop_id,
        sku.product_id,
        sku.sku_id,
        price,
        quantity,
        per_account,
        actor,
        now,
    )
    .await
    {
        Ok(id) => id,
        Err(e) if crate::server::db::is_unique_violation(&e) => {
            return Err(AppError::field("sku_id", ErrorCode::FlashAlreadyApplied).echo(&echo))
        }
        Err(e) => return Err(e.into()),
    };
    record(
        tx,
        "flash_item",
        id,
        "applied",
        None,
        Some("pending"),
        "merchant",
        actor,
        "",
    )
    .await?;
    Ok(id)
}

/// An operator approves or rejects a pending application (a rejection
/// says why). Approval schedules the storefront's refresh at the slot's
/// edges.
pub async fn decide(tx: &mut Tx, actor: i64, id: i64, approve: bool, reason: &str, now: i64) -> Result<(), AppError> {
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(AppError::field("reason", ErrorCode::Required));
    }
    let to = if approve { "approved" } else { "rejected" };
    if db::set_flash_status(&mut **tx, id, "pending", to, reason, now).await? == 0 {
        return Err(AppError::new(ErrorCode::PromoStatusChanged));
    }
    record(
        tx,
        "flash_item",
        id,
        to,
        Some("pending"),
        Some(to),
        "operator",
        actor,
        reason,
    )
    .await?;
    if approve {
        let item = db::flash_item(&mut **tx, id)
            .await?
            .ok_or(AppError::new(ErrorCode::NotFound))?;
        crate::storefront::service::record(tx, Change::Promotions(item.shop_id)).await?;
        crate::storefront::service::record(tx, Change::Home).await?;
        let due = if item.starts_at > now {
            item.starts_at
        } else {
            item.ends_at
        };
        crate::server::jobs::schedule(tx, FLASH_EDGE_JOB, id, due, now).await?;
    }
    Ok(())
}

/// The job at a flash item's slot edge: the shop's pages and the home page
/// change now; if the slot opened, the job comes back when it closes.
pub async fn at_edge(tx: &mut Tx, id: i64, now: i64) -> Result<Option<i64>, AppError> {
    let Some(item) = db::flash_item(&mut **tx, id).await? else {
        return Ok(None);
    };
    crate::storefront::service::record(tx, Change::Promotions(item.shop_id)).await?;
    crate::storefront::service::record(tx, Change::Home).await?;
    Ok((item.ends_at > now).then_some(item.ends_at))
}

async fn applications(conn: &mut Conn, rows: Vec<FlashItemRow>) -> Result<Vec<FlashApplication>, AppError> {
    let product_ids: Vec<i64> = rows.iter().map(|r| r.product_id).collect();
    let titles = crate::catalog::service::titles(conn, &product_ids).await?;
    let mut shop_ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    shop_ids.sort_unstable();
    shop_ids.dedup();
    let shops: HashMap<i64, String> = crate::merchants::service::shops_by_ids(conn, &shop_ids)
        .await?
        .into_iter()
        .map(|s| (s.shop_id, s.name))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(FlashApplication {
                flash_item_id: r.flash_item_id,
                slot: FlashSlotView {
                    slot_id: r.slot_id,
                    title: r.slot_title.clone(),
                    starts_at: r.starts_at,
                    ends_at: r.ends_at,
                },
                shop_name: shops.get(&r.shop_id).cloned().unwrap_or_default(),
                product_title: titles.get(&r.product_id).cloned().unwrap_or_default(),
                product_id: r.product_id,
                sku_id: r.sku_id,
                price_minor: r.flash_price_minor,
                quantity: r.quantity,
                sold: r.sold,
                per_account: r.per_account,
                status: FlashStatus::from_db(&r.status)?,
                reason: r.reason,
            })
        })
        .collect())
}

/// The console's Flash sales page.
pub async fn console(conn: &mut Conn, now: i64) -> Result<FlashConsole, AppError> {
    let slots = db::open_slots(&mut *conn, now).await?.iter().map(slot_view).collect();
    let pending = db::flash_items(&mut *conn, None, Some("pending"), 200).await?;
    let decided = db::flash_items(&mut *conn, None, Some("approved"), 200).await?;
    Ok(FlashConsole {
        slots,
        pending: applications(conn, pending).await?,
        decided: applications(conn, decided).await?,
    })
}

/// A shop's SKUs for a promotion form to offer, with their stock.
pub async fn sku_choices(conn: &mut Conn, shop_id: i64) -> Result<Vec<super::model::SkuChoice>, AppError> {
    let (lines, _) = crate::catalog::listings::inventory(conn, shop_id, false, 1, 200).await?;
    Ok(lines
        .into_iter()
        .map(|l| {
            let label = if l.label.is_empty() {
                l.title
            } else {
                format!("{} — {}", l.title, l.label)
            };
            super::model::SkuChoice {
                sku_id: l.sku_id,
                label,
                stock: l.stock,
            }
        })
        .collect())
}

/// The portal's Flash sales page for one shop.
pub async fn seller(conn: &mut Conn, shop_id: i64, now: i64) -> Result<SellerFlash, AppError> {
    let slots = db::open_slots(&mut *conn, now).await?.iter().map(slot_view).collect();
    let rows = db::flash_items(&mut *conn, Some(shop_id), None, 200).await?;
    let skus = sku_choices(conn, shop_id).await?;
    Ok(SellerFlash {
        shop_id,
        slots,
        skus,
        applications: applications(conn, rows).await?,
    })
}

#[allow(clippy::too_many_arguments, reason = "one audit entry's fields")]
async fn record(
    tx: &mut Tx,
    subject: &str,
    id: i64,
    action: &str,
    from: Option<&str>,
    to: Option<&str>,
    actor_kind: &str,
    actor: i64,
    reason: &str,
) -> Result<(), AppError> {
    let entry = AuditEntry {
        subject,
        subject_id: id,
        action,
        from_status: from,
        to_status: to,
        actor_kind,
        actor_id: Some(actor),
        reason,
        detail: "",
    };
    audit::record(tx, &entry, now_ms()).await?;
    Ok(())
}

/// A unit set aside for a press as it arrived, for [`buy`] to take (in
/// the request's extensions, so cloneable); given back when the request
/// ends if nobody took it.
#[derive(Clone)]
pub struct Reservation(Arc<Mutex<Option<Ticket>>>);

impl Reservation {
    pub fn take(&self) -> Option<Ticket> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// What a press on an open item can be told on arrival.
enum OnArrival {
    /// None left here: "sold out" without anything else.
    SoldOut,
    /// A unit is set aside for it while its buyer is looked up.
    Reserved(Ticket),
    /// Not a sale open now (or the board cannot be read): the usual way.
    Usual,
}

impl FlashBoard {
    /// On arrival, before the buyer is looked up: sold out from this
    /// server's board, or a unit set aside. The board is reloaded when a
    /// second old (one reload at a time; the others answer from the board
    /// they have).
    async fn on_arrival(&self, db: &Db, flash_item_id: i64, signed_in: bool, now: i64) -> OnArrival {
        let Ok(board) = self.snapshot(db).await else {
            return OnArrival::Usual;
        };
        let Some(item) = board.items.get(&flash_item_id).filter(|i| i.offer.is_open(now)) else {
            return OnArrival::Usual;
        };
        if !signed_in {
            // Sold out is sold out for anyone; a unit waits for a session.
            return match item.gate.left.load(Ordering::Acquire) <= 0 {
                true => OnArrival::SoldOut,
                false => OnArrival::Usual,
            };
        }
        match Ticket::take(&item.gate) {
            Some(ticket) => OnArrival::Reserved(ticket),
            None => OnArrival::SoldOut,
        }
    }
}

/// The endpoint of `api::flash_buy`.
pub const BUY_PATH: &str = "/api/flash/buy";

/// In front of the session lookup and the server-function machinery: a
/// press (from a script) on an open item is given one of this server's
/// units as it arrives, or answered "sold out" at once, as the server
/// function would answer it, when none is left. Under a spike that is
/// nearly every press, so they cost microseconds and leave the machine to
/// everyone else; and only as many presses as there are units go on to
/// have their sessions looked up. (Given units only after the lookup, the
/// first second's presses all looked up their sessions until a hundred had
/// got through, and the winners waited a quarter of a second behind them
/// on PostgreSQL.) A press that carries no session is not given one, so a
/// flood without accounts cannot hold the units. Everything else, and
/// every plain form post (it needs its redirect back to the page), goes on
/// as usual.
pub async fn sold_out_early(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if req.method() != axum::http::Method::POST || req.uri().path() != BUY_PATH {
        return next.run(req).await;
    }
    let html = req
        .headers()
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if html {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    // Read whole: `body_limit` (outside) bounds it for this route, and a
    // body cut short here would break the client's pipe mid-write.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return (axum::http::StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.").into_response();
    };
    let item = std::str::from_utf8(&bytes).ok().and_then(|text| {
        text.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == "flash_item_id")
            .and_then(|(_, v)| v.parse::<i64>().ok())
    });
    let signed_in = crate::server::web::cookie(&parts.headers, crate::server::web::SESSION_COOKIE).is_some();
    let arrival = match item {
        Some(id) => state.flash.on_arrival(&state.db, id, signed_in, now_ms()).await,
        None => OnArrival::Usual,
    };
    let reservation = match arrival {
        OnArrival::SoldOut => {
            let body = serde_json::to_vec(&AppError::new(ErrorCode::SoldOut)).unwrap_or_default();
            return (
                axum::http::StatusCode::CONFLICT,
                [
                    (axum::http::header::CONTENT_TYPE, "application/json"),
                    (axum::http::HeaderName::from_static("serverfnerror"), BUY_PATH),
                ],
                body,
            )
                .into_response();
        }
        OnArrival::Reserved(ticket) => {
            let reservation = Reservation(Arc::new(Mutex::new(Some(ticket))));
            parts.extensions.insert(reservation.clone());
            Some(reservation)
        }
        OnArrival::Usual => None,
    };
    let response = next
        .run(axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await;
    // Not taken (no session, a refusal before the gate): back to the count
    // now, whoever else still holds a copy of the request's parts.
    drop(reservation.and_then(|r| r.take()));
    response
}
