//! Calendar formatting of file times (UTC; Warren keeps no time zones).

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Half a Gregorian year in seconds: `ls -l` shows the year instead of the time for files
/// older (or newer) than this relative to now.
const HALF_YEAR: i64 = 365 * 24 * 3600 / 2;

/// `(year, month 1–12, day 1–31, seconds into the day)` of `secs` seconds since the epoch
/// (UTC). Source: Howard Hinnant's `civil_from_days`.
pub fn civil(secs: i64) -> (i64, u32, u32, u32) {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400) as u32;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, rem)
}

/// The time column of `ls -l`: `Jan  2 15:04` within half a year of `now`, else
/// `Jan  2  2023` (both seconds since the epoch).
pub fn ls_time(secs: i64, now: i64) -> String {
    let (year, month, day, rem) = civil(secs);
    let name = MONTHS[(month - 1) as usize];
    if (now - secs).abs() < HALF_YEAR {
        format!("{name} {day:>2} {:02}:{:02}", rem / 3600, rem / 60 % 60)
    } else {
        format!("{name} {day:>2}  {year}")
    }
}

/// The time format of `stat(1)`: `2024-01-02 15:04:05.000000000 +0000`.
pub fn stat_time(secs: i64, nsec: u64) -> String {
    let (year, month, day, rem) = civil(secs);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{nsec:09} +0000",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_are_gregorian() {
        assert_eq!(civil(0), (1970, 1, 1, 0));
        assert_eq!(civil(951_782_400), (2000, 2, 29, 0));
        assert_eq!(civil(1_704_207_845), (2024, 1, 2, 15 * 3600 + 4 * 60 + 5));
    }

    #[test]
    fn ls_time_shows_clock_for_recent_files_and_year_for_old_ones() {
        let t = 1_704_207_845;
        assert_eq!(ls_time(t, t + 3600), "Jan  2 15:04");
        assert_eq!(ls_time(t, t + 400 * 86400), "Jan  2  2024");
        assert_eq!(stat_time(t, 5), "2024-01-02 15:04:05.000000005 +0000");
    }
}
