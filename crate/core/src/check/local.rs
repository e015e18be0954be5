//! Checks that only need one unit of text (a sentence with its trailing spaces): typography,
//! punctuation, shouting, repeated words, word lists, hashtag format, sentence length.
//! Their result is cached by the unit's text, so a keystroke only re-analyses one sentence.

use super::finding::Proto;
use super::lex::{self, at_word_boundary, Folded};
use crate::guide::compile::Owner;
use crate::guide::{CapStyle, CompiledGuide, HashtagCase, Lang, RuleKind, Scope, VoiceEn, VoiceFr};
use crate::text;
use aho_corasick::automaton::Automaton;
use aho_corasick::Input;

/// A term-list match, kept for the post-level rules (occurrence, consistency, conditional...).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub owner: Owner,
    pub start: usize,
    pub end: usize,
}

/// An entity reduced to what the post-level checks need.
#[derive(Debug, Clone)]
pub(crate) struct Ent {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Everything learnt from one unit, offsets relative to the unit.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitAnalysis {
    pub protos: Vec<Proto>,
    pub hits: Vec<Hit>,
    pub hashtags: Vec<Ent>,
    pub mentions: Vec<Ent>,
    pub urls: Vec<Ent>,
    pub emoji: Vec<(usize, usize)>,
    pub tu: Vec<(usize, usize)>,
    pub vous: Vec<(usize, usize)>,
    pub words: usize,
    pub syllables: usize,
    pub sentences: usize,
}

/// Builds a message in the interface language from two format literals.
macro_rules! msg {
    ($ui:expr, $fr:literal, $en:literal) => {
        match $ui {
            Lang::Fr => format!($fr),
            Lang::En => format!($en),
        }
    };
}
pub(crate) use msg;

/// `s` with its first letter upper-cased when `like` starts with an upper-case letter.
pub(crate) fn match_case(s: &str, like: &str) -> String {
    let upper = like.chars().next().is_some_and(char::is_uppercase);
    let mut chars = s.chars();
    match (upper, chars.next()) {
        (true, Some(c)) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

fn owner_group(o: Owner) -> usize {
    match o {
        Owner::Spelling(_) => 0,
        Owner::Avoid(_) => 1,
        Owner::Competitor(_) => 2,
        Owner::Sensitive(_) => 3,
        Owner::Disclosure => 4,
        Owner::Rule { rule, .. } => 10 + rule,
    }
}

struct Ctx<'a> {
    g: &'a CompiledGuide,
    s: &'a str,
    ui: Lang,
    post: Lang,
    entities: Vec<(usize, usize)>,
    out: UnitAnalysis,
}

impl Ctx<'_> {
    /// Whether `start..end` overlaps an entity: a binary search over the merged entity ranges,
    /// since the punctuation pass asks for every character (a unit may hold 10,000 hashtags).
    fn in_entity(&self, start: usize, end: usize) -> bool {
        let i = self.entities.partition_point(|&(_, e)| e <= start);
        self.entities.get(i).is_some_and(|&(s, _)| s < end)
    }

    fn push(&mut self, p: Option<Proto>) {
        if let Some(p) = p {
            self.out.protos.push(p);
        }
    }
}

/// Analyses one unit of a post written in `post`, with messages in `ui`.
pub(crate) fn analyze(g: &CompiledGuide, s: &str, ui: Lang, post: Lang) -> UnitAnalysis {
    let ents = text::entities(s);
    let conv = |v: &Vec<text::Entity>| -> Vec<Ent> {
        v.iter()
            .filter(|e| s.get(e.span.byte_start..e.span.byte_end).is_some())
            .map(|e| Ent { text: e.text.clone(), start: e.span.byte_start, end: e.span.byte_end })
            .collect()
    };
    let mut out = UnitAnalysis {
        hashtags: conv(&ents.hashtags),
        mentions: conv(&ents.mentions),
        urls: conv(&ents.urls),
        ..Default::default()
    };
    let cashtags = conv(&ents.cashtags);
    let mut entities: Vec<(usize, usize)> = out
        .hashtags
        .iter()
        .chain(&out.mentions)
        .chain(&out.urls)
        .chain(&cashtags)
        .map(|e| (e.start, e.end))
        .collect();
    // E-mail addresses are not entities, but words inside them are not prose either.
    entities.extend(text::email_ranges(s));
    crate::sort::sort(&mut entities);
    let entities = merge_ranges(entities);
    out.emoji = lex::emoji(s);
    let mut cx = Ctx { g, s, ui, post, entities, out };
    terms(&mut cx);
    word_pass(&mut cx);
    punctuation(&mut cx);
    hashtags(&mut cx);
    direction_controls(&mut cx);
    cx.out
}

/// Sorted ranges with the overlapping ones merged (an e-mail address may overlap a URL), so that
/// both starts and ends increase and [`Ctx::in_entity`] can search them.
fn merge_ranges(sorted: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match out.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Whether `c` is an invisible control that changes the display order of the text after it
/// (embeddings, overrides and isolates; the plain marks LRM, RLM and ALM are left alone: they
/// only nudge neutral characters and belong in right-to-left writing).
pub(crate) fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text.direction-controls`: invisible bidirectional controls, which make a post display in
/// another order than it reads (the "Trojan Source" trick), inside entities too.
fn direction_controls(cx: &mut Ctx<'_>) {
    let Some(level) = cx.g.level("text.direction-controls") else { return };
    let ui = cx.ui;
    for (at, c) in cx.s.char_indices().filter(|&(_, c)| is_direction_control(c)) {
        let code = format!("U+{:04X}", u32::from(c));
        let message = msg!(
            ui,
            "Caractère invisible de contrôle de direction ({code}) : il change l’ordre d’affichage du texte qui suit. Supprimez-le.",
            "Invisible direction control ({code}): it changes the display order of the text after it. Remove it."
        );
        cx.out.protos.push(
            Proto::new("text.direction-controls", level, message, at, at + c.len_utf8()).fix("", false),
        );
    }
}

fn rule_applies(cx: &Ctx<'_>, rule: usize) -> bool {
    cx.g.guide.rules.get(rule).is_some_and(|r| r.lang.is_none_or(|l| l == cx.post))
}

fn terms(cx: &mut Ctx<'_>) {
    let Some(ac) = cx.g.automaton.as_ref() else { return };
    let folded = Folded::new(cx.s);
    let mut hits: Vec<Hit> = Vec::new();
    // Overlapping search needs standard match semantics and an unanchored start, as the automaton is
    // built (guide/compile.rs): the error cannot happen, and would only mean no term hits.
    let Ok(matches) = ac.try_find_overlapping_iter(Input::new(folded.text.as_str())) else { return };
    for m in matches {
        let (start, end) = folded.original(m.start(), m.end());
        if start >= end || !at_word_boundary(cx.s, start, end) {
            continue;
        }
        let inside = cx.in_entity(start, end);
        for &owner in cx.g.owners.get(m.pattern().as_usize()).map_or(&[][..], |v| v.as_slice()) {
            if inside && !owner.counts_in_entities() {
                continue;
            }
            hits.push(Hit { owner, start, end });
        }
    }
    // Per list, keep the leftmost-longest non-overlapping matches.
    crate::sort::sort_by_key(&mut hits, |h| (owner_group(h.owner), h.start, std::cmp::Reverse(h.end)));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if let Some(last) = kept.last() {
            if owner_group(last.owner) == owner_group(h.owner) && h.start < last.end {
                continue;
            }
        }
        kept.push(h);
    }
    crate::sort::sort_by_key(&mut kept, |h| (h.start, h.end));
    let g = cx.g;
    let ui = cx.ui;
    let mut prev_rule_hit: Vec<Option<Hit>> = vec![None; g.guide.rules.len()];
    for h in &kept {
        let m = &cx.s[h.start..h.end];
        let p = match h.owner {
            Owner::Spelling(i) => {
                let canon = &g.guide.terms.spellings[i];
                let level = g.level("terms.spelling");
                if m == canon
                    || m == match_case(canon, "A")
                        && m.chars().next() != canon.chars().next()
                        && cx.s[..h.start].trim_end().is_empty()
                {
                    None
                } else {
                    level.map(|l| {
                        Proto::new(
                            "terms.spelling",
                            l,
                            msg!(
                                ui,
                                "Écrivez « {canon} » (orthographe de la marque), pas « {m} ».",
                                "Write \"{canon}\" (brand spelling), not \"{m}\"."
                            ),
                            h.start,
                            h.end,
                        )
                        .fix(canon.clone(), true)
                    })
                }
            }
            Owner::Avoid(i) => {
                let a = &g.guide.terms.avoid[i];
                g.level("terms.avoid").map(|l| {
                    let text = if a.replacements.is_empty() {
                        msg!(ui, "Évitez « {m} » (ligne éditoriale).", "Avoid \"{m}\" (editorial line).")
                    } else {
                        let r = a.replacements.join(" », « ");
                        let re = a.replacements.join("\", \"");
                        msg!(ui, "Évitez « {m} » ; préférez « {r} ».", "Avoid \"{m}\"; prefer \"{re}\".")
                    };
                    Proto::new("terms.avoid", l, text, h.start, h.end)
                        .suggest(a.replacements.iter().map(|r| match_case(r, m)))
                })
            }
            Owner::Competitor(_) => g.level("terms.competitor").map(|l| {
                Proto::new(
                    "terms.competitor",
                    l,
                    msg!(
                        ui,
                        "« {m} » est un concurrent : vérifiez que le citer est voulu.",
                        "\"{m}\" is a competitor: make sure naming them is intended."
                    ),
                    h.start,
                    h.end,
                )
            }),
            Owner::Sensitive(_) => g.level("terms.sensitive").map(|l| {
                let who = g
                    .guide
                    .terms
                    .approver
                    .clone()
                    .unwrap_or_else(|| msg!(ui, "la personne qui valide", "the approver"));
                Proto::new(
                    "terms.sensitive",
                    l,
                    msg!(
                        ui,
                        "« {m} » est un sujet sensible : faites valider ce post par {who}.",
                        "\"{m}\" is sensitive: have this post approved by {who}."
                    ),
                    h.start,
                    h.end,
                )
            }),
            Owner::Disclosure => None,
            Owner::Rule { rule, a, b: _ } => {
                if !rule_applies(cx, rule) {
                    continue;
                }
                let r = &g.guide.rules[rule];
                let base = |replacement: &str| {
                    r.message.get(ui).replace("{match}", m).replace("{replacement}", replacement)
                };
                let id = format!("custom.{}", r.id);
                match &r.kind {
                    RuleKind::Existence { .. } => Some(Proto::new(id, r.level, base(""), h.start, h.end)),
                    RuleKind::Substitution { swap, autofix } => swap.get(a).map(|(_, rep)| {
                        let rep = match_case(rep, m);
                        Proto::new(id, r.level, base(&rep), h.start, h.end).fix(rep, *autofix)
                    }),
                    RuleKind::Repetition { .. } => {
                        let prev = prev_rule_hit[rule];
                        prev_rule_hit[rule] = Some(*h);
                        prev.filter(|p| {
                            cx.s.get(p.end..h.start)
                                .is_some_and(|gap| !gap.is_empty() && gap.chars().all(char::is_whitespace))
                                && lex::fold(&cx.s[p.start..p.end]) == lex::fold(m)
                        })
                        .map(|p| Proto::new(id, r.level, base(""), p.end, h.end).fix("", false))
                    }
                    _ => None,
                }
            }
        };
        cx.push(p);
    }
    // Sentence-scoped occurrence rules count within this unit.
    for (ri, r) in g.guide.rules.iter().enumerate() {
        if let (RuleKind::Occurrence { max: Some(max), .. }, Scope::Sentence) = (&r.kind, r.scope) {
            if !rule_applies(cx, ri) {
                continue;
            }
            let mine: Vec<&Hit> =
                kept.iter().filter(|h| matches!(h.owner, Owner::Rule { rule, .. } if rule == ri)).collect();
            for h in mine.iter().skip(*max) {
                let m = &cx.s[h.start..h.end];
                cx.out.protos.push(Proto::new(
                    format!("custom.{}", r.id),
                    r.level,
                    r.message.get(ui).replace("{match}", m),
                    h.start,
                    h.end,
                ));
            }
        }
    }
    cx.out.hits = kept;
}

const TU: &[&str] = &["tu", "toi", "te", "ton", "ta", "tes", "tien", "tienne", "tiens", "tiennes"];
const VOUS: &[&str] = &["vous", "votre", "vos", "vôtre", "vôtres"];
const STIFF: &[&str] =
    &["hereby", "henceforth", "aforementioned", "herewith", "pursuant", "thereof", "whereas", "kindly"];
const SLANG: &[&str] = &["gonna", "wanna", "gotta", "kinda", "sorta", "dunno", "y'all"];
const REPEAT_OK: &[&str] = &["nous", "vous", "that", "had", "is", "bye", "très", "plus", "tout"];

/// The expansion of an English contraction (`don't` → `do not`).
fn expand(stem: &str, tail: &str) -> Option<String> {
    let low = stem.to_lowercase();
    Some(match tail {
        "t" => match low.as_str() {
            "can" => "cannot".to_string(),
            "won" => "will not".to_string(),
            "shan" => "shall not".to_string(),
            _ if low.ends_with('n') && low.len() > 2 => format!("{} not", &stem[..stem.len() - 1]),
            _ => return None,
        },
        "re" => format!("{stem} are"),
        "ve" => format!("{stem} have"),
        "ll" => format!("{stem} will"),
        "m" if low == "i" => "I am".to_string(),
        "d" => format!("{stem} would"),
        _ => return None,
    })
}

fn word_pass(cx: &mut Ctx<'_>) {
    let g = cx.g;
    let (ui, post, s) = (cx.ui, cx.post, cx.s);
    let words: Vec<(usize, usize)> = lex::words(s).filter(|&(a, b)| !cx.in_entity(a, b)).collect();
    cx.out.words = words.len();
    cx.out.sentences = usize::from(!words.is_empty());
    let lowered: Vec<std::borrow::Cow<'_, str>> = words.iter().map(|&(a, b)| lex::lower(&s[a..b])).collect();
    cx.out.syllables = lowered.iter().map(|w| lex::syllables(w, post)).sum();

    let register = g.level("voice.register");
    let max_words = g.number("sentence.length", "max_words").unwrap_or(25.0).max(1.0) as usize;
    if let Some(l) = g.level("sentence.length") {
        if words.len() > max_words {
            let n = words.len();
            let end = s.trim_end().len();
            cx.out.protos.push(Proto::new(
                "sentence.length",
                l,
                msg!(
                    ui,
                    "Phrase de {n} mots (maximum {max_words}) : coupez-la.",
                    "Sentence of {n} words (at most {max_words}): split it."
                ),
                0,
                end,
            ));
        }
    }

    let shout_allow = g.list("style.shouting", "allow");
    let shout_min = g.number("style.shouting", "min_letters").unwrap_or(7.0) as usize;
    let repeat_allow = g.list("words.repeated", "allow");
    let mut run: Option<(usize, usize, usize, usize)> = None; // start, end, letters, words
    let flush = |run: &mut Option<(usize, usize, usize, usize)>, protos: &mut Vec<Proto>| {
        if let (Some((a, b, letters, _)), Some(l)) = (run.take(), g.level("style.shouting")) {
            if letters >= shout_min {
                let m = &s[a..b];
                let lower = m.to_lowercase();
                protos.push(
                    Proto::new(
                        "style.shouting",
                        l,
                        msg!(
                            ui,
                            "« {m} » en majuscules donne l’impression de crier ; écrivez en minuscules.",
                            "\"{m}\" in capitals reads as shouting; use lower case."
                        ),
                        a,
                        b,
                    )
                    .suggest([match_case(&lower, "A")]),
                );
            }
        }
    };
    for (i, &(a, b)) in words.iter().enumerate() {
        let w = &s[a..b];
        let lw: &str = &lowered[i];
        // Shouting: runs of all-caps words. Only cased letters count: Japanese, Chinese, Arabic or
        // Hebrew have no lower case and never shout.
        let letters = w.chars().filter(|c| c.is_uppercase()).count();
        let caps = letters >= 2
            && !w.chars().any(char::is_lowercase)
            && !shout_allow.iter().any(|x| x == w)
            && !g.guide.terms.spellings.iter().any(|x| x == w);
        if caps {
            let joined =
                run.is_some_and(|(_, e, _, _)| s[e..a].chars().all(|c| !c.is_alphanumeric() && c != '\n'));
            match &mut run {
                Some(r) if joined => {
                    r.1 = b;
                    r.2 += letters;
                    r.3 += 1;
                }
                _ => {
                    flush(&mut run, &mut cx.out.protos);
                    run = Some((a, b, letters, 1));
                }
            }
        } else {
            flush(&mut run, &mut cx.out.protos);
        }
        // Repeated words.
        if i > 0 {
            let (_pa, pb) = words[i - 1];
            let gap = &s[pb..a];
            if !gap.is_empty()
                && gap.chars().all(|c| c == ' ' || c == '\u{a0}')
                && lowered[i - 1] == lw
                && !lw.chars().all(|c| c.is_ascii_digit())
            {
                let allowed = REPEAT_OK.contains(&lw) || repeat_allow.iter().any(|x| x.to_lowercase() == lw);
                if let (false, Some(l)) = (allowed, g.level("words.repeated")) {
                    cx.out.protos.push(
                        Proto::new(
                            "words.repeated",
                            l,
                            msg!(ui, "« {w} » est répété.", "\"{w}\" is repeated."),
                            pb,
                            b,
                        )
                        .fix("", true),
                    );
                }
                for (ri, r) in g.guide.rules.iter().enumerate() {
                    if matches!(&r.kind, RuleKind::Repetition { tokens } if tokens.is_empty())
                        && rule_applies(cx, ri)
                    {
                        cx.out.protos.push(
                            Proto::new(
                                format!("custom.{}", r.id),
                                r.level,
                                r.message.get(ui).replace("{match}", w),
                                pb,
                                b,
                            )
                            .fix("", false),
                        );
                    }
                }
            }
        }
        // Voice.
        let prev_word = if i > 0 { Some(&*lowered[i - 1]) } else { None };
        let next_char = s[b..].chars().next();
        match post {
            Lang::Fr => {
                let is_tu = TU.contains(&lw)
                    && !(lw == "ton"
                        && prev_word
                            .is_some_and(|p| ["le", "un", "du", "de", "ce", "même", "quel"].contains(&p)))
                    || lw == "t" && matches!(next_char, Some('\'' | '’')) && !s[..a].ends_with('-');
                if is_tu {
                    cx.out.tu.push((a, b));
                    if let (Some(VoiceFr::Vous), Some(l)) = (g.guide.brand.voice_fr, register) {
                        cx.out.protos.push(Proto::new(
                            "voice.register",
                            l,
                            msg!(
                                ui,
                                "« {w} » tutoie : la marque vouvoie ses lecteurs.",
                                "\"{w}\" uses \"tu\": the brand addresses readers as \"vous\"."
                            ),
                            a,
                            b,
                        ));
                    }
                } else if VOUS.contains(&lw) {
                    cx.out.vous.push((a, b));
                    if let (Some(VoiceFr::Tu), Some(l)) = (g.guide.brand.voice_fr, register) {
                        cx.out.protos.push(Proto::new(
                            "voice.register",
                            l,
                            msg!(
                                ui,
                                "« {w} » vouvoie : la marque tutoie ses lecteurs.",
                                "\"{w}\" uses \"vous\": the brand addresses readers as \"tu\"."
                            ),
                            a,
                            b,
                        ));
                    }
                }
            }
            Lang::En => {
                let Some(l) = register else { continue };
                match g.guide.brand.voice_en {
                    Some(VoiceEn::Formal) => {
                        if SLANG.contains(&lw) {
                            cx.out.protos.push(Proto::new(
                                "voice.register",
                                l,
                                msg!(
                                    ui,
                                    "« {w} » est familier pour une marque au ton soutenu.",
                                    "\"{w}\" is slang; the brand's register is formal."
                                ),
                                a,
                                b,
                            ));
                        } else if let (Some('\'' | '’'), Some(&(na, nb))) = (next_char, words.get(i + 1)) {
                            if na == b + next_char.map_or(1, char::len_utf8) {
                                if let Some(full) = expand(w, &s[na..nb].to_lowercase()) {
                                    let m = &s[a..nb];
                                    cx.out.protos.push(Proto::new("voice.register", l, msg!(ui, "Contraction « {m} » : la marque a un ton soutenu, écrivez « {full} ».", "Contraction \"{m}\": the brand's register is formal, write \"{full}\"."), a, nb).suggest([match_case(&full, w)]));
                                }
                            }
                        }
                    }
                    Some(VoiceEn::Casual) if STIFF.contains(&lw) => {
                        cx.out.protos.push(Proto::new(
                            "voice.register",
                            l,
                            msg!(
                                ui,
                                "« {w} » est guindé pour une marque au ton détendu.",
                                "\"{w}\" sounds stiff; the brand's register is casual."
                            ),
                            a,
                            b,
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
    flush(&mut run, &mut cx.out.protos);

    // Sentence-scoped capitalization rules.
    if let Some(&(a, b)) = words.first() {
        for (ri, r) in g.guide.rules.iter().enumerate() {
            if let (RuleKind::Capitalization { style }, Scope::Sentence) = (&r.kind, r.scope) {
                if !rule_applies(cx, ri) {
                    continue;
                }
                let end = s.trim_end().len();
                let bad = match style {
                    CapStyle::Sentence => {
                        let starts_sentence = s[..a].chars().all(|c| !c.is_alphanumeric());
                        starts_sentence && s[a..b].chars().next().is_some_and(char::is_lowercase)
                    }
                    CapStyle::Lower => s[..end].chars().any(char::is_uppercase),
                    CapStyle::Upper => s[..end].chars().any(char::is_lowercase),
                    CapStyle::Camel => false,
                };
                if bad {
                    let w = &s[a..b];
                    let (fa, fb, rep) = match style {
                        CapStyle::Sentence => (a, b, match_case(w, "A")),
                        CapStyle::Lower => (0, end, s[..end].to_lowercase()),
                        _ => (0, end, s[..end].to_uppercase()),
                    };
                    cx.out.protos.push(
                        Proto::new(
                            format!("custom.{}", r.id),
                            r.level,
                            r.message.get(ui).replace("{match}", &s[fa..fb]),
                            fa,
                            fb,
                        )
                        .fix(rep, false),
                    );
                }
            }
        }
    }
}

fn punctuation(cx: &mut Ctx<'_>) {
    let g = cx.g;
    let (ui, s) = (cx.ui, cx.s);
    let fr = cx.post == Lang::Fr;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let lv_rep = g.level("style.repeated-punctuation");
    let lv_sp = if fr { g.level("typography.fr-spacing") } else { None };
    let lv_ap = if fr { g.level("typography.apostrophe") } else { None };
    let lv_el = if fr { g.level("typography.ellipsis") } else { None };
    let lv_ds = g.level("typography.double-space");
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|x| x.1);
        if cx.in_entity(at, at + c.len_utf8()) {
            i += 1;
            continue;
        }
        // Runs of the same family of punctuation.
        if matches!(c, '!' | '?' | '.' | ',' | ';') {
            let family = |x: char| if matches!(c, '!' | '?') { matches!(x, '!' | '?') } else { x == c };
            let mut j = i + 1;
            while j < chars.len() && family(chars[j].1) {
                j += 1;
            }
            let end = chars.get(j).map_or(s.len(), |x| x.0);
            let len = j - i;
            if c == '.' && len == 3 {
                if let Some(l) = lv_el {
                    cx.out.protos.push(
                        Proto::new(
                            "typography.ellipsis",
                            l,
                            msg!(
                                ui,
                                "Utilisez le caractère « … » plutôt que trois points.",
                                "Use the ellipsis character \"…\" rather than three dots."
                            ),
                            at,
                            end,
                        )
                        .fix("…", true),
                    );
                }
            } else if len >= 2 {
                if let Some(l) = lv_rep {
                    let run = &s[at..end];
                    let rep = if c == '.' && len > 3 { "…".to_string() } else { c.to_string() };
                    cx.out.protos.push(
                        Proto::new(
                            "style.repeated-punctuation",
                            l,
                            msg!(
                                ui,
                                "« {run} » : une seule ponctuation suffit.",
                                "\"{run}\": one punctuation mark is enough."
                            ),
                            at,
                            end,
                        )
                        .fix(rep, true),
                    );
                }
            }
            if len >= 2 {
                // French spacing is checked before the first mark of the run only.
                if c != '.' {
                    french_space(cx, &chars, i, lv_sp);
                }
                i = j;
                continue;
            }
        }
        if matches!(c, '!' | '?' | ';' | ':') {
            french_space(cx, &chars, i, lv_sp);
        }
        if let Some(l) = lv_sp {
            if c == '«' {
                match next {
                    Some(' ') => cx.out.protos.push(
                        Proto::new(
                            "typography.fr-spacing",
                            l,
                            msg!(
                                ui,
                                "Espace insécable après « (pas une espace simple).",
                                "No-break space after « (not a plain space)."
                            ),
                            at + 2,
                            at + 3,
                        )
                        .fix("\u{a0}", true),
                    ),
                    Some(n) if !n.is_whitespace() && n != '\u{a0}' && n != '\u{202f}' => cx.out.protos.push(
                        Proto::new(
                            "typography.fr-spacing",
                            l,
                            msg!(
                                ui,
                                "Espace insécable manquante après « .",
                                "Missing no-break space after « ."
                            ),
                            at,
                            at + 2,
                        )
                        .fix("«\u{a0}", true),
                    ),
                    _ => {}
                }
            } else if c == '»' {
                match prev {
                    Some(' ') if i >= 2 && !chars[i - 2].1.is_whitespace() => cx.out.protos.push(
                        Proto::new(
                            "typography.fr-spacing",
                            l,
                            msg!(
                                ui,
                                "Espace insécable avant » (pas une espace simple).",
                                "No-break space before » (not a plain space)."
                            ),
                            at - 1,
                            at,
                        )
                        .fix("\u{a0}", true),
                    ),
                    Some(p) if !p.is_whitespace() && p != '\u{202f}' => cx.out.protos.push(
                        Proto::new(
                            "typography.fr-spacing",
                            l,
                            msg!(
                                ui,
                                "Espace insécable manquante avant » .",
                                "Missing no-break space before » ."
                            ),
                            at,
                            at + 2,
                        )
                        .fix("\u{a0}»", true),
                    ),
                    _ => {}
                }
            }
        }
        if c == '\'' {
            if let (Some(l), Some(p), Some(n)) = (lv_ap, prev, next) {
                if p.is_alphabetic() && n.is_alphabetic() {
                    cx.out.protos.push(
                        Proto::new(
                            "typography.apostrophe",
                            l,
                            msg!(
                                ui,
                                "Apostrophe typographique : écrivez ’ plutôt que '.",
                                "Typographic apostrophe: write ’ rather than '."
                            ),
                            at,
                            at + 1,
                        )
                        .fix("’", true),
                    );
                }
            }
        }
        if c == ' ' && next == Some(' ') {
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 == ' ' {
                j += 1;
            }
            let end = chars.get(j).map_or(s.len(), |x| x.0);
            if let (Some(l), Some(p)) = (lv_ds, prev) {
                if !p.is_whitespace() {
                    cx.out.protos.push(
                        Proto::new(
                            "typography.double-space",
                            l,
                            msg!(
                                ui,
                                "Espaces multiples : une seule suffit.",
                                "Several spaces in a row: one is enough."
                            ),
                            at,
                            end,
                        )
                        .fix(" ", true),
                    );
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
}

/// French spacing before the high punctuation at `chars[i]`.
fn french_space(cx: &mut Ctx<'_>, chars: &[(usize, char)], i: usize, level: Option<crate::guide::Level>) {
    let Some(l) = level else { return };
    let (at, c) = chars[i];
    let ui = cx.ui;
    let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
    let before_prev = if i > 1 { Some(chars[i - 2].1) } else { None };
    let next = chars.get(i + 1).map(|x| x.1);
    if next.is_some_and(|n| n.is_alphanumeric() || n == '/') {
        return; // 10:30, ratio 3:2, a=b;c — not prose punctuation.
    }
    if matches!(c, ':' | ';') && next.is_some_and(|n| matches!(n, ')' | '(' | '-' | 'D' | 'P' | 'p' | '|')) {
        return; // smileys
    }
    let space = if c == ':' { '\u{a0}' } else { '\u{202f}' };
    let name_fr = if c == ':' { "insécable" } else { "fine insécable" };
    let name_en = if c == ':' { "no-break space" } else { "narrow no-break space" };
    match prev {
        Some(' ') if before_prev.is_some_and(|p| !p.is_whitespace()) => {
            cx.out.protos.push(
                Proto::new(
                    "typography.fr-spacing",
                    l,
                    msg!(
                        ui,
                        "Avant « {c} », mettez une espace {name_fr} (pas une espace simple).",
                        "Before \"{c}\", use a {name_en} (not a plain space)."
                    ),
                    at - 1,
                    at,
                )
                .fix(space.to_string(), true),
            );
        }
        Some(p)
            if !p.is_whitespace()
                && p != '\u{a0}'
                && p != '\u{202f}'
                && (p.is_alphanumeric()
                    || matches!(p, '»' | ')' | '"' | '’' | '\'')
                    || lex::is_emoji(&p.to_string())) =>
        {
            cx.out.protos.push(
                Proto::new(
                    "typography.fr-spacing",
                    l,
                    msg!(
                        ui,
                        "Il manque une espace {name_fr} avant « {c} ».",
                        "Missing {name_en} before \"{c}\"."
                    ),
                    at,
                    at + c.len_utf8(),
                )
                .fix(format!("{space}{c}"), true),
            );
        }
        _ => {}
    }
}

fn hashtags(cx: &mut Ctx<'_>) {
    let g = cx.g;
    let ui = cx.ui;
    let tags = std::mem::take(&mut cx.out.hashtags);
    for h in &tags {
        let tag = &h.text;
        let folded = lex::fold(tag);
        if g.is_banned_hashtag(tag) {
            if let Some(l) = g.level("hashtags.banned") {
                cx.out.protos.push(Proto::new(
                    "hashtags.banned",
                    l,
                    msg!(ui, "#{tag} est interdit par la charte.", "#{tag} is banned by the style guide."),
                    h.start,
                    h.end,
                ));
            }
        }
        let library = g.guide.hashtags.library.iter().find(|t| lex::fold(&t.tag) == folded && t.tag != *tag);
        if let Some(l) = g.level("hashtags.case") {
            let letters: Vec<char> = tag.chars().filter(|c| c.is_alphabetic()).collect();
            let problem = match g.guide.hashtags.case {
                HashtagCase::Camel => {
                    library.is_some()
                        || tag.chars().next().is_some_and(char::is_lowercase)
                        || letters.len() >= 5 && letters.iter().all(|c| c.is_uppercase())
                }
                HashtagCase::Lower => tag.chars().any(char::is_uppercase),
                HashtagCase::Any => false,
            };
            if problem {
                let (rep, safe) = match (library, g.guide.hashtags.case) {
                    (Some(t), _) => (Some(t.tag.clone()), true),
                    (None, HashtagCase::Lower) => (Some(tag.to_lowercase()), true),
                    (None, _) if tag.chars().next().is_some_and(char::is_lowercase) => {
                        (Some(match_case(tag, "A")), false)
                    }
                    _ => (None, false),
                };
                let p = match g.guide.hashtags.case {
                    HashtagCase::Lower => Proto::new("hashtags.case", l, msg!(ui, "#{tag} : la charte veut des hashtags en minuscules.", "#{tag}: the guide wants lower-case hashtags."), h.start, h.end),
                    _ => Proto::new("hashtags.case", l, msg!(ui, "#{tag} : écrivez les hashtags en CamelCase (#RoueLibre), lisibles par les lecteurs d’écran.", "#{tag}: write hashtags in CamelCase (#RoueLibre) so screen readers can read them."), h.start, h.end),
                };
                cx.out.protos.push(match rep {
                    Some(r) => p.fix(format!("#{r}"), safe),
                    None => p,
                });
            }
        }
        for (ri, r) in g.guide.rules.iter().enumerate() {
            if r.scope != Scope::Hashtags || !rule_applies(cx, ri) {
                continue;
            }
            let id = format!("custom.{}", r.id);
            let m = &cx.s[h.start..h.end];
            let bad = match &r.kind {
                RuleKind::Existence { tokens } => {
                    tokens.iter().any(|t| lex::fold(t.trim_start_matches('#')) == folded)
                }
                RuleKind::Capitalization { style } => match style {
                    CapStyle::Camel => tag.chars().next().is_some_and(char::is_lowercase),
                    CapStyle::Lower => tag.chars().any(char::is_uppercase),
                    CapStyle::Upper => tag.chars().any(char::is_lowercase),
                    CapStyle::Sentence => tag.chars().next().is_some_and(char::is_lowercase),
                },
                _ => false,
            };
            if bad {
                cx.out.protos.push(Proto::new(
                    id,
                    r.level,
                    r.message.get(ui).replace("{match}", m),
                    h.start,
                    h.end,
                ));
            }
        }
    }
    cx.out.hashtags = tags;
}
