//! The shell's words: header, footer, the skip link, the site's name.

use crate::i18n::messages;

messages! {
    /// What the header, the footer and the page frame say.
    pub enum LayoutMsg {
        SiteName => "Jishi", "集市";
        Tagline => "A market fair of independent shops", "汇聚独立店铺的集市";
        SkipToContent => "Skip to content", "跳到正文";
        Search => "Search", "搜索";
        SearchPlaceholder => "Search products, brands and shops", "搜索商品、品牌、店铺";
        Suggestions => "Suggestions", "搜索建议";
        Menu => "Menu", "菜单";
        Account => "Account", "账户";
        Language => "Language", "语言";
        SellOnJishi => "Sell on Jishi", "商家入驻";
        OperatorConsole => "Operator console", "运营后台";
        SellerPortal => "Seller portal", "商家中心";
        // The seller portal's and the operator console's own navigation.
        SellerMenu => "Seller menu", "商家菜单";
        ConsoleMenu => "Console menu", "后台菜单";
        Overview => "Overview", "概览";
        NavProducts => "Products", "商品";
        NavShops => "Shops", "店铺";
        NavAfterSales => "After-sales", "售后";
        NavAnalytics => "Analytics", "数据分析";
        NavDisputes => "Disputes", "纠纷仲裁";
        NavComplaints => "Complaints", "投诉";
        NavOrders => "Orders", "订单";
        NavApplications => "Merchant applications", "入驻申请";
        NavAuditLog => "Audit log", "操作日志";
        NavListings => "Listings", "商品审核";
        NavReviews => "Reviews", "评价";
        NavPromotions => "Promotions", "营销活动";
        NavInventory => "Inventory", "库存";
        NavNotifications => "Notifications", "消息通知";
        NavMembers => "Members", "店铺成员";
        NavProfile => "Shop profile", "店铺资料";
        FooterAbout => "Jishi brings independent shops and shoppers together, with the platform vouching for every merchant.", "集市连接独立店铺与顾客，平台为每一位商家把关。";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{assert_worded, Locale, Message};

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&LayoutMsg::samples());
    }

    #[test]
    fn skip_link_keeps_its_english_words() {
        assert_eq!(LayoutMsg::SkipToContent.text(Locale::En), "Skip to content");
    }
}
