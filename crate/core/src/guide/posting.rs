//! A guide's posting rules: when the brand posts (`[schedule]`: days and hours) and how often
//! (`min_gap_minutes` and `max_per_day` per network), turned into the settings of the calendar's
//! conflict check ([`ConflictOptions`]) and of a best-time request ([`TimingOptions`]).
//!
//! A guide only replaces what it sets: everything else keeps the defaults where they live (the
//! per-network priors of `suggest::timing`, [`AllowedHours::default`]).

use super::compile::CompiledGuide;
use crate::plan::analysis::conflicts::{AllowedHours, ConflictOptions, Window};
use crate::suggest::timing::TimingOptions;

/// The weekdays as a guide writes them, Monday first (the order of [`AllowedHours`]).
pub const DAY_CODES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The index (Monday 0) of a day code of [`DAY_CODES`].
pub fn day_index(code: &str) -> Option<usize> {
    DAY_CODES.iter().position(|&d| d == code)
}

/// What is wrong with a written time window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowError {
    /// Not two times of day joined by a dash.
    Format,
    /// The end is not after the start.
    Backwards,
}

impl WindowError {
    /// What the user reads about `what` (a key path or an option name) holding `found`.
    pub fn message(self, what: &str, found: &str) -> String {
        match self {
            WindowError::Format => format!("{what} must be a time window like \"08:00-20:00\" (HH:MM, hours 00-23, 24:00 only to end the day); found \"{found}\""),
            WindowError::Backwards => format!("{what} = \"{found}\" does not end after it starts: write the earlier time first (a window cannot run past midnight)"),
        }
    }
}

/// `H:MM` or `HH:MM` as minutes after midnight, 24:00 included.
fn minutes(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    // Digits only, `digits` of them (a hand-rolled parse: this is in the wasm engine's budget).
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    };
    let (h, m) = (number(h, 1..=2)?, number(m, 2..=2)?);
    (m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

/// Reads a local time window written `"08:00-20:00"` (an en dash is accepted too; 24:00 ends the
/// day). The end must come after the start: a window never runs past midnight.
pub fn parse_window(text: &str) -> Result<Window, WindowError> {
    let (a, b) = text.split_once(['-', '–']).ok_or(WindowError::Format)?;
    let (start, end) = minutes(a).zip(minutes(b)).ok_or(WindowError::Format)?;
    if start >= 24 * 60 {
        return Err(WindowError::Format);
    }
    if end <= start {
        return Err(WindowError::Backwards);
    }
    Ok(Window { start, end })
}

/// What a guide says about when and how often to post. Only what the guide sets: a network it
/// says nothing about is absent from the lists, and `allowed_hours` is `None` without a
/// `[schedule]`. Lists rather than maps, in the order of the built-in networks: a few kilobytes
/// less in the wasm engine, which hands these rules to the calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingRules {
    /// Fewest minutes between two posts, by network id.
    pub min_gap_minutes: Vec<(String, u32)>,
    /// Most posts a local day, by network id.
    pub max_per_day: Vec<(String, u32)>,
    /// Allowed local hours per weekday, Monday first.
    pub allowed_hours: Option<AllowedHours>,
}

impl CompiledGuide {
    /// The guide's posting rules: its schedule, and for every built-in network the spacing and
    /// posts per day its override or `[networks.defaults]` set.
    pub fn posting_rules(&self) -> PostingRules {
        let mut rules = PostingRules {
            allowed_hours: self.guide.schedule.as_ref().map(|s| s.hours.clone()),
            ..PostingRules::default()
        };
        for profile in crate::networks::all() {
            let Some(network) = self.network(&profile.id) else { continue };
            if let Some(gap) = network.min_gap_minutes {
                rules.min_gap_minutes.push((profile.id.clone(), gap));
            }
            if let Some(most) = network.max_per_day {
                rules.max_per_day.push((profile.id.clone(), most));
            }
        }
        rules
    }
}

/// The value for `network` in a list of [`PostingRules`].
fn on(list: &[(String, u32)], network: &str) -> Option<u32> {
    list.iter().find(|(id, _)| id == network).map(|&(_, value)| value)
}

impl PostingRules {
    /// The guide's fewest minutes between two posts on `network`, if it sets them.
    pub fn min_gap_on(&self, network: &str) -> Option<u32> {
        on(&self.min_gap_minutes, network)
    }

    /// The guide's most posts a day on `network`, if it sets them.
    pub fn max_per_day_on(&self, network: &str) -> Option<u32> {
        on(&self.max_per_day, network)
    }

    /// Puts these rules in a conflict check's settings: the guide's values replace the ones there.
    pub fn apply_to_conflicts(&self, opts: &mut ConflictOptions) {
        opts.min_gap_minutes.extend(self.min_gap_minutes.iter().cloned());
        opts.max_per_day.extend(self.max_per_day.iter().cloned());
        if let Some(hours) = &self.allowed_hours {
            opts.allowed_hours = hours.clone();
        }
    }

    /// Fills in what a best-time request leaves to defaults: the spacing and posts per day on its
    /// network, and the allowed hours unless `hours_given` (the caller chose its own window or
    /// days). What the caller set stays.
    pub fn fill_timing(&self, opts: &mut TimingOptions, hours_given: bool) {
        opts.min_gap_minutes = opts.min_gap_minutes.or_else(|| self.min_gap_on(&opts.network));
        opts.max_per_day = opts.max_per_day.or_else(|| self.max_per_day_on(&opts.network));
        if !hours_given && opts.allowed_hours.is_none() {
            opts.allowed_hours = self.allowed_hours.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::{self, Format, GuideError};

    const HEAD: &str = "version = 1\n[brand]\nname = \"T\"\n";

    fn errors(body: &str) -> Vec<GuideError> {
        guide::parse(&format!("{HEAD}{body}"), Format::Toml).expect_err("the guide should be refused")
    }

    fn rules(body: &str) -> PostingRules {
        guide::compile(&format!("{HEAD}{body}"), Format::Toml)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .posting_rules()
    }

    #[test]
    fn windows_read_and_refuse_with_a_reason() {
        assert_eq!(parse_window("08:00-20:00"), Ok(Window { start: 480, end: 1200 }));
        assert_eq!(parse_window(" 9:30 – 24:00 "), Ok(Window { start: 570, end: 1440 }));
        for bad in [
            "08:00",
            "08:00-12:00-14:00",
            "-12:00",
            "25:00-26:00",
            "08:60-09:00",
            "24:00-24:00",
            "8h-20h",
            "08:0-09:00",
            "+8:00-09:00",
        ] {
            assert_eq!(parse_window(bad), Err(WindowError::Format), "{bad}");
        }
        assert_eq!(parse_window("20:00-08:00"), Err(WindowError::Backwards));
        assert_eq!(parse_window("09:00-09:00"), Err(WindowError::Backwards));
    }

    #[test]
    fn schedule_and_spacing_are_read() {
        let r = rules("[schedule]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"]\nhours = \"08:00-20:00\"\n[schedule.hours_by_day]\nsat = \"09:00-13:00\"\n[networks.defaults]\nmin_gap_minutes = 90\n[networks.overrides.linkedin]\nmax_per_day = 1\nmin_gap_minutes = 600\n");
        let hours = r.allowed_hours.clone().expect("a schedule");
        assert_eq!(hours.0[0], Some(Window { start: 480, end: 1200 }));
        assert_eq!(hours.0[5], Some(Window { start: 540, end: 780 }));
        assert_eq!(hours.0[6], None, "Sunday is left out");
        assert_eq!(r.min_gap_on("x"), Some(90), "defaults reach every network");
        assert_eq!(r.min_gap_on("linkedin"), Some(600), "the override wins");
        assert_eq!(r.max_per_day_on("linkedin"), Some(1));
        assert_eq!(r.max_per_day, [("linkedin".to_string(), 1)], "only what the guide sets");
        assert_eq!(r.max_per_day_on("x"), None, "unset stays unset: the planner's default applies");
        // Days alone keep the default hours on them.
        let days_only = rules("[schedule]\ndays = [\"sun\"]\n").allowed_hours.unwrap();
        assert_eq!(days_only.0[6], AllowedHours::default().0[6]);
        assert!(days_only.0[..6].iter().all(Option::is_none));
        // No schedule, no spacing: nothing to apply.
        assert_eq!(rules(""), PostingRules::default());
    }

    #[test]
    fn bad_schedules_are_refused_with_place_and_remedy() {
        let e = errors("[schedule]\ndays = [\"mon\", \"Saturday\", \"mon\", 3]\n");
        let at = |path: &str| {
            e.iter().find(|e| e.path == path).unwrap_or_else(|| panic!("no error at {path}: {e:?}"))
        };
        let sat = at("schedule.days[1]");
        assert_eq!((sat.line, sat.column), (5, 16));
        assert_eq!(
            sat.message,
            "unknown day \"Saturday\" in schedule.days[1]; write one of mon, tue, wed, thu, fri, sat, sun"
        );
        assert!(at("schedule.days[3]").message.contains("a day such as \"mon\""), "{e:?}");
        assert_eq!(e.len(), 2, "a day listed twice is harmless: {e:?}");

        let e = errors("[schedule]\nhours = \"20:00-08:00\"\n");
        assert_eq!((e[0].line, e[0].column, e[0].path.as_str()), (5, 9, "schedule.hours"));
        assert!(e[0].message.contains("write the earlier time first"), "{}", e[0].message);
        let e = errors("[schedule]\nhours = \"8h-20h\"\n");
        assert_eq!(e[0].message, "schedule.hours must be a time window like \"08:00-20:00\" (HH:MM, hours 00-23, 24:00 only to end the day); found \"8h-20h\"");
        let e = errors("[schedule]\nhours = 8\n");
        assert_eq!(e[0].path, "schedule.hours");
        let e = errors("[schedule]\ndays = []\n");
        assert!(e[0].message.contains("list the days the brand posts on"), "{}", e[0].message);
        let e = errors("[schedule]\ndays = [\"mon\"]\n[schedule.hours_by_day]\nsun = \"10:00-12:00\"\n");
        assert_eq!((e[0].line, e[0].path.as_str()), (7, "schedule.hours_by_day.sun"));
        assert!(e[0].message.contains("add \"sun\" to schedule.days"), "{}", e[0].message);
        let e = errors("[schedule]\nweekdays = [\"mon\"]\n");
        assert_eq!(e[0].path, "schedule.weekdays");
    }

    #[test]
    fn bad_spacing_is_refused_with_place_and_remedy() {
        let e = errors("[networks.overrides.linkedin]\nmax_per_day = 0\n");
        assert_eq!(
            (e[0].line, e[0].column, e[0].path.as_str()),
            (5, 15, "networks.overrides.linkedin.max_per_day")
        );
        assert!(e[0].message.contains("take it out of networks.used"), "{}", e[0].message);
        let e = errors("[networks.defaults]\nmax_per_day = 101\nmin_gap_minutes = -5\n");
        assert!(e.iter().any(|e| e.path == "networks.defaults.max_per_day" && e.message.contains("between 1 and 100")), "{e:?}");
        assert!(
            e.iter().any(|e| e.path == "networks.defaults.min_gap_minutes"
                && e.message.contains("between 0 and 10080")),
            "{e:?}"
        );
        let e = errors("[networks.defaults]\nmin_gap_minutes = \"2h\"\n");
        assert_eq!(e[0].path, "networks.defaults.min_gap_minutes");
    }

    #[test]
    fn the_guide_fills_only_what_a_timing_request_leaves_open() {
        let r = rules("[schedule]\ndays = [\"mon\"]\n[networks.overrides.linkedin]\nmax_per_day = 1\nmin_gap_minutes = 600\n");
        let now =
            chrono::DateTime::parse_from_rfc3339("2026-03-02T06:00:00Z").unwrap().with_timezone(&chrono::Utc);
        let mut o = TimingOptions::new("linkedin", "UTC", now);
        r.fill_timing(&mut o, false);
        assert_eq!((o.min_gap_minutes, o.max_per_day), (Some(600), Some(1)));
        assert_eq!(o.allowed_hours, r.allowed_hours);
        let mut mine = TimingOptions::new("linkedin", "UTC", now);
        mine.max_per_day = Some(3);
        r.fill_timing(&mut mine, true);
        assert_eq!((mine.min_gap_minutes, mine.max_per_day, mine.allowed_hours), (Some(600), Some(3), None));
    }
}
