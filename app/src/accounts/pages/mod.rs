//! Account pages: log in, register, forgot and reset password.

mod forgot_password_page;
mod login_page;
mod register_page;
mod reset_password_page;

pub use forgot_password_page::ForgotPasswordPage;
pub use login_page::LoginPage;
pub use register_page::RegisterPage;
pub use reset_password_page::ResetPasswordPage;

use crate::ui::FormFn;
use leptos::prelude::*;

/// After a successful script submission, load `next` as a whole page so the
/// header and everything else reflect the new session. (Without JavaScript
/// the server's redirect does the same.)
pub(crate) fn go_on_success<S: FormFn>(action: ServerAction<S>, next: impl Fn() -> String + 'static)
where
    S::Output: Send + Sync + 'static,
{
    Effect::new(move || {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            let target = next();
            let _ = window().location().set_href(&target);
        }
    });
}

/// The `next` query parameter, kept only if it is a path on this site.
pub(crate) fn next_param() -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let query = leptos_router::hooks::use_query_map();
    move || query.with_untracked(|q| crate::routes::same_site_path(q.get("next").as_deref()))
}
