//! The editorial plan's CSV import on arbitrary bytes, in every layout (Porte-voix, Hootsuite,
//! Buffer, auto-detected) and date order: never panics; every problem points inside the file;
//! every post read can be stored; the export of what was read has no cell a spreadsheet would run
//! as a formula, and reads back as the same posts (the documented exact round trip).
#![no_main]
use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use porte_voix_core::plan::csv::{export_csv, import_csv, DateOrder, ExportOptions, ImportOptions, Layout};
use porte_voix_core::plan::Post;
use porte_voix_core::suggest::zone::TzDb;
use porte_voix_fuzz::*;

const LAYOUTS: [Layout; 4] = [Layout::Auto, Layout::PorteVoix, Layout::Hootsuite, Layout::Buffer];
const ORDERS: [DateOrder; 3] = [DateOrder::Auto, DateOrder::DayFirst, DateOrder::MonthFirst];

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector_and_rest(data);
    let opts = ImportOptions {
        layout: LAYOUTS[usize::from(sel % 4)],
        zone: if sel & 0x40 != 0 { "America/New_York".into() } else { "Europe/Paris".into() },
        networks: if sel & 0x80 != 0 { vec!["x".into(), "linkedin".into()] } else { Vec::new() },
        date_order: ORDERS[usize::from(sel >> 2 & 3) % 3],
        now: Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap(),
    };
    let import = import_csv(rest, &TzDb, &opts);
    assert_problems_located(&import.problems, line_count(rest));
    for post in &import.posts {
        assert_post_stores(post);
    }
    let live: Vec<Post> = import.posts.iter().filter(|p| !p.meta.deleted).cloned().collect();
    let export_opts = ExportOptions { semicolon: sel & 0x10 != 0, bom: sel & 0x20 != 0 };
    let csv = export_csv(&plan_of(live.clone()), &TzDb, export_opts);
    assert_no_formula_cells(&csv);
    let back =
        import_csv(csv.as_bytes(), &TzDb, &ImportOptions { layout: Layout::PorteVoix, ..opts.clone() });
    assert!(back.problems.is_empty(), "our own export did not read back: {:?}\n{csv}", back.problems);
    assert_eq!(back.posts.len(), live.len(), "posts lost or added by export then import\n{csv}");
    for (a, b) in live.iter().zip(&back.posts) {
        assert_same_csv_fields(a, b, &csv);
    }
});
