//! What the report's small CSV imports (reply log, follower counts) share: rows with their lines
//! under a header of normalised names, columns found by any of their names, and instants read as
//! RFC 3339 or local times in a zone.

use crate::csv_lines::LineCounter;
use crate::plan::csv::local_instant;
use crate::plan::report::{ImportProblem, Problems};
use crate::suggest::history::{parse_stamp, sniff_delimiter, Stamp};
use crate::suggest::zone::ZoneResolver;
use chrono::{DateTime, Utc};

/// A CSV file with a header row: names lowercased with spaces and dashes as `_`, and the data rows.
pub(crate) struct Table {
    /// The header's names, normalised.
    pub header: Vec<String>,
    /// Each non-empty data row: its 1-based line and its cells, trimmed.
    pub rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    /// Reads `data` (`,`, `;` or tab separated, UTF-8 BOM skipped); unreadable rows go to `problems`.
    pub(crate) fn read(data: &str, problems: &mut Problems) -> Table {
        let data = data.strip_prefix('\u{feff}').unwrap_or(data);
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(sniff_delimiter(data))
            .has_headers(false)
            .flexible(true)
            .from_reader(data.as_bytes());
        let mut lines = LineCounter::new(data.as_bytes());
        let mut table = Table { header: Vec::new(), rows: Vec::new() };
        for (i, record) in reader.records().enumerate() {
            match record {
                Ok(r) if i == 0 => {
                    table.header =
                        r.iter().map(|c| c.trim().to_lowercase().replace([' ', '-'], "_")).collect()
                }
                Ok(r) => {
                    let line = r.position().map_or(0, |p| lines.line_at(p.byte() as usize));
                    if r.iter().any(|c| !c.trim().is_empty()) {
                        table.rows.push((line, r.iter().map(|c| c.trim().to_string()).collect()));
                    }
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| lines.line_at(p.byte() as usize));
                    problems.push(ImportProblem::new(
                        line,
                        None,
                        "bad-row",
                        format!("this row cannot be read ({e}): it was skipped; check its quotes"),
                        format!("cette ligne est illisible ({e}) : ignorée ; vérifiez ses guillemets"),
                    ));
                }
            }
        }
        table
    }

    /// The index of the first column named one of `names` (already normalised).
    pub(crate) fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.header.iter().position(|h| h == n))
    }

    /// The normalised name of column `i`.
    pub(crate) fn name(&self, i: usize) -> &str {
        self.header.get(i).map_or("", String::as_str)
    }
}

/// The cell of column `i` in `cells` (empty when absent).
pub(crate) fn cell(cells: &[String], i: Option<usize>) -> &str {
    i.and_then(|i| cells.get(i)).map_or("", String::as_str)
}

/// An instant from an RFC 3339 stamp, or a local one (day first for slash dates) in `zone`.
pub(crate) fn instant(raw: &str, zones: &dyn ZoneResolver, zone: &str) -> Option<DateTime<Utc>> {
    match parse_stamp(raw, true)? {
        Stamp::Absolute(t) => Some(t),
        Stamp::Local(local, _) => local_instant(zones, zone, local),
    }
}

/// The problem of a cell that is not a date and time: the row is skipped.
pub(crate) fn bad_time(line: u64, column: &str, raw: &str) -> ImportProblem {
    ImportProblem::new(
        line,
        Some(column),
        "bad-date",
        format!("\"{raw}\" is not a date and time (expected 2026-03-05T09:30:00Z or 2026-03-05 09:30): the row was skipped; fix the cell and import again"),
        format!("« {raw} » n'est pas une date et une heure (attendu 2026-03-05T09:30:00Z ou 2026-03-05 09:30) : ligne ignorée ; corrigez la cellule et importez à nouveau"),
    )
}

/// The problem of a file missing a column it needs (`en`/`fr`: which one and what to add).
pub(crate) fn missing_column(code: &'static str, en: &str, fr: &str) -> ImportProblem {
    ImportProblem::new(1, None, code, en.to_string(), fr.to_string())
}
