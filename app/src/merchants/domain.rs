//! The rules of merchant onboarding, with no database: what each field of an
//! application accepts (the check characters of the national codes
//! included), which fields belong to which step, and the application and
//! shop state machines.

use super::model::{AppField, ApplicationDraft, ApplicationStatus, EntityType, ShopStatus, Step};
use crate::error::ErrorCode;

/// The characters of a unified social credit code (GB 32100-2015): digits
/// and capital letters without I, O, S, V and Z. Each one's value is its
/// position here.
const CREDIT_CODE_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A unified social credit code: 18 characters whose last is the check
/// character of the first 17. Lower case and surrounding spaces are
/// accepted and normalized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditCode(String);

impl CreditCode {
    pub fn parse(raw: &str) -> Result<CreditCode, ErrorCode> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(ErrorCode::Required);
        }
        let bytes = code.as_bytes();
        if bytes.len() != 18 {
            return Err(ErrorCode::CreditCodeInvalid);
        }
        let mut values = [0u32; 18];
        for (i, b) in bytes.iter().enumerate() {
            match CREDIT_CODE_CHARS.iter().position(|c| c == b) {
                Some(v) => values[i] = v as u32,
                None => return Err(ErrorCode::CreditCodeInvalid),
            }
        }
        let sum: u32 = values[..17].iter().zip(CREDIT_CODE_WEIGHTS).map(|(v, w)| v * w).sum();
        let check = (31 - sum % 31) % 31;
        if values[17] == check {
            Ok(CreditCode(code))
        } else {
            Err(ErrorCode::CreditCodeInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// A resident identity number (GB 11643-1999): a region, a date of birth, a
/// sequence and a check character (a digit or X). A lower-case x is
/// accepted and normalized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdNumber(String);

impl IdNumber {
    pub fn parse(raw: &str) -> Result<IdNumber, ErrorCode> {
        let id = raw.trim().to_ascii_uppercase();
        if id.is_empty() {
            return Err(ErrorCode::Required);
        }
        let b = id.as_bytes();
        if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
            return Err(ErrorCode::IdNumberInvalid);
        }
        let digit = |i: usize| u32::from(b[i] - b'0');
        let number = |from: usize, to: usize| (from..to).fold(0, |n, i| n * 10 + digit(i));
        // Provinces are 11 (Beijing) to 82 (Macau); the birth date must exist.
        let (province, year, month, day) = (number(0, 2), number(6, 10), number(10, 12), number(12, 14));
        if !(11..=82).contains(&province) || !(1900..=2100).contains(&year) || !valid_date(year, month, day) {
            return Err(ErrorCode::IdNumberInvalid);
        }
        let sum: u32 = (0..17).map(|i| digit(i) * ID_WEIGHTS[i]).sum();
        if b[17] == ID_CHECK[(sum % 11) as usize] {
            Ok(IdNumber(id))
        } else {
            Err(ErrorCode::IdNumberInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// A bank account number: 12 to 19 digits (spaces dropped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankAccount(String);

impl BankAccount {
    pub fn parse(raw: &str) -> Result<BankAccount, ErrorCode> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.is_empty() {
            return Err(ErrorCode::Required);
        }
        if (12..=19).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(BankAccount(digits))
        } else {
            Err(ErrorCode::BankAccountInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A saved account number as anyone but the bank sees it: the last four.
pub fn mask_account(number: &str) -> String {
    let digits: Vec<char> = number.chars().collect();
    if digits.len() <= 4 {
        return "••••".to_string();
    }
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("•••• •••• {tail}")
}

/// Words a shop name may not use: they pass the shop off as the platform,
/// as an official store it has not proved to be, or are abusive.
const BANNED_WORDS: &[&str] = &[
    "jishi", "集市", "official", "官方", "旗舰", "flagship", "admin", "operator", "客服", "platform", "平台", "fuck",
    "shit", "傻逼", "赌博", "gambling", "毒品",
];

/// A shop name: 2 to 30 characters, none of the banned words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopName(String);

impl ShopName {
    pub fn parse(raw: &str) -> Result<ShopName, ErrorCode> {
        let name = collapse_spaces(raw);
        if name.is_empty() {
            return Err(ErrorCode::Required);
        }
        if !(2..=30).contains(&name.chars().count()) || name.chars().any(char::is_control) {
            return Err(ErrorCode::ShopNameInvalid);
        }
        let folded: String = name.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        if BANNED_WORDS.iter().any(|w| folded.contains(w)) {
            return Err(ErrorCode::ShopNameBanned);
        }
        Ok(ShopName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Trims, turns runs of white space into one space, drops control
/// characters.
pub fn collapse_spaces(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A required line of text (a person's or a company's name) of at most
/// `max` characters.
pub fn parse_line(raw: &str, max: usize) -> Result<String, ErrorCode> {
    let text = collapse_spaces(raw);
    if text.is_empty() {
        Err(ErrorCode::Required)
    } else if text.chars().count() > max || text.chars().any(char::is_control) {
        Err(ErrorCode::TextTooLong)
    } else {
        Ok(text)
    }
}

/// Free text (a description) of 10 to `max` characters; line breaks kept.
pub fn parse_text(raw: &str, max: usize) -> Result<String, ErrorCode> {
    let text = raw.trim().replace("\r\n", "\n");
    let count = text.chars().count();
    if text.is_empty() {
        Err(ErrorCode::Required)
    } else if count < 10 {
        Err(ErrorCode::TextTooShort)
    } else if count > max || text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        Err(ErrorCode::TextTooLong)
    } else {
        Ok(text)
    }
}

/// The longest value any application field stores (what a person may type
/// is bounded by each field's rule; this bounds what a draft keeps).
pub const MAX_DRAFT_VALUE: usize = 2_000;

/// The most characters of a shop description.
pub const MAX_DESCRIPTION: usize = 500;

/// The check of one field of a draft, as the person will read it next to
/// the field. `None`: fine (or not asked for this kind of applicant).
pub fn check_field(draft: &ApplicationDraft, field: AppField) -> Option<ErrorCode> {
    let value = draft.value(field);
    let company = draft.entity_type == Some(EntityType::Company);
    let individual = draft.entity_type == Some(EntityType::Individual);
    let result: Result<(), ErrorCode> = match field {
        AppField::ShopName => ShopName::parse(value).map(drop),
        AppField::ShopDescription => parse_text(value, MAX_DESCRIPTION).map(drop),
        AppField::MainCategory => required(value),
        AppField::Logo => required(value),
        AppField::EntityType => draft.entity_type.map(drop).ok_or(ErrorCode::Required),
        AppField::CompanyName | AppField::LegalRepresentative if company => parse_line(value, 100).map(drop),
        AppField::CreditCode if company => CreditCode::parse(value).map(drop),
        AppField::BusinessLicense if company => required(value),
        AppField::PersonName if individual => parse_line(value, 50).map(drop),
        AppField::IdNumber if individual => IdNumber::parse(value).map(drop),
        AppField::IdImage if individual => required(value),
        AppField::BrandAuthorization if draft.sells_other_brand => required(value),
        AppField::ContactName => parse_line(value, 50).map(drop),
        AppField::ContactPhone => crate::checkout::domain::Phone::parse(value).map(drop),
        AppField::BankAccountName => match parse_line(value, 100) {
            Ok(name) if company && name != collapse_spaces(draft.value(AppField::CompanyName)) => {
                Err(ErrorCode::BankNameMismatch)
            }
            other => other.map(drop),
        },
        AppField::BankAccountNumber => BankAccount::parse(value).map(drop),
        AppField::Agreement => (!value.is_empty()).then_some(()).ok_or(ErrorCode::AgreementRequired),
        _ => Ok(()),
    };
    result.err()
}

fn required(value: &str) -> Result<(), ErrorCode> {
    if value.trim().is_empty() {
        Err(ErrorCode::Required)
    } else {
        Ok(())
    }
}

/// Every problem on one step, in the order the fields appear.
pub fn check_step(draft: &ApplicationDraft, step: Step) -> Vec<(AppField, ErrorCode)> {
    AppField::ALL
        .iter()
        .filter(|f| f.step() == step)
        .filter_map(|&f| check_field(draft, f).map(|code| (f, code)))
        .collect()
}

/// Whether every field of a step holds.
pub fn step_complete(draft: &ApplicationDraft, step: Step) -> bool {
    check_step(draft, step).is_empty()
}

/// Every problem before the application can be submitted.
pub fn check_all(draft: &ApplicationDraft) -> Vec<(AppField, ErrorCode)> {
    Step::ALL.iter().flat_map(|&s| check_step(draft, s)).collect()
}

/// Something that happens to an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplicationAction {
    /// The applicant sends it (first time or after changes).
    Submit,
    Approve,
    Reject,
    /// The operator names fields to fix; only those reopen.
    RequestChanges,
}

impl ApplicationAction {
    /// The word stored in the audit log.
    pub fn as_db(self) -> &'static str {
        match self {
            ApplicationAction::Submit => "submitted",
            ApplicationAction::Approve => "approved",
            ApplicationAction::Reject => "rejected",
            ApplicationAction::RequestChanges => "changes_requested",
        }
    }

    /// Whether this is the applicant's move (else the operator's).
    pub fn by_applicant(self) -> bool {
        matches!(self, ApplicationAction::Submit)
    }
}

/// The status after `action`, or why it cannot happen now.
pub fn next_application_status(
    from: ApplicationStatus,
    action: ApplicationAction,
) -> Result<ApplicationStatus, ErrorCode> {
    use ApplicationAction::*;
    use ApplicationStatus::*;
    match (from, action) {
        (Draft | ChangesRequested, Submit) => Ok(UnderReview),
        (UnderReview, Approve) => Ok(Approved),
        (UnderReview, Reject) => Ok(Rejected),
        (UnderReview, RequestChanges) => Ok(ChangesRequested),
        _ => Err(ErrorCode::ApplicationStateInvalid),
    }
}

/// Whether the applicant may change `field` now: everything while a draft,
/// only the fields the operator named after a request for changes, nothing
/// otherwise.
pub fn may_edit(status: ApplicationStatus, reopened: &[AppField], field: AppField) -> bool {
    match status {
        ApplicationStatus::Draft => true,
        ApplicationStatus::ChangesRequested => {
            reopened.contains(&field)
                // Naming a document reopens the choice that asks for it.
                || (field == AppField::SellsOtherBrand && reopened.contains(&AppField::BrandAuthorization))
        }
        _ => false,
    }
}

/// Something an operator does to a shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShopAction {
    Suspend,
    Reinstate,
}

impl ShopAction {
    pub fn as_db(self) -> &'static str {
        match self {
            ShopAction::Suspend => "suspended",
            ShopAction::Reinstate => "reinstated",
        }
    }
}

/// The shop's status after `action`, or why not.
pub fn next_shop_status(from: ShopStatus, action: ShopAction) -> Result<ShopStatus, ErrorCode> {
    match (from, action) {
        (ShopStatus::Active, ShopAction::Suspend) => Ok(ShopStatus::Suspended),
        (ShopStatus::Suspended, ShopAction::Reinstate) => Ok(ShopStatus::Active),
        _ => Err(ErrorCode::ShopStateInvalid),
    }
}

/// An operator's reason: 1 to 500 characters.
pub fn parse_reason(raw: &str) -> Result<String, ErrorCode> {
    let text = raw.trim();
    if text.is_empty() {
        Err(ErrorCode::Required)
    } else if text.chars().count() > 500 || text.chars().any(|c| c.is_control() && c != '\n') {
        Err(ErrorCode::TextTooLong)
    } else {
        Ok(text.to_string())
    }
}

/// A URL-safe shop slug from its name: ASCII letters and digits of the name
/// joined by dashes, with the application id to keep it unique (a name in
/// Chinese gives `shop-<id>`).
pub fn shop_slug(name: &str, application_id: i64) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut base = words.join("-");
    base.truncate(40);
    let base = base.trim_end_matches('-');
    if base.is_empty() {
        format!("shop-{application_id}")
    } else {
        format!("{base}-{application_id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check character for 17 characters, to build valid codes.
    fn with_check(first17: &str) -> String {
        let sum: u32 = first17
            .bytes()
            .zip(CREDIT_CODE_WEIGHTS)
            .map(|(b, w)| CREDIT_CODE_CHARS.iter().position(|c| *c == b).unwrap() as u32 * w)
            .sum();
        let check = CREDIT_CODE_CHARS[((31 - sum % 31) % 31) as usize] as char;
        format!("{first17}{check}")
    }

    fn with_id_check(first17: &str) -> String {
        let sum: u32 = first17
            .bytes()
            .zip(ID_WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        format!("{first17}{}", ID_CHECK[(sum % 11) as usize] as char)
    }

    #[test]
    fn published_credit_codes_pass_their_check() {
        // Codes printed on real business licences.
        for code in [
            "91350100M000100Y43",
            "91110000802100433B",
            "91440300708461136T",
            "91330100716105852F",
        ] {
            assert_eq!(CreditCode::parse(code).map(|c| c.0), Ok(code.to_string()), "{code}");
        }
    }

    #[test]
    fn credit_code_lower_case_and_spaces_are_normalized() {
        assert_eq!(
            CreditCode::parse("  91350100m000100y43 ").unwrap().as_str(),
            "91350100M000100Y43"
        );
    }

    #[test]
    fn credit_code_with_a_wrong_check_character_is_refused() {
        assert_eq!(
            CreditCode::parse("91350100M000100Y44"),
            Err(ErrorCode::CreditCodeInvalid)
        );
        // Every other last character fails too.
        let good = with_check("91310115MA1K3XXX0");
        let ok = CreditCode::parse(&good).is_ok();
        assert!(ok);
        for c in CREDIT_CODE_CHARS.iter().map(|&b| b as char) {
            let candidate = format!("{}{c}", &good[..17]);
            assert_eq!(CreditCode::parse(&candidate).is_ok(), candidate == good);
        }
    }

    #[test]
    fn credit_code_of_the_wrong_length_or_alphabet_is_refused() {
        assert_eq!(CreditCode::parse(""), Err(ErrorCode::Required));
        assert_eq!(
            CreditCode::parse("91350100M000100Y4"),
            Err(ErrorCode::CreditCodeInvalid)
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y433"),
            Err(ErrorCode::CreditCodeInvalid)
        );
        // I, O, S, V, Z are not in the alphabet.
        assert_eq!(
            CreditCode::parse("9135010OM000100Y43"),
            Err(ErrorCode::CreditCodeInvalid)
        );
        // Full-width digits and other scripts.
        assert_eq!(
            CreditCode::parse("９１350100M000100Y43"),
            Err(ErrorCode::CreditCodeInvalid)
        );
        assert_eq!(
            CreditCode::parse("统一社会信用代码统一社会信用代码统一"),
            Err(ErrorCode::CreditCodeInvalid)
        );
    }

    #[test]
    fn id_numbers_pass_their_check_digit() {
        assert_eq!(
            IdNumber::parse("11010519491231002X").unwrap().as_str(),
            "11010519491231002X"
        );
        assert_eq!(
            IdNumber::parse("11010519491231002x").unwrap().as_str(),
            "11010519491231002X"
        );
        // A valid check digit but born in 1880: refused.
        assert_eq!(IdNumber::parse("440524188001010014"), Err(ErrorCode::IdNumberInvalid));
    }

    #[test]
    fn id_numbers_with_a_wrong_check_digit_length_date_or_script_are_refused() {
        assert_eq!(IdNumber::parse("110105194912310021"), Err(ErrorCode::IdNumberInvalid));
        assert_eq!(IdNumber::parse("11010519491231002"), Err(ErrorCode::IdNumberInvalid));
        assert_eq!(IdNumber::parse("11010519491231002XX"), Err(ErrorCode::IdNumberInvalid));
        // 31 February and region 99, each with its right check digit.
        assert_eq!(
            IdNumber::parse(&with_id_check("11010519490231002")),
            Err(ErrorCode::IdNumberInvalid)
        );
        assert_eq!(
            IdNumber::parse(&with_id_check("99010519491231002")),
            Err(ErrorCode::IdNumberInvalid)
        );
        assert!(
            IdNumber::parse(&with_id_check("44030020000229123")).is_ok(),
            "29 February 2000"
        );
        assert_eq!(IdNumber::parse("１1010519491231002X"), Err(ErrorCode::IdNumberInvalid));
        assert_eq!(
            IdNumber::parse("身份证号码身份证号码身份证号码身份证"),
            Err(ErrorCode::IdNumberInvalid)
        );
        assert_eq!(IdNumber::parse(" "), Err(ErrorCode::Required));
    }

    #[test]
    fn bank_accounts_are_12_to_19_digits_and_shown_masked() {
        assert_eq!(
            BankAccount::parse("6222 0212 3456 7890").unwrap().as_str(),
            "6222021234567890"
        );
        assert_eq!(BankAccount::parse("12345678901"), Err(ErrorCode::BankAccountInvalid));
        assert_eq!(
            BankAccount::parse("12345678901234567890"),
            Err(ErrorCode::BankAccountInvalid)
        );
        assert_eq!(
            BankAccount::parse("62220212345678AB"),
            Err(ErrorCode::BankAccountInvalid)
        );
        assert_eq!(mask_account("6222021234567890"), "•••• •••• 7890");
    }

    #[test]
    fn shop_names_are_2_to_30_characters_without_banned_words() {
        assert_eq!(ShopName::parse("  山野  茶社 ").unwrap().as_str(), "山野 茶社");
        assert_eq!(ShopName::parse("茶"), Err(ErrorCode::ShopNameInvalid));
        assert_eq!(ShopName::parse(&"茶".repeat(31)), Err(ErrorCode::ShopNameInvalid));
        assert!(ShopName::parse(&"茶".repeat(30)).is_ok());
        assert_eq!(ShopName::parse("Jishi Official Store"), Err(ErrorCode::ShopNameBanned));
        assert_eq!(ShopName::parse("小米官方旗舰店"), Err(ErrorCode::ShopNameBanned));
        assert_eq!(ShopName::parse("OFF ICIAL tea"), Err(ErrorCode::ShopNameBanned));
    }

    fn company_draft() -> ApplicationDraft {
        let mut d = ApplicationDraft {
            entity_type: Some(EntityType::Company),
            ..ApplicationDraft::default()
        };
        for (f, v) in [
            (AppField::ShopName, "山野茶社"),
            (AppField::ShopDescription, "Tea from the hills of Fujian."),
            (AppField::MainCategory, "tea"),
            (AppField::Logo, "logos/a.png"),
            (AppField::CompanyName, "福州山野茶业有限公司"),
            (AppField::CreditCode, "91350100M000100Y43"),
            (AppField::LegalRepresentative, "林山"),
            (AppField::BusinessLicense, "7"),
            (AppField::ContactName, "林山"),
            (AppField::ContactPhone, "13800138000"),
            (AppField::BankAccountName, "福州山野茶业有限公司"),
            (AppField::BankAccountNumber, "6222021234567890"),
            (AppField::Agreement, "2026-11"),
        ] {
            d.set(f, v.to_string());
        }
        d
    }

    #[test]
    fn a_complete_company_application_has_no_problems() {
        assert_eq!(check_all(&company_draft()), vec![]);
    }

    #[test]
    fn a_company_is_paid_only_into_an_account_in_its_own_name() {
        let mut d = company_draft();
        d.set(AppField::BankAccountName, "林山".into());
        assert_eq!(
            check_step(&d, Step::Contact),
            vec![(AppField::BankAccountName, ErrorCode::BankNameMismatch)]
        );
    }

    #[test]
    fn an_individual_needs_a_name_id_number_and_id_image_not_company_papers() {
        let mut d = company_draft();
        d.entity_type = Some(EntityType::Individual);
        let problems: Vec<AppField> = check_step(&d, Step::Entity).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            problems,
            vec![AppField::PersonName, AppField::IdNumber, AppField::IdImage]
        );
    }

    #[test]
    fn a_brand_it_does_not_own_needs_an_authorization() {
        let mut d = company_draft();
        d.sells_other_brand = true;
        assert_eq!(
            check_step(&d, Step::Entity),
            vec![(AppField::BrandAuthorization, ErrorCode::Required)]
        );
    }

    #[test]
    fn application_transitions_legal_and_illegal() {
        use ApplicationAction::*;
        use ApplicationStatus::*;
        let legal = [
            (Draft, Submit, UnderReview),
            (ChangesRequested, Submit, UnderReview),
            (UnderReview, Approve, Approved),
            (UnderReview, Reject, Rejected),
            (UnderReview, RequestChanges, ChangesRequested),
        ];
        for from in [Draft, UnderReview, ChangesRequested, Approved, Rejected] {
            for action in [Submit, Approve, Reject, RequestChanges] {
                let expected = legal
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to)
                    .ok_or(ErrorCode::ApplicationStateInvalid);
                assert_eq!(next_application_status(from, action), expected, "{from:?} {action:?}");
            }
        }
    }

    #[test]
    fn after_a_request_for_changes_only_the_named_fields_reopen() {
        let reopened = [AppField::CreditCode];
        assert!(may_edit(
            ApplicationStatus::ChangesRequested,
            &reopened,
            AppField::CreditCode
        ));
        assert!(!may_edit(
            ApplicationStatus::ChangesRequested,
            &reopened,
            AppField::ShopName
        ));
        assert!(may_edit(ApplicationStatus::Draft, &[], AppField::ShopName));
        assert!(!may_edit(
            ApplicationStatus::UnderReview,
            &reopened,
            AppField::CreditCode
        ));
        assert!(!may_edit(ApplicationStatus::Approved, &reopened, AppField::CreditCode));
    }

    #[test]
    fn shops_suspend_and_reinstate_only_from_the_other_state() {
        assert_eq!(
            next_shop_status(ShopStatus::Active, ShopAction::Suspend),
            Ok(ShopStatus::Suspended)
        );
        assert_eq!(
            next_shop_status(ShopStatus::Suspended, ShopAction::Reinstate),
            Ok(ShopStatus::Active)
        );
        assert_eq!(
            next_shop_status(ShopStatus::Active, ShopAction::Reinstate),
            Err(ErrorCode::ShopStateInvalid)
        );
        assert_eq!(
            next_shop_status(ShopStatus::Suspended, ShopAction::Suspend),
            Err(ErrorCode::ShopStateInvalid)
        );
    }

    #[test]
    fn shop_slugs_keep_ascii_words_and_the_id() {
        assert_eq!(shop_slug("Hill Tea & Co.", 12), "hill-tea-co-12");
        assert_eq!(shop_slug("山野茶社", 7), "shop-7");
    }
}
