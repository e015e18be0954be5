//! twitter-text conformance: reads `shared/conformance/twitter-text/validate.yml` and the config files
//! at run time (their README asks implementers not to copy the cases) and runs every case of the
//! counting sections, plus the entity-validity sections against our extractors.

use porte_voix_core::text::{self, TwitterConfig};
use std::path::{Path, PathBuf};
use yaml_rust2::{Yaml, YamlLoader};

fn conformance_dir() -> Option<PathBuf> {
    let dir =
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/conformance/twitter-text/"));
    if dir.join("validate.yml").is_file() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("conformance data missing: {} not found (required when CI is set)", dir.display());
    }
    println!("skipped: {} not found", dir.display());
    None
}

fn load(dir: &Path) -> Yaml {
    let src = std::fs::read_to_string(dir.join("validate.yml")).expect("validate.yml readable");
    let mut docs = YamlLoader::load_from_str(&src).expect("validate.yml parses");
    docs.remove(0)
}

fn config(dir: &Path, name: &str) -> TwitterConfig {
    let src = std::fs::read_to_string(dir.join(name)).expect("config readable");
    serde_json::from_str(&src).expect("config parses")
}

fn cases<'a>(doc: &'a Yaml, section: &str) -> &'a [Yaml] {
    doc["tests"][section].as_vec().map(Vec::as_slice).unwrap_or(&[])
}

/// Runs the weighted-counting section `section` with `cfg`; returns the number of cases run.
fn run_counter_section(doc: &Yaml, section: &str, cfg: &TwitterConfig, failures: &mut Vec<String>) -> usize {
    let list = cases(doc, section);
    for case in list {
        let text = case["text"].as_str().expect("text");
        let desc = case["description"].as_str().unwrap_or("?");
        let exp = &case["expected"];
        let got = text::count_with_config(text, cfg);
        let checks: [(&str, i64); 7] = [
            ("weightedLength", got.weighted_length as i64),
            ("permillage", got.permillage as i64),
            ("displayRangeStart", got.display_range_start as i64),
            ("displayRangeEnd", got.display_range_end as i64),
            ("validRangeStart", got.valid_range_start as i64),
            ("validRangeEnd", got.valid_range_end as i64),
            ("valid", got.valid as i64),
        ];
        for (key, value) in checks {
            let want = match &exp[key] {
                Yaml::Integer(i) => *i,
                Yaml::Boolean(b) => *b as i64,
                _ => continue,
            };
            if want != value {
                failures.push(format!("{section} / {desc}: {key} expected {want}, got {value}"));
            }
        }
    }
    list.len()
}

fn run_validity_section(
    doc: &Yaml,
    section: &str,
    check: impl Fn(&str) -> bool,
    failures: &mut Vec<String>,
) -> usize {
    let list = cases(doc, section);
    for case in list {
        let text = case["text"].as_str().expect("text");
        let want = case["expected"].as_bool().expect("expected");
        if check(text) != want {
            failures.push(format!(
                "{section} / {}: expected {want}",
                case["description"].as_str().unwrap_or("?")
            ));
        }
    }
    list.len()
}

#[test]
fn weighted_counting_conformance() {
    let Some(dir) = conformance_dir() else { return };
    let doc = load(&dir);
    let (v1, v2, v3) =
        (config(&dir, "config-v1.json"), config(&dir, "config-v2.json"), config(&dir, "config-v3.json"));
    let mut failures = Vec::new();
    let ran = vec![
        (
            "WeightedTweetsCounterTest",
            run_counter_section(&doc, "WeightedTweetsCounterTest", &v2, &mut failures),
        ),
        (
            "WeightedTweetsWithDiscountedEmojiCounterTest",
            run_counter_section(&doc, "WeightedTweetsWithDiscountedEmojiCounterTest", &v3, &mut failures),
        ),
        (
            "UnicodeDirectionalMarkerCounterTest",
            run_counter_section(&doc, "UnicodeDirectionalMarkerCounterTest", &v3, &mut failures),
        ),
        (
            "tweets",
            run_validity_section(&doc, "tweets", |t| text::count_with_config(t, &v1).valid, &mut failures),
        ),
    ];
    for (section, n) in &ran {
        println!("{section}: {n} cases");
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    for (section, n) in ran {
        assert!(n > 0, "section {section} has no cases");
    }
}

#[test]
fn entity_validity_conformance() {
    let Some(dir) = conformance_dir() else { return };
    let doc = load(&dir);
    let mut failures = Vec::new();
    let ran = vec![
        ("usernames", run_validity_section(&doc, "usernames", text::is_valid_username, &mut failures)),
        ("lists", run_validity_section(&doc, "lists", text::is_valid_list, &mut failures)),
        ("hashtags", run_validity_section(&doc, "hashtags", text::is_valid_hashtag, &mut failures)),
        ("urls", run_validity_section(&doc, "urls", |t| text::is_valid_url(t, true), &mut failures)),
        (
            "urls_without_protocol",
            run_validity_section(
                &doc,
                "urls_without_protocol",
                |t| text::is_valid_url(t, false),
                &mut failures,
            ),
        ),
    ];
    for (section, n) in &ran {
        println!("{section}: {n} cases");
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    for (section, n) in ran {
        assert!(n > 0, "section {section} has no cases");
    }
}
