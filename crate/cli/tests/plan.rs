//! `porte-voix plan`: the real binary on plan files: adding, listing with filters, the review flow,
//! errors that name the file, atomic writes that keep every quarantined record.

mod support;

use porte_voix_core::plan::file::{read_plan, write_plan};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use support::{fresh_dir, plan_cmd, stderr, stdout};

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    fresh_dir(&format!("plan-{name}"))
}

fn ok(o: &std::process::Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stdout: {}\nstderr: {}", stdout(o), stderr(o));
    stdout(o)
}

fn json_of(file: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

#[test]
fn add_creates_the_file_and_list_shows_local_times() {
    let d = dir("add");
    let f = d.join("plan.json");
    let id = ok(&plan_cmd(
        &f,
        &[
            "add",
            "--text",
            "Notre atelier ouvre samedi",
            "--network",
            "x",
            "--network",
            "linkedin",
            "--at",
            "2026-12-01T09:00",
            "--tz",
            "Europe/Paris",
            "--pillar",
            "atelier",
        ],
    ));
    let id = id.trim();
    assert_eq!(id.len(), 12, "a generated id is printed: {id}");
    ok(&plan_cmd(
        &f,
        &[
            "add",
            "--id",
            "idee",
            "--text",
            "Une idée sans date\nsur deux lignes",
            "--network",
            "x",
            "--status",
            "idea",
        ],
    ));
    let table = ok(&plan_cmd(&f, &["list"]));
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("WHEN") && lines[0].contains("STATUS") && lines[0].ends_with("TEXT"),
        "{table}"
    );
    assert!(
        lines[1].starts_with("2026-12-01 09:00 Europe/Paris  draft")
            && lines[1].contains(id)
            && lines[1].ends_with("Notre atelier ouvre samedi"),
        "{table}"
    );
    assert!(
        lines[2].starts_with("—") && lines[2].contains("idea") && lines[2].ends_with("Une idée sans date…"),
        "{table}"
    );
    // The file is the backup format, written in its canonical form.
    let text = std::fs::read_to_string(&f).unwrap();
    let read = read_plan(&text).expect("the CLI's file reads as a plan");
    assert_eq!(write_plan(&read.plan).unwrap(), text);
    let post = read.plan.posts.iter().find(|p| p.meta.id == id).unwrap();
    assert_eq!(post.schedule.as_ref().unwrap().at.to_rfc3339(), "2026-12-01T08:00:00+00:00");
    assert_eq!(post.schedule.as_ref().unwrap().zone, "Europe/Paris");
    assert_eq!(post.meta.clock.values().copied().collect::<Vec<_>>(), [1]);
    // No temporary file is left next to the plan.
    let names: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["plan.json"]);
}

#[test]
fn list_filters_and_json() {
    let d = dir("list");
    let f = d.join("plan.json");
    let add = |args: &[&str]| ok(&plan_cmd(&f, &[&["add"], args].concat()));
    add(&[
        "--id",
        "a",
        "--text",
        "A",
        "--network",
        "x",
        "--at",
        "2026-11-30T23:30:00Z",
        "--campaign",
        "hiver",
    ]);
    add(&[
        "--id",
        "b",
        "--text",
        "B",
        "--network",
        "linkedin",
        "--at",
        "2026-12-01T00:30",
        "--tz",
        "Europe/Paris",
        "--assignee",
        "Léa",
    ]);
    add(&[
        "--id",
        "c",
        "--text",
        "C",
        "--network",
        "x",
        "--at",
        "2026-12-15T12:00",
        "--tz",
        "Europe/Paris",
        "--pillar",
        "conseils",
        "--campaign",
        "hiver",
    ]);
    add(&["--id", "d", "--text", "D", "--network", "x", "--at", "2027-01-01T00:00", "--tz", "Europe/Paris"]);
    add(&["--id", "u", "--text", "U", "--network", "x"]);
    let ids = |args: &[&str]| -> (Vec<String>, Vec<String>) {
        let out = ok(&plan_cmd(&f, &[&["list", "--format", "json"], args].concat()));
        let v: Value = serde_json::from_str(&out).unwrap();
        let pick = |k: &str| {
            v[k].as_array().unwrap().iter().map(|p| p["meta"]["id"].as_str().unwrap().to_string()).collect()
        };
        (pick("scheduled"), pick("unscheduled"))
    };
    // December in Paris: 2026-12-01T00:00+01:00 is 2026-11-30T23:00Z, so "a" (23:30Z) is in.
    assert_eq!(
        ids(&["--from", "2026-12-01", "--to", "2027-01-01", "--tz", "Europe/Paris"]).0,
        ["a", "b", "c"]
    );
    // In UTC neither "a" nor "b" (both 23:30Z on 30 November) is, but "d" (midnight in Paris) is.
    assert_eq!(ids(&["--from", "2026-12-01", "--to", "2027-01-01"]).0, ["c", "d"]);
    // The end is excluded: "d" is at 2026-12-31T23:00Z exactly.
    assert_eq!(ids(&["--from", "2026-12-01", "--to", "2026-12-31T23:00:00Z"]).0, ["c"]);
    assert_eq!(ids(&["--network", "linkedin"]), (vec!["b".to_string()], vec![]));
    assert_eq!(ids(&["--campaign", "hiver"]).0, ["a", "c"]);
    assert_eq!(ids(&["--pillar", "conseils"]).0, ["c"]);
    assert_eq!(ids(&["--assignee", "lea"]).0, ["b"]);
    assert_eq!(
        ids(&["--status", "draft", "--network", "x"]),
        (vec!["a".into(), "c".into(), "d".into()], vec!["u".into()])
    );
    assert_eq!(ids(&["--status", "approved"]), (vec![], vec![]));
    let bad = plan_cmd(&f, &["list", "--from", "next week"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--from: \"next week\" is not a time"), "{}", stderr(&bad));
}

#[test]
fn the_review_flow_is_enforced_and_a_refusal_leaves_the_file_as_it_was() {
    let d = dir("review");
    let f = d.join("plan.json");
    let guide = d.join("guide.toml");
    std::fs::write(&guide, "version = 1\n[brand]\nname = \"Roue Libre\"\n[terms]\nsensitive = [\"grève\"]\n")
        .unwrap();
    let g = guide.to_str().unwrap();
    ok(&plan_cmd(
        &f,
        &[
            "add",
            "--id",
            "s",
            "--text",
            "Info GREVE : l'atelier reste ouvert",
            "--network",
            "x",
            "--at",
            "2026-12-01T09:00",
            "--tz",
            "Europe/Paris",
        ],
    ));
    let before = std::fs::read(&f).unwrap();
    let refused = plan_cmd(&f, &["--guide", g, "set", "s", "--status", "scheduled"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(err.contains("post \"s\": cannot move from draft to scheduled: review is required because it contains a sensitive word from the guide (\"grève\")"), "{err}");
    assert!(err.contains("unchanged"), "{err}");
    assert_eq!(std::fs::read(&f).unwrap(), before, "a refused change writes nothing");
    ok(&plan_cmd(&f, &["--guide", g, "--as", "Noé", "set", "s", "--status", "in-review"]));
    let no_comment =
        plan_cmd(&f, &["--role", "approver", "--as", "Camille", "set", "s", "--status", "draft"]);
    assert!(stderr(&no_comment).contains("sending a post back needs a comment"), "{}", stderr(&no_comment));
    ok(&plan_cmd(
        &f,
        &[
            "--role",
            "approver",
            "--as",
            "Camille",
            "set",
            "s",
            "--status",
            "draft",
            "--comment",
            "Précisez les horaires",
        ],
    ));
    ok(&plan_cmd(
        &f,
        &["--as", "Noé", "set", "s", "--status", "in-review", "--text", "Info grève : ouvert de 9 h à 18 h"],
    ));
    let shown = ok(&plan_cmd(
        &f,
        &["--role", "approver", "--as", "Camille", "--guide", g, "set", "s", "--status", "approved"],
    ));
    assert!(shown.contains("status:   approved"), "{shown}");
    assert!(shown.contains("sent-back by Camille: Précisez les horaires"), "{shown}");
    let v = json_of(&f);
    let trail: Vec<&str> =
        v["posts"][0]["review"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(trail, ["submitted", "sent-back", "submitted", "approved"]);
    // Interns always need review, guide or not.
    let intern = plan_cmd(
        &f,
        &["--role", "intern", "add", "--text", "Bonjour", "--network", "x", "--status", "approved"],
    );
    assert!(stderr(&intern).contains("interns' posts are always reviewed"), "{}", stderr(&intern));
    let fr = plan_cmd(
        &f,
        &[
            "--lang",
            "fr",
            "--role",
            "intern",
            "add",
            "--text",
            "Bonjour",
            "--network",
            "x",
            "--status",
            "approved",
        ],
    );
    assert!(stderr(&fr).contains("les posts des stagiaires sont toujours relus"), "{}", stderr(&fr));
    assert!(stderr(&fr).contains("n'a pas été modifié"), "{}", stderr(&fr));
}

#[test]
fn set_reschedules_in_the_posts_zone_and_delete_leaves_a_tombstone() {
    let d = dir("set");
    let f = d.join("plan.json");
    ok(&plan_cmd(
        &f,
        &[
            "add",
            "--id",
            "p",
            "--text",
            "Bonjour",
            "--network",
            "x",
            "--at",
            "2026-12-01T09:00",
            "--tz",
            "America/Montreal",
        ],
    ));
    let shown = ok(&plan_cmd(&f, &["set", "p", "--at", "2026-12-02T10:30"]));
    assert!(
        shown.contains("when:     2026-12-02 10:30 America/Montreal (2026-12-02T15:30:00+00:00)"),
        "{shown}"
    );
    let no_tz = plan_cmd(&f, &["add", "--text", "x", "--network", "x", "--at", "2026-12-01T09:00"]);
    assert!(stderr(&no_tz).contains("--at: \"2026-12-01T09:00\" has no UTC offset"), "{}", stderr(&no_tz));
    let gap = plan_cmd(&f, &["set", "p", "--at", "2027-03-14T02:30"]);
    assert!(stderr(&gap).contains("does not exist in America/Montreal"), "{}", stderr(&gap));
    ok(&plan_cmd(&f, &["set", "p", "--unschedule"]));
    assert!(json_of(&f)["posts"][0].get("schedule").is_none());
    assert_eq!(ok(&plan_cmd(&f, &["delete", "p"])).trim(), "deleted p");
    let v = json_of(&f);
    assert_eq!(v["posts"][0]["meta"]["deleted"], true, "the tombstone stays in the file");
    assert!(ok(&plan_cmd(&f, &["list"])).contains("(no post matches)"));
    let gone = plan_cmd(&f, &["show", "p"]);
    assert!(stderr(&gone).contains("no post \"p\" in the plan"), "{}", stderr(&gone));
    let unknown = plan_cmd(&f, &["add", "--text", "x", "--network", "myspace"]);
    assert!(stderr(&unknown).contains("networks[0]: unknown network 'myspace'"), "{}", stderr(&unknown));
}

#[test]
fn a_broken_file_is_reported_with_line_and_column_and_left_alone() {
    let d = dir("broken");
    let f = d.join("plan.json");
    let text = "{\n  \"version\": 1,\n  \"posts\": [\n    {\"meta\": }\n  ]\n}\n";
    std::fs::write(&f, text).unwrap();
    let o = plan_cmd(&f, &["add", "--text", "x", "--network", "x"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}: line 4, column 14: invalid JSON", f.display())), "{err}");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), text);
    std::fs::write(&f, r#"{"version": 3, "posts": []}"#).unwrap();
    let newer = plan_cmd(&f, &["list"]);
    assert!(
        stderr(&newer).contains("newer than this Porte-voix reads (1): update Porte-voix"),
        "{}",
        stderr(&newer)
    );
    let missing = plan_cmd(&d.join("absent.json"), &["list"]);
    assert!(stderr(&missing).contains("absent.json"), "{}", stderr(&missing));
    assert!(!d.join("absent.json").exists(), "only add creates a plan");
}

#[test]
fn quarantined_records_survive_every_write() {
    let d = dir("quarantine");
    let f = d.join("plan.json");
    let bad = json!({ "meta": { "id": "x", "created": "yesterday", "updated": "2026-01-01T00:00:00Z" }, "status": "draft" });
    let plan = json!({
        "version": 1,
        "posts": [ bad, { "meta": { "id": "ok", "created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z" }, "status": "draft", "text": "fine" } ],
        "quarantine": [ { "collection": "pillars", "raw": [1, 2.5, "trois"], "reason": "kept from before" } ]
    });
    std::fs::write(&f, plan.to_string()).unwrap();
    let o = plan_cmd(&f, &["add", "--id", "new", "--text", "Nouveau", "--network", "x"]);
    ok(&o);
    assert!(
        stderr(&o).contains("a record of \"posts\" is kept aside in the quarantine: meta.created:"),
        "{}",
        stderr(&o)
    );
    ok(&plan_cmd(&f, &["set", "ok", "--text", "still fine"]));
    ok(&plan_cmd(&f, &["delete", "new"]));
    let v = json_of(&f);
    let q = v["quarantine"].as_array().unwrap();
    assert_eq!(q.len(), 2);
    assert_eq!(q[0]["raw"], plan["quarantine"][0]["raw"], "what was quarantined before comes first");
    assert_eq!(q[1]["raw"], plan["posts"][0], "the bad record is kept exactly");
    assert_eq!(v["posts"].as_array().unwrap().len(), 2);
}

#[test]
fn a_version_0_file_is_migrated_when_written() {
    let d = dir("v0");
    let f = d.join("plan.json");
    std::fs::write(&f, r#"{"version": 0, "posts": [{"id": "old", "text": "Ancien", "network": "x", "status": "review", "scheduled": "2026-03-02T08:00:00.000Z", "tz": "Europe/Paris"}]}"#).unwrap();
    let listed = plan_cmd(&f, &["list"]);
    assert!(ok(&listed).contains("2026-03-02 09:00 Europe/Paris  in-review"), "{}", stdout(&listed));
    assert!(stderr(&listed).contains("plan format 0 read"), "{}", stderr(&listed));
    ok(&plan_cmd(&f, &["add", "--text", "Nouveau", "--network", "x"]));
    let v = json_of(&f);
    assert_eq!(v["version"], 1);
    assert_eq!(v["posts"][0]["meta"]["id"], "old");
    assert_eq!(v["posts"][0]["status"], "in-review");
}
