//! The seller portal's, onboarding's and the shop lists' words.

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
        Inventory => "Inventory", "库存";
        Members => "Members", "店铺成员";
        MembersIntro => "Who acts for the shop. Staff see and change the shop's products, inventory and orders; the owner also manages members.", "可以经营本店的人员。员工可查看和修改本店的商品、库存与订单；店主还可管理成员。";
        MemberEmail => "Email", "邮箱";
        Role => "Role", "角色";
        RoleOwner => "Owner", "店主";
        RoleStaff => "Staff", "员工";
        Since => "Since", "加入时间";
        RemoveMember => "Remove", "移除";
        InviteStaff => "Add staff", "添加员工";
        InviteHint => "The email of a registered account; they are told by mail.", "请输入已注册账户的邮箱，对方会收到邮件通知。";
        InventoryIntro => "Stock per SKU. A SKU at or below its low-stock threshold is listed on the portal's home and you are notified when a sale takes it there.", "各 SKU 的库存。库存降至预警值及以下时，会显示在商家中心首页，并在成交导致低库存时通知您。";
        LowStockOnly => "Low stock only", "仅看低库存";
        AllSkus => "All SKUs", "全部 SKU";
        LowStockThreshold => "Low-stock threshold", "低库存预警值";
        Save => "Save", "保存";
        Product => "Product", "商品";
        NothingLow => "No SKU is low on stock.", "没有低库存的 SKU。";
        NoSkus => "No SKUs yet.", "还没有 SKU。";
        LowStock => "Low stock", "低库存";
        OrdersToShip => "Orders to ship", "待发货订单";
        NeedsAttention => "Listings needing attention", "需要处理的商品";
        Notifications => "Notifications", "消息通知";
        NotificationsIntro => "What happened to your applications, listings, orders and stock, newest first.", "关于入驻申请、商品、订单与库存的动态，最新的在前。";
        NoNotifications => "No notifications yet.", "暂无通知。";
        MarkAllRead => "Mark all as read", "全部标为已读";
        Unread => "Unread", "未读";
        Older => "Older", "更早";
        NoteApplicationApproved => "Your shop was approved:", "您的店铺已通过审核：";
        NoteListingApproved => "Listing approved and live:", "商品已通过审核并上架：";
        NoteListingRejected => "Listing rejected:", "商品未通过审核：";
        NoteChangeApproved => "Change approved and live:", "商品修改已通过审核并生效：";
        NoteChangeRejected => "Change rejected (the live version stays):", "商品修改未通过审核（当前在售版本不变）：";
        NoteOrderPaid => "New paid order to ship:", "新的已付款订单待发货：";
        NoteAfterSaleOpened => "New after-sales request:", "新的售后申请：";
        NoteReturnShipped => "A return is on its way back:", "退货已寄回：";
        NoteAfterSaleEscalated => "A shopper asked the platform to decide:", "买家已申请平台介入：";
        NoteDisputeDecided => "The platform decided a dispute:", "平台已裁决纠纷：";
        NoteComplaintUpheld => "A complaint about your shop was upheld:", "关于本店的投诉已成立：";
        NoteLowStock => "Low on stock:", "库存不足：";
        NoteProfileApproved => "Shop name or logo change approved:", "店铺名称或标志的修改已通过：";
        NoteProfileRejected => "Shop name or logo change refused:", "店铺名称或标志的修改未通过：";
        Profile => "Shop profile", "店铺资料";
        ProfileIntro => "The description changes at once; a new name or logo waits for an operator, and the current ones stay meanwhile.", "店铺简介立即生效；新的名称或标志需经运营审核，审核前保持不变。";
        ProfilePending => "Waiting for review:", "等待审核：";
        ProfileRejectedBecause => "The last change was refused:", "上次修改未通过：";
        SaveProfile => "Save profile", "保存资料";
        ProfileChanges => "Name and logo changes waiting", "待审核的名称与标志修改";
        NoProfileChanges => "No change waits.", "暂无待审核的修改。";
        CurrentValue => "Now", "当前";
        ProposedValue => "Proposed", "申请修改为";
    }
}

messages! {
    /// What merchant onboarding (`/sell`) and the operator's application
    /// pages say.
    pub enum SellMsg {
        SellTitle => "Sell on Jishi", "在集市开店";
        SellIntro => "Open a shop in four steps: your shop, who you are, how to reach and pay you, and the agreement. Every step saves as a draft, so you can finish on another device.", "四步开店：店铺信息、主体资质、联系与结算、确认协议。每一步都会保存为草稿，可在其他设备上继续填写。";
        StartApplication => "Start application", "开始申请";
        StartAnother => "Apply for another shop", "申请开设另一家店铺";
        StatusLabel => "Application status", "申请状态";
        StatusDraft => "Draft", "草稿";
        StatusUnderReview => "Under review", "审核中";
        StatusChangesRequested => "Changes requested", "需要修改";
        StatusApproved => "Approved", "已通过";
        StatusRejected => "Rejected", "未通过";
        UnderReviewNote => "An operator is reviewing your application. You will see the outcome here.", "运营人员正在审核您的申请，结果将显示在此页面。";
        ApprovedNote => "Your shop is open. Run it from the seller portal.", "您的店铺已开通，请前往商家后台经营。";
        GoToSellerPortal => "Go to the seller portal", "进入商家后台";
        RejectedNote => "Your application was not approved.", "您的申请未获通过。";
        ChangesNote => "An operator asked you to change the fields below. Only those can be changed; fix them and submit again.", "运营人员要求您修改以下字段，仅这些字段可以修改；修改后请重新提交。";
        OperatorSaid => "The operator's reason", "运营人员说明";
        FieldsToChange => "Fields to change", "需修改的字段";
        StepShop => "Shop", "店铺信息";
        StepEntity => "Entity", "主体资质";
        StepContact => "Contact and settlement", "联系与结算";
        StepReview => "Review and agree", "确认并同意协议";
        StepsLabel => "Application steps", "申请步骤";
        StepComplete => "complete", "已完成";
        StepToDo => "to do", "未完成";
        Next => "Next", "下一步";
        Back => "Back", "上一步";
        SaveDraft => "Save draft", "保存草稿";
        SubmitApplication => "Submit application", "提交申请";
        DraftSaved => "Draft saved.", "草稿已保存。";
        FixFields => "Some fields need attention. Each says what is wrong.", "部分字段需要修改，请查看各字段下的说明。";
        ShopName => "Shop name", "店铺名称";
        ShopNameHint => "2 to 30 characters. Shoppers see it on every product.", "2 到 30 个字，买家会在每件商品上看到。";
        ShopDescription => "Shop description", "店铺简介";
        ShopDescriptionHint => "10 to 500 characters: what you sell and why shoppers should trust you.", "10 到 500 个字：您经营什么，买家为何可以信赖您。";
        MainCategory => "Main category", "主营类目";
        ChooseCategory => "Choose a category", "请选择类目";
        Logo => "Logo", "店铺标志";
        LogoHint => "A square JPEG, PNG or WebP image, up to 5 MB.", "正方形 JPEG、PNG 或 WebP 图片，不超过 5 MB。";
        CurrentFile => "Uploaded", "已上传";
        ReplaceFileHint => "Choose a file only to replace it.", "如需替换，请重新选择文件。";
        EntityType => "Entity type", "主体类型";
        Company => "Company", "企业";
        Individual => "Individual", "个人";
        IfCompany => "For a company", "企业填写";
        IfIndividual => "For an individual", "个人填写";
        CompanyName => "Company name", "企业名称";
        CreditCode => "Unified social credit code", "统一社会信用代码";
        CreditCodeHint => "18 characters, as printed on the business licence.", "18 位，与营业执照一致。";
        LegalRepresentative => "Legal representative", "法定代表人";
        BusinessLicense => "Business license", "营业执照";
        DocumentHint => "A JPEG, PNG or WebP image or a PDF, up to 10 MB. Only you and our operators can see it.", "JPEG、PNG、WebP 图片或 PDF，不超过 10 MB。仅您本人和平台运营人员可见。";
        PersonName => "Full name", "姓名";
        IdNumber => "Resident ID number", "居民身份证号码";
        IdImage => "ID card image", "身份证照片";
        SellsOtherBrand => "This shop sells a brand it does not own", "本店销售非自有品牌";
        BrandAuthorization => "Brand authorization", "品牌授权书";
        ContactName => "Contact name", "联系人";
        ContactPhone => "Contact phone", "联系电话";
        BankAccountName => "Bank account name", "银行开户名";
        BankAccountNameHint => "For a company, exactly the company name.", "企业请填写与企业名称完全一致的户名。";
        BankAccountNumber => "Bank account number", "银行账号";
        BankAccountSaved => "Saved (leave empty to keep it):", "已保存（留空则保持不变）：";
        Agreement => "I agree to the merchant agreement", "我同意商家协议";
        AgreementTitle => "The merchant agreement", "商家协议";
        AgreementText => "You sell only goods you may lawfully sell, describe them truthfully and ship what you sell within the time you promise. Prices are in yuan and include tax. The platform pays you for completed orders, less refunds, into the account above. Shoppers may return goods within seven days without a reason where the law allows. The platform may suspend a shop that breaks these rules, with its reasons.", "您仅销售可依法销售的商品，如实描述，并在承诺时间内发货。价格以人民币计价并含税。平台将已完成订单的货款（扣除退款）结算至上述账户。依法可适用的商品，买家可在七天内无理由退货。对违反上述规则的店铺，平台可说明理由后暂停其经营。";
        AgreementVersion => "Version", "版本";
        AgreedAt => "Agreed", "同意时间";
        NotGiven => "Not given", "未填写";
        History => "History", "处理记录";
        Submitted => "Submitted", "提交时间";
        EventSubmitted => "Submitted", "已提交";
        EventApproved => "Approved", "已通过";
        EventRejected => "Rejected", "未通过";
        EventChangesRequested => "Changes requested", "要求修改";
        // operator side
        ApplicationsIntro => "Applications waiting for a decision, oldest first.", "待处理的入驻申请，最早提交的在前。";
        NoApplications => "No applications here.", "这里没有申请。";
        Applicant => "Applicant", "申请人";
        Application => "Application", "申请";
        Documents => "Documents", "资质文件";
        OpenDocument => "Open", "查看";
        Approve => "Approve", "通过";
        Reject => "Reject", "驳回";
        RequestChanges => "Request changes", "要求修改";
        Reason => "Reason", "原因";
        ReasonHint => "The applicant reads this.", "申请人会看到此说明。";
        ChooseFieldsToChange => "Fields the applicant must change", "申请人需修改的字段";
        Decided => "Decided.", "已处理。";
        OlderPage => "Next page", "下一页";
        NewerPage => "Previous page", "上一页";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&MerchantsMsg::samples());
        assert_worded(&SellMsg::samples());
    }
}
