//! The shape every payment provider takes, modelled on the ones a Chinese
//! marketplace connects to (Alipay, WeChat Pay, UnionPay):
//!
//! - a payment is *created* with our reference, the amount and an
//!   idempotency key (asked twice, the provider answers the same);
//! - the money is *confirmed* by an asynchronous, signed notification to
//!   our callback, which may come twice, late, or before the shopper's
//!   browser is back; the browser's return is never proof of payment;
//! - a payment can be *queried* (what we do when a notification is late);
//! - a payment can be *refunded*, in part or whole, again with a key.
//!
//! A provider that sends the shopper to its own cashier (Alipay's page, a
//! WeChat QR code) answers `Started::Redirect`; a card processor answers at
//! once. The built-in `TestGateway` is a card processor.

use super::domain::{CardNumber, Cvc, Expiry};
use http::HeaderMap;
use std::future::Future;
use std::pin::Pin;

/// A boxed future, so providers can sit behind `dyn PaymentProvider`.
pub type ProviderFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How the shopper pays.
#[derive(Clone, Debug)]
pub enum PaymentMethod {
    Card {
        number: CardNumber,
        expiry: Expiry,
        cvc: Cvc,
    },
}

/// One request to take money.
#[derive(Clone, Debug)]
pub struct PaymentRequest {
    /// Ours; the provider's notification names it (Alipay's `out_trade_no`).
    pub reference: String,
    pub amount_minor: i64,
    pub description: String,
    /// Where the provider posts its signed notification.
    pub notify_url: String,
    /// Sent twice, the provider takes the money once.
    pub idempotency_key: String,
    pub method: PaymentMethod,
}

/// Why a provider said no, in words we can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decline {
    /// The issuer refused (the test card 4000 0000 0000 0002).
    CardDeclined,
    InsufficientFunds,
    /// The details did not check out at the provider.
    InvalidCard,
}

impl Decline {
    pub fn as_db(self) -> &'static str {
        match self {
            Decline::CardDeclined => "card_declined",
            Decline::InsufficientFunds => "insufficient_funds",
            Decline::InvalidCard => "invalid_card",
        }
    }

    pub fn from_db(value: &str) -> Decline {
        match value {
            "insufficient_funds" => Decline::InsufficientFunds,
            "invalid_card" => Decline::InvalidCard,
            _ => Decline::CardDeclined,
        }
    }
}

/// What creating a payment led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Started {
    /// Accepted; the provider confirms with a notification.
    Authorized {
        provider_ref: String,
    },
    /// The shopper finishes on the provider's page.
    Redirect {
        provider_ref: String,
        url: String,
    },
    Declined(Decline),
}

/// A provider that could not be reached or answered nonsense.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("payment provider unavailable: {0}")]
pub struct ProviderError(pub String);

/// A notification, once its signature checked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub reference: String,
    pub provider_ref: String,
    pub amount_minor: i64,
    /// `None`: paid; `Some`: the payment failed after all.
    pub declined: Option<Decline>,
}

/// Why a notification was refused (and logged).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotificationError {
    #[error("missing or malformed signature")]
    Unsigned,
    #[error("signature does not match")]
    BadSignature,
    #[error("signed too long ago")]
    Stale,
    #[error("body is not a notification")]
    Malformed,
}

/// What a query says of a payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Queried {
    Succeeded {
        provider_ref: String,
        amount_minor: i64,
    },
    Declined(Decline),
    /// The provider has not decided (or never heard of it).
    Pending,
}

/// One request to give money back.
#[derive(Clone, Debug)]
pub struct RefundRequest {
    pub provider_ref: String,
    pub amount_minor: i64,
    pub idempotency_key: String,
}

/// A refund the provider accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refunded {
    pub refund_ref: String,
}

/// A payment provider. Implementations keep card data only as long as the
/// call, and never log it.
pub trait PaymentProvider: Send + Sync {
    /// The name in our records and in the callback URL
    /// (`/hooks/payments/{name}`).
    fn name(&self) -> &'static str;

    fn create<'a>(&'a self, request: PaymentRequest) -> ProviderFuture<'a, Result<Started, ProviderError>>;

    /// Checks a notification's signature and reads it.
    fn verify_notification(&self, headers: &HeaderMap, body: &[u8]) -> Result<Notification, NotificationError>;

    /// What the provider wants to read back once a notification is taken
    /// (Alipay: `success`; WeChat Pay: a small XML document).
    fn acknowledgement(&self) -> (&'static str, &'static str) {
        ("text/plain; charset=utf-8", "success")
    }

    fn query<'a>(&'a self, reference: &'a str) -> ProviderFuture<'a, Result<Queried, ProviderError>>;

    fn refund<'a>(&'a self, request: RefundRequest) -> ProviderFuture<'a, Result<Refunded, ProviderError>>;
}
