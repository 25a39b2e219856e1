//! Nested layouts for the two staff sections, the seller portal and the
//! operator console: their own navigation beside the page (a side nav on
//! desktop, a disclosure named "Seller menu" / "Console menu" on a phone,
//! which opens without JavaScript), and the route policy applied once for
//! the whole section.

use crate::i18n::tr;
use crate::layout::header::ViewerResource;
use crate::layout::messages::LayoutMsg;
use crate::routes::{access_for, Verdict, Who};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

/// The section's links: only pages that exist.
#[component]
fn SectionLinks(
    links: &'static [(&'static str, LayoutMsg)],
    /// A count shown after one link's name (unread notifications).
    #[prop(default = None)]
    badge: Option<(&'static str, Signal<Option<i64>>)>,
) -> impl IntoView {
    let location = use_location();
    links
        .iter()
        .map(|(href, label)| {
            // A section's pages below a link keep it current
            // (`/admin/applications/7` under "Merchant applications").
            let current = move || {
                let path = location.pathname.get();
                let path = path.trim_end_matches('/');
                let below = href.matches('/').count() > 1 && path.starts_with(&format!("{href}/"));
                (path == *href || below).then_some("page")
            };
            let count = badge
                .filter(|(at, _)| at == href)
                .map(|(_, n)| move || n.get().filter(|n| *n > 0).map(|n| format!(" ({n})")));
            view! {
                <a class="section-nav__link" href=*href aria-current=current>
                    {tr(*label)}
                    {count}
                </a>
            }
        })
        .collect_view()
}

/// A staff section: its navigation beside the child route (`<Outlet/>`).
/// The navigation shows only to those the policy admits to `root`; the
/// child route stays outside the `Suspense` that waits for the viewer, so
/// its page (and its data) is built once per render, not again each time
/// the viewer resolves. Someone not admitted sees the page's own refusal:
/// every section page reads through a server function that refuses them
/// (the 403 page), and the server's page guard has already sent guests to
/// log in and set status 403.
#[component]
fn SectionLayout(
    /// The section's root route in the policy table (`/seller`, `/admin`).
    root: &'static str,
    /// The accessible name of the section's navigation.
    title: LayoutMsg,
    /// The phone menu button's name (never "Menu": the header has that one).
    menu: LayoutMsg,
    links: &'static [(&'static str, LayoutMsg)],
    #[prop(optional)] badge: Option<(&'static str, Signal<Option<i64>>)>,
) -> impl IntoView {
    let viewer = crate::context::expect_context::<ViewerResource>();
    let access = access_for(root);
    view! {
        <div class="section">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let who = Who::from(viewer.await.ok().flatten().as_ref());
                    match access.map(|a| a.verdict(who)) {
                        Some(Verdict::LogIn | Verdict::Forbidden) => ().into_any(),
                        Some(Verdict::Allow) | None => view! {
                            <nav class="section-nav section-nav--wide" aria-label=tr(title)>
                                <SectionLinks links=links badge=badge/>
                            </nav>
                            <details class="section-menu">
                                <summary class="section-menu__button" role="button">{tr(menu)}</summary>
                                <nav class="section-nav section-menu__panel" aria-label=tr(title)>
                                    <SectionLinks links=links badge=badge/>
                                </nav>
                            </details>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
            <div class="section__main">
                <Outlet/>
            </div>
        </div>
    }
}

const SELLER_LINKS: &[(&str, LayoutMsg)] = &[
    ("/seller", LayoutMsg::Overview),
    ("/seller/products", LayoutMsg::NavProducts),
    ("/seller/orders", LayoutMsg::NavOrders),
    ("/seller/reviews", LayoutMsg::NavReviews),
    ("/seller/promotions", LayoutMsg::NavPromotions),
    ("/seller/after-sales", LayoutMsg::NavAfterSales),
    ("/seller/analytics", LayoutMsg::NavAnalytics),
    ("/seller/inventory", LayoutMsg::NavInventory),
    ("/seller/notifications", LayoutMsg::NavNotifications),
    ("/seller/members", LayoutMsg::NavMembers),
    ("/seller/profile", LayoutMsg::NavProfile),
];

const CONSOLE_LINKS: &[(&str, LayoutMsg)] = &[
    ("/admin", LayoutMsg::Overview),
    ("/admin/applications", LayoutMsg::NavApplications),
    ("/admin/listings", LayoutMsg::NavListings),
    ("/admin/reviews", LayoutMsg::NavReviews),
    ("/admin/promotions", LayoutMsg::NavPromotions),
    ("/admin/shops", LayoutMsg::NavShops),
    ("/admin/disputes", LayoutMsg::NavDisputes),
    ("/admin/complaints", LayoutMsg::NavComplaints),
    ("/admin/analytics", LayoutMsg::NavAnalytics),
    ("/admin/orders", LayoutMsg::NavOrders),
    ("/admin/audit", LayoutMsg::NavAuditLog),
];

/// The seller portal's frame (`/seller/…`): merchants only.
#[component]
pub fn SellerLayout() -> impl IntoView {
    // The unread count beside "Notifications" on every portal page.
    let unread = Resource::new(|| (), |_| crate::merchants::api::unread_notifications());
    let count = Signal::derive(move || unread.get().and_then(Result::ok));
    view! {
        <SectionLayout root="/seller" title=LayoutMsg::SellerPortal menu=LayoutMsg::SellerMenu links=SELLER_LINKS
            badge=("/seller/notifications", count)/>
    }
}

/// The operator console's frame (`/admin/…`): operators only.
#[component]
pub fn AdminLayout() -> impl IntoView {
    view! { <SectionLayout root="/admin" title=LayoutMsg::OperatorConsole menu=LayoutMsg::ConsoleMenu links=CONSOLE_LINKS/> }
}
