//! The built-in provider: a test gateway that behaves like a card processor.
//! It checks the card (Luhn, expiry, CVC), declines the test card
//! 4000 0000 0000 0002, issues an authorization id for good cards, and
//! confirms every payment the way real providers do: a signed notification
//! posted to our callback, retried until it is acknowledged. So the
//! asynchronous path is the one every test and every demo payment takes.
//!
//! It keeps its own ledger in memory, as a processor keeps it on its side:
//! the same idempotency key gets the same answer, a refund never exceeds
//! what was taken. (A server restart forgets it; the orders do not.)

use super::domain::{luhn, year_month_in_china, CardNumber};
use super::provider::{
    Decline, Notification, NotificationError, PaymentMethod, PaymentProvider, PaymentRequest, ProviderError,
    ProviderFuture, Queried, RefundRequest, Refunded, Started,
};
use crate::server::signing::{self, SignatureError, SIGNATURE_HEADER};
use http::HeaderMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The test card that is always declined.
pub const DECLINED_CARD: &str = "4000000000000002";

/// What the gateway posts to the callback.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct NotificationBody {
    reference: String,
    provider_ref: String,
    amount_minor: i64,
    status: String,
}

#[derive(Clone, Debug)]
struct Charge {
    reference: String,
    provider_ref: String,
    amount_minor: i64,
    refunded_minor: i64,
}

#[derive(Default)]
struct Ledger {
    /// By idempotency key: the answer given.
    answers: HashMap<String, Started>,
    /// By our reference.
    charges: HashMap<String, Charge>,
    /// Refunds by idempotency key.
    refunds: HashMap<String, Refunded>,
}

/// How the gateway delivers its notifications (tests make them late or
/// repeated, as real ones can be).
#[derive(Clone, Debug)]
pub struct Delivery {
    /// Wait this long before the first attempt.
    pub delay: Duration,
    /// Send each notification this many times (at least once).
    pub copies: usize,
    /// Answer queries "pending", as a provider whose records lag behind
    /// its authorizations (so only the notification settles a payment).
    pub queries_pending: bool,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            delay: Duration::ZERO,
            copies: 1,
            queries_pending: false,
        }
    }
}

pub struct TestGateway {
    secret: Vec<u8>,
    http: reqwest::Client,
    ledger: Arc<Mutex<Ledger>>,
    delivery: Delivery,
}

impl TestGateway {
    pub fn new(secret: Vec<u8>, delivery: Delivery) -> TestGateway {
        TestGateway {
            secret,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            ledger: Arc::default(),
            delivery,
        }
    }

    /// The notification body and its signature header, as the gateway
    /// would send them now (tests use it to post copies of their own).
    pub fn signed_notification(&self, reference: &str, provider_ref: &str, amount_minor: i64) -> (Vec<u8>, String) {
        signed(&self.secret, reference, provider_ref, amount_minor)
    }

    fn ledger(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Decides as a processor would, from the card alone.
    fn decide(card: &CardNumber, expiry: (i32, u32)) -> Option<Decline> {
        if !luhn(card.digits()) || expiry < year_month_in_china(crate::server::now_ms()) {
            return Some(Decline::InvalidCard);
        }
        (card.digits() == DECLINED_CARD).then_some(Decline::CardDeclined)
    }

    /// Posts the notification to the callback, retrying with growing pauses
    /// until it is acknowledged (as real providers retry for hours).
    fn deliver(&self, notify_url: String, reference: String, provider_ref: String, amount_minor: i64) {
        let http = self.http.clone();
        let delivery = self.delivery.clone();
        let secret = self.secret.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delivery.delay).await;
            for _ in 0..delivery.copies.max(1) {
                let mut pause = Duration::from_millis(200);
                for _attempt in 0..8 {
                    let (body, header) = signed(&secret, &reference, &provider_ref, amount_minor);
                    let sent = http
                        .post(&notify_url)
                        .header(SIGNATURE_HEADER, header)
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await;
                    match sent {
                        Ok(res) if res.status().is_success() => break,
                        Ok(res) => {
                            tracing::warn!(status = %res.status(), "test gateway: notification not taken, retrying")
                        }
                        Err(e) => tracing::warn!(error = %e, "test gateway: notification not delivered, retrying"),
                    }
                    tokio::time::sleep(pause).await;
                    pause = (pause * 3).min(Duration::from_secs(30));
                }
            }
        });
    }
}

/// A success notification for a payment, signed now.
fn signed(secret: &[u8], reference: &str, provider_ref: &str, amount_minor: i64) -> (Vec<u8>, String) {
    let body = serde_json::to_vec(&NotificationBody {
        reference: reference.to_string(),
        provider_ref: provider_ref.to_string(),
        amount_minor,
        status: "succeeded".into(),
    })
    .unwrap_or_default();
    let header = signing::sign(secret, crate::server::now_ms() / 1000, &body);
    (body, header)
}

impl PaymentProvider for TestGateway {
    fn name(&self) -> &'static str {
        "testpay"
    }

    fn create<'a>(&'a self, request: PaymentRequest) -> ProviderFuture<'a, Result<Started, ProviderError>> {
        Box::pin(async move {
            if let Some(answer) = self.ledger().answers.get(&request.idempotency_key) {
                return Ok(answer.clone());
            }
            let PaymentMethod::Card { number, expiry, .. } = &request.method;
            let answer = match Self::decide(number, (expiry.year, expiry.month)) {
                Some(decline) => Started::Declined(decline),
                None => Started::Authorized {
                    provider_ref: format!("TP{}", uuid::Uuid::new_v4().simple()),
                },
            };
            {
                let mut ledger = self.ledger();
                // Two calls with one key racing here: the first answer stands.
                if let Some(answer) = ledger.answers.get(&request.idempotency_key) {
                    return Ok(answer.clone());
                }
                ledger.answers.insert(request.idempotency_key.clone(), answer.clone());
                if let Started::Authorized { provider_ref } = &answer {
                    ledger.charges.insert(
                        request.reference.clone(),
                        Charge {
                            reference: request.reference.clone(),
                            provider_ref: provider_ref.clone(),
                            amount_minor: request.amount_minor,
                            refunded_minor: 0,
                        },
                    );
                }
            }
            if let Started::Authorized { provider_ref } = &answer {
                self.deliver(
                    request.notify_url.clone(),
                    request.reference.clone(),
                    provider_ref.clone(),
                    request.amount_minor,
                );
            }
            Ok(answer)
        })
    }

    fn verify_notification(&self, headers: &HeaderMap, body: &[u8]) -> Result<Notification, NotificationError> {
        let header = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
        signing::verify(&self.secret, header, body, crate::server::now_ms() / 1000).map_err(|e| match e {
            SignatureError::Missing | SignatureError::Malformed => NotificationError::Unsigned,
            SignatureError::Mismatch => NotificationError::BadSignature,
            SignatureError::Stale => NotificationError::Stale,
        })?;
        let body: NotificationBody = serde_json::from_slice(body).map_err(|_| NotificationError::Malformed)?;
        let declined = match body.status.as_str() {
            "succeeded" => None,
            "failed" => Some(Decline::CardDeclined),
            _ => return Err(NotificationError::Malformed),
        };
        Ok(Notification {
            reference: body.reference,
            provider_ref: body.provider_ref,
            amount_minor: body.amount_minor,
            declined,
        })
    }

    fn query<'a>(&'a self, reference: &'a str) -> ProviderFuture<'a, Result<Queried, ProviderError>> {
        Box::pin(async move {
            if self.delivery.queries_pending {
                return Ok(Queried::Pending);
            }
            Ok(match self.ledger().charges.get(reference) {
                Some(charge) => Queried::Succeeded {
                    provider_ref: charge.provider_ref.clone(),
                    amount_minor: charge.amount_minor,
                },
                None => Queried::Pending,
            })
        })
    }

    fn refund<'a>(&'a self, request: RefundRequest) -> ProviderFuture<'a, Result<Refunded, ProviderError>> {
        Box::pin(async move {
            let mut ledger = self.ledger();
            if let Some(done) = ledger.refunds.get(&request.idempotency_key) {
                return Ok(done.clone());
            }
            let charge = ledger
                .charges
                .values_mut()
                .find(|c| c.provider_ref == request.provider_ref)
                .ok_or_else(|| ProviderError("unknown payment".into()))?;
            if request.amount_minor <= 0 || charge.refunded_minor + request.amount_minor > charge.amount_minor {
                return Err(ProviderError(format!(
                    "refund of {} exceeds what is left of {}",
                    request.amount_minor, charge.reference
                )));
            }
            charge.refunded_minor += request.amount_minor;
            let done = Refunded {
                refund_ref: format!("TR{}", uuid::Uuid::new_v4().simple()),
            };
            ledger.refunds.insert(request.idempotency_key, done.clone());
            Ok(done)
        })
    }
}
