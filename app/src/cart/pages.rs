//! Cart pages.

use crate::i18n::{tr, Msg};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/cart`. Adding to the cart arrives with the storefront; until then every
/// cart is empty, and this is the page an empty cart shows.
#[component]
pub fn CartPage() -> impl IntoView {
    view! {
        <Title text=tr(Msg::Cart)/>
        <section class="empty-state">
            <h1>{tr(Msg::Cart)}</h1>
            <p class="empty-state__title">{tr(Msg::EmptyCartTitle)}</p>
            <p>{tr(Msg::EmptyCartBody)}</p>
            <a class="button button--primary" href="/">{tr(Msg::ContinueShopping)}</a>
        </section>
    }
}
