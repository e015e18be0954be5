//! What the plan importers ([`super::ics`], [`super::csv`]) share: the problem report (where,
//! what is wrong, what to do, in English and French) and stable ids for records that came
//! without one.

use std::fmt;

use serde::Serialize;

use super::model::Status;

/// The most problems one import lists; past it, a last problem says how many more there were
/// (a 10 MB file of garbage must not make a 10 MB report).
pub const MAX_PROBLEMS: usize = 200;

/// Something an import could not take as it was. The record concerned is skipped unless the
/// message says otherwise; the rest of the file is imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportProblem {
    /// 1-based line of the file (for a CSV row, the line where the row starts; 0: the whole file).
    pub line: u64,
    /// The CSV column or iCalendar property concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Stable kind of problem (`bad-date`, `missing-end`...), for programs and tests.
    pub code: &'static str,
    /// What is wrong and what to do, in English.
    pub en: String,
    /// The same, in French.
    pub fr: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.en)
    }
}

impl ImportProblem {
    /// A problem at `line` (0: the whole file), about `field` if given.
    pub(crate) fn new(line: u64, field: Option<&str>, code: &'static str, en: String, fr: String) -> Self {
        ImportProblem { line, field: field.map(str::to_string), code, en, fr }
    }
}

/// Collects problems up to [`MAX_PROBLEMS`], counting the rest.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<ImportProblem>,
    more: usize,
}

impl Problems {
    /// Records `problem` (or only counts it once the list is full).
    pub(crate) fn push(&mut self, problem: ImportProblem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(problem);
        } else {
            self.more += 1;
        }
    }

    /// The list, with a last entry saying how many were left out.
    pub(crate) fn finish(mut self) -> Vec<ImportProblem> {
        if self.more > 0 {
            let n = self.more;
            self.list.push(ImportProblem::new(
                0,
                None,
                "more-problems",
                format!("{n} more problems not listed: fix the ones above and import again to see them"),
                format!("{n} autres problèmes non listés : corrigez ceux ci-dessus et importez à nouveau pour les voir"),
            ));
        }
        self.list
    }
}

/// A stable id for a record imported without one: `prefix` and a 64-bit FNV-1a hash of `parts`,
/// so importing the same file twice gives the same ids (and merging does not duplicate posts).
pub(crate) fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{prefix}{hash:016x}")
}

/// The id a status has in the plan file (`in-review`...).
pub(crate) fn status_id(status: Status) -> &'static str {
    match status {
        Status::Idea => "idea",
        Status::Draft => "draft",
        Status::InReview => "in-review",
        Status::Approved => "approved",
        Status::Scheduled => "scheduled",
        Status::Published => "published",
    }
}

/// Every status, in life-cycle order.
pub(crate) const STATUSES: [Status; 6] =
    [Status::Idea, Status::Draft, Status::InReview, Status::Approved, Status::Scheduled, Status::Published];

/// The status whose id ([`status_id`]) is `id`, exactly.
pub(crate) fn status_from_id(id: &str) -> Option<Status> {
    STATUSES.into_iter().find(|s| status_id(*s) == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_ids_depend_on_every_part_and_on_where_parts_split() {
        let a = stable_id("csv-", &["ab", "c"]);
        assert_eq!(a, stable_id("csv-", &["ab", "c"]));
        assert_ne!(a, stable_id("csv-", &["a", "bc"]));
        assert_ne!(a, stable_id("csv-", &["ab", "d"]));
        assert!(a.starts_with("csv-") && a.len() == 20);
    }

    #[test]
    fn the_problem_list_is_capped_with_a_count_of_the_rest() {
        let mut p = Problems::default();
        for i in 0..(MAX_PROBLEMS + 5) {
            p.push(ImportProblem::new(i as u64 + 1, None, "x", "e".into(), "f".into()));
        }
        let list = p.finish();
        assert_eq!(list.len(), MAX_PROBLEMS + 1);
        assert_eq!(list.last().unwrap().code, "more-problems");
        assert!(list.last().unwrap().en.starts_with("5 more problems"));
    }

    #[test]
    fn status_ids_match_the_plan_file() {
        for s in STATUSES {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", status_id(s)));
            assert_eq!(status_from_id(status_id(s)), Some(s));
        }
        assert_eq!(status_from_id("Scheduled"), None);
    }
}
