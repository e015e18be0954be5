//! The malformed-guide corpus: every file in `tests/guides/malformed/` must be rejected with
//! exactly the errors recorded in its `.expected` file (`UPDATE_SNAPSHOTS=1` rewrites them).
//! Also checks that the sample guide and its JSON twin are valid.

use porte_voix_core::guide::{self, Format};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/guides")
}

fn render(src: &str, format: Format) -> String {
    match guide::parse(src, format) {
        Ok(_) => "VALID (expected errors)\n".to_string(),
        Err(errors) => errors.iter().map(|e| format!("{e}\n")).collect(),
    }
}

#[test]
fn every_malformed_guide_is_rejected_with_its_expected_errors() {
    let dir = root().join("malformed");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "json")))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "the corpus has {} guides", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let src = std::fs::read_to_string(path).expect("readable");
        let format = Format::from_path(&path.to_string_lossy());
        let got = render(&src, format);
        assert!(!got.starts_with("VALID"), "{} should be invalid", path.display());
        let expected_path =
            path.with_extension(format!("{}.expected", path.extension().unwrap().to_string_lossy()));
        if update {
            std::fs::write(&expected_path, &got).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            failures.push(format!("{}:\n--- expected\n{expected}--- got\n{got}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sample_guide_is_valid_in_toml_and_json() {
    let toml = guide::parse(guide::SAMPLE_TOML, Format::Toml).expect("sample guide is valid");
    assert_eq!(toml.brand.name, "Roue Libre");
    let json_src = std::fs::read_to_string(root().join("sample.json")).expect("sample.json");
    let json = guide::parse(&json_src, Format::Json).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(
        serde_json::to_value(&toml).unwrap(),
        serde_json::to_value(&json).unwrap(),
        "sample.json mirrors sample.toml"
    );
}

#[test]
fn every_error_has_a_location_and_a_remedy() {
    let src = "version = 1\n[brand]\nname = \"T\"\n[brand.voice]\nfr = \"vousvoiement\"\n";
    let e = guide::parse(src, Format::Toml).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].column), (5, 6));
    assert_eq!(e[0].path, "brand.voice.fr");
    assert_eq!(e[0].message, "brand.voice.fr must be \"vous\" or \"tu\"; found \"vousvoiement\"");
}

#[test]
fn garbage_never_panics() {
    for src in [
        "",
        "\0",
        "[[[",
        "{",
        "version = 1\n[brand]\nname = 1\n[[rules]]\n[[rules]]\nid = 3",
        "\u{feff}version = 1",
        "[\"a\"",
        "{\"a\":\"\\ud83d\"}",
        "[1e999]",
        "-",
        "{\"version\":1,\"brand\":{\"name\":\"x\"},\"rules\":[[]]}",
    ] {
        let _ = guide::parse(src, Format::Toml);
        let _ = guide::parse(src, Format::Json);
    }
}

#[test]
fn schema_knows_every_builtin_check() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("../../schemas/guide.schema.json")).expect("schema"),
    )
    .expect("json");
    let props = schema["properties"]["checks"]["properties"].as_object().expect("checks");
    for c in porte_voix_core::check::BUILTIN_CHECKS {
        assert!(props.contains_key(c.id), "schema misses {}", c.id);
    }
    assert_eq!(props.len(), porte_voix_core::check::BUILTIN_CHECKS.len());
}
