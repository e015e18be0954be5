//! The plan as CSV: Porte-voix's own layout (export and import), and the bulk-upload layouts of
//! Hootsuite and Buffer (import). `docs/plan-csv.md` documents the same for users.
//!
//! # Porte-voix layout
//!
//! One row per post (deleted posts are left out), a header row, these columns in this order:
//!
//! | Column | Content |
//! |---|---|
//! | `id` | the post id; empty on import: a new post (id derived from the row, stable across imports) |
//! | `status` | `idea`, `draft`, `in-review`, `approved`, `scheduled`, `published` (French labels accepted on import); empty: `scheduled` with a date, else `idea` |
//! | `date` | local date in `zone`, `YYYY-MM-DD` (import also takes `DD/MM/YYYY` and `MM/DD/YYYY`, see below); empty: not scheduled |
//! | `time` | local time, `HH:MM`, `HH:MM:SS` or with a fraction; `Z` or an offset (`01:30:00-05:00`) after it when the zone cannot say which instant is meant (the second of a repeated hour, or a zone unknown to this device) |
//! | `zone` | IANA zone such as `Europe/Paris`; empty on import: the importing user's zone |
//! | `networks` | network ids separated by `;` (`x;linkedin`); `,`, `|` and spaces are accepted on import, and names such as `Twitter` or `LinkedIn` |
//! | `text` | the master text (line breaks kept inside the quoted cell) |
//! | `text_<network>` | one column per network that has a variant anywhere in the plan (`text_x`, `text_linkedin`); empty: no variant |
//! | `pillar`, `campaign` | pillar and campaign ids; empty: none |
//! | `assignee` | who writes or posts it; empty: nobody |
//! | `notes` | free notes |
//!
//! Change tracking, the review trail, ignored findings and metrics are not in the CSV: it is for
//! spreadsheets, the plan file and the backup keep everything.
//!
//! **Formula injection.** On export, a cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return — after any apostrophes — gets one more apostrophe in front, so a spreadsheet
//! shows it as text instead of running it as a formula (`=HYPERLINK(...)` stays text). Every text
//! cell is treated so, whatever the column; there is no numeric column in the layout, so nothing
//! that should stay a number is touched. Import of the Porte-voix layout removes that one
//! apostrophe again, so the round trip is exact.
//!
//! **Reading.** A UTF-8 byte-order mark is skipped; a file that is not UTF-8 is read as
//! Windows-1252 (what Excel writes by default) and said so. The separator is `,`, `;` (French
//! Excel) or tab, whichever the header line uses most. Quoted cells may hold separators, quotes
//! (`""`) and line breaks; lines end in CRLF or LF. Slash dates are read day first or month first
//! as [`ImportOptions::date_order`] says; in `Auto`, a day above 12 decides for the whole file,
//! otherwise `;`-separated files are read day first (French Excel) and others month first, and the
//! guess is reported.
//!
//! # Hootsuite bulk upload
//!
//! Hootsuite's bulk composer takes up to 350 rows of three cells — date and time, message, optional
//! link — without a header; the date format (`MM/DD/YYYY HH:MM` or `DD/MM/YYYY HH:MM`) is chosen in
//! the upload dialog. A header row naming `date`, `message` and `link`/`url` is accepted too. Each
//! row becomes a `scheduled` post in [`ImportOptions::zone`] for [`ImportOptions::networks`], the
//! link appended to the message when the message does not hold it already.
//!
//! # Buffer bulk upload
//!
//! Buffer's template as used by the public tools that write it: a header `Text`, `Image URL`,
//! `Tags`, `Posting Time` (`2026-01-23 17:30` or `1/23/26 17:30`); `Link`, `Publish Date` and
//! `Content` are accepted as other names. Text becomes the post, a link is appended as for
//! Hootsuite, the image URL and tags go to the notes (Porte-voix has no media), an empty time
//! gives an `idea`.
//!
//! Every bad row is reported with its line and column and skipped; the other rows are imported.

use crate::csv_lines::LineCounter;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, NaiveTime, Utc};
use serde::Serialize;

use super::model::{Plan, Post, RecordMeta, Schedule, Status};
use super::report::{stable_id, status_id, ImportProblem, Problems, STATUSES};
use crate::suggest::history::{parse_stamp, slash_parts, sniff_delimiter, Stamp};
use crate::suggest::zone::{Zone, ZoneResolver};

/// The fixed columns of the Porte-voix layout before the variant columns.
pub const LEADING_COLUMNS: [&str; 7] = ["id", "status", "date", "time", "zone", "networks", "text"];
/// The fixed columns after the variant columns.
pub const TRAILING_COLUMNS: [&str; 4] = ["pillar", "campaign", "assignee", "notes"];
/// Prefix of a variant column: `text_` followed by the network id.
pub const VARIANT_PREFIX: &str = "text_";

/// How the CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportOptions {
    /// Separate cells with `;` instead of `,` (what French Excel expects).
    pub semicolon: bool,
    /// Start with a UTF-8 byte-order mark (so Excel reads accents right).
    pub bom: bool,
}

/// The plan's posts (deleted ones left out) in the Porte-voix layout, lines ending in CRLF. Local
/// dates and times come from each post's zone, resolved by `zones`.
pub fn export_csv(plan: &Plan, zones: &dyn ZoneResolver, opts: ExportOptions) -> String {
    let posts: Vec<&Post> = plan.posts.iter().filter(|p| !p.meta.deleted).collect();
    let variant_networks: BTreeSet<&str> =
        posts.iter().flat_map(|p| p.variants.keys().map(String::as_str)).collect();
    let mut header: Vec<String> = LEADING_COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(variant_networks.iter().map(|n| format!("{VARIANT_PREFIX}{n}")));
    header.extend(TRAILING_COLUMNS.iter().map(|c| c.to_string()));
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(if opts.semicolon { b';' } else { b',' })
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut write = |row: Vec<String>| {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(row.iter().map(|c| neutralise(c).into_owned()));
    };
    write(header);
    for post in posts {
        let (date, time) = post.schedule.as_ref().map(|s| local_cells(s, zones)).unwrap_or_default();
        let mut row = vec![
            post.meta.id.clone(),
            status_id(post.status).to_string(),
            date,
            time,
            post.schedule.as_ref().map(|s| s.zone.clone()).unwrap_or_default(),
            post.networks.join(";"),
            post.text.clone(),
        ];
        row.extend(variant_networks.iter().map(|n| post.variants.get(*n).cloned().unwrap_or_default()));
        row.extend(
            [post.pillar.clone(), post.campaign.clone(), post.assignee.clone()]
                .map(Option::unwrap_or_default),
        );
        row.push(post.notes.clone());
        write(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    let mut out = String::from(if opts.bom { "\u{feff}" } else { "" });
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

fn time_text(t: NaiveTime) -> String {
    t.format(if t.format("%S%.f").to_string() == "00" { "%H:%M" } else { "%H:%M:%S%.f" }).to_string()
}

/// The `date` and `time` cells of a schedule: local in its zone, with an explicit offset when the
/// local time alone would read back as another instant, in UTC (`Z`) when the zone is unknown.
fn local_cells(s: &Schedule, zones: &dyn ZoneResolver) -> (String, String) {
    let utc = || (s.at.format("%Y-%m-%d").to_string(), format!("{}Z", time_text(s.at.time())));
    let Ok(zone) = Zone::new(zones, &s.zone, s.at) else { return utc() };
    let Ok(local) = zone.local(s.at) else { return utc() };
    let naive = local.naive_local();
    let date = naive.format("%Y-%m-%d").to_string();
    match zone.instants_at(naive) {
        Ok(LocalResult::Single(t) | LocalResult::Ambiguous(t, _)) if t == s.at => {
            (date, time_text(naive.time()))
        }
        _ => {
            let time = if naive.format("%S%.f").to_string() == "00" {
                naive.format("%H:%M:00").to_string()
            } else {
                time_text(naive.time())
            };
            (date, format!("{time}{}", local.format("%:z")))
        }
    }
}

fn is_formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// The cell as written: one more leading apostrophe when, past its apostrophes, it starts like a
/// formula.
fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.trim_start_matches('\'').starts_with(is_formula_start) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Reverses [`neutralise`].
fn restore(cell: &str) -> &str {
    let rest = cell.trim_start_matches('\'');
    if rest.len() < cell.len() && rest.starts_with(is_formula_start) {
        &cell[1..]
    } else {
        cell
    }
}

// ---------------------------------------------------------------------------------------------
// Import

/// Which layout a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Decide from the header (or, without one, from a date in the first cell: Hootsuite).
    #[default]
    Auto,
    /// Porte-voix's own columns.
    PorteVoix,
    /// Hootsuite's bulk composer.
    Hootsuite,
    /// Buffer's bulk upload.
    Buffer,
}

/// How slash dates (`03/04/2026`) are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// From the file (see the module doc).
    #[default]
    Auto,
    /// `DD/MM/YYYY`.
    DayFirst,
    /// `MM/DD/YYYY`.
    MonthFirst,
}

/// How a CSV file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The layout, or `Auto`.
    pub layout: Layout,
    /// IANA zone of times given without one (the importing user's zone).
    pub zone: String,
    /// Networks of the posts of a Hootsuite or Buffer file (those files do not say).
    pub networks: Vec<String>,
    /// How slash dates are read.
    pub date_order: DateOrder,
    /// Creation and change time of the imported posts.
    pub now: DateTime<Utc>,
}

/// What a CSV import gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvImport {
    /// The layout read (`Auto` when none could be recognised).
    pub layout: Layout,
    /// The posts, in file order.
    pub posts: Vec<Post>,
    /// Bad rows and everything else worth knowing, with lines and columns.
    pub problems: Vec<ImportProblem>,
}

/// Windows-1252's characters for bytes 0x80–0x9F (the rest is Latin-1); unassigned bytes map to
/// the replacement character.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž', '\u{fffd}',
    '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{fffd}', 'ž', 'Ÿ',
];

/// The file as text: UTF-8 (BOM skipped), else Windows-1252 with a problem saying so.
fn decode(data: &[u8], problems: &mut Problems) -> String {
    let data = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
    match std::str::from_utf8(data) {
        Ok(s) => s.to_string(),
        Err(_) => {
            problems.push(ImportProblem::new(
                0,
                None,
                "not-utf8",
                "the file is not UTF-8: it was read as Windows-1252 (Excel's default); if accents look wrong, save it as \"CSV UTF-8\" and import it again".into(),
                "le fichier n'est pas en UTF-8 : il a été lu en Windows-1252 (le défaut d'Excel) ; si les accents sont faux, enregistrez-le en « CSV UTF-8 » et importez-le à nouveau".into(),
            ));
            data.iter()
                .map(|&b| {
                    if (0x80..0xa0).contains(&b) {
                        CP1252_HIGH[usize::from(b - 0x80)]
                    } else {
                        char::from(b)
                    }
                })
                .collect()
        }
    }
}

/// One row read: its line and cells.
struct Row {
    line: u64,
    cells: Vec<String>,
}

impl Row {
    fn cell(&self, col: Option<usize>) -> &str {
        col.and_then(|i| self.cells.get(i)).map_or("", String::as_str)
    }
}

fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(n)))
}

/// Reads a CSV file in any supported layout. Never fails: a file that cannot be used at all gives
/// no posts and a problem saying why.
pub fn import_csv(data: &[u8], zones: &dyn ZoneResolver, opts: &ImportOptions) -> CsvImport {
    let mut problems = Problems::default();
    let text = decode(data, &mut problems);
    let delimiter = sniff_delimiter(&text);
    let mut rows = Vec::new();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text.as_bytes());
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| lines.line_at(p.byte() as usize));
                if r.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                rows.push(Row { line, cells: r.iter().map(str::to_string).collect() });
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
    let zone = if Zone::new(zones, &opts.zone, opts.now).is_ok() {
        opts.zone.trim().to_string()
    } else {
        problems.push(ImportProblem::new(
            0,
            None,
            "unknown-zone",
            format!("unknown time zone \"{}\": times without a zone were read as UTC; choose an IANA zone such as Europe/Paris", opts.zone),
            format!("fuseau horaire inconnu « {} » : les heures sans fuseau ont été lues en UTC ; choisissez un fuseau IANA comme Europe/Paris", opts.zone),
        ));
        "UTC".to_string()
    };
    let ctx = Context { zones, zone, opts, delimiter };
    let (layout, posts) = match rows.split_first() {
        None => {
            problems.push(ImportProblem::new(
                0,
                None,
                "empty-file",
                "the file has no rows".into(),
                "le fichier n'a aucune ligne".into(),
            ));
            (Layout::Auto, vec![])
        }
        Some((first, rest)) => read_rows(&ctx, first, rest, &mut problems),
    };
    CsvImport { layout, posts, problems: problems.finish() }
}

/// What every row reader needs.
struct Context<'a> {
    zones: &'a dyn ZoneResolver,
    /// The importing user's zone, checked.
    zone: String,
    opts: &'a ImportOptions,
    delimiter: u8,
}

fn lower(headers: &[String]) -> Vec<String> {
    headers.iter().map(|h| h.trim().to_lowercase()).collect()
}

/// Which layout a header row (or first data row) has.
fn detect(ctx: &Context<'_>, first: &Row) -> Layout {
    let h = lower(&first.cells);
    let has = |n: &str| h.iter().any(|x| x == n);
    if has("posting time") || has("image url") || has("tags") {
        Layout::Buffer
    } else if has("text") && (has("status") || has("networks") || has("zone") || has("id")) {
        Layout::PorteVoix
    } else if has("text") || has("publish date") {
        Layout::Buffer
    } else if first.cells.first().is_some_and(|c| {
        parse_stamp(c, ctx.opts.date_order == DateOrder::DayFirst).is_some() || parse_stamp(c, true).is_some()
    }) || has("message")
    {
        Layout::Hootsuite
    } else {
        Layout::Auto
    }
}

fn read_rows(ctx: &Context<'_>, first: &Row, rest: &[Row], problems: &mut Problems) -> (Layout, Vec<Post>) {
    let layout = match ctx.opts.layout {
        Layout::Auto => detect(ctx, first),
        forced => forced,
    };
    let posts = match layout {
        Layout::PorteVoix => porte_voix_rows(ctx, first, rest, problems),
        Layout::Hootsuite | Layout::Buffer => bulk_rows(ctx, layout, first, rest, problems),
        Layout::Auto => {
            problems.push(ImportProblem::new(
                first.line,
                None,
                "unknown-layout",
                "the columns were not recognised: use the Porte-voix columns (id, status, date, time, zone, networks, text, ...), a Hootsuite file (date, message, link) or a Buffer file (Text, Image URL, Tags, Posting Time)".into(),
                "colonnes non reconnues : utilisez les colonnes de Porte-voix (id, status, date, time, zone, networks, text, ...), un fichier Hootsuite (date, message, lien) ou un fichier Buffer (Text, Image URL, Tags, Posting Time)".into(),
            ));
            vec![]
        }
    };
    (layout, posts)
}

/// Decides day-first or month-first from the slash dates of `column`.
fn date_order(
    ctx: &Context<'_>,
    rows: &[&Row],
    column: Option<usize>,
    default_day_first: bool,
    problems: &mut Problems,
) -> bool {
    match ctx.opts.date_order {
        DateOrder::DayFirst => return true,
        DateOrder::MonthFirst => return false,
        DateOrder::Auto => {}
    }
    let (mut day_first, mut month_first, mut ambiguous) = (None, None, None);
    for row in rows {
        let cell = row.cell(column).trim();
        let date = cell.split([' ', 'T', ',']).next().unwrap_or("");
        if let Some((a, b, _)) = slash_parts(date) {
            if a > 12 && b <= 12 {
                day_first.get_or_insert(row.line);
            } else if b > 12 && a <= 12 {
                month_first.get_or_insert(row.line);
            } else if a != b {
                ambiguous.get_or_insert(row.line);
            }
        }
    }
    match (day_first, month_first) {
        (Some(d), Some(m)) => {
            problems.push(ImportProblem::new(
                d.min(m),
                None,
                "mixed-date-order",
                format!("dates are day first on line {d} but month first on line {m}: they were read day first; make them consistent or choose the order"),
                format!("les dates sont jour d'abord à la ligne {d} mais mois d'abord à la ligne {m} : lues jour d'abord ; harmonisez-les ou choisissez l'ordre"),
            ));
            true
        }
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => {
            if let Some(line) = ambiguous {
                let (en, fr) =
                    if default_day_first { ("day/month", "jour/mois") } else { ("month/day", "mois/jour") };
                problems.push(ImportProblem::new(
                    line,
                    None,
                    "guessed-date-order",
                    format!("dates such as this one could be day/month or month/day: they were read {en}; if that is wrong, choose the date order and import again"),
                    format!("des dates comme celle-ci peuvent être jour/mois ou mois/jour : lues {fr} ; si c'est faux, choisissez l'ordre des dates et importez à nouveau"),
                ));
            }
            default_day_first
        }
    }
}

fn bad_cell(line: u64, column: &str, code: &'static str, en: String, fr: String) -> ImportProblem {
    ImportProblem::new(
        line,
        Some(column),
        code,
        format!("{en}; the row was skipped: fix the cell and import again"),
        format!("{fr} ; ligne ignorée : corrigez la cellule et importez à nouveau"),
    )
}

/// The instant `raw` (a date, possibly with a time and offset) stands for in `zone`. `Ok(None)`
/// when empty.
fn instant(
    ctx: &Context<'_>,
    raw: &str,
    day_first: bool,
    zone: &str,
) -> Result<Option<DateTime<Utc>>, &'static str> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    match parse_stamp(raw, day_first).ok_or("date")? {
        Stamp::Absolute(t) => Ok(Some(t)),
        Stamp::Local(local, _) => local_instant(ctx.zones, zone, local).map(Some).ok_or("zone"),
    }
}

/// The first instant the zone's clock reads `local`; in a gap, the offset from before it.
pub(crate) fn local_instant(
    zones: &dyn ZoneResolver,
    zone: &str,
    local: NaiveDateTime,
) -> Option<DateTime<Utc>> {
    let z = Zone::new(zones, zone, local.and_utc()).ok()?;
    match z.instants_at(local).ok()? {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        LocalResult::None => {
            let before = zones.offset_at(z.name(), local.and_utc() - Duration::days(1)).ok()?;
            Some(local.and_utc() - Duration::seconds(i64::from(before.local_minus_utc())))
        }
    }
}

fn date_problem(line: u64, column: &str, value: &str, why: &'static str, zone: &str) -> ImportProblem {
    if why == "zone" {
        bad_cell(
            line,
            column,
            "unknown-zone",
            format!("the time zone \"{zone}\" is unknown: use an IANA name such as Europe/Paris"),
            format!("le fuseau horaire « {zone} » est inconnu : utilisez un nom IANA comme Europe/Paris"),
        )
    } else {
        bad_cell(
            line,
            column,
            "bad-date",
            format!("\"{value}\" is not a date and time (expected 2026-03-15 09:30, 15/03/2026 09:30 or 03/15/2026 09:30)"),
            format!("« {value} » n'est pas une date et heure (attendu 2026-03-15 09:30, 15/03/2026 09:30 ou 03/15/2026 09:30)"),
        )
    }
}

fn new_post(id: String, now: DateTime<Utc>) -> Post {
    Post::new(
        RecordMeta { id, created: now, updated: now, clock: BTreeMap::new(), deleted: false },
        Status::Idea,
    )
}

fn row_id(row: &Row) -> String {
    let line = row.line.to_string();
    let mut parts: Vec<&str> = vec![&line];
    parts.extend(row.cells.iter().map(String::as_str));
    stable_id("csv-", &parts)
}

/// A network id from an id or a name (`Twitter`, `LinkedIn`); anything else as written.
fn network_id(s: &str) -> String {
    let t = s.trim();
    if t.eq_ignore_ascii_case("twitter") {
        return "x".into();
    }
    crate::networks::all()
        .into_iter()
        .find(|n| n.id.eq_ignore_ascii_case(t) || n.name.eq_ignore_ascii_case(t))
        .map_or_else(|| t.to_string(), |n| n.id)
}

/// A status from its id or its French or English label, any case.
fn parse_status(s: &str) -> Option<Status> {
    let t = s.trim().to_lowercase().replace([' ', '_'], "-");
    STATUSES.into_iter().find(|st| status_id(*st) == t).or(match t.as_str() {
        "idée" | "idee" => Some(Status::Idea),
        "brouillon" => Some(Status::Draft),
        "review" | "en-relecture" | "en-revue" | "à-relire" | "a-relire" => Some(Status::InReview),
        "approuvé" | "approuve" | "validé" | "valide" => Some(Status::Approved),
        "planifié" | "planifie" | "programmé" | "programme" => Some(Status::Scheduled),
        "publié" | "publie" => Some(Status::Published),
        _ => None,
    })
}

fn porte_voix_rows(ctx: &Context<'_>, header: &Row, rows: &[Row], problems: &mut Problems) -> Vec<Post> {
    let headers: Vec<String> = header.cells.iter().map(|c| restore(c).to_string()).collect();
    let col = |name: &str| find(&headers, &[name]);
    let Some(text_col) = col("text") else {
        problems.push(ImportProblem::new(header.line, Some("text"), "missing-column", "there is no \"text\" column: add it (the post's text) and import again".into(), "il n'y a pas de colonne « text » : ajoutez-la (le texte de la publication) et importez à nouveau".into()));
        return vec![];
    };
    let (id_col, status_col, date_col, time_col, zone_col, networks_col) =
        (col("id"), col("status"), col("date"), col("time"), col("zone"), col("networks"));
    let (pillar_col, campaign_col, assignee_col, notes_col) =
        (col("pillar"), col("campaign"), col("assignee"), col("notes"));
    let known: HashSet<&str> = LEADING_COLUMNS.iter().chain(TRAILING_COLUMNS.iter()).copied().collect();
    let mut variant_cols = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim();
        match name.get(..VARIANT_PREFIX.len()) {
            Some(p) if p.eq_ignore_ascii_case(VARIANT_PREFIX) && name.len() > VARIANT_PREFIX.len() => {
                variant_cols.push((i, network_id(&name[VARIANT_PREFIX.len()..])))
            }
            _ if known.contains(name.to_lowercase().as_str()) || name.is_empty() => {}
            _ => problems.push(ImportProblem::new(
                header.line,
                Some(name),
                "unknown-column",
                "this column is not part of the Porte-voix layout: it was ignored".into(),
                "cette colonne ne fait pas partie du format de Porte-voix : ignorée".into(),
            )),
        }
    }
    let rows: Vec<&Row> = rows.iter().collect();
    let day_first = date_order(ctx, &rows, date_col, ctx.delimiter == b';', problems);
    let mut seen = HashSet::new();
    let mut posts = Vec::new();
    for row in rows {
        let cell = |c: Option<usize>| restore(row.cell(c));
        let id = match cell(id_col).trim() {
            "" => row_id(row),
            id => id.to_string(),
        };
        if !seen.insert(id.clone()) {
            problems.push(bad_cell(
                row.line,
                "id",
                "duplicate-id",
                format!("the id \"{id}\" is already used on an earlier row"),
                format!("l'id « {id} » est déjà utilisé plus haut"),
            ));
            continue;
        }
        let mut post = new_post(id, ctx.opts.now);
        post.text = cell(Some(text_col)).to_string();
        let zone = match cell(zone_col).trim() {
            "" => ctx.zone.clone(),
            z => z.to_string(),
        };
        let (date, time) = (cell(date_col).trim(), cell(time_col).trim());
        if date.is_empty() && !time.is_empty() {
            problems.push(bad_cell(
                row.line,
                "date",
                "bad-date",
                format!("the time \"{time}\" has no date"),
                format!("l'heure « {time} » n'a pas de date"),
            ));
            continue;
        }
        let when = if time.is_empty() { date.to_string() } else { format!("{date} {time}") };
        match instant(ctx, &when, day_first, &zone) {
            Ok(at) => post.schedule = at.map(|at| Schedule { at, zone }),
            Err(why) => {
                let column = if why == "zone" {
                    "zone"
                } else if parse_stamp(date, day_first).is_none() {
                    "date"
                } else {
                    "time"
                };
                let value = if column == "time" { time } else { date };
                problems.push(date_problem(row.line, column, value, why, &zone));
                continue;
            }
        }
        let status = cell(status_col).trim();
        post.status = if status.is_empty() {
            if post.schedule.is_some() {
                Status::Scheduled
            } else {
                Status::Idea
            }
        } else if let Some(s) = parse_status(status) {
            s
        } else {
            problems.push(bad_cell(
                row.line,
                "status",
                "bad-status",
                format!("\"{status}\" is not a status (idea, draft, in-review, approved, scheduled, published)"),
                format!("« {status} » n'est pas un statut (idée, brouillon, en relecture, approuvé, planifié, publié)"),
            ));
            continue;
        };
        post.networks = cell(networks_col)
            .split([';', ',', '|', ' ', '\t', '\n'])
            .filter(|n| !n.trim().is_empty())
            .map(network_id)
            .collect();
        for (i, network) in &variant_cols {
            let v = cell(Some(*i));
            if !v.is_empty() {
                post.variants.insert(network.clone(), v.to_string());
            }
        }
        let optional = |c: Option<usize>| Some(cell(c).trim().to_string()).filter(|s| !s.is_empty());
        post.pillar = optional(pillar_col);
        post.campaign = optional(campaign_col);
        post.assignee = optional(assignee_col);
        post.notes = cell(notes_col).to_string();
        posts.push(post);
    }
    posts
}

/// Hootsuite and Buffer rows: a time, a message, maybe a link, image and tags.
fn bulk_rows(
    ctx: &Context<'_>,
    layout: Layout,
    first: &Row,
    rest: &[Row],
    problems: &mut Problems,
) -> Vec<Post> {
    let headers = lower(&first.cells);
    let named = |names: &[&str]| find(&headers, names);
    let (time_names, text_names): (&[&str], &[&str]) = match layout {
        Layout::Buffer => (
            &["posting time", "publish date", "date", "scheduled", "time"],
            &["text", "content", "message", "post"],
        ),
        _ => (
            &["date", "date/time", "datetime", "date and time", "time", "scheduled"],
            &["message", "text", "content", "post"],
        ),
    };
    let has_header = named(time_names).is_some() || named(text_names).is_some();
    let (time_col, text_col, link_col, image_col, tags_col) = if has_header {
        (
            named(time_names),
            named(text_names),
            named(&["link", "url"]),
            named(&["image url", "image"]),
            named(&["tags"]),
        )
    } else {
        // Hootsuite without a header: date and time, message, link.
        (Some(0), Some(1), Some(2), None, None)
    };
    let rows: Vec<&Row> =
        if has_header { rest.iter().collect() } else { std::iter::once(first).chain(rest).collect() };
    let Some(text_col) = text_col else {
        problems.push(ImportProblem::new(first.line, None, "missing-column", "there is no message column (Text, Message or Content): add it and import again".into(), "il n'y a pas de colonne de message (Text, Message ou Content) : ajoutez-la et importez à nouveau".into()));
        return vec![];
    };
    let column_name = |c: Option<usize>, fallback: &str| -> String {
        c.filter(|_| has_header)
            .and_then(|i| first.cells.get(i))
            .map_or_else(|| fallback.to_string(), |h| h.trim().to_string())
    };
    let day_first = date_order(ctx, &rows, time_col, ctx.delimiter == b';', problems);
    let mut posts = Vec::new();
    for row in rows {
        let message = row.cell(Some(text_col));
        let link = row.cell(link_col).trim();
        if message.trim().is_empty() && link.is_empty() {
            problems.push(bad_cell(
                row.line,
                &column_name(Some(text_col), "message"),
                "empty-text",
                "the message is empty".into(),
                "le message est vide".into(),
            ));
            continue;
        }
        let mut post = new_post(row_id(row), ctx.opts.now);
        post.text = message.to_string();
        if !link.is_empty() && !message.contains(link) {
            if !post.text.is_empty() {
                post.text.push(' ');
            }
            post.text.push_str(link);
        }
        let raw_time = row.cell(time_col);
        match instant(ctx, raw_time, day_first, &ctx.zone) {
            Ok(at) => post.schedule = at.map(|at| Schedule { at, zone: ctx.zone.clone() }),
            Err(why) => {
                problems.push(date_problem(
                    row.line,
                    &column_name(time_col, "date"),
                    raw_time.trim(),
                    why,
                    &ctx.zone,
                ));
                continue;
            }
        }
        post.status = if post.schedule.is_some() { Status::Scheduled } else { Status::Idea };
        post.networks = ctx.opts.networks.clone();
        let mut notes = Vec::new();
        if let Some(image) = Some(row.cell(image_col).trim()).filter(|s| !s.is_empty()) {
            notes.push(format!("Image: {image}"));
        }
        if let Some(tags) = Some(row.cell(tags_col).trim()).filter(|s| !s.is_empty()) {
            notes.push(format!("Tags: {tags}"));
        }
        post.notes = notes.join("\n");
        posts.push(post);
    }
    posts
}

#[cfg(all(test, feature = "tzdb"))]
mod tests;
