//! Promotions' words: coupons, 满减, the wallet, the checkout's discount
//! lines, flash sales, group buying and the portal's and console's
//! Promotions pages.

use super::domain::{CouponValue, DiscountKind, SpendRule};
use super::model::{PromoStatus, WalletState};
use crate::i18n::{format_fen, messages};

messages! {
    /// What promotions say.
    pub enum PromoMsg {
        Promotions => "Promotions", "营销活动";
        CouponCentre => "Coupon centre", "领券中心";
        CouponCentreIntro => "Claim coupons here and they wait in My coupons until checkout uses them.", "在这里领取的优惠券会放进“我的优惠券”，结算时自动使用。";
        MyCoupons => "My coupons", "我的优惠券";
        Coupons => "Coupons", "优惠券";
        Claim => "Claim", "领取";
        Claimed => "Claimed: it is in My coupons.", "已领取，可在“我的优惠券”查看。";
        ClaimedCount { n: i64 } => format!("You hold {n}"), format!("已领 {n} 张");
        NoCoupons => "No coupon can be claimed right now.", "暂时没有可领取的优惠券。";
        WalletEmpty => "You have no coupons yet.", "您还没有优惠券。";
        LeftCount { n: i64 } => format!("{n} left"), format!("剩余 {n} 张");
        PlatformCoupon => "Platform coupon", "平台券";
        ValidUntil => "Valid until", "有效期至";
        ValidFrom => "Valid from", "生效时间";
        AnyCategory => "Every category", "全品类";
        Usable => "Usable", "可使用";
        NotYet => "Not yet valid", "未生效";
        Used => "Used", "已使用";
        Expired => "Expired", "已过期";
        SpendOffers => "Spend and save", "满减";
        PlatformEvents => "Platform events", "平台活动";
        JoinEvent => "Join", "报名";
        LeaveEvent => "Leave", "退出";
        Joined => "Taking part", "已报名";
        ShopsTakingPart { n: i64 } => format!("{n} shops taking part"), format!("{n} 家店铺参加");
        Scheduled => "Scheduled", "未开始";
        Running => "Running", "进行中";
        Paused => "Paused", "已暂停";
        Ended => "Ended", "已结束";
        Pause => "Pause", "暂停";
        Resume => "Resume", "恢复";
        End => "End", "结束";
        NewCoupon => "New coupon", "新建优惠券";
        NewSpendOffer => "New spend-and-save offer", "新建满减";
        NewEvent => "New platform event", "新建平台活动";
        Title => "Name", "名称";
        TitleHint => "What shoppers read, up to 40 characters.", "买家看到的名称，不超过 40 字。";
        Kind => "Kind", "类型";
        AmountOff => "Amount off", "满减券（减金额）";
        PercentOff => "Percentage off", "折扣券（打折）";
        Value => "Value (yuan, or percent off)", "面额（元，或折扣百分比）";
        Cap => "Most off (yuan, percentage coupons)", "最高优惠（元，折扣券）";
        MinSpend => "Minimum spend (yuan)", "使用门槛（元）";
        StartsAt => "Starts (China time)", "开始时间（北京时间）";
        EndsAt => "Ends (China time)", "结束时间（北京时间）";
        Quantity => "Quantity", "发行数量";
        PerPerson => "Per person", "每人限领";
        Code => "Code (optional)", "兑换码（可选）";
        CodeOnly => "Only by code (not listed)", "仅限兑换码领取（不公开）";
        Category => "Category", "品类";
        Tiers => "Tiers", "满减档位";
        TiersHint => "Spend-off pairs in yuan, like 199-20, 399-50.", "以元为单位的“满-减”组合，例如 199-20, 399-50。";
        Step => "For every (yuan)", "每满（元）";
        Off => "Take off (yuan)", "减（元）";
        Create => "Create", "创建";
        Created => "Created.", "已创建。";
        Uses => "Orders", "订单数";
        DiscountGiven => "Discount given", "优惠金额";
        ClaimedOf { claimed: i64, total: i64 } => format!("{claimed} of {total} claimed"), format!("已领 {claimed} / {total}");
        Window => "When", "时间";
        Status => "Status", "状态";
        Actions => "Actions", "操作";
        NothingYet => "Nothing here yet.", "暂无。";
        ShopDiscount => "Shop discount", "店铺满减";
        ShopCoupon => "Shop coupon", "店铺券";
        PlatformEvent => "Platform event", "平台活动";
        PlatformCouponLine => "Platform coupon", "平台券";
        ChooseCoupons => "Coupons", "优惠券";
        BestSaving => "Best saving", "最优惠";
        NoCoupon => "No coupon", "不使用";
        UpdateTotal => "Update total", "更新金额";
        Minimum { fen: i64 } => if fen > 0 { format!("orders from {}", format_fen(fen)) } else { "no minimum".to_string() }, if fen > 0 { format!("满 {} 可用", format_fen(fen)) } else { "无门槛".to_string() };
        UpTo { fen: i64 } => format!("up to {}", format_fen(fen)), format!("最高减 {}", format_fen(fen));
        LogInToClaim => "Log in to claim", "登录后领取";
        FlashSale => "Flash sale", "限时秒杀";
        FlashSales => "Flash sales", "秒杀活动";
        StartsIn => "Starts in", "距开始";
        EndsIn => "Ends in", "距结束";
        FlashOver => "This flash sale has ended.", "本场秒杀已结束。";
        PerAccount { n: i64 } => format!("Limit {n} per account"), format!("每人限购 {n} 件");
        BuyNow => "Buy now", "立即抢购";
        FlashSlots => "Time slots", "秒杀场次";
        FlashSlot => "Time slot", "场次";
        NewFlashSlot => "New time slot", "新建场次";
        FlashApplications => "Applications waiting", "待审核报名";
        FlashApproved => "Approved items", "已通过商品";
        FlashPrice => "Flash price", "秒杀价";
        FlashPriceYuan => "Flash price (yuan)", "秒杀价（元）";
        FlashSku => "Product and option", "商品规格";
        ApplyFlash => "Apply", "提交报名";
        SoldOf => "Sold", "已售";
        Shop => "Shop", "店铺";
        Product => "Product", "商品";
        Approve => "Approve", "通过";
        Reject => "Reject", "驳回";
        Reason => "Reason", "原因";
        PendingReview => "Pending review", "待审核";
        ApprovedStatus => "Approved", "已通过";
        RejectedStatus => "Rejected", "已驳回";
        Withdrawn => "Withdrawn", "已撤回";
        GroupBuy => "Group buy", "拼团";
        GroupBuying => "Group buying", "拼团活动";
        GroupPriceFor { size: i64 } => format!("each when {size} people buy together"), format!("{size} 人成团价");
        AlonePrice => "alone", "单独购买";
        GroupHours { hours: i64 } => format!("A group has {hours} hours to fill; if it does not, everyone is refunded."), format!("开团后 {hours} 小时内未成团，全员自动退款。");
        StartGroup => "Start a group", "发起拼团";
        JoinGroup => "Join group", "参与拼团";
        GroupTitle { id: i64 } => format!("Group {id}"), format!("拼团 {id}");
        GroupJoined { paid: i64, size: i64 } => format!("{paid} of {size} joined"), format!("已有 {paid}/{size} 人参团");
        GroupPlacesLeft { n: i64 } => format!("{n} more needed"), format!("还差 {n} 人");
        GroupForming => "Waiting for the payment that opens this group.", "等待团长付款开团。";
        GroupOpen => "Open: share the link to fill it.", "拼团进行中：分享链接邀请好友参团。";
        GroupSucceeded => "Group complete: the orders are on their way to the shop.", "拼团成功：订单已交给店铺发货。";
        GroupFailed => "This group did not fill in time. Every member was refunded.", "该团未在时限内成团，已为所有成员退款。";
        GroupAbandoned => "This group was never opened.", "该团未开团。";
        GroupFullNote => "Every place is taken; the group completes when the last members pay.", "名额已满，最后几位付款后即成团。";
        ShareLink => "Share this link", "分享链接";
        CopyLink => "Copy link", "复制链接";
        LinkCopied => "Copied", "已复制";
        YouAreIn => "You are in this group.", "您已在该团中。";
        FinishPaying => "Pay for your place", "去付款";
        ViewYourOrder => "View your order", "查看我的订单";
        GroupMembers => "Members", "团员";
        GroupSize => "Group size (people)", "成团人数";
        GroupPriceYuan => "Group price (yuan)", "拼团价（元）";
        GroupHoursField => "Hours to fill a group", "成团时限（小时）";
        GroupHoursHint => "1 to 72; 24 when left empty.", "1 到 72；留空为 24。";
        GroupPrice => "Group price", "拼团价";
        GroupsOpen => "Open", "进行中";
        GroupsDone => "Complete", "已成团";
        GroupsFailed => "Failed", "未成团";
        NewGroupOffer => "New group buy", "新建拼团";
        GroupEndsIn => "Time left", "剩余时间";
        ShareYourGroup => "Share your group", "分享您的拼团";
        InStock { n: i64 } => format!("{n} in stock"), format!("库存 {n}");
        GroupSoldOut => "Sold out: no group can start now.", "已售罄，暂时无法开团。";
    }
}

/// "¥20 off" / "10% off" in the current language.
pub fn value_text(value: CouponValue) -> String {
    let zh = crate::i18n::use_locale() == crate::i18n::Locale::ZhCn;
    match (value, zh) {
        (CouponValue::Amount(fen), false) => format!("{} off", format_fen(fen)),
        (CouponValue::Amount(fen), true) => format!("减 {}", format_fen(fen)),
        (CouponValue::Percent { percent, .. }, false) => format!("{percent}% off"),
        // 10% off is 九折 ("pay 90 %"); show it the way shoppers read it.
        (CouponValue::Percent { percent, .. }, true) => {
            let pay = 100 - percent;
            if pay % 10 == 0 {
                format!("{} 折", pay / 10)
            } else {
                format!("{:.1} 折", pay as f64 / 10.0)
            }
        }
    }
}

/// "满199减20 · 满399减50" / "Spend ¥199, save ¥20 · …".
pub fn rule_text(rule: &SpendRule) -> String {
    let zh = crate::i18n::use_locale() == crate::i18n::Locale::ZhCn;
    match rule {
        SpendRule::Tiers(tiers) => tiers
            .iter()
            .map(|(t, o)| {
                if zh {
                    format!("满{}减{}", yuan(*t), yuan(*o))
                } else {
                    format!("Spend {}, save {}", format_fen(*t), format_fen(*o))
                }
            })
            .collect::<Vec<_>>()
            .join(" · "),
        SpendRule::Every {
            step_minor,
            off_minor,
            cap_minor,
        } => {
            let base = if zh {
                format!("每满{}减{}", yuan(*step_minor), yuan(*off_minor))
            } else {
                format!("{} off every {}", format_fen(*off_minor), format_fen(*step_minor))
            };
            match cap_minor {
                Some(cap) if zh => format!("{base}，最高减{}", yuan(*cap)),
                Some(cap) => format!("{base}, up to {}", format_fen(*cap)),
                None => base,
            }
        }
    }
}

/// Whole yuan without the sign, as 满减 is written ("199", "19.9").
fn yuan(fen: i64) -> String {
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        format!("{}.{:02}", fen / 100, fen % 100)
            .trim_end_matches('0')
            .to_string()
    }
}

pub fn status_msg(status: PromoStatus) -> PromoMsg {
    match status {
        PromoStatus::Scheduled => PromoMsg::Scheduled,
        PromoStatus::Running => PromoMsg::Running,
        PromoStatus::Paused => PromoMsg::Paused,
        PromoStatus::Ended => PromoMsg::Ended,
    }
}

/// The actions a promotion offers in its status, as (form value, words):
/// the portal and the console show the same buttons.
pub fn action_buttons(status: PromoStatus) -> &'static [(&'static str, PromoMsg)] {
    match status {
        PromoStatus::Running | PromoStatus::Scheduled => &[("pause", PromoMsg::Pause), ("end", PromoMsg::End)],
        PromoStatus::Paused => &[("resume", PromoMsg::Resume), ("end", PromoMsg::End)],
        PromoStatus::Ended => &[],
    }
}

pub fn flash_status_msg(status: super::model::FlashStatus) -> PromoMsg {
    use super::model::FlashStatus;
    match status {
        FlashStatus::Pending => PromoMsg::PendingReview,
        FlashStatus::Approved => PromoMsg::ApprovedStatus,
        FlashStatus::Rejected => PromoMsg::RejectedStatus,
        FlashStatus::Withdrawn => PromoMsg::Withdrawn,
    }
}

pub fn wallet_msg(state: WalletState) -> PromoMsg {
    match state {
        WalletState::Usable => PromoMsg::Usable,
        WalletState::NotYet => PromoMsg::NotYet,
        WalletState::Used => PromoMsg::Used,
        WalletState::Expired => PromoMsg::Expired,
    }
}

pub fn kind_msg(kind: DiscountKind) -> PromoMsg {
    match kind {
        DiscountKind::ShopOffer => PromoMsg::ShopDiscount,
        DiscountKind::ShopCoupon => PromoMsg::ShopCoupon,
        DiscountKind::PlatformEvent => PromoMsg::PlatformEvent,
        DiscountKind::PlatformCoupon => PromoMsg::PlatformCouponLine,
    }
}

/// A SKU as a promotion form lists it: "Kettle — Red (12 in stock)".
pub fn sku_text(choice: &super::model::SkuChoice) -> String {
    format!(
        "{} ({})",
        choice.label,
        crate::i18n::tr(PromoMsg::InStock { n: choice.stock })
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&PromoMsg::samples());
    }

    #[test]
    fn spend_rules_read_the_way_shoppers_write_them() {
        let tiers = SpendRule::Tiers(vec![(19_900, 2_000), (39_900, 5_000)]);
        assert_eq!(
            rule_text(&tiers),
            "Spend ¥199.00, save ¥20.00 · Spend ¥399.00, save ¥50.00"
        );
        assert_eq!(yuan(19_990), "199.9");
        assert_eq!(yuan(30_000), "300");
    }
}
