//! The widgets' words: whole-page answers (not found, forbidden, failure),
//! waiting, and the sentence a person reads for each error code.

use crate::error::{AppError, ErrorCode};
use crate::i18n::{en_plural, messages, Locale, Message};

messages! {
    /// What the status pages and shared widgets say.
    pub enum UiMsg {
        Loading => "Loading…", "加载中…";
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
