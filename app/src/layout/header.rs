use crate::accounts::api::LogOut;
use crate::accounts::model::ViewerInfo;
use crate::error::AppError;
use crate::i18n::{tr, Msg};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The logged-in person, loaded once per page load.
pub type ViewerResource = Resource<Result<Option<ViewerInfo>, AppError>>;

#[component]
fn AccountLinks(viewer: Option<ViewerInfo>) -> impl IntoView {
    let log_out = ServerAction::<LogOut>::new();
    Effect::new(move || {
        if log_out.value().with(|v| matches!(v, Some(Ok(())))) {
            let _ = window().location().set_href("/");
        }
    });
    view! {
        <a class="nav-link" href="/orders">{tr(Msg::MyOrders)}</a>
        {match viewer {
            Some(v) => view! {
                {v.is_operator.then(|| view! { <a class="nav-link" href="/admin">{tr(Msg::OperatorConsole)}</a> })}
                <span class="nav-user" title=v.email.clone()>{v.display_name.clone()}</span>
                <ActionForm action=log_out attr:class="nav-form">
                    <button type="submit" class="nav-link nav-link--button">{tr(Msg::LogOut)}</button>
                </ActionForm>
            }
            .into_any(),
            None => view! {
                <a class="nav-link" href="/login">{tr(Msg::LogIn)}</a>
                <a class="nav-link nav-link--accent" href="/register">{tr(Msg::Register)}</a>
            }
            .into_any(),
        }}
    }
}

/// Product name, search box, cart with its count, orders and account links.
/// On a phone the account links sit in a menu opened by the **Menu** button
/// (a `<details>`, so it opens without JavaScript too).
#[component]
pub fn SiteHeader() -> impl IntoView {
    let viewer = expect_context::<ViewerResource>();
    let query = use_query_map();
    let q = move || query.with(|q| q.get("q")).unwrap_or_default();
    let cart_count: i64 = 0;
    let account = move || {
        Suspend::new(async move {
            let v = viewer.await.ok().flatten();
            view! {
                <nav class="site-nav site-nav--wide" aria-label=tr(Msg::Account)>
                    <AccountLinks viewer=v.clone()/>
                </nav>
                <details class="site-menu">
                    <summary class="site-menu__button" role="button">{tr(Msg::Menu)}</summary>
                    <nav class="site-menu__panel" aria-label=tr(Msg::Account)>
                        <AccountLinks viewer=v/>
                    </nav>
                </details>
            }
        })
    };
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__mark" aria-hidden="true">"集"</span>
                    <span class="brand__name">{tr(Msg::SiteName)}</span>
                </a>
                <form class="search-box" role="search" action="/search" method="get">
                    <label class="visually-hidden" for="site-search">{tr(Msg::Search)}</label>
                    <input
                        id="site-search"
                        type="search"
                        name="q"
                        prop:value=q
                        placeholder=tr(Msg::SearchPlaceholder)
                        autocomplete="off"
                        enterkeyhint="search"
                        maxlength="100"
                    />
                    <button type="submit" class="search-box__button">{tr(Msg::Search)}</button>
                </form>
                <a class="cart-link" href="/cart">
                    <span>{tr(Msg::Cart)}</span>
                    <span class="cart-link__count" aria-label=format!("{cart_count} {}", tr(Msg::CartItems))>{cart_count}</span>
                </a>
                <Suspense fallback=|| ()>{account}</Suspense>
            </div>
        </header>
    }
}
