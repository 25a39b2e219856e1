//! The page shell every route shares (header, footer, main area) and the
//! nested layouts of the seller portal and the operator console.

mod footer;
pub mod header;
pub mod messages;
mod section;

pub use footer::SiteFooter;
pub use header::SiteHeader;
pub use section::{AdminLayout, SellerLayout};

use crate::i18n::tr;
use leptos::prelude::*;
use messages::LayoutMsg;

/// Header, the page's content, footer.
#[component]
pub fn PageLayout(children: Children) -> impl IntoView {
    send_guests_to_log_in();
    view! {
        <a class="skip-link" href="#main">{tr(LayoutMsg::SkipToContent)}</a>
        <SiteHeader/>
        <main id="main" class="page">{children()}</main>
        <SiteFooter/>
    }
}

/// A link followed in the browser never reaches the server's page guard: a
/// guest who follows one to a private page (Checkout, My orders) is sent to
/// log in and back, as a full page load would be.
fn send_guests_to_log_in() {
    let viewer = crate::context::expect_context::<header::ViewerResource>();
    let location = leptos_router::hooks::use_location();
    Effect::new(move || {
        let path = location.pathname.get();
        let private = crate::routes::access_for(&path).is_some_and(|a| !a.is_public());
        if private && matches!(viewer.get(), Some(Ok(None))) {
            let next = format!("{path}{}", location.search.get());
            let target = format!(
                "/login?next={}",
                urlencoding::encode(&crate::routes::same_site_path(Some(&next)))
            );
            let _ = window().location().set_href(&target);
        }
    });
}
