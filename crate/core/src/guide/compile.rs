//! The compiled form of a guide: one Aho-Corasick automaton over every word list, resolved
//! per-network settings and check levels. Built once, shared by every check.

use super::model::*;
use crate::check::lex::fold;
use crate::check::registry::BUILTIN_CHECKS;
use crate::networks::{self, NetworkProfile};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::MatchKind;
use std::collections::{HashMap, HashSet};

/// Which list a pattern of the automaton comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    /// A wrong spelling of `terms.spellings[i]`.
    Spelling(usize),
    /// `terms.avoid[i]`.
    Avoid(usize),
    /// `terms.competitors[i]`.
    Competitor(usize),
    /// `terms.sensitive[i]`.
    Sensitive(usize),
    /// A non-hashtag disclosure marker.
    Disclosure,
    /// A token of custom rule `rule`; `a`/`b` locate it in the rule (token, group/variant, if/then).
    Rule { rule: usize, a: usize, b: usize },
}

impl Owner {
    /// Whether a match inside a hashtag, mention or URL counts.
    pub(crate) fn counts_in_entities(self) -> bool {
        matches!(self, Owner::Competitor(_) | Owner::Sensitive(_) | Owner::Disclosure)
    }
}

/// Network settings after merging the override, the defaults and the built-in profile.
#[derive(Debug, Clone)]
pub struct ResolvedNetwork {
    /// Built-in profile with the guide's limit applied.
    pub profile: NetworkProfile,
    /// Shortest ideal length.
    pub ideal_min: Option<usize>,
    /// Longest ideal length.
    pub ideal_max: Option<usize>,
    /// The guide's hashtag maximum.
    pub max_hashtags: Option<usize>,
    /// Mentions policy.
    pub mentions: MentionPolicy,
    /// Most mentions.
    pub max_mentions: Option<usize>,
    /// Fewest minutes between two posts (`None`: the planner's default for the network).
    pub min_gap_minutes: Option<u32>,
    /// Most posts a local day (`None`: the planner's default for the network).
    pub max_per_day: Option<u32>,
}

/// How many hashtags a post may carry: the guide's maximum and the network's own cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HashtagCap {
    /// The guide's maximum (the network override, else `networks.defaults`, else `hashtags.max_per_post`).
    pub guide: Option<usize>,
    /// The network's hard cap (Instagram 5, Threads 1, Bluesky 8).
    pub network: Option<usize>,
}

impl HashtagCap {
    /// The stricter of the two, or `None` when neither sets a maximum.
    pub fn max(self) -> Option<usize> {
        match (self.guide, self.network) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// A guide ready for checking: validated data plus automata and lookup tables.
#[derive(Debug, Clone)]
pub struct CompiledGuide {
    /// The guide as validated.
    pub guide: Guide,
    /// The contiguous NFA itself rather than an `AhoCorasick`, which would link every automaton kind
    /// (and their searches) into the wasm behind a `dyn` although only this one is ever built.
    pub(crate) automaton: Option<NFA>,
    pub(crate) owners: Vec<Vec<Owner>>,
    levels: Vec<Option<Level>>,
    pub(crate) networks: HashMap<String, ResolvedNetwork>,
    pub(crate) banned: HashSet<String>,
    pub(crate) allowed_emoji: HashSet<String>,
    pub(crate) listed_mentions: HashSet<String>,
    pub(crate) disclosure_tags: Vec<String>,
}

fn spelling_variants(canonical: &str) -> Vec<String> {
    let f = fold(canonical);
    let mut v = vec![f.clone(), f.replace([' ', '-'], ""), f.replace('-', " "), f.replace(' ', "-")];
    crate::sort::sort(&mut v);
    v.dedup();
    v
}

impl CompiledGuide {
    /// Compiles a validated guide.
    pub fn new(guide: Guide) -> CompiledGuide {
        let mut patterns: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut add = |pattern: String, owner: Owner| {
            if pattern.trim().is_empty() {
                return;
            }
            let id = *index.entry(pattern.clone()).or_insert_with(|| {
                patterns.push(pattern);
                owners.push(Vec::new());
                patterns.len() - 1
            });
            if !owners[id].contains(&owner) {
                owners[id].push(owner);
            }
        };
        let t = &guide.terms;
        for (i, s) in t.spellings.iter().enumerate() {
            for v in spelling_variants(s) {
                add(v, Owner::Spelling(i));
            }
        }
        for (i, a) in t.avoid.iter().enumerate() {
            add(fold(&a.term), Owner::Avoid(i));
        }
        for (i, c) in t.competitors.iter().enumerate() {
            add(fold(c), Owner::Competitor(i));
        }
        for (i, s) in t.sensitive.iter().enumerate() {
            add(fold(s), Owner::Sensitive(i));
        }
        let mut disclosure_tags = Vec::new();
        for m in &guide.links.disclosure_markers {
            match m.strip_prefix('#') {
                Some(tag) => disclosure_tags.push(fold(tag)),
                None => add(fold(m), Owner::Disclosure),
            }
        }
        for (r, rule) in guide.rules.iter().enumerate() {
            match &rule.kind {
                RuleKind::Existence { tokens }
                | RuleKind::Occurrence { tokens, .. }
                | RuleKind::Repetition { tokens } => {
                    if rule.scope != Scope::Hashtags {
                        for (a, tok) in tokens.iter().enumerate() {
                            add(fold(tok), Owner::Rule { rule: r, a, b: 0 });
                        }
                    }
                }
                RuleKind::Substitution { swap, .. } => {
                    for (a, (found, _)) in swap.iter().enumerate() {
                        add(fold(found), Owner::Rule { rule: r, a, b: 0 });
                    }
                }
                RuleKind::Consistency { groups } => {
                    for (a, g) in groups.iter().enumerate() {
                        for (b, variant) in g.iter().enumerate() {
                            add(fold(variant), Owner::Rule { rule: r, a, b });
                        }
                    }
                }
                RuleKind::Conditional { when, then } => {
                    for (b, list) in [when, then].into_iter().enumerate() {
                        for (a, tok) in list.iter().enumerate() {
                            add(fold(tok), Owner::Rule { rule: r, a, b });
                        }
                    }
                }
                RuleKind::Capitalization { .. } | RuleKind::Readability { .. } => {}
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            // A contiguous NFA, not the DFA the builder would pick for a guide this size: the DFA took
            // half of the guide's compile time (tens of milliseconds in wasm, on every service-worker
            // wake-up) to save a few microseconds per check.
            NFA::builder().match_kind(MatchKind::Standard).build(&patterns).ok()
        };

        let levels = BUILTIN_CHECKS
            .iter()
            .map(|c| match guide.checks.iter().find(|s| s.id == c.id) {
                Some(s) if !s.enabled => None,
                Some(s) => Some(s.level.unwrap_or(c.level)),
                None => Some(c.level),
            })
            .collect();

        /// A network setting: the network's override, else `[networks.defaults]`.
        fn pick<T>(
            o: Option<&NetworkSettings>,
            d: &NetworkSettings,
            f: fn(&NetworkSettings) -> Option<T>,
        ) -> Option<T> {
            o.and_then(f).or_else(|| f(d))
        }
        let mut nets = HashMap::new();
        for profile in networks::all() {
            let o = guide.networks.overrides.iter().find(|(id, _)| *id == profile.id).map(|(_, s)| s);
            let d = &guide.networks.defaults;
            let limit = pick(o, d, |s| s.limit);
            let resolved = ResolvedNetwork {
                ideal_min: pick(o, d, |s| s.ideal_min),
                ideal_max: pick(o, d, |s| s.ideal_max),
                max_hashtags: pick(o, d, |s| s.max_hashtags).or(guide.hashtags.max_per_post),
                mentions: o.and_then(|s| s.mentions).or(d.mentions).unwrap_or(MentionPolicy::Allowed),
                max_mentions: pick(o, d, |s| s.max_mentions),
                min_gap_minutes: pick(o, d, |s| s.min_gap_minutes),
                max_per_day: pick(o, d, |s| s.max_per_day),
                profile: match limit {
                    Some(l) => profile.with_limit(l),
                    None => profile,
                },
            };
            nets.insert(resolved.profile.id.clone(), resolved);
        }

        CompiledGuide {
            automaton,
            owners,
            levels,
            networks: nets,
            banned: guide.hashtags.banned.iter().map(|b| fold(b)).collect(),
            allowed_emoji: guide.brand.emoji.allowed.iter().map(|e| e.replace('\u{fe0f}', "")).collect(),
            listed_mentions: guide.networks.listed_mentions.iter().map(|m| fold(m)).collect(),
            disclosure_tags,
            guide,
        }
    }

    /// The level of built-in check `id`, or `None` when the guide switches it off.
    pub fn level(&self, id: &str) -> Option<Level> {
        BUILTIN_CHECKS.iter().position(|c| c.id == id).and_then(|i| self.levels[i])
    }

    /// A numeric option of a built-in check.
    pub fn number(&self, id: &str, name: &str) -> Option<f64> {
        let s = self.guide.checks.iter().find(|s| s.id == id)?;
        s.numbers.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }

    /// A list option of a built-in check (empty when unset).
    pub fn list(&self, id: &str, name: &str) -> &[String] {
        self.guide
            .checks
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.lists.iter().find(|(n, _)| n == name))
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// Settings for network `id` (a built-in id), merged from the guide.
    pub fn network(&self, id: &str) -> Option<&ResolvedNetwork> {
        self.networks.get(id)
    }

    /// The hashtag maximum for network `id` (`None`: no network, the guide's `max_per_post` only).
    pub fn hashtag_cap(&self, network: Option<&str>) -> HashtagCap {
        match network.and_then(|id| self.network(id)) {
            Some(n) => HashtagCap { guide: n.max_hashtags, network: n.profile.hashtag_limit },
            None => HashtagCap { guide: self.guide.hashtags.max_per_post, network: None },
        }
    }

    /// Whether `tag` (without `#`) is banned by the guide (case-insensitive).
    pub fn is_banned_hashtag(&self, tag: &str) -> bool {
        self.banned.contains(&fold(tag))
    }

    /// The tags campaign `id` requires, or `None` when the guide has no such campaign.
    pub fn campaign_tags(&self, id: &str) -> Option<&[String]> {
        self.guide.hashtags.campaigns.iter().find(|(c, _)| c == id).map(|(_, tags)| tags.as_slice())
    }

    /// Number of patterns in the term automaton (for diagnostics and benches).
    pub fn pattern_count(&self) -> usize {
        self.owners.len()
    }
}
