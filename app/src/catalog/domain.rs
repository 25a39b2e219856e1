//! Pure catalog rules: parsing what shoppers send (query strings) into
//! catalog types, where nothing a browser can send makes a page fail (bad
//! values are dropped), and the listing state machine.

use super::model::{ListingQuery, ListingStatus, SortOrder};
use crate::error::ErrorCode;

/// The deepest page a listing shows (Taobao's limit too): a page's cost
/// grows with its depth, and nobody reads past it.
pub const MAX_PAGE: u32 = 100;
/// Prices above ¥100,000,000 are not prices.
const MAX_PRICE_FEN: i64 = 10_000_000_000;

/// Parses a price typed in yuan ("199", "199.5", "1,299.00") into fen.
pub fn parse_yuan(raw: &str) -> Option<i64> {
    let s: String = raw
        .trim()
        .trim_start_matches('¥')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let yuan: i64 = whole.parse().ok()?;
    let fen: i64 = format!("{frac:0<2}").parse().ok()?;
    let total = yuan.checked_mul(100)?.checked_add(fen)?;
    (total <= MAX_PRICE_FEN).then_some(total)
}

/// Formats fen as the plain yuan a price filter field shows ("199.5" → "199.50").
pub fn yuan_param(fen: i64) -> String {
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        format!("{}.{:02}", fen / 100, fen % 100)
    }
}

/// A slug as the catalogue writes them (lower-case letters, digits and
/// hyphens, at most 64), or nothing: anything else names no page.
pub fn clean_slug(raw: &str) -> Option<String> {
    let s = raw.trim();
    (!s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    .then(|| s.to_string())
}

impl ListingQuery {
    /// Builds a query from URL pairs, ignoring anything malformed.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ListingQuery {
        let mut q = ListingQuery {
            page: 1,
            ..ListingQuery::default()
        };
        for (key, value) in pairs {
            match key {
                "q" => {
                    q.q = value
                        .chars()
                        .filter(|c| !c.is_control())
                        .take(100)
                        .collect::<String>()
                        .trim()
                        .to_string()
                }
                "category" => q.category = clean_slug(value),
                "brand" => {
                    for part in value.split(',') {
                        if let Ok(id) = part.trim().parse::<i64>() {
                            if id > 0 && !q.brands.contains(&id) && q.brands.len() < 20 {
                                q.brands.push(id);
                            }
                        }
                    }
                }
                "price_min" => q.price_min_fen = parse_yuan(value),
                "price_max" => q.price_max_fen = parse_yuan(value),
                "in_stock" => q.in_stock = matches!(value, "1" | "true" | "on"),
                "rating" => q.rating_min = value.trim().parse::<i64>().ok().filter(|r| (1..=5).contains(r)),
                "sort" => q.sort = SortOrder::from_param(value.trim()).unwrap_or_default(),
                "page" => {
                    q.page = value
                        .trim()
                        .parse::<u64>()
                        .ok()
                        .map(|p| p.clamp(1, MAX_PAGE as u64) as u32)
                        .unwrap_or(1)
                }
                _ => {}
            }
        }
        if let (Some(min), Some(max)) = (q.price_min_fen, q.price_max_fen) {
            if min > max {
                q.price_min_fen = Some(max);
                q.price_max_fen = Some(min);
            }
        }
        q
    }

    /// The query string for this state (without `?`); `category` is left
    /// out when the path names it.
    pub fn to_query_string(&self, include_category: bool) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", urlencoding::encode(&self.q)));
        }
        if include_category {
            if let Some(c) = &self.category {
                parts.push(format!("category={c}"));
            }
        }
        if !self.brands.is_empty() {
            let ids: Vec<String> = self.brands.iter().map(i64::to_string).collect();
            parts.push(format!("brand={}", ids.join(",")));
        }
        if let Some(min) = self.price_min_fen {
            parts.push(format!("price_min={}", yuan_param(min)));
        }
        if let Some(max) = self.price_max_fen {
            parts.push(format!("price_max={}", yuan_param(max)));
        }
        if self.in_stock {
            parts.push("in_stock=1".into());
        }
        if let Some(r) = self.rating_min {
            parts.push(format!("rating={r}"));
        }
        if self.sort != SortOrder::Relevance {
            parts.push(format!("sort={}", self.sort.as_param()));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> ListingQuery {
        let pairs: Vec<(String, String)> = s
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| {
                (
                    k.to_string(),
                    urlencoding::decode(v).map(|c| c.into_owned()).unwrap_or_default(),
                )
            })
            .collect();
        ListingQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    #[test]
    fn page_zero_negative_huge_and_words_become_a_valid_page() {
        assert_eq!(parse("page=0").page, 1);
        assert_eq!(parse("page=-3").page, 1);
        assert_eq!(parse("page=abc").page, 1);
        assert_eq!(parse("page=1000000000").page, MAX_PAGE);
        assert_eq!(parse("page=99999999999999999999999").page, 1);
        assert_eq!(parse("page=7").page, 7);
    }

    #[test]
    fn prices_are_read_in_yuan_and_kept_in_fen() {
        assert_eq!(parse_yuan("199"), Some(19_900));
        assert_eq!(parse_yuan("199.5"), Some(19_950));
        assert_eq!(parse_yuan("¥1,299.00"), Some(129_900));
        assert_eq!(parse_yuan("-5"), None);
        assert_eq!(parse_yuan("1e9"), None);
        assert_eq!(parse_yuan("0.001"), None);
        assert_eq!(parse_yuan("999999999999999"), None);
        let q = parse("price_min=500&price_max=100");
        assert_eq!(
            (q.price_min_fen, q.price_max_fen),
            (Some(10_000), Some(50_000)),
            "swapped into order"
        );
    }

    #[test]
    fn filters_survive_a_round_trip_through_the_url() {
        let q = parse(
            "q=%E8%80%B3%E6%9C%BA&brand=3,1,x&price_min=10&in_stock=1&rating=4&sort=price_desc&page=2&category=phones",
        );
        assert_eq!(q.q, "耳机");
        assert_eq!(q.brands, vec![3, 1]);
        assert_eq!(q.rating_min, Some(4));
        assert_eq!(q.sort, SortOrder::PriceDesc);
        assert_eq!(parse(&q.to_query_string(true)), q);
    }

    #[test]
    fn junk_values_are_ignored() {
        let q = parse("rating=9&sort=drop_table&category=..%2Fetc&brand=-1&in_stock=maybe");
        assert_eq!(
            q,
            ListingQuery {
                page: 1,
                ..ListingQuery::default()
            }
        );
    }
}

// ---- the listing state machine ----

/// Who acts on a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListingActor {
    /// A member of the listing's shop.
    Merchant,
    Operator,
}

/// Something that happens to a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListingAction {
    /// The merchant sends it for review (new, rejected or delisted).
    Submit,
    Approve,
    Reject,
    /// Taken off sale, by its merchant or an operator.
    Delist,
}

impl ListingAction {
    /// The word stored in the audit log.
    pub fn as_db(self) -> &'static str {
        match self {
            ListingAction::Submit => "submitted",
            ListingAction::Approve => "approved",
            ListingAction::Reject => "rejected",
            ListingAction::Delist => "delisted",
        }
    }

    pub fn allowed_for(self, actor: ListingActor) -> bool {
        match self {
            ListingAction::Submit => actor == ListingActor::Merchant,
            ListingAction::Approve | ListingAction::Reject => actor == ListingActor::Operator,
            ListingAction::Delist => true,
        }
    }
}

/// The listing's status after `action`, or why it cannot happen now.
pub fn next_listing_status(
    from: ListingStatus,
    action: ListingAction,
    actor: ListingActor,
) -> Result<ListingStatus, ErrorCode> {
    use ListingAction::*;
    use ListingStatus::*;
    if !action.allowed_for(actor) {
        return Err(ErrorCode::Forbidden);
    }
    match (from, action) {
        (Draft | Rejected | Delisted, Submit) => Ok(PendingReview),
        (PendingReview, Approve) => Ok(Live),
        (PendingReview, Reject) => Ok(Rejected),
        (Live, Delist) => Ok(Delisted),
        _ => Err(ErrorCode::ListingStateInvalid),
    }
}

/// Whether the merchant may change what a listing says (title,
/// description, category, pictures, variants) in place: anything shoppers
/// cannot see. A live listing's changes go through review instead, and a
/// listing under review waits for its decision.
pub fn edits_in_place(status: ListingStatus) -> bool {
    matches!(
        status,
        ListingStatus::Draft | ListingStatus::Rejected | ListingStatus::Delisted
    )
}

#[cfg(test)]
mod listing_tests {
    use super::*;
    use ListingAction::*;
    use ListingStatus::*;

    const ALL: [ListingStatus; 5] = [Draft, PendingReview, Live, Rejected, Delisted];

    #[test]
    fn every_listing_transition_legal_and_illegal() {
        let legal = [
            (Draft, Submit, ListingActor::Merchant, PendingReview),
            (Rejected, Submit, ListingActor::Merchant, PendingReview),
            (Delisted, Submit, ListingActor::Merchant, PendingReview),
            (PendingReview, Approve, ListingActor::Operator, Live),
            (PendingReview, Reject, ListingActor::Operator, Rejected),
            (Live, Delist, ListingActor::Merchant, Delisted),
            (Live, Delist, ListingActor::Operator, Delisted),
        ];
        for from in ALL {
            for action in [Submit, Approve, Reject, Delist] {
                for actor in [ListingActor::Merchant, ListingActor::Operator] {
                    let got = next_listing_status(from, action, actor);
                    match legal
                        .iter()
                        .find(|(f, a, who, _)| *f == from && *a == action && *who == actor)
                    {
                        Some((_, _, _, to)) => assert_eq!(got, Ok(*to), "{from:?} {action:?} {actor:?}"),
                        None => assert!(got.is_err(), "{from:?} {action:?} {actor:?} must be refused"),
                    }
                }
            }
        }
    }

    #[test]
    fn merchants_cannot_approve_and_operators_cannot_submit() {
        assert_eq!(
            next_listing_status(PendingReview, Approve, ListingActor::Merchant),
            Err(ErrorCode::Forbidden)
        );
        assert_eq!(
            next_listing_status(Draft, Submit, ListingActor::Operator),
            Err(ErrorCode::Forbidden)
        );
    }

    #[test]
    fn only_listings_shoppers_cannot_see_change_in_place() {
        assert!(edits_in_place(Draft) && edits_in_place(Rejected) && edits_in_place(Delisted));
        assert!(!edits_in_place(Live) && !edits_in_place(PendingReview));
    }
}
