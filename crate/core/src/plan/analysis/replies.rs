//! The reply log from a file: comments with when they arrived and when they were answered, as a
//! network's inbox export or a team's spreadsheet gives them, read into [`ReplyLog`] entries for
//! the report's reply times.
//!
//! A header row names the columns (case and spaces ignored; `,`, `;` or tab separated):
//! - `received_at` (or `received`, `comment_time`, `created_at`): when the comment arrived — RFC 3339,
//!   or a local `2026-03-05 09:30` / `05/03/2026 09:30` (day first) read in the given zone;
//! - `replied_at` (or `replied`, `answered_at`, `reply_time`): when it was answered; empty while it is not;
//! - `class` (or `label`): `complaint`, `question`, `praise`, `spam`, `urgent`; when absent or empty,
//!   the comment's `text` (or `comment`, `message`) is read by the reply triage to find it.
//!
//! A row that cannot be used is reported with its line and skipped; the others are read.

use super::table::{bad_time, cell, instant, missing_column, Table};
use super::ReplyLog;
use crate::plan::report::{ImportProblem, Problems};
use crate::suggest::triage::{triage, Class};
use crate::suggest::zone::ZoneResolver;
use serde::Serialize;

/// What reading a reply log gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplyLogImport {
    /// The entries, in file order.
    pub entries: Vec<ReplyLog>,
    /// Rows skipped and why, with their lines.
    pub problems: Vec<ImportProblem>,
}

const RECEIVED: [&str; 4] = ["received_at", "received", "comment_time", "created_at"];
const REPLIED: [&str; 4] = ["replied_at", "replied", "answered_at", "reply_time"];
const CLASS: [&str; 2] = ["class", "label"];
const TEXT: [&str; 3] = ["text", "comment", "message"];

/// Reads a reply log (see the module doc); local times are in IANA `zone`, resolved by `zones`.
pub fn import_reply_log(data: &str, zones: &dyn ZoneResolver, zone: &str) -> ReplyLogImport {
    let mut problems = Problems::default();
    let mut entries = Vec::new();
    let table = Table::read(data, &mut problems);
    let (received, replied, class, text) =
        (table.column(&RECEIVED), table.column(&REPLIED), table.column(&CLASS), table.column(&TEXT));
    let Some(received) = received else {
        problems.push(missing_column(
            "no-received-column",
            "no column says when comments arrived: name one received_at (with replied_at, and class or text)",
            "aucune colonne ne dit quand les commentaires sont arrivés : nommez-en une received_at (avec replied_at, et class ou text)",
        ));
        return ReplyLogImport { entries, problems: problems.finish() };
    };
    if class.is_none() && text.is_none() {
        problems.push(missing_column(
            "no-class-column",
            "no class or text column: add class (complaint, question, praise, spam, urgent) or the comment's text",
            "ni colonne class ni colonne text : ajoutez class (complaint, question, praise, spam, urgent) ou le texte du commentaire",
        ));
        return ReplyLogImport { entries, problems: problems.finish() };
    }
    for (line, cells) in &table.rows {
        let line = *line;
        let entry = (|| -> Result<ReplyLog, ImportProblem> {
            let raw = cell(cells, Some(received));
            let received_at =
                instant(raw, zones, zone).ok_or_else(|| bad_time(line, table.name(received), raw))?;
            let replied_at =
                match cell(cells, replied) {
                    "" => None,
                    raw => Some(instant(raw, zones, zone).ok_or_else(|| {
                        bad_time(line, replied.map_or("replied_at", |i| table.name(i)), raw)
                    })?),
                };
            let class = match cell(cells, class) {
                "" => triage_text(cell(cells, text)).ok_or_else(|| {
                    ImportProblem::new(line, Some("class"), "no-class", "neither a class nor a text: the row was skipped; fill one in".into(), "ni classe ni texte : ligne ignorée ; remplissez l'un des deux".into())
                })?,
                raw => Class::parse(raw).ok_or_else(|| {
                    ImportProblem::new(
                        line,
                        Some("class"),
                        "bad-class",
                        format!("\"{raw}\" is not a class (complaint, question, praise, spam, urgent): the row was skipped"),
                        format!("« {raw} » n'est pas une classe (complaint, question, praise, spam, urgent) : ligne ignorée"),
                    )
                })?,
            };
            Ok(ReplyLog { received_at, replied_at, class })
        })();
        match entry {
            Ok(e) => entries.push(e),
            Err(p) => problems.push(p),
        }
    }
    ReplyLogImport { entries, problems: problems.finish() }
}

/// The class the reply triage gives a comment's text; `None` for an empty text.
fn triage_text(text: &str) -> Option<Class> {
    (!text.is_empty()).then(|| triage(text, None).class)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::zone::TzDb;

    #[test]
    fn rows_are_read_with_local_times_in_the_zone_and_the_class_from_the_text_when_missing() {
        let csv = "Received at;Replied at;Class;Text\n\
                   2026-03-05 09:30;2026-03-05 10:00;complaint;\n\
                   2026-03-06T08:00:00Z;;;Toujours pas reçu ma commande, c'est inadmissible !\n";
        let read = import_reply_log(csv, &TzDb, "Europe/Paris");
        assert_eq!(read.problems, vec![]);
        assert_eq!(read.entries.len(), 2);
        assert_eq!(
            read.entries[0].received_at.to_rfc3339(),
            "2026-03-05T08:30:00+00:00",
            "09:30 in Paris in winter"
        );
        assert_eq!(read.entries[0].replied_at.unwrap().to_rfc3339(), "2026-03-05T09:00:00+00:00");
        assert_eq!(read.entries[0].class, Class::Complaint);
        assert_eq!(read.entries[1].replied_at, None);
        assert_eq!(
            read.entries[1].class,
            triage("Toujours pas reçu ma commande, c'est inadmissible !", None).class
        );
    }

    #[test]
    fn bad_rows_are_reported_with_their_line_and_skipped() {
        let csv = "received_at,replied_at,class\n\
                   2026-03-05T09:00:00Z,2026-03-05T09:10:00Z,question\n\
                   \"yesterday\",,question\n\
                   2026-03-05T09:00:00Z,,grumble\n\
                   2026-03-05T09:00:00Z,,\n\
                   2026-03-07T09:00:00Z,2026-03-07T12:00:00Z,praise\n";
        let read = import_reply_log(csv, &TzDb, "UTC");
        assert_eq!(read.entries.len(), 2);
        let found: Vec<(u64, &str, Option<&str>)> =
            read.problems.iter().map(|p| (p.line, p.code, p.field.as_deref())).collect();
        assert_eq!(
            found,
            [
                (3, "bad-date", Some("received_at")),
                (4, "bad-class", Some("class")),
                (5, "no-class", Some("class"))
            ]
        );
        assert!(read.problems[0].en.contains("import again") && read.problems[0].fr.contains("importez"));
    }

    #[test]
    fn a_file_without_the_needed_columns_says_which_to_add() {
        let read = import_reply_log("when,who\n2026-03-05,me\n", &TzDb, "UTC");
        assert!(read.entries.is_empty());
        assert_eq!(read.problems[0].code, "no-received-column");
        let read = import_reply_log("received_at,replied_at\n2026-03-05T09:00:00Z,\n", &TzDb, "UTC");
        assert_eq!(read.problems[0].code, "no-class-column");
    }
}
