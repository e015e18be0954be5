//! The real `porte-voix` binary: `count`, `entities`, `split`, their `--jsonl` mode and their errors.

mod support;

use support::{run, stderr, stdout};

#[test]
fn count_text_and_json() {
    let o = run(&["count", "--network", "x"], b"Hello #world https://example.com\n");
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim(), "x: 36/280 \u{2014} 244 left \u{2014} valid");
    let o = run(&["count", "--network", "x", "--format", "json", "-"], b"Hello #world https://example.com");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["network"], "x");
    assert_eq!(v["length"], 36);
    assert_eq!(v["limit"], 280);
    assert_eq!(v["remaining"], 244);
    assert_eq!(v["valid"], true);
}

#[test]
fn count_reads_a_file_and_reports_over_limit() {
    let dir = std::env::temp_dir().join(format!("pv-count-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("draft.txt");
    std::fs::write(&file, "é".repeat(301)).unwrap();
    let o = run(&["count", "-n", "bluesky", file.to_str().unwrap()], b"");
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim(), "bluesky: 301/300 \u{2014} 1 over \u{2014} too long");
}

#[test]
fn entities_json() {
    let o = run(&["entities"], "Merci @porte_voix pour #l'été https://exemple.fr $EUR".as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["mentions"][0]["text"], "porte_voix");
    assert_eq!(v["mentions"][0]["start"], 6);
    assert_eq!(v["hashtags"][0]["text"], "l");
    assert_eq!(v["urls"][0]["text"], "https://exemple.fr");
    assert_eq!(v["cashtags"][0]["text"], "EUR");
    let o = run(&["entities", "--format", "text"], b"#tag");
    assert_eq!(stdout(&o).trim(), "hashtag  #tag  0..4");
}

#[test]
fn split_text_and_json() {
    let draft = "Une phrase assez longue pour remplir un message sur Bluesky, avec des mots. ".repeat(9);
    let o = run(&["split", "--network", "bluesky"], draft.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("--- 1/3 ("), "{out}");
    let o = run(&["split", "-n", "bluesky", "--numbering", "paren", "--format", "json"], draft.as_bytes());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let parts = v.as_array().unwrap();
    assert_eq!(parts.len(), 3);
    assert!(parts[0]["text"].as_str().unwrap().ends_with("(1/3)"));
    assert_eq!(parts[0]["count"]["valid"], true);
}

#[test]
fn split_errors() {
    let o = run(&["split", "-n", "linkedin"], b"hello");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("linkedin has no threads"));
    let url = format!("https://exemple.fr/{}", "a".repeat(400));
    let o = run(&["split", "-n", "bluesky"], url.as_bytes());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot fit"));
}

#[test]
fn jsonl_mode_keeps_going_after_a_bad_line() {
    let input = b"\"Bonjour #CM\"\nnot json\n\"\\u00e9t\\u00e9\"\n\xff\"bad\"\n";
    let o = run(&["count", "-n", "x", "--jsonl"], input);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> =
        stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["length"], 11);
    assert!(lines[1]["error"].as_str().unwrap().starts_with("line 2: "));
    assert_eq!(lines[2]["length"], 3);
    assert!(lines[3]["error"].as_str().unwrap().contains("UTF-8 at byte 0"));

    let o = run(&["entities", "--jsonl"], b"\"#a @b\"\n");
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["hashtags"][0]["text"], "a");

    let long = serde_json::to_string(&"mot ".repeat(100)).unwrap();
    let o = run(&["split", "-n", "x", "--jsonl"], format!("{long}\n\"court\"\n").as_bytes());
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> =
        stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0]["parts"].as_array().unwrap().len(), 2);
    assert_eq!(lines[1]["parts"][0]["text"], "court");
}

#[test]
fn bad_input_errors() {
    let o = run(&["count", "-n", "myspace"], b"hi");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown network 'myspace'") && stderr(&o).contains("bluesky"));
    let o = run(&["count", "-n", "x"], b"ab\xffcd");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not valid UTF-8 at byte 2"));
    let o = run(&["entities", "/no/such/file.txt"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read /no/such/file.txt"));
    let o = run(&["split", "-n", "nope"], b"hi");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown network"));
}

#[test]
fn count_and_split_apply_a_guide_limit_override() {
    let dir = std::env::temp_dir().join(format!("pv-guide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let guide = dir.join("guide.toml");
    std::fs::write(&guide, "version = 1\n[brand]\nname = \"Instance\"\nlanguages = [\"fr\"]\n[networks.overrides.mastodon]\nlimit = 1000\n").unwrap();
    let guide = guide.to_str().unwrap();
    let draft = "mot ".repeat(150); // 600 characters: too long for 500, fine for 1,000
    let builtin = run(&["count", "--network", "mastodon", "--format", "json"], draft.as_bytes());
    assert!(stdout(&builtin).contains("\"limit\":500") && stdout(&builtin).contains("\"valid\":false"));
    let custom =
        run(&["count", "--network", "mastodon", "--guide", guide, "--format", "json"], draft.as_bytes());
    assert!(
        stdout(&custom).contains("\"limit\":1000") && stdout(&custom).contains("\"valid\":true"),
        "{}",
        stdout(&custom)
    );
    let split =
        run(&["split", "--network", "mastodon", "--guide", guide, "--format", "json"], draft.as_bytes());
    assert!(split.status.success(), "{}", stderr(&split));
    assert_eq!(stdout(&split).matches("\"index\"").count(), 1, "fits in one part under the guide's limit");
    let bad = run(&["count", "--network", "mastodon", "--guide", "/nonexistent/guide.toml"], b"x");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("/nonexistent/guide.toml"));
    std::fs::remove_dir_all(&dir).ok();
}
