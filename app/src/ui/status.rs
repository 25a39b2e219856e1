//! Whole-page answers for 404, 403 and unexpected failures. They set the
//! HTTP status during the server render and never show a stack trace.

use crate::i18n::tr;
use crate::ui::messages::UiMsg;
use leptos::prelude::*;
use leptos_meta::Title;

fn set_status(_status: u16) {
    #[cfg(feature = "ssr")]
    crate::server::web::set_status(_status);
}

#[component]
fn StatusPage(status: u16, title: UiMsg, body: UiMsg) -> impl IntoView {
    set_status(status);
    view! {
        <Title text=tr(title).into_owned()/>
        <section class="status-page">
            <p class="status-page__code">{status}</p>
            <h1>{tr(title)}</h1>
            <p>{tr(body)}</p>
            <a class="button" href="/">{tr(UiMsg::BackHome)}</a>
        </section>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <StatusPage status=404 title=UiMsg::NotFoundTitle body=UiMsg::NotFoundBody/> }
}

#[component]
pub fn ForbiddenPage() -> impl IntoView {
    view! { <StatusPage status=403 title=UiMsg::ForbiddenTitle body=UiMsg::ForbiddenBody/> }
}

#[component]
pub fn ErrorPage() -> impl IntoView {
    view! { <StatusPage status=500 title=UiMsg::ErrorTitle body=UiMsg::ErrorBody/> }
}
