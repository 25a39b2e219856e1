//! The words of the payment page.

use crate::i18n::messages;

messages! {
    /// What the payment page says.
    pub enum PaymentsMsg {
        Payment => "Payment", "支付";
        AmountDue => "Amount due", "应付金额";
        CardNumber => "Card number", "卡号";
        Expiry => "Expiry", "有效期";
        ExpiryHint => "MM/YY", "MM/YY（月/年）";
        Cvc => "CVC", "安全码";
        CvcHint => "The 3 digits on the back of the card.", "卡背面的 3 位数字。";
        Pay => "Pay", "支付";
        PaymentSuccessful => "Payment successful", "支付成功";
        PaymentSuccessfulBody => "Your orders are paid. The shops will ship them soon.", "订单已支付，店铺会尽快发货。";
        Confirming => "Confirming your payment…", "正在确认支付结果…";
        ConfirmingBody => "Your payment was accepted; we are waiting for the payment provider's confirmation. This page refreshes by itself.", "支付已受理，正在等待支付机构确认，本页面会自动刷新。";
        Closed => "There is nothing left to pay here: these orders were cancelled.", "这些订单已取消，无需支付。";
        ViewMyOrders => "View my orders", "查看我的订单";
        OrdersInPayment => "Orders in this payment", "本次支付的订单";
        TestCards => "Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined. Any future expiry, any 3 digits.", "测试卡：4242 4242 4242 4242 支付成功；4000 0000 0000 0002 会被拒绝。有效期填任意未来日期，安全码任意 3 位。";
        NotCharged => "You were not charged.", "未扣款。";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&PaymentsMsg::samples());
    }
}
