//! The HTML shell, the providers and the Leptos route tree. Who may see each
//! route, and whether it is cached, is in `crate::routes::PAGES`; a server
//! test keeps the two listing the same routes.

use crate::accounts::api::current_user;
use crate::accounts::pages::{ForgotPasswordPage, LoginPage, RegisterPage, ResetPasswordPage};
use crate::admin::pages::{
    AdminApplicationPage, AdminApplicationsPage, AdminAuditPage, AdminHomePage, AdminListingPage, AdminListingsPage,
    AdminShopsPage,
};
use crate::aftersales::pages::{AdminComplaintsPage, AdminDisputesPage, RequestPage, SellerAfterSalesPage};
use crate::analytics::pages::{AdminAnalyticsPage, SellerAnalyticsPage};
use crate::cart::api::CartState;
use crate::cart::pages::CartPage;
use crate::catalog::pages::{CategoryPage, HomePage, ProductPage, SearchPage, ShopPage};
use crate::checkout::pages::CheckoutPage;
use crate::i18n::{provide_locale, request_locale};
use crate::layout::header::ViewerResource;
use crate::layout::{AdminLayout, PageLayout, SellerLayout};
use crate::merchants::pages::{
    SellPage, SellerHomePage, SellerInventoryPage, SellerMembersPage, SellerNotificationsPage, SellerProductPage,
    SellerProductsPage, SellerProfilePage,
};
use crate::orders::pages::{AdminOrdersPage, OrderPage, OrdersPage, SellerOrdersPage};
use crate::payments::pages::PaymentPage;
use crate::promotions::pages::{
    AdminFlashPage, AdminPromotionsPage, CouponCentrePage, GroupPage, MyCouponsPage, SellerFlashPage, SellerGroupsPage,
    SellerPromotionsPage,
};
use crate::reviews::pages::{AdminReviewRulesPage, AdminReviewsPage, ReportPage, ReviewPage, SellerReviewsPage};
use crate::ui::NotFoundPage;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The document around the app, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    use crate::server::web::CspNonce;
    let locale = request_locale();
    let parts = crate::context::use_context::<http::request::Parts>();
    // Our security layer mints the nonce and puts it in the CSP header. A
    // page rendered for the shared cache has none: its scripts are allowed by
    // hash, so Leptos's own random nonce is replaced by an empty one.
    let nonce = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<CspNonce>())
        .map(|n| n.0.clone())
        .unwrap_or_default();
    provide_context(leptos::nonce::Nonce::from_value(nonce.clone()));
    let assets = crate::context::use_context::<crate::server::AppState>().map(|s| s.assets.clone());
    let css = assets
        .as_ref()
        .map(|a| a.css.clone())
        .unwrap_or_else(|| "/pkg/jishi.css".to_string());
    // Leptos's own boot script, started when the browser is idle, without the
    // WASM preload that HydrationScripts adds: on a slow phone link the first
    // paint (the page is complete without scripts) must not share the line
    // with 350 KB of WebAssembly.
    let boot = {
        let (pkg, js, wasm) = match &assets {
            Some(a) => (a.pkg_dir.clone(), a.js_stem.clone(), a.wasm_stem.clone()),
            None => ("pkg".into(), "jishi".into(), "jishi".into()),
        };
        format!("{BOOT_SCRIPT}({:?}, {pkg:?}, {js:?}, {wasm:?}, true);", "")
    };
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#c8102e"/>
                <link rel="stylesheet" href=css/>
                <link rel="icon" href="/favicon.ico" sizes="any"/>
                <script type="module" nonce=nonce>{boot}</script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Leptos's hydration bootstrap (from `leptos::hydration`): import the JS
/// glue, instantiate the WASM, hydrate; on idle when `defer` is true.
#[cfg(feature = "ssr")]
const BOOT_SCRIPT: &str = r#"(function (root, pkg_path, output_name, wasm_output_name, defer) {
	const hydrate = () =>
		import(`${root}/${pkg_path}/${output_name}.js`)
			.then(mod => {
				mod.default({module_or_path: `${root}/${pkg_path}/${wasm_output_name}.wasm`}).then(() => {
					mod.hydrate();
				});
			});
	if (defer && "requestIdleCallback" in window) {
		window.requestIdleCallback(hydrate, { timeout: 2000 });
	} else {
		hydrate();
	}
})"#;

/// Marks `<html data-hydrated>` once the client has taken over (effects run
/// only in the browser), so tests know when clicks are handled.
fn mark_hydrated() {
    Effect::new(|| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_locale(request_locale());
    let viewer: ViewerResource = Resource::new(|| (), |_| current_user());
    provide_context(viewer);
    provide_context(CartState::new());
    mark_hydrated();

    // Async rendering: every page arrives complete, so it reads the same
    // without JavaScript and a page can still choose its status code.
    let ssr = SsrMode::Async;
    view! {
        <Router>
            <PageLayout>
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=path!("/") view=HomePage ssr=ssr.clone()/>
                    <Route path=path!("/search") view=SearchPage ssr=ssr.clone()/>
                    <Route path=path!("/c/:slug") view=CategoryPage ssr=ssr.clone()/>
                    <Route path=path!("/p/:id") view=ProductPage ssr=ssr.clone()/>
                    <Route path=path!("/s/:slug") view=ShopPage ssr=ssr.clone()/>
                    <Route path=path!("/login") view=LoginPage ssr=ssr.clone()/>
                    <Route path=path!("/register") view=RegisterPage ssr=ssr.clone()/>
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=ssr.clone()/>
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=ssr.clone()/>
                    <Route path=path!("/cart") view=CartPage ssr=ssr.clone()/>
                    <Route path=path!("/checkout") view=CheckoutPage ssr=ssr.clone()/>
                    <Route path=path!("/pay/:id") view=PaymentPage ssr=ssr.clone()/>
                    <Route path=path!("/orders") view=OrdersPage ssr=ssr.clone()/>
                    <Route path=path!("/orders/:id") view=OrderPage ssr=ssr.clone()/>
                    <Route path=path!("/orders/:id/review/:line") view=ReviewPage ssr=ssr.clone()/>
                    <Route path=path!("/orders/:id/after-sales/:line") view=RequestPage ssr=ssr.clone()/>
                    <Route path=path!("/reviews/:id/report") view=ReportPage ssr=ssr.clone()/>
                    <Route path=path!("/coupons") view=CouponCentrePage ssr=ssr.clone()/>
                    <Route path=path!("/coupons/mine") view=MyCouponsPage ssr=ssr.clone()/>
                    <Route path=path!("/g/:id") view=GroupPage ssr=ssr.clone()/>
                    <Route path=path!("/sell") view=SellPage ssr=ssr.clone()/>
                    // Staff sections: a nested layout with its own navigation.
                    <ParentRoute path=path!("/seller") view=SellerLayout ssr=ssr.clone()>
                        <Route path=path!("") view=SellerHomePage ssr=SsrMode::Async/>
                        <Route path=path!("products") view=SellerProductsPage ssr=SsrMode::Async/>
                        <Route path=path!("products/new") view=SellerProductPage ssr=SsrMode::Async/>
                        <Route path=path!("products/:id") view=SellerProductPage ssr=SsrMode::Async/>
                        <Route path=path!("orders") view=SellerOrdersPage ssr=SsrMode::Async/>
                        <Route path=path!("reviews") view=SellerReviewsPage ssr=SsrMode::Async/>
                        <Route path=path!("after-sales") view=SellerAfterSalesPage ssr=SsrMode::Async/>
                        <Route path=path!("analytics") view=SellerAnalyticsPage ssr=SsrMode::Async/>
                        <Route path=path!("promotions") view=SellerPromotionsPage ssr=SsrMode::Async/>
                        <Route path=path!("promotions/flash") view=SellerFlashPage ssr=SsrMode::Async/>
                        <Route path=path!("promotions/groups") view=SellerGroupsPage ssr=SsrMode::Async/>
                        <Route path=path!("inventory") view=SellerInventoryPage ssr=SsrMode::Async/>
                        <Route path=path!("notifications") view=SellerNotificationsPage ssr=SsrMode::Async/>
                        <Route path=path!("members") view=SellerMembersPage ssr=SsrMode::Async/>
                        <Route path=path!("profile") view=SellerProfilePage ssr=SsrMode::Async/>
                    </ParentRoute>
                    <ParentRoute path=path!("/admin") view=AdminLayout ssr=ssr.clone()>
                        <Route path=path!("") view=AdminHomePage ssr=SsrMode::Async/>
                        <Route path=path!("applications") view=AdminApplicationsPage ssr=SsrMode::Async/>
                        <Route path=path!("applications/:id") view=AdminApplicationPage ssr=SsrMode::Async/>
                        <Route path=path!("listings") view=AdminListingsPage ssr=SsrMode::Async/>
                        <Route path=path!("listings/:id") view=AdminListingPage ssr=SsrMode::Async/>
                        <Route path=path!("reviews") view=AdminReviewsPage ssr=SsrMode::Async/>
                        <Route path=path!("reviews/rules") view=AdminReviewRulesPage ssr=SsrMode::Async/>
                        <Route path=path!("promotions") view=AdminPromotionsPage ssr=SsrMode::Async/>
                        <Route path=path!("promotions/flash") view=AdminFlashPage ssr=SsrMode::Async/>
                        <Route path=path!("shops") view=AdminShopsPage ssr=SsrMode::Async/>
                        <Route path=path!("disputes") view=AdminDisputesPage ssr=SsrMode::Async/>
                        <Route path=path!("complaints") view=AdminComplaintsPage ssr=SsrMode::Async/>
                        <Route path=path!("analytics") view=AdminAnalyticsPage ssr=SsrMode::Async/>
                        <Route path=path!("orders") view=AdminOrdersPage ssr=SsrMode::Async/>
                        <Route path=path!("audit") view=AdminAuditPage ssr=SsrMode::Async/>
                    </ParentRoute>
                </Routes>
            </PageLayout>
        </Router>
    }
}
