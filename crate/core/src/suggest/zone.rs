//! IANA time zones for the best-time engine and the history import, from a [`ZoneResolver`].
//!
//! The engines only need one question answered: "what is the UTC offset of zone Z at instant T?".
//! With the `tzdb` feature (default: CLI, native tests) [`TzDb`] answers it from chrono-tz's
//! compiled database; the wasm build answers it with the browser's `Intl.DateTimeFormat` instead
//! of shipping the database (~200 KB gzipped). Both conversions the engines need are built on that
//! one question: UTC → local is `utc + offset_at(utc)`; local → UTC follows Temporal's
//! `GetPossibleEpochNanoseconds`: take the offsets in force a day before and a day after the
//! wall-clock time read as UTC, and keep each candidate instant whose own offset is the one it was
//! computed with. None kept: the wall-clock time falls in a gap (clocks went forward); two: it
//! happens twice (clocks went back), earliest first, as chrono-tz reports it.

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDateTime, Utc};

/// Answers "what is the UTC offset of `zone` at instant `utc`?" for IANA zone names.
pub trait ZoneResolver {
    /// The offset from UTC in force in `zone` (an IANA name such as `Europe/Paris`, already
    /// trimmed) at the instant `utc`. `Err` with a short reason when the zone is unknown.
    fn offset_at(&self, zone: &str, utc: DateTime<Utc>) -> Result<FixedOffset, String>;
}

/// chrono-tz's compiled IANA database (the `tzdb` feature).
#[cfg(feature = "tzdb")]
#[derive(Debug, Clone, Copy, Default)]
pub struct TzDb;

#[cfg(feature = "tzdb")]
impl ZoneResolver for TzDb {
    fn offset_at(&self, zone: &str, utc: DateTime<Utc>) -> Result<FixedOffset, String> {
        use chrono::{Offset, TimeZone};
        let tz: chrono_tz::Tz =
            zone.parse().map_err(|_| format!("no time zone named \"{zone}\" in the IANA database"))?;
        Ok(tz.offset_from_utc_datetime(&utc.naive_utc()).fix())
    }
}

/// The message for a zone the resolver does not know, shared by every entry point.
pub(crate) fn unknown_zone(name: &str) -> String {
    format!("unknown time zone \"{name}\": use an IANA name such as Europe/Paris")
}

/// A zone name checked once against a resolver, with the two conversions the engines need.
pub(crate) struct Zone<'r> {
    resolver: &'r dyn ZoneResolver,
    name: String,
}

impl<'r> Zone<'r> {
    /// `name` (trimmed) if `resolver` knows it (asked at instant `at`); otherwise the
    /// "unknown time zone" message, quoting `name` as given.
    pub(crate) fn new(resolver: &'r dyn ZoneResolver, name: &str, at: DateTime<Utc>) -> Result<Self, String> {
        let zone = Zone { resolver, name: name.trim().to_string() };
        zone.offset(at).map_err(|_| unknown_zone(name))?;
        Ok(zone)
    }

    /// The zone's name, trimmed.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    fn offset(&self, utc: DateTime<Utc>) -> Result<FixedOffset, String> {
        self.resolver.offset_at(&self.name, utc)
    }

    /// The instant `utc` on the zone's wall clock.
    pub(crate) fn local(&self, utc: DateTime<Utc>) -> Result<DateTime<FixedOffset>, String> {
        Ok(utc.with_timezone(&self.offset(utc)?))
    }

    /// The instants at which the zone's wall clock reads `local` (see the module doc).
    pub(crate) fn instants_at(
        &self,
        local: NaiveDateTime,
    ) -> Result<LocalResult<DateTime<FixedOffset>>, String> {
        let as_utc = local.and_utc();
        let before = self.offset(as_utc - Duration::days(1))?;
        let after = self.offset(as_utc + Duration::days(1))?;
        let mut found: Vec<DateTime<FixedOffset>> = Vec::with_capacity(2);
        for off in if before == after { vec![before] } else { vec![before, after] } {
            let utc = as_utc - Duration::seconds(i64::from(off.local_minus_utc()));
            if self.offset(utc)? == off && !found.contains(&utc.with_timezone(&off)) {
                found.push(utc.with_timezone(&off));
            }
        }
        crate::sort::sort(&mut found);
        Ok(match found[..] {
            [] => LocalResult::None,
            [one] => LocalResult::Single(one),
            [first, .., last] => LocalResult::Ambiguous(first, last),
        })
    }
}

#[cfg(all(test, feature = "tzdb"))]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    /// The trait-based conversions agree with chrono-tz's own over a few years of every hour,
    /// gaps and repeated hours included, in zones with unusual rules.
    #[test]
    fn conversions_agree_with_chrono_tz() {
        for name in [
            "Europe/Paris",
            "America/New_York",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
            "America/Sao_Paulo",
            "Pacific/Chatham",
            "UTC",
        ] {
            let tz: chrono_tz::Tz = name.parse().unwrap();
            let zone = Zone::new(&TzDb, name, DateTime::UNIX_EPOCH).unwrap();
            let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
            for h in 0..(3 * 365 * 48) {
                let local = start + Duration::minutes(30 * h);
                let want = tz.from_local_datetime(&local).map(|t| t.fixed_offset());
                let got = zone.instants_at(local).unwrap();
                assert_eq!(format!("{got:?}"), format!("{want:?}"), "{name} {local}");
                let utc = local.and_utc();
                assert_eq!(zone.local(utc).unwrap().to_rfc3339(), utc.with_timezone(&tz).to_rfc3339());
            }
        }
    }

    #[test]
    fn unknown_zones_are_refused_with_the_usual_message() {
        let err = Zone::new(&TzDb, " Mars/Olympus ", DateTime::UNIX_EPOCH).err().unwrap();
        assert_eq!(err, "unknown time zone \" Mars/Olympus \": use an IANA name such as Europe/Paris");
        assert_eq!(Zone::new(&TzDb, " Europe/Paris ", DateTime::UNIX_EPOCH).unwrap().name(), "Europe/Paris");
    }
}
