use crate::accounts::api::LogOut;
use crate::accounts::messages::AccountsMsg;
use crate::accounts::model::ViewerInfo;
use crate::cart::messages::CartMsg;
use crate::error::AppError;
use crate::i18n::tr;
use crate::layout::messages::LayoutMsg;
use crate::orders::messages::OrdersMsg;
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
        <a class="nav-link" href="/orders">{tr(OrdersMsg::MyOrders)}</a>
        {match viewer {
            Some(v) => view! {
                {v.is_merchant.then(|| view! { <a class="nav-link" href="/seller">{tr(LayoutMsg::SellerPortal)}</a> })}
                {v.is_operator.then(|| view! { <a class="nav-link" href="/admin">{tr(LayoutMsg::OperatorConsole)}</a> })}
                <span class="nav-user" title=v.email.clone()>{v.display_name.clone()}</span>
                <ActionForm action=log_out attr:class="nav-form">
                    <button type="submit" class="nav-link nav-link--button">{tr(AccountsMsg::LogOut)}</button>
                </ActionForm>
            }
            .into_any(),
            None => view! {
                <a class="nav-link" href="/login">{tr(AccountsMsg::LogIn)}</a>
                <a class="nav-link nav-link--accent" href="/register">{tr(AccountsMsg::Register)}</a>
            }
            .into_any(),
        }}
    }
}

/// The header's search box: a plain GET form to `/search`, with
/// suggestions while typing (debounced; a newer keystroke cancels the
/// answer to an older one).
#[component]
fn SearchBox(q: Signal<String>) -> impl IntoView {
    let suggestions = RwSignal::new(Vec::<String>::new());
    let active = RwSignal::new(None::<usize>);
    let typed = RwSignal::new(0u64);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let ticket = typed.get_untracked() + 1;
        typed.set(ticket);
        active.set(None);
        if text.trim().chars().count() < 1 {
            suggestions.set(Vec::new());
            return;
        }
        set_timeout(
            move || {
                if typed.get_untracked() != ticket {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let found = crate::catalog::api::suggest(text).await.unwrap_or_default();
                    // A newer keystroke has superseded this request.
                    if typed.get_untracked() == ticket {
                        suggestions.set(found);
                    }
                });
            },
            std::time::Duration::from_millis(200),
        );
    };
    let go = move |text: String| {
        let href = format!("/search?q={}", urlencoding::encode(&text));
        let _ = window().location().set_href(&href);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = suggestions.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Escape" => {
                suggestions.set(Vec::new());
                active.set(None);
            }
            "Enter" => {
                if let Some(text) = active
                    .get_untracked()
                    .and_then(|i| suggestions.with_untracked(|s| s.get(i).cloned()))
                {
                    ev.prevent_default();
                    go(text);
                }
            }
            _ => {}
        }
    };
    let open = move || suggestions.with(|s| !s.is_empty());
    view! {
        <form class="search-box" role="search" action="/search" method="get">
            <label class="visually-hidden" for="site-search">{tr(LayoutMsg::Search)}</label>
            <input
                id="site-search"
                type="text"
                name="q"
                value=q.get_untracked()
                prop:value=q
                placeholder=tr(LayoutMsg::SearchPlaceholder)
                autocomplete="off"
                enterkeyhint="search"
                maxlength="100"
                aria-autocomplete="list"
                aria-controls="search-suggestions"
                aria-activedescendant=move || active.get().map(|i| format!("suggestion-{i}"))
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| set_timeout(move || suggestions.set(Vec::new()), std::time::Duration::from_millis(150))
            />
            <button type="submit" class="search-box__button">{tr(LayoutMsg::Search)}</button>
            <ul id="search-suggestions" class="suggestions" role="listbox" aria-label=tr(LayoutMsg::Suggestions) hidden=move || !open()>
                <For each=move || suggestions.get().into_iter().enumerate() key=|(i, s)| (*i, s.clone()) let:item>
                    <li
                        id=format!("suggestion-{}", item.0)
                        role="option"
                        class="suggestions__item"
                        aria-selected=move || if active.get() == Some(item.0) { "true" } else { "false" }
                        on:mousedown={
                            let text = item.1.clone();
                            move |ev: leptos::ev::MouseEvent| {
                                ev.prevent_default();
                                go(text.clone());
                            }
                        }
                    >
                        {item.1.clone()}
                    </li>
                </For>
            </ul>
        </form>
    }
}

/// Product name, search box, cart with its count, orders and account links.
/// On a phone the account links sit in a menu opened by the **Menu** button
/// (a `<details>`, so it opens without JavaScript too).
#[component]
pub fn SiteHeader() -> impl IntoView {
    let viewer = crate::context::expect_context::<ViewerResource>();
    let query = use_query_map();
    let q = move || query.with(|q| q.get("q")).unwrap_or_default();
    let cart = crate::cart::api::use_cart();
    let cart_count = move || {
        Suspend::new(async move {
            let n = cart.count.await.unwrap_or(0);
            view! {
                <span class="cart-link__count" aria-label=tr(CartMsg::ItemsInCart { n })>{n}</span>
            }
        })
    };
    let account = move || {
        Suspend::new(async move {
            let v = viewer.await.ok().flatten();
            view! {
                <nav class="site-nav site-nav--wide" aria-label=tr(LayoutMsg::Account)>
                    <AccountLinks viewer=v.clone()/>
                </nav>
                <details class="site-menu">
                    <summary class="site-menu__button" role="button">{tr(LayoutMsg::Menu)}</summary>
                    <nav class="site-menu__panel" aria-label=tr(LayoutMsg::Account)>
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
                    <span class="brand__name">{tr(LayoutMsg::SiteName)}</span>
                </a>
                <SearchBox q=Signal::derive(q)/>
                <a class="cart-link" href="/cart">
                    <span>{tr(CartMsg::Cart)}</span>
                    <Transition fallback=|| ()>{cart_count}</Transition>
                </a>
                <Suspense fallback=|| ()>{account}</Suspense>
            </div>
        </header>
    }
}
