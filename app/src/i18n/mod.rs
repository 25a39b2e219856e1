//! The i18n mechanism: which language a page speaks, and how messages are
//! declared and looked up. The words themselves live beside their domains
//! (`catalog/messages.rs`, `cart/messages.rs` …), declared with
//! [`messages!`]; names that come as data (categories, options) are
//! [`Localized`]. Pages never pick a language themselves.
//!
//! English unless the person picked Simplified Chinese with the footer's
//! Language control (a cookie); the browser's languages are never consulted.
//! Messages are enums so that a missing translation is a compile error.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The cookie that keeps the person's language choice.
pub const LOCALE_COOKIE: &str = "jishi_lang";

/// A language the interface speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    ZhCn,
}

impl Locale {
    /// Every language, in the order the Language control lists them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// BCP 47 tag, used for `<html lang>` and the cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// The locale for a tag this site writes; other tags are not guessed at.
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
        crate::context::use_context::<http::request::Parts>()
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

/// A name given as data in every language the interface speaks (a
/// category's, an option's): the page asks for it in the current locale and
/// never picks a column itself, so a third language is a new field here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Localized {
    pub en: String,
    pub zh: String,
}

impl Localized {
    /// A name from its English and Chinese texts.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Localized {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The text in `locale` (English when that one is empty).
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn if !self.zh.is_empty() => &self.zh,
            _ => &self.en,
        }
    }

    /// The text in the current page's locale.
    pub fn text(&self) -> String {
        self.get(use_locale()).to_string()
    }
}

/// Makes `locale` the language of everything rendered below.
pub fn provide_locale(locale: Locale) {
    provide_context(locale);
}

/// The language of the page being rendered (English if none was provided).
pub fn use_locale() -> Locale {
    crate::context::use_context::<Locale>().unwrap_or_default()
}

/// Something a person reads, in every language the interface speaks.
///
/// Each domain declares its own table with [`messages!`] beside its code
/// (`cart/messages.rs`); a message may carry data (a count, a page number)
/// so that word order and plural forms are the table's business, never the
/// page's.
pub trait Message {
    /// The text in `locale`.
    fn text(&self, locale: Locale) -> Cow<'static, str>;
}

/// Looks a message up in the current page's locale.
pub fn tr(msg: impl Message) -> Cow<'static, str> {
    msg.text(use_locale())
}

/// English's plural choice: exactly one takes the singular, every other
/// number (zero included) the plural. Chinese has no plural forms, so its
/// columns never call this.
pub fn en_plural<'a, N: PartialEq + From<u8>>(n: N, one: &'a str, other: &'a str) -> &'a str {
    if n == N::from(1) {
        one
    } else {
        other
    }
}

/// Declares one domain's messages: a named enum and its [`Message`] table
/// with an English and a Chinese column. A variant may carry `Copy` data
/// (`Sales { n: i64 }`) that its columns use:
///
/// ```ignore
/// messages! {
///     /// The catalog's words.
///     pub enum CatalogMsg {
///         Featured => "Featured", "精选推荐";
///         Sales { n: i64 } => format!("{n} sold"), format!("已售 {n}");
///     }
/// }
/// ```
///
/// Every variant must name both columns, so a missing translation is a
/// compile error; a third language is a third column here and in this macro.
/// In tests, `samples()` lists every variant (data set to its default) so a
/// table can check that nothing is left blank.
macro_rules! messages {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $key:ident $({ $($arg:ident : $ty:ty),* $(,)? })? => $en:expr, $zh:expr;
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name {
            $( $(#[$vmeta])* $key $({ $($arg: $ty),* })? ),*
        }

        impl $crate::i18n::Message for $name {
            fn text(&self, locale: $crate::i18n::Locale) -> ::std::borrow::Cow<'static, str> {
                match *self {
                    $(
                        $name::$key $({ $($arg),* })? => match locale {
                            $crate::i18n::Locale::En => ::std::borrow::Cow::from($en),
                            $crate::i18n::Locale::ZhCn => ::std::borrow::Cow::from($zh),
                        },
                    )*
                }
            }
        }

        #[cfg(test)]
        impl $name {
            /// Every variant once, data at its default, for table-wide checks.
            pub fn samples() -> Vec<$name> {
                vec![$( $name::$key $({ $($arg: <$ty as ::core::default::Default>::default()),* })? ),*]
            }
        }
    };
}
pub(crate) use messages;

/// Test helper: every message has words in every language.
#[cfg(test)]
pub fn assert_worded<M: Message + std::fmt::Debug>(all: &[M]) {
    assert!(!all.is_empty());
    for msg in all {
        for locale in Locale::ALL {
            let text = msg.text(locale);
            assert!(!text.trim().is_empty(), "{msg:?} has no {} text", locale.tag());
        }
    }
}

/// Formats integer fen as a price: `¥1,234.50` (the same in both languages).
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let yuan = (abs / 100).to_string();
    let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
    for (i, ch) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
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
}
