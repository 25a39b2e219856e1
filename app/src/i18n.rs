//! The one i18n layer: every string a person reads comes from here.
//!
//! English unless the person picked Simplified Chinese with the footer's
//! Language control (a cookie); the browser's languages are never consulted.
//! Messages are an enum so that a missing translation is a compile error.

use crate::error::{AppError, ErrorCode};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The cookie that keeps the person's language choice.
pub const LOCALE_COOKIE: &str = "jishi_lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    ZhCn,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// BCP 47 tag, used for `<html lang>` and the cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        match tag {
            "en" => Some(Locale::En),
            "zh-CN" => Some(Locale::ZhCn),
            _ => None,
        }
    }

    /// The language's own name, as the Language control shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhCn => "简体中文",
        }
    }
}

/// The locale of the page being rendered: on the server from the cookie, in
/// the browser from `<html lang>` that the server wrote, so both agree.
pub fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| crate::server::web::cookie(&parts.headers, LOCALE_COOKIE))
            .and_then(|v| Locale::from_tag(&v))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|v| Locale::from_tag(&v))
            .unwrap_or_default()
    }
}

pub fn provide_locale(locale: Locale) {
    provide_context(locale);
}

pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// Looks a message up in the current locale.
pub fn tr(msg: Msg) -> &'static str {
    t(use_locale(), msg)
}

macro_rules! messages {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// Every fixed string the interface shows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($key),* }

        /// The text of `msg` in `locale`.
        pub fn t(locale: Locale, msg: Msg) -> &'static str {
            match (msg, locale) {
                $((Msg::$key, Locale::En) => $en, (Msg::$key, Locale::ZhCn) => $zh,)*
            }
        }
    };
}

messages! {
    SiteName => "Jishi", "集市";
    Tagline => "A market fair of independent shops", "汇聚独立店铺的集市";
    Search => "Search", "搜索";
    SearchPlaceholder => "Search products, brands and shops", "搜索商品、品牌、店铺";
    Cart => "Cart", "购物车";
    MyOrders => "My orders", "我的订单";
    LogIn => "Log in", "登录";
    LogOut => "Log out", "退出登录";
    Register => "Register", "注册";
    Menu => "Menu", "菜单";
    Account => "Account", "账户";
    Language => "Language", "语言";
    SellOnJishi => "Sell on Jishi", "商家入驻";
    OperatorConsole => "Operator console", "运营后台";
    FooterAbout => "Jishi brings independent shops and shoppers together, with the platform vouching for every merchant.", "集市连接独立店铺与顾客，平台为每一位商家把关。";
    Categories => "Categories", "商品分类";
    Featured => "Featured", "精选推荐";
    NewArrivals => "New arrivals", "新品上架";
    Sold => "sold", "已售";
    NoProductsYet => "No products here yet.", "这里还没有商品。";
    EmptyCartTitle => "Your cart is empty", "购物车是空的";
    EmptyCartBody => "Browse the categories and add something you like.", "去逛逛分类，挑选喜欢的商品吧。";
    ContinueShopping => "Continue shopping", "继续逛逛";
    NoOrdersTitle => "You have no orders yet", "您还没有订单";
    NoOrdersBody => "Orders you place will appear here with their status.", "下单后，订单及其状态会显示在这里。";
    Email => "Email", "邮箱";
    Password => "Password", "密码";
    DisplayName => "Display name", "昵称";
    CreateAccount => "Create account", "创建账户";
    PasswordRule => "At least 10 characters, not only digits, and not your email.", "至少 10 个字符，不能全是数字，也不能与邮箱相同。";
    RegisterTitle => "Create your Jishi account", "创建集市账户";
    LoginTitle => "Log in to Jishi", "登录集市";
    NoAccountYet => "New to Jishi?", "还没有账户？";
    HaveAccount => "Already have an account?", "已有账户？";
    ForgotPassword => "Forgot your password?", "忘记密码？";
    ResetTitle => "Reset your password", "重置密码";
    ResetIntro => "Enter your account's email and we will send you a link to choose a new password.", "输入账户邮箱，我们会发送一个链接，用来设置新密码。";
    SendResetLink => "Send reset link", "发送重置链接";
    ResetSent => "If that email belongs to an account, a reset link is on its way. It is valid for one hour.", "如果该邮箱已注册，重置链接已发出，一小时内有效。";
    NewPassword => "New password", "新密码";
    SetNewPassword => "Set new password", "设置新密码";
    PasswordChanged => "Your password was changed. Log in with the new one.", "密码已修改，请使用新密码登录。";
    Working => "Working…", "处理中…";
    NotFoundTitle => "Page not found", "页面不存在";
    NotFoundBody => "The page you asked for does not exist or has moved.", "您访问的页面不存在或已移动。";
    ForbiddenTitle => "You do not have access to this page", "您无权访问此页面";
    ForbiddenBody => "This page is for another kind of account. If you think this is a mistake, log in with the right account.", "此页面面向其他类型的账户。如有疑问，请使用正确的账户登录。";
    ErrorTitle => "Something went wrong", "出错了";
    ErrorBody => "We could not finish that. Please try again in a moment.", "暂时无法完成操作，请稍后再试。";
    BackHome => "Back to the home page", "返回首页";
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
    Home => "Home", "首页";
    Loading => "Loading…", "加载中…";
    Shop => "Shop", "店铺";
    Rating => "Rating", "评分";
    SortBy => "Sort by", "排序";
    SortRelevance => "Best match", "综合";
    SortNewest => "Newest", "最新";
    SortPriceAsc => "Price: low to high", "价格从低到高";
    SortPriceDesc => "Price: high to low", "价格从高到低";
    SortBestSelling => "Best-selling", "销量";
    SortRating => "Top rated", "好评";
    Filters => "Filters", "筛选";
    MinPrice => "Min price (¥)", "最低价（¥）";
    MaxPrice => "Max price (¥)", "最高价（¥）";
    InStockOnly => "In stock only", "仅看有货";
    MinRating => "Minimum rating", "最低评分";
    AnyRating => "Any rating", "不限";
    StarsAndUp => "stars & up", "星及以上";
    Brand => "Brand", "品牌";
    ApplyFilters => "Apply filters", "应用筛选";
    ClearFilters => "Clear filters", "清除筛选";
    ResultsFor => "Results for", "搜索结果：";
    NoResults => "No products match. Try fewer words or another spelling.", "没有找到相关商品，请减少关键词或换个说法。";
    DidYouMean => "Did you mean", "您是不是要找";
    ClosestMatches => "No product matches every word; these are the closest matches.", "没有完全匹配的商品，以下是最接近的结果。";
    EnterSearch => "Type what you are looking for in the search box.", "请在搜索框中输入您要找的商品。";
    Previous => "Previous", "上一页";
    Next => "Next", "下一页";
    Pagination => "Pages", "分页";
    Breadcrumb => "Breadcrumb", "导航路径";
    AddToCart => "Add to cart", "加入购物车";
    Quantity => "Quantity", "数量";
    InStock => "In stock", "有货";
    Unavailable => "Unavailable", "无此款式";
    ChooseOptions => "Choose an option for each choice above.", "请先选择上面的款式。";
    Description => "Description", "商品详情";
    Specifications => "Specifications", "规格参数";
    NoReviewsYet => "No reviews yet.", "暂无评价。";
    Ratings => "ratings", "条评分";
    OutOf5 => "out of 5", "分（满分 5 分）";
    VisitShop => "Visit shop", "进店逛逛";
    Variants => "Variants", "可选款式";
    AddedToCart => "Added to cart.", "已加入购物车。";
    ViewCart => "View cart", "去购物车";
    Remove => "Remove", "删除";
    Checkout => "Checkout", "去结算";
    Subtotal => "Subtotal", "小计";
    Total => "Total", "合计";
    Update => "Update", "更新";
    PriceChangedFrom => "Price changed since you added it; it was", "加入后价格有变动，原价";
    NoLongerAvailable => "No longer available", "商品已下架";
    SoldOutRemove => "Sold out: remove it to check out.", "已售罄，请删除后再结算。";
    CheckoutSoon => "Checkout opens with the next release; your cart is kept.", "结算功能即将上线，购物车内容会为您保留。";
    ShopProducts => "Products in this shop", "本店商品";
    Suggestions => "Suggestions", "搜索建议";
    ErrBadRequest => "That request could not be understood.", "无法识别该请求。";
    ErrUnauthorized => "Please log in first.", "请先登录。";
    ErrForbidden => "You are not allowed to do that.", "您无权执行此操作。";
    ErrNotFound => "That could not be found.", "未找到相关内容。";
    ErrCrossSite => "That request came from another site and was refused.", "该请求来自其他网站，已被拒绝。";
    ErrInternal => "Something went wrong on our side. Please try again.", "服务器出错，请重试。";
    ErrRequired => "This field is required.", "此项为必填。";
    ErrEmailInvalid => "Enter an email address like name@example.com.", "请输入有效的邮箱地址，例如 name@example.com。";
    ErrEmailTaken => "That email is already registered.", "该邮箱已注册。";
    ErrDisplayNameTooLong => "Keep the display name under 40 characters.", "昵称不能超过 40 个字符。";
    ErrPasswordTooShort => "The password needs at least 10 characters.", "密码至少需要 10 个字符。";
    ErrPasswordTooLong => "The password can have at most 200 characters.", "密码最多 200 个字符。";
    ErrPasswordAllDigits => "The password cannot be only digits.", "密码不能全是数字。";
    ErrPasswordIsEmail => "The password cannot be your email.", "密码不能与邮箱相同。";
    ErrWrongCredentials => "Wrong email or password.", "邮箱或密码错误。";
    ErrResetLinkInvalid => "This reset link is invalid or has expired. Ask for a new one.", "重置链接无效或已过期，请重新申请。";
    ErrSoldOut => "Sold out", "已售罄";
    ErrQuantity => "Choose a quantity from 1 to 999.", "数量需在 1 到 999 之间。";
    ErrVariantMissing => "Choose an option for each choice first.", "请先选择款式。";
    // Seller portal and operator console navigation and pages.
    SellerPortal => "Seller portal", "商家中心";
    SellerMenu => "Seller menu", "商家菜单";
    ConsoleMenu => "Console menu", "后台菜单";
    Overview => "Overview", "概览";
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

/// The sentence a person reads for an error, in their language.
pub fn error_message(locale: Locale, err: &AppError) -> String {
    code_message(locale, err.code, err.retry_after_secs)
}

/// The sentence for one error code (field errors have no retry time).
pub fn code_message(locale: Locale, code: ErrorCode, retry_after_secs: Option<u64>) -> String {
    let msg = match code {
        ErrorCode::TooManyAttempts => {
            let secs = retry_after_secs.unwrap_or(60).max(1);
            return match locale {
                Locale::En => format!("Too many attempts, try again in {secs} seconds."),
                Locale::ZhCn => format!("尝试次数过多，请在 {secs} 秒后重试。"),
            };
        }
        ErrorCode::BadRequest => Msg::ErrBadRequest,
        ErrorCode::Unauthorized => Msg::ErrUnauthorized,
        ErrorCode::Forbidden => Msg::ErrForbidden,
        ErrorCode::NotFound => Msg::ErrNotFound,
        ErrorCode::CrossSite => Msg::ErrCrossSite,
        ErrorCode::Internal => Msg::ErrInternal,
        ErrorCode::Required => Msg::ErrRequired,
        ErrorCode::EmailInvalid => Msg::ErrEmailInvalid,
        ErrorCode::EmailTaken => Msg::ErrEmailTaken,
        ErrorCode::DisplayNameTooLong => Msg::ErrDisplayNameTooLong,
        ErrorCode::PasswordTooShort => Msg::ErrPasswordTooShort,
        ErrorCode::PasswordTooLong => Msg::ErrPasswordTooLong,
        ErrorCode::PasswordAllDigits => Msg::ErrPasswordAllDigits,
        ErrorCode::PasswordIsEmail => Msg::ErrPasswordIsEmail,
        ErrorCode::WrongCredentials => Msg::ErrWrongCredentials,
        ErrorCode::ResetLinkInvalid => Msg::ErrResetLinkInvalid,
        ErrorCode::SoldOut => Msg::ErrSoldOut,
        ErrorCode::QuantityInvalid => Msg::ErrQuantity,
        ErrorCode::VariantMissing => Msg::ErrVariantMissing,
    };
    t(locale, msg).to_string()
}

/// "1 item in cart" / "3 items in cart".
pub fn items_in_cart(locale: Locale, n: i64) -> String {
    match (locale, n) {
        (Locale::En, 1) => "1 item in cart".to_string(),
        (Locale::En, n) => format!("{n} items in cart"),
        (Locale::ZhCn, n) => format!("购物车中有 {n} 件商品"),
    }
}

/// "1 product" / "24 products".
pub fn product_count(locale: Locale, n: u64) -> String {
    match (locale, n) {
        (Locale::En, 1) => "1 product".to_string(),
        (Locale::En, n) => format!("{n} products"),
        (Locale::ZhCn, n) => format!("共 {n} 件商品"),
    }
}

/// Formats integer fen as a price: `¥1,234.50` (the same in both languages).
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let yuan = (abs / 100).to_string();
    let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
    for (i, ch) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}¥{grouped}.{:02}", abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_group_thousands_and_keep_two_decimals() {
        assert_eq!(format_fen(123_450), "¥1,234.50");
        assert_eq!(format_fen(5), "¥0.05");
        assert_eq!(format_fen(100_000_000), "¥1,000,000.00");
        assert_eq!(format_fen(-199), "-¥1.99");
        assert_eq!(format_fen(i64::MIN), "-¥92,233,720,368,547,758.08");
    }

    #[test]
    fn unknown_locale_tags_are_not_guessed() {
        assert_eq!(Locale::from_tag("zh-CN"), Some(Locale::ZhCn));
        assert_eq!(Locale::from_tag("zh"), None);
        assert_eq!(Locale::from_tag("fr"), None);
    }

    #[test]
    fn throttle_message_names_the_wait() {
        let err = AppError {
            retry_after_secs: Some(42),
            ..AppError::new(ErrorCode::TooManyAttempts)
        };
        assert_eq!(
            error_message(Locale::En, &err),
            "Too many attempts, try again in 42 seconds."
        );
    }
}
