//! The words of the orders pages.

use super::model::{Actor, OrderStatus};
use crate::i18n::messages;

messages! {
    /// What the orders pages (and the header's orders link) say.
    pub enum OrdersMsg {
        MyOrders => "My orders", "我的订单";
        NoOrdersTitle => "You have no orders yet", "您还没有订单";
        NoOrdersBody => "Orders you place will appear here with their status.", "下单后，订单及其状态会显示在这里。";
        NoOrdersInStatus => "No orders here.", "这里没有订单。";
        All => "All", "全部";
        Order { id: i64 } => format!("Order {id}"), format!("订单 {id}");
        PlacedOn => "Placed", "下单时间";
        Shop => "Shop", "店铺";
        Status => "Status", "状态";
        Total => "Total", "合计";
        ViewOrder => "View order", "查看订单";
        PayNow => "Pay now", "去付款";
        PayBy => "Pay before", "请在此前付款";
        CancelOrder => "Cancel order", "取消订单";
        ConfirmReceipt => "Confirm receipt", "确认收货";
        Carrier => "Carrier", "快递公司";
        TrackingNumber => "Tracking number", "运单号";
        ShipTo => "Ship to", "收货信息";
        PaidWith => "Paid with", "支付方式";
        Refund => "Refund", "退款";
        RefundDone => "returned", "已退回";
        RefundPending => "on its way back", "退款中";
        Timeline => "Timeline", "订单进度";
        Items => "Items", "商品金额";
        Shipping => "Shipping", "运费";
        Discount => "Discount", "优惠";
        SkuCode => "SKU", "商品编码";
        Previous => "Previous", "上一页";
        Next => "Next", "下一页";
        PageOf { page: i64, pages: i64 } => format!("Page {page} of {pages}"), format!("第 {page} 页，共 {pages} 页");
        Ship => "Ship", "发货";
        ChooseCarrier => "Choose…", "请选择…";
        ToShip => "To ship", "待发货";
        MarkDelivered => "Mark delivered", "标记已送达";
        Orders => "Orders", "订单";
        Buyer => "Buyer", "买家";
        ActorShopper => "you", "您";
        ActorMerchant => "the shop", "店铺";
        ActorOperator => "Jishi staff", "集市工作人员";
        ActorSystem => "Jishi", "集市";
        ActorPaymentProvider => "the payment provider", "支付机构";
        ActorCarrier => "the carrier", "快递公司";
        EventPlaced => "Order placed", "订单已提交";
        EventPaid => "Paid", "已付款";
        EventShipped => "Shipped", "已发货";
        EventDelivered => "Delivered", "已送达";
        EventReceived => "Receipt confirmed", "已确认收货";
        EventAutoCompleted => "Completed automatically", "自动确认收货";
        EventCancelled => "Cancelled", "已取消";
        EventExpired => "Cancelled: not paid in time", "超时未付款，已取消";
        EventDeclined => "Payment declined", "付款被拒绝";
        EventMoneyReturned => "Money returned", "退款已到账";
        EventRefundStarted => "Refund started", "退款处理中";
        EventRefunded => "Refunded", "已退款";
        EventLinesRefunded => "Every item refunded", "全部商品已退款";
        CancelAndRefund => "Cancel order and refund", "取消订单并退款";
        EventGroupFailed => "Group did not fill in time", "拼团未在时限内成团";
        EventGroupSucceeded => "Group complete: sent to the shop", "拼团成功，订单已交给店铺";
        GroupWaiting { paid: i64, size: i64 } => format!("Group buy: {paid} of {size} joined. The shop gets this order when the group is full."), format!("拼团中：已有 {paid}/{size} 人参团，成团后店铺才会收到订单。");
        GroupDone => "Group buy: complete", "拼团成功";
        GroupFailed => "Group buy: did not fill, refunded", "拼团失败，已退款";
        ViewGroup => "View group", "查看拼团";
        EventOther => "Updated", "已更新";
        By => "by", "操作方：";
        StatusPendingPayment => "Pending payment", "待付款";
        StatusPaid => "Paid", "已付款";
        StatusShipped => "Shipped", "已发货";
        StatusDelivered => "Delivered", "已送达";
        StatusCompleted => "Completed", "已完成";
        StatusCancelled => "Cancelled", "已取消";
        StatusRefunded => "Refunded", "已退款";
    }
}

/// The words for a status (the UX contract's names in English).
pub fn status_msg(status: OrderStatus) -> OrdersMsg {
    match status {
        OrderStatus::PendingPayment => OrdersMsg::StatusPendingPayment,
        OrderStatus::Paid => OrdersMsg::StatusPaid,
        OrderStatus::Shipped => OrdersMsg::StatusShipped,
        OrderStatus::Delivered => OrdersMsg::StatusDelivered,
        OrderStatus::Completed => OrdersMsg::StatusCompleted,
        OrderStatus::Cancelled => OrdersMsg::StatusCancelled,
        OrderStatus::Refunded => OrdersMsg::StatusRefunded,
    }
}

/// Who did it, in words.
pub fn actor_msg(actor: Actor) -> OrdersMsg {
    match actor {
        Actor::Shopper(_) => OrdersMsg::ActorShopper,
        Actor::Merchant(_) => OrdersMsg::ActorMerchant,
        Actor::Operator(_) => OrdersMsg::ActorOperator,
        Actor::System => OrdersMsg::ActorSystem,
        Actor::PaymentProvider => OrdersMsg::ActorPaymentProvider,
        Actor::Carrier => OrdersMsg::ActorCarrier,
    }
}

/// What happened, in words, from the audit log's action.
pub fn event_msg(action: &str) -> OrdersMsg {
    match action {
        "placed" => OrdersMsg::EventPlaced,
        "paid" => OrdersMsg::EventPaid,
        "shipped" => OrdersMsg::EventShipped,
        "delivered" => OrdersMsg::EventDelivered,
        "receipt_confirmed" => OrdersMsg::EventReceived,
        "auto_completed" => OrdersMsg::EventAutoCompleted,
        "cancelled" => OrdersMsg::EventCancelled,
        "expired" => OrdersMsg::EventExpired,
        "payment_declined" => OrdersMsg::EventDeclined,
        "money_returned" => OrdersMsg::EventMoneyReturned,
        "refund_started" => OrdersMsg::EventRefundStarted,
        "refunded" => OrdersMsg::EventRefunded,
        "lines_refunded" => OrdersMsg::EventLinesRefunded,
        "group_failed" => OrdersMsg::EventGroupFailed,
        "group_succeeded" => OrdersMsg::EventGroupSucceeded,
        _ => OrdersMsg::EventOther,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{assert_worded, Locale, Message};

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&OrdersMsg::samples());
    }

    #[test]
    fn statuses_read_as_the_contract_names_them() {
        let words: Vec<_> = OrderStatus::ALL
            .iter()
            .map(|s| status_msg(*s).text(Locale::En).into_owned())
            .collect();
        assert_eq!(
            words,
            [
                "Pending payment",
                "Paid",
                "Shipped",
                "Delivered",
                "Completed",
                "Cancelled",
                "Refunded"
            ]
        );
    }
}
