//! Helpers shared by the integration tests that check our formats with real parsers in Python.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A Python interpreter that can import `module` (if any): the project's `.tools/py` venv
/// (tools/setup.sh) first, then `python3`. `None` after saying loudly that the test is skipped;
/// with `CI` set, a missing python3 or module fails the test instead.
pub fn python(module: Option<&str>) -> Option<PathBuf> {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/py/bin/python3");
    let mut candidates = vec![];
    if venv.exists() {
        candidates.push(venv);
    }
    candidates.push(PathBuf::from("python3"));
    let runs = |py: &Path, code: &str| {
        Command::new(py)
            .args(["-c", code])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !candidates.iter().any(|py| runs(py, "pass")) {
        assert!(
            !in_ci,
            "python3 is missing: CI must run the parser tests (install python3, then bash tools/setup.sh)"
        );
        eprintln!(
            "\n\n*** SKIPPED: python3 not found, the export was NOT checked with a real parser ***\n\n"
        );
        return None;
    }
    let Some(module) = module else { return candidates.into_iter().find(|py| runs(py, "pass")) };
    if let Some(py) = candidates.into_iter().find(|py| runs(py, &format!("import {module}"))) {
        return Some(py);
    }
    assert!(
        !in_ci,
        "Python package {module} missing: run `source tools/setup.sh && ensure_python_icalendar`"
    );
    eprintln!("\n\n*** SKIPPED: Python package {module} not installed (source tools/setup.sh && ensure_python_icalendar) ***\n\n");
    None
}

/// Runs `script` (given on standard input) with `args`; its standard output, or a panic with its
/// error output.
pub fn run(py: &Path, script: &str, args: &[&str]) -> String {
    let mut child = Command::new(py)
        .arg("-")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Writes `content` to a file of the system's temporary folder named after this process and `name`.
pub fn temp_file(name: &str, content: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("porte-voix-{}-{name}", std::process::id()));
    std::fs::write(&path, content).unwrap();
    path
}
