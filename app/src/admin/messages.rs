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
