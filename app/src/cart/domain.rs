//! Cart rules that need no database.

use crate::error::ErrorCode;

/// Most of one SKU a cart line may hold.
pub const MAX_QUANTITY: i64 = 999;

/// Most lines one cart may hold (Tmall's cart holds 120 too): enough for any
/// shopper, and a bound on what one cookie can make the server keep.
pub const MAX_LINES: i64 = 120;

/// A quantity as typed: a whole number from 1 to 999.
pub fn parse_quantity(raw: &str) -> Result<i64, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 6 || !raw.chars().all(|c| c.is_ascii_digit()) {
        return Err(ErrorCode::QuantityInvalid);
    }
    match raw.parse::<i64>() {
        Ok(q) if (1..=MAX_QUANTITY).contains(&q) => Ok(q),
        _ => Err(ErrorCode::QuantityInvalid),
    }
}

/// How many of one SKU a shopper wants: parsed once from what was typed, so
/// the cart's use cases only ever see 1..=999.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantity(i64);

impl Quantity {
    pub fn parse(raw: &str) -> Result<Quantity, ErrorCode> {
        parse_quantity(raw).map(Quantity)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// What a line may hold given the stock: capped at the stock and the limit.
pub fn capped(wanted: i64, stock: i64) -> i64 {
    wanted.min(stock).min(MAX_QUANTITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_negative_huge_and_words_are_refused() {
        for bad in ["0", "-1", "1000000000000", "1e3", "abc", "", " ", "1.5", "+2"] {
            assert_eq!(parse_quantity(bad), Err(ErrorCode::QuantityInvalid), "{bad:?}");
        }
        assert_eq!(parse_quantity(" 3 "), Ok(3));
        assert_eq!(parse_quantity("999"), Ok(999));
        assert_eq!(parse_quantity("1000"), Err(ErrorCode::QuantityInvalid));
    }

    #[test]
    fn quantities_are_capped_by_stock() {
        assert_eq!(capped(5, 3), 3);
        assert_eq!(capped(5, 300), 5);
        assert_eq!(capped(2000, 5000), 999);
    }
}
