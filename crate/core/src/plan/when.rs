//! Times as people type them (`2026-12-01T09:00` in `Europe/Paris`) turned into instants, and
//! instants shown on a zone's wall clock.
//!
//! Accepted: an RFC 3339 time with an offset (`2026-12-01T09:00:00+01:00`, `…Z`), or a wall-clock
//! time without one (`2026-12-01T09:00`, `2026-12-01 09:00[:ss]`, or a day `2026-12-01` for its
//! midnight) read in the zone given. A wall-clock time that does not exist in the zone (clocks
//! went forward) is refused; one that happens twice (clocks went back) is the earlier.

use crate::suggest::zone::{Zone, ZoneResolver};
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, Utc};

/// The instant `input` names; `zone` (IANA) reads a time without an offset.
pub fn parse_instant(
    input: &str,
    zone: Option<&str>,
    zones: &dyn ZoneResolver,
) -> Result<DateTime<Utc>, String> {
    let input = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(input) {
        return Ok(t.with_timezone(&Utc));
    }
    let local = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(input, f).ok())
        .or_else(|| NaiveDate::parse_from_str(input, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)))
        .ok_or_else(|| format!("\"{input}\" is not a time: write 2026-12-01T09:00 (with a time zone), 2026-12-01 or 2026-12-01T09:00:00+01:00"))?;
    let zone_name = zone.ok_or_else(|| {
        format!(
            "\"{input}\" has no UTC offset: give the time zone it is in (an IANA name such as Europe/Paris)"
        )
    })?;
    // Zone::new only checks that the zone exists; any instant does.
    let zone = Zone::new(zones, zone_name, DateTime::<Utc>::UNIX_EPOCH)?;
    match zone.instants_at(local)? {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(format!(
            "{local} does not exist in {} (the clocks go forward then): pick another time",
            zone.name()
        )),
    }
}

/// `at` on `zone`'s wall clock as `2026-12-01 09:00`; in UTC with a `Z` when the zone is unknown.
pub fn wall_clock(at: DateTime<Utc>, zone: &str, zones: &dyn ZoneResolver) -> String {
    match zones.offset_at(zone.trim(), at) {
        Ok(offset) => at.with_timezone(&offset).format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => at.format("%Y-%m-%d %H:%MZ").to_string(),
    }
}

#[cfg(all(test, feature = "tzdb"))]
mod tests {
    use super::*;
    use crate::suggest::zone::TzDb;
    use chrono::TimeZone;

    #[test]
    fn wall_clock_times_read_in_their_zone() {
        let paris = Some("Europe/Paris");
        assert_eq!(
            parse_instant("2026-12-01T09:00", paris, &TzDb).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
        );
        assert_eq!(
            parse_instant("2026-07-01 09:00:30", paris, &TzDb).unwrap(),
            Utc.with_ymd_and_hms(2026, 7, 1, 7, 0, 30).unwrap()
        );
        assert_eq!(
            parse_instant("2026-12-01", paris, &TzDb).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 30, 23, 0, 0).unwrap()
        );
        assert_eq!(
            parse_instant("2026-12-01T09:00:00-05:00", None, &TzDb).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 1, 14, 0, 0).unwrap()
        );
        // Clocks go back at 03:00 on 2026-10-25 in Paris: 02:30 happens twice, the earlier wins.
        assert_eq!(
            parse_instant("2026-10-25T02:30", paris, &TzDb).unwrap(),
            Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap()
        );
        let gap = parse_instant("2026-03-29T02:30", paris, &TzDb).unwrap_err();
        assert!(gap.contains("does not exist in Europe/Paris"), "{gap}");
        assert!(parse_instant("2026-12-01T09:00", None, &TzDb).unwrap_err().contains("has no UTC offset"));
        assert!(parse_instant("2026-12-01T09:00", Some("Mars/Base"), &TzDb)
            .unwrap_err()
            .contains("unknown time zone"));
        assert!(parse_instant("demain", paris, &TzDb).unwrap_err().contains("is not a time"));
        assert_eq!(
            wall_clock(Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap(), "Europe/Paris", &TzDb),
            "2026-12-01 09:00"
        );
        assert_eq!(
            wall_clock(Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap(), "Nowhere", &TzDb),
            "2026-12-01 08:00Z"
        );
    }
}
