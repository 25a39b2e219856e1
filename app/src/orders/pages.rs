//! Order pages.

use crate::i18n::{tr, Msg};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/orders` (login required: the server redirects guests to log in).
/// Checkout arrives with its own issue; until then nobody has orders.
#[component]
pub fn OrdersPage() -> impl IntoView {
    view! {
        <Title text=tr(Msg::MyOrders)/>
        <section class="empty-state">
            <h1>{tr(Msg::MyOrders)}</h1>
            <p class="empty-state__title">{tr(Msg::NoOrdersTitle)}</p>
            <p>{tr(Msg::NoOrdersBody)}</p>
            <a class="button button--primary" href="/">{tr(Msg::ContinueShopping)}</a>
        </section>
    }
}
