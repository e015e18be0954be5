//! The editorial plan's iCalendar import on arbitrary bytes (whole calendars and single-event
//! objects, as from a CalDAV server): never panics; every problem points inside the file; every
//! post read can be stored (its JSON reads back unchanged) and is a fixed point of export then
//! import, so what a user imports once survives the next sync or backup exactly.
#![no_main]
use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use porte_voix_core::plan::ics::{export_calendar, import_calendar, import_event, ImportOptions};
use porte_voix_core::plan::Post;
use porte_voix_core::suggest::zone::TzDb;
use porte_voix_fuzz::*;

const ZONES: [&str; 4] = ["Europe/Paris", "America/New_York", "UTC", "Not/A_Zone"];

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector_and_rest(data);
    let opts = ImportOptions {
        zone: ZONES[usize::from(sel % 4)].into(),
        now: Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap(),
    };
    let lines = line_count(rest);
    let import = import_calendar(rest, &TzDb, &opts);
    assert_problems_located(&import.problems, lines);
    for post in &import.posts {
        assert_post_stores(post);
    }
    if sel & 0x80 != 0 {
        match import_event(rest, &TzDb, &opts) {
            Ok(one) => {
                assert_problems_located(&one.problems, lines);
                assert_post_stores(&one.post);
            }
            Err(problems) => {
                assert!(!problems.is_empty(), "no event read and no problem said why");
                assert_problems_located(&problems, lines);
            }
        }
    }
    // Export then import gives the same posts back (only live scheduled posts are events).
    let plan = plan_of(import.posts.clone());
    let export = export_calendar(&plan, &TzDb, &Default::default());
    let again = import_calendar(export.ics.as_bytes(), &TzDb, &opts);
    // The user's zone is reported again when it is unknown; nothing else may be.
    let problems: Vec<_> = again.problems.iter().filter(|p| p.code != "unknown-zone").collect();
    assert!(problems.is_empty(), "our own export did not read back: {problems:?}\n{}", export.ics);
    let left_out: Vec<&str> = export.left_out.iter().map(|l| l.post_id.as_str()).collect();
    let expected: Vec<&Post> = import
        .posts
        .iter()
        .filter(|p| !p.meta.deleted && p.schedule.is_some() && !left_out.contains(&p.meta.id.as_str()))
        .collect();
    let back: Vec<&Post> = again.posts.iter().collect();
    assert_eq!(back, expected, "export then import changed the posts\n{}", export.ics);
});
