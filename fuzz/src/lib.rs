//! Invariants shared by the fuzz targets in `src/bin/`: each target feeds arbitrary input to one
//! entry point of the core and checks its answer with these helpers. A broken invariant panics,
//! which libFuzzer records as a crash with the input that caused it.

use porte_voix_core::guide::{self, CompiledGuide, Format};
use porte_voix_core::networks::{CountingRule, NetworkProfile};
use porte_voix_core::span::{utf16_len, Span};
use porte_voix_core::text::{Count, Entities};
use porte_voix_core::{CheckContext, Checker, Finding};

/// The fuzz input as text: invalid UTF-8 is replaced, as a browser or a file reader would.
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Splits the input at its first byte: a selector for the target's options, and the rest.
pub fn selector_and_rest(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((first, rest)) => (*first, rest),
        None => (0, data),
    }
}

/// A span of `text`: ordered, inside the text, on char boundaries, and with UTF-16 offsets that
/// are those of its byte offsets.
pub fn assert_span(text: &str, span: &Span, what: &str) {
    assert!(
        span.byte_start <= span.byte_end,
        "{what}: byte range {}..{} is reversed",
        span.byte_start,
        span.byte_end
    );
    assert!(
        span.byte_end <= text.len(),
        "{what}: byte end {} past the text ({} bytes)",
        span.byte_end,
        text.len()
    );
    assert!(
        text.is_char_boundary(span.byte_start),
        "{what}: byte start {} inside a character",
        span.byte_start
    );
    assert!(text.is_char_boundary(span.byte_end), "{what}: byte end {} inside a character", span.byte_end);
    assert_eq!(
        span.start,
        utf16_len(&text[..span.byte_start]),
        "{what}: UTF-16 start does not match byte start"
    );
    assert_eq!(span.end, utf16_len(&text[..span.byte_end]), "{what}: UTF-16 end does not match byte end");
}

/// A byte range `(start, end)` of `text`: ordered, inside, on char boundaries.
pub fn assert_byte_range(text: &str, (start, end): (usize, usize), what: &str) {
    assert!(start <= end && end <= text.len(), "{what}: range {start}..{end} outside 0..{}", text.len());
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: range {start}..{end} cuts a character"
    );
}

/// A count of `text` for `profile`: arithmetic consistent, ranges within the text's UTF-16
/// length, validity consistent with the limits.
pub fn assert_count(text: &str, profile: &NetworkProfile, c: &Count) {
    let len16 = utf16_len(text);
    let net = &c.network;
    assert_eq!(c.byte_length, text.len(), "{net}: byte length");
    assert_eq!(c.remaining, c.limit as i64 - c.length as i64, "{net}: remaining");
    if let Some(permillage) = (c.length * 1000).checked_div(c.limit) {
        assert_eq!(c.permillage, permillage, "{net}: permillage");
    }
    assert_eq!(c.valid_range_start, 0, "{net}: valid range start");
    assert_eq!(c.display_range_start, 0, "{net}: display range start");
    assert_eq!(c.display_range_end, len16.saturating_sub(1), "{net}: display range end");
    assert!(
        c.valid_range_end <= c.display_range_end,
        "{net}: valid range end {} past the display end {}",
        c.valid_range_end,
        c.display_range_end
    );
    if let Some(o) = c.overflow_start {
        assert!(o <= len16, "{net}: overflow start {o} past the text ({len16} UTF-16 units)");
        assert!(!c.valid, "{net}: valid with an overflow at {o}");
    }
    if c.valid {
        assert!(c.length <= c.limit, "{net}: valid at {} over {}", c.length, c.limit);
        if let Some(cap) = c.byte_limit {
            assert!(c.byte_length <= cap, "{net}: valid at {} bytes over {cap}", c.byte_length);
        }
        // X follows twitter-text, for which only the empty text is invalid (" " is a valid tweet).
        if profile.counting == CountingRule::TwitterWeighted {
            assert!(!text.is_empty(), "{net}: an empty draft is valid");
        } else {
            assert!(!text.trim().is_empty(), "{net}: a blank draft is valid");
        }
    }
    if c.length > c.limit {
        assert!(!c.valid, "{net}: over the limit yet valid");
    }
}

/// Entities of `text`: every span valid, each list in text order, no two entities overlapping.
pub fn assert_entities(text: &str, e: &Entities) {
    let mut all: Vec<&Span> = Vec::new();
    for (kind, list) in
        [("hashtag", &e.hashtags), ("mention", &e.mentions), ("url", &e.urls), ("cashtag", &e.cashtags)]
    {
        let mut last_end = 0;
        for ent in list.iter() {
            assert_span(text, &ent.span, kind);
            assert!(ent.span.byte_start >= last_end, "{kind}s out of order or overlapping");
            last_end = ent.span.byte_end;
            assert!(!ent.text.is_empty() || kind == "url", "{kind} with empty text");
            all.push(&ent.span);
        }
    }
    all.sort_by_key(|s| s.byte_start);
    for w in all.windows(2) {
        assert!(w[0].byte_end <= w[1].byte_start, "entities overlap: {:?} and {:?}", w[0], w[1]);
    }
}

/// Letters, digits and symbols of `s` in order, whitespace left out: what a split must preserve.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Findings of `text`: spans valid, line and column those of the span's start, safe fixes with a
/// replacement; applying the fixes gives text whose own findings are valid too.
pub fn assert_findings(text: &str, findings: &[Finding]) {
    for f in findings {
        assert_span(text, &f.span, &f.rule);
        let before = &text[..f.span.byte_start];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
        assert_eq!(
            (f.line, f.column),
            (line, column),
            "{}: line/column of byte {}",
            f.rule,
            f.span.byte_start
        );
        assert!(!f.safe_fix || !f.replacements.is_empty(), "{}: a safe fix without a replacement", f.rule);
    }
    for w in findings.windows(2) {
        assert!(w[0].span.byte_start <= w[1].span.byte_start, "findings not sorted by position");
    }
}

/// Reads `src` as a guide: errors located inside the source with 1-based line and column; an
/// accepted guide compiles, and its checker gives valid findings on a draft made of the source.
pub fn guide_round(src: &str, format: Format) {
    match guide::parse(src, format) {
        Err(errors) => {
            assert!(!errors.is_empty(), "rejected without an error");
            for e in &errors {
                assert!(
                    e.start <= e.end && e.start <= src.len(),
                    "error range {}..{} outside the source ({} bytes): {}",
                    e.start,
                    e.end,
                    src.len(),
                    e.message
                );
                assert!(e.line >= 1 && e.column >= 1, "error at line {} column {}", e.line, e.column);
                assert!(!e.message.trim().is_empty(), "error without a message");
            }
        }
        Ok(g) => {
            let checker = Checker::new(CompiledGuide::new(g));
            let draft: String = src.chars().take(400).collect();
            for network in [None, Some("x"), Some("instagram")] {
                let ctx = CheckContext {
                    network: network.map(String::from),
                    sponsored: true,
                    ..CheckContext::default()
                };
                let findings = checker.check(&draft, &ctx);
                assert_findings(&draft, &findings);
                let _ = porte_voix_core::fix(&draft, &findings);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The editorial plan: imports and storage.

use porte_voix_core::plan::file::{read_plan, write_plan};
use porte_voix_core::plan::report::ImportProblem;
use porte_voix_core::plan::{Plan, Post};

/// How many lines an import's problems may point at: the file's lines (ended by LF, CRLF or a
/// lone CR, as the CSV reader and old Mac files have them), counting a last line without its break.
pub fn line_count(data: &[u8]) -> u64 {
    let lone_cr = data.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count()
        + usize::from(data.last() == Some(&b'\r'));
    (data.iter().filter(|&&b| b == b'\n').count() + lone_cr) as u64 + 1
}

/// Import problems: each on a line of the file (0: the whole file), with a code and a message in
/// both languages.
pub fn assert_problems_located(problems: &[ImportProblem], lines: u64) {
    for p in problems {
        assert!(p.line <= lines, "problem {} at line {} of a {lines}-line file", p.code, p.line);
        assert!(
            !p.code.is_empty() && !p.en.trim().is_empty() && !p.fr.trim().is_empty(),
            "problem without a code or a message: {p:?}"
        );
    }
}

/// A plan of the current version holding `posts`.
pub fn plan_of(posts: Vec<Post>) -> Plan {
    Plan { posts, ..Plan::default() }
}

/// `post` as the extension and the toolkit store it: written to the plan file and read back, it
/// is the same post and nothing is quarantined (an imported post that could not be stored would
/// be held on the next start instead of shown).
pub fn assert_post_stores(post: &Post) {
    let plan = plan_of(vec![post.clone()]);
    let json = write_plan(&plan).expect("a post always serialises");
    let back = read_plan(&json).unwrap_or_else(|e| panic!("a stored post did not read back: {e:?}\n{json}"));
    assert!(back.plan.quarantine.is_empty(), "a stored post was quarantined: {:?}", back.plan.quarantine);
    assert_eq!(back.plan.posts, vec![post.clone()], "a stored post changed on reading back");
}

/// An exported CSV: no cell a spreadsheet would run as a formula (after the apostrophes that
/// neutralise it, none begins with `=`, `+`, `-`, `@`, a tab or a carriage return).
pub fn assert_no_formula_cells(csv: &str) {
    let text = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    let delimiter = if text.lines().next().is_some_and(|h| h.contains(';')) { b';' } else { b',' };
    let mut reader = csv_reader(text, delimiter);
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("our export is not valid CSV: {e}\n{csv}"));
        for cell in record.iter() {
            if cell.starts_with('\'') || cell.is_empty() {
                continue;
            }
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula cell was exported as is: {cell:?}"
            );
        }
    }
}

fn csv_reader(text: &str, delimiter: u8) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// A post read back from our own CSV export: every field the CSV carries is what was exported.
pub fn assert_same_csv_fields(a: &Post, b: &Post, csv: &str) {
    let fields = |p: &Post| {
        (
            p.meta.id.clone(),
            p.text.clone(),
            p.variants.clone(),
            p.networks.clone(),
            p.pillar.clone(),
            p.campaign.clone(),
            p.status,
            p.schedule.clone(),
            p.assignee.clone(),
            p.notes.clone(),
        )
    };
    assert_eq!(fields(b), fields(a), "a post changed through export then import\n{csv}");
}
