//! Design-system widgets with no domain knowledge.

mod form;
pub mod messages;
mod status;
mod upload;

pub use form::{echoed, field_error, form_alert, go_on_success, hydrated, FormAlert, FormFn, SelectField, TextField};
pub use messages::{code_message, error_message};
pub use status::{ErrorPage, ForbiddenPage, NotFoundPage};
pub use upload::MultipartForm;

use crate::i18n::format_fen;
use leptos::prelude::*;

/// Milliseconds since the epoch, on the server and in the browser (for
/// countdowns).
pub fn epoch_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64)
    }
}

/// A price in fen, shown as `¥1,234.50`.
#[component]
pub fn Money(fen: i64) -> impl IntoView {
    view! { <span class="money">{format_fen(fen)}</span> }
}

/// One figure in a `<dl class="stats">`: its words and its number.
#[component]
pub fn Stat<M: crate::i18n::Message + Send + Sync + 'static>(label: M, value: i64) -> impl IntoView {
    view! {
        <div class="stat">
            <dt class="stat__label">{crate::i18n::tr(label)}</dt>
            <dd class="stat__value">{value}</dd>
        </div>
    }
}

/// "Previous page" / "Next page" links of a list read a page at a time
/// (either may be absent).
#[component]
pub fn PrevNext<M: crate::i18n::Message + Copy + Send + Sync + 'static>(
    newer: Option<String>,
    older: Option<String>,
    newer_label: M,
    older_label: M,
) -> impl IntoView {
    (newer.is_some() || older.is_some()).then(|| {
        view! {
            <nav class="pager">
                {newer.map(|href| view! { <a href=href rel="prev">{crate::i18n::tr(newer_label)}</a> })}
                {older.map(|href| view! { <a href=href rel="next">{crate::i18n::tr(older_label)}</a> })}
            </nav>
        }
    })
}
