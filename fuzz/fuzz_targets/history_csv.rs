//! The analytics history import on arbitrary CSV, for every preset, date order and a zone with
//! daylight-saving gaps; then the hashtag statistics and best times built from what it imported.
//! Never panics; counts add up; rates are finite; nothing in a cell is interpreted beyond its column's type.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porte_voix_core::suggest::hashtags::HashtagStats;
use porte_voix_core::suggest::history::{import_csv, DateFormat, ImportOptions, Preset};
use porte_voix_core::suggest::timing::{best_times, TimingOptions};
use porte_voix_fuzz::*;

const PRESETS: [Preset; 4] = [Preset::X, Preset::Linkedin, Preset::Meta, Preset::Generic];
const DATES: [DateFormat; 3] = [DateFormat::Auto, DateFormat::MonthFirst, DateFormat::DayFirst];

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector_and_rest(data);
    let csv = text_of(rest);
    let mut opts = ImportOptions::preset(PRESETS[usize::from(sel % 4)]);
    opts.date_format = DATES[usize::from(sel >> 2 & 3) % 3];
    if sel & 0x10 != 0 {
        opts.tz = Some("Europe/Paris".into());
    }
    if opts.preset == Preset::Generic {
        opts.network = Some("linkedin".into());
        opts.columns.time = vec!["date".into()];
        opts.columns.engagements = vec!["engagements".into()];
        opts.columns.text = vec!["text".into()];
    }
    let Ok(report) = import_csv(&csv, &opts) else { return };
    assert!(report.records.len() <= report.rows, "more records than rows");
    assert!(report.records.len() + report.errors.len() >= report.rows, "rows neither imported nor reported");
    for r in &report.records {
        if let Some(rate) = r.engagement_rate {
            assert!(rate.is_finite() && rate >= 0.0, "engagement rate {rate}");
            assert!(r.impressions.is_some_and(|i| i > 0), "a rate without impressions");
        }
    }
    let stats = HashtagStats::from_history(&report.records);
    assert!(stats.records() <= report.records.len());
    let now = report.records.iter().map(|r| r.posted_at).max().unwrap_or_default();
    let network = report.records.first().map_or("x", |r| r.network.as_str());
    if let Ok(times) = best_times(&TimingOptions::new(network, "Europe/Paris", now), &report.records) {
        assert!(times.slots.len() <= 5, "more slots than asked");
        for s in &times.slots {
            assert!(s.score.is_finite(), "slot score {}", s.score);
        }
    }
});
