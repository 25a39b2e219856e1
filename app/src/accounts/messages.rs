//! The words of registration, log-in and password reset.

use crate::i18n::messages;

messages! {
    /// What the account pages (and the header's account links) say.
    pub enum AccountsMsg {
        LogIn => "Log in", "登录";
        LogOut => "Log out", "退出登录";
        Register => "Register", "注册";
        Email => "Email", "邮箱";
        Password => "Password", "密码";
        DisplayName => "Display name", "昵称";
        CreateAccount => "Create account", "创建账户";
        PasswordRule => "At least 10 characters, not only digits, and not your email.", "至少 10 个字符，不能全是数字，也不能与邮箱相同。";
        RegisterTitle => "Create your Jishi account", "创建集市账户";
        LoginTitle => "Log in to Jishi", "登录集市";
        NoAccountYet => "New to Jishi?", "还没有账户？";
        HaveAccount => "Already have an account?", "已有账户？";
        ForgotPassword => "Forgot your password?", "忘记密码？";
        ResetTitle => "Reset your password", "重置密码";
        ResetIntro => "Enter your account's email and we will send you a link to choose a new password.", "输入账户邮箱，我们会发送一个链接，用来设置新密码。";
        SendResetLink => "Send reset link", "发送重置链接";
        ResetSent => "If that email belongs to an account, a reset link is on its way. It is valid for one hour.", "如果该邮箱已注册，重置链接已发出，一小时内有效。";
        NewPassword => "New password", "新密码";
        SetNewPassword => "Set new password", "设置新密码";
        PasswordChanged => "Your password was changed. Log in with the new one.", "密码已修改，请使用新密码登录。";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&AccountsMsg::samples());
    }
}
