//! `--jsonl` mode shared by the text commands: one JSON string (a draft) per input line, one JSON
//! object per output line, in order. A bad line yields `{"error":"line N: ..."}` and the run goes on;
//! the exit code is non-zero if any line failed.

use crate::error::CliError;
use std::io::{BufRead, Write};
use std::process::ExitCode;

/// Reads drafts from standard input and prints `handle(draft)` (one line of JSON) for each, in order.
pub fn run(mut handle: impl FnMut(&str) -> Result<String, String>) -> Result<ExitCode, CliError> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| CliError::new(format!("cannot read standard input: {e}")))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        let result = parse_line(&buf).and_then(|draft| handle(&draft));
        let value = match result {
            Ok(json) => json,
            Err(msg) => {
                failed = true;
                serde_json::json!({ "error": format!("line {line_no}: {msg}") }).to_string()
            }
        };
        writeln!(out, "{value}").map_err(|e| CliError::new(format!("cannot write output: {e}")))?;
    }
    out.flush().map_err(|e| CliError::new(format!("cannot write output: {e}")))?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn parse_line(bytes: &[u8]) -> Result<String, String> {
    let line =
        std::str::from_utf8(bytes).map_err(|e| format!("not valid UTF-8 at byte {}", e.valid_up_to()))?;
    if line.trim().is_empty() {
        return Err("empty line; expected a JSON string such as \"Hello #world\"".into());
    }
    serde_json::from_str::<String>(line).map_err(|e| format!("expected a JSON string (the draft): {e}"))
}
