//! Signed callbacks: what a payment provider or a carrier posts to us is
//! signed with a secret both sides hold (HMAC-SHA256 over a timestamp and
//! the body, as Stripe and WeChat Pay v3 do), and a callback whose
//! signature does not match, or that was signed too long ago, is refused.
//! This module also owns the `platform_secret` table: every server sharing
//! the database signs and checks with the same secret.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::{Any, Executor};

type HmacSha256 = Hmac<Sha256>;

/// The header a signed callback carries: `t=<unix seconds>,v1=<hex>`.
pub const SIGNATURE_HEADER: &str = "x-jishi-signature";

/// How old a signature may be (the sender re-signs each retry).
pub const TOLERANCE_SECS: i64 = 300;

/// Why a signature was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureError {
    Missing,
    Malformed,
    Mismatch,
    Stale,
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || text.len() > 128 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The header value for `body` signed at `timestamp` (unix seconds).
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    format!(
        "t={timestamp},v1={}",
        hex(&mac(secret, timestamp, body).finalize().into_bytes())
    )
}

/// Checks a header value against `body` (in constant time) and its age.
pub fn verify(secret: &[u8], header: Option<&str>, body: &[u8], now_secs: i64) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp = None;
    let mut signature = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", s)) => signature = unhex(s),
            _ => {}
        }
    }
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return Err(SignatureError::Malformed);
    };
    mac(secret, timestamp, body)
        .verify_slice(&signature)
        .map_err(|_| SignatureError::Mismatch)?;
    if (now_secs - timestamp).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Stale);
    }
    Ok(())
}

/// The named secret, made (256 random bits) by the first server that asks.
pub async fn platform_secret<'e, E>(ex: E, name: &str) -> Result<Vec<u8>, sqlx::Error>
where
    E: Executor<'e, Database = Any> + Copy,
{
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let now = super::now_ms();
    sqlx::query(
        "insert into platform_secret (name, value, created_at, updated_at) values ($1, $2, $3, $3)
         on conflict (name) do nothing",
    )
    .bind(name)
    .bind(hex(&bytes))
    .bind(now)
    .execute(ex)
    .await?;
    let value: String = sqlx::query_scalar("select value from platform_secret where name = $1")
        .bind(name)
        .fetch_one(ex)
        .await?;
    Ok(unhex(&value).unwrap_or_else(|| value.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_checks_out_only_for_its_body_secret_and_time() {
        let secret = b"secret";
        let body = br#"{"reference":"7","amount_minor":19900}"#;
        let header = sign(secret, 1_000, body);
        assert_eq!(verify(secret, Some(&header), body, 1_010), Ok(()));
        assert_eq!(
            verify(secret, Some(&header), br#"{"reference":"7","amount_minor":1}"#, 1_010),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"other", Some(&header), body, 1_010),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(secret, Some(&header), body, 1_000 + TOLERANCE_SECS + 1),
            Err(SignatureError::Stale)
        );
        assert_eq!(verify(secret, None, body, 1_000), Err(SignatureError::Missing));
        assert_eq!(
            verify(secret, Some("t=1000"), body, 1_000),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(secret, Some("t=1000,v1=zz"), body, 1_000),
            Err(SignatureError::Malformed)
        );
        // A signature for another time does not fit this one.
        let moved = header.replace("t=1000", "t=1001");
        assert_eq!(verify(secret, Some(&moved), body, 1_001), Err(SignatureError::Mismatch));
    }
}
