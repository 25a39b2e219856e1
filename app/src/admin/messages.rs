//! The operator console's words.

use crate::i18n::messages;

messages! {
    /// What the operator console says.
    pub enum AdminMsg {
        AdminTitle => "Operator console", "运营后台";
        AdminIntro => "The platform at a glance.", "平台概况。";
        Users => "Users", "用户";
        Shops => "Shops", "店铺";
        Products => "Products", "商品";
        LiveProducts => "Live products", "在售商品";
        MerchantApplications => "Merchant applications", "商家入驻申请";
        Listings => "Listings", "商品审核";
        Reviews => "Reviews", "评价";
        ComingWithIssue => "Arrives with its own release.", "将随后续版本上线。";
        AuditLog => "Audit log", "操作日志";
        AuditIntro => "Every decision and status change, newest first.", "全部决定与状态变更，最新的在前。";
        Kind => "Kind", "类型";
        AnyKind => "Any kind", "全部类型";
        KindApplication => "Applications", "入驻申请";
        KindShop => "Shops", "店铺";
        KindProduct => "Listings", "商品";
        KindOrder => "Orders", "订单";
        OperatorEmail => "Operator email", "运营人员邮箱";
        FromDay => "From", "开始日期";
        UntilDay => "Until", "结束日期";
        Filter => "Filter", "筛选";
        FindShop => "Shop name or address", "店铺名称或地址";
        When => "When", "时间";
        What => "What", "对象";
        Action => "Action", "操作";
        Who => "Who", "操作人";
        Why => "Reason", "原因";
        NoEvents => "Nothing recorded matches.", "没有符合条件的记录。";
        UnknownOperator => "No account has this email.", "没有使用此邮箱的账户。";
        OlderEvents => "Older", "更早";
        System => "System", "系统";
        Suspend => "Suspend", "暂停";
        Reinstate => "Reinstate", "恢复";
        ShopReasonLabel => "Reason", "原因";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&AdminMsg::samples());
    }
}
