//! `porte-voix report`: the report's figures for scripts, from a plan made with `plan add`, an
//! analytics history, follower counts and a reply log; checked against sums made here.

mod support;

use serde_json::{json, Value};
use support::{run, stderr, stdout};

#[test]
fn the_json_report_has_the_figures_of_the_plan_history_followers_and_replies() {
    let d = support::fresh_dir("report");
    let plan = d.join("plan.json");
    let p = plan.to_str().unwrap();
    for (id, nets, at) in [
        ("a", &["x", "linkedin"][..], "2026-03-05T09:00"),
        ("b", &["x"][..], "2026-03-12T09:00"),
        ("c", &["x"][..], "2026-05-01T09:00"),
    ] {
        let mut args = vec![
            "plan",
            "--plan",
            p,
            "add",
            "--id",
            id,
            "--text",
            "Texte",
            "--at",
            at,
            "--tz",
            "Europe/Paris",
        ];
        for n in nets {
            args.extend(["--network", n]);
        }
        assert_eq!(run(&args, "").status.code(), Some(0));
    }
    let history = [
        ("x", "2026-03-03T10:00:00Z", 1000, 50),
        ("x", "2026-03-07T10:00:00Z", 400, 40),
        ("linkedin", "2026-03-04T08:00:00Z", 500, 35),
        ("x", "2026-02-01T10:00:00Z", 900, 90),
    ];
    let records: Vec<Value> = history.iter().map(|(n, at, i, e)| json!({ "network": n, "posted_at": at, "time_known": true, "impressions": i, "engagements": e, "engagement_rate": *e as f64 / *i as f64, "text": "t" })).collect();
    std::fs::write(d.join("history.json"), json!({ "version": 1, "records": records }).to_string()).unwrap();
    std::fs::write(d.join("followers.json"), json!([{ "network": "x", "at": "2026-03-02T00:00:00Z", "followers": 100 }, { "network": "x", "at": "2026-03-20T00:00:00Z", "followers": 130 }]).to_string()).unwrap();
    std::fs::write(d.join("replies.json"), json!([
        { "class": "complaint", "receivedAt": "2026-03-03T09:00:00Z", "repliedAt": "2026-03-03T09:20:00Z" },
        { "class": "complaint", "receivedAt": "2026-03-04T09:00:00Z", "repliedAt": "2026-03-04T10:00:00Z" },
        { "class": "complaint", "receivedAt": "2026-03-05T09:00:00Z" }
    ]).to_string()).unwrap();
    let path = |name: &str| d.join(name).to_str().unwrap().to_string();
    let (h, f, r) = (path("history.json"), path("followers.json"), path("replies.json"));
    let out = run(
        &[
            "report",
            "--plan",
            p,
            "--history",
            &h,
            "--followers",
            &f,
            "--replies",
            &r,
            "--from",
            "2026-03-01",
            "--to",
            "2026-04-01",
            "--tz",
            "Europe/Paris",
            "--format",
            "json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let net = |id: &str| {
        report["networks"].as_array().unwrap().iter().find(|n| n["network"] == id).cloned().unwrap()
    };
    // Posts in March: a (x, linkedin), b (x); c is in May. History: the three March records.
    assert_eq!((net("x")["planned"].as_u64(), net("x")["history"].as_u64()), (Some(2), Some(2)));
    assert_eq!(
        (net("linkedin")["planned"].as_u64(), net("linkedin")["history"].as_u64()),
        (Some(1), Some(1))
    );
    let in_march = &history[..3];
    let (imp, eng): (u64, u64) = in_march.iter().fold((0, 0), |(i, e), r| (i + r.2, e + r.3));
    assert!((report["overall"]["rate"].as_f64().unwrap() - eng as f64 / imp as f64).abs() < 1e-12);
    assert_eq!(report["best"][0]["rate"].as_f64().unwrap(), 40.0 / 400.0);
    assert_eq!(report["followers"][0]["change"].as_i64(), Some(30));
    let complaints = &report["replies"][0];
    assert_eq!(
        (complaints["class"].as_str(), complaints["answered"].as_u64(), complaints["unanswered"].as_u64()),
        (Some("complaint"), Some(2), Some(1))
    );
    assert_eq!(complaints["medianMinutes"].as_f64(), Some(40.0), "median of 20 and 60 minutes");
    // The text form names every block.
    let text = stdout(&run(
        &["report", "--plan", p, "--history", &h, "--from", "2026-03-01", "--to", "2026-04-01"],
        "",
    ));
    for block in
        ["Posts per network", "Engagement rate", "Best posts", "Follower growth", "Pillar mix", "Reply times"]
    {
        assert!(text.contains(block), "{block} missing:\n{text}");
    }
    // The same replies as a CSV export, one row bad: the figures hold and the row is named.
    std::fs::write(d.join("replies.csv"), "received_at,replied_at,class\n2026-03-03 10:00,2026-03-03 10:20,complaint\n2026-03-04 10:00,2026-03-04 11:00,complaint\n2026-03-05 10:00,,complaint\nhier,,complaint\n").unwrap();
    let csv_out = run(
        &[
            "report",
            "--plan",
            p,
            "--replies",
            &path("replies.csv"),
            "--from",
            "2026-03-01",
            "--to",
            "2026-04-01",
            "--tz",
            "Europe/Paris",
            "--format",
            "json",
        ],
        "",
    );
    assert!(stderr(&csv_out).contains("replies.csv:5:"), "{}", stderr(&csv_out));
    let from_csv: Value = serde_json::from_str(&stdout(&csv_out)).unwrap();
    // (the oldest wait depends on when each run looked at the clock)
    let without_wait = |v: &Value| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("oldestUnansweredMinutes");
        v
    };
    assert_eq!(without_wait(&from_csv["replies"][0]), without_wait(&report["replies"][0]));
    // Follower counts as a CSV for one network: the same growth.
    std::fs::write(d.join("followers.csv"), "date,followers\n2026-03-02,100\n2026-03-20,130\n").unwrap();
    let f_out = run(
        &[
            "report",
            "--plan",
            p,
            "--followers",
            &path("followers.csv"),
            "--followers-network",
            "x",
            "--from",
            "2026-03-01",
            "--to",
            "2026-04-01",
            "--format",
            "json",
        ],
        "",
    );
    let from_csv: Value = serde_json::from_str(&stdout(&f_out)).unwrap();
    assert_eq!(from_csv["followers"][0]["change"], report["followers"][0]["change"]);
    assert_eq!(from_csv["followers"][0]["network"], "x");
    // A bad follower file is named with its line and column.
    std::fs::write(d.join("bad.json"), "[{ \"network\": \"x\",\n  \"at\": 12 }]").unwrap();
    let bad = run(&["report", "--plan", p, "--followers", &path("bad.json")], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("bad.json:2:"), "{}", stderr(&bad));
}
