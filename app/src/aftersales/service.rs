//! After-sales use cases. Every status change goes through [`apply`]: the
//! state machine decides (`domain::next_status`), a guarded update writes
//! (`… where status = <the status read>`), the audit log records who, when
//! and what was said, and the consequences (money back through the
//! provider, the unit back on the shelf, the next timer, the shop told)
//! happen in the same transaction.

use super::db::{self, AfterSaleRow, Change, FigureDelta, NewRequest};
use super::domain::{self, AfterSaleAction, LineMoney, MAX_PHOTOS};
use super::model::{
    AfterSaleKind, AfterSaleStatus, AfterSaleView, ComplaintKind, ComplaintStatus, ComplaintView, LineAfterSales,
    OrderAfterSales, PhotoView, Reason, RequestFormPage, ServiceFigures, ShopAfterSales, StepView,
};
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::merchants::model::NotificationKind;
use crate::orders::model::{Actor, OrderStatus};
use crate::orders::service::MoneyLine;
use crate::server::audit::{self, AuditEntry};
use crate::server::db::{internal, is_unique_violation};
use crate::server::{jobs, AppConfig, Conn, Tx};
use std::collections::HashMap;

/// The shop's answer is due: agreed for it when it stays silent.
pub const RESPOND_JOB: &str = "after_sale.respond";
/// A parcel back is due to be confirmed: refunded when the shop stays silent.
pub const CONFIRM_JOB: &str = "after_sale.confirm";
/// An agreed return is due to be sent back: closed when the shopper does not.
pub const SHIP_BACK_JOB: &str = "after_sale.ship_back";
/// The most requests one queue page shows.
const QUEUE_LIMIT: i64 = 100;

fn money_of(line: &MoneyLine) -> LineMoney {
    LineMoney {
        line_total_minor: line.line_total_minor,
        shop_discount_minor: line.shop_discount_minor,
        platform_discount_minor: line.platform_discount_minor,
        refunded_minor: line.refunded_minor,
        platform_returned_minor: line.platform_returned_minor,
    }
}

fn status_of(row: &AfterSaleRow) -> Result<AfterSaleStatus, AppError> {
    AfterSaleStatus::from_db(&row.status).ok_or_else(|| internal(format!("after-sale status {}", row.status)))
}

fn kind_of(row: &AfterSaleRow) -> Result<AfterSaleKind, AppError> {
    AfterSaleKind::from_db(&row.kind).ok_or_else(|| internal(format!("after-sale kind {}", row.kind)))
}

async fn row_of(conn: &mut Conn, after_sale_id: i64) -> Result<AfterSaleRow, AppError> {
    db::row(conn, after_sale_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))
}

async fn line_of(conn: &mut Conn, order_line_id: i64) -> Result<MoneyLine, AppError> {
    crate::orders::service::money_line(conn, order_line_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))
}

/// The line reached its shopper and its order still stands (a refunded
/// order has nothing left to ask for).
fn delivered(line: &MoneyLine) -> bool {
    matches!(
        OrderStatus::from_db(&line.status),
        Some(OrderStatus::Delivered | OrderStatus::Completed)
    ) && line.delivered_at.is_some()
}

/// What the request form posts, as typed.
#[derive(Clone, Debug, Default)]
pub struct Typed {
    pub order_line_id: i64,
    pub kind: String,
    pub reason: String,
    pub description: String,
    pub amount: String,
}

/// A request that may be made, its words checked (photos come after).
pub struct Checked {
    line: MoneyLine,
    kind: AfterSaleKind,
    reason: Reason,
    description: String,
    amount: i64,
}

impl Checked {
    pub fn order_id(&self) -> i64 {
        self.line.order_id
    }
}

/// Checks a request before any photo is read: the caller's own delivered
/// line, a reason that fits, the window, an amount within what can still
/// go back, and no other request under way for the line.
pub async fn check(
    conn: &mut Conn,
    config: &AppConfig,
    user_id: i64,
    typed: &Typed,
    now: i64,
) -> Result<Checked, AppError> {
    let line = line_of(conn, typed.order_line_id).await?;
    if line.user_id != user_id {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    if line.status == OrderStatus::Refunded.as_db() {
        return Err(AppError::new(ErrorCode::RefundOverPaid));
    }
    if !delivered(&line) {
        return Err(AppError::new(ErrorCode::AfterSaleNotYet));
    }
    if db::open_on_line(&mut *conn, line.order_line_id).await? {
        return Err(AppError::new(ErrorCode::AfterSaleOpen));
    }
    let allows = category_allows(conn, line.product_id).await?;
    let mut errors = FieldErrors::default();
    let kind = errors.check(
        "kind",
        AfterSaleKind::from_db(typed.kind.trim()).ok_or(ErrorCode::BadRequest),
    );
    let reason = errors.check(
        "reason",
        Reason::from_db(typed.reason.trim())
            .ok_or(ErrorCode::Required)
            .and_then(|r| {
                let kind = kind.unwrap_or(AfterSaleKind::Return);
                let window = config.after_sales.window_secs * 1000;
                domain::may_request(r, kind, line.delivered_at, allows, window, now).map(|_| r)
            }),
    );
    // A no-reason return needs no words; anything else says what is wrong.
    let description = errors.check(
        "description",
        domain::parse_text(&typed.description, reason != Some(Reason::NoReason)),
    );
    let amount = errors.check(
        "amount",
        domain::parse_amount(&typed.amount, money_of(&line).refundable()),
    );
    errors.into_result_with(&[
        ("kind", typed.kind.as_str()),
        ("reason", typed.reason.as_str()),
        ("description", typed.description.as_str()),
        ("amount", typed.amount.as_str()),
    ])?;
    match (kind, reason, description, amount) {
        (Some(kind), Some(reason), Some(description), Some(amount)) => Ok(Checked {
            line,
            kind,
            reason,
            description,
            amount,
        }),
        _ => Err(AppError::new(ErrorCode::BadRequest)),
    }
}

async fn category_allows(conn: &mut Conn, product_id: i64) -> Result<bool, AppError> {
    Ok(crate::catalog::service::no_reason_returns(conn, &[product_id])
        .await?
        .get(&product_id)
        .copied()
        .unwrap_or(true))
}

/// A photo of a request, stored by the upload pipeline.
pub use crate::media::web::StoredPhoto;

fn entry<'a>(
    after_sale_id: i64,
    action: &'a str,
    from: Option<AfterSaleStatus>,
    to: Option<AfterSaleStatus>,
    actor: Actor,
    said: &'a str,
    detail: &'a str,
) -> AuditEntry<'a> {
    AuditEntry {
        subject: "after_sale",
        subject_id: after_sale_id,
        action,
        from_status: from.map(AfterSaleStatus::as_db),
        to_status: to.map(AfterSaleStatus::as_db),
        actor_kind: actor.kind(),
        actor_id: actor.id(),
        reason: said,
        detail,
    }
}

/// Makes a checked request: Awaiting seller, the shop told, its clock set.
pub async fn submit(
    tx: &mut Tx,
    config: &AppConfig,
    user_id: i64,
    checked: Checked,
    photos: &[StoredPhoto],
    now: i64,
) -> Result<i64, AppError> {
    let respond_by = now + config.after_sales.respond_secs * 1000;
    let request = NewRequest {
        order_id: checked.line.order_id,
        order_line_id: checked.line.order_line_id,
        user_id,
        shop_id: checked.line.shop_id,
        kind: checked.kind.as_db(),
        reason: checked.reason.as_db(),
        description: &checked.description,
        amount_minor: checked.amount,
        respond_by,
    };
    let id = match db::insert(&mut **tx, &request, now).await {
        Ok(id) => id,
        // Another tab made one for this line a moment ago.
        Err(e) if is_unique_violation(&e) => return Err(AppError::new(ErrorCode::AfterSaleOpen)),
        Err(e) => return Err(e.into()),
    };
    for (position, p) in photos.iter().take(MAX_PHOTOS).enumerate() {
        db::insert_photo(&mut **tx, id, position as i64, &p.key, p.width, p.height, now).await?;
    }
    let detail = format!(
        "{} · {} · {}",
        checked.kind.as_db(),
        checked.reason.as_db(),
        crate::i18n::format_fen(checked.amount)
    );
    let to = Some(AfterSaleStatus::AwaitingSeller);
    let said = checked.description.as_str();
    audit::record(
        tx,
        &entry(id, "requested", None, to, Actor::Shopper(user_id), said, &detail),
        now,
    )
    .await?;
    jobs::schedule(tx, RESPOND_JOB, id, respond_by, now).await?;
    let subject = format!("#{} {}", checked.line.order_id, checked.line.title);
    crate::merchants::service::notify(
        tx,
        checked.line.shop_id,
        NotificationKind::AfterSaleOpened,
        id,
        &subject,
        said,
    )
    .await?;
    let delta = FigureDelta {
        requests: 1,
        ..FigureDelta::default()
    };
    db::add_figures(&mut **tx, checked.line.shop_id, &delta, now).await?;
    Ok(id)
}

/// What a move carries besides itself.
#[derive(Default)]
pub struct MoveInput<'a> {
    /// What the actor said (a refusal's reason, the operator's decision).
    pub said: &'a str,
    pub return_address: Option<&'a str>,
    pub return_carrier: Option<&'a str>,
    pub return_tracking: Option<&'a str>,
    /// The unit goes back on the shelf (Confirm return received).
    pub restock: bool,
    /// The operator's amount (none: what was asked).
    pub amount: Option<i64>,
    /// The request's line, when the caller has already read it.
    pub line: Option<&'a MoneyLine>,
}

/// The one way a request's status changes, from the row the caller read.
/// Refused when the machine says no or another move got there first
/// (the update is guarded by the status read); otherwise written, recorded
/// and followed by its consequences.
pub async fn apply(
    tx: &mut Tx,
    config: &AppConfig,
    row: &AfterSaleRow,
    action: AfterSaleAction,
    actor: Actor,
    input: &MoveInput<'_>,
    now: i64,
) -> Result<AfterSaleStatus, AppError> {
    let after_sale_id = row.after_sale_id;
    let from = status_of(row)?;
    let kind = kind_of(row)?;
    let to = domain::next_status(kind, from, action, actor).map_err(AppError::new)?;
    let timers = config.after_sales;
    let mut change = Change {
        return_address: input.return_address,
        return_carrier: input.return_carrier,
        return_tracking: input.return_tracking,
        ..Change::default()
    };
    match action {
        AfterSaleAction::Refuse => change.refuse_reason = Some(input.said),
        AfterSaleAction::ArbitrateRefund | AfterSaleAction::ArbitrateClose => {
            change.decision_reason = Some(input.said);
            change.decided_by = actor.id();
        }
        AfterSaleAction::Escalate => change.escalated_at = Some(now),
        AfterSaleAction::ShipReturn => change.return_shipped_at = Some(now),
        AfterSaleAction::ConfirmReturn => change.restocked = Some(input.restock),
        _ => {}
    }
    // The deadline of the step the request enters.
    change.respond_by = match to {
        AfterSaleStatus::Agreed => Some(now + timers.ship_back_secs * 1000),
        AfterSaleStatus::Returning => Some(now + (timers.transit_secs + timers.confirm_secs) * 1000),
        _ => None,
    };
    let mut refund: Option<(MoneyLine, domain::Split)> = None;
    if to == AfterSaleStatus::Refunded {
        let line = match input.line {
            Some(line) => line.clone(),
            None => line_of(tx, row.order_line_id).await?,
        };
        let amount = input.amount.unwrap_or(row.amount_minor);
        let split = domain::split_refund(money_of(&line), amount).map_err(AppError::new)?;
        change.refunded_minor = Some(split.to_shopper);
        change.shop_bears_minor = Some(split.shop_bears);
        change.platform_returns_minor = Some(split.platform_returns);
        refund = Some((line, split));
    }
    let open_line = to.is_open().then_some(row.order_line_id);
    if db::set_status(
        &mut **tx,
        after_sale_id,
        from.as_db(),
        to.as_db(),
        open_line,
        &change,
        now,
    )
    .await?
        == 0
    {
        return Err(AppError::new(ErrorCode::AfterSaleStateInvalid));
    }
    let detail = match (action, &refund) {
        (_, Some((_, split))) => crate::i18n::format_fen(split.to_shopper),
        (AfterSaleAction::ShipReturn, _) => format!(
            "{} {}",
            input.return_carrier.unwrap_or_default(),
            input.return_tracking.unwrap_or_default()
        ),
        (AfterSaleAction::Agree | AfterSaleAction::AutoAgree, _) => {
            input.return_address.unwrap_or_default().to_string()
        }
        _ => String::new(),
    };
    let said = input.said;
    audit::record(
        tx,
        &entry(
            after_sale_id,
            action.as_db(),
            Some(from),
            Some(to),
            actor,
            said,
            &detail,
        ),
        now,
    )
    .await?;
    // Each step's clock replaces the last one's.
    for job in [RESPOND_JOB, CONFIRM_JOB, SHIP_BACK_JOB] {
        jobs::cancel(tx, job, after_sale_id).await?;
    }
    match to {
        AfterSaleStatus::Agreed => {
            let due = now + timers.ship_back_secs * 1000;
            jobs::schedule(tx, SHIP_BACK_JOB, after_sale_id, due, now).await?;
        }
        AfterSaleStatus::Returning => {
            let due = now + (timers.transit_secs + timers.confirm_secs) * 1000;
            jobs::schedule(tx, CONFIRM_JOB, after_sale_id, due, now).await?;
        }
        _ => {}
    }
    let mut delta = FigureDelta::default();
    if let Some((line, split)) = &refund {
        let key = format!("after-sale-{after_sale_id}");
        let why = format!("after-sales request {after_sale_id}");
        let restock = action == AfterSaleAction::ConfirmReturn && input.restock;
        crate::orders::service::refund_line(
            tx,
            config,
            line,
            split.to_shopper,
            split.platform_returns,
            restock,
            &why,
            &key,
        )
        .await?;
        delta.refunds = 1;
    }
    if to == AfterSaleStatus::UnderArbitration {
        delta.disputes = 1;
    }
    if delta.refunds + delta.disputes > 0 {
        db::add_figures(&mut **tx, row.shop_id, &delta, now).await?;
    }
    let told = match action {
        AfterSaleAction::ShipReturn => Some(NotificationKind::ReturnShipped),
        AfterSaleAction::Escalate => Some(NotificationKind::AfterSaleEscalated),
        AfterSaleAction::ArbitrateRefund | AfterSaleAction::ArbitrateClose => Some(NotificationKind::DisputeDecided),
        _ => None,
    };
    if let Some(kind) = told {
        let subject = format!("#{}", row.order_id);
        crate::merchants::service::notify(tx, row.shop_id, kind, after_sale_id, &subject, said).await?;
    }
    Ok(to)
}

/// What a shop does to a request of its own: Agree (a return names where
/// it goes back), Refuse with a reason, Confirm return received. A request
/// of another shop is "not found".
#[allow(
    clippy::too_many_arguments,
    reason = "each is one typed field of the form or one fact of the move"
)]
pub async fn by_shop(
    tx: &mut Tx,
    config: &AppConfig,
    merchant_id: i64,
    shop_ids: &[i64],
    after_sale_id: i64,
    action: AfterSaleAction,
    typed_reason: &str,
    typed_address: &str,
    restock: bool,
    now: i64,
) -> Result<AfterSaleStatus, AppError> {
    let row = row_of(tx, after_sale_id).await?;
    if !shop_ids.contains(&row.shop_id) {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let mut errors = FieldErrors::default();
    let said = match action {
        AfterSaleAction::Refuse => errors.check("reason", domain::parse_text(typed_reason, true)),
        _ => Some(String::new()),
    };
    let address = match (action, kind_of(&row)?) {
        (AfterSaleAction::Agree, AfterSaleKind::Return) => {
            errors.check("return_address", domain::parse_text(typed_address, true))
        }
        _ => None,
    };
    errors.into_result_with(&[("reason", typed_reason), ("return_address", typed_address)])?;
    let input = MoveInput {
        said: said.as_deref().unwrap_or_default(),
        return_address: address.as_deref(),
        restock,
        ..MoveInput::default()
    };
    apply(tx, config, &row, action, Actor::Merchant(merchant_id), &input, now).await
}

/// What a shopper does to their own request: Ship return (carrier and
/// tracking number), Escalate to the platform (with what they say), or
/// withdraw it. Someone else's request is "not found".
#[allow(
    clippy::too_many_arguments,
    reason = "each is one typed field of the form or one fact of the move"
)]
pub async fn by_shopper(
    tx: &mut Tx,
    config: &AppConfig,
    user_id: i64,
    after_sale_id: i64,
    action: AfterSaleAction,
    carrier: &str,
    tracking_number: &str,
    statement: &str,
    now: i64,
) -> Result<AfterSaleStatus, AppError> {
    let row = row_of(tx, after_sale_id).await?;
    if row.user_id != user_id {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let mut errors = FieldErrors::default();
    let (mut carrier_code, mut tracking) = (None, None);
    if action == AfterSaleAction::ShipReturn {
        carrier_code = errors.check("carrier", crate::orders::domain::parse_carrier(carrier));
        tracking = errors.check(
            "tracking_number",
            crate::orders::domain::parse_tracking_number(tracking_number),
        );
    }
    let said = errors.check("statement", domain::parse_text(statement, false));
    errors.into_result_with(&[
        ("carrier", carrier),
        ("tracking_number", tracking_number),
        ("statement", statement),
    ])?;
    let input = MoveInput {
        said: said.as_deref().unwrap_or_default(),
        return_carrier: carrier_code,
        return_tracking: tracking.as_deref(),
        ..MoveInput::default()
    };
    apply(tx, config, &row, action, Actor::Shopper(user_id), &input, now).await
}

/// The operator decides an escalated request: refund (in full or in part,
/// at most what can still go back for the line) or close, with a reason.
#[allow(
    clippy::too_many_arguments,
    reason = "each is one typed field of the form or one fact of the move"
)]
pub async fn decide(
    tx: &mut Tx,
    config: &AppConfig,
    operator_id: i64,
    after_sale_id: i64,
    refund: bool,
    typed_amount: &str,
    typed_reason: &str,
    now: i64,
) -> Result<AfterSaleStatus, AppError> {
    let row = row_of(tx, after_sale_id).await?;
    let line = line_of(tx, row.order_line_id).await?;
    let mut errors = FieldErrors::default();
    let reason = errors.check("reason", domain::parse_text(typed_reason, true));
    let amount = if refund {
        errors.check(
            "amount",
            domain::parse_amount(typed_amount, money_of(&line).refundable()),
        )
    } else {
        None
    };
    errors.into_result_with(&[("amount", typed_amount), ("reason", typed_reason)])?;
    let action = if refund {
        AfterSaleAction::ArbitrateRefund
    } else {
        AfterSaleAction::ArbitrateClose
    };
    let input = MoveInput {
        said: reason.as_deref().unwrap_or_default(),
        amount,
        line: Some(&line),
        ..MoveInput::default()
    };
    apply(tx, config, &row, action, Actor::Operator(operator_id), &input, now).await
}

/// What a timer did.
pub use crate::orders::service::JobOutcome;

/// A timer of a request: when its step's deadline has passed and the
/// request is still in that step, the platform acts for the silent side
/// (once, however many runners fire: the move is a guarded update).
pub async fn on_timer(
    tx: &mut Tx,
    config: &AppConfig,
    job: &str,
    after_sale_id: i64,
    now: i64,
) -> Result<JobOutcome, AppError> {
    let Some(row) = db::row(&mut **tx, after_sale_id).await? else {
        return Ok(JobOutcome::Done);
    };
    let status = status_of(&row)?;
    let (waits_in, action) = match job {
        RESPOND_JOB => (AfterSaleStatus::AwaitingSeller, AfterSaleAction::AutoAgree),
        CONFIRM_JOB => (AfterSaleStatus::Returning, AfterSaleAction::AutoRefund),
        SHIP_BACK_JOB => (AfterSaleStatus::Agreed, AfterSaleAction::ReturnNotShipped),
        _ => return Ok(JobOutcome::Done),
    };
    if status != waits_in {
        return Ok(JobOutcome::Done);
    }
    if let Some(due) = row.respond_by.filter(|due| *due > now) {
        return Ok(JobOutcome::Later(due));
    }
    // Agreed for a silent shop: the return goes to the address it gave last.
    let address = if action == AfterSaleAction::AutoAgree && kind_of(&row)? == AfterSaleKind::Return {
        Some(
            db::last_return_address(&mut **tx, row.shop_id)
                .await?
                .unwrap_or_default(),
        )
    } else {
        None
    };
    let said = match action {
        AfterSaleAction::AutoAgree => "the shop did not answer in time",
        AfterSaleAction::AutoRefund => "the shop did not confirm the return in time",
        _ => "the item was not sent back in time",
    };
    let input = MoveInput {
        said,
        return_address: address.as_deref(),
        ..MoveInput::default()
    };
    match apply(tx, config, &row, action, Actor::System, &input, now).await {
        Ok(_) => Ok(JobOutcome::Done),
        Err(e) if e.code == ErrorCode::AfterSaleStateInvalid => Ok(JobOutcome::Done),
        Err(e) => Err(e),
    }
}

/// The carrier says a parcel back arrived: the shop has
/// `confirm_secs` from now to confirm it before the money goes back.
pub async fn return_delivered(
    tx: &mut Tx,
    config: &AppConfig,
    carrier: &str,
    tracking: &str,
    now: i64,
) -> Result<usize, AppError> {
    let mut changed = 0;
    for row in db::by_return_tracking(&mut **tx, carrier, tracking).await? {
        let due = now + config.after_sales.confirm_secs * 1000;
        if db::set_return_delivered(&mut **tx, row.after_sale_id, now, due).await? == 0 {
            continue;
        }
        let detail = format!("{carrier} {tracking}");
        audit::record(
            tx,
            &entry(
                row.after_sale_id,
                "return_delivered",
                None,
                None,
                Actor::Carrier,
                "",
                &detail,
            ),
            now,
        )
        .await?;
        jobs::schedule(tx, CONFIRM_JOB, row.after_sale_id, due, now).await?;
        changed += 1;
    }
    Ok(changed)
}

/// Requests as their pages show them: line, shop, photos and timeline in a
/// few statements whatever their number.
async fn views(conn: &mut Conn, rows: Vec<AfterSaleRow>) -> Result<Vec<AfterSaleView>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.after_sale_id).collect();
    let mut line_ids: Vec<i64> = rows.iter().map(|r| r.order_line_id).collect();
    line_ids.sort_unstable();
    line_ids.dedup();
    let lines: HashMap<i64, MoneyLine> = crate::orders::service::money_lines_in(conn, &line_ids)
        .await?
        .into_iter()
        .map(|l| (l.order_line_id, l))
        .collect();
    let mut shop_ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    shop_ids.sort_unstable();
    shop_ids.dedup();
    let names = crate::merchants::service::shop_names(conn, &shop_ids).await?;
    let mut photos: HashMap<i64, Vec<PhotoView>> = HashMap::new();
    for (id, key) in db::photos_of(&mut *conn, &ids).await? {
        photos.entry(id).or_default().push(PhotoView {
            url: crate::media::url_for(&key),
            thumb_url: crate::media::url_for(&crate::media::thumbnail_key(&key, 240)),
        });
    }
    let mut steps: HashMap<i64, Vec<StepView>> = HashMap::new();
    for a in audit::histories(&mut *conn, "after_sale", &ids).await? {
        steps.entry(a.subject_id).or_default().push(StepView {
            action: a.action,
            actor: Actor::from_db(&a.actor_kind, a.actor_id),
            said: a.reason,
            detail: a.detail,
            at: a.created_at,
        });
    }
    rows.into_iter()
        .map(|r| {
            let status = status_of(&r)?;
            let line = lines.get(&r.order_line_id);
            Ok(AfterSaleView {
                after_sale_id: r.after_sale_id,
                order_id: r.order_id,
                order_line_id: r.order_line_id,
                shop_id: r.shop_id,
                shop_name: names.get(&r.shop_id).cloned().unwrap_or_default(),
                title: line.map(|l| l.title.clone()).unwrap_or_default(),
                options: line
                    .and_then(|l| serde_json::from_str(&l.options_json).ok())
                    .unwrap_or_default(),
                image_url: line.and_then(|l| l.image_key.as_deref().map(crate::media::url_for)),
                kind: kind_of(&r)?,
                reason: Reason::from_db(&r.reason).unwrap_or(Reason::Other),
                description: r.description,
                amount_minor: r.amount_minor,
                refundable_minor: line.map(|l| money_of(l).refundable()).unwrap_or(0),
                deadline: matches!(
                    status,
                    AfterSaleStatus::AwaitingSeller | AfterSaleStatus::Agreed | AfterSaleStatus::Returning
                )
                .then_some(r.respond_by)
                .flatten(),
                status,
                refuse_reason: r.refuse_reason,
                return_address: r.return_address,
                return_carrier: r.return_carrier,
                return_tracking: r.return_tracking,
                refunded_minor: r.refunded_minor,
                shop_bears_minor: r.shop_bears_minor,
                platform_returns_minor: r.platform_returns_minor,
                decision_reason: r.decision_reason,
                photos: photos.remove(&r.after_sale_id).unwrap_or_default(),
                steps: steps.remove(&r.after_sale_id).unwrap_or_default(),
                created_at: r.created_at,
            })
        })
        .collect()
}

fn line_after_sales(config: &AppConfig, line: &MoneyLine, allows: bool, open: bool, now: i64) -> LineAfterSales {
    let money = money_of(line);
    let delivered_at = delivered(line).then_some(line.delivered_at).flatten();
    let requests_until = delivered_at.map(|d| d + config.after_sales.window_secs * 1000);
    let no_reason_until = delivered_at.and_then(|d| domain::no_reason_until(d, allows));
    let in_time = requests_until.is_some_and(|u| now <= u) || no_reason_until.is_some_and(|u| now <= u);
    LineAfterSales {
        order_line_id: line.order_line_id,
        title: line.title.clone(),
        paid_minor: money.paid(),
        refundable_minor: money.refundable(),
        no_reason_category: allows,
        no_reason_until,
        no_reason_open: no_reason_until.is_some_and(|u| now <= u),
        requests_until,
        can_request: in_time && !open && money.refundable() > 0,
    }
}

/// The after-sales part of one of the shopper's orders.
pub async fn for_order(
    conn: &mut Conn,
    config: &AppConfig,
    user_id: i64,
    order_id: i64,
    now: i64,
) -> Result<OrderAfterSales, AppError> {
    let lines = crate::orders::service::money_lines(conn, order_id).await?;
    if lines.first().is_none_or(|l| l.user_id != user_id) {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let product_ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let allows = crate::catalog::service::no_reason_returns(conn, &product_ids).await?;
    let rows = db::of_order(&mut *conn, order_id).await?;
    let open_lines: Vec<i64> = rows
        .iter()
        .filter(|r| AfterSaleStatus::from_db(&r.status).is_some_and(|s| s.is_open()))
        .map(|r| r.order_line_id)
        .collect();
    let line_views = lines
        .iter()
        .map(|l| {
            let allowed = allows.get(&l.product_id).copied().unwrap_or(true);
            line_after_sales(config, l, allowed, open_lines.contains(&l.order_line_id), now)
        })
        .collect();
    let requests = views(conn, rows).await?;
    let complaint_rows = db::complaints_of_order(&mut *conn, order_id).await?;
    let complaints = complaint_views(conn, complaint_rows).await?;
    let paid_once = lines
        .first()
        .and_then(|l| OrderStatus::from_db(&l.status))
        .is_some_and(|s| !matches!(s, OrderStatus::PendingPayment | OrderStatus::Cancelled));
    Ok(OrderAfterSales {
        order_id,
        lines: line_views,
        requests,
        can_complain: paid_once && !complaints.iter().any(|c| c.status == ComplaintStatus::Open),
        complaints,
    })
}

/// The request form's page for one of the shopper's lines.
pub async fn form_page(
    conn: &mut Conn,
    config: &AppConfig,
    user_id: i64,
    order_line_id: i64,
    now: i64,
) -> Result<RequestFormPage, AppError> {
    let line = line_of(conn, order_line_id).await?;
    if line.user_id != user_id {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let allows = category_allows(conn, line.product_id).await?;
    let open = db::open_on_line(&mut *conn, order_line_id).await?;
    let view = line_after_sales(config, &line, allows, open, now);
    let refusal = if line.status == OrderStatus::Refunded.as_db() {
        Some(ErrorCode::RefundOverPaid)
    } else if !delivered(&line) {
        Some(ErrorCode::AfterSaleNotYet)
    } else if open {
        Some(ErrorCode::AfterSaleOpen)
    } else if view.refundable_minor == 0 {
        Some(ErrorCode::RefundOverPaid)
    } else if !view.can_request {
        Some(ErrorCode::AfterSaleWindowOver)
    } else {
        None
    };
    let names = crate::merchants::service::shop_names(conn, &[line.shop_id]).await?;
    Ok(RequestFormPage {
        order_id: line.order_id,
        order_line_id,
        options: serde_json::from_str(&line.options_json).unwrap_or_default(),
        image_url: line.image_key.as_deref().map(crate::media::url_for),
        shop_name: names.get(&line.shop_id).cloned().unwrap_or_default(),
        title: line.title.clone(),
        line: view,
        refusal,
    })
}

/// A shop's figures: its delivered orders and what after-sales counted.
pub async fn figures(conn: &mut Conn, shop_id: i64) -> Result<ServiceFigures, AppError> {
    let delivered_orders = crate::orders::service::delivered_count(conn, shop_id).await?;
    let (requests, refunds, disputes, complaints, complaints_upheld) =
        db::figures(&mut *conn, shop_id).await?.unwrap_or_default();
    Ok(ServiceFigures {
        delivered_orders,
        requests,
        refunds,
        disputes,
        complaints,
        complaints_upheld,
    })
}

/// The shop's After-sales page: its open requests (or its finished ones).
pub async fn shop_page(
    conn: &mut Conn,
    member_shop_ids: &[i64],
    shop_id: i64,
    open: bool,
) -> Result<ShopAfterSales, AppError> {
    let shops = crate::merchants::service::member_shops(conn, member_shop_ids).await?;
    let shop = shops
        .iter()
        .find(|s| s.shop_id == shop_id)
        .cloned()
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let statuses: Vec<&str> = AfterSaleStatus::ALL
        .iter()
        .filter(|s| s.is_open() == open)
        .map(|s| s.as_db())
        .collect();
    // Open ones by deadline (oldest first); finished ones newest first.
    let rows = db::of_shop(&mut *conn, shop_id, &statuses, !open, QUEUE_LIMIT).await?;
    let requests = views(conn, rows).await?;
    Ok(ShopAfterSales {
        figures: figures(conn, shop_id).await?,
        last_return_address: db::last_return_address(&mut *conn, shop_id).await?.unwrap_or_default(),
        shops,
        shop,
        requests,
        open,
    })
}

/// The operator's Disputes: requests under arbitration, oldest first (or
/// the ones decided, newest last).
pub async fn disputes(conn: &mut Conn) -> Result<Vec<AfterSaleView>, AppError> {
    let rows = db::in_status(&mut *conn, AfterSaleStatus::UnderArbitration.as_db(), QUEUE_LIMIT).await?;
    views(conn, rows).await
}

async fn complaint_views(conn: &mut Conn, rows: Vec<db::ComplaintRow>) -> Result<Vec<ComplaintView>, AppError> {
    let mut shop_ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    shop_ids.sort_unstable();
    shop_ids.dedup();
    let names = crate::merchants::service::shop_names(conn, &shop_ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| ComplaintView {
            complaint_id: r.complaint_id,
            order_id: r.order_id,
            shop_id: r.shop_id,
            shop_name: names.get(&r.shop_id).cloned().unwrap_or_default(),
            kind: ComplaintKind::from_db(&r.kind).unwrap_or(ComplaintKind::Other),
            description: r.description,
            status: ComplaintStatus::from_db(&r.status).unwrap_or(ComplaintStatus::Open),
            decision_reason: r.decision_reason,
            created_at: r.created_at,
            decided_at: r.decided_at,
        })
        .collect())
}

/// A shopper complains about the shop of one of their paid orders.
pub async fn complain(
    tx: &mut Tx,
    user_id: i64,
    order_id: i64,
    typed_kind: &str,
    typed_description: &str,
    now: i64,
) -> Result<i64, AppError> {
    let lines = crate::orders::service::money_lines(tx, order_id).await?;
    let Some(first) = lines.first().filter(|l| l.user_id == user_id) else {
        return Err(AppError::new(ErrorCode::NotFound));
    };
    if matches!(
        OrderStatus::from_db(&first.status),
        Some(OrderStatus::PendingPayment | OrderStatus::Cancelled) | None
    ) {
        return Err(AppError::new(ErrorCode::AfterSaleNotYet));
    }
    let shop_id = first.shop_id;
    let mut errors = FieldErrors::default();
    let kind = errors.check(
        "kind",
        ComplaintKind::from_db(typed_kind.trim()).ok_or(ErrorCode::Required),
    );
    let description = errors.check("description", domain::parse_text(typed_description, true));
    errors.into_result_with(&[("kind", typed_kind), ("description", typed_description)])?;
    let (Some(kind), Some(description)) = (kind, description) else {
        return Err(AppError::new(ErrorCode::BadRequest));
    };
    let id = match db::insert_complaint(&mut **tx, order_id, user_id, shop_id, kind.as_db(), &description, now).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(AppError::new(ErrorCode::ComplaintOpen)),
        Err(e) => return Err(e.into()),
    };
    let e = AuditEntry {
        subject: "complaint",
        subject_id: id,
        action: "filed",
        from_status: None,
        to_status: Some(ComplaintStatus::Open.as_db()),
        actor_kind: "shopper",
        actor_id: Some(user_id),
        reason: &description,
        detail: kind.as_db(),
    };
    audit::record(tx, &e, now).await?;
    let delta = FigureDelta {
        complaints: 1,
        ..FigureDelta::default()
    };
    db::add_figures(&mut **tx, shop_id, &delta, now).await?;
    Ok(id)
}

/// Open complaints (or decided ones), for the operator.
pub async fn complaints(conn: &mut Conn, status: ComplaintStatus) -> Result<Vec<ComplaintView>, AppError> {
    let rows = db::complaints_in(&mut *conn, status.as_db(), QUEUE_LIMIT).await?;
    complaint_views(conn, rows).await
}

/// The operator upholds or dismisses a complaint, with a reason; an upheld
/// one counts against the shop and the shop is told.
pub async fn decide_complaint(
    tx: &mut Tx,
    operator_id: i64,
    complaint_id: i64,
    uphold: bool,
    typed_reason: &str,
    now: i64,
) -> Result<ComplaintStatus, AppError> {
    let row = db::complaint(&mut **tx, complaint_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let reason = domain::parse_text(typed_reason, true)
        .map_err(|c| AppError::field("reason", c).echo(&[("reason", typed_reason)]))?;
    let to = if uphold {
        ComplaintStatus::Upheld
    } else {
        ComplaintStatus::Dismissed
    };
    if db::decide_complaint(&mut **tx, complaint_id, to.as_db(), &reason, operator_id, now).await? == 0 {
        return Err(AppError::new(ErrorCode::ComplaintStateInvalid));
    }
    let e = AuditEntry {
        subject: "complaint",
        subject_id: complaint_id,
        action: to.as_db(),
        from_status: Some(ComplaintStatus::Open.as_db()),
        to_status: Some(to.as_db()),
        actor_kind: "operator",
        actor_id: Some(operator_id),
        reason: &reason,
        detail: "",
    };
    audit::record(tx, &e, now).await?;
    if uphold {
        let delta = FigureDelta {
            complaints_upheld: 1,
            ..FigureDelta::default()
        };
        db::add_figures(&mut **tx, row.shop_id, &delta, now).await?;
        let subject = format!("#{}", row.order_id);
        crate::merchants::service::notify(
            tx,
            row.shop_id,
            NotificationKind::ComplaintUpheld,
            row.order_id,
            &subject,
            &reason,
        )
        .await?;
    }
    Ok(to)
}
