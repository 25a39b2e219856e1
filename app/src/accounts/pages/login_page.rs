use super::{go_on_success, next_param};
use crate::accounts::api::LogIn;
use crate::accounts::messages::AccountsMsg;
use crate::i18n::tr;
use crate::ui::{echoed, field_error, form_alert, FormAlert, TextField};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<LogIn>::new();
    let next = next_param();
    go_on_success(action, next.clone());
    let query = use_query_map();
    let reset_done = query.with_untracked(|q| q.get("reset").is_some());
    let register_href = {
        let next = next();
        if next == "/" {
            "/register".to_string()
        } else {
            format!("/register?next={}", urlencoding::encode(&next))
        }
    };
    view! {
        <Title text=tr(AccountsMsg::LogIn).into_owned()/>
        <section class="auth card">
            <h1>{tr(AccountsMsg::LoginTitle)}</h1>
            {reset_done.then(|| view! { <p class="alert alert--ok" role="status">{tr(AccountsMsg::PasswordChanged)}</p> })}
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next()/>
                <FormAlert message=form_alert(action)/>
                <TextField
                    label=AccountsMsg::Email
                    name="email"
                    input_type="email"
                    autocomplete="email"
                    value=echoed(action, "email")
                    error=field_error(action, "email")
                />
                <TextField
                    label=AccountsMsg::Password
                    name="password"
                    input_type="password"
                    autocomplete="current-password"
                    error=field_error(action, "password")
                    clear_when=action.version()
                />
                <button type="submit" class="button button--primary button--block" disabled=move || action.pending().get()>
                    {tr(AccountsMsg::LogIn)}
                </button>
            </ActionForm>
            <p class="auth__aside"><a href="/forgot-password">{tr(AccountsMsg::ForgotPassword)}</a></p>
            <p class="auth__aside">{tr(AccountsMsg::NoAccountYet)} " " <a href=register_href>{tr(AccountsMsg::Register)}</a></p>
        </section>
    }
}
