//! UTC timestamps in RFC 3339 without a date-time dependency.
//!
//! Every timestamp in the store has the same fixed shape,
//! `YYYY-MM-DDTHH:MM:SS.mmmZ`, so text order is time order and SQL can sort on
//! the column directly.

use std::time::{SystemTime, UNIX_EPOCH};

/// Formats `t` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC, millisecond precision).
/// Times before 1970 are clamped to the epoch.
pub fn rfc3339_utc(t: SystemTime) -> String {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let millis = since.subsec_millis();
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64, millis: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_millis(millis)
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339_utc(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        // 2000-02-29 (leap day in a century leap year) 12:34:56.789
        assert_eq!(
            rfc3339_utc(at(951_827_696, 789)),
            "2000-02-29T12:34:56.789Z"
        );
        // 2024-02-01 00:00:00, when AWS started charging every public IPv4
        assert_eq!(
            rfc3339_utc(at(1_706_745_600, 0)),
            "2024-02-01T00:00:00.000Z"
        );
        // 2100-03-01 (2100 is not a leap year)
        assert_eq!(
            rfc3339_utc(at(4_107_542_400, 5)),
            "2100-03-01T00:00:00.005Z"
        );
        assert_eq!(
            rfc3339_utc(at(1_735_689_599, 999)),
            "2024-12-31T23:59:59.999Z"
        );
    }

    #[test]
    fn text_order_is_time_order() {
        let a = rfc3339_utc(at(1_700_000_000, 999));
        let b = rfc3339_utc(at(1_700_000_001, 0));
        let c = rfc3339_utc(at(1_800_000_000, 0));
        assert!(a < b && b < c);
    }

    #[test]
    fn clamps_before_epoch() {
        let before = UNIX_EPOCH - Duration::from_secs(10);
        assert_eq!(rfc3339_utc(before), "1970-01-01T00:00:00.000Z");
    }
}
