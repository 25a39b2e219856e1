//! Whole-page answers for 404, 403 and unexpected failures. They set the
//! HTTP status during the server render and never show a stack trace.

use crate::i18n::{tr, Msg};
use leptos::prelude::*;
use leptos_meta::Title;

fn set_status(_status: u16) {
    #[cfg(feature = "ssr")]
    crate::server::web::set_status(_status);
}

#[component]
fn StatusPage(status: u16, title: Msg, body: Msg) -> impl IntoView {
    set_status(status);
    view! {
        <Title text=tr(title)/>
        <section class="status-page">
            <p class="status-page__code">{status}</p>
            <h1>{tr(title)}</h1>
            <p>{tr(body)}</p>
            <a class="button" href="/">{tr(Msg::BackHome)}</a>
        </section>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <StatusPage status=404 title=Msg::NotFoundTitle body=Msg::NotFoundBody/> }
}

#[component]
pub fn ForbiddenPage() -> impl IntoView {
    view! { <StatusPage status=403 title=Msg::ForbiddenTitle body=Msg::ForbiddenBody/> }
}

#[component]
pub fn ErrorPage() -> impl IntoView {
    view! { <StatusPage status=500 title=Msg::ErrorTitle body=Msg::ErrorBody/> }
}
