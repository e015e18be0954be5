//! Running the real `porte-voix` binary from the CLI's integration tests.
#![allow(dead_code)] // each test file uses part of it

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_porte-voix"))
}

/// Runs the binary with `args`, feeding `stdin`, and collects its output.
pub fn run(args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    let mut child = bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the binary runs");
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
