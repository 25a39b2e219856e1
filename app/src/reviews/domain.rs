//! The rules of reviews that need no database: who may review a line and
//! when, the review state machine, parsing what a buyer typed, and which
//! automatic rules a review breaks given the facts the service gathered.

use super::model::{Flag, ReviewSettings, ReviewStatus};
use super::text;
use crate::error::ErrorCode;
use crate::orders::model::OrderStatus;

/// A follow-up may be added this long after the first review.
pub const FOLLOW_UP_WINDOW_MS: i64 = 180 * 86_400_000;
/// Photos one review may carry.
pub const MAX_PHOTOS: usize = 6;
pub const BODY_MIN_CHARS: usize = 10;
pub const BODY_MAX_CHARS: usize = 2_000;
pub const REPLY_MAX_CHARS: usize = 500;

/// What happens to a review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewEvent {
    /// The author submits it (from nothing or a draft).
    Submit,
    /// The rules or an operator publish it.
    Publish,
    /// An operator rejects it.
    Reject,
    /// Enough shoppers reported it: back to the queue.
    Reported,
}

impl ReviewEvent {
    /// The word stored in the audit log.
    pub fn as_db(self) -> &'static str {
        match self {
            ReviewEvent::Submit => "submitted",
            ReviewEvent::Publish => "published",
            ReviewEvent::Reject => "rejected",
            ReviewEvent::Reported => "reported",
        }
    }
}

/// The review's status after `event`, or why it cannot happen now.
pub fn next_review_status(from: ReviewStatus, event: ReviewEvent) -> Result<ReviewStatus, ErrorCode> {
    use ReviewEvent as E;
    use ReviewStatus as S;
    match (from, event) {
        (S::Draft, E::Submit) => Ok(S::Pending),
        (S::Pending, E::Publish) => Ok(S::Published),
        (S::Pending, E::Reject) => Ok(S::Rejected),
        (S::Published, E::Reported) => Ok(S::Pending),
        _ => Err(ErrorCode::ReviewStateInvalid),
    }
}

/// Whether the buyer may write the first review of a line: theirs, delivered
/// or completed, and not reviewed yet (a draft does not count).
pub fn may_review(buyer: bool, order: OrderStatus, existing: Option<ReviewStatus>) -> Result<(), ErrorCode> {
    if !buyer {
        return Err(ErrorCode::NotFound);
    }
    if !matches!(order, OrderStatus::Delivered | OrderStatus::Completed) {
        return Err(ErrorCode::ReviewNotYet);
    }
    match existing {
        None | Some(ReviewStatus::Draft) => Ok(()),
        Some(_) => Err(ErrorCode::AlreadyReviewed),
    }
}

/// Whether a follow-up may be added: the first review exists (waiting or
/// published), was submitted at most 180 days ago, and has no follow-up yet.
pub fn may_follow_up(
    first: Option<(ReviewStatus, i64)>,
    follow_up: Option<ReviewStatus>,
    now: i64,
) -> Result<(), ErrorCode> {
    let Some((status, submitted_at)) = first else {
        return Err(ErrorCode::ReviewNotYet);
    };
    if !matches!(status, ReviewStatus::Pending | ReviewStatus::Published) {
        return Err(ErrorCode::FollowUpClosed);
    }
    if !matches!(follow_up, None | Some(ReviewStatus::Draft)) {
        return Err(ErrorCode::AlreadyReviewed);
    }
    if now - submitted_at > FOLLOW_UP_WINDOW_MS {
        return Err(ErrorCode::FollowUpClosed);
    }
    Ok(())
}

/// A star rating 1–5 from a form value.
pub fn parse_stars(raw: &str) -> Result<i64, ErrorCode> {
    match raw.trim() {
        "" => Err(ErrorCode::Required),
        s => s
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=5).contains(n))
            .ok_or(ErrorCode::BadRequest),
    }
}

/// The review's text: 10 to 2,000 characters once trimmed, no control
/// characters but line breaks.
pub fn parse_body(raw: &str) -> Result<String, ErrorCode> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err(ErrorCode::Required);
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ErrorCode::BadRequest);
    }
    match text.chars().count() {
        n if n < BODY_MIN_CHARS => Err(ErrorCode::TextTooShort),
        n if n > BODY_MAX_CHARS => Err(ErrorCode::TextTooLong),
        _ => Ok(text),
    }
}

/// The shop's public reply: 1 to 500 characters, and nothing the rules
/// would hold back in a review (no links, contacts or banned words).
pub fn parse_reply(raw: &str, settings: &ReviewSettings) -> Result<String, ErrorCode> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err(ErrorCode::Required);
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ErrorCode::BadRequest);
    }
    if text.chars().count() > REPLY_MAX_CHARS {
        return Err(ErrorCode::TextTooLong);
    }
    if !text_flags(&text, settings).is_empty() {
        return Err(ErrorCode::ReplyRefused);
    }
    Ok(text)
}

/// The flags a text earns on its own (words, links, contacts).
pub fn text_flags(body: &str, settings: &ReviewSettings) -> Vec<Flag> {
    let mut flags = Vec::new();
    if text::banned_word(body, &settings.banned_words).is_some() {
        flags.push(Flag::BannedWord);
    }
    if settings.check_links && text::contains_link(body) {
        flags.push(Flag::Link);
    }
    if settings.check_contacts && text::contains_contact(body) {
        flags.push(Flag::Contact);
    }
    flags
}

/// What the service found out about a review's circumstances.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Circumstances {
    /// Other accounts wrote the same or nearly the same text.
    pub duplicate_elsewhere: bool,
    /// Reviews of this product within the burst window, this one excluded.
    pub recent_on_product: i64,
    /// Reviews from this address within the burst window, this one excluded.
    pub recent_from_address: i64,
    /// Milliseconds from delivery to this review (none: not delivered yet).
    pub since_delivery_ms: Option<i64>,
    /// The order used one of this shop's coupons.
    pub shop_coupon: bool,
}

/// Every rule the review breaks, each naming its reason; none means clean.
pub fn flags_for(body: &str, facts: &Circumstances, settings: &ReviewSettings) -> Vec<Flag> {
    let mut flags = text_flags(body, settings);
    if settings.check_duplicates && facts.duplicate_elsewhere {
        flags.push(Flag::Duplicate);
    }
    if settings.product_burst > 0 && facts.recent_on_product >= settings.product_burst {
        flags.push(Flag::ProductBurst);
    }
    if settings.address_burst > 0 && facts.recent_from_address >= settings.address_burst {
        flags.push(Flag::AddressBurst);
    }
    let soon = facts
        .since_delivery_ms
        .is_some_and(|ms| ms <= settings.paid_praise_minutes * 60_000);
    if settings.paid_praise_minutes > 0 && facts.shop_coupon && soon {
        flags.push(Flag::PaidPraise);
    }
    flags
}

/// Settings as an operator typed them: banned words one per line (trimmed,
/// deduplicated, at most 500 of 1–40 characters), numbers within sense.
pub fn check_settings(mut s: ReviewSettings) -> Result<ReviewSettings, (&'static str, ErrorCode)> {
    let mut words: Vec<String> = Vec::new();
    for w in s.banned_words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        if w.chars().count() > 40 || w.chars().any(char::is_control) {
            return Err(("banned_words", ErrorCode::TextTooLong));
        }
        if !words.iter().any(|x| x == w) {
            words.push(w.to_string());
        }
    }
    if words.len() > 500 {
        return Err(("banned_words", ErrorCode::TextTooLong));
    }
    s.banned_words = words;
    let bounded = [
        ("product_burst", s.product_burst, 0, 10_000),
        ("address_burst", s.address_burst, 0, 10_000),
        ("burst_minutes", s.burst_minutes, 1, 10_080),
        ("paid_praise_minutes", s.paid_praise_minutes, 0, 10_080),
        ("report_threshold", s.report_threshold, 1, 1_000),
    ];
    for (field, value, min, max) in bounded {
        if !(min..=max).contains(&value) {
            return Err((field, ErrorCode::NumberOutOfRange));
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    #[test]
    fn only_the_buyer_of_a_delivered_line_reviews_it_once() {
        assert_eq!(
            may_review(false, OrderStatus::Delivered, None),
            Err(ErrorCode::NotFound)
        );
        for early in [
            OrderStatus::PendingPayment,
            OrderStatus::Paid,
            OrderStatus::Shipped,
            OrderStatus::Cancelled,
        ] {
            assert_eq!(may_review(true, early, None), Err(ErrorCode::ReviewNotYet), "{early:?}");
        }
        assert_eq!(may_review(true, OrderStatus::Delivered, None), Ok(()));
        assert_eq!(
            may_review(true, OrderStatus::Completed, Some(ReviewStatus::Draft)),
            Ok(())
        );
        for done in [ReviewStatus::Pending, ReviewStatus::Published, ReviewStatus::Rejected] {
            assert_eq!(
                may_review(true, OrderStatus::Completed, Some(done)),
                Err(ErrorCode::AlreadyReviewed)
            );
        }
    }

    #[test]
    fn a_follow_up_comes_once_within_180_days() {
        let first = Some((ReviewStatus::Published, 0));
        assert_eq!(may_follow_up(first, None, 180 * DAY), Ok(()));
        assert_eq!(
            may_follow_up(first, None, 180 * DAY + 1),
            Err(ErrorCode::FollowUpClosed)
        );
        assert_eq!(
            may_follow_up(first, Some(ReviewStatus::Pending), DAY),
            Err(ErrorCode::AlreadyReviewed)
        );
        assert_eq!(may_follow_up(first, Some(ReviewStatus::Draft), DAY), Ok(()));
        assert_eq!(may_follow_up(None, None, DAY), Err(ErrorCode::ReviewNotYet));
        assert_eq!(
            may_follow_up(Some((ReviewStatus::Rejected, 0)), None, DAY),
            Err(ErrorCode::FollowUpClosed)
        );
    }

    #[test]
    fn the_state_machine_allows_only_its_moves() {
        use ReviewEvent as E;
        use ReviewStatus as S;
        assert_eq!(next_review_status(S::Draft, E::Submit), Ok(S::Pending));
        assert_eq!(next_review_status(S::Pending, E::Publish), Ok(S::Published));
        assert_eq!(next_review_status(S::Pending, E::Reject), Ok(S::Rejected));
        assert_eq!(next_review_status(S::Published, E::Reported), Ok(S::Pending));
        for (from, event) in [
            (S::Published, E::Publish),
            (S::Rejected, E::Publish),
            (S::Rejected, E::Submit),
            (S::Pending, E::Submit),
            (S::Draft, E::Publish),
            (S::Pending, E::Reported),
            (S::Published, E::Reject),
        ] {
            assert_eq!(
                next_review_status(from, event),
                Err(ErrorCode::ReviewStateInvalid),
                "{from:?} {event:?}"
            );
        }
    }

    #[test]
    fn body_is_10_to_2000_characters() {
        assert_eq!(parse_body("   "), Err(ErrorCode::Required));
        assert_eq!(parse_body("too short"), Err(ErrorCode::TextTooShort));
        assert_eq!(parse_body("很好很好很好很好很好").map(|s| s.chars().count()), Ok(10));
        assert_eq!(parse_body(&"好".repeat(2_001)), Err(ErrorCode::TextTooLong));
        assert_eq!(parse_body("nul \u{0} inside the text"), Err(ErrorCode::BadRequest));
        assert_eq!(parse_body("line one\r\nline two"), Ok("line one\nline two".into()));
        assert_eq!(parse_stars("5"), Ok(5));
        assert_eq!(parse_stars("6"), Err(ErrorCode::BadRequest));
        assert_eq!(parse_stars(""), Err(ErrorCode::Required));
    }

    fn settings() -> ReviewSettings {
        ReviewSettings::default()
    }

    #[test]
    fn each_rule_flags_its_case_and_passes_a_clean_review() {
        let clean = "The tea is fresh and fragrant, packed well. Will buy again.";
        let facts = Circumstances::default();
        assert!(flags_for(clean, &facts, &settings()).is_empty());
        assert!(flags_for("茶叶很新鲜，包装也很好，会再买。", &facts, &settings()).is_empty());

        let cases: [(&str, Flag); 6] = [
            ("This is s h i t, do not buy it at all", Flag::BannedWord),
            ("真是ＳＨＩＴ的东西，千万别买这个", Flag::BannedWord),
            ("太傻 逼了，完全不能用的东西", Flag::BannedWord),
            ("Cheaper at www.example-shop.com, go there", Flag::Link),
            ("加我微信 abc12345 有更便宜的货", Flag::Contact),
            ("call me on 138 0013 8000 for a discount", Flag::Contact),
        ];
        for (body, flag) in cases {
            assert_eq!(flags_for(body, &facts, &settings()), vec![flag], "{body}");
        }

        let dup = Circumstances {
            duplicate_elsewhere: true,
            ..facts
        };
        assert_eq!(flags_for(clean, &dup, &settings()), vec![Flag::Duplicate]);
        let product = Circumstances {
            recent_on_product: 20,
            ..facts
        };
        assert_eq!(flags_for(clean, &product, &settings()), vec![Flag::ProductBurst]);
        let under = Circumstances {
            recent_on_product: 19,
            recent_from_address: 4,
            ..facts
        };
        assert!(flags_for(clean, &under, &settings()).is_empty());
        let address = Circumstances {
            recent_from_address: 5,
            ..facts
        };
        assert_eq!(flags_for(clean, &address, &settings()), vec![Flag::AddressBurst]);
        let paid = Circumstances {
            since_delivery_ms: Some(10 * 60_000),
            shop_coupon: true,
            ..facts
        };
        assert_eq!(flags_for(clean, &paid, &settings()), vec![Flag::PaidPraise]);
        // Soon after delivery without the shop's coupon, or with it days later: clean.
        for ok in [
            Circumstances {
                shop_coupon: false,
                ..paid
            },
            Circumstances {
                since_delivery_ms: Some(3 * DAY),
                ..paid
            },
        ] {
            assert!(flags_for(clean, &ok, &settings()).is_empty(), "{ok:?}");
        }
    }

    #[test]
    fn switched_off_rules_stay_quiet() {
        let off = ReviewSettings {
            check_links: false,
            check_contacts: false,
            check_duplicates: false,
            product_burst: 0,
            address_burst: 0,
            paid_praise_minutes: 0,
            banned_words: vec![],
            ..settings()
        };
        let facts = Circumstances {
            duplicate_elsewhere: true,
            recent_on_product: 1_000,
            recent_from_address: 1_000,
            since_delivery_ms: Some(0),
            shop_coupon: true,
        };
        assert!(flags_for("shit at www.example.com 13800138000", &facts, &off).is_empty());
    }

    #[test]
    fn replies_and_settings_are_checked() {
        assert_eq!(parse_reply("Thank you!", &settings()), Ok("Thank you!".into()));
        assert_eq!(
            parse_reply("Add our WeChat: shop8888 for deals", &settings()),
            Err(ErrorCode::ReplyRefused)
        );
        assert_eq!(parse_reply(&"a".repeat(501), &settings()), Err(ErrorCode::TextTooLong));
        let typed = ReviewSettings {
            banned_words: vec![" spam ".into(), "spam".into(), "".into()],
            ..settings()
        };
        assert_eq!(
            check_settings(typed).map(|s| s.banned_words),
            Ok(vec!["spam".to_string()])
        );
        let bad = ReviewSettings {
            report_threshold: 0,
            ..settings()
        };
        assert_eq!(
            check_settings(bad),
            Err(("report_threshold", ErrorCode::NumberOutOfRange))
        );
    }
}
