//! Integration tests: the real `porte-voix` binary on files and standard input.

mod support;

use support::{run, stdout};

fn tmp(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("porte-voix-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write tmp");
    p.to_string_lossy().into_owned()
}

#[test]
fn check_prints_vale_style_lines_and_exits_1_on_errors() {
    let o = run(
        &["check", "--network", "x", "-"],
        "Nouveau!! #Promo chez roue libre, venez nombreux à l’atelier.",
    );
    let s = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{s}");
    assert!(s.contains("stdin:1:8 warning style.repeated-punctuation "), "{s}");
    assert!(s.contains("stdin:1:11 error hashtags.banned #Promo"), "{s}");
    let clean = run(
        &["check", "--network", "x"],
        "Cette semaine à l’atelier Roue Libre, nous vous montrons comment régler vos freins.",
    );
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
}

#[test]
fn check_json_and_files() {
    let f = tmp("draft.txt", "Venez  voir le le vélo.");
    let o = run(&["check", "--format", "json", "--lang", "en", &f], "");
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let findings = v["findings"].as_array().expect("findings");
    let rules: Vec<&str> = findings.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"typography.double-space") && rules.contains(&"words.repeated"), "{rules:?}");
    for key in ["rule", "level", "message", "start", "end", "line", "column", "replacements"] {
        assert!(findings[0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(findings[0]["file"], f.as_str());
}

#[test]
fn check_jsonl_answers_one_line_per_draft() {
    let o = run(&["check", "--jsonl", "--network", "x"], "\"Salut!!\"\n\"#Promo\"\n");
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(o.status.code(), Some(1));
    let bad = run(&["check", "--jsonl"], "not json\n");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn usage_and_input_errors_exit_2() {
    assert_eq!(run(&["check", "--network", "myspace"], "x").status.code(), Some(2));
    assert_eq!(run(&["check", "--lang", "de"], "x").status.code(), Some(2));
    assert_eq!(run(&["check", "/no/such/file.txt"], "").status.code(), Some(2));
    assert_eq!(run(&["check", "--campaign", "nope"], "x").status.code(), Some(2));
    let bad_guide =
        tmp("bad.toml", "version = 1\n[brand]\nname = \"X\"\n[brand.voice]\nfr = \"vousvoiement\"\n");
    let o = run(&["check", "--guide", &bad_guide], "x");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains(":5:6: brand.voice.fr must be \"vous\" or \"tu\"; found \"vousvoiement\""));
}

#[test]
fn fix_prints_the_fixed_text() {
    let o = run(&["fix", "--network", "x"], "Bonjour!!! C'est l'été... chez roue libre.");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "Bonjour\u{202f}! C’est l’été… chez Roue Libre.");
}

#[test]
fn guide_validate_init_and_checks() {
    let bad = tmp("typo.toml", "version = 1\n[brand]\nname = \"X\"\nlangages = [\"fr\"]\n");
    let o = run(&["guide", "validate", &bad], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(":4:1: unknown key \"langages\" in [brand]; did you mean \"languages\"?"),
        "{}",
        stdout(&o)
    );
    let j = run(&["guide", "validate", "--format", "json", &bad], "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&j)).expect("json");
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"][0]["line"], 4);
    assert_eq!(v["errors"][0]["path"], "brand.langages");

    let dir = std::env::temp_dir().join(format!("porte-voix-init-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("guide.toml").to_string_lossy().into_owned();
    let _ = std::fs::remove_file(&path);
    assert_eq!(run(&["guide", "init", &path], "").status.code(), Some(0));
    assert_eq!(run(&["guide", "init", &path], "").status.code(), Some(2), "no overwrite without --force");
    let ok = run(&["guide", "validate", &path], "");
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let printed = run(&["guide", "init"], "");
    assert!(stdout(&printed).starts_with("# Porte-voix style guide"));
    let json = run(
        &["guide", "validate", concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/guides/sample.json")],
        "",
    );
    assert_eq!(json.status.code(), Some(0), "{}", stdout(&json));
    let checks = run(&["guide", "checks"], "");
    assert!(stdout(&checks).contains("typography.fr-spacing"));
}

#[test]
fn custom_guide_is_applied() {
    let g = tmp(
        "g.json",
        r#"{"version": 1, "brand": {"name": "Acme", "languages": ["en"]}, "terms": {"spellings": ["ACME Cloud"]}}"#,
    );
    let o = run(&["check", "--guide", &g, "--lang", "en"], "Try acme cloud today.");
    assert!(stdout(&o).contains("terms.spelling Write \"ACME Cloud\""), "{}", stdout(&o));
}
