//! Hostile inputs: each has a bounded, checked outcome (the right answer, or a clear refusal), never
//! a panic, a stack overflow or a parse that takes minutes. Time is measured by the benches; here
//! the inputs are sized so that a quadratic regression would make the suite crawl, and the answers
//! are checked in full.

use porte_voix_core::guide::{self, Format, MAX_ERRORS, MAX_GUIDE_BYTES};
use porte_voix_core::networks::{self, builtin};
use porte_voix_core::suggest::hashtags::{suggest_hashtags, HashtagOptions};
use porte_voix_core::suggest::history::{import_csv, ImportOptions, Preset};
use porte_voix_core::text::{self, split, SplitOptions};
use porte_voix_core::{fix, CheckContext, Checker};

/// One paragraph of a plausible post: a hashtag, a link without UTM and a mention, then a newline.
const PARAGRAPH: &str = "Bonjour à toutes et à tous ! Notre atelier vélo ouvre samedi à Lyon, venez avec vos questions. #RoueLibre https://rouelibre.fr/atelier @velo_lyon\n";

fn one_megabyte_paste() -> (String, usize) {
    let n = 1_000_000 / PARAGRAPH.len() + 1;
    (PARAGRAPH.repeat(n), n)
}

#[test]
fn a_one_megabyte_paste_is_counted_per_paragraph_for_every_network() {
    let (paste, n) = one_megabyte_paste();
    assert!(paste.len() >= 1_000_000);
    for profile in networks::all() {
        let whole = text::count(&paste, &profile);
        let one = text::count(PARAGRAPH, &profile);
        // Paragraphs end with a newline, so no entity or grapheme spans two: lengths add up.
        assert_eq!(whole.length, n * one.length, "{}", profile.id);
        assert!(!whole.valid, "{}: a 1 MB post is valid", profile.id);
        assert_eq!(whole.byte_length, paste.len());
    }
}

#[test]
fn a_one_megabyte_paste_gives_every_entity_and_every_finding_in_place() {
    let (paste, n) = one_megabyte_paste();
    let e = text::entities(&paste);
    assert_eq!((e.hashtags.len(), e.urls.len(), e.mentions.len()), (n, n, n));
    let last = e.urls.last().unwrap();
    assert_eq!(last.span.slice(&paste), "https://rouelibre.fr/atelier");
    assert_eq!(last.span.byte_start, (n - 1) * PARAGRAPH.len() + PARAGRAPH.find("https").unwrap());

    let checker = Checker::new(guide::sample());
    let findings =
        checker.check(&paste, &CheckContext { network: Some("x".into()), ..CheckContext::default() });
    let utm: Vec<_> = findings.iter().filter(|f| f.rule == "links.utm").collect();
    assert_eq!(utm.len(), n, "one missing-UTM finding per link");
    for (k, f) in utm.iter().enumerate().step_by(997) {
        assert_eq!(f.line, k + 1, "finding {k} on the wrong line");
        assert_eq!(f.span.slice(&paste), "https://rouelibre.fr/atelier");
    }
    assert_eq!(findings.iter().filter(|f| f.rule == "length.limit").count(), 1);
}

#[test]
fn ten_thousand_hashtags_hit_the_cap_once_and_leave_no_room() {
    let tags: Vec<String> = (0..10_000).map(|i| format!("#Velo{i}")).collect();
    let draft = format!("Nos ateliers de la semaine {}", tags.join(" "));
    assert_eq!(text::entities(&draft).hashtags.len(), 10_000);

    let sample = guide::sample();
    let max = sample.hashtag_cap(Some("instagram")).max().expect("Instagram caps hashtags");
    let checker = Checker::new(guide::sample());
    let findings =
        checker.check(&draft, &CheckContext { network: Some("instagram".into()), ..CheckContext::default() });
    let cap: Vec<_> = findings.iter().filter(|f| f.rule == "hashtags.count").collect();
    assert_eq!(cap.len(), 1, "one finding for the whole excess");
    assert_eq!(cap[0].level, porte_voix_core::Level::Error, "over the network's own cap");
    assert!(cap[0].message.contains("10000"), "{}", cap[0].message);
    // It spans from the first hashtag over the cap to the last one.
    assert!(cap[0].span.slice(&draft).starts_with(&tags[max]), "{}", &cap[0].span.slice(&draft)[..20]);
    assert!(cap[0].span.slice(&draft).ends_with(&tags[9_999]));

    let instagram = builtin("instagram").unwrap();
    let s = suggest_hashtags(
        &draft,
        &instagram,
        &sample,
        &[],
        &HashtagOptions { campaign: None, lang: None, limit: None },
    );
    assert_eq!((s.room, s.suggestions.len()), (0, 0));
    assert!(s.notes.iter().any(|n| n.contains("10000")), "{:?}", s.notes);

    // Split into a thread, every tag is kept whole and every part is valid.
    let parts = split(&draft, &builtin("x").unwrap(), &SplitOptions::default()).expect("splits");
    assert!(parts.iter().all(|p| p.count.valid));
    let kept: usize = parts.iter().map(|p| text::entities(&p.text).hashtags.len()).sum();
    assert_eq!(kept, 10_000);
}

#[test]
fn a_one_megabyte_paste_splits_into_a_valid_thread() {
    let (paste, n) = one_megabyte_paste();
    let bluesky = builtin("bluesky").unwrap();
    let parts = split(&paste, &bluesky, &SplitOptions::default()).expect("splits");
    assert!(parts.iter().all(|p| p.count.valid));
    // Parts are reasonably full: no fewer than the length allows, and no more than twice that.
    let least = text::count(&paste, &bluesky).length.div_ceil(bluesky.limit);
    assert!(parts.len() >= least && parts.len() <= 2 * least, "{} parts where {least} would do", parts.len());
    let links: usize = parts.iter().map(|p| text::entities(&p.text).urls.len()).sum();
    assert_eq!(links, n, "a link was cut");
}

fn assert_too_deep(src: &str, format: Format) {
    let errors = guide::parse(src, format).expect_err("refused");
    assert!(errors.iter().any(|e| e.message.contains("nested too deeply")), "{format:?}: {errors:?}");
    assert!(errors.iter().all(|e| e.line >= 1 && e.column >= 1 && e.start <= src.len()));
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused_without_overflowing_the_stack() {
    let n = 10_000;
    assert_too_deep(&format!("version = 1\na = {}{}\n", "[".repeat(n), "]".repeat(n)), Format::Toml);
    assert_too_deep(&format!("version = 1\na = {}1{}\n", "{b = ".repeat(n), "}".repeat(n)), Format::Toml);
    assert_too_deep(&format!("version = 1\n[{}]\n", vec!["a"; n].join(".")), Format::Toml);
    assert_too_deep(&format!("version = 1\n[[{}]]\n", vec!["a"; n].join(".")), Format::Toml);
    assert_too_deep(&format!("{}{}", "[".repeat(n), "]".repeat(n)), Format::Json);
    assert_too_deep(&format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n)), Format::Json);
    // Unclosed, too: the parser must stop at the limit, not on the missing brackets.
    assert_too_deep(&"[".repeat(n), Format::Json);
}

#[test]
fn a_five_megabyte_guide_is_refused_with_its_size_and_the_limit() {
    let padding = "# commentaire de remplissage pour grossir le fichier sans rien changer\n";
    let huge = format!("{}{}", guide::SAMPLE_TOML, padding.repeat(5 * 1024 * 1024 / padding.len()));
    assert!(huge.len() > 5 * 1024 * 1024);
    let errors = guide::parse(&huge, Format::Toml).expect_err("refused");
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!((e.line, e.column), (1, 1));
    assert!(e.message.contains(&format!("at most {} KB", MAX_GUIDE_BYTES / 1024)), "{}", e.message);
    assert!(e.message.contains(&format!("{} KB", huge.len().div_ceil(1024))), "{}", e.message);
    // The same in JSON.
    let json = format!("{{\"pad\": \"{}\"}}", "x".repeat(MAX_GUIDE_BYTES));
    assert_eq!(guide::parse(&json, Format::Json).expect_err("refused").len(), 1);
}

#[test]
fn a_guide_just_under_the_size_limit_is_still_read() {
    let padding = "# commentaire de remplissage pour grossir le fichier sans rien changer\n";
    let big = format!(
        "{}{}",
        guide::SAMPLE_TOML,
        padding.repeat((MAX_GUIDE_BYTES - guide::SAMPLE_TOML.len()) / padding.len())
    );
    assert!(big.len() <= MAX_GUIDE_BYTES && big.len() > MAX_GUIDE_BYTES - padding.len());
    let g = guide::parse(&big, Format::Toml).expect("a large but valid guide is accepted");
    assert_eq!(g.brand.name, guide::sample().guide.brand.name);
}

#[test]
fn thousands_of_errors_on_one_line_list_the_first_hundred_then_a_count() {
    let keys: Vec<String> = (0..20_000).map(|i| format!("\"cle{i}\": 1")).collect();
    let src = format!("{{\"version\": 1, \"brand\": {{\"name\": \"X\"}}, {}}}", keys.join(", "));
    let errors = guide::parse(&src, Format::Json).expect_err("refused");
    assert_eq!(errors.len(), MAX_ERRORS + 1);
    let first = &errors[0];
    assert_eq!(first.path, "cle0");
    assert_eq!((first.line, first.column), (1, src.find("\"cle0\"").unwrap() + 1));
    let note = errors.last().unwrap();
    assert!(note.message.starts_with(&format!("{} more errors", 20_000 - MAX_ERRORS)), "{}", note.message);
    assert_eq!(
        note.start,
        src.find(&format!("\"cle{MAX_ERRORS}\"")).unwrap(),
        "the note points at the first error left out"
    );
    // A duplicate key after 20,000 others is still found.
    let dup = format!("{{{}, \"cle7\": 2}}", keys.join(", "));
    let errors = guide::parse(&dup, Format::Json).expect_err("refused");
    assert!(errors[0].message.contains("duplicate key \"cle7\""), "{:?}", errors[0]);
}

#[test]
fn direction_controls_are_flagged_with_a_fix_that_waits_for_a_human() {
    // "Trojan Source": the override makes the end of the post display reversed.
    let draft = "Remise de 10\u{202E} % sur tout\u{202C} le stock, venez vite.";
    let checker = Checker::new(guide::sample());
    let ctx = CheckContext::default();
    let found: Vec<_> =
        checker.check(draft, &ctx).into_iter().filter(|f| f.rule == "text.direction-controls").collect();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].span.slice(draft), "\u{202E}");
    assert!(found[0].message.contains("U+202E"), "{}", found[0].message);
    assert_eq!(found[1].span.slice(draft), "\u{202C}");
    assert_eq!(found[0].replacements, [""]);
    assert!(!found[0].safe_fix, "removing them changes what readers see: a human decides");
    assert_eq!(
        checker.fix(draft, &ctx).matches(['\u{202E}', '\u{202C}']).count(),
        2,
        "not removed by the automatic fix"
    );
    // Accepting the replacement removes exactly the control.
    let mut accepted = found[0].clone();
    accepted.safe_fix = true;
    assert_eq!(fix(draft, &[accepted]), draft.replacen('\u{202E}', "", 1));
    // Isolates are flagged too; the plain marks (LRM, RLM) that right-to-left writing needs are not.
    let isolates = "a \u{2067}b\u{2069} c \u{200F}d\u{200E}";
    let rules: Vec<String> = checker
        .check(isolates, &ctx)
        .into_iter()
        .filter(|f| f.rule == "text.direction-controls")
        .map(|f| f.span.slice(isolates).to_string())
        .collect();
    assert_eq!(rules, ["\u{2067}", "\u{2069}"]);
    // A guide can switch the check off.
    let off = guide::compile(
        &format!(
            "{}\n",
            guide::SAMPLE_TOML.replace("[checks]", "[checks]\n\"text.direction-controls\" = \"off\"")
        ),
        Format::Toml,
    )
    .expect("valid");
    assert!(Checker::new(off).check(draft, &ctx).iter().all(|f| f.rule != "text.direction-controls"));
}

#[test]
fn direction_controls_count_as_the_networks_count_them() {
    let with = "ab\u{202E}cd";
    // X (twitter-text v3): outside the light ranges, a control weighs 2.
    assert_eq!(text::count(with, &builtin("x").unwrap()).length, 4 + 2);
    // Bluesky counts graphemes: a format control is a grapheme of its own.
    assert_eq!(text::count(with, &builtin("bluesky").unwrap()).length, 5);
    // Mastodon and code-point networks count it as one character.
    assert_eq!(text::count(with, &builtin("mastodon").unwrap()).length, 5);
    assert_eq!(text::count(with, &builtin("linkedin").unwrap()).length, 5);
    // Hashtags and mentions stop at a control: the overlay's chips can never carry one.
    let e = text::entities("#ab\u{202E}cd @ef\u{2066}gh");
    assert_eq!((e.hashtags[0].text.as_str(), e.mentions[0].text.as_str()), ("ab", "ef"));
}

#[test]
fn formula_cells_in_a_history_import_stay_text() {
    let csv = "Date,Post text,Likes,Comments,Shares\n\
               2026-03-02 10:00,\"=cmd|' /C calc'!A0\",3,1,0\n\
               2026-03-03 10:00,+SUM(A1:A9),4,0,0\n\
               2026-03-04 10:00,@HYPERLINK(\"http://x\"),5,0,0\n\
               2026-03-05 10:00,-2+3,6,0,0\n\
               2026-03-06 10:00,ok,=1+1,0,0\n";
    let report = import_csv(csv, &ImportOptions::preset(Preset::Linkedin)).expect("readable");
    let texts: Vec<&str> = report.records.iter().map(|r| r.text.as_deref().unwrap_or("")).collect();
    assert_eq!(texts, ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "@HYPERLINK(\"http://x\")", "-2+3"]);
    assert_eq!(report.records.iter().map(|r| r.engagements).collect::<Vec<_>>(), [4, 4, 5, 6]);
    // A formula where a number belongs is refused, not evaluated.
    assert_eq!(report.errors.len(), 1);
    assert_eq!(
        (report.errors[0].value.as_str(), report.errors[0].message.as_str()),
        ("=1+1", "is not a number")
    );
}

#[test]
fn finding_messages_never_carry_a_direction_control_from_the_draft() {
    // The overlay shows messages as text: a control quoted from the draft would reorder the message.
    let drafts: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../../../tests/corpus/drafts.json")).expect("corpus");
    let checker = Checker::new(guide::sample());
    let mut flagged = 0;
    for d in &drafts {
        let text = d["text"].as_str().unwrap();
        // A control after every seventh character, words, entities and punctuation alike.
        let hostile: String = text
            .chars()
            .enumerate()
            .flat_map(|(i, c)| if i % 7 == 6 { vec![c, '\u{202E}'] } else { vec![c] })
            .collect();
        let findings = checker.check(
            &hostile,
            &CheckContext { network: Some("x".into()), sponsored: true, ..CheckContext::default() },
        );
        flagged += findings.iter().filter(|f| f.rule == "text.direction-controls").count();
        for f in &findings {
            assert!(!f.message.contains('\u{202E}'), "{}: {}", f.rule, f.message);
            assert!(
                f.replacements.iter().all(|r| !r.contains('\u{202E}')),
                "{}: {:?}",
                f.rule,
                f.replacements
            );
        }
    }
    assert!(flagged > 100, "every control is flagged ({flagged})");
}
