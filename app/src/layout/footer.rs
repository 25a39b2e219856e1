use crate::i18n::{tr, use_locale, Locale};
use crate::layout::messages::LayoutMsg;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The footer with the **Language** control: plain links to `/lang/{tag}`,
/// which set the cookie and come back here, so it works without JavaScript.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let current = use_locale();
    let location = use_location();
    let back = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    view! {
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p class="site-footer__about">
                    {tr(LayoutMsg::FooterAbout)} " " <a href="/sell">{tr(LayoutMsg::SellOnJishi)}</a>
                </p>
                <nav class="language" aria-label=tr(LayoutMsg::Language)>
                    <span class="language__label" aria-hidden="true">{tr(LayoutMsg::Language)}</span>
                    {Locale::ALL
                        .into_iter()
                        .map(|locale| {
                            let href = move || format!("/lang/{}?back={}", locale.tag(), urlencoding::encode(&back()));
                            view! {
                                <a
                                    class="language__option"
                                    href=href
                                    rel="external"
                                    lang=locale.tag()
                                    aria-current=(locale == current).then_some("true")
                                >
                                    {locale.own_name()}
                                </a>
                            }
                        })
                        .collect_view()}
                </nav>
            </div>
        </footer>
    }
}
