use super::go_on_success;
use crate::accounts::api::ResetPassword;
use crate::accounts::messages::AccountsMsg;
use crate::i18n::tr;
use crate::ui::{field_error, form_alert, FormAlert, TextField};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    go_on_success(action, || "/login?reset=1".to_string());
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
    view! {
        <Title text=tr(AccountsMsg::ResetTitle).into_owned()/>
        <section class="auth card">
            <h1>{tr(AccountsMsg::ResetTitle)}</h1>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="token" value=token/>
                <FormAlert message=form_alert(action)/>
                <TextField
                    label=AccountsMsg::NewPassword
                    name="password"
                    input_type="password"
                    autocomplete="new-password"
                    hint=AccountsMsg::PasswordRule
                    error=field_error(action, "password")
                    clear_when=action.version()
                />
                <button type="submit" class="button button--primary button--block">{tr(AccountsMsg::SetNewPassword)}</button>
            </ActionForm>
        </section>
    }
}
