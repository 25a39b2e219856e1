use crate::accounts::api::RequestPasswordReset;
use crate::accounts::messages::AccountsMsg;
use crate::i18n::tr;
use crate::ui::{echoed, field_error, form_alert, FormAlert, TextField};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let query = use_query_map();
    let sent_before = query.with_untracked(|q| q.get("sent").is_some());
    let sent = move || sent_before || action.value().with(|v| matches!(v, Some(Ok(()))));
    view! {
        <Title text=tr(AccountsMsg::ResetTitle).into_owned()/>
        <section class="auth card">
            <h1>{tr(AccountsMsg::ResetTitle)}</h1>
            <Show
                when=sent
                fallback=move || {
                    view! {
                        <p>{tr(AccountsMsg::ResetIntro)}</p>
                        <ActionForm action=action attr:class="form" attr:novalidate=true>
                            <FormAlert message=form_alert(action)/>
                            <TextField
                                label=AccountsMsg::Email
                                name="email"
                                input_type="email"
                                autocomplete="email"
                                value=echoed(action, "email")
                                error=field_error(action, "email")
                            />
                            <button type="submit" class="button button--primary button--block">{tr(AccountsMsg::SendResetLink)}</button>
                        </ActionForm>
                    }
                }
            >
                <p class="alert alert--ok" role="status">{tr(AccountsMsg::ResetSent)}</p>
            </Show>
            <p class="auth__aside"><a href="/login">{tr(AccountsMsg::LogIn)}</a></p>
        </section>
    }
}
