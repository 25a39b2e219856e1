//! The page shell every route shares (header, footer, main area) and the
//! nested layouts of the seller portal and the operator console.

mod footer;
pub mod header;
mod section;

pub use footer::SiteFooter;
pub use header::SiteHeader;
pub use section::{AdminLayout, SellerLayout};

use leptos::prelude::*;

/// Header, the page's content, footer.
#[component]
pub fn PageLayout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <SiteHeader/>
        <main id="main" class="page">{children()}</main>
        <SiteFooter/>
    }
}
