//! Card details as a shopper types them, checked the way a card processor
//! checks them: the number by its Luhn digit, the expiry against today, the
//! CVC by the brand's length. Nothing here is ever stored whole: a card is
//! kept as its brand and last four digits.

use crate::error::ErrorCode;

/// A card brand, from the number's leading digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardBrand {
    Visa,
    Mastercard,
    Amex,
    UnionPay,
    Jcb,
    Other,
}

impl CardBrand {
    pub fn name(self) -> &'static str {
        match self {
            CardBrand::Visa => "Visa",
            CardBrand::Mastercard => "Mastercard",
            CardBrand::Amex => "American Express",
            CardBrand::UnionPay => "UnionPay",
            CardBrand::Jcb => "JCB",
            CardBrand::Other => "Card",
        }
    }

    fn of(digits: &str) -> CardBrand {
        let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok()).unwrap_or(0);
        match (prefix(1), prefix(2), prefix(4)) {
            (4, _, _) => CardBrand::Visa,
            (_, 34 | 37, _) => CardBrand::Amex,
            (_, 51..=55, _) | (_, _, 2221..=2720) => CardBrand::Mastercard,
            (_, 62, _) => CardBrand::UnionPay,
            (_, 35, _) => CardBrand::Jcb,
            _ => CardBrand::Other,
        }
    }

    /// Digits in this brand's security code.
    fn cvc_len(self) -> usize {
        if self == CardBrand::Amex {
            4
        } else {
            3
        }
    }
}

/// A card number that passed the Luhn check. Its `Debug` shows only the
/// last four digits, so it cannot reach a log line whole.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber(String);

impl std::fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CardNumber(•••• {})", self.last4())
    }
}

impl CardNumber {
    /// 12 to 19 digits; spaces and dashes between groups are fine.
    pub fn parse(raw: &str) -> Result<CardNumber, ErrorCode> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err(ErrorCode::Required);
        }
        if !(12..=19).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) || !luhn(&digits) {
            return Err(ErrorCode::CardNumberInvalid);
        }
        Ok(CardNumber(digits))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }

    pub fn brand(&self) -> CardBrand {
        CardBrand::of(&self.0)
    }
}

/// The Luhn check digit holds (every second digit from the right doubled).
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// A card's expiry month, as MM/YY (also MM/YYYY and MMYY).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expiry {
    pub month: u32,
    pub year: i32,
}

impl Expiry {
    /// Parses and checks that the card still works in `today`'s month
    /// (year, month): a card is good through the end of its month.
    pub fn parse(raw: &str, today: (i32, u32)) -> Result<Expiry, ErrorCode> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ErrorCode::Required);
        }
        // Only ASCII is sliced below (a "1€" is four bytes, not four digits).
        if !raw.is_ascii() {
            return Err(ErrorCode::CardExpiryInvalid);
        }
        let (mm, yy) = match raw.split_once('/') {
            Some((m, y)) => (m.trim(), y.trim()),
            None if raw.len() == 4 => (&raw[..2], &raw[2..]),
            None => return Err(ErrorCode::CardExpiryInvalid),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(mm) || !digits(yy) || mm.len() > 2 || !(yy.len() == 2 || yy.len() == 4) {
            return Err(ErrorCode::CardExpiryInvalid);
        }
        let month: u32 = mm.parse().map_err(|_| ErrorCode::CardExpiryInvalid)?;
        let mut year: i32 = yy.parse().map_err(|_| ErrorCode::CardExpiryInvalid)?;
        if yy.len() == 2 {
            year += 2000;
        }
        if !(1..=12).contains(&month) {
            return Err(ErrorCode::CardExpiryInvalid);
        }
        if (year, month) < today {
            return Err(ErrorCode::CardExpired);
        }
        // No card is issued for more than twenty years.
        if year > today.0 + 20 {
            return Err(ErrorCode::CardExpiryInvalid);
        }
        Ok(Expiry { month, year })
    }
}

/// A security code of the brand's length. Never stored, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct Cvc(String);

impl std::fmt::Debug for Cvc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cvc(•••)")
    }
}

impl Cvc {
    pub fn parse(raw: &str, brand: Option<CardBrand>) -> Result<Cvc, ErrorCode> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ErrorCode::Required);
        }
        let ok_len = match brand {
            Some(b) => raw.len() == b.cvc_len(),
            None => (3..=4).contains(&raw.len()),
        };
        if !ok_len || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ErrorCode::CvcInvalid);
        }
        Ok(Cvc(raw.to_string()))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// (year, month) of a time in epoch milliseconds, in China's time zone
/// (UTC+8, no daylight saving), where the cards are used.
pub fn year_month_in_china(epoch_ms: i64) -> (i32, u32) {
    let days = (epoch_ms + 8 * 3_600_000).div_euclid(86_400_000);
    let (y, m, _) = civil_from_days(days);
    (y as i32, m)
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_cards_pass_luhn_and_typos_do_not() {
        let good = CardNumber::parse("4242 4242 4242 4242").expect("the paying test card");
        assert_eq!(good.brand(), CardBrand::Visa);
        assert_eq!(good.last4(), "4242");
        assert!(CardNumber::parse("4000-0000-0000-0002").is_ok());
        assert_eq!(
            CardNumber::parse("4242 4242 4242 4241"),
            Err(ErrorCode::CardNumberInvalid)
        );
        assert_eq!(CardNumber::parse("4242"), Err(ErrorCode::CardNumberInvalid));
        assert_eq!(
            CardNumber::parse("4242 4242 4242 424x"),
            Err(ErrorCode::CardNumberInvalid)
        );
        assert_eq!(CardNumber::parse("  "), Err(ErrorCode::Required));
        assert_eq!(
            CardNumber::parse("１２３４５６７８９０１２"),
            Err(ErrorCode::CardNumberInvalid)
        );
    }

    #[test]
    fn a_card_number_never_prints_whole() {
        let card = CardNumber::parse("4242424242424242").expect("card");
        assert_eq!(format!("{card:?}"), "CardNumber(•••• 4242)");
        let cvc = Cvc::parse("123", Some(card.brand())).expect("cvc");
        assert!(!format!("{cvc:?}").contains("123"));
    }

    #[test]
    fn brands_come_from_the_leading_digits() {
        assert_eq!(CardBrand::of("5555555555554444"), CardBrand::Mastercard);
        assert_eq!(CardBrand::of("2223003122003222"), CardBrand::Mastercard);
        assert_eq!(CardBrand::of("378282246310005"), CardBrand::Amex);
        assert_eq!(CardBrand::of("6200000000000005"), CardBrand::UnionPay);
        assert_eq!(CardBrand::of("3530111333300000"), CardBrand::Jcb);
    }

    #[test]
    fn expiry_is_good_through_its_month() {
        let today = (2026, 11);
        assert_eq!(Expiry::parse("11/26", today), Ok(Expiry { month: 11, year: 2026 }));
        assert_eq!(Expiry::parse("12/2030", today), Ok(Expiry { month: 12, year: 2030 }));
        assert_eq!(Expiry::parse("0128", today), Ok(Expiry { month: 1, year: 2028 }));
        assert_eq!(Expiry::parse("10/26", today), Err(ErrorCode::CardExpired));
        assert_eq!(Expiry::parse("13/27", today), Err(ErrorCode::CardExpiryInvalid));
        assert_eq!(Expiry::parse("00/27", today), Err(ErrorCode::CardExpiryInvalid));
        assert_eq!(Expiry::parse("1/2", today), Err(ErrorCode::CardExpiryInvalid));
        assert_eq!(Expiry::parse("ab/cd", today), Err(ErrorCode::CardExpiryInvalid));
        assert_eq!(Expiry::parse("12/99", today), Err(ErrorCode::CardExpiryInvalid));
        assert_eq!(Expiry::parse("", today), Err(ErrorCode::Required));
        for odd in ["1€", "€€", "１２/３０", "12/3٠", "0\u{301}1/30"] {
            assert_eq!(Expiry::parse(odd, today), Err(ErrorCode::CardExpiryInvalid), "{odd:?}");
        }
    }

    #[test]
    fn cvc_length_follows_the_brand() {
        assert!(Cvc::parse("123", Some(CardBrand::Visa)).is_ok());
        assert_eq!(Cvc::parse("1234", Some(CardBrand::Visa)), Err(ErrorCode::CvcInvalid));
        assert!(Cvc::parse("1234", Some(CardBrand::Amex)).is_ok());
        assert_eq!(Cvc::parse("12a", None), Err(ErrorCode::CvcInvalid));
        assert_eq!(Cvc::parse("", None), Err(ErrorCode::Required));
    }

    #[test]
    fn months_are_read_in_china_time() {
        // 2026-11-30 16:30 UTC is already December 1st in Beijing.
        let ms = 1_796_056_200_000;
        assert_eq!(civil_from_days(ms / 86_400_000), (2026, 11, 30));
        assert_eq!(year_month_in_china(ms), (2026, 12));
    }
}
