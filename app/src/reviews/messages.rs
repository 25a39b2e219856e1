//! Reviews' words: the review form, the product page's Reviews section,
//! the seller portal's and the console's Reviews pages.

use super::model::{Flag, ReportReason, ReviewStatus};
use crate::i18n::{en_plural, messages};

messages! {
    /// What reviews say.
    pub enum ReviewsMsg {
        Reviews => "Reviews", "评价";
        WriteReview => "Write a review", "写评价";
        AddFollowUp => "Add a follow-up", "追加评价";
        FollowUpTitle => "Follow-up review", "追评";
        Rating => "Rating", "评分";
        Stars { n: i64 } => format!("{n} {}", en_plural(n.unsigned_abs(), "star", "stars")), format!("{n} 星");
        Review => "Review", "评价内容";
        ReviewHint => "10 to 2,000 characters: what you bought, how it is, what to know.", "10 到 2000 字：买了什么、用起来怎样、有什么需要注意的。";
        FollowUpHint => "How has it held up? 10 to 2,000 characters.", "用了一段时间后感受如何？10 到 2000 字。";
        Photos => "Photos", "照片";
        PhotosHint => "Up to 6 JPEG, PNG or WebP pictures, 5 MB each. Location and camera data are removed.", "最多 6 张 JPEG、PNG 或 WebP 图片，每张不超过 5 MB；位置与拍摄信息会被去除。";
        Anonymous => "Post anonymously", "匿名评价";
        AnonymousHint => "Others see your name masked, like 王**.", "其他人看到的名字会被隐去，如“王**”。";
        RateShop => "Rate the shop", "店铺评分";
        Described => "Item as described", "描述相符";
        Service => "Seller service", "卖家服务";
        Delivery => "Delivery", "物流服务";
        SubmitReview => "Submit review", "提交评价";
        PendingModeration => "Pending moderation", "等待审核";
        PendingNote => "Your review is checked before it appears on the product page.", "评价审核通过后会显示在商品页面。";
        Published => "Published", "已发布";
        Rejected => "Rejected", "未通过";
        Draft => "Draft", "草稿";
        YourReview => "Your review", "我的评价";
        YourFollowUp => "Your follow-up", "我的追评";
        Reason => "Reason", "原因";
        BackToOrder => "Back to the order", "返回订单";
        BackToReviews => "Back to the reviews", "返回评价";
        Helpful => "Helpful", "有用";
        HelpfulCount { n: i64 } => format!("Helpful ({n})"), format!("有用（{n}）");
        Report => "Report", "举报";
        ReportReasonLabel => "Why report it", "举报原因";
        Reported => "Thank you. An operator will look at it.", "感谢举报，运营人员会处理。";
        Voted => "You found this helpful.", "您认为这条评价有用。";
        SellerReply => "Seller reply", "商家回复";
        FollowUpAfter { days: i64 } => if days == 0 { "Follow-up the same day".to_string() } else { format!("Follow-up after {days} {}", en_plural(days.unsigned_abs(), "day", "days")) }, if days == 0 { "当天追评".to_string() } else { format!("{days} 天后追评") };
        Average => "Average rating", "平均评分";
        OutOfFive => "out of 5", "分（满分 5 分）";
        ReviewCount { n: i64 } => format!("{n} {}", en_plural(n.unsigned_abs(), "review", "reviews")), format!("{n} 条评价");
        NoReviews => "No reviews yet.", "暂无评价。";
        NoneMatch => "No reviews match this filter.", "没有符合条件的评价。";
        All => "All", "全部";
        WithPhotos { n: i64 } => format!("With photos ({n})"), format!("有图（{n}）");
        FollowUps { n: i64 } => format!("Follow-ups ({n})"), format!("追评（{n}）");
        StarsFilter { stars: i64, n: i64 } => format!("{stars} {} ({n})", en_plural(stars.unsigned_abs(), "star", "stars")), format!("{stars} 星（{n}）");
        FilterReviews => "Filter reviews", "筛选评价";
        SortBy => "Sort by", "排序";
        Newest => "Newest", "最新";
        MostHelpful => "Most helpful", "最有用";
        Histogram => "Ratings by stars", "各星级评分";
        PreviousPage => "Previous", "上一页";
        NextPage => "Next", "下一页";
        PageOf { page: i64, pages: i64 } => format!("Page {page} of {pages}"), format!("第 {page} / {pages} 页");
        ShopScores => "Shop ratings", "店铺评分";
        PlatformAverage => "Platform average", "平台平均";
        ScoresFrom { n: i64 } => format!("From {n} {}", en_plural(n.unsigned_abs(), "rating", "ratings")), format!("来自 {n} 个评分");
        NoScores => "No ratings yet.", "暂无评分。";
        Queue => "Reviews waiting for a decision, oldest first.", "待审核评价，最早的在前。";
        Waiting { n: i64 } => format!("{n} waiting"), format!("{n} 条待审核");
        NothingWaiting => "No review waits for a decision.", "没有待审核的评价。";
        FlaggedFor => "Flagged for", "触发规则";
        NoFlags => "No rule flagged it", "未触发规则";
        ReportsCount { n: i64 } => format!("{n} {}", en_plural(n.unsigned_abs(), "report", "reports")), format!("{n} 次举报");
        Approve => "Approve", "通过";
        Reject => "Reject", "驳回";
        RejectHint => "The author reads this reason.", "作者会看到这个原因。";
        Product => "Product", "商品";
        Shop => "Shop", "店铺";
        Author => "Author", "作者";
        Submitted => "Submitted", "提交时间";
        FollowUpBadge => "Follow-up", "追评";
        Rules => "Automatic rules", "自动规则";
        RulesIntro => "Each rule names its reason in the queue. A review no rule flags publishes at once only when the first box is ticked.", "每条规则都会在审核队列中注明原因。仅当勾选第一项时，未触发任何规则的评价才会立即发布。";
        AutoPublish => "Publish clean reviews from verified buyers at once", "验证买家的合规评价立即发布";
        BannedWords => "Banned words (one per line)", "违禁词（每行一个）";
        CheckLinks => "Flag links", "标记链接";
        CheckContacts => "Flag phone numbers and WeChat or QQ ids", "标记电话号码、微信或 QQ 号";
        CheckDuplicates => "Flag the same or nearly the same text from other accounts", "标记与其他账户相同或几乎相同的内容";
        ProductBurst => "Reviews of one product within the window before flagging (0: off)", "同一商品在时间窗口内的评价数上限（0 为关闭）";
        AddressBurst => "Reviews from one address within the window before flagging (0: off)", "同一地址在时间窗口内的评价数上限（0 为关闭）";
        BurstMinutes => "Window (minutes)", "时间窗口（分钟）";
        PaidPraiseMinutes => "Minutes after delivery that a review of an order with the shop's coupon is suspect (0: off)", "使用店铺优惠券的订单签收后多少分钟内的评价视为可疑（0 为关闭）";
        ReportThreshold => "Reports that send a review back to the queue", "多少次举报后评价退回审核";
        SaveRules => "Save rules", "保存规则";
        Saved => "Saved.", "已保存。";
        Reply => "Reply", "回复";
        YourReply => "Your reply", "您的回复";
        ShopReviewsIntro => "Published reviews of your shop's products, newest first. One public reply per review; you can edit it.", "本店商品的已发布评价，最新的在前。每条评价可公开回复一次，回复可修改。";
        NoShopReviews => "No published reviews yet.", "暂无已发布的评价。";
        ReviewedOn => "Reviewed", "评价于";
    }
}

/// The words of a review's status.
pub fn status_msg(status: ReviewStatus) -> ReviewsMsg {
    match status {
        ReviewStatus::Draft => ReviewsMsg::Draft,
        ReviewStatus::Pending => ReviewsMsg::PendingModeration,
        ReviewStatus::Published => ReviewsMsg::Published,
        ReviewStatus::Rejected => ReviewsMsg::Rejected,
    }
}

messages! {
    /// Why the rules held a review back, and why shoppers report one.
    pub enum FlagMsg {
        BannedWord => "A banned word", "违禁词";
        Link => "A link", "链接";
        Contact => "Contact details (off-platform selling)", "联系方式（站外交易）";
        Duplicate => "Same text as other accounts", "与其他账户内容相同";
        ProductBurst => "A burst of reviews on this product", "该商品短时间内评价过多";
        AddressBurst => "A burst of reviews from one address", "同一地址短时间内评价过多";
        PaidPraise => "Written soon after delivery of an order with the shop's coupon", "使用店铺优惠券的订单签收后很快写的评价";
        Reported => "Reported by shoppers", "被买家举报";
        Spam => "Spam", "垃圾信息";
        Abuse => "Abusive", "辱骂";
        OffTopic => "Not about the product", "与商品无关";
        Advertising => "Advertising", "广告";
        PrivateInfo => "Private information", "泄露隐私";
        Fake => "Fake or paid review", "虚假或有偿评价";
    }
}

pub fn flag_msg(flag: Flag) -> FlagMsg {
    match flag {
        Flag::BannedWord => FlagMsg::BannedWord,
        Flag::Link => FlagMsg::Link,
        Flag::Contact => FlagMsg::Contact,
        Flag::Duplicate => FlagMsg::Duplicate,
        Flag::ProductBurst => FlagMsg::ProductBurst,
        Flag::AddressBurst => FlagMsg::AddressBurst,
        Flag::PaidPraise => FlagMsg::PaidPraise,
        Flag::Reported => FlagMsg::Reported,
    }
}

pub fn report_msg(reason: ReportReason) -> FlagMsg {
    match reason {
        ReportReason::Spam => FlagMsg::Spam,
        ReportReason::Abuse => FlagMsg::Abuse,
        ReportReason::OffTopic => FlagMsg::OffTopic,
        ReportReason::Advertising => FlagMsg::Advertising,
        ReportReason::PrivateInfo => FlagMsg::PrivateInfo,
        ReportReason::Fake => FlagMsg::Fake,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&ReviewsMsg::samples());
        assert_worded(&FlagMsg::samples());
    }
}
