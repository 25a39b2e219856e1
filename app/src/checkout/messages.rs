//! The words of the checkout page and the address form.

use crate::i18n::messages;

messages! {
    /// What checkout says.
    pub enum CheckoutMsg {
        Checkout => "Checkout", "结算";
        ShipTo => "Ship to", "收货地址";
        NoAddressYet => "You have no saved address yet. Add one below.", "您还没有收货地址，请在下方新增。";
        AddAddress => "Add an address", "新增收货地址";
        EditAddress => "Edit this address", "编辑地址";
        Recipient => "Recipient", "收货人";
        Phone => "Phone", "手机号码";
        PhoneHint => "A mainland mobile number, 11 digits.", "11 位中国大陆手机号码。";
        Province => "Province", "省份";
        City => "City", "城市";
        District => "District", "区县";
        ChooseOne => "Choose…", "请选择…";
        UpdateLists => "Update lists", "更新列表";
        Address => "Address", "详细地址";
        AddressHint => "Street, number, building and flat.", "街道、门牌号、楼栋和房间号。";
        MakeDefault => "Use as my default address", "设为默认地址";
        SaveAddress => "Save address", "保存地址";
        Default => "Default", "默认";
        SetDefault => "Set as default", "设为默认";
        Edit => "Edit", "编辑";
        Delete => "Delete", "删除";
        Cancel => "Cancel", "取消";
        Items => "Items", "商品金额";
        Shipping => "Shipping", "运费";
        FreeShipping => "Free", "免运费";
        FreeShippingOver { fen: i64 } => format!("Free shipping from {}", crate::i18n::format_fen(fen)), format!("满 {} 免运费", crate::i18n::format_fen(fen));
        Discount => "Discount", "优惠";
        Total => "Total", "合计";
        OrderTotal => "Order total", "应付总额";
        CouponCode => "Coupon code", "优惠码";
        Apply => "Apply", "使用";
        PlaceOrder => "Place order", "提交订单";
        LeftOut => "Not in this order", "未计入本次订单";
        LeftOutSoldOut => "Sold out: it stays in your cart.", "已售罄，仍保留在购物车中。";
        LeftOutDelisted => "No longer available: it stays in your cart.", "已下架，仍保留在购物车中。";
        LeftOutPriceChanged { was: i64 } => format!("The price changed from {}. Accept the new price in your cart to buy it.", crate::i18n::format_fen(was)), format!("价格已从 {} 变动，请在购物车中确认新价格后再购买。", crate::i18n::format_fen(was));
        BackToCart => "Back to cart", "返回购物车";
        LineSoldOut => "Something sold out while you were checking out, so nothing was ordered. Check your order and place it again.", "结算期间有商品售罄，订单未提交。请核对订单后重新提交。";
        NothingToBuy => "Nothing in your cart can be bought right now.", "购物车中暂无可购买的商品。";
        Quantity { n: i64 } => format!("× {n}"), format!("× {n}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&CheckoutMsg::samples());
    }
}
