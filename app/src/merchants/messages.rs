//! The seller portal's and the shop lists' words.

use crate::i18n::messages;

messages! {
    /// What the seller portal and the operator's shop list say.
    pub enum MerchantsMsg {
        SellerIntro => "Your shops at a glance.", "您的店铺概况。";
        SellerProductsIntro => "Every product of the shop, whatever its listing status.", "本店的全部商品（含各种上架状态）。";
        AdminShopsIntro => "Every shop on the platform, newest first.", "平台上的全部店铺，最新的在前。";
        ShopStatusActive => "Active", "营业中";
        ShopStatusSuspended => "Suspended", "已暂停";
        ProductStatusDraft => "Draft", "草稿";
        ProductStatusPendingReview => "Pending review", "待审核";
        ProductStatusLive => "Live", "在售";
        ProductStatusRejected => "Rejected", "未通过审核";
        ProductStatusDelisted => "Delisted", "已下架";
        SkusOutOfStock => "SKUs out of stock", "缺货 SKU";
        ColumnName => "Name", "名称";
        ColumnSlug => "Address", "店铺地址";
        ColumnStatus => "Status", "状态";
        ColumnOwner => "Owner email", "店主邮箱";
        ColumnTitle => "Title", "商品名称";
        ColumnPrice => "Price", "价格";
        ColumnStock => "Stock", "库存";
        ViewLivePage => "View live page", "查看商品页";
        NoOwner => "No owner", "无店主";
        NoShopsYet => "No shops yet.", "还没有店铺。";
        NoShopProducts => "This shop has no products yet.", "本店还没有商品。";
        ShowShop => "Show", "查看";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&MerchantsMsg::samples());
    }
}
