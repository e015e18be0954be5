//! Runs the real `porte-voix` binary for `suggest` and `history`.

mod support;

use support::{bin, run};

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

#[test]
fn replies_triages_and_ranks_snippets() {
    let out = run(
        &["suggest", "replies", "--top", "2"],
        "Bonjour, mon colis n'est jamais arrivé, ça fait 3 semaines 😡",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("Triage: complaint"), "{s}");
    assert!(s.contains("fr-complaint-delivery"), "{s}");
    assert!(s.contains("to fill: "), "{s}");

    let out = run(
        &["suggest", "replies", "--format", "json", "--lang", "en", "-"],
        "I'm a journalist at the Evening Post, can you comment on the recall?",
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["triage"]["class"], "urgent");
    assert_eq!(v["triage"]["urgent"], true);
    assert_eq!(v["replies"][0]["snippet"]["category"], "crisis");
    assert!(v["triage"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap().contains("journalist")));
}

#[test]
fn replies_rejects_empty_and_unreadable_input() {
    let out = run(&["suggest", "replies"], "   ");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("empty"));
    let out = bin().args(["suggest", "replies", "/no/such/file.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("/no/such/file.txt"));
}

#[test]
fn times_with_x_history_prefers_the_accounts_best_slot() {
    let out = bin()
        .args([
            "suggest",
            "times",
            "--network",
            "x",
            "--tz",
            "Europe/Paris",
            "--history",
            &data("x_export.csv"),
            "--preset",
            "x",
            "--now",
            "2026-09-01T06:00:00+02:00",
            "--top",
            "3",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("line 16"), "bad rows are reported: {}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v["slots"][0];
    assert_eq!(first["weekday"], "Tuesday", "{v:#}");
    assert!(first["local"].as_str().unwrap().contains("T09:00:00+02:00"), "{v:#}");
    assert!(first["reasons"].to_string().contains("× your median engagement rate"), "{v:#}");
    assert_eq!(v["metric"], "engagement_rate");
    assert_eq!(v["history_used"], 60);
}

#[test]
fn times_text_output_and_errors() {
    let out = bin()
        .args([
            "suggest",
            "times",
            "--network",
            "linkedin",
            "--tz",
            "Europe/Paris",
            "--now",
            "2026-10-22T07:00:00+02:00",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(s.contains("LinkedIn's default: weekday business hours"), "{s}");
    for (args, needle) in [
        (vec!["--network", "myspace", "--tz", "Europe/Paris"], "unknown network"),
        (vec!["--network", "x", "--tz", "Europe/Pariss"], "unknown time zone"),
        (vec!["--network", "x", "--tz", "UTC", "--now", "tomorrow"], "RFC 3339"),
        (vec!["--network", "x", "--tz", "UTC", "--hours", "22:00-07:00"], "--hours"),
        (vec!["--network", "x", "--tz", "UTC", "--history", "/missing.csv"], "/missing.csv"),
    ] {
        let out = bin().args(["suggest", "times"]).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(needle), "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn history_import_summarises_and_reports_bad_lines() {
    let out = bin().args(["history", "import", &data("x_export.csv"), "--preset", "x"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("62 row(s) read, 60 imported, 2 skipped"), "{s}");
    assert!(s.contains("skipped line 16: column \"time\": \"31/02/2026\" is not a date"), "{s}");
    assert!(s.contains("column \"impressions\": \"beaucoup\" is not a number"), "{s}");

    let out = bin()
        .args([
            "history",
            "import",
            &data("meta_export.csv"),
            "--preset",
            "meta",
            "--tz",
            "Europe/Paris",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["records"].as_array().unwrap().len(), 3);
    assert_eq!(v["records"][0]["posted_at"], "2026-03-14T09:30:00Z");
    assert_eq!(v["records"][0]["engagements"], 217);
}

#[test]
fn history_import_fails_only_when_nothing_is_imported() {
    let out = bin().args(["history", "import", &data("broken.csv"), "--preset", "meta"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing could be imported"));
    assert!(text(&out.stdout).contains("line 3"), "{}", text(&out.stdout));

    let out = bin().args(["history", "import", &data("meta_export.csv"), "--preset", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no date/time column"), "{}", text(&out.stderr));

    let out = bin()
        .args([
            "history",
            "import",
            &data("meta_export.csv"),
            "--preset",
            "generic",
            "--column",
            "time=Publish time",
            "--column",
            "likes=Reactions",
            "--network",
            "instagram",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("instagram: 3 post(s)"));

    let out =
        bin().args(["history", "import", &data("meta_export.csv"), "--preset", "tiktok"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn snippet_search_is_typo_tolerant() {
    let out = bin().args(["suggest", "snippets", "horaires", "ouvertre", "--lang", "fr"]).output().unwrap();
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("fr-question-hours"), "{}", text(&out.stdout));
}

#[test]
fn hashtags_from_library_campaign_and_history() {
    let draft = "Votre vélo grince ? Passez à l'atelier pour une réparation express";
    let out = run(&["suggest", "hashtags", "--network", "instagram", "--campaign", "printemps"], draft);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("Hashtags for Instagram (room for 5):"), "{s}");
    assert!(s.contains(" 1. #RoueLibreAuPrintemps  required"), "{s}");
    assert!(s.contains(" 2. #AtelierVelo  score"), "{s}");
    assert!(s.contains("library: topics 'réparation', 'atelier'"), "{s}");
    assert!(s.contains("réparation express #RoueLibreAuPrintemps #AtelierVelo\n"), "{s}");

    // History: #VeloTaf's record, and #Promo (the best performer) is banned by the guide.
    let out = run(
        &[
            "suggest",
            "hashtags",
            "--network",
            "instagram",
            "--history",
            &data("instagram_hashtags.csv"),
            "--preset",
            "meta",
            "--format",
            "json",
            "-",
        ],
        "Ce matin, trajet sous la pluie 🌧️ : pensez aux garde-boue !",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("skipped line 12"), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["room"], 5);
    assert_eq!(v["suggestions"][0]["tag"], "VeloTaf", "{v:#}");
    assert_eq!(v["suggestions"][0]["text"], "#VeloTaf");
    assert_eq!(v["suggestions"][0]["required"], false);
    assert!(
        v["suggestions"][0]["reasons"].to_string().contains("used in 14 posts, 1.4× median engagement"),
        "{v:#}"
    );
    assert!(!v["suggestions"].to_string().to_lowercase().contains("promo"), "{v:#}");

    // A tag outside the library, learnt from the history, in CamelCase.
    let out = run(
        &[
            "suggest",
            "hashtags",
            "--network",
            "instagram",
            "--history",
            &data("instagram_hashtags.csv"),
            "--limit",
            "1",
        ],
        "La nouvelle piste cyclable du quai est ouverte",
    );
    assert!(out.status.success());
    assert!(text(&out.stdout).contains(" 1. #LyonAVelo  score"), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains(" 2. "), "{}", text(&out.stdout));
}

#[test]
fn hashtags_limits_per_network_and_errors() {
    // Threads allows one hashtag: a draft that has one gets none, and says why.
    let out = run(
        &["suggest", "hashtags", "--network", "threads", "--format", "json"],
        "Réparation express à l'atelier #RoueLibre",
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["room"], 0);
    assert_eq!(v["suggestions"].as_array().unwrap().len(), 0);
    assert!(v["notes"].to_string().contains("already has the most hashtags Threads allows"), "{v:#}");
    // LinkedIn: #VeloTaf is kept for other networks.
    let out = run(
        &["suggest", "hashtags", "--network", "linkedin", "--lang", "en"],
        "Repairing your bike before the commute?",
    );
    let s = text(&out.stdout);
    assert!(s.contains("#AtelierVelo") && !s.contains(". #VeloTaf"), "{s}");
    assert!(
        s.contains("note: #VeloTaf fits the draft but the guide keeps it for instagram, bluesky, mastodon"),
        "{s}"
    );
    for (args, needle) in [
        (vec!["--network", "myspace"], "unknown network"),
        (
            vec!["--network", "x", "--campaign", "hiver"],
            "unknown campaign 'hiver'. The guide defines: printemps, lyon-festival",
        ),
        (vec!["--network", "x", "--guide", "/missing.toml"], "/missing.toml"),
        (vec!["--network", "x", "--history", "/missing.csv"], "/missing.csv"),
        (vec!["--network", "x", "--lang", "de"], "unknown language"),
    ] {
        let out = run(&[&["suggest", "hashtags"][..], &args].concat(), "atelier");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(needle), "{args:?}: {}", text(&out.stderr));
    }
}
