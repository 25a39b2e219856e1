//! Parsed account inputs: once a value has one of these types it is valid.

use crate::error::ErrorCode;

/// A syntactically valid email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, ErrorCode> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(ErrorCode::Required);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(ErrorCode::EmailInvalid);
        };
        let labels_ok = domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        if email.len() > 254 || !local_ok || !domain.contains('.') || !labels_ok {
            return Err(ErrorCode::EmailInvalid);
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name other people see: 1 to 40 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<DisplayName, ErrorCode> {
        let name: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(ErrorCode::Required);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(ErrorCode::DisplayNameTooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(ErrorCode::BadRequest);
        }
        Ok(DisplayName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password good enough to set: at least 10 characters, not only digits,
/// not the email. (Checked at log-in only for length, so old rules never lock
/// anyone out.)
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str, email: Option<&Email>) -> Result<NewPassword, ErrorCode> {
        let count = raw.chars().count();
        if count == 0 {
            return Err(ErrorCode::Required);
        }
        if count < Self::MIN_CHARS {
            return Err(ErrorCode::PasswordTooShort);
        }
        if count > Self::MAX_CHARS {
            return Err(ErrorCode::PasswordTooLong);
        }
        if raw.chars().all(|c| c.is_ascii_digit()) {
            return Err(ErrorCode::PasswordAllDigits);
        }
        if email.is_some_and(|e| raw.trim().to_lowercase() == e.as_str()) {
            return Err(ErrorCode::PasswordIsEmail);
        }
        Ok(NewPassword(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Li.Wei@Example.CN ").unwrap().as_str(),
            "li.wei@example.cn"
        );
    }

    #[test]
    fn malformed_emails_are_rejected() {
        for bad in [
            "plainaddress",
            "a@b",
            "@example.com",
            "a@@example.com",
            "a b@example.com",
            "a@-x.com",
            "a..b@x.com",
            "a@x..com",
        ] {
            assert_eq!(Email::parse(bad), Err(ErrorCode::EmailInvalid), "{bad}");
        }
        assert_eq!(Email::parse("   "), Err(ErrorCode::Required));
        let long = format!("{}@example.com", "a".repeat(300));
        assert_eq!(Email::parse(&long), Err(ErrorCode::EmailInvalid));
    }

    #[test]
    fn short_password_is_rejected() {
        assert_eq!(NewPassword::parse("abc12345", None), Err(ErrorCode::PasswordTooShort));
    }

    #[test]
    fn digits_only_password_is_rejected() {
        assert_eq!(
            NewPassword::parse("12345678901", None),
            Err(ErrorCode::PasswordAllDigits)
        );
    }

    #[test]
    fn password_equal_to_email_is_rejected() {
        let email = Email::parse("shopper@example.com").unwrap();
        assert_eq!(
            NewPassword::parse("Shopper@Example.com", Some(&email)),
            Err(ErrorCode::PasswordIsEmail)
        );
        assert!(NewPassword::parse("correct horse battery", Some(&email)).is_ok());
    }

    #[test]
    fn password_length_counts_characters_not_bytes() {
        assert!(NewPassword::parse("密码密码密码密码密码", None).is_ok());
        assert_eq!(
            NewPassword::parse(&"x".repeat(201), None),
            Err(ErrorCode::PasswordTooLong)
        );
    }

    #[test]
    fn display_names_collapse_spaces_and_have_a_limit() {
        assert_eq!(DisplayName::parse("  Li   Wei ").unwrap().as_str(), "Li Wei");
        assert_eq!(DisplayName::parse(""), Err(ErrorCode::Required));
        assert_eq!(DisplayName::parse(&"名".repeat(41)), Err(ErrorCode::DisplayNameTooLong));
        assert!(DisplayName::parse(&"名".repeat(40)).is_ok());
    }
}
