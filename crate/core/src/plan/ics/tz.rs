//! VTIMEZONE components (RFC 5545 §3.6.5): written from a [`ZoneResolver`] for the years a plan
//! covers, and read back from other calendars into a resolver of their own.
//!
//! Writing: the resolver only answers "which offset at instant T", so the transitions are found by
//! sampling every day of each covered year and bisecting each change to the second. Each
//! transition becomes its own STANDARD or DAYLIGHT observance (a DTSTART, no RRULE): exact for
//! the covered years, whatever the zone's history.
//!
//! Reading: observances with a DTSTART, RDATEs and yearly RRULEs (`BYMONTH` with `BYDAY` such as
//! `-1SU`, or `BYDAY` with `BYMONTHDAY`, `UNTIL`, `COUNT`, `INTERVAL`) — what calendar apps write.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

use super::lines::{Property, Writer};
use crate::suggest::zone::ZoneResolver;

/// `YYYYMMDDTHHMMSS`, the local DATE-TIME form.
pub(crate) const LOCAL_FORMAT: &str = "%Y%m%dT%H%M%S";

fn offset_text(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// Parses a UTC-OFFSET value (`+0100`, `-053000`).
pub(crate) fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let (sign, digits) = match s.chars().next()? {
        '+' => (1, &s[1..]),
        '-' => (-1, &s[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let sec: i32 = if digits.len() == 6 { digits[4..6].parse().ok()? } else { 0 };
    if m > 59 || sec > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60 + sec))
}

/// One change of offset: at `at`, from `from` to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Onset {
    at: DateTime<Utc>,
    from: FixedOffset,
    to: FixedOffset,
}

fn year_start(year: i32) -> Option<DateTime<Utc>> {
    Some(NaiveDate::from_ymd_opt(year, 1, 1)?.and_time(NaiveTime::MIN).and_utc())
}

/// The offsets in force in `zone` over `years` (each year plus a day either side): the one at the
/// start of each run of consecutive years, then every change, found to the second.
fn onsets(zone: &str, years: &BTreeSet<i32>, zones: &dyn ZoneResolver) -> Result<Vec<Onset>, String> {
    let mut found: Vec<Onset> = Vec::new();
    let mut previous_year: Option<i32> = None;
    for &year in years {
        let (Some(start), Some(end)) = (year_start(year), year_start(year.saturating_add(1))) else {
            continue;
        };
        let start = if year > 1 { start - Duration::days(1) } else { start };
        let end = end + Duration::days(1);
        let mut t = start;
        let mut off = zones.offset_at(zone, t)?;
        let continues = previous_year.is_some_and(|p| p + 1 == year);
        let last_to = found.last().map(|o| o.to);
        if !continues && last_to != Some(off) {
            found.push(Onset { at: t, from: last_to.unwrap_or(off), to: off });
        }
        while t < end {
            let next = t + Duration::days(1);
            let next_off = zones.offset_at(zone, next)?;
            if next_off != off {
                // Bisect on whole seconds: `lo` has the old offset, `hi` the new one.
                let (mut lo, mut hi) = (t.timestamp(), next.timestamp());
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    let at = DateTime::from_timestamp(mid, 0).ok_or("time out of range")?;
                    if zones.offset_at(zone, at)? == off {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                let hi = DateTime::from_timestamp(hi, 0).ok_or("time out of range")?;
                let to = zones.offset_at(zone, hi)?;
                if found.last().map(|o| o.to) != Some(to) {
                    found.push(Onset { at: hi, from: found.last().map_or(off, |o| o.to), to });
                }
                // A second change within the same day is picked up from `hi` on.
                off = to;
                t = hi;
                if zones.offset_at(zone, next)? == to {
                    t = next;
                }
                continue;
            }
            t = next;
        }
        previous_year = Some(year);
    }
    Ok(found)
}

/// Writes the VTIMEZONE of `zone` for `years` (the local years its events fall in). `Err` when the
/// resolver does not know the zone.
pub(crate) fn write_vtimezone(
    w: &mut Writer,
    zone: &str,
    years: &BTreeSet<i32>,
    zones: &dyn ZoneResolver,
) -> Result<(), String> {
    let list = onsets(zone, years, zones)?;
    let standard = list.iter().map(|o| o.to).min_by_key(|o| o.local_minus_utc());
    w.begin("VTIMEZONE");
    w.line("TZID", &[], &super::lines::escape_text(zone));
    for onset in &list {
        let kind = if Some(onset.to) == standard { "STANDARD" } else { "DAYLIGHT" };
        w.begin(kind);
        let local = onset.at.naive_utc() + Duration::seconds(i64::from(onset.from.local_minus_utc()));
        w.line("DTSTART", &[], &local.format(LOCAL_FORMAT).to_string());
        w.line("TZOFFSETFROM", &[], &offset_text(onset.from));
        w.line("TZOFFSETTO", &[], &offset_text(onset.to));
        w.end(kind);
    }
    w.end("VTIMEZONE");
    Ok(())
}

/// The most fixed onsets (DTSTARTs and RDATEs) and rules kept from one file, so a hostile
/// VTIMEZONE cannot make every time lookup slow.
const MAX_FIXED: usize = 100_000;
const MAX_RULES: usize = 64;

/// A yearly recurrence of an observance (the subset of RRULE calendar apps use for zones).
#[derive(Debug, Clone, PartialEq, Eq)]
struct YearlyRule {
    months: Vec<u32>,
    /// `BYDAY`: weekday and ordinal (0: every such weekday).
    days: Vec<(i32, Weekday)>,
    month_days: Vec<i32>,
    interval: i32,
    until: Option<NaiveDateTime>,
    count: Option<i32>,
}

/// A recurring observance: its first onset (local), offsets, and rule.
#[derive(Debug, Clone)]
struct RuleObservance {
    start: NaiveDateTime,
    from: FixedOffset,
    to: FixedOffset,
    rule: YearlyRule,
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// Parses a DATE or DATE-TIME as a naive local value (a `Z` is dropped: UNTIL is compared in
/// local time, close enough for zone rules).
fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(s, LOCAL_FORMAT)
        .ok()
        .or_else(|| NaiveDate::parse_from_str(s, "%Y%m%d").ok().map(|d| d.and_time(NaiveTime::MIN)))
}

fn parse_rule(value: &str) -> Result<YearlyRule, String> {
    let mut rule = YearlyRule {
        months: vec![],
        days: vec![],
        month_days: vec![],
        interval: 1,
        until: None,
        count: None,
    };
    let mut yearly = false;
    for part in value.split(';') {
        let (key, val) = part.split_once('=').ok_or_else(|| format!("\"{part}\" is not KEY=VALUE"))?;
        let bad = || format!("{key}={val} is not understood");
        match key.trim().to_ascii_uppercase().as_str() {
            "FREQ" => yearly = val.eq_ignore_ascii_case("YEARLY"),
            "BYMONTH" => {
                for m in val.split(',') {
                    let m: u32 = m.trim().parse().map_err(|_| bad())?;
                    if !(1..=12).contains(&m) {
                        return Err(bad());
                    }
                    rule.months.push(m);
                }
            }
            "BYDAY" => {
                for d in val.split(',') {
                    let d = d.trim().to_ascii_uppercase();
                    let split = d.len().checked_sub(2).filter(|i| d.is_char_boundary(*i)).ok_or_else(bad)?;
                    let weekday = parse_weekday(&d[split..]).ok_or_else(bad)?;
                    let n: i32 = if split == 0 {
                        0
                    } else {
                        d[..split].trim_start_matches('+').parse().map_err(|_| bad())?
                    };
                    if !(-5..=5).contains(&n) {
                        return Err(bad());
                    }
                    rule.days.push((n, weekday));
                }
            }
            "BYMONTHDAY" => {
                for d in val.split(',') {
                    let d: i32 = d.trim().parse().map_err(|_| bad())?;
                    if d == 0 || !(-31..=31).contains(&d) {
                        return Err(bad());
                    }
                    rule.month_days.push(d);
                }
            }
            "INTERVAL" => {
                rule.interval = val.trim().parse().ok().filter(|i| (1..=1000).contains(i)).ok_or_else(bad)?
            }
            "UNTIL" => rule.until = Some(parse_naive(val).ok_or_else(bad)?),
            "COUNT" => rule.count = Some(val.trim().parse().ok().filter(|c| *c > 0).ok_or_else(bad)?),
            "WKST" => {}
            _ => return Err(bad()),
        }
    }
    if !yearly {
        return Err("only FREQ=YEARLY rules are understood in time zones".into());
    }
    Ok(rule)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(28, |d| d.day())
}

impl RuleObservance {
    /// The rule's onsets (local) in `year`, in order, within its bounds.
    fn occurrences(&self, year: i32) -> Vec<NaiveDateTime> {
        let rule = &self.rule;
        let since = year - self.start.year();
        if since < 0 || since % rule.interval != 0 || rule.count.is_some_and(|c| since / rule.interval >= c) {
            return vec![];
        }
        let months = if rule.months.is_empty() { vec![self.start.month()] } else { rule.months.clone() };
        let mut out = Vec::new();
        for month in months {
            let last = days_in_month(year, month);
            let day_ok = |day: u32| -> bool {
                let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else { return false };
                let md_ok = rule.month_days.is_empty()
                    || rule.month_days.iter().any(|&d| {
                        if d > 0 {
                            d as u32 == day
                        } else {
                            (last as i32 + 1 + d) as u32 == day
                        }
                    });
                let wd_ok = rule.days.is_empty()
                    || rule.days.iter().any(|&(n, wd)| {
                        date.weekday() == wd
                            && match n {
                                0 => true,
                                n if n > 0 => (day - 1) / 7 + 1 == n as u32,
                                n => (last - day) / 7 + 1 == n.unsigned_abs(),
                            }
                    });
                let plain = rule.month_days.is_empty() && rule.days.is_empty();
                if plain {
                    day == self.start.day()
                } else {
                    md_ok && wd_ok
                }
            };
            for day in 1..=last {
                if day_ok(day) {
                    if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                        out.push(date.and_time(self.start.time()));
                    }
                }
            }
        }
        crate::sort::sort(&mut out);
        out.retain(|t| *t >= self.start && rule.until.is_none_or(|u| *t <= u));
        out
    }

    /// The latest onset at or before `utc`, as an instant.
    fn latest_before(&self, utc: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let to_utc = |local: NaiveDateTime| {
            local.and_utc() - Duration::seconds(i64::from(self.from.local_minus_utc()))
        };
        let mut best = None;
        let mut year = utc.year().saturating_add(1);
        if let Some(until) = self.rule.until {
            year = year.min(until.year());
        }
        if let Some(count) = self.rule.count {
            year = year.min(self.start.year().saturating_add((count - 1).saturating_mul(self.rule.interval)));
        }
        for y in (year.saturating_sub(2 * self.rule.interval)..=year).rev() {
            for t in self.occurrences(y).into_iter().map(to_utc) {
                if t <= utc && best.is_none_or(|b| t > b) {
                    best = Some(t);
                }
            }
            if best.is_some() {
                break;
            }
        }
        let start = to_utc(self.start);
        if best.is_none() && start <= utc {
            best = Some(start);
        }
        best
    }
}

/// A VTIMEZONE read from a file.
#[derive(Debug, Clone, Default)]
pub(crate) struct ZoneDefinition {
    /// Onsets that do not recur (DTSTARTs of observances without RRULE, RDATEs), by instant.
    fixed: Vec<Onset>,
    rules: Vec<RuleObservance>,
}

impl ZoneDefinition {
    fn offset_at(&self, utc: DateTime<Utc>) -> Option<FixedOffset> {
        let mut best: Option<(DateTime<Utc>, FixedOffset)> = None;
        let i = self.fixed.partition_point(|o| o.at <= utc);
        if i > 0 {
            best = Some((self.fixed[i - 1].at, self.fixed[i - 1].to));
        }
        for r in &self.rules {
            if let Some(t) = r.latest_before(utc) {
                if best.is_none_or(|(b, _)| t >= b) {
                    best = Some((t, r.to));
                }
            }
        }
        if let Some((_, off)) = best {
            return Some(off);
        }
        // Before every onset: the offset the earliest one changes from.
        let first_fixed = self.fixed.first().map(|o| (o.at, o.from));
        let first_rule = self
            .rules
            .iter()
            .map(|r| (r.start.and_utc() - Duration::seconds(i64::from(r.from.local_minus_utc())), r.from))
            .min_by_key(|(t, _)| *t);
        [first_fixed, first_rule].into_iter().flatten().min_by_key(|(t, _)| *t).map(|(_, off)| off)
    }
}

/// What went wrong in one observance (reported, the rest of the zone is used).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ObservanceProblem {
    /// Line of the property concerned.
    pub(crate) line: u64,
    /// Property name.
    pub(crate) property: String,
    /// What is wrong (English; the caller words the report).
    pub(crate) reason: String,
}

/// Reads one STANDARD or DAYLIGHT observance into `def`.
pub(crate) fn add_observance(
    def: &mut ZoneDefinition,
    begin_line: u64,
    props: &[Property],
) -> Result<(), ObservanceProblem> {
    let get = |name: &str| props.iter().find(|p| p.name == name);
    let missing = |property: &str| ObservanceProblem {
        line: begin_line,
        property: property.into(),
        reason: "is missing".into(),
    };
    let offset = |name: &str| -> Result<FixedOffset, ObservanceProblem> {
        let p = get(name).ok_or_else(|| missing(name))?;
        parse_offset(&p.value).ok_or_else(|| ObservanceProblem {
            line: p.line,
            property: name.into(),
            reason: format!("\"{}\" is not a UTC offset such as +0100", p.value),
        })
    };
    let from = offset("TZOFFSETFROM")?;
    let to = offset("TZOFFSETTO")?;
    let dtstart = get("DTSTART").ok_or_else(|| missing("DTSTART"))?;
    let start = parse_naive(&dtstart.value).ok_or_else(|| ObservanceProblem {
        line: dtstart.line,
        property: "DTSTART".into(),
        reason: format!("\"{}\" is not a local date-time such as 19701025T030000", dtstart.value),
    })?;
    let at = |local: NaiveDateTime| local.and_utc() - Duration::seconds(i64::from(from.local_minus_utc()));
    let mut result = Ok(());
    match get("RRULE") {
        Some(rrule) => match parse_rule(&rrule.value) {
            Ok(rule) if def.rules.len() < MAX_RULES => {
                def.rules.push(RuleObservance { start, from, to, rule })
            }
            Ok(_) => {}
            Err(reason) => {
                result = Err(ObservanceProblem { line: rrule.line, property: "RRULE".into(), reason });
                def.fixed.push(Onset { at: at(start), from, to });
            }
        },
        None => def.fixed.push(Onset { at: at(start), from, to }),
    }
    for rdate in props.iter().filter(|p| p.name == "RDATE") {
        for v in rdate.value.split(',') {
            if def.fixed.len() >= MAX_FIXED {
                break;
            }
            match parse_naive(v) {
                Some(local) => def.fixed.push(Onset { at: at(local), from, to }),
                None => {
                    result = Err(ObservanceProblem {
                        line: rdate.line,
                        property: "RDATE".into(),
                        reason: format!("\"{v}\" is not a date-time"),
                    })
                }
            }
        }
    }
    result
}

impl ZoneDefinition {
    /// Orders the fixed onsets; call once every observance is added.
    pub(crate) fn seal(&mut self) {
        crate::sort::sort_by_key(&mut self.fixed, |o| o.at);
    }
}

/// The zones a file defines, falling back to another resolver (the IANA database) for the rest.
pub(crate) struct FileZones<'a> {
    /// VTIMEZONEs by TZID.
    pub(crate) defs: HashMap<String, ZoneDefinition>,
    /// For TZIDs the file does not define.
    pub(crate) fallback: &'a dyn ZoneResolver,
}

impl ZoneResolver for FileZones<'_> {
    fn offset_at(&self, zone: &str, utc: DateTime<Utc>) -> Result<FixedOffset, String> {
        match self.defs.get(zone) {
            Some(def) => {
                def.offset_at(utc).ok_or_else(|| format!("the VTIMEZONE \"{zone}\" has no usable observance"))
            }
            None => self.fallback.offset_at(iana_name(zone), utc),
        }
    }
}

/// The IANA name inside a TZID: itself, or the end of a prefixed form such as
/// `/mozilla.org/20050126_1/Europe/Paris` or `/citadel.org/20190914_1/America/New_York`.
pub(crate) fn iana_name(tzid: &str) -> &str {
    let t = tzid.trim();
    if !t.starts_with('/') {
        return t;
    }
    let parts: Vec<&str> = t.split('/').collect();
    match parts.len() {
        n if n >= 5 => {
            let start = t.len() - parts[3..].iter().map(|p| p.len() + 1).sum::<usize>() + 1;
            &t[start..]
        }
        _ => t,
    }
}

#[cfg(all(test, feature = "tzdb"))]
mod tests {
    use super::*;
    use crate::suggest::zone::TzDb;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn transitions_are_found_to_the_second() {
        let years: BTreeSet<i32> = [2026].into();
        let list = onsets("Europe/Paris", &years, &TzDb).unwrap();
        let at: Vec<String> = list.iter().map(|o| o.at.to_rfc3339()).collect();
        assert_eq!(
            at,
            ["2025-12-31T00:00:00+00:00", "2026-03-29T01:00:00+00:00", "2026-10-25T01:00:00+00:00"]
        );
        assert_eq!(offset_text(list[1].to), "+0200");
        let kolkata = onsets("Asia/Kolkata", &years, &TzDb).unwrap();
        assert_eq!(kolkata.len(), 1);
        assert_eq!(offset_text(kolkata[0].to), "+0530");
        assert!(onsets("Mars/Olympus", &years, &TzDb).is_err());
    }

    #[test]
    fn a_written_vtimezone_reads_back_to_the_same_offsets() {
        for zone in [
            "Europe/Paris",
            "America/New_York",
            "Australia/Lord_Howe",
            "America/Sao_Paulo",
            "Pacific/Chatham",
            "Asia/Tehran",
        ] {
            let years: BTreeSet<i32> = [2019, 2020, 2024].into();
            let mut w = Writer::default();
            write_vtimezone(&mut w, zone, &years, &TzDb).unwrap();
            let text = w.finish();
            let (lines, _) = super::super::lines::unfold(text.as_bytes());
            let props: Vec<Property> = lines
                .iter()
                .map(|l| {
                    super::super::lines::parse_line(l.line, std::str::from_utf8(&l.bytes).unwrap()).unwrap()
                })
                .collect();
            let mut def = ZoneDefinition::default();
            let mut current: Vec<Property> = vec![];
            for p in props {
                match (p.name.as_str(), p.value.as_str()) {
                    ("BEGIN", "STANDARD" | "DAYLIGHT") => current.clear(),
                    ("END", "STANDARD" | "DAYLIGHT") => add_observance(&mut def, 1, &current).unwrap(),
                    _ => current.push(p),
                }
            }
            def.seal();
            for year in &years {
                let mut t = year_start(*year).unwrap();
                let end = year_start(year + 1).unwrap();
                while t < end {
                    assert_eq!(def.offset_at(t), Some(TzDb.offset_at(zone, t).unwrap()), "{zone} {t}");
                    t += Duration::minutes(30);
                }
            }
        }
    }

    #[test]
    fn yearly_rules_of_other_calendars_give_the_right_offsets() {
        let prop = |name: &str, value: &str| Property {
            line: 1,
            name: name.into(),
            params: vec![],
            value: value.into(),
        };
        let mut def = ZoneDefinition::default();
        // Outlook-style Europe/Paris.
        add_observance(
            &mut def,
            1,
            &[
                prop("DTSTART", "16010101T030000"),
                prop("TZOFFSETFROM", "+0200"),
                prop("TZOFFSETTO", "+0100"),
                prop("RRULE", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
            ],
        )
        .unwrap();
        add_observance(
            &mut def,
            1,
            &[
                prop("DTSTART", "16010101T020000"),
                prop("TZOFFSETFROM", "+0100"),
                prop("TZOFFSETTO", "+0200"),
                prop("RRULE", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
            ],
        )
        .unwrap();
        def.seal();
        for t in [
            "2026-03-29T00:59:59Z",
            "2026-03-29T01:00:00Z",
            "2026-07-01T12:00:00Z",
            "2026-10-25T00:59:59Z",
            "2026-10-25T01:00:00Z",
            "1990-01-01T00:00:00Z",
        ] {
            assert_eq!(def.offset_at(utc(t)), Some(TzDb.offset_at("Europe/Paris", utc(t)).unwrap()), "{t}");
        }
        // Old US rule bounded by UNTIL, then the 2007 rule (BYDAY with BYMONTHDAY, Apple style).
        let mut us = ZoneDefinition::default();
        add_observance(
            &mut us,
            1,
            &[
                prop("DTSTART", "19870405T020000"),
                prop("TZOFFSETFROM", "-0500"),
                prop("TZOFFSETTO", "-0400"),
                prop("RRULE", "FREQ=YEARLY;UNTIL=20060402T070000Z;BYMONTH=4;BYDAY=1SU"),
            ],
        )
        .unwrap();
        add_observance(
            &mut us,
            1,
            &[
                prop("DTSTART", "20070311T020000"),
                prop("TZOFFSETFROM", "-0500"),
                prop("TZOFFSETTO", "-0400"),
                prop("RRULE", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=SU"),
            ],
        )
        .unwrap();
        add_observance(
            &mut us,
            1,
            &[
                prop("DTSTART", "20071104T020000"),
                prop("TZOFFSETFROM", "-0400"),
                prop("TZOFFSETTO", "-0500"),
                prop("RRULE", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
            ],
        )
        .unwrap();
        add_observance(
            &mut us,
            1,
            &[
                prop("DTSTART", "19671029T020000"),
                prop("TZOFFSETFROM", "-0400"),
                prop("TZOFFSETTO", "-0500"),
                prop("RRULE", "FREQ=YEARLY;UNTIL=20061029T060000Z;BYMONTH=10;BYDAY=-1SU"),
            ],
        )
        .unwrap();
        us.seal();
        for t in [
            "2026-03-08T06:59:59Z",
            "2026-03-08T07:00:00Z",
            "2026-11-01T05:59:59Z",
            "2026-11-01T06:00:00Z",
            "2005-04-03T07:00:00Z",
            "2005-10-30T06:00:00Z",
            "2005-08-01T00:00:00Z",
        ] {
            assert_eq!(
                us.offset_at(utc(t)),
                Some(TzDb.offset_at("America/New_York", utc(t)).unwrap()),
                "{t}"
            );
        }
        let err = add_observance(
            &mut ZoneDefinition::default(),
            1,
            &[
                prop("DTSTART", "20070311T020000"),
                prop("TZOFFSETFROM", "-0500"),
                prop("TZOFFSETTO", "-0400"),
                prop("RRULE", "FREQ=MONTHLY"),
            ],
        )
        .unwrap_err();
        assert_eq!(err.property, "RRULE");
    }

    #[test]
    fn prefixed_tzids_give_their_iana_name() {
        assert_eq!(iana_name("/mozilla.org/20050126_1/Europe/Paris"), "Europe/Paris");
        assert_eq!(
            iana_name("/citadel.org/20190914_1/America/Argentina/Buenos_Aires"),
            "America/Argentina/Buenos_Aires"
        );
        assert_eq!(iana_name("Europe/Paris"), "Europe/Paris");
        assert_eq!(iana_name("/x"), "/x");
    }
}
