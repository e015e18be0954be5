//! `porte-voix guide`: validate a style guide, write a commented starter, list built-in checks.
//! Also the guide loader shared by `check` and `fix`.

use crate::error::CliError;
use crate::input::read_text;
use porte_voix_core::check::BUILTIN_CHECKS;
use porte_voix_core::guide::{self, CompiledGuide, Format, GuideError};
use std::process::ExitCode;

/// Arguments of `porte-voix guide`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Check a guide file (TOML or .json) and list every problem with line:column.
    Validate {
        /// The guide file.
        file: String,
        /// Output: text (one `file:line:col: message` per error) or json.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Write a commented starter guide (to FILE, or to standard output).
    Init {
        /// Where to write it; refuses to overwrite an existing file unless --force.
        file: Option<String>,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the built-in checks with their ids and default levels.
    Checks,
}

/// Formats guide errors as `file:line:col: message` lines.
pub fn render_errors(name: &str, errors: &[GuideError]) -> String {
    errors
        .iter()
        .map(|e| format!("{name}:{}:{}: {}", e.line, e.column, e.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `--network ID [--guide FILE]`: the network a draft is measured for, with a guide's overrides.
#[derive(clap::Args)]
pub struct NetworkArgs {
    /// Network id (see `porte-voix networks`).
    #[arg(long, short)]
    pub network: String,
    /// Style guide (TOML or .json) whose network overrides apply, e.g. a Mastodon instance's limit.
    #[arg(long)]
    pub guide: Option<String>,
}

impl NetworkArgs {
    /// The network's profile, with the guide's overrides when a guide is given.
    pub fn profile(&self) -> Result<porte_voix_core::networks::NetworkProfile, CliError> {
        network_profile(&self.network, self.guide.as_deref())
    }
}

/// The profile of `network`: the built-in one, or with the overrides of the guide at `guide_path`
/// (for example a Mastodon instance whose limit is 1,000).
pub fn network_profile(
    network: &str,
    guide_path: Option<&str>,
) -> Result<porte_voix_core::networks::NetworkProfile, CliError> {
    use porte_voix_core::networks;
    let unknown = || CliError::new(networks::unknown_network_message(network));
    match guide_path {
        None => networks::builtin(network).ok_or_else(unknown),
        Some(path) => load(Some(path))?.network(network).map(|r| r.profile.clone()).ok_or_else(unknown),
    }
}

/// The guide at `path`, or the built-in sample guide when `None`.
pub fn load(path: Option<&str>) -> Result<CompiledGuide, CliError> {
    let Some(path) = path else { return Ok(guide::sample()) };
    let src = read_text(Some(path))?;
    guide::compile(&src, Format::from_path(path)).map_err(|errors| {
        CliError::new(format!(
            "the guide {path} is invalid ({} problem{}):\n{}\nRun `porte-voix guide validate {path}` after fixing them.",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            render_errors(path, &errors)
        ))
    })
}

/// Fails with the list of the guide's campaigns when it has no campaign `id`.
pub fn require_campaign(guide: &CompiledGuide, id: &str) -> Result<(), CliError> {
    if guide.campaign_tags(id).is_some() {
        return Ok(());
    }
    let known: Vec<&str> = guide.guide.hashtags.campaigns.iter().map(|(c, _)| c.as_str()).collect();
    Err(CliError::new(format!(
        "unknown campaign '{id}'. The guide defines: {}",
        if known.is_empty() { "none".to_string() } else { known.join(", ") }
    )))
}

/// Runs `porte-voix guide`.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    match args.action {
        Action::Validate { file, format } => {
            let src = read_text(Some(&file))?;
            let result = guide::parse(&src, Format::from_path(&file));
            if format == "json" {
                let errors = result.as_ref().err().cloned().unwrap_or_default();
                let out = serde_json::json!({ "valid": errors.is_empty(), "errors": errors });
                println!("{out}");
            } else {
                match &result {
                    Ok(g) => println!(
                        "{file}: valid guide for {} ({} custom rules, {} checks configured)",
                        g.brand.name,
                        g.rules.len(),
                        g.checks.len()
                    ),
                    Err(errors) => println!("{}", render_errors(&file, errors)),
                }
            }
            Ok(if result.is_ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Action::Init { file, force } => {
            match file {
                None => print!("{}", guide::SAMPLE_TOML),
                Some(path) => {
                    if !force && std::path::Path::new(&path).exists() {
                        return Err(CliError::new(format!(
                            "{path} already exists; choose another name or pass --force to overwrite it"
                        )));
                    }
                    std::fs::write(&path, guide::SAMPLE_TOML)
                        .map_err(|e| CliError::new(format!("cannot write {path}: {e}")))?;
                    eprintln!("wrote {path}: edit it, then run `porte-voix guide validate {path}`");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Checks => {
            for c in BUILTIN_CHECKS {
                println!("{:<28} {:<10} {}", c.id, c.level.as_str(), c.summary);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
