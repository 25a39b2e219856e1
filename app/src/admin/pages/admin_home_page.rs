use crate::admin::api::platform_counts;
use crate::admin::messages::AdminMsg;
use crate::error::ErrorCode;
use crate::i18n::tr;
use crate::ui::messages::UiMsg;
use crate::ui::Stat;
use crate::ui::{ErrorPage, ForbiddenPage};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/admin`: platform counts, through an operator-only server function.
/// Anyone else gets the 403 page (the server function's own refusal).
#[component]
pub fn AdminHomePage() -> impl IntoView {
    let counts = Resource::new(|| (), |_| platform_counts());
    view! {
        <Title text=tr(AdminMsg::AdminTitle).into_owned()/>
        <Suspense fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match counts.await {
                    Ok(c) => view! {
                        <section class="admin">
                            <h1>{tr(AdminMsg::AdminTitle)}</h1>
                            <p>{tr(AdminMsg::AdminIntro)}</p>
                            <dl class="stats">
                                <Stat label=AdminMsg::Users value=c.users/>
                                <Stat label=AdminMsg::Shops value=c.shops/>
                                <Stat label=AdminMsg::Products value=c.products/>
                                <Stat label=AdminMsg::LiveProducts value=c.live_products/>
                            </dl>
                        </section>
                    }
                    .into_any(),
                    Err(e) if matches!(e.code, ErrorCode::Forbidden | ErrorCode::Unauthorized) => {
                        view! { <ForbiddenPage/> }.into_any()
                    }
                    Err(_) => view! { <ErrorPage/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
