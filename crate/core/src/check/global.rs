//! Checks that need the whole post: length, hashtag count and wall, campaign tags, mentions,
//! emoji count, mixed tu/vous, readability, disclosure, links, and the post-scoped custom rules.

use super::finding::Proto;
use super::lex;
use super::local::{match_case, msg, Ent, Hit};
use super::CheckContext;
use crate::guide::compile::Owner;
use crate::guide::{CompiledGuide, EmojiMode, Lang, MentionPolicy, Metric, RuleKind, Scope, ShortenerPolicy};
use crate::text;

/// The post-level facts gathered from every unit, with absolute byte offsets.
#[derive(Default)]
pub(crate) struct Post {
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

/// A readability score: Kandel-Moles for French, Flesch reading ease for English.
pub fn readability(words: usize, sentences: usize, syllables: usize, metric: Metric, lang: Lang) -> f64 {
    let w = words.max(1) as f64;
    let per_sentence = w / sentences.max(1) as f64;
    let per_word = syllables as f64 / w;
    let kandel = matches!((metric, lang), (Metric::KandelMoles, _) | (Metric::Auto, Lang::Fr));
    if kandel {
        207.0 - 1.015 * per_sentence - 73.6 * per_word
    } else {
        206.835 - 1.015 * per_sentence - 84.6 * per_word
    }
}

fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let h = authority.split(':').next().unwrap_or("");
    h.trim_start_matches("www.").to_ascii_lowercase()
}

fn on_domain(host: &str, domain: &str) -> bool {
    host == domain || host.ends_with(domain) && host[..host.len() - domain.len()].ends_with('.')
}

/// Runs every post-level check.
pub(crate) fn run(
    g: &CompiledGuide,
    text_: &str,
    ctx: &CheckContext,
    post_lang: Lang,
    p: &Post,
    out: &mut Vec<Proto>,
) {
    let ui = ctx.lang;
    let trimmed_end = text_.trim_end().len();
    let trimmed_start = text_.len() - text_.trim_start().len();
    let whole = (trimmed_start, trimmed_end.max(trimmed_start));
    let net = ctx.network.as_deref().and_then(|n| g.network(n));

    // Length.
    if let Some(net) = net {
        let c = text::count(text_, &net.profile);
        let (length, limit) = (c.length, c.limit);
        if !c.valid {
            if let Some(l) = g.level("length.limit") {
                let over = length.saturating_sub(limit);
                let start = overflow_start(text_, &net.profile);
                let name = &net.profile.name;
                out.push(Proto::new(
                    "length.limit",
                    l,
                    msg!(
                        ui,
                        "{length}/{limit} : {over} de trop pour {name}.",
                        "{length}/{limit}: {over} over the {name} limit."
                    ),
                    start,
                    trimmed_end.max(start),
                ));
            }
        } else if let Some(l) = g.level("length.ideal") {
            if let Some(min) = net.ideal_min.filter(|&m| length < m) {
                out.push(Proto::new(
                    "length.ideal",
                    l,
                    msg!(
                        ui,
                        "{length} caractères : la charte vise au moins {min} sur ce réseau.",
                        "{length} characters: the guide aims for at least {min} on this network."
                    ),
                    whole.0,
                    whole.1,
                ));
            } else if let Some(max) = net.ideal_max.filter(|&m| length > m) {
                out.push(Proto::new(
                    "length.ideal",
                    l,
                    msg!(
                        ui,
                        "{length} caractères : la charte vise au plus {max} sur ce réseau.",
                        "{length} characters: the guide aims for at most {max} on this network."
                    ),
                    whole.0,
                    whole.1,
                ));
            }
        }
    }

    // Hashtag count.
    let cap = g.hashtag_cap(ctx.network.as_deref());
    let (max, hard_max) = (cap.max(), cap.network);
    if let (Some(max), Some(l)) = (max, g.level("hashtags.count")) {
        let n = p.hashtags.len();
        if n > max {
            let hard = hard_max.is_some_and(|h| n > h);
            let level = if hard { crate::guide::Level::Error } else { l };
            let first = &p.hashtags[max];
            let last = &p.hashtags[n - 1];
            out.push(Proto::new(
                "hashtags.count",
                level,
                msg!(ui, "{n} hashtags : {max} au maximum.", "{n} hashtags: {max} at most."),
                first.start,
                last.end,
            ));
        }
    }

    // Hashtag wall: hashtags piled at the end of the post.
    if let Some(l) = g.level("hashtags.wall") {
        let mut pos = trimmed_end;
        let mut count = 0;
        let mut start = pos;
        for h in p.hashtags.iter().rev() {
            if h.end == pos
                || text_
                    .get(h.end..pos)
                    .is_some_and(|gap| gap.chars().all(|c| c.is_whitespace() || c == ',' || c == '·'))
            {
                count += 1;
                start = h.start;
                pos = h.start;
            } else {
                break;
            }
        }
        let min = g.guide.hashtags.wall_min;
        if count >= min {
            out.push(Proto::new("hashtags.wall", l, msg!(ui, "Mur de {count} hashtags en fin de post : gardez les plus utiles ou intégrez-les au texte.", "A wall of {count} hashtags at the end: keep the most useful or weave them into the text."), start, trimmed_end));
        }
    }

    // Campaign hashtags.
    if let (Some(campaign), Some(l)) = (ctx.campaign.as_deref(), g.level("hashtags.campaign")) {
        if let Some(tags) = g.campaign_tags(campaign) {
            for tag in tags {
                let f = lex::fold(tag);
                if !p.hashtags.iter().any(|h| lex::fold(&h.text) == f) {
                    out.push(
                        Proto::new(
                            "hashtags.campaign",
                            l,
                            msg!(
                                ui,
                                "La campagne « {campaign} » demande #{tag}.",
                                "Campaign \"{campaign}\" requires #{tag}."
                            ),
                            trimmed_end,
                            trimmed_end,
                        )
                        .suggest([format!(" #{tag}")]),
                    );
                }
            }
        }
    }

    // Mentions.
    if let Some(l) = g.level("mentions.policy") {
        let policy =
            net.map_or(g.guide.networks.defaults.mentions.unwrap_or(MentionPolicy::Allowed), |n| n.mentions);
        let max_m = net.map_or(g.guide.networks.defaults.max_mentions, |n| n.max_mentions);
        for m in &p.mentions {
            let name = &m.text;
            match policy {
                MentionPolicy::None => out.push(Proto::new(
                    "mentions.policy",
                    l,
                    msg!(
                        ui,
                        "@{name} : la charte n’autorise pas de mention sur ce réseau.",
                        "@{name}: the guide allows no mentions on this network."
                    ),
                    m.start,
                    m.end,
                )),
                MentionPolicy::Listed if !g.listed_mentions.contains(&lex::fold(name)) => {
                    out.push(Proto::new(
                        "mentions.policy",
                        l,
                        msg!(
                            ui,
                            "@{name} n’est pas dans la liste des comptes que la charte permet de mentionner.",
                            "@{name} is not among the accounts the guide allows to mention."
                        ),
                        m.start,
                        m.end,
                    ))
                }
                _ => {}
            }
        }
        if let Some(max) = max_m {
            let n = p.mentions.len();
            if n > max && policy != MentionPolicy::None {
                out.push(Proto::new(
                    "mentions.policy",
                    l,
                    msg!(ui, "{n} mentions : {max} au maximum.", "{n} mentions: {max} at most."),
                    p.mentions[max].start,
                    p.mentions[n - 1].end,
                ));
            }
        }
    }

    // Emoji.
    let emoji = &g.guide.brand.emoji;
    if let Some(l) = g.level("emoji.allowed") {
        for &(a, b) in &p.emoji {
            let e = &text_[a..b];
            match emoji.policy {
                EmojiMode::None => out.push(
                    Proto::new(
                        "emoji.allowed",
                        l,
                        msg!(ui, "{e} : la charte n’utilise pas d’emoji.", "{e}: the guide uses no emoji."),
                        a,
                        b,
                    )
                    .fix("", false),
                ),
                EmojiMode::Listed if !g.allowed_emoji.contains(&e.replace('\u{fe0f}', "")) => {
                    let list = emoji.allowed.join(" ");
                    out.push(Proto::new(
                        "emoji.allowed",
                        l,
                        msg!(
                            ui,
                            "{e} n’est pas dans les emoji de la marque ({list}).",
                            "{e} is not one of the brand's emoji ({list})."
                        ),
                        a,
                        b,
                    ));
                }
                _ => {}
            }
        }
    }
    if let (Some(max), Some(l)) = (emoji.max_per_post, g.level("emoji.count")) {
        let n = p.emoji.len();
        if n > max && emoji.policy != EmojiMode::None {
            out.push(Proto::new(
                "emoji.count",
                l,
                msg!(ui, "{n} emoji : {max} au maximum.", "{n} emoji: {max} at most."),
                p.emoji[max].0,
                p.emoji[n - 1].1,
            ));
        }
    }

    // Mixed tu / vous (when the guide does not fix the voice, or that check is off).
    if post_lang == Lang::Fr && !p.tu.is_empty() && !p.vous.is_empty() {
        let register_on = g.guide.brand.voice_fr.is_some() && g.level("voice.register").is_some();
        if let (false, Some(l)) = (register_on, g.level("voice.mixed")) {
            let tu_first = p.tu[0].0 < p.vous[0].0;
            let minority = if p.tu.len() < p.vous.len() || p.tu.len() == p.vous.len() && !tu_first {
                &p.tu
            } else {
                &p.vous
            };
            for &(a, b) in minority {
                let w = &text_[a..b];
                out.push(Proto::new(
                    "voice.mixed",
                    l,
                    msg!(
                        ui,
                        "« {w} » : ce post mélange tutoiement et vouvoiement.",
                        "\"{w}\": this post mixes \"tu\" and \"vous\"."
                    ),
                    a,
                    b,
                ));
            }
        }
    }

    // Readability.
    if let Some(l) = g.level("readability.score") {
        let min_words = g.number("readability.score", "min_words").unwrap_or(20.0) as usize;
        let min = g.number("readability.score", "min_score").unwrap_or(40.0);
        if p.words >= min_words {
            let score = readability(p.words, p.sentences, p.syllables, Metric::Auto, post_lang);
            if score < min {
                let s = score.round();
                let name = if post_lang == Lang::Fr { "Kandel-Moles" } else { "Flesch" };
                out.push(Proto::new(
                    "readability.score",
                    l,
                    msg!(
                        ui,
                        "Lisibilité {s} ({name}, minimum {min}) : phrases plus courtes, mots plus simples.",
                        "Readability {s} ({name}, minimum {min}): shorter sentences, simpler words."
                    ),
                    whole.0,
                    whole.1,
                ));
            }
        }
    }

    // Disclosure of sponsored posts.
    if ctx.sponsored {
        if let Some(l) = g.level("disclosure.missing") {
            let tagged = p.hashtags.iter().any(|h| g.disclosure_tags.contains(&lex::fold(&h.text)));
            let written = p.hits.iter().any(|h| h.owner == Owner::Disclosure);
            if !tagged && !written {
                let markers = g.guide.links.disclosure_markers.join(", ");
                out.push(
                    Proto::new(
                        "disclosure.missing",
                        l,
                        msg!(
                            ui,
                            "Post sponsorisé sans mention du partenariat : ajoutez l’un de {markers}.",
                            "Sponsored post without a disclosure: add one of {markers}."
                        ),
                        whole.0,
                        whole.0,
                    )
                    .suggest(g.guide.links.disclosure_markers.iter().map(|m| format!("{m} "))),
                );
            }
        }
    }

    // Links.
    let links = &g.guide.links;
    for u in &p.urls {
        let h = host(&u.text);
        if links.shorteners == ShortenerPolicy::Forbidden && links.shortener_hosts.contains(&h) {
            if let Some(l) = g.level("links.shortener") {
                out.push(Proto::new(
                    "links.shortener",
                    l,
                    msg!(
                        ui,
                        "Lien raccourci ({h}) : la charte demande le lien complet.",
                        "Shortened link ({h}): the guide asks for the full link."
                    ),
                    u.start,
                    u.end,
                ));
            }
        }
        if links.utm_required.is_empty() || !links.domains.iter().any(|d| on_domain(&h, d)) {
            continue;
        }
        let Some(l) = g.level("links.utm") else { continue };
        let (before_frag, frag) =
            u.text.split_once('#').map_or((u.text.as_str(), None), |(a, b)| (a, Some(b)));
        let query = before_frag.split_once('?').map_or("", |(_, q)| q);
        let present: Vec<&str> = query.split('&').map(|kv| kv.split('=').next().unwrap_or("")).collect();
        let missing: Vec<&String> =
            links.utm_required.iter().filter(|r| !present.contains(&r.as_str())).collect();
        if missing.is_empty() {
            continue;
        }
        let list = missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
        let mut proto = Proto::new(
            "links.utm",
            l,
            msg!(
                ui,
                "Lien vers le site de la marque sans {list}.",
                "Link to the brand's site without {list}."
            ),
            u.start,
            u.end,
        );
        let network = ctx.network.as_deref().unwrap_or("social");
        let values: Option<Vec<String>> = missing
            .iter()
            .map(|m| {
                links
                    .utm_defaults
                    .iter()
                    .find(|(k, _)| k == *m)
                    .map(|(k, v)| format!("{k}={}", v.replace("{network}", network)))
            })
            .collect();
        if let Some(values) = values {
            let sep = if before_frag.contains('?') {
                if before_frag.ends_with(['?', '&']) {
                    ""
                } else {
                    "&"
                }
            } else {
                "?"
            };
            let mut fixed = format!("{before_frag}{sep}{}", values.join("&"));
            if let Some(f) = frag {
                fixed.push('#');
                fixed.push_str(f);
            }
            proto = proto.suggest([fixed]);
        }
        out.push(proto);
    }

    // Post-scoped custom rules.
    for (ri, r) in g.guide.rules.iter().enumerate() {
        if r.lang.is_some_and(|l| l != post_lang) {
            continue;
        }
        let id = format!("custom.{}", r.id);
        let mine =
            || p.hits.iter().filter(move |h| matches!(h.owner, Owner::Rule { rule, .. } if rule == ri));
        let msg = |m: &str, rep: &str| r.message.get(ui).replace("{match}", m).replace("{replacement}", rep);
        match &r.kind {
            RuleKind::Occurrence { min, max, .. } if r.scope == Scope::Post => {
                let hits: Vec<&Hit> = mine().collect();
                if let Some(max) = max {
                    for h in hits.iter().skip(*max) {
                        out.push(Proto::new(
                            id.clone(),
                            r.level,
                            msg(&text_[h.start..h.end], ""),
                            h.start,
                            h.end,
                        ));
                    }
                }
                if let Some(min) = min {
                    if hits.len() < *min {
                        out.push(Proto::new(id.clone(), r.level, msg("", ""), whole.0, whole.1));
                    }
                }
            }
            RuleKind::Consistency { groups } => {
                for (gi, group) in groups.iter().enumerate() {
                    let mut chosen: Option<usize> = None;
                    for h in mine() {
                        let Owner::Rule { a, b, .. } = h.owner else { continue };
                        if a != gi {
                            continue;
                        }
                        match chosen {
                            None => chosen = Some(b),
                            Some(c) if c != b => {
                                let m = &text_[h.start..h.end];
                                let rep = match_case(&group[c], m);
                                out.push(
                                    Proto::new(id.clone(), r.level, msg(m, &rep), h.start, h.end)
                                        .suggest([rep]),
                                );
                            }
                            _ => {}
                        }
                    }
                }
            }
            RuleKind::Conditional { .. } => {
                let first_if = mine().find(|h| matches!(h.owner, Owner::Rule { b: 0, .. }));
                let any_then = mine().any(|h| matches!(h.owner, Owner::Rule { b: 1, .. }));
                if let (Some(h), false) = (first_if, any_then) {
                    out.push(Proto::new(
                        id.clone(),
                        r.level,
                        msg(&text_[h.start..h.end], ""),
                        h.start,
                        h.end,
                    ));
                }
            }
            RuleKind::Readability { metric, min_score } if p.words >= 20 => {
                let score = readability(p.words, p.sentences, p.syllables, *metric, post_lang);
                if score < *min_score {
                    out.push(Proto::new(
                        id.clone(),
                        r.level,
                        msg(&format!("{}", score.round()), ""),
                        whole.0,
                        whole.1,
                    ));
                }
            }
            _ => {}
        }
    }
}

/// Byte offset of the first char that does not fit the network's limit.
fn overflow_start(text_: &str, profile: &crate::networks::NetworkProfile) -> usize {
    let bounds: Vec<usize> = text_.char_indices().map(|(i, _)| i).chain([text_.len()]).collect();
    // Largest prefix that still fits; counts grow with the prefix, so binary search applies.
    let (mut lo, mut hi) = (0usize, bounds.len() - 1);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text::count(&text_[..bounds[mid]], profile).valid {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    bounds[lo]
}
