use super::{go_on_success, next_param};
use crate::accounts::api::Register;
use crate::accounts::messages::AccountsMsg;
use crate::i18n::tr;
use crate::ui::{echoed, field_error, form_alert, FormAlert, TextField};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let next = next_param();
    go_on_success(action, next.clone());
    let login_href = {
        let next = next();
        if next == "/" {
            "/login".to_string()
        } else {
            format!("/login?next={}", urlencoding::encode(&next))
        }
    };
    view! {
        <Title text=tr(AccountsMsg::Register).into_owned()/>
        <section class="auth card">
            <h1>{tr(AccountsMsg::RegisterTitle)}</h1>
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
                    label=AccountsMsg::DisplayName
                    name="display_name"
                    autocomplete="nickname"
                    value=echoed(action, "display_name")
                    error=field_error(action, "display_name")
                />
                <TextField
                    label=AccountsMsg::Password
                    name="password"
                    input_type="password"
                    autocomplete="new-password"
                    hint=AccountsMsg::PasswordRule
                    error=field_error(action, "password")
                    clear_when=action.version()
                />
                <button type="submit" class="button button--primary button--block" disabled=move || action.pending().get()>
                    {tr(AccountsMsg::CreateAccount)}
                </button>
            </ActionForm>
            <p class="auth__aside">{tr(AccountsMsg::HaveAccount)} " " <a href=login_href>{tr(AccountsMsg::LogIn)}</a></p>
        </section>
    }
}
