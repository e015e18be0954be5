//! Follower counts from a file, for the report's follower growth: the audience exports of the
//! networks (a date and a total per row) or a sheet kept by hand.
//!
//! A header row names the columns (case and spaces ignored; `,`, `;` or tab separated):
//! - `date` (or `at`, `time`, `day`): when the count was taken — RFC 3339, or a local
//!   `2026-03-05` / `05/03/2026` (day first), with an optional time, in the given zone;
//! - `followers` (or `total_followers`, `follower_count`, `abonnés`, `abonnes`): the count;
//! - `network` (or `platform`): the network (`x`, `Twitter`, `LinkedIn`...); when the file has no
//!   such column, every row is for the network given to the import.
//!
//! A row that cannot be used is reported with its line and skipped; the others are read.

use super::table::{bad_time, cell, instant, missing_column, Table};
use super::FollowerSample;
use crate::plan::report::{ImportProblem, Problems};
use crate::suggest::history::normalise_network;
use crate::suggest::zone::ZoneResolver;
use serde::Serialize;

/// What reading follower counts gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowerImport {
    /// The counts, in file order.
    pub samples: Vec<FollowerSample>,
    /// Rows skipped and why, with their lines.
    pub problems: Vec<ImportProblem>,
}

const DATE: [&str; 4] = ["date", "at", "time", "day"];
const FOLLOWERS: [&str; 5] = ["followers", "total_followers", "follower_count", "abonnés", "abonnes"];
const NETWORK: [&str; 2] = ["network", "platform"];

/// Reads follower counts (see the module doc): local times in IANA `zone`; rows without a network
/// column are for `network`.
pub fn import_followers(
    data: &str,
    zones: &dyn ZoneResolver,
    zone: &str,
    network: Option<&str>,
) -> FollowerImport {
    let mut problems = Problems::default();
    let mut samples = Vec::new();
    let table = Table::read(data, &mut problems);
    let (date, followers, network_col) =
        (table.column(&DATE), table.column(&FOLLOWERS), table.column(&NETWORK));
    let (Some(date), Some(followers)) = (date, followers) else {
        problems.push(missing_column(
            "no-followers-columns",
            "follower counts need a date column and a followers column: name them date and followers",
            "les nombres d'abonnés demandent une colonne de date et une colonne d'abonnés : nommez-les date et followers",
        ));
        return FollowerImport { samples, problems: problems.finish() };
    };
    if network_col.is_none() && network.is_none_or(|n| n.trim().is_empty()) {
        problems.push(missing_column(
            "no-network",
            "no network column: add one (x, linkedin...) or choose the network of the whole file",
            "pas de colonne network : ajoutez-en une (x, linkedin…) ou choisissez le réseau de tout le fichier",
        ));
        return FollowerImport { samples, problems: problems.finish() };
    }
    for (line, cells) in &table.rows {
        let line = *line;
        let sample = (|| -> Result<FollowerSample, ImportProblem> {
            let raw = cell(cells, Some(date));
            let at = instant(raw, zones, zone).ok_or_else(|| bad_time(line, table.name(date), raw))?;
            let raw = cell(cells, Some(followers));
            let count: u64 = raw.replace(['\u{a0}', '\u{202f}', ' ', ','], "").parse().map_err(|_| {
                ImportProblem::new(
                    line,
                    Some(table.name(followers)),
                    "bad-count",
                    format!("\"{raw}\" is not a whole number of followers: the row was skipped; fix the cell and import again"),
                    format!("« {raw} » n'est pas un nombre entier d'abonnés : ligne ignorée ; corrigez la cellule et importez à nouveau"),
                )
            })?;
            let network = match cell(cells, network_col) {
                "" => network.map(str::trim).filter(|n| !n.is_empty()).map(normalise_network).ok_or_else(
                    || {
                        ImportProblem::new(
                            line,
                            Some("network"),
                            "no-network",
                            "no network on this row: the row was skipped; fill it in".into(),
                            "pas de réseau sur cette ligne : ligne ignorée ; remplissez-le".into(),
                        )
                    },
                )?,
                raw => normalise_network(raw),
            };
            Ok(FollowerSample { network, at, followers: count })
        })();
        match sample {
            Ok(s) => samples.push(s),
            Err(p) => problems.push(p),
        }
    }
    FollowerImport { samples, problems: problems.finish() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::zone::TzDb;

    #[test]
    fn counts_are_read_with_the_network_of_the_row_or_of_the_file() {
        let read = import_followers(
            "Date;Total followers;Network\n2026-03-01;1 200;Twitter\n02/03/2026 09:00;1,260;LinkedIn\n",
            &TzDb,
            "Europe/Paris",
            None,
        );
        assert_eq!(read.problems, vec![]);
        let got: Vec<(String, String, u64)> =
            read.samples.iter().map(|s| (s.network.clone(), s.at.to_rfc3339(), s.followers)).collect();
        assert_eq!(
            got,
            [
                ("x".into(), "2026-02-28T23:00:00+00:00".into(), 1200),
                ("linkedin".into(), "2026-03-02T08:00:00+00:00".into(), 1260)
            ]
        );
        let read =
            import_followers("date,followers\n2026-03-01T00:00:00Z,50\n", &TzDb, "UTC", Some("mastodon"));
        assert_eq!(read.samples[0].network, "mastodon");
    }

    #[test]
    fn bad_rows_are_reported_with_their_line_and_the_file_needs_its_columns() {
        let read = import_followers(
            "date,followers\n2026-03-01,10\nsoon,12\n2026-03-03,many\n2026-03-04,14\n",
            &TzDb,
            "UTC",
            Some("x"),
        );
        assert_eq!(read.samples.iter().map(|s| s.followers).collect::<Vec<_>>(), [10, 14]);
        let found: Vec<(u64, &str)> = read.problems.iter().map(|p| (p.line, p.code)).collect();
        assert_eq!(found, [(3, "bad-date"), (4, "bad-count")]);
        assert_eq!(
            import_followers("when,who\n", &TzDb, "UTC", Some("x")).problems[0].code,
            "no-followers-columns"
        );
        assert_eq!(
            import_followers("date,followers\n2026-03-01,10\n", &TzDb, "UTC", None).problems[0].code,
            "no-network"
        );
    }
}
