//! `porte-voix networks`: the built-in network table.

use crate::error::CliError;
use porte_voix_core::networks;
use std::process::ExitCode;

/// Arguments of `porte-voix networks`.
#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Prints every network with its limit and counting rule.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let all = networks::all();
    if args.json {
        let json = serde_json::to_string_pretty(&all).map_err(|e| CliError::new(e.to_string()))?;
        println!("{json}");
    } else {
        for p in &all {
            println!("{:<18} {:>6}  {:?}", p.id, p.limit, p.counting);
        }
    }
    Ok(ExitCode::SUCCESS)
}
