//! The page shell every route shares: header, footer, main area.

mod footer;
pub mod header;

pub use footer::SiteFooter;
pub use header::SiteHeader;

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
