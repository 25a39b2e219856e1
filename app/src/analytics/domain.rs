//! Pure rules of the figures: days in China time, the ranges a dashboard
//! asks for, rates, the RFM segments, and the CSV a table downloads as.

use super::model::{DayRange, Segment};
use crate::error::ErrorCode;

pub const DAY_MS: i64 = 86_400_000;
/// China time is UTC+8 all year.
const CHINA_OFFSET_MS: i64 = 8 * 3_600_000;
/// The longest range a dashboard shows (a year, and a leap day).
pub const MAX_RANGE_DAYS: i64 = 366;

/// The day (since 1970-01-01, China time) an instant falls on.
pub fn day_of(ms: i64) -> i64 {
    (ms + CHINA_OFFSET_MS).div_euclid(DAY_MS)
}

/// Midnight China time at the start of `day`, in ms since the epoch.
pub fn day_start(day: i64) -> i64 {
    day * DAY_MS - CHINA_OFFSET_MS
}

/// `2026-11-30` for a day number.
pub fn date_of(day: i64) -> String {
    let (y, m, d) = crate::payments::domain::civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day of a typed `YYYY-MM-DD`, if it is a real date.
pub fn parse_date(raw: &str) -> Option<i64> {
    crate::admin::domain::china_day_start(raw).map(day_of)
}

/// What a dashboard was asked for: a named period or typed dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RangeAsk {
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The range asked for, ending today at the latest. Typed dates win over a
/// named period; each bad date is refused on its own field.
pub fn range_of(ask: &RangeAsk, today: i64) -> Result<DayRange, Vec<(&'static str, ErrorCode)>> {
    let typed = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (from, to) = (typed(&ask.from), typed(&ask.to));
    if from.is_none() && to.is_none() {
        let days = match ask.period.as_deref() {
            Some("today") => 1,
            Some("30d") => 30,
            _ => 7,
        };
        return Ok(DayRange {
            from: today - days + 1,
            to: today,
        });
    }
    let mut errors = Vec::new();
    let mut read = |field: &'static str, raw: Option<String>| match raw {
        None => {
            errors.push((field, ErrorCode::Required));
            None
        }
        Some(raw) => match parse_date(&raw) {
            None => {
                errors.push((field, ErrorCode::DateInvalid));
                None
            }
            Some(day) if day > today => {
                errors.push((field, ErrorCode::DateInFuture));
                None
            }
            Some(day) => Some(day),
        },
    };
    let from = read("from", from);
    let to = read("to", to);
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            errors.push(("to", ErrorCode::RangeBackwards));
        } else if to - from + 1 > MAX_RANGE_DAYS {
            errors.push(("to", ErrorCode::RangeTooLong));
        } else if errors.is_empty() {
            return Ok(DayRange { from, to });
        }
    }
    Err(errors)
}

impl DayRange {
    pub fn days(&self) -> i64 {
        self.to - self.from + 1
    }

    /// The range of the same length just before this one.
    pub fn before(&self) -> DayRange {
        DayRange {
            from: self.from - self.days(),
            to: self.from - 1,
        }
    }

    /// Its days in two runs of about as many days each (the first empty
    /// for a single day), so two connections can each count a half.
    pub fn halves(&self) -> [DayRange; 2] {
        let middle = self.from + self.days() / 2;
        [
            DayRange {
                from: self.from,
                to: middle - 1,
            },
            DayRange {
                from: middle,
                to: self.to,
            },
        ]
    }

    /// Its first instant and the instant just after it, in ms.
    pub fn instants(&self) -> (i64, i64) {
        (day_start(self.from), day_start(self.to + 1))
    }
}

/// `part` of `whole` in tenths of a percent, rounded down; `None` when
/// there is no whole.
pub fn permille(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| part.saturating_mul(1000) / whole)
}

/// How a figure moved against the period before, in tenths of a percent;
/// `None` when the period before had none of it.
pub fn change_permille(now: i64, before: i64) -> Option<i64> {
    (before > 0).then(|| (now - before).saturating_mul(1000) / before)
}

/// "12.5%" for tenths of a percent, a dash for none.
pub fn percent(permille: Option<i64>) -> String {
    match permille {
        None => "—".into(),
        Some(p) => {
            let sign = if p < 0 { "-" } else { "" };
            format!("{sign}{}.{}%", p.abs() / 10, p.abs() % 10)
        }
    }
}

/// Champions buy often, lately and a lot; loyal shoppers came back lately;
/// promising ones bought once lately; at-risk shoppers used to come back
/// and have not for a while; hibernating ones bought once, long ago.
pub const RECENT_DAYS: i64 = 30;
pub const LAPSED_DAYS: i64 = 90;
pub const CHAMPION_ORDERS: i64 = 3;
/// ¥500.00 spent (net of refunds).
pub const CHAMPION_SPENT_MINOR: i64 = 50_000;

/// The segment of a shopper who last paid `last_paid_at`, with `orders`
/// paid orders and `spent_minor` kept: every shopper who ever paid is in
/// exactly one. Recency is measured at `now`.
pub fn segment_of(now: i64, last_paid_at: i64, orders: i64, spent_minor: i64) -> Segment {
    let (orders, rich) = rfm_bucket(orders, spent_minor);
    segment_in(recency_of(now, last_paid_at), orders, rich)
}

/// How lately a shopper last paid, as the segments see it: within 30 days
/// (0), within 90 (1), or before (2), the classes the counts are summed by.
pub fn recency_of(now: i64, last_paid_at: i64) -> i64 {
    if last_paid_at >= now - RECENT_DAYS * DAY_MS {
        0
    } else if last_paid_at >= now - LAPSED_DAYS * DAY_MS {
        1
    } else {
        2
    }
}

/// What of a shopper's orders and money the segments read: orders up to
/// [`CHAMPION_ORDERS`] (that number standing for more), and whether they
/// kept [`CHAMPION_SPENT_MINOR`] or more.
pub fn rfm_bucket(orders: i64, spent_minor: i64) -> (i64, bool) {
    (orders.min(CHAMPION_ORDERS), spent_minor >= CHAMPION_SPENT_MINOR)
}

/// The segment of a recency class (see [`recency_of`]) and bucket (see
/// [`rfm_bucket`]).
pub fn segment_in(recency: i64, orders: i64, rich: bool) -> Segment {
    match recency {
        0 if orders >= CHAMPION_ORDERS && rich => Segment::Champions,
        0 | 1 if orders >= 2 => Segment::Loyal,
        0 | 1 => Segment::Promising,
        _ if orders >= 2 => Segment::AtRisk,
        _ => Segment::Hibernating,
    }
}

/// The same rule as [`segment_of`] in SQL, over `customer_figure`, with the
/// instants `$1` (30 days ago) and `$2` (90 days ago): one place for the
/// boundaries the counts and the exports share.
pub fn segment_sql() -> String {
    format!(
        "case when last_paid_at >= $2 and last_paid_at >= $1 and paid_orders >= {CHAMPION_ORDERS} \
              and spent_minor >= {CHAMPION_SPENT_MINOR} then 'champions' \
         when last_paid_at >= $2 and paid_orders >= 2 then 'loyal' \
         when last_paid_at >= $2 then 'promising' \
         when paid_orders >= 2 then 'at_risk' \
         else 'hibernating' end"
    )
}

/// One CSV field: quoted when it holds a comma, quote or line break, and
/// with a leading `'` when a spreadsheet would run it as a formula.
pub fn csv_field(raw: &str) -> String {
    let guarded = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) && raw.parse::<f64>().is_err() {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A whole CSV document: a header row, then the rows, CRLF line ends.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let line = |cells: Vec<String>| cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",") + "\r\n";
    out.push_str(&line(header.iter().map(|h| h.to_string()).collect()));
    for row in rows {
        out.push_str(&line(row.clone()));
    }
    out
}

/// Yuan with two decimals for a CSV cell (no currency sign: a number a
/// spreadsheet sums).
pub fn yuan(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", minor.abs() / 100, minor.abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: i64 = 20_787; // 2026-11-30

    fn ask(period: Option<&str>, from: Option<&str>, to: Option<&str>) -> RangeAsk {
        RangeAsk {
            period: period.map(Into::into),
            from: from.map(Into::into),
            to: to.map(Into::into),
        }
    }

    #[test]
    fn days_turn_at_midnight_in_china() {
        assert_eq!(date_of(TODAY), "2026-11-30");
        let midnight = day_start(TODAY);
        assert_eq!(day_of(midnight), TODAY);
        assert_eq!(day_of(midnight - 1), TODAY - 1);
        assert_eq!(day_of(midnight + DAY_MS - 1), TODAY);
        assert_eq!(parse_date("2026-11-30"), Some(TODAY));
    }

    #[test]
    fn named_periods_end_today_and_typed_dates_are_checked() {
        assert_eq!(
            range_of(&ask(Some("today"), None, None), TODAY),
            Ok(DayRange { from: TODAY, to: TODAY })
        );
        assert_eq!(range_of(&ask(None, None, None), TODAY).map(|r| r.days()), Ok(7));
        assert_eq!(range_of(&ask(Some("30d"), None, None), TODAY).map(|r| r.days()), Ok(30));
        assert_eq!(
            range_of(&ask(Some("<script>"), None, None), TODAY).map(|r| r.days()),
            Ok(7)
        );
        assert_eq!(
            range_of(&ask(None, Some("2026-11-01"), Some("2026-11-30")), TODAY),
            Ok(DayRange {
                from: TODAY - 29,
                to: TODAY
            })
        );
        assert_eq!(
            range_of(&ask(None, Some("2026-11-31"), Some("2026-12-01")), TODAY),
            Err(vec![("from", ErrorCode::DateInvalid), ("to", ErrorCode::DateInFuture)])
        );
        assert_eq!(
            range_of(&ask(None, Some("2026-11-20"), Some("2026-11-10")), TODAY),
            Err(vec![("to", ErrorCode::RangeBackwards)])
        );
        assert_eq!(
            range_of(&ask(None, Some("2020-01-01"), Some("2026-11-10")), TODAY),
            Err(vec![("to", ErrorCode::RangeTooLong)])
        );
        assert_eq!(
            range_of(&ask(None, Some("2026-11-20"), None), TODAY),
            Err(vec![("to", ErrorCode::Required)])
        );
        let range = DayRange {
            from: TODAY - 6,
            to: TODAY,
        };
        assert_eq!(
            range.before(),
            DayRange {
                from: TODAY - 13,
                to: TODAY - 7
            }
        );
        // Halves share out every day once, the longer half last; a single
        // day leaves the first half empty.
        let [first, second] = range.halves();
        assert_eq!(
            (first.from, first.to, second.from, second.to),
            (TODAY - 6, TODAY - 4, TODAY - 3, TODAY)
        );
        let [first, second] = DayRange { from: TODAY, to: TODAY }.halves();
        assert_eq!((first.days(), second.days()), (0, 1));
    }

    #[test]
    fn rates_and_changes_round_down_and_need_a_whole() {
        assert_eq!(permille(1, 3), Some(333));
        assert_eq!(permille(1, 0), None);
        assert_eq!(percent(permille(1, 8)), "12.5%");
        assert_eq!(percent(change_permille(50, 100)), "-50.0%");
        assert_eq!(percent(change_permille(5, 0)), "—");
        assert_eq!(yuan(-1234), "-12.34");
    }

    #[test]
    fn segments_split_at_their_boundaries() {
        let now = day_start(TODAY) + 12 * 3_600_000;
        let days_ago = |d: i64| now - d * DAY_MS;
        let rich = CHAMPION_SPENT_MINOR;
        assert_eq!(segment_of(now, days_ago(30), 3, rich), Segment::Champions);
        assert_eq!(segment_of(now, days_ago(30) - 1, 3, rich), Segment::Loyal);
        assert_eq!(segment_of(now, days_ago(1), 3, rich - 1), Segment::Loyal);
        assert_eq!(segment_of(now, days_ago(1), 2, rich * 10), Segment::Loyal);
        assert_eq!(segment_of(now, days_ago(90), 2, 0), Segment::Loyal);
        assert_eq!(segment_of(now, days_ago(90), 1, rich), Segment::Promising);
        assert_eq!(segment_of(now, days_ago(90) - 1, 2, 0), Segment::AtRisk);
        assert_eq!(segment_of(now, days_ago(90) - 1, 9, rich * 9), Segment::AtRisk);
        assert_eq!(segment_of(now, days_ago(90) - 1, 1, rich), Segment::Hibernating);
        assert_eq!(segment_of(now, days_ago(400), 1, 0), Segment::Hibernating);
    }

    #[test]
    fn csv_quotes_what_it_must_and_defuses_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-12.50"), "-12.50");
        assert_eq!(
            csv(&["a", "b"], &[vec!["1".into(), "x\ny".into()]]),
            "a,b\r\n1,\"x\ny\"\r\n"
        );
    }
}
