//! Our CSV export read by a real parser, Python's `csv` module, and a CSV written by that module
//! read by our importer. Skipped loudly without python3 (failing in CI).

mod support;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use porte_voix_core::plan::csv::{export_csv, import_csv, DateOrder, ExportOptions, ImportOptions, Layout};
use porte_voix_core::plan::model::{Plan, Post, RecordMeta, Schedule, Status};
use porte_voix_core::suggest::zone::TzDb;
use support::{run, temp_file};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn post(id: &str, text: &str) -> Post {
    Post {
        meta: RecordMeta {
            id: id.into(),
            created: utc("2026-01-01T00:00:00Z"),
            updated: utc("2026-01-02T00:00:00Z"),
            clock: BTreeMap::new(),
            deleted: false,
        },
        text: text.into(),
        variants: BTreeMap::new(),
        networks: vec![],
        pillar: None,
        campaign: None,
        status: Status::Draft,
        schedule: None,
        assignee: None,
        notes: String::new(),
        ignored_findings: BTreeMap::new(),
        review: vec![],
        metrics: None,
    }
}

/// Prints the rows of a CSV file as JSON, read with csv.reader (BOM removed by utf-8-sig).
const READ_ROWS: &str = r#"
import csv, json, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    print(json.dumps(list(csv.reader(f, delimiter=sys.argv[2]))))
"#;

#[test]
fn python_csv_reads_exactly_the_cells_we_meant() {
    let Some(py) = support::python(None) else { return };
    let mut a = post("a-1", "Bonjour, \"monde\"; ligne\r\nsuivante\nencore 🎉 e\u{301} \u{202e}rtl");
    a.schedule = Some(Schedule { at: utc("2026-03-15T08:30:00Z"), zone: "Europe/Paris".into() });
    a.status = Status::Scheduled;
    a.networks = vec!["x".into(), "linkedin".into()];
    a.variants.insert("x".into(), "=HYPERLINK(\"http://evil.example\",\"clic\")".into());
    a.notes = "\ttab first".into();
    let mut b = post("b-2", "+33 6 12 34 56 78");
    b.assignee = Some("@lea".into());
    b.pillar = Some("-moins".into());
    b.variants.insert("linkedin".into(), "'=déjà neutralisé".into());
    let plan = Plan { posts: vec![a.clone(), b.clone()], ..Plan::default() };
    let header = [
        "id",
        "status",
        "date",
        "time",
        "zone",
        "networks",
        "text",
        "text_linkedin",
        "text_x",
        "pillar",
        "campaign",
        "assignee",
        "notes",
    ];
    let want = vec![
        header.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        vec![
            "a-1",
            "scheduled",
            "2026-03-15",
            "09:30",
            "Europe/Paris",
            "x;linkedin",
            &a.text,
            "",
            "'=HYPERLINK(\"http://evil.example\",\"clic\")",
            "",
            "",
            "",
            "'\ttab first",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        vec![
            "b-2",
            "draft",
            "",
            "",
            "",
            "",
            "'+33 6 12 34 56 78",
            "''=déjà neutralisé",
            "",
            "'-moins",
            "",
            "'@lea",
            "",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
    ];
    for (semicolon, bom, sep) in [(false, false, ","), (true, true, ";")] {
        let csv = export_csv(&plan, &TzDb, ExportOptions { semicolon, bom });
        let path = temp_file(&format!("plan-{semicolon}.csv"), csv.as_bytes());
        let rows: Vec<Vec<String>> =
            serde_json::from_str(&run(&py, READ_ROWS, &[path.to_str().unwrap(), sep])).unwrap();
        let _ = std::fs::remove_file(&path);
        assert_eq!(rows, want, "separator {sep}");
    }
}

/// Writes a Porte-voix CSV the way a script would, with Python's csv.writer.
const WRITE_ROWS: &str = r#"
import csv, sys
w = csv.writer(sys.stdout, delimiter=";", lineterminator="\r\n")
w.writerow(["id", "status", "date", "time", "zone", "networks", "text", "text_x", "notes"])
w.writerow(["py-1", "approved", "2026-07-14", "21:30", "Europe/Paris", "x;bluesky", 'Feu d\'artifice; "quai", 🎆\nà 22 h', "court", "note, avec; tout"])
w.writerow(["py-2", "", "", "", "", "linkedin", "Idée sans date", "", ""])
w.writerow(["py-3", "publié", "31/12/2026", "23:59", "America/New_York", "", "Bonne année", "", ""])
"#;

#[test]
fn our_importer_reads_a_csv_written_by_python() {
    let Some(py) = support::python(None) else { return };
    let data = run(&py, WRITE_ROWS, &[]);
    let opts = ImportOptions {
        layout: Layout::Auto,
        zone: "Europe/Paris".into(),
        networks: vec![],
        date_order: DateOrder::Auto,
        now: utc("2026-05-01T00:00:00Z"),
    };
    let back = import_csv(data.as_bytes(), &TzDb, &opts);
    assert_eq!(back.layout, Layout::PorteVoix);
    assert_eq!(back.problems, []);
    type Seen<'a> = (&'a str, Status, Option<DateTime<Utc>>, &'a [String], &'a str);
    let got: Vec<Seen> = back
        .posts
        .iter()
        .map(|p| {
            (
                p.meta.id.as_str(),
                p.status,
                p.schedule.as_ref().map(|s| s.at),
                p.networks.as_slice(),
                p.text.as_str(),
            )
        })
        .collect();
    let (n1, n2, n3) = (["x".to_string(), "bluesky".to_string()], ["linkedin".to_string()], []);
    assert_eq!(
        got,
        [
            (
                "py-1",
                Status::Approved,
                Some(utc("2026-07-14T19:30:00Z")),
                &n1[..],
                "Feu d'artifice; \"quai\", 🎆\nà 22 h"
            ),
            ("py-2", Status::Idea, None, &n2[..], "Idée sans date"),
            ("py-3", Status::Published, Some(utc("2027-01-01T04:59:00Z")), &n3[..], "Bonne année"),
        ]
    );
    assert_eq!(back.posts[0].variants.get("x").map(String::as_str), Some("court"));
    assert_eq!(back.posts[0].notes, "note, avec; tout");
}
