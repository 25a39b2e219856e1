//! The words of the dashboards.

use super::model::Segment;
use crate::i18n::messages;

messages! {
    /// What the dashboards say.
    pub enum AnalyticsMsg {
        Analytics => "Analytics", "数据分析";
        Period => "Period", "时间范围";
        Today => "Today", "今天";
        Days7 => "7 days", "近 7 天";
        Days30 => "30 days", "近 30 天";
        From => "From", "开始日期";
        To => "To", "结束日期";
        Show => "Show", "查看";
        RangeShown { from: i64, to: i64 } => format!("{} to {}, compared with the {} days before", super::domain::date_of(from), super::domain::date_of(to), to - from + 1), format!("{} 至 {}，对比前 {} 天", super::domain::date_of(from), super::domain::date_of(to), to - from + 1);
        Overview => "Overview", "核心指标";
        Figure => "Figure", "指标";
        ThisPeriod => "This period", "本期";
        PeriodBefore => "Period before", "上期";
        Change => "Change", "变化";
        PlacedGmv => "GMV (placed)", "下单金额";
        PaidGmv => "GMV (paid)", "支付金额";
        PlacedOrders => "Orders placed", "下单笔数";
        PaidOrders => "Paid orders", "支付订单";
        Buyers => "Buyers", "支付买家数";
        Aov => "Average order value", "客单价";
        RepeatRate => "Repeat-purchase rate", "复购率";
        RefundRate => "Refund rate", "退款率";
        Refunded => "Refunded", "退款金额";
        SellThrough => "Sell-through", "动销率";
        Funnel => "Funnel", "转化漏斗";
        FunnelNote => "Each visitor counts once a day at each step.", "每位访客每天在每一步计一次。";
        Step => "Step", "环节";
        People => "Visitors", "人数";
        RateFromPrevious => "From the step before", "上一步转化率";
        Visitors => "Visitors", "访客";
        AddedToCart => "Added to cart", "加购";
        StartedCheckout => "Started checkout", "去结算";
        Ordered => "Ordered", "下单";
        PaidStep => "Paid", "支付";
        SalesByDay => "Paid GMV by day", "每日支付金额";
        Day => "Day", "日期";
        Views => "Views", "浏览量";
        Units => "Units", "件数";
        TopProducts => "Top products", "热销商品";
        StuckProducts => "Viewed but rarely bought", "高浏览低转化商品";
        Product => "Product", "商品";
        Conversion => "Conversion", "转化率";
        Nothing => "Nothing in this period yet.", "该时段暂无数据。";
        ExportCsv => "Export CSV", "导出 CSV";
        Shop => "Shop", "店铺";
        ChooseShop => "Shop", "选择店铺";
        PlatformGmv => "Platform GMV by day", "平台每日支付金额";
        NewShoppers => "New shoppers", "新增买家";
        NewMerchants => "New shops", "新增店铺";
        Growth => "New shoppers and shops", "新增用户与店铺";
        Categories => "Category shares", "类目占比";
        Category => "Category", "类目";
        Share => "Share", "占比";
        League => "Shops", "店铺排行";
        DisputeRate => "Dispute rate (all time)", "纠纷率（累计）";
        Rating => "Rating", "评分";
        Segments => "Shopper segments (RFM)", "买家分层（RFM）";
        SegmentsNote => "Champions: paid within 30 days, 3+ orders, ¥500+ spent. Loyal: 2+ orders, last within 90 days. Promising: one order within 90 days. At risk: 2+ orders, none for 90 days. Hibernating: one order, over 90 days ago.", "重要价值：30 天内有支付、3 单以上、消费满 ¥500；忠诚：2 单以上且 90 天内有支付；潜力：90 天内仅 1 单；流失风险：2 单以上但 90 天无支付；沉睡：仅 1 单且已超过 90 天。";
        Segment => "Segment", "分层";
        Shoppers => "Shoppers", "人数";
        ExportAccounts => "Export accounts", "导出账户";
        Chart => "Chart", "图表";
        Coupon => "Coupon", "优惠券";
        SendCoupon => "Send coupon", "发放优惠券";
        NoCouponRunning => "No platform coupon is running: create one in Promotions to send it to a segment.", "当前没有进行中的平台优惠券：请先在营销活动中创建，再发放给分层人群。";
        CouponSentTo { sent: i64, already: i64, ran_out: i64 } => format!("Coupon sent to {sent} shoppers ({already} already held it; {ran_out} left without, the units ran out)."), format!("已向 {sent} 位买家发放优惠券（{already} 位已持有；{ran_out} 位因券已领完未获发放）。");
        Numbers => "The numbers", "数据表";
    }
}

messages! {
    /// The RFM segments' names.
    pub enum SegmentMsg {
        Champions => "Champions", "重要价值";
        Loyal => "Loyal", "忠诚";
        Promising => "Promising", "潜力";
        AtRisk => "At risk", "流失风险";
        Hibernating => "Hibernating", "沉睡";
    }
}

impl From<Segment> for SegmentMsg {
    fn from(s: Segment) -> Self {
        match s {
            Segment::Champions => SegmentMsg::Champions,
            Segment::Loyal => SegmentMsg::Loyal,
            Segment::Promising => SegmentMsg::Promising,
            Segment::AtRisk => SegmentMsg::AtRisk,
            Segment::Hibernating => SegmentMsg::Hibernating,
        }
    }
}
