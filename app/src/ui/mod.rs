//! Design-system widgets with no domain knowledge.

mod form;
pub mod messages;
mod status;

pub use form::{echoed, field_error, form_alert, go_on_success, hydrated, FormAlert, FormFn, SelectField, TextField};
pub use messages::{code_message, error_message};
pub use status::{ErrorPage, ForbiddenPage, NotFoundPage};

use crate::i18n::format_fen;
use leptos::prelude::*;

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
