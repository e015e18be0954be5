//! Running the real `porte-voix` binary from the CLI's integration tests.
#![allow(dead_code)] // each test file uses part of it

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// An empty directory for one test: `<temp>/porte-voix-<tag>-<process id>`, emptied if a former run left it.
pub fn fresh_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("porte-voix-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// Runs `porte-voix plan --plan FILE ARGS...` with no input.
pub fn plan_cmd(file: &std::path::Path, args: &[&str]) -> Output {
    let mut all = vec!["plan", "--plan", file.to_str().expect("a UTF-8 path")];
    all.extend_from_slice(args);
    run(&all, "")
}

/// The binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_porte-voix"))
}

/// Runs the binary with `args`, feeding `stdin`, and collects its output.
pub fn run(args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // The binary may exit before reading its input (bad arguments, unknown network): a broken pipe
    // here is expected, and what it printed is what the test checks.
    let _ = child.stdin.take().expect("stdin is piped").write_all(stdin.as_ref());
    child.wait_with_output().expect("the binary's output")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The project's Python (`.tools/py`, made by tools/setup.sh) if it can import `module`, else a
/// plain `python3` that can. `None` after a loud notice that the check is skipped; with `CI` set,
/// a missing module fails instead (CI must run the real-parser checks).
pub fn python_with(module: &str) -> Option<std::path::PathBuf> {
    let venv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/py/bin/python3");
    let imports = |py: &std::path::Path| {
        Command::new(py)
            .args(["-c", &format!("import {module}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if let Some(py) = [venv, std::path::PathBuf::from("python3")].into_iter().find(|py| imports(py)) {
        return Some(py);
    }
    assert!(
        std::env::var_os("CI").is_none_or(|v| v.is_empty()),
        "Python module {module} missing: run `bash tools/setup.sh`"
    );
    eprintln!("\n*** SKIPPED: Python module {module} not installed (source tools/setup.sh && ensure_python_icalendar) ***\n");
    None
}
