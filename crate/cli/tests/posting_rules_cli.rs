//! The guide's posting rules in the real binary: `plan conflicts --guide` and
//! `suggest times --guide` follow its `[schedule]`, `min_gap_minutes` and `max_per_day`, and the
//! defaults hold without a guide.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{bin, fresh_dir, plan_cmd, stderr, stdout};

/// Sunday left out, 08:00-20:00 on the other days, one X post a day.
const RULED: &str = "version = 1\n[brand]\nname = \"Roue Libre\"\n\n[schedule]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"]\nhours = \"08:00-20:00\"\n\n[networks.overrides.x]\nmax_per_day = 1\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("a temporary file");
    path
}

/// A plan with a Sunday post (2 March 2031) and two X posts four hours apart on Tuesday 4 March.
fn planted(dir: &Path) -> PathBuf {
    let f = dir.join("plan.json");
    for (id, at) in [("sun", "2031-03-02T12:00"), ("xa", "2031-03-04T10:00"), ("xb", "2031-03-04T14:00")] {
        let o = plan_cmd(
            &f,
            &[
                "add",
                "--id",
                id,
                "--text",
                "Atelier vélo",
                "--network",
                "x",
                "--at",
                at,
                "--tz",
                "Europe/Paris",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    f
}

#[test]
fn plan_conflicts_follow_the_guide_and_only_then() {
    let d = fresh_dir("rules-conflicts");
    let plan = planted(&d);
    let guide = write(&d, "guide.toml", RULED);

    let plain = plan_cmd(&plan, &["conflicts"]);
    assert_eq!(plain.status.code(), Some(0), "{}{}", stdout(&plain), stderr(&plain));
    assert_eq!(stdout(&plain).trim(), "no conflicts");

    let ruled = plan_cmd(&plan, &["--guide", guide.to_str().unwrap(), "conflicts", "--format", "json"]);
    assert_eq!(ruled.status.code(), Some(1), "{}", stderr(&ruled));
    let found: Vec<Value> = serde_json::from_str(&stdout(&ruled)).expect("JSON conflicts");
    let kinds: Vec<String> = found
        .iter()
        .map(|c| {
            format!(
                "{}:{}",
                c["kind"].as_str().unwrap(),
                c["posts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(",")
            )
        })
        .collect();
    assert_eq!(kinds, ["outside-hours:sun", "too-many-in-a-day:xa,xb"], "{found:#?}");

    // In French, as text, and only the period asked for (the Tuesday).
    let fr = plan_cmd(
        &plan,
        &[
            "--guide",
            guide.to_str().unwrap(),
            "--lang",
            "fr",
            "conflicts",
            "--from",
            "2031-03-03",
            "--to",
            "2031-03-05",
            "--tz",
            "Europe/Paris",
        ],
    );
    assert_eq!(fr.status.code(), Some(1));
    let text = stdout(&fr);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("too-many-in-a-day  xa,xb  2 publications X le 04/03/2031 (au plus 1 par jour)"),
        "{text}"
    );
}

#[test]
fn an_invalid_guide_is_refused_with_its_place() {
    let d = fresh_dir("rules-invalid");
    let plan = planted(&d);
    let guide = write(
        &d,
        "bad.toml",
        "version = 1\n[brand]\nname = \"T\"\n[schedule]\ndays = [\"mon\", \"dimanche\"]\n",
    );
    let o = plan_cmd(&plan, &["--guide", guide.to_str().unwrap(), "conflicts"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(e.contains("bad.toml:5:16: unknown day \"dimanche\" in schedule.days[1]; write one of mon, tue, wed, thu, fri, sat, sun"), "{e}");
}

#[test]
fn suggest_times_stay_inside_the_guide_schedule() {
    let d = fresh_dir("rules-times");
    let guide = write(&d, "guide.toml", "version = 1\n[brand]\nname = \"T\"\n[schedule]\ndays = [\"mon\", \"thu\"]\nhours = \"13:00-16:00\"\n[networks.overrides.x]\nmax_per_day = 1\n");
    let times = |extra: &[&str]| -> Vec<Value> {
        let mut args = vec![
            "suggest",
            "times",
            "--network",
            "x",
            "--tz",
            "Europe/Paris",
            "--now",
            "2031-03-03T06:00:00+01:00",
            "--top",
            "6",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let o = bin().args(&args).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v["slots"].as_array().unwrap().clone()
    };
    let hour = |s: &Value| s["local"].as_str().unwrap()[11..13].parse::<u32>().unwrap();
    let day = |s: &Value| s["weekday"].as_str().unwrap().to_string();

    let plain = times(&[]);
    assert!(
        plain
            .iter()
            .any(|s| !["Monday", "Thursday"].contains(&day(s).as_str()) || !(13..16).contains(&hour(s))),
        "without the guide: {plain:#?}"
    );
    let ruled = times(&["--guide", guide.to_str().unwrap()]);
    assert!(!ruled.is_empty());
    let mut days: Vec<String> = Vec::new();
    for s in &ruled {
        assert!(["Monday", "Thursday"].contains(&day(s).as_str()) && (13..16).contains(&hour(s)), "{s:#}");
        let date = s["local"].as_str().unwrap()[..10].to_string();
        assert!(!days.contains(&date), "one X post a day: {ruled:#?}");
        days.push(date);
    }
    // Hours given on the command line win over the guide's; its posts per day still apply.
    let own = times(&["--guide", guide.to_str().unwrap(), "--hours", "09:00-11:00"]);
    assert!(own.iter().all(|s| (9..11).contains(&hour(s))), "{own:#?}");
    assert!(
        own.iter().any(|s| !["Monday", "Thursday"].contains(&day(s).as_str())),
        "--hours replaces the guide's days too: {own:#?}"
    );
}
