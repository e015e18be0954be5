//! `porte-voix plan export` and `plan import` on the real binary: the iCalendar export read by
//! Python's `icalendar`, the CSV export read by the `csv` crate (formula cells neutralised), imports
//! that report every bad row with file and line and import the rest, with an exit code that says so.

mod support;

use porte_voix_core::plan::file::read_plan;
use porte_voix_core::plan::{Plan, Post};
use std::path::{Path, PathBuf};
use support::{fresh_dir, plan_cmd, python_with, stderr, stdout};

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    fresh_dir(&format!("plan-io-{name}"))
}

fn code(o: &std::process::Output, expected: i32) -> String {
    assert_eq!(o.status.code(), Some(expected), "stdout: {}\nstderr: {}", stdout(o), stderr(o));
    stdout(o)
}

fn plan_of(file: &Path) -> Plan {
    read_plan(&std::fs::read_to_string(file).unwrap()).unwrap().plan
}

fn live(plan: &Plan) -> Vec<&Post> {
    plan.posts.iter().filter(|p| !p.meta.deleted).collect()
}

/// One post of the sample plan: id, text, networks, and local time with zone (none: an idea).
type Seed<'a> = (&'a str, &'a str, &'a [&'a str], Option<(&'a str, &'a str)>);

/// A plan made with `plan add`: posts in two zones, one unscheduled, texts with what formats must
/// escape (commas, semicolons, quotes, line breaks, accents, a very long line) and formula-like starts.
fn sample_plan(d: &Path) -> PathBuf {
    let f = d.join("plan.json");
    let long = format!("Longue ligne : {}", "é, ; \\ ".repeat(30));
    let posts: [Seed; 6] = [
        (
            "p-paris",
            "Atelier samedi, 10 h ; venez !\nDeuxième ligne \"citée\"",
            &["x", "linkedin"],
            Some(("2026-12-01T09:00", "Europe/Paris")),
        ),
        (
            "p-ny",
            "=HYPERLINK(\"http://evil.example\",\"clic\")",
            &["x"],
            Some(("2026-12-02T18:30", "America/New_York")),
        ),
        (
            "p-plus",
            "+33 6 12 34 56 78 pour réserver",
            &["facebook"],
            Some(("2026-12-03T12:00", "Europe/Paris")),
        ),
        ("p-at", "@porte_voix merci !", &["mastodon"], Some(("2026-12-04T08:15", "Asia/Tokyo"))),
        ("p-long", long.as_str(), &["linkedin"], Some(("2026-12-05T07:00", "Europe/Paris"))),
        ("p-idea", "-10 % sur tout, une idée sans date", &["instagram"], None),
    ];
    for (id, text, networks, when) in posts {
        let mut args = vec!["add", "--id", id, "--text", text];
        for n in networks {
            args.extend(["--network", n]);
        }
        match when {
            Some((at, tz)) => args.extend(["--at", at, "--tz", tz]),
            None => args.extend(["--status", "idea"]),
        }
        code(&plan_cmd(&f, &args), 0);
    }
    f
}

/// Reads an .ics with icalendar and prints, per event: UID, start in UTC, TZID, summary, description.
const READ_ICS: &str = r#"
import json, sys
from datetime import datetime, timezone
import icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
out = []
for ev in cal.walk("VEVENT"):
    start = ev.decoded("DTSTART")
    assert isinstance(start, datetime) and start.tzinfo is not None, repr(start)
    out.append({"uid": str(ev["UID"]), "start": start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "tzid": ev["DTSTART"].params.get("TZID"), "description": str(ev["DESCRIPTION"])})
print(json.dumps({"events": out, "zones": sorted(str(tz["TZID"]) for tz in cal.walk("VTIMEZONE"))}))
"#;

#[test]
fn the_ics_export_is_read_by_python_icalendar_with_every_scheduled_post_at_its_instant() {
    let d = dir("ics");
    let f = sample_plan(&d);
    let ics = d.join("plan.ics");
    let out = plan_cmd(&f, &["export", "--ics", "--out", ics.to_str().unwrap()]);
    code(&out, 0);
    assert!(stdout(&out).is_empty(), "--out writes the file, not standard output");
    // Every line is folded to 75 octets at most, as RFC 5545 asks.
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "a line is longer than 75 octets");
    let Some(py) = python_with("icalendar") else { return };
    let script = d.join("read.py");
    std::fs::write(&script, READ_ICS).unwrap();
    let o = std::process::Command::new(py).arg(&script).arg(&ics).output().unwrap();
    assert!(o.status.success(), "icalendar refused the export: {}", String::from_utf8_lossy(&o.stderr));
    let parsed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let plan = plan_of(&f);
    let scheduled: Vec<&Post> = live(&plan).into_iter().filter(|p| p.schedule.is_some()).collect();
    let events = parsed["events"].as_array().unwrap();
    assert_eq!(events.len(), scheduled.len(), "one event per scheduled post, none for the idea");
    for post in scheduled {
        let uid = format!("{}@porte-voix", post.meta.id);
        let ev = events.iter().find(|e| e["uid"] == uid.as_str()).unwrap_or_else(|| panic!("no event {uid}"));
        let s = post.schedule.as_ref().unwrap();
        assert_eq!(ev["start"], s.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(), "{uid}");
        assert_eq!(ev["tzid"], s.zone.as_str(), "{uid}");
        assert!(
            ev["description"].as_str().unwrap().contains(&post.text),
            "{uid}: the description holds the text unescaped"
        );
    }
    assert_eq!(parsed["zones"], serde_json::json!(["America/New_York", "Asia/Tokyo", "Europe/Paris"]));
}

#[test]
fn the_csv_export_is_read_by_the_csv_crate_and_formula_cells_are_neutralised() {
    let d = dir("csv");
    let f = sample_plan(&d);
    let out = code(&plan_cmd(&f, &["export", "--csv"]), 0);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&header[..7], ["id", "status", "date", "time", "zone", "networks", "text"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let plan = plan_of(&f);
    assert_eq!(rows.len(), live(&plan).len());
    for post in live(&plan) {
        let row = rows.iter().find(|r| &r[col("id")] == post.meta.id.as_str()).unwrap();
        let dangerous = post.text.starts_with(['=', '+', '-', '@']);
        let expected = if dangerous { format!("'{}", post.text) } else { post.text.clone() };
        assert_eq!(
            &row[col("text")],
            expected.as_str(),
            "{}: a spreadsheet must show formula-like text as text",
            post.meta.id
        );
        assert_eq!(&row[col("networks")], post.networks.join(";").as_str());
        assert_eq!(row[col("date")].is_empty(), post.schedule.is_none());
    }
    // Import of the export gives the same texts back (the apostrophe is removed again).
    let csv_file = d.join("plan.csv");
    code(&plan_cmd(&f, &["export", "--csv", "--semicolon", "--bom", "--out", csv_file.to_str().unwrap()]), 0);
    let copy = d.join("copy.json");
    code(&plan_cmd(&copy, &["import", csv_file.to_str().unwrap()]), 0);
    let back = plan_of(&copy);
    for post in live(&plan) {
        let twin = back.posts.iter().find(|p| p.meta.id == post.meta.id).unwrap();
        assert_eq!(
            (&twin.text, &twin.networks, &twin.schedule, twin.status),
            (&post.text, &post.networks, &post.schedule, post.status)
        );
    }
}

#[test]
fn an_import_reports_each_bad_row_with_file_and_line_imports_the_rest_and_exits_1() {
    let d = dir("bad-row");
    let f = d.join("plan.json");
    let input = d.join("in.csv");
    // Line 2 is a row whose text spans two lines, so the bad row starts on line 4, not 3.
    std::fs::write(
        &input,
        "id,status,date,time,zone,networks,text\n\
         ,,2026-12-01,09:00,Europe/Paris,x,\"Deux\nlignes\"\n\
         ,,2026-02-30,09:00,Europe/Paris,x,Le 30 février\n\
         ,published,2026-12-02,10:00,Europe/Paris,linkedin,Bonne ligne\n\
         ,someday,2026-12-03,10:00,Europe/Paris,x,Statut inconnu\n",
    )
    .unwrap();
    let out = plan_cmd(&f, &["import", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "something was skipped: {err}");
    let name = input.to_str().unwrap();
    assert!(err.contains(&format!("{name}:4: date:")), "the bad date names file, line and column: {err}");
    assert!(err.contains(&format!("{name}:6: status:")), "the bad status too: {err}");
    assert!(err.contains("import again") || err.contains("fix"), "and says what to do: {err}");
    let texts: Vec<String> = live(&plan_of(&f)).iter().map(|p| p.text.clone()).collect();
    assert!(
        texts.contains(&"Deux\nlignes".to_string()) && texts.contains(&"Bonne ligne".to_string()),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("30 février")), "the bad row is not imported");
    // The same file in French, again: nothing new, the problems listed again in French.
    let again = plan_cmd(&f, &["--lang", "fr", "import", input.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stdout(&again).contains("0 publication(s) ajoutée(s)"), "{}", stdout(&again));
    assert!(
        stderr(&again).contains(&format!("{name}:4: date:")) && stderr(&again).contains("importez"),
        "{}",
        stderr(&again)
    );
    // A clean file exits 0.
    let clean = d.join("clean.csv");
    std::fs::write(&clean, "id,status,date,time,zone,networks,text\nok1,,2026-12-09,09:00,UTC,x,Propre\n")
        .unwrap();
    assert!(code(&plan_cmd(&f, &["import", clean.to_str().unwrap()]), 0).contains("1 post(s) added"));
    // A file with nothing usable leaves the plan alone and exits 2.
    let before = std::fs::read_to_string(&f).unwrap();
    let junk = d.join("junk.csv");
    std::fs::write(&junk, "id,status,date,time,zone,networks,text\n,,not a date,09:00,UTC,x,Non\n").unwrap();
    let o = plan_cmd(&f, &["import", junk.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), before);
}

#[test]
fn hootsuite_and_buffer_bulk_files_import_for_the_networks_given() {
    let d = dir("bulk");
    let f = d.join("plan.json");
    let hoot = d.join("hootsuite.csv");
    std::fs::write(&hoot, "12/24/2026 09:00,Joyeux réveillon,https://example.org/noel\n12/31/2026 18:00,Bonne année !,\n13/45/2026 18:00,Date impossible,\n").unwrap();
    let out = plan_cmd(
        &f,
        &[
            "import",
            hoot.to_str().unwrap(),
            "--format",
            "hootsuite",
            "--network",
            "x",
            "--network",
            "facebook",
            "--tz",
            "Europe/Paris",
            "--date-order",
            "month-first",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("{}:3:", hoot.to_str().unwrap())), "{}", stderr(&out));
    let plan = plan_of(&f);
    let noel = live(&plan).into_iter().find(|p| p.text.starts_with("Joyeux")).unwrap().clone();
    assert_eq!(noel.networks, ["x", "facebook"]);
    assert!(noel.text.contains("https://example.org/noel"), "the link is appended: {}", noel.text);
    assert_eq!(noel.schedule.as_ref().unwrap().at.to_rfc3339(), "2026-12-24T08:00:00+00:00");
    let buffer = d.join("buffer.csv");
    std::fs::write(
        &buffer,
        "Text,Image URL,Tags,Posting Time\nNouvelle vidéo,https://example.org/a.png,vidéo,2027-01-05 17:30\n",
    )
    .unwrap();
    code(
        &plan_cmd(
            &f,
            &[
                "import",
                buffer.to_str().unwrap(),
                "--format",
                "buffer",
                "--network",
                "linkedin",
                "--tz",
                "UTC",
            ],
        ),
        0,
    );
    let plan = plan_of(&f);
    let video = live(&plan).into_iter().find(|p| p.text.starts_with("Nouvelle vidéo")).unwrap().clone();
    assert_eq!(video.networks, ["linkedin"]);
    assert_eq!(video.schedule.as_ref().unwrap().at.to_rfc3339(), "2027-01-05T17:30:00+00:00");
}

#[test]
fn an_ics_export_imports_into_another_plan_and_a_backup_merges_back() {
    let d = dir("ics-back");
    let f = sample_plan(&d);
    let ics = d.join("plan.ics");
    code(&plan_cmd(&f, &["export", "--ics", "--out", ics.to_str().unwrap()]), 0);
    let other = d.join("other.json");
    code(&plan_cmd(&other, &["import", ics.to_str().unwrap()]), 0);
    let (a, b) = (plan_of(&f), plan_of(&other));
    for post in live(&a).into_iter().filter(|p| p.schedule.is_some()) {
        let twin = b
            .posts
            .iter()
            .find(|p| p.meta.id == post.meta.id)
            .unwrap_or_else(|| panic!("{} missing", post.meta.id));
        assert_eq!(
            (&twin.text, &twin.schedule, &twin.networks),
            (&post.text, &post.schedule, &post.networks)
        );
    }
    // The other plan gets a post of its own; merging it back as a backup keeps both sides.
    code(
        &plan_cmd(&other, &["add", "--id", "from-other", "--text", "Ajoutée ailleurs", "--network", "x"]),
        0,
    );
    let merged = code(&plan_cmd(&f, &["import", other.to_str().unwrap(), "--format", "backup"]), 0);
    assert!(merged.contains("0 conflict(s)"), "{merged}");
    let after = plan_of(&f);
    assert!(after.posts.iter().any(|p| p.meta.id == "from-other"));
    assert!(after.posts.iter().any(|p| p.meta.id == "p-idea"), "posts only this side had stay");
}
