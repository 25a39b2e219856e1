//! Order pages.

use crate::cart::messages::CartMsg;
use crate::i18n::tr;
use crate::orders::messages::OrdersMsg;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/orders` (login required: the server redirects guests to log in).
/// Checkout arrives with its own issue; until then nobody has orders.
#[component]
pub fn OrdersPage() -> impl IntoView {
    view! {
        <Title text=tr(OrdersMsg::MyOrders).into_owned()/>
        <section class="empty-state">
            <h1>{tr(OrdersMsg::MyOrders)}</h1>
            <p class="empty-state__title">{tr(OrdersMsg::NoOrdersTitle)}</p>
            <p>{tr(OrdersMsg::NoOrdersBody)}</p>
            <a class="button button--primary" href="/">{tr(CartMsg::ContinueShopping)}</a>
        </section>
    }
}
