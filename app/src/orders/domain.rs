//! The order state machine and the rules of fulfilment, with no database.
//!
//! Every status change of an order is one `OrderAction` applied through
//! [`next_status`]: the service reads the status, asks here, and writes the
//! answer with a guarded update (`… where status = <the one it read>`), so a
//! change is either legal and recorded or refused, however requests race.

use super::model::{Actor, OrderStatus, CARRIERS};
use crate::error::ErrorCode;

/// Something that happens to an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderAction {
    /// The payment provider confirmed the money.
    Pay,
    /// The shopper (or an operator) calls it off before it ships.
    Cancel,
    /// Nobody paid in time.
    Expire,
    /// The shop hands it to a carrier.
    Ship,
    /// The carrier (or an operator) says it arrived.
    Deliver,
    /// The shopper says it arrived.
    ConfirmReceipt,
    /// Delivered long enough ago: done without the shopper.
    AutoComplete,
    /// All of its money went back after it shipped (after-sales).
    Refund,
    /// Its group buy did not fill in time: called off, money back if paid.
    GroupFail,
    /// After-sales returned the money of every line, one request at a time
    /// (the money already went back with each).
    LinesRefunded,
}

impl OrderAction {
    /// The word stored in the audit log.
    pub fn as_db(self) -> &'static str {
        match self {
            OrderAction::Pay => "paid",
            OrderAction::Cancel => "cancelled",
            OrderAction::Expire => "expired",
            OrderAction::Ship => "shipped",
            OrderAction::Deliver => "delivered",
            OrderAction::ConfirmReceipt => "receipt_confirmed",
            OrderAction::AutoComplete => "auto_completed",
            OrderAction::Refund => "refunded",
            OrderAction::GroupFail => "group_failed",
            OrderAction::LinesRefunded => "lines_refunded",
        }
    }

    /// Whether this kind of actor may take this action at all (whose order
    /// or shop it is, the service checks).
    pub fn allowed_for(self, actor: Actor) -> bool {
        use OrderAction::*;
        match actor {
            Actor::Shopper(_) => matches!(self, Cancel | ConfirmReceipt),
            Actor::Merchant(_) => matches!(self, Ship),
            Actor::Operator(_) => matches!(self, Cancel | Deliver | Refund),
            // Pay: an order with nothing to pay (every line free) is paid
            // as it is placed.
            Actor::System => matches!(self, Pay | Expire | AutoComplete | Refund | GroupFail | LinesRefunded),
            Actor::PaymentProvider => matches!(self, Pay),
            Actor::Carrier => matches!(self, Deliver),
        }
    }

    /// The error a person reads when the order is not in a state for this.
    pub fn refusal(self) -> ErrorCode {
        use OrderAction::*;
        match self {
            Pay => ErrorCode::OrderNotPayable,
            Cancel | Expire | GroupFail => ErrorCode::OrderNotCancellable,
            Ship => ErrorCode::OrderNotShippable,
            Deliver => ErrorCode::OrderNotDeliverable,
            ConfirmReceipt | AutoComplete => ErrorCode::OrderNotReceivable,
            Refund | LinesRefunded => ErrorCode::OrderNotRefundable,
        }
    }
}

/// The status after `action`, or why it cannot happen now.
pub fn next_status(from: OrderStatus, action: OrderAction, actor: Actor) -> Result<OrderStatus, ErrorCode> {
    use OrderAction::*;
    use OrderStatus::*;
    if !action.allowed_for(actor) {
        return Err(ErrorCode::Forbidden);
    }
    match (from, action) {
        (PendingPayment, Pay) => Ok(Paid),
        (PendingPayment, Cancel | Expire) => Ok(Cancelled),
        // Before it ships, a paid order can still be called off (its money
        // goes back through the provider, its stock back on the shelf).
        (Paid, Cancel) => Ok(Cancelled),
        (Paid, Ship) => Ok(Shipped),
        (Shipped, Deliver) => Ok(Delivered),
        // A shopper may confirm as soon as the parcel is in their hands,
        // whether or not the carrier has said so yet.
        (Shipped | Delivered, ConfirmReceipt) => Ok(Completed),
        (Delivered, AutoComplete) => Ok(Completed),
        (Shipped | Delivered | Completed, Refund | LinesRefunded) => Ok(Refunded),
        // A group that did not fill: nothing was sent, so an unpaid place
        // is simply cancelled and a paid one refunded whole.
        (PendingPayment, GroupFail) => Ok(Cancelled),
        (Paid, GroupFail) => Ok(Refunded),
        _ => Err(action.refusal()),
    }
}

/// Whether stock goes back on the shelf when an order in `from` is called off
/// (it always does: stock is taken when the order is placed).
pub fn restocks_on_cancel(from: OrderStatus) -> bool {
    matches!(from, OrderStatus::PendingPayment | OrderStatus::Paid)
}

/// A carrier code from the list the Ship form offers.
pub fn parse_carrier(raw: &str) -> Result<&'static str, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ErrorCode::Required);
    }
    CARRIERS
        .iter()
        .find(|(code, _, _)| *code == raw)
        .map(|(code, _, _)| *code)
        .ok_or(ErrorCode::CarrierUnknown)
}

/// A tracking number as carriers print them: 8 to 30 letters and digits
/// (spaces and dashes a person types in between are dropped), upper-cased.
pub fn parse_tracking_number(raw: &str) -> Result<String, ErrorCode> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if cleaned.is_empty() {
        return Err(ErrorCode::Required);
    }
    if !(8..=30).contains(&cleaned.len()) || !cleaned.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ErrorCode::TrackingNumberInvalid);
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderAction::*;
    use OrderStatus::*;

    fn actor_for(action: OrderAction) -> Actor {
        match action {
            Pay => Actor::PaymentProvider,
            Cancel | ConfirmReceipt => Actor::Shopper(1),
            Expire | AutoComplete | GroupFail | LinesRefunded => Actor::System,
            Ship => Actor::Merchant(2),
            Deliver => Actor::Carrier,
            Refund => Actor::Operator(3),
        }
    }

    const ACTIONS: [OrderAction; 10] = [
        Pay,
        Cancel,
        Expire,
        Ship,
        Deliver,
        ConfirmReceipt,
        AutoComplete,
        Refund,
        GroupFail,
        LinesRefunded,
    ];

    #[test]
    fn the_legal_changes_are_exactly_these() {
        let legal = [
            (PendingPayment, Pay, Paid),
            (PendingPayment, Cancel, Cancelled),
            (PendingPayment, Expire, Cancelled),
            (Paid, Cancel, Cancelled),
            (Paid, Ship, Shipped),
            (Shipped, Deliver, Delivered),
            (Shipped, ConfirmReceipt, Completed),
            (Delivered, ConfirmReceipt, Completed),
            (Delivered, AutoComplete, Completed),
            (Shipped, Refund, Refunded),
            (Delivered, Refund, Refunded),
            (Completed, Refund, Refunded),
            (Delivered, LinesRefunded, Refunded),
            (Completed, LinesRefunded, Refunded),
            (Shipped, LinesRefunded, Refunded),
            (PendingPayment, GroupFail, Cancelled),
            (Paid, GroupFail, Refunded),
        ];
        for from in OrderStatus::ALL {
            for action in ACTIONS {
                let got = next_status(from, action, actor_for(action));
                match legal.iter().find(|(f, a, _)| *f == from && *a == action) {
                    Some((_, _, to)) => assert_eq!(got, Ok(*to), "{from:?} --{action:?}-->"),
                    None => assert_eq!(got, Err(action.refusal()), "{from:?} --{action:?}--> must be refused"),
                }
            }
        }
    }

    #[test]
    fn shipping_a_cancelled_order_cancelling_a_shipped_one_and_paying_a_cancelled_one_are_refused() {
        assert_eq!(
            next_status(Cancelled, Ship, Actor::Merchant(2)),
            Err(ErrorCode::OrderNotShippable)
        );
        assert_eq!(
            next_status(Shipped, Cancel, Actor::Shopper(1)),
            Err(ErrorCode::OrderNotCancellable)
        );
        assert_eq!(
            next_status(Cancelled, Pay, Actor::PaymentProvider),
            Err(ErrorCode::OrderNotPayable)
        );
        assert_eq!(
            next_status(Paid, Pay, Actor::PaymentProvider),
            Err(ErrorCode::OrderNotPayable)
        );
    }

    #[test]
    fn each_action_belongs_to_its_actors() {
        assert_eq!(next_status(Paid, Ship, Actor::Shopper(1)), Err(ErrorCode::Forbidden));
        assert_eq!(
            next_status(PendingPayment, Pay, Actor::Shopper(1)),
            Err(ErrorCode::Forbidden)
        );
        assert_eq!(
            next_status(Shipped, Deliver, Actor::Merchant(2)),
            Err(ErrorCode::Forbidden)
        );
        assert_eq!(next_status(Shipped, Deliver, Actor::Operator(3)), Ok(Delivered));
        assert_eq!(next_status(Paid, Cancel, Actor::Operator(3)), Ok(Cancelled));
        assert_eq!(
            next_status(Delivered, AutoComplete, Actor::Shopper(1)),
            Err(ErrorCode::Forbidden)
        );
        // Only the group's own clock fails a group order.
        assert_eq!(
            next_status(Paid, GroupFail, Actor::Shopper(1)),
            Err(ErrorCode::Forbidden)
        );
        assert_eq!(
            next_status(Paid, GroupFail, Actor::Operator(3)),
            Err(ErrorCode::Forbidden)
        );
    }

    #[test]
    fn every_status_reads_back_from_the_database() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::from_db(status.as_db()), Some(status));
        }
        assert_eq!(OrderStatus::from_db("lost"), None);
    }

    #[test]
    fn tracking_numbers_are_cleaned_and_bounded() {
        assert_eq!(parse_tracking_number(" sf 1234-5678 90 "), Ok("SF1234567890".into()));
        assert_eq!(parse_tracking_number(""), Err(ErrorCode::Required));
        assert_eq!(parse_tracking_number("1234"), Err(ErrorCode::TrackingNumberInvalid));
        assert_eq!(
            parse_tracking_number("SF12345678<script>"),
            Err(ErrorCode::TrackingNumberInvalid)
        );
        assert_eq!(
            parse_tracking_number(&"9".repeat(31)),
            Err(ErrorCode::TrackingNumberInvalid)
        );
        assert_eq!(parse_carrier("sf"), Ok("sf"));
        assert_eq!(parse_carrier("dhl"), Err(ErrorCode::CarrierUnknown));
        assert_eq!(parse_carrier(" "), Err(ErrorCode::Required));
    }
}
