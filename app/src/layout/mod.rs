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
    view! {
        <a class="skip-link" href="#main">{tr(LayoutMsg::SkipToContent)}</a>
        <SiteHeader/>
        <main id="main" class="page">{children()}</main>
        <SiteFooter/>
    }
}
