//! The after-sales state machine and its rules, with no database: which
//! moves are legal for whom, the 7-day no-reason window, and how a refund
//! of a line splits between the shop and the platform.

use super::model::{AfterSaleKind, AfterSaleStatus, Reason};
use crate::error::ErrorCode;
use crate::orders::model::Actor;

/// Days after delivery a no-reason return may be asked for (the law's 7).
pub const NO_REASON_DAYS: i64 = 7;
const DAY_MS: i64 = 86_400_000;
/// The most photos one request carries.
pub const MAX_PHOTOS: usize = 6;
/// Words a person may write (description, reasons, a return address).
pub const MAX_TEXT_CHARS: usize = 500;

/// Something that happens to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterSaleAction {
    /// The shop says yes.
    Agree,
    /// The shop stayed silent past its deadline: the platform says yes.
    AutoAgree,
    /// The shop says no, with a reason (also after a parcel came back
    /// not as it left).
    Refuse,
    /// The shopper sends the item back (carrier and tracking number).
    ShipReturn,
    /// The shop has the parcel: the money goes back.
    ConfirmReturn,
    /// The parcel arrived and the shop stayed silent: the money goes back.
    AutoRefund,
    /// The shopper asks the platform to decide.
    Escalate,
    /// The shopper no longer wants it.
    Withdraw,
    /// The operator decides for the shopper (in full or in part).
    ArbitrateRefund,
    /// The operator decides against the request.
    ArbitrateClose,
    /// Agreed, but the shopper never sent the item back.
    ReturnNotShipped,
}

impl AfterSaleAction {
    /// The word stored in the audit log.
    pub fn as_db(self) -> &'static str {
        use AfterSaleAction::*;
        match self {
            Agree => "agreed",
            AutoAgree => "auto_agreed",
            Refuse => "refused",
            ShipReturn => "return_shipped",
            ConfirmReturn => "return_received",
            AutoRefund => "auto_refunded",
            Escalate => "escalated",
            Withdraw => "withdrawn",
            ArbitrateRefund => "decided_refund",
            ArbitrateClose => "decided_close",
            ReturnNotShipped => "return_not_shipped",
        }
    }

    /// Whether this kind of actor may take this action at all (whose
    /// request or shop it is, the service checks).
    pub fn allowed_for(self, actor: Actor) -> bool {
        use AfterSaleAction::*;
        match actor {
            Actor::Shopper(_) => matches!(self, ShipReturn | Escalate | Withdraw),
            Actor::Merchant(_) => matches!(self, Agree | Refuse | ConfirmReturn),
            Actor::Operator(_) => matches!(self, ArbitrateRefund | ArbitrateClose),
            Actor::System => matches!(self, AutoAgree | AutoRefund | ReturnNotShipped),
            Actor::PaymentProvider | Actor::Carrier => false,
        }
    }
}

/// The status after `action` on a request of `kind`, or why it cannot
/// happen now.
pub fn next_status(
    kind: AfterSaleKind,
    from: AfterSaleStatus,
    action: AfterSaleAction,
    actor: Actor,
) -> Result<AfterSaleStatus, ErrorCode> {
    use AfterSaleAction::*;
    use AfterSaleStatus::*;
    if !action.allowed_for(actor) {
        return Err(ErrorCode::Forbidden);
    }
    match (from, action) {
        // Money only: yes means the money goes back now. A return: the
        // shopper is told where to send it.
        (AwaitingSeller, Agree | AutoAgree) => Ok(match kind {
            AfterSaleKind::Refund => Refunded,
            AfterSaleKind::Return => Agreed,
        }),
        (AwaitingSeller | Returning, Refuse) => Ok(Refused),
        (Agreed, ShipReturn) if kind == AfterSaleKind::Return => Ok(Returning),
        (Returning, ConfirmReturn | AutoRefund) => Ok(Refunded),
        (Refused, Escalate) => Ok(UnderArbitration),
        (AwaitingSeller | Agreed | Refused, Withdraw) => Ok(Closed),
        (UnderArbitration, ArbitrateRefund) => Ok(Refunded),
        (UnderArbitration, ArbitrateClose) => Ok(Closed),
        (Agreed, ReturnNotShipped) => Ok(Closed),
        _ => Err(ErrorCode::AfterSaleStateInvalid),
    }
}

/// The money of one order line, as after-sales reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineMoney {
    /// The line's total before discounts.
    pub line_total_minor: i64,
    pub shop_discount_minor: i64,
    pub platform_discount_minor: i64,
    /// What already went back to the shopper for the line.
    pub refunded_minor: i64,
    /// What of the platform's discount the shop already handed back.
    pub platform_returned_minor: i64,
}

impl LineMoney {
    /// What the shopper paid for the line.
    pub fn paid(&self) -> i64 {
        (self.line_total_minor - self.shop_discount_minor - self.platform_discount_minor).max(0)
    }

    /// What can still go back.
    pub fn refundable(&self) -> i64 {
        (self.paid() - self.refunded_minor).max(0)
    }
}

/// Who a refund of a line costs what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split {
    /// Back to the shopper.
    pub to_shopper: i64,
    /// Taken from the shop's takings: the shopper's money and the
    /// platform's discount on it.
    pub shop_bears: i64,
    /// Of that, back to the platform that funded a discount on the line.
    pub platform_returns: i64,
}

/// Splits a refund of `amount` on a line. The platform paid its discount to
/// the shop when the order was paid, so the shop hands back the share of it
/// the refund covers (all that is left of it when the refund empties the
/// line); a shop's own discount was never money and costs nobody anything.
pub fn split_refund(line: LineMoney, amount: i64) -> Result<Split, ErrorCode> {
    let paid = line.paid();
    if amount <= 0 || amount > line.refundable() || paid == 0 {
        return Err(ErrorCode::RefundOverPaid);
    }
    let platform_left = (line.platform_discount_minor - line.platform_returned_minor).max(0);
    let platform_returns = if line.refunded_minor + amount == paid {
        platform_left
    } else {
        // Rounded down: the last refund of the line takes the remainder.
        let share = i128::from(line.platform_discount_minor) * i128::from(amount) / i128::from(paid);
        (share as i64).min(platform_left)
    };
    Ok(Split {
        to_shopper: amount,
        shop_bears: amount + platform_returns,
        platform_returns,
    })
}

/// Until when a no-reason return may be asked for an item delivered at
/// `delivered_at`: none when its category does not allow one.
pub fn no_reason_until(delivered_at: i64, category_allows: bool) -> Option<i64> {
    category_allows.then_some(delivered_at + NO_REASON_DAYS * DAY_MS)
}

/// Whether a request with `reason` may be made at `now` for an item
/// delivered at `delivered_at` (none: not delivered), within the
/// after-sales window of `window_ms`.
pub fn may_request(
    reason: Reason,
    kind: AfterSaleKind,
    delivered_at: Option<i64>,
    category_allows: bool,
    window_ms: i64,
    now: i64,
) -> Result<(), ErrorCode> {
    let Some(delivered_at) = delivered_at else {
        return Err(ErrorCode::AfterSaleNotYet);
    };
    if !reason.fits(kind) {
        return Err(ErrorCode::ReasonNotForKind);
    }
    if reason == Reason::NoReason {
        return match no_reason_until(delivered_at, category_allows) {
            None => Err(ErrorCode::NoReasonNotAllowed),
            Some(until) if now > until => Err(ErrorCode::NoReasonWindowOver),
            Some(_) => Ok(()),
        };
    }
    if now > delivered_at + window_ms {
        return Err(ErrorCode::AfterSaleWindowOver);
    }
    Ok(())
}

/// Words a person wrote: trimmed, at most [`MAX_TEXT_CHARS`], control
/// characters other than line breaks dropped. `required`: empty is refused.
pub fn parse_text(raw: &str, required: bool) -> Result<String, ErrorCode> {
    let kept: String = raw.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    let text = kept.trim().to_string();
    if text.is_empty() && required {
        return Err(ErrorCode::Required);
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ErrorCode::TextTooLong);
    }
    Ok(text)
}

/// An amount typed in yuan, at most what can still go back for the line.
pub fn parse_amount(raw: &str, refundable: i64) -> Result<i64, ErrorCode> {
    if raw.trim().is_empty() {
        return Err(ErrorCode::Required);
    }
    let fen = crate::promotions::domain::parse_yuan(raw).ok_or(ErrorCode::AmountInvalid)?;
    if fen <= 0 || fen > refundable {
        return Err(ErrorCode::RefundOverPaid);
    }
    Ok(fen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AfterSaleAction::*;
    use AfterSaleKind::{Refund, Return};
    use AfterSaleStatus::*;

    const ACTIONS: [AfterSaleAction; 11] = [
        Agree,
        AutoAgree,
        Refuse,
        ShipReturn,
        ConfirmReturn,
        AutoRefund,
        Escalate,
        Withdraw,
        ArbitrateRefund,
        ArbitrateClose,
        ReturnNotShipped,
    ];

    fn actor_for(action: AfterSaleAction) -> Actor {
        match action {
            ShipReturn | Escalate | Withdraw => Actor::Shopper(1),
            Agree | Refuse | ConfirmReturn => Actor::Merchant(2),
            ArbitrateRefund | ArbitrateClose => Actor::Operator(3),
            AutoAgree | AutoRefund | ReturnNotShipped => Actor::System,
        }
    }

    #[test]
    fn the_legal_moves_are_exactly_these_for_each_kind() {
        let legal: &[(AfterSaleKind, AfterSaleStatus, AfterSaleAction, AfterSaleStatus)] = &[
            (Refund, AwaitingSeller, Agree, Refunded),
            (Refund, AwaitingSeller, AutoAgree, Refunded),
            (Return, AwaitingSeller, Agree, Agreed),
            (Return, AwaitingSeller, AutoAgree, Agreed),
            (Refund, AwaitingSeller, Refuse, Refused),
            (Return, AwaitingSeller, Refuse, Refused),
            (Refund, Returning, Refuse, Refused),
            (Return, Returning, Refuse, Refused),
            (Return, Agreed, ShipReturn, Returning),
            (Refund, Returning, ConfirmReturn, Refunded),
            (Return, Returning, ConfirmReturn, Refunded),
            (Refund, Returning, AutoRefund, Refunded),
            (Return, Returning, AutoRefund, Refunded),
            (Refund, Refused, Escalate, UnderArbitration),
            (Return, Refused, Escalate, UnderArbitration),
            (Refund, AwaitingSeller, Withdraw, Closed),
            (Return, AwaitingSeller, Withdraw, Closed),
            (Refund, Agreed, Withdraw, Closed),
            (Return, Agreed, Withdraw, Closed),
            (Refund, Refused, Withdraw, Closed),
            (Return, Refused, Withdraw, Closed),
            (Refund, UnderArbitration, ArbitrateRefund, Refunded),
            (Return, UnderArbitration, ArbitrateRefund, Refunded),
            (Refund, UnderArbitration, ArbitrateClose, Closed),
            (Return, UnderArbitration, ArbitrateClose, Closed),
            (Refund, Agreed, ReturnNotShipped, Closed),
            (Return, Agreed, ReturnNotShipped, Closed),
        ];
        for kind in [Refund, Return] {
            for from in AfterSaleStatus::ALL {
                for action in ACTIONS {
                    let got = next_status(kind, from, action, actor_for(action));
                    match legal
                        .iter()
                        .find(|(k, f, a, _)| *k == kind && *f == from && *a == action)
                    {
                        Some((_, _, _, to)) => assert_eq!(got, Ok(*to), "{kind:?} {from:?} --{action:?}-->"),
                        None => assert_eq!(
                            got,
                            Err(ErrorCode::AfterSaleStateInvalid),
                            "{kind:?} {from:?} --{action:?}--> must be refused"
                        ),
                    }
                }
            }
        }
    }

    #[test]
    fn finished_requests_accept_nothing_and_each_move_belongs_to_its_actor() {
        for action in ACTIONS {
            for done in [Refunded, Closed] {
                assert_eq!(
                    next_status(Return, done, action, actor_for(action)),
                    Err(ErrorCode::AfterSaleStateInvalid)
                );
            }
        }
        assert_eq!(
            next_status(Return, AwaitingSeller, Agree, Actor::Shopper(1)),
            Err(ErrorCode::Forbidden)
        );
        assert_eq!(
            next_status(Return, Refused, Escalate, Actor::Merchant(2)),
            Err(ErrorCode::Forbidden)
        );
        assert_eq!(
            next_status(Return, UnderArbitration, ArbitrateRefund, Actor::Merchant(2)),
            Err(ErrorCode::Forbidden)
        );
        assert_eq!(
            next_status(Return, Returning, AutoRefund, Actor::Merchant(2)),
            Err(ErrorCode::Forbidden)
        );
        assert_eq!(
            next_status(Return, AwaitingSeller, AutoAgree, Actor::Operator(3)),
            Err(ErrorCode::Forbidden)
        );
        assert!(AfterSaleStatus::ALL
            .iter()
            .all(|s| AfterSaleStatus::from_db(s.as_db()) == Some(*s)));
        assert!(Refused.is_open() && UnderArbitration.is_open() && !Refunded.is_open() && !Closed.is_open());
    }

    const DELIVERED: i64 = 1_700_000_000_000;
    const WINDOW: i64 = 15 * DAY_MS;

    #[test]
    fn the_no_reason_window_is_seven_days_from_delivery_where_the_category_allows_it() {
        let ask = |allows: bool, now: i64| may_request(Reason::NoReason, Return, Some(DELIVERED), allows, WINDOW, now);
        assert_eq!(ask(true, DELIVERED + 1), Ok(()));
        assert_eq!(ask(true, DELIVERED + 7 * DAY_MS), Ok(()), "the last moment of day 7");
        assert_eq!(
            ask(true, DELIVERED + 7 * DAY_MS + 1),
            Err(ErrorCode::NoReasonWindowOver)
        );
        // Fresh food, custom-made goods, opened software: never.
        assert_eq!(ask(false, DELIVERED + 1), Err(ErrorCode::NoReasonNotAllowed));
        assert_eq!(no_reason_until(DELIVERED, true), Some(DELIVERED + 7 * DAY_MS));
        assert_eq!(no_reason_until(DELIVERED, false), None);
        // Not delivered: nothing yet.
        assert_eq!(
            may_request(Reason::NoReason, Return, None, true, WINDOW, DELIVERED),
            Err(ErrorCode::AfterSaleNotYet)
        );
        // A no-reason return sends the item back.
        assert_eq!(
            may_request(Reason::NoReason, Refund, Some(DELIVERED), true, WINDOW, DELIVERED + 1),
            Err(ErrorCode::ReasonNotForKind)
        );
        // A damaged item in a category without no-reason returns still can,
        // within the after-sales window.
        let damaged = |now: i64| may_request(Reason::Damaged, Return, Some(DELIVERED), false, WINDOW, now);
        assert_eq!(damaged(DELIVERED + 10 * DAY_MS), Ok(()));
        assert_eq!(damaged(DELIVERED + WINDOW + 1), Err(ErrorCode::AfterSaleWindowOver));
        assert_eq!(
            may_request(Reason::NotReceived, Return, Some(DELIVERED), true, WINDOW, DELIVERED),
            Err(ErrorCode::ReasonNotForKind)
        );
    }

    #[test]
    fn a_refund_returns_the_platforms_discount_share_and_the_last_one_the_rest() {
        // ¥100.00 line, the shop's 满减 took ¥10, a platform coupon ¥20:
        // the shopper paid ¥70.
        let line = LineMoney {
            line_total_minor: 10_000,
            shop_discount_minor: 1_000,
            platform_discount_minor: 2_000,
            refunded_minor: 0,
            platform_returned_minor: 0,
        };
        assert_eq!(line.paid(), 7_000);
        assert_eq!(
            split_refund(line, 7_000),
            Ok(Split {
                to_shopper: 7_000,
                shop_bears: 9_000,
                platform_returns: 2_000
            })
        );
        // A third now, the rest later: the platform gets its 2,000 exactly.
        let first = split_refund(line, 3_333).expect("first");
        assert_eq!(first.platform_returns, 952);
        let after = LineMoney {
            refunded_minor: 3_333,
            platform_returned_minor: 952,
            ..line
        };
        let rest = split_refund(after, 3_667).expect("rest");
        assert_eq!(rest.platform_returns, 1_048);
        assert_eq!(first.platform_returns + rest.platform_returns, 2_000);
        assert_eq!(split_refund(after, 3_668), Err(ErrorCode::RefundOverPaid));
        assert_eq!(split_refund(line, 0), Err(ErrorCode::RefundOverPaid));
        assert_eq!(split_refund(line, -5), Err(ErrorCode::RefundOverPaid));
        // No platform money on the line: the shop bears the refund alone.
        let plain = LineMoney {
            platform_discount_minor: 0,
            ..line
        };
        assert_eq!(split_refund(plain, 500).expect("plain").shop_bears, 500);
    }

    #[test]
    fn amounts_and_words_are_bounded() {
        assert_eq!(parse_amount("70", 7_000), Ok(7_000));
        assert_eq!(parse_amount("¥12.50", 7_000), Ok(1_250));
        assert_eq!(parse_amount("70.01", 7_000), Err(ErrorCode::RefundOverPaid));
        assert_eq!(parse_amount("0", 7_000), Err(ErrorCode::RefundOverPaid));
        assert_eq!(parse_amount("-1", 7_000), Err(ErrorCode::AmountInvalid));
        assert_eq!(parse_amount("1e3", 7_000), Err(ErrorCode::AmountInvalid));
        assert_eq!(parse_amount(" ", 7_000), Err(ErrorCode::Required));
        assert_eq!(
            parse_text("  broken on arrival \u{0}", true),
            Ok("broken on arrival".into())
        );
        assert_eq!(parse_text("   ", true), Err(ErrorCode::Required));
        assert_eq!(parse_text("", false), Ok(String::new()));
        assert_eq!(parse_text(&"坏".repeat(501), true), Err(ErrorCode::TextTooLong));
    }
}
