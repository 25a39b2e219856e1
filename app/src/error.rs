//! The one error type that crosses the wire, and the codes a person can cause.
//!
//! Components never show an error's `Display` or database text: they look the
//! code up in its words (`ui::error_message`).

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use server_fn::ServerFnError;

/// Every failure a person can cause, plus the few they cannot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorCode {
    /// The request was malformed (a browser form would not send it).
    BadRequest,
    /// Log in first.
    Unauthorized,
    /// Logged in, but this is not yours to see or do.
    Forbidden,
    NotFound,
    /// A state-changing request came from another site.
    CrossSite,
    TooManyAttempts,
    /// The server is at capacity for this kind of work (password hashing);
    /// try again after `retry_after_secs`.
    Busy,
    /// Something broke on our side; the `reference` names the log line.
    Internal,
    Required,
    EmailInvalid,
    EmailTaken,
    DisplayNameTooLong,
    PasswordTooShort,
    PasswordTooLong,
    PasswordAllDigits,
    PasswordIsEmail,
    WrongCredentials,
    ResetLinkInvalid,
    SoldOut,
    /// A quantity outside 1..=999 (or not a number).
    QuantityInvalid,
    /// No SKU matches the chosen options.
    VariantMissing,
    /// The cart holds as many lines as it may.
    CartFull,
    /// The order is not waiting for payment (paid, or cancelled).
    OrderNotPayable,
    /// The order has shipped (or ended) and can no longer be cancelled.
    OrderNotCancellable,
    /// Only a paid order that has not shipped can be shipped.
    OrderNotShippable,
    /// Only a shipped order can be delivered.
    OrderNotDeliverable,
    /// Receipt is confirmed once an order has shipped, and only once.
    OrderNotReceivable,
    OrderNotRefundable,
    CarrierUnknown,
    TrackingNumberInvalid,
    /// The tracking number is another customer's parcel.
    TrackingNumberTaken,
    RecipientInvalid,
    /// Not a mainland mobile number.
    PhoneInvalid,
    /// A province, city or district that does not exist or does not belong
    /// to the one above it.
    DivisionInvalid,
    AddressInvalid,
    AddressBookFull,
    /// Place order without choosing where to send it.
    AddressRequired,
    CouponInvalid,
    /// Nothing in the cart can be bought now.
    CheckoutEmpty,
    /// Prices or stock changed since the checkout page was shown.
    CheckoutChanged,
    CardNumberInvalid,
    CardExpiryInvalid,
    CardExpired,
    CvcInvalid,
    /// The card's issuer said no.
    CardDeclined,
    InsufficientFunds,
    /// Another payment of the same orders is under way.
    PaymentInProgress,
    /// The payment provider did not answer; nothing was charged.
    PaymentUnavailable,
    /// The orders are paid (or cancelled) already.
    NothingToPay,
    /// Too many orders wait for payment: they hold stock others could buy.
    TooManyUnpaidOrders,
    /// A unified social credit code whose length, alphabet or check
    /// character is wrong.
    CreditCodeInvalid,
    /// A resident ID number whose length, date or check digit is wrong.
    IdNumberInvalid,
    BankAccountInvalid,
    /// A company's bank account must be in the company's name.
    BankNameMismatch,
    ShopNameInvalid,
    /// The shop name uses a word shops may not use.
    ShopNameBanned,
    /// Another shop (or live application) has this name.
    ShopNameTaken,
    TextTooShort,
    TextTooLong,
    AgreementRequired,
    /// Another live application is backed by this credit code.
    CreditCodeTaken,
    IdNumberTaken,
    BankAccountTaken,
    /// The application is not in a state for this (already submitted,
    /// decided, or not yet submitted).
    ApplicationStateInvalid,
    ShopStateInvalid,
    ListingStateInvalid,
    FileTooLarge,
    /// Not a JPEG, PNG or WebP image (or a PDF where documents are asked).
    FileTypeUnsupported,
    /// An image with more pixels than we decode.
    ImageTooLarge,
    /// The file claims a type but cannot be read as one.
    FileUnreadable,
    /// Another SKU already has this code.
    SkuCodeTaken,
    /// No account has this email (ask the person to register first).
    NoSuchAccount,
    AlreadyMember,
    TooManyImages,
    ReviewStateInvalid,
    ReviewNotYet,
    AlreadyReviewed,
    FollowUpClosed,
    ReplyRefused,
    NumberOutOfRange,
    TooManyPhotos,
    TiersInvalid,
    CouponGone,
    CouponNotStarted,
    CouponLimitReached,
    CouponUsed,
    PromoTitleInvalid,
    TimeInvalid,
    EndsBeforeStart,
    WindowTooLong,
    AmountInvalid,
    CouponOverMinimum,
    CategoryInvalid,
    CouponCodeTaken,
    PromoStatusChanged,
    FlashNotStarted,
    FlashEnded,
    FlashLimitReached,
    FlashPriceNotLower,
    FlashOverStock,
    FlashAlreadyApplied,
    GroupFull,
    GroupClosed,
    AlreadyInGroup,
    GroupPriceNotLower,
    GroupOfferGone,
    /// The request is not in a state for this (answered meanwhile).
    AfterSaleStateInvalid,
    /// The item has not been delivered yet.
    AfterSaleNotYet,
    /// The after-sales window after delivery has passed.
    AfterSaleWindowOver,
    /// This reason does not go with this kind of request.
    ReasonNotForKind,
    /// The item's category has no 7-day no-reason returns.
    NoReasonNotAllowed,
    NoReasonWindowOver,
    /// More than can still go back for the line.
    RefundOverPaid,
    /// The line already has a request under way.
    AfterSaleOpen,
    /// The order already has an open complaint.
    ComplaintOpen,
    ComplaintStateInvalid,
    /// Not a date (`YYYY-MM-DD`).
    DateInvalid,
    /// A date after today.
    DateInFuture,
    /// The range ends before it starts.
    RangeBackwards,
    /// Longer than a dashboard shows.
    RangeTooLong,
}

impl ErrorCode {
    /// The HTTP status a JSON caller sees for this code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::Unauthorized | ErrorCode::WrongCredentials => 401,
            ErrorCode::Forbidden | ErrorCode::CrossSite => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::EmailTaken
            | ErrorCode::SoldOut
            | ErrorCode::CartFull
            | ErrorCode::OrderNotPayable
            | ErrorCode::OrderNotCancellable
            | ErrorCode::OrderNotShippable
            | ErrorCode::OrderNotDeliverable
            | ErrorCode::OrderNotReceivable
            | ErrorCode::OrderNotRefundable
            | ErrorCode::CheckoutChanged
            | ErrorCode::CheckoutEmpty
            | ErrorCode::PaymentInProgress
            | ErrorCode::NothingToPay
            | ErrorCode::TooManyUnpaidOrders
            | ErrorCode::ShopNameTaken
            | ErrorCode::CreditCodeTaken
            | ErrorCode::IdNumberTaken
            | ErrorCode::BankAccountTaken
            | ErrorCode::ApplicationStateInvalid
            | ErrorCode::ShopStateInvalid
            | ErrorCode::ListingStateInvalid
            | ErrorCode::SkuCodeTaken
            | ErrorCode::ReviewStateInvalid
            | ErrorCode::ReviewNotYet
            | ErrorCode::AlreadyReviewed
            | ErrorCode::FollowUpClosed
            | ErrorCode::CouponGone
            | ErrorCode::CouponNotStarted
            | ErrorCode::CouponLimitReached
            | ErrorCode::CouponUsed
            | ErrorCode::CouponCodeTaken
            | ErrorCode::PromoStatusChanged
            | ErrorCode::FlashNotStarted
            | ErrorCode::FlashEnded
            | ErrorCode::FlashLimitReached
            | ErrorCode::FlashAlreadyApplied
            | ErrorCode::GroupFull
            | ErrorCode::GroupClosed
            | ErrorCode::AlreadyInGroup
            | ErrorCode::GroupOfferGone
            | ErrorCode::AfterSaleStateInvalid
            | ErrorCode::AfterSaleOpen
            | ErrorCode::ComplaintOpen
            | ErrorCode::ComplaintStateInvalid => 409,
            ErrorCode::FileTooLarge => 413,
            ErrorCode::CardDeclined | ErrorCode::InsufficientFunds => 402,
            ErrorCode::PaymentUnavailable => 503,
            ErrorCode::TooManyAttempts => 429,
            ErrorCode::Busy => 503,
            ErrorCode::Internal => 500,
            _ => 400,
        }
    }
}

/// Problems carried in a redirect's `err` parameter (`field:Code,…`): the
/// upload forms answer with a redirect, so what they refused rides in the
/// URL to the page that shows it next to its field.
pub fn problems_param(problems: &[(String, ErrorCode)]) -> String {
    let list: Vec<String> = problems.iter().map(|(f, c)| format!("{f}:{c:?}")).collect();
    urlencoding::encode(&list.join(",")).into_owned()
}

/// The problems of an `err` parameter; anything unreadable is dropped.
pub fn parse_problems(raw: &str) -> Vec<(String, ErrorCode)> {
    raw.split(',')
        .filter_map(|pair| {
            let (field, code) = pair.split_once(':')?;
            let code: ErrorCode = serde_json::from_str(&format!("\"{code}\"")).ok()?;
            Some((field.chars().take(40).collect(), code))
        })
        .take(20)
        .collect()
}

/// One message that belongs next to one form field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
}

/// What a server function returns on failure.
///
/// `echo` carries back what the person typed (never a password) so that a form
/// posted without JavaScript is shown again filled in: the error travels in the
/// redirect URL, and the page renders the values from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code:?}")]
pub struct AppError {
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub echo: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode) -> Self {
        AppError {
            code,
            fields: Vec::new(),
            echo: Vec::new(),
            retry_after_secs: None,
            reference: None,
        }
    }

    /// The error with one more typed value to give back to the form (the
    /// hidden id of the card it came from, so the message lands on it).
    pub fn echoing(mut self, field: &str, value: impl ToString) -> Self {
        self.echo.push((field.into(), value.to_string()));
        self
    }

    /// An error that belongs to one field of a form.
    pub fn field(field: &str, code: ErrorCode) -> Self {
        FieldErrors::default()
            .with(field, code)
            .into_error()
            .unwrap_or_else(|| AppError::new(code))
    }

    pub fn internal(reference: String) -> Self {
        AppError {
            reference: Some(reference),
            ..AppError::new(ErrorCode::Internal)
        }
    }

    /// Attach the typed values to send back to a JavaScript-free form.
    pub fn echo(mut self, values: &[(&str, &str)]) -> Self {
        self.echo = values.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self
    }

    /// The code for one field, if this error names it.
    pub fn for_field(&self, field: &str) -> Option<ErrorCode> {
        self.fields.iter().find(|f| f.field == field).map(|f| f.code)
    }

    /// What the person typed into `field`, if this error carries it back.
    pub fn echoed(&self, field: &str) -> Option<&str> {
        self.echo.iter().find(|(k, _)| k == field).map(|(_, v)| v.as_str())
    }
}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        AppError::new(code)
    }
}

/// Collects every field problem of one form before failing, so a person sees
/// all of them at once.
#[derive(Default, Debug)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn with(mut self, field: &str, code: ErrorCode) -> Self {
        self.push(field, code);
        self
    }

    /// No field has an error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn push(&mut self, field: &str, code: ErrorCode) {
        if !self.0.iter().any(|f| f.field == field) {
            self.0.push(FieldError {
                field: field.to_string(),
                code,
            });
        }
    }

    /// Records the error of a parse, returning the parsed value if it succeeded.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, ErrorCode>) -> Option<T> {
        parsed.map_err(|code| self.push(field, code)).ok()
    }

    /// Fails with every field's problem and what was typed (for a form
    /// without JavaScript to show again); `Ok` when no field has one.
    pub fn into_result_with(self, typed: &[(&str, &str)]) -> Result<(), AppError> {
        match self.into_error() {
            Some(e) => Err(e.echo(typed)),
            None => Ok(()),
        }
    }

    pub fn into_error(self) -> Option<AppError> {
        let first = self.0.first()?.code;
        Some(AppError {
            fields: self.0,
            ..AppError::new(first)
        })
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::new(ErrorCode::BadRequest),
            _ => AppError::new(ErrorCode::Internal),
        }
    }
}

/// Lets `?` work on database calls in services and server functions: the
/// cause is logged with a reference (never shown), the person sees
/// `Internal` with that reference. Expected failures (a unique violation, a
/// guarded update that changed nothing) are read by the service before `?`.
#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        // Lock order keeps these rare; when one happens, the person is told
        // to try again (nothing was written), not that something broke.
        if crate::server::db::is_conflict(&err) {
            tracing::warn!(error = %err, "transaction given up for another: busy");
            return AppError::new(ErrorCode::Busy);
        }
        crate::server::db::internal(err)
    }
}

impl From<ServerFnError> for AppError {
    fn from(_: ServerFnError) -> Self {
        AppError::new(ErrorCode::Internal)
    }
}

#[cfg(test)]
mod problem_tests {
    use super::*;

    #[test]
    fn problems_survive_the_url_and_junk_is_dropped() {
        let list = vec![
            ("logo".to_string(), ErrorCode::FileTooLarge),
            ("form".to_string(), ErrorCode::Busy),
        ];
        let raw = urlencoding::decode(&problems_param(&list)).unwrap().into_owned();
        assert_eq!(parse_problems(&raw), list);
        assert_eq!(parse_problems("logo:NoSuchCode,:,x"), vec![]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_keep_the_first_problem_per_field() {
        let err = FieldErrors::default()
            .with("email", ErrorCode::EmailInvalid)
            .with("email", ErrorCode::EmailTaken)
            .with("password", ErrorCode::PasswordTooShort)
            .into_error()
            .expect("two fields failed");
        assert_eq!(err.for_field("email"), Some(ErrorCode::EmailInvalid));
        assert_eq!(err.for_field("password"), Some(ErrorCode::PasswordTooShort));
        assert_eq!(err.code, ErrorCode::EmailInvalid);
    }

    #[test]
    fn an_error_survives_the_wire_round_trip() {
        let err = AppError::field("email", ErrorCode::EmailTaken).echo(&[("email", "a@b.cn")]);
        let back = AppError::de(err.ser());
        assert_eq!(back, err);
        assert_eq!(back.echoed("email"), Some("a@b.cn"));
    }

    #[test]
    fn garbage_on_the_wire_is_a_bad_request_not_a_panic() {
        let back = AppError::de("not json".into());
        assert_eq!(back.code, ErrorCode::BadRequest);
    }
}
