//! A reader that stops early (`porte-voix ... | head`) ends the program quietly, never with a panic.
#![cfg(unix)]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;

/// SIGPIPE's number on the systems this test runs on (Linux and macOS).
const SIGPIPE: i32 = 13;

#[test]
fn a_closed_output_pipe_ends_the_program_without_a_panic() {
    let dir = support::fresh_dir("closed-pipe");
    let draft = dir.join("long.txt");
    // About 700 KB of thread: far more than a pipe buffer, so the program is still printing when the reader leaves.
    let mut file = std::fs::File::create(&draft).unwrap();
    for _ in 0..20_000 {
        writeln!(file, "Bonjour à tous les amis de la marque").unwrap();
    }
    drop(file);

    let mut child = support::bin()
        .args(["split", "--network", "x"])
        .arg(&draft)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is dropped here: the pipe is closed while the program still has parts to print.
    let output = child.wait_with_output().unwrap();
    std::fs::remove_dir_all(&dir).ok();

    assert!(first.starts_with("--- 1/"), "the first line is the first part's header: {first:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "no panic on a closed pipe: {stderr}");
    assert_eq!(
        output.status.signal(),
        Some(SIGPIPE),
        "ended by SIGPIPE as other tools are: {:?}",
        output.status
    );
}
