//! The words of the orders pages.

use crate::i18n::messages;

messages! {
    /// What the orders pages (and the header's orders link) say.
    pub enum OrdersMsg {
        MyOrders => "My orders", "我的订单";
        NoOrdersTitle => "You have no orders yet", "您还没有订单";
        NoOrdersBody => "Orders you place will appear here with their status.", "下单后，订单及其状态会显示在这里。";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&OrdersMsg::samples());
    }
}
