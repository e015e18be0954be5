//! Reading drafts from files or standard input, with errors that name the source.

use crate::error::CliError;
use std::io::Read;

/// Reads the whole of `path` (or standard input when `path` is `None` or `-`) as UTF-8.
pub fn read_text(path: Option<&str>) -> Result<String, CliError> {
    let (name, bytes) = match path {
        None | Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| CliError::new(format!("cannot read standard input: {e}")))?;
            ("standard input".to_string(), buf)
        }
        Some(p) => {
            let buf = std::fs::read(p).map_err(|e| {
                CliError::new(format!("cannot read {p}: {e}. Check the path and that the file is readable."))
            })?;
            (p.to_string(), buf)
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        CliError::new(format!(
            "{name}: not valid UTF-8 at byte {offset}. Save the file as UTF-8 and try again."
        ))
    })
}

/// Reads a draft like [`read_text`], without the single line ending that editors and `echo` add at
/// the end of a file (it is not part of the post).
pub fn read_draft(path: Option<&str>) -> Result<String, CliError> {
    let mut text = read_text(path)?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}
