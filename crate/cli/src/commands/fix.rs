//! `porte-voix fix`: print a draft with every safe fix applied.

use super::check::Common;
use crate::error::CliError;
use crate::input::read_text;
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `porte-voix fix`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// Draft file; `-` or nothing reads standard input.
    file: Option<String>,
}

/// Runs `porte-voix fix`.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let (checker, ctx) = args.common.prepare()?;
    let text = read_text(args.file.as_deref())?;
    let fixed = checker.fix(&text, &ctx);
    std::io::stdout()
        .write_all(fixed.as_bytes())
        .map_err(|e| CliError::new(format!("cannot write the result: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
