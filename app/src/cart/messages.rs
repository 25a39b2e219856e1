//! The cart's words, and adding to it from a product page.

use crate::i18n::{en_plural, messages};

messages! {
    /// What the cart, the header's cart link and the buy form say.
    pub enum CartMsg {
        Cart => "Cart", "购物车";
        /// The header's cart count, read out by screen readers.
        ItemsInCart { n: i64 } => format!("{n} {} in cart", en_plural(n, "item", "items")), format!("购物车中有 {n} 件商品");
        AddToCart => "Add to cart", "加入购物车";
        AddedToCart => "Added to cart.", "已加入购物车。";
        ViewCart => "View cart", "去购物车";
        Quantity => "Quantity", "数量";
        Remove => "Remove", "删除";
        Update => "Update", "更新";
        Checkout => "Checkout", "去结算";
        NothingBuyable => "Nothing here can be bought right now: accept new prices or remove what sold out.", "暂无可购买的商品：请确认新价格或删除已售罄的商品。";
        AcceptNewPrice => "Accept the new price", "接受新价格";
        Subtotal => "Subtotal", "小计";
        Total => "Total", "合计";
        PriceChangedFrom => "Price changed since you added it; it was", "加入后价格有变动，原价";
        NoLongerAvailable => "No longer available", "商品已下架";
        /// Fewer left than the line asks for; the total counts these.
        OnlyLeft { n: i64 } => format!("Only {n} left: the total counts {n}."), format!("仅剩 {n} 件，合计按 {n} 件计算。");
        SoldOutRemove => "Sold out: remove it to check out.", "已售罄，请删除后再结算。";
        EmptyCartTitle => "Your cart is empty", "购物车是空的";
        EmptyCartBody => "Browse the categories and add something you like.", "去逛逛分类，挑选喜欢的商品吧。";
        ContinueShopping => "Continue shopping", "继续逛逛";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{assert_worded, Locale, Message};

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&CartMsg::samples());
    }

    #[test]
    fn one_item_two_items() {
        assert_eq!(CartMsg::ItemsInCart { n: 1 }.text(Locale::En), "1 item in cart");
        assert_eq!(CartMsg::ItemsInCart { n: 2 }.text(Locale::En), "2 items in cart");
        assert_eq!(CartMsg::ItemsInCart { n: 0 }.text(Locale::En), "0 items in cart");
        assert_eq!(CartMsg::ItemsInCart { n: 1 }.text(Locale::ZhCn), "购物车中有 1 件商品");
    }
}
