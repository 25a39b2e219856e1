//! The widgets' words: whole-page answers (not found, forbidden, failure),
//! waiting, and the sentence a person reads for each error code.

use crate::error::{AppError, ErrorCode};
use crate::i18n::{en_plural, messages, Locale, Message};

messages! {
    /// What the status pages and shared widgets say.
    pub enum UiMsg {
        Loading => "Loading…", "加载中…";
        Sending => "Sending…", "正在上传…";
        SendFailed => "Sending failed. Check your connection and try again.", "上传失败，请检查网络后重试。";
        Working => "Working…", "处理中…";
        NotFoundTitle => "Page not found", "页面不存在";
        NotFoundBody => "The page you asked for does not exist or has moved.", "您访问的页面不存在或已移动。";
        ForbiddenTitle => "You do not have access to this page", "您无权访问此页面";
        ForbiddenBody => "This page is for another kind of account. If you think this is a mistake, log in with the right account.", "此页面面向其他类型的账户。如有疑问，请使用正确的账户登录。";
        ErrorTitle => "Something went wrong", "出错了";
        ErrorBody => "We could not finish that. Please try again in a moment.", "暂时无法完成操作，请稍后再试。";
        BackHome => "Back to the home page", "返回首页";
    }
}

/// A wait in English, rounded up to the unit a person thinks in, so they
/// are never told to come back too early: "1 second", "42 seconds",
/// "5 minutes".
fn en_wait(secs: u64) -> String {
    let (n, one, other) = wait_in_units(secs, ("second", "seconds"), ("minute", "minutes"), ("hour", "hours"));
    format!("{n} {}", en_plural(n, one, other))
}

/// The same wait in Chinese: "42 秒", "5 分钟".
fn zh_wait(secs: u64) -> String {
    let (n, unit, _) = wait_in_units(secs, ("秒", ""), ("分钟", ""), ("小时", ""));
    format!("{n} {unit}")
}

/// `secs` as a count of the largest unit that keeps it readable (rounded up).
fn wait_in_units(
    secs: u64,
    seconds: (&'static str, &'static str),
    minutes: (&'static str, &'static str),
    hours: (&'static str, &'static str),
) -> (u64, &'static str, &'static str) {
    let secs = secs.max(1);
    if secs < 60 {
        (secs, seconds.0, seconds.1)
    } else if secs < 3600 {
        (secs.div_ceil(60), minutes.0, minutes.1)
    } else {
        (secs.div_ceil(3600), hours.0, hours.1)
    }
}

messages! {
    /// The sentence for each error code; built with [`ErrorMsg::for_code`],
    /// which names every code so a new one cannot go unworded.
    pub enum ErrorMsg {
        BadRequest => "That request could not be understood.", "无法识别该请求。";
        Unauthorized => "Please log in first.", "请先登录。";
        Forbidden => "You are not allowed to do that.", "您无权执行此操作。";
        NotFound => "That could not be found.", "未找到相关内容。";
        CrossSite => "That request came from another site and was refused.", "该请求来自其他网站，已被拒绝。";
        /// Throttled log-in: names the wait.
        TooManyAttempts { secs: u64 } => format!("Too many attempts, try again in {}.", en_wait(secs)), format!("尝试次数过多，请在 {}后重试。", zh_wait(secs));
        /// Hashing queue full: names the wait.
        Busy { secs: u64 } => format!("The server is busy, try again in {}.", en_wait(secs)), format!("服务器繁忙，请在 {}后重试。", zh_wait(secs));
        Internal => "Something went wrong on our side. Please try again.", "服务器出错，请重试。";
        Required => "This field is required.", "此项为必填。";
        EmailInvalid => "Enter an email address like name@example.com.", "请输入有效的邮箱地址，例如 name@example.com。";
        EmailTaken => "That email is already registered.", "该邮箱已注册。";
        DisplayNameTooLong => "Keep the display name under 40 characters.", "昵称不能超过 40 个字符。";
        PasswordTooShort => "The password needs at least 10 characters.", "密码至少需要 10 个字符。";
        PasswordTooLong => "The password can have at most 200 characters.", "密码最多 200 个字符。";
        PasswordAllDigits => "The password cannot be only digits.", "密码不能全是数字。";
        PasswordIsEmail => "The password cannot be your email.", "密码不能与邮箱相同。";
        WrongCredentials => "Wrong email or password.", "邮箱或密码错误。";
        ResetLinkInvalid => "This reset link is invalid or has expired. Ask for a new one.", "重置链接无效或已过期，请重新申请。";
        SoldOut => "Sold out", "已售罄";
        QuantityInvalid => "Choose a quantity from 1 to 999.", "数量需在 1 到 999 之间。";
        VariantMissing => "Choose an option for each choice first.", "请先选择款式。";
        CartFull => "Your cart is full (120 items at most). Remove something first.", "购物车已满（最多 120 件商品），请先移除一些。";
        OrderNotPayable => "This order is no longer waiting for payment.", "该订单已不在待付款状态。";
        OrderNotCancellable => "This order can no longer be cancelled: it has shipped or ended.", "该订单已发货或已结束，无法取消。";
        OrderNotShippable => "Only a paid order that has not shipped can be shipped.", "只有已付款且未发货的订单可以发货。";
        OrderNotDeliverable => "Only a shipped order can be marked delivered.", "只有已发货的订单可以标记为已送达。";
        OrderNotReceivable => "Receipt can be confirmed once the order has shipped, and only once.", "订单发货后才能确认收货，且只能确认一次。";
        OrderNotRefundable => "This order cannot be refunded now.", "该订单现在无法退款。";
        CarrierUnknown => "Choose a carrier from the list.", "请从列表中选择快递公司。";
        TrackingNumberInvalid => "Enter the tracking number: 8 to 30 letters and digits.", "请输入运单号：8 到 30 位字母或数字。";
        TrackingNumberTaken => "This tracking number belongs to another customer's parcel.", "该运单号已用于其他买家的包裹。";
        RecipientInvalid => "Enter the recipient's name (at most 25 characters).", "请输入收货人姓名（最多 25 个字）。";
        PhoneInvalid => "Enter a mainland mobile number, 11 digits starting with 1.", "请输入 11 位中国大陆手机号码。";
        DivisionInvalid => "Choose from the list.", "请从列表中选择。";
        AddressInvalid => "Enter the street, number and flat (4 to 120 characters).", "请输入详细地址（4 到 120 个字）。";
        AddressBookFull => "Your address book is full (20 addresses). Delete one first.", "地址簿已满（最多 20 个地址），请先删除一个。";
        AddressRequired => "Choose where to send the order, or add an address.", "请选择收货地址，或新增一个地址。";
        CouponInvalid => "This coupon code is not valid.", "该优惠码无效。";
        CheckoutEmpty => "Nothing in your cart can be bought right now.", "购物车中暂无可购买的商品。";
        CheckoutChanged => "Prices or stock changed while you were checking out. Check your order again.", "结算期间价格或库存有变动，请重新核对订单。";
        CardNumberInvalid => "Check the card number.", "请检查卡号。";
        CardExpiryInvalid => "Enter the expiry as MM/YY.", "请按 MM/YY 格式输入有效期。";
        CardExpired => "This card has expired.", "该卡已过期。";
        CvcInvalid => "Enter the 3-digit security code (4 digits for American Express).", "请输入 3 位安全码（美国运通卡为 4 位）。";
        CardDeclined => "Your card was declined. Try another card.", "您的卡被拒绝，请换一张卡。";
        InsufficientFunds => "Your card was declined: insufficient funds.", "您的卡被拒绝：余额不足。";
        PaymentInProgress => "A payment for this order is already under way. Wait a moment and reload.", "该订单正在付款中，请稍候刷新。";
        PaymentUnavailable => "The payment service is not answering. You were not charged; try again shortly.", "支付服务暂时无响应，未扣款，请稍后重试。";
        NothingToPay => "There is nothing left to pay here.", "这里没有待支付的订单。";
        TooManyUnpaidOrders => "You have many orders waiting for payment. Pay or cancel some of them first.", "您有较多待付款订单，请先付款或取消部分订单。";
        CreditCodeInvalid => "Enter the 18-character unified social credit code exactly as on the business licence; this one's check character does not match.", "请按营业执照填写 18 位统一社会信用代码；该代码校验位不符。";
        IdNumberInvalid => "Enter the 18-character resident ID number; this one's date or check digit does not match.", "请填写 18 位居民身份证号码；该号码的出生日期或校验位不符。";
        BankAccountInvalid => "Enter the account number: 12 to 19 digits.", "请填写银行账号：12 到 19 位数字。";
        BankNameMismatch => "A company is paid only into an account in its own name: enter the company name exactly.", "企业只能使用以本企业名义开立的账户：请填写与企业名称完全一致的户名。";
        ShopNameInvalid => "Shop names are 2 to 30 characters.", "店铺名称为 2 到 30 个字。";
        ShopNameBanned => "Shop names may not claim to be official, a flagship or the platform, or use abusive words.", "店铺名称不得自称官方、旗舰店或平台，也不得含有不当用语。";
        ShopNameTaken => "Another shop already has this name.", "该店铺名称已被使用。";
        TextTooShort => "Write at least 10 characters.", "请至少填写 10 个字。";
        TextTooLong => "This is too long.", "内容过长。";
        AgreementRequired => "Read and agree to the merchant agreement to submit.", "请阅读并同意商家协议后提交。";
        CreditCodeTaken => "Another application already uses this credit code.", "该统一社会信用代码已用于其他申请。";
        IdNumberTaken => "Another application already uses this ID number.", "该身份证号码已用于其他申请。";
        BankAccountTaken => "Another application already uses this bank account.", "该银行账户已用于其他申请。";
        ApplicationStateInvalid => "This application cannot be changed that way now.", "该申请当前不能进行此操作。";
        ShopStateInvalid => "The shop is not in a state for this.", "店铺当前状态不允许此操作。";
        ListingStateInvalid => "This product cannot be changed that way now.", "该商品当前不能进行此操作。";
        FileTooLarge => "The file is too large (images up to 5 MB, documents up to 10 MB).", "文件过大（图片不超过 5 MB，文件不超过 10 MB）。";
        FileTypeUnsupported => "Upload a JPEG, PNG or WebP image (or a PDF for documents).", "请上传 JPEG、PNG 或 WebP 图片（证件文件也可为 PDF）。";
        ImageTooLarge => "The picture has too many pixels (at most 8000 on a side).", "图片像素过多（每边不超过 8000 像素）。";
        FileUnreadable => "The file could not be read. Upload it again.", "无法读取该文件，请重新上传。";
        SkuCodeTaken => "Another SKU already has this code.", "该 SKU 编码已被使用。";
        NoSuchAccount => "No account has this email. Ask them to register first, then add them.", "没有使用此邮箱的账户，请对方先注册再添加。";
        AlreadyMember => "This person already acts for the shop.", "此人已是本店成员。";
        TooManyImages => "A product has at most 12 pictures. Remove one first.", "每件商品最多 12 张图片，请先删除一张。";
        ReviewStateInvalid => "This review cannot be changed that way now.", "该评价当前不能进行此操作。";
        ReviewNotYet => "You can review an item once it has been delivered.", "商品签收后才能评价。";
        AlreadyReviewed => "You have already reviewed this item.", "您已评价过该商品。";
        FollowUpClosed => "A follow-up can be added once, within 180 days of the review.", "追评只能在评价后 180 天内追加一次。";
        ReplyRefused => "Replies may not contain links, contact details or abusive words.", "回复不能包含链接、联系方式或不当用语。";
        NumberOutOfRange => "Enter a number within the allowed range.", "请输入允许范围内的数字。";
        TooManyPhotos => "A review has at most 6 photos.", "每条评价最多 6 张照片。";
        TiersInvalid => "Enter tiers like 199-20, 399-50: thresholds and amounts rising, each amount below its threshold, at most 5.", "请按“199-20, 399-50”填写：门槛与优惠额递增，优惠额低于门槛，最多 5 档。";
        CouponGone => "This coupon has all been claimed or is no longer available.", "该优惠券已领完或已下架。";
        CouponNotStarted => "This coupon cannot be claimed yet.", "该优惠券尚未开始领取。";
        CouponLimitReached => "You already hold as many of this coupon as one person may.", "您已达到该优惠券的每人限领数量。";
        CouponUsed => "A coupon in this order was just used or has expired. Check the total and place the order again.", "订单中的优惠券刚被使用或已失效，请确认金额后重新下单。";
        PromoTitleInvalid => "Use 1 to 40 characters.", "请输入 1 到 40 个字。";
        TimeInvalid => "Enter a date and time like 2026-12-12 20:00.", "请输入日期和时间，如 2026-12-12 20:00。";
        EndsBeforeStart => "The end must be after the start and in the future.", "结束时间须晚于开始时间且在未来。";
        WindowTooLong => "A promotion runs at most one year.", "活动时长最多一年。";
        AmountInvalid => "Enter an amount in yuan, like 20 or 19.90.", "请输入以元为单位的金额，如 20 或 19.90。";
        CouponOverMinimum => "The amount off must be below the minimum spend.", "优惠金额须低于使用门槛。";
        CategoryInvalid => "No category has this name.", "没有这个品类。";
        CouponCodeTaken => "Another coupon uses this code.", "该兑换码已被其他优惠券使用。";
        FlashNotStarted => "This flash sale has not started yet.", "秒杀尚未开始。";
        FlashEnded => "This flash sale has ended.", "秒杀已结束。";
        FlashLimitReached => "You have bought as many as one account may in this flash sale.", "您已达到本场秒杀的每人限购数量。";
        FlashPriceNotLower => "The flash price must be below the usual price.", "秒杀价须低于原价。";
        FlashOverStock => "The flash quantity cannot exceed the stock.", "秒杀数量不能超过库存。";
        FlashAlreadyApplied => "This product option is already in that time slot.", "该商品规格已报名该场次。";
        GroupFull => "This group is full. Start a group of your own.", "该团已满员，您可以自己开一个团。";
        GroupClosed => "This group has closed.", "该团已结束。";
        AlreadyInGroup => "You are already in this group.", "您已在该团中。";
        GroupPriceNotLower => "The group price must be below the usual price.", "拼团价须低于原价。";
        GroupOfferGone => "This group buy is not running now.", "该拼团活动当前未进行。";
        AfterSaleStateInvalid => "This request changed meanwhile. The page shows it as it is now.", "该售后申请状态已变化，页面已更新为当前状态。";
        AfterSaleNotYet => "After-sales opens once the item is delivered.", "商品送达后才能申请售后。";
        AfterSaleWindowOver => "The after-sales period for this item has ended.", "该商品的售后期限已过。";
        ReasonNotForKind => "This reason does not fit this kind of request.", "该原因不适用于此类申请。";
        NoReasonNotAllowed => "This item does not qualify for 7-day no-reason returns.", "该商品不支持七天无理由退货。";
        NoReasonWindowOver => "The 7 days for a no-reason return have passed.", "七天无理由退货期限已过。";
        RefundOverPaid => "The amount must be above zero and at most what was paid for this item.", "金额须大于零，且不超过该商品的实付金额。";
        AfterSaleOpen => "This item already has a request under way.", "该商品已有进行中的售后申请。";
        ComplaintOpen => "This order already has a complaint being looked into.", "该订单已有处理中的投诉。";
        ComplaintStateInvalid => "This complaint was decided meanwhile.", "该投诉已被处理。";
        DateInvalid => "Enter a date as YYYY-MM-DD.", "请按 YYYY-MM-DD 格式填写日期。";
        DateInFuture => "The date cannot be after today.", "日期不能晚于今天。";
        RangeBackwards => "The end date must not be before the start date.", "结束日期不能早于开始日期。";
        RangeTooLong => "Choose at most 366 days.", "最多可选 366 天。";
        PromoStatusChanged => "This promotion changed meanwhile. The page shows it as it is now.", "该活动状态已变化，页面已更新为当前状态。";
    }
}

impl ErrorMsg {
    /// The message for one error code (field errors have no retry time; a
    /// throttle without one says a minute).
    pub fn for_code(code: ErrorCode, retry_after_secs: Option<u64>) -> ErrorMsg {
        match code {
            ErrorCode::BadRequest => ErrorMsg::BadRequest,
            ErrorCode::Unauthorized => ErrorMsg::Unauthorized,
            ErrorCode::Forbidden => ErrorMsg::Forbidden,
            ErrorCode::NotFound => ErrorMsg::NotFound,
            ErrorCode::CrossSite => ErrorMsg::CrossSite,
            ErrorCode::TooManyAttempts => ErrorMsg::TooManyAttempts {
                secs: retry_after_secs.unwrap_or(60),
            },
            ErrorCode::Busy => ErrorMsg::Busy {
                secs: retry_after_secs.unwrap_or(2),
            },
            ErrorCode::Internal => ErrorMsg::Internal,
            ErrorCode::Required => ErrorMsg::Required,
            ErrorCode::EmailInvalid => ErrorMsg::EmailInvalid,
            ErrorCode::EmailTaken => ErrorMsg::EmailTaken,
            ErrorCode::DisplayNameTooLong => ErrorMsg::DisplayNameTooLong,
            ErrorCode::PasswordTooShort => ErrorMsg::PasswordTooShort,
            ErrorCode::PasswordTooLong => ErrorMsg::PasswordTooLong,
            ErrorCode::PasswordAllDigits => ErrorMsg::PasswordAllDigits,
            ErrorCode::PasswordIsEmail => ErrorMsg::PasswordIsEmail,
            ErrorCode::WrongCredentials => ErrorMsg::WrongCredentials,
            ErrorCode::ResetLinkInvalid => ErrorMsg::ResetLinkInvalid,
            ErrorCode::SoldOut => ErrorMsg::SoldOut,
            ErrorCode::QuantityInvalid => ErrorMsg::QuantityInvalid,
            ErrorCode::VariantMissing => ErrorMsg::VariantMissing,
            ErrorCode::CartFull => ErrorMsg::CartFull,
            ErrorCode::OrderNotPayable => ErrorMsg::OrderNotPayable,
            ErrorCode::OrderNotCancellable => ErrorMsg::OrderNotCancellable,
            ErrorCode::OrderNotShippable => ErrorMsg::OrderNotShippable,
            ErrorCode::OrderNotDeliverable => ErrorMsg::OrderNotDeliverable,
            ErrorCode::OrderNotReceivable => ErrorMsg::OrderNotReceivable,
            ErrorCode::OrderNotRefundable => ErrorMsg::OrderNotRefundable,
            ErrorCode::CarrierUnknown => ErrorMsg::CarrierUnknown,
            ErrorCode::TrackingNumberInvalid => ErrorMsg::TrackingNumberInvalid,
            ErrorCode::TrackingNumberTaken => ErrorMsg::TrackingNumberTaken,
            ErrorCode::RecipientInvalid => ErrorMsg::RecipientInvalid,
            ErrorCode::PhoneInvalid => ErrorMsg::PhoneInvalid,
            ErrorCode::DivisionInvalid => ErrorMsg::DivisionInvalid,
            ErrorCode::AddressInvalid => ErrorMsg::AddressInvalid,
            ErrorCode::AddressBookFull => ErrorMsg::AddressBookFull,
            ErrorCode::AddressRequired => ErrorMsg::AddressRequired,
            ErrorCode::CouponInvalid => ErrorMsg::CouponInvalid,
            ErrorCode::CheckoutEmpty => ErrorMsg::CheckoutEmpty,
            ErrorCode::CheckoutChanged => ErrorMsg::CheckoutChanged,
            ErrorCode::CardNumberInvalid => ErrorMsg::CardNumberInvalid,
            ErrorCode::CardExpiryInvalid => ErrorMsg::CardExpiryInvalid,
            ErrorCode::CardExpired => ErrorMsg::CardExpired,
            ErrorCode::CvcInvalid => ErrorMsg::CvcInvalid,
            ErrorCode::CardDeclined => ErrorMsg::CardDeclined,
            ErrorCode::InsufficientFunds => ErrorMsg::InsufficientFunds,
            ErrorCode::PaymentInProgress => ErrorMsg::PaymentInProgress,
            ErrorCode::PaymentUnavailable => ErrorMsg::PaymentUnavailable,
            ErrorCode::NothingToPay => ErrorMsg::NothingToPay,
            ErrorCode::TooManyUnpaidOrders => ErrorMsg::TooManyUnpaidOrders,
            ErrorCode::CreditCodeInvalid => ErrorMsg::CreditCodeInvalid,
            ErrorCode::IdNumberInvalid => ErrorMsg::IdNumberInvalid,
            ErrorCode::BankAccountInvalid => ErrorMsg::BankAccountInvalid,
            ErrorCode::BankNameMismatch => ErrorMsg::BankNameMismatch,
            ErrorCode::ShopNameInvalid => ErrorMsg::ShopNameInvalid,
            ErrorCode::ShopNameBanned => ErrorMsg::ShopNameBanned,
            ErrorCode::ShopNameTaken => ErrorMsg::ShopNameTaken,
            ErrorCode::TextTooShort => ErrorMsg::TextTooShort,
            ErrorCode::TextTooLong => ErrorMsg::TextTooLong,
            ErrorCode::AgreementRequired => ErrorMsg::AgreementRequired,
            ErrorCode::CreditCodeTaken => ErrorMsg::CreditCodeTaken,
            ErrorCode::IdNumberTaken => ErrorMsg::IdNumberTaken,
            ErrorCode::BankAccountTaken => ErrorMsg::BankAccountTaken,
            ErrorCode::ApplicationStateInvalid => ErrorMsg::ApplicationStateInvalid,
            ErrorCode::ShopStateInvalid => ErrorMsg::ShopStateInvalid,
            ErrorCode::ListingStateInvalid => ErrorMsg::ListingStateInvalid,
            ErrorCode::FileTooLarge => ErrorMsg::FileTooLarge,
            ErrorCode::FileTypeUnsupported => ErrorMsg::FileTypeUnsupported,
            ErrorCode::ImageTooLarge => ErrorMsg::ImageTooLarge,
            ErrorCode::FileUnreadable => ErrorMsg::FileUnreadable,
            ErrorCode::SkuCodeTaken => ErrorMsg::SkuCodeTaken,
            ErrorCode::NoSuchAccount => ErrorMsg::NoSuchAccount,
            ErrorCode::AlreadyMember => ErrorMsg::AlreadyMember,
            ErrorCode::TooManyImages => ErrorMsg::TooManyImages,
            ErrorCode::ReviewStateInvalid => ErrorMsg::ReviewStateInvalid,
            ErrorCode::ReviewNotYet => ErrorMsg::ReviewNotYet,
            ErrorCode::AlreadyReviewed => ErrorMsg::AlreadyReviewed,
            ErrorCode::FollowUpClosed => ErrorMsg::FollowUpClosed,
            ErrorCode::ReplyRefused => ErrorMsg::ReplyRefused,
            ErrorCode::NumberOutOfRange => ErrorMsg::NumberOutOfRange,
            ErrorCode::TooManyPhotos => ErrorMsg::TooManyPhotos,
            ErrorCode::TiersInvalid => ErrorMsg::TiersInvalid,
            ErrorCode::CouponGone => ErrorMsg::CouponGone,
            ErrorCode::CouponNotStarted => ErrorMsg::CouponNotStarted,
            ErrorCode::CouponLimitReached => ErrorMsg::CouponLimitReached,
            ErrorCode::CouponUsed => ErrorMsg::CouponUsed,
            ErrorCode::PromoTitleInvalid => ErrorMsg::PromoTitleInvalid,
            ErrorCode::TimeInvalid => ErrorMsg::TimeInvalid,
            ErrorCode::EndsBeforeStart => ErrorMsg::EndsBeforeStart,
            ErrorCode::WindowTooLong => ErrorMsg::WindowTooLong,
            ErrorCode::AmountInvalid => ErrorMsg::AmountInvalid,
            ErrorCode::CouponOverMinimum => ErrorMsg::CouponOverMinimum,
            ErrorCode::CategoryInvalid => ErrorMsg::CategoryInvalid,
            ErrorCode::CouponCodeTaken => ErrorMsg::CouponCodeTaken,
            ErrorCode::PromoStatusChanged => ErrorMsg::PromoStatusChanged,
            ErrorCode::FlashNotStarted => ErrorMsg::FlashNotStarted,
            ErrorCode::FlashEnded => ErrorMsg::FlashEnded,
            ErrorCode::FlashLimitReached => ErrorMsg::FlashLimitReached,
            ErrorCode::FlashPriceNotLower => ErrorMsg::FlashPriceNotLower,
            ErrorCode::FlashOverStock => ErrorMsg::FlashOverStock,
            ErrorCode::FlashAlreadyApplied => ErrorMsg::FlashAlreadyApplied,
            ErrorCode::GroupFull => ErrorMsg::GroupFull,
            ErrorCode::GroupClosed => ErrorMsg::GroupClosed,
            ErrorCode::AlreadyInGroup => ErrorMsg::AlreadyInGroup,
            ErrorCode::GroupPriceNotLower => ErrorMsg::GroupPriceNotLower,
            ErrorCode::GroupOfferGone => ErrorMsg::GroupOfferGone,
            ErrorCode::AfterSaleStateInvalid => ErrorMsg::AfterSaleStateInvalid,
            ErrorCode::AfterSaleNotYet => ErrorMsg::AfterSaleNotYet,
            ErrorCode::AfterSaleWindowOver => ErrorMsg::AfterSaleWindowOver,
            ErrorCode::ReasonNotForKind => ErrorMsg::ReasonNotForKind,
            ErrorCode::NoReasonNotAllowed => ErrorMsg::NoReasonNotAllowed,
            ErrorCode::NoReasonWindowOver => ErrorMsg::NoReasonWindowOver,
            ErrorCode::RefundOverPaid => ErrorMsg::RefundOverPaid,
            ErrorCode::AfterSaleOpen => ErrorMsg::AfterSaleOpen,
            ErrorCode::ComplaintOpen => ErrorMsg::ComplaintOpen,
            ErrorCode::ComplaintStateInvalid => ErrorMsg::ComplaintStateInvalid,
            ErrorCode::DateInvalid => ErrorMsg::DateInvalid,
            ErrorCode::DateInFuture => ErrorMsg::DateInFuture,
            ErrorCode::RangeBackwards => ErrorMsg::RangeBackwards,
            ErrorCode::RangeTooLong => ErrorMsg::RangeTooLong,
        }
    }
}

/// The sentence a person reads for an error, in their language.
pub fn error_message(locale: Locale, err: &AppError) -> String {
    code_message(locale, err.code, err.retry_after_secs)
}

/// The sentence for one error code.
pub fn code_message(locale: Locale, code: ErrorCode, retry_after_secs: Option<u64>) -> String {
    ErrorMsg::for_code(code, retry_after_secs).text(locale).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&UiMsg::samples());
        assert_worded(&ErrorMsg::samples());
    }

    fn throttled(secs: u64, locale: Locale) -> String {
        let err = AppError {
            retry_after_secs: Some(secs),
            ..AppError::new(ErrorCode::TooManyAttempts)
        };
        error_message(locale, &err)
    }

    #[test]
    fn throttle_message_names_the_wait() {
        assert_eq!(throttled(42, Locale::En), "Too many attempts, try again in 42 seconds.");
        assert_eq!(throttled(42, Locale::ZhCn), "尝试次数过多，请在 42 秒后重试。");
    }

    #[test]
    fn one_second_two_seconds() {
        assert_eq!(throttled(1, Locale::En), "Too many attempts, try again in 1 second.");
        assert_eq!(throttled(2, Locale::En), "Too many attempts, try again in 2 seconds.");
        assert_eq!(throttled(0, Locale::En), "Too many attempts, try again in 1 second.");
    }

    #[test]
    fn long_waits_are_minutes_rounded_up() {
        assert_eq!(throttled(60, Locale::En), "Too many attempts, try again in 1 minute.");
        assert_eq!(throttled(300, Locale::En), "Too many attempts, try again in 5 minutes.");
        assert_eq!(throttled(61, Locale::En), "Too many attempts, try again in 2 minutes.");
        assert_eq!(throttled(300, Locale::ZhCn), "尝试次数过多，请在 5 分钟后重试。");
        assert_eq!(throttled(7200, Locale::En), "Too many attempts, try again in 2 hours.");
    }
}
