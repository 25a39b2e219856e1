//! Pure rules of the operator console: reading its filters.

/// Midnight China time (UTC+8) of a `YYYY-MM-DD` day, in ms since the
/// epoch; `None` for anything else.
pub fn china_day_start(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let mut parts = raw.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // Reject 31 February and its kind: the day must come back the same.
    if crate::payments::domain::civil_from_days(days) != (y, m as u32, d as u32) {
        return None;
    }
    Some(days * 86_400_000 - 8 * 3_600_000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_in_china_time() {
        // 2026-11-30 00:00 in Beijing is 2026-11-29 16:00 UTC.
        assert_eq!(china_day_start("2026-11-30"), Some(1_795_996_800_000 - 8 * 3_600_000));
        assert_eq!(china_day_start("1970-01-01"), Some(-8 * 3_600_000));
    }

    #[test]
    fn impossible_days_are_refused() {
        for raw in [
            "2026-02-30",
            "2026-13-01",
            "26-11-30",
            "2026/11/30",
            "",
            "２０２６-11-30",
            "2026-11-3",
        ] {
            assert_eq!(china_day_start(raw), None, "{raw}");
        }
    }
}
