//! Turns a document tree into a [`Guide`], collecting every problem with where it is and what to
//! write instead. Nothing here stops at the first error.

use super::model::*;
use super::posting::{day_index, parse_window, DAY_CODES};
use super::tree::{ByteRange, Key, Node, Value};
use super::GuideError;
use crate::check::registry::{builtin_check, BUILTIN_CHECKS};
use crate::networks;
use crate::plan::analysis::conflicts::{AllowedHours, Window};

/// Collects errors while reading a tree. Errors carry byte offsets only: the caller locates the
/// ones it reports (line and column) once, after sorting and capping them.
struct Validator {
    errors: Vec<GuideError>,
}

type Entries = [(Key, Node)];

fn get<'n>(entries: &'n Entries, key: &str) -> Option<&'n Node> {
    entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Levenshtein distance in characters, for "did you mean" suggestions.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if close enough to be a probable typo.
pub(crate) fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 4).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn quoted_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("\"{one}\""),
        _ => {
            let (last, rest) = items.split_last().unwrap_or((&"", &[]));
            let head: Vec<String> = rest.iter().map(|s| format!("\"{s}\"")).collect();
            format!("{} or \"{last}\"", head.join(", "))
        }
    }
}

fn show(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => format!("\"{s}\""),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.kind().to_string(),
    }
}

impl Validator {
    fn error(&mut self, span: ByteRange, path: &str, message: String) {
        self.errors.push(GuideError {
            line: 0,
            column: 0,
            path: path.to_string(),
            message,
            start: span.0,
            end: span.1,
        });
    }

    fn expect(&mut self, node: &Node, path: &str, what: &str) {
        self.error(node.span, path, format!("{path} must be {what}; found {}", show(node)));
    }

    /// A table whose keys must be among `known`; unknown keys are reported with a suggestion.
    fn table<'n>(&mut self, node: &'n Node, path: &str, known: &[&str]) -> Option<&'n Entries> {
        let Value::Table(entries) = &node.value else {
            self.expect(node, path, "a table");
            return None;
        };
        for (k, _) in entries {
            if !known.contains(&k.name.as_str()) {
                let place =
                    if path.is_empty() { "at the top level".to_string() } else { format!("in [{path}]") };
                let hint = match nearest(&k.name, known.iter().copied()) {
                    Some(n) => format!("did you mean \"{n}\"?"),
                    None => format!("expected one of: {}", known.join(", ")),
                };
                self.error(
                    k.span,
                    &join(path, &k.name),
                    format!("unknown key \"{}\" {place}; {hint}", k.name),
                );
            }
        }
        Some(entries)
    }

    fn str(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Str(_) => {
                self.error(node.span, path, format!("{path} must not be empty"));
                None
            }
            _ => {
                self.expect(node, path, "a string");
                None
            }
        }
    }

    fn choice(&mut self, node: &Node, path: &str, allowed: &[&str]) -> Option<String> {
        let s = match &node.value {
            Value::Str(s) => s.clone(),
            _ => {
                self.error(
                    node.span,
                    path,
                    format!("{path} must be {}; found {}", quoted_list(allowed), show(node)),
                );
                return None;
            }
        };
        if allowed.contains(&s.as_str()) {
            return Some(s);
        }
        let hint = match nearest(&s, allowed.iter().copied()) {
            Some(n) if n != s => format!(" (did you mean \"{n}\"?)"),
            _ => String::new(),
        };
        self.error(node.span, path, format!("{path} must be {}; found \"{s}\"{hint}", quoted_list(allowed)));
        None
    }

    fn uint(&mut self, node: &Node, path: &str, min: usize, max: usize) -> Option<usize> {
        match node.value {
            Value::Int(i) if i >= min as i64 && i <= max as i64 => Some(i as usize),
            Value::Int(i) => {
                self.error(node.span, path, format!("{path} must be between {min} and {max}; found {i}"));
                None
            }
            _ => {
                self.expect(node, path, &format!("a whole number between {min} and {max}"));
                None
            }
        }
    }

    fn num(&mut self, node: &Node, path: &str) -> Option<f64> {
        match node.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => {
                self.expect(node, path, "a number");
                None
            }
        }
    }

    fn bool(&mut self, node: &Node, path: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.expect(node, path, "true or false");
                None
            }
        }
    }

    fn list<'n>(&mut self, node: &'n Node, path: &str) -> &'n [Node] {
        match &node.value {
            Value::Array(items) => items,
            _ => {
                self.expect(node, path, "a list, like [\"a\", \"b\"]");
                &[]
            }
        }
    }

    fn str_list(&mut self, node: &Node, path: &str) -> Vec<String> {
        let items = self.list(node, path);
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(s) = self.str(item, &format!("{path}[{i}]")) {
                out.push(s);
            }
        }
        out
    }

    fn opt<T>(
        &mut self,
        entries: &Entries,
        path: &str,
        key: &str,
        f: impl FnOnce(&mut Self, &Node, &str) -> Option<T>,
    ) -> Option<T> {
        let node = get(entries, key)?;
        f(self, node, &join(path, key))
    }

    /// A weekday written as one of [`DAY_CODES`], as its index (Monday 0).
    fn day(&mut self, node: &Node, path: &str) -> Option<usize> {
        let Value::Str(s) = &node.value else {
            self.expect(node, path, "a day such as \"mon\"");
            return None;
        };
        if let Some(d) = day_index(s) {
            return Some(d);
        }
        self.error(
            node.span,
            path,
            format!("unknown day \"{s}\" in {path}; write one of mon, tue, wed, thu, fri, sat, sun"),
        );
        None
    }

    /// A local time window written `"08:00-20:00"`.
    fn window(&mut self, node: &Node, path: &str) -> Option<Window> {
        let Value::Str(s) = &node.value else {
            self.expect(node, path, "a time window like \"08:00-20:00\"");
            return None;
        };
        match parse_window(s) {
            Ok(w) => Some(w),
            Err(e) => {
                self.error(node.span, path, e.message(path, s));
                None
            }
        }
    }

    fn network_id(&mut self, node_span: ByteRange, path: &str, id: &str) -> bool {
        if networks::builtin(id).is_some() {
            return true;
        }
        let hint = match nearest(id, networks::ids()) {
            Some(n) => format!("did you mean \"{n}\"?"),
            None => format!("use one of: {}", networks::ids().collect::<Vec<_>>().join(", ")),
        };
        self.error(node_span, path, format!("unknown network \"{id}\" in {path}; {hint}"));
        false
    }

    fn messages(&mut self, node: &Node, path: &str) -> Option<Messages> {
        match &node.value {
            Value::Str(_) => self.str(node, path).map(|s| Messages { fr: s.clone(), en: s }),
            Value::Table(_) => {
                let t = self.table(node, path, &["fr", "en"])?;
                let fr = self.opt(t, path, "fr", Self::str);
                let en = self.opt(t, path, "en", Self::str);
                match (fr, en) {
                    (Some(fr), Some(en)) => Some(Messages { fr, en }),
                    (Some(one), None) | (None, Some(one)) => Some(Messages { fr: one.clone(), en: one }),
                    (None, None) => {
                        self.error(node.span, path, format!("{path} needs fr = \"...\" and/or en = \"...\""));
                        None
                    }
                }
            }
            _ => {
                self.expect(node, path, "a string or a table { fr = \"...\", en = \"...\" }");
                None
            }
        }
    }
}

fn strip_hash(s: String) -> String {
    s.strip_prefix('#').map(str::to_string).unwrap_or(s)
}

/// Reads and validates a whole guide tree. Errors come sorted by position, with line and column
/// still 0 (see [`Validator`]).
pub(crate) fn validate(root: &Node) -> Result<Guide, Vec<GuideError>> {
    let mut v = Validator { errors: Vec::new() };
    let guide = read_guide(&mut v, root);
    match guide {
        Some(g) if v.errors.is_empty() => Ok(g),
        _ => {
            if v.errors.is_empty() {
                v.error((0, 0), "", "the guide could not be read".to_string());
            }
            crate::sort::sort_by_key(&mut v.errors, |e| (e.start, e.end));
            Err(v.errors)
        }
    }
}

fn read_guide(v: &mut Validator, root: &Node) -> Option<Guide> {
    const TOP: &[&str] = &[
        "version", "brand", "networks", "terms", "hashtags", "links", "schedule", "pillars", "rules",
        "checks",
    ];
    let t = v.table(root, "", TOP)?;
    match get(t, "version") {
        None => v.error((0, 0), "version", "the guide must start with version = 1".to_string()),
        Some(n) => {
            if !matches!(n.value, Value::Int(1)) {
                v.error(
                    n.span,
                    "version",
                    format!("version must be 1 (the only format version); found {}", show(n)),
                );
            }
        }
    }
    let brand = match get(t, "brand") {
        Some(n) => read_brand(v, n),
        None => {
            v.error(
                (0, 0),
                "brand",
                "the guide needs a [brand] section with at least name = \"...\"".to_string(),
            );
            None
        }
    };
    let networks = get(t, "networks").map_or_else(|| Some(default_networks()), |n| read_networks(v, n));
    let terms = get(t, "terms").map_or_else(|| Some(Terms::default()), |n| read_terms(v, n));
    let hashtags = get(t, "hashtags").map_or_else(|| Some(default_hashtags()), |n| read_hashtags(v, n));
    let links = get(t, "links").map_or_else(|| Some(default_links()), |n| read_links(v, n));
    let schedule = get(t, "schedule").and_then(|n| read_schedule(v, n));
    let pillars = get(t, "pillars").map(|n| read_pillars(v, n)).unwrap_or_default();
    let rules = get(t, "rules").map(|n| read_rules(v, n)).unwrap_or_default();
    let checks = get(t, "checks").map(|n| read_checks(v, n)).unwrap_or_default();
    Some(Guide {
        version: 1,
        brand: brand?,
        networks: networks?,
        terms: terms?,
        hashtags: hashtags?,
        links: links?,
        schedule,
        pillars,
        rules,
        checks,
    })
}

fn read_brand(v: &mut Validator, node: &Node) -> Option<Brand> {
    let t = v.table(node, "brand", &["name", "languages", "voice", "emoji"])?;
    let name = match get(t, "name") {
        Some(n) => v.str(n, "brand.name"),
        None => {
            v.error(node.span, "brand.name", "brand.name is missing; add name = \"Your brand\"".to_string());
            None
        }
    };
    let mut languages = Vec::new();
    if let Some(n) = get(t, "languages") {
        for (i, item) in v.list(n, "brand.languages").iter().enumerate() {
            if let Some(s) = v.choice(item, &format!("brand.languages[{i}]"), &["fr", "en"]) {
                languages.extend(Lang::parse(&s));
            }
        }
    } else {
        languages = vec![Lang::Fr, Lang::En];
    }
    let (mut voice_fr, mut voice_en) = (None, None);
    if let Some(n) = get(t, "voice") {
        if let Some(vt) = v.table(n, "brand.voice", &["fr", "en"]) {
            voice_fr = v.opt(vt, "brand.voice", "fr", |v, n, p| v.choice(n, p, &["vous", "tu"])).map(|s| {
                if s == "tu" {
                    VoiceFr::Tu
                } else {
                    VoiceFr::Vous
                }
            });
            voice_en = v
                .opt(vt, "brand.voice", "en", |v, n, p| v.choice(n, p, &["formal", "casual"]))
                .map(|s| if s == "formal" { VoiceEn::Formal } else { VoiceEn::Casual });
        }
    }
    let mut emoji = EmojiPolicy { policy: EmojiMode::Any, allowed: Vec::new(), max_per_post: None };
    if let Some(n) = get(t, "emoji") {
        if let Some(et) = v.table(n, "brand.emoji", &["policy", "allowed", "max_per_post"]) {
            emoji.allowed =
                v.opt(et, "brand.emoji", "allowed", |v, n, p| Some(v.str_list(n, p))).unwrap_or_default();
            emoji.max_per_post = v.opt(et, "brand.emoji", "max_per_post", |v, n, p| v.uint(n, p, 0, 1000));
            let default = if emoji.allowed.is_empty() { "any" } else { "listed" };
            let policy = match get(et, "policy") {
                Some(pn) => v.choice(pn, "brand.emoji.policy", &["none", "listed", "any"]),
                None => Some(default.to_string()),
            };
            emoji.policy = match policy.as_deref() {
                Some("none") => EmojiMode::None,
                Some("listed") => EmojiMode::Listed,
                _ => EmojiMode::Any,
            };
            if emoji.policy == EmojiMode::Listed && emoji.allowed.is_empty() {
                v.error(n.span, "brand.emoji.allowed", "brand.emoji.policy is \"listed\" but brand.emoji.allowed is empty; list the allowed emoji, e.g. allowed = [\"🚲\"]".to_string());
            }
        }
    }
    Some(Brand { name: name?, languages, voice_fr, voice_en, emoji })
}

fn default_networks() -> Networks {
    Networks {
        used: Vec::new(),
        defaults: NetworkSettings::default(),
        overrides: Vec::new(),
        listed_mentions: Vec::new(),
    }
}

const NETWORK_SETTINGS: &[&str] = &[
    "limit",
    "ideal_min",
    "ideal_max",
    "max_hashtags",
    "mentions",
    "max_mentions",
    "min_gap_minutes",
    "max_per_day",
];

/// Longest gap a guide may ask between two posts on one network: a week, in minutes.
const MAX_GAP_MINUTES: usize = 7 * 24 * 60;
/// Most posts a day a guide may allow on one network.
const MAX_POSTS_PER_DAY: usize = 100;

fn read_settings(v: &mut Validator, node: &Node, path: &str, network: Option<&str>) -> NetworkSettings {
    let Some(t) = v.table(node, path, NETWORK_SETTINGS) else { return NetworkSettings::default() };
    let s = NetworkSettings {
        limit: v.opt(t, path, "limit", |v, n, p| v.uint(n, p, 1, 1_000_000)),
        ideal_min: v.opt(t, path, "ideal_min", |v, n, p| v.uint(n, p, 0, 1_000_000)),
        ideal_max: v.opt(t, path, "ideal_max", |v, n, p| v.uint(n, p, 1, 1_000_000)),
        max_hashtags: v.opt(t, path, "max_hashtags", |v, n, p| v.uint(n, p, 0, 100)),
        mentions: v.opt(t, path, "mentions", |v, n, p| v.choice(n, p, &["allowed", "none", "listed"])).map(
            |s| match s.as_str() {
                "none" => MentionPolicy::None,
                "listed" => MentionPolicy::Listed,
                _ => MentionPolicy::Allowed,
            },
        ),
        max_mentions: v.opt(t, path, "max_mentions", |v, n, p| v.uint(n, p, 0, 100)),
        min_gap_minutes: v
            .opt(t, path, "min_gap_minutes", |v, n, p| v.uint(n, p, 0, MAX_GAP_MINUTES))
            .map(|m| m as u32),
        max_per_day: v.opt(t, path, "max_per_day", read_max_per_day).map(|m| m as u32),
    };
    if let (Some(min), Some(max)) = (s.ideal_min, s.ideal_max) {
        if min > max {
            v.error(
                node.span,
                path,
                format!("{path}.ideal_min ({min}) is greater than ideal_max ({max}); swap them"),
            );
        }
    }
    let limit = s.limit.or_else(|| network.and_then(networks::builtin).map(|p| p.limit));
    if let (Some(max), Some(limit)) = (s.ideal_max, limit) {
        if max > limit {
            v.error(
                node.span,
                path,
                format!(
                    "{path}.ideal_max ({max}) is above the length limit ({limit}); lower it or raise limit"
                ),
            );
        }
    }
    s
}

/// `max_per_day`: 1 to [`MAX_POSTS_PER_DAY`]; 0 gets its own advice, since it would mean "never".
fn read_max_per_day(v: &mut Validator, node: &Node, path: &str) -> Option<usize> {
    if matches!(node.value, Value::Int(0)) {
        v.error(node.span, path, format!("{path} is 0, which would forbid every post; to stop publishing on a network, take it out of networks.used instead"));
        return None;
    }
    v.uint(node, path, 1, MAX_POSTS_PER_DAY)
}

fn read_networks(v: &mut Validator, node: &Node) -> Option<Networks> {
    let t = v.table(node, "networks", &["used", "defaults", "overrides", "listed_mentions"])?;
    let mut out = default_networks();
    if let Some(n) = get(t, "used") {
        for (i, item) in v.list(n, "networks.used").iter().enumerate() {
            let p = format!("networks.used[{i}]");
            if let Some(id) = v.str(item, &p) {
                if v.network_id(item.span, &p, &id) {
                    out.used.push(id);
                }
            }
        }
    }
    if let Some(n) = get(t, "defaults") {
        out.defaults = read_settings(v, n, "networks.defaults", None);
    }
    if let Some(n) = get(t, "overrides") {
        let ids: Vec<&str> = networks::ids().collect();
        if let Some(ot) = v.table(n, "networks.overrides", &ids) {
            for (k, sn) in ot {
                if networks::builtin(&k.name).is_some() {
                    let s = read_settings(v, sn, &format!("networks.overrides.{}", k.name), Some(&k.name));
                    out.overrides.push((k.name.clone(), s));
                }
            }
        }
    }
    if let Some(n) = get(t, "listed_mentions") {
        out.listed_mentions = v
            .str_list(n, "networks.listed_mentions")
            .into_iter()
            .map(|s| s.trim_start_matches('@').to_string())
            .collect();
    }
    Some(out)
}

fn read_terms(v: &mut Validator, node: &Node) -> Option<Terms> {
    let t = v.table(node, "terms", &["avoid", "spellings", "competitors", "sensitive", "approver"])?;
    let mut out = Terms::default();
    if let Some(n) = get(t, "avoid") {
        if let Value::Table(entries) = &n.value {
            for (k, val) in entries {
                let p = format!("terms.avoid.\"{}\"", k.name);
                let replacements = match &val.value {
                    Value::Str(_) => v.str(val, &p).into_iter().collect(),
                    _ => v.str_list(val, &p),
                };
                if k.name.trim().is_empty() {
                    v.error(k.span, &p, "terms.avoid has an empty word; remove it".to_string());
                } else {
                    out.avoid.push(AvoidTerm { term: k.name.clone(), replacements });
                }
            }
        } else {
            v.expect(n, "terms.avoid", "a table of word = [\"replacement\", ...]");
        }
    }
    out.spellings = v.opt(t, "terms", "spellings", |v, n, p| Some(v.str_list(n, p))).unwrap_or_default();
    out.competitors = v.opt(t, "terms", "competitors", |v, n, p| Some(v.str_list(n, p))).unwrap_or_default();
    out.sensitive = v.opt(t, "terms", "sensitive", |v, n, p| Some(v.str_list(n, p))).unwrap_or_default();
    out.approver = v.opt(t, "terms", "approver", Validator::str);
    Some(out)
}

fn default_hashtags() -> Hashtags {
    Hashtags {
        library: Vec::new(),
        banned: Vec::new(),
        campaigns: Vec::new(),
        max_per_post: None,
        case: HashtagCase::Any,
        wall_min: 4,
    }
}

fn tag_list(v: &mut Validator, n: &Node, p: &str) -> Vec<String> {
    let items = v.list(n, p);
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ip = format!("{p}[{i}]");
        if let Some(s) = v.str(item, &ip) {
            let s = strip_hash(s);
            if s.chars().any(|c| c.is_whitespace() || c == '#') {
                v.error(item.span, &ip, format!("{ip} must be one hashtag without spaces; found \"{s}\""));
            } else {
                out.push(s);
            }
        }
    }
    out
}

fn read_hashtags(v: &mut Validator, node: &Node) -> Option<Hashtags> {
    let t =
        v.table(node, "hashtags", &["library", "banned", "campaigns", "max_per_post", "case", "wall_min"])?;
    let mut out = default_hashtags();
    out.banned = v.opt(t, "hashtags", "banned", |v, n, p| Some(tag_list(v, n, p))).unwrap_or_default();
    out.max_per_post = v.opt(t, "hashtags", "max_per_post", |v, n, p| v.uint(n, p, 0, 100));
    out.wall_min = v.opt(t, "hashtags", "wall_min", |v, n, p| v.uint(n, p, 2, 100)).unwrap_or(4);
    out.case =
        match v.opt(t, "hashtags", "case", |v, n, p| v.choice(n, p, &["camel", "lower", "any"])).as_deref() {
            Some("camel") => HashtagCase::Camel,
            Some("lower") => HashtagCase::Lower,
            _ => HashtagCase::Any,
        };
    if let Some(n) = get(t, "campaigns") {
        if let Value::Table(entries) = &n.value {
            for (k, val) in entries {
                out.campaigns
                    .push((k.name.clone(), tag_list(v, val, &format!("hashtags.campaigns.{}", k.name))));
            }
        } else {
            v.expect(n, "hashtags.campaigns", "a table of campaign = [\"Tag\", ...]");
        }
    }
    if let Some(n) = get(t, "library") {
        for (i, item) in v.list(n, "hashtags.library").iter().enumerate() {
            let p = format!("hashtags.library[{i}]");
            let Some(lt) = v.table(item, &p, &["tag", "topics", "networks"]) else { continue };
            let tag = match get(lt, "tag") {
                Some(tn) => v.str(tn, &format!("{p}.tag")).map(strip_hash),
                None => {
                    v.error(item.span, &p, format!("{p} needs tag = \"...\""));
                    None
                }
            };
            let topics = v.opt(lt, &p, "topics", |v, n, p| Some(v.str_list(n, p))).unwrap_or_default();
            let mut nets = Vec::new();
            if let Some(nn) = get(lt, "networks") {
                for (j, ni) in v.list(nn, &format!("{p}.networks")).iter().enumerate() {
                    let np = format!("{p}.networks[{j}]");
                    if let Some(id) = v.str(ni, &np) {
                        if v.network_id(ni.span, &np, &id) {
                            nets.push(id);
                        }
                    }
                }
            }
            if let Some(tag) = tag {
                if out.banned.iter().any(|b| b.eq_ignore_ascii_case(&tag)) {
                    v.error(
                        item.span,
                        &p,
                        format!("#{tag} is both in the library and banned; remove it from one of them"),
                    );
                }
                out.library.push(LibraryTag { tag, topics, networks: nets });
            }
        }
    }
    Some(out)
}

const SHORTENERS: &[&str] = &[
    "bit.ly",
    "tinyurl.com",
    "t.co",
    "ow.ly",
    "buff.ly",
    "goo.gl",
    "is.gd",
    "tiny.cc",
    "rebrand.ly",
    "cutt.ly",
    "shorturl.at",
    "t.ly",
];

fn default_links() -> Links {
    Links {
        domains: Vec::new(),
        utm_required: Vec::new(),
        utm_defaults: Vec::new(),
        shorteners: ShortenerPolicy::Allowed,
        shortener_hosts: SHORTENERS.iter().map(|s| s.to_string()).collect(),
        disclosure_markers: vec![
            "#ad".into(),
            "#pub".into(),
            "#sponsorisé".into(),
            "#partenariat".into(),
            "Publicité".into(),
            "Sponsored".into(),
        ],
    }
}

fn read_links(v: &mut Validator, node: &Node) -> Option<Links> {
    let t = v.table(
        node,
        "links",
        &["domains", "utm_required", "utm_defaults", "shorteners", "shortener_hosts", "disclosure_markers"],
    )?;
    let mut out = default_links();
    if let Some(d) = v.opt(t, "links", "domains", |v, n, p| Some(v.str_list(n, p))) {
        out.domains = d.into_iter().map(|s| s.to_lowercase()).collect();
    }
    out.utm_required =
        v.opt(t, "links", "utm_required", |v, n, p| Some(v.str_list(n, p))).unwrap_or_default();
    if let Some(n) = get(t, "utm_defaults") {
        if let Value::Table(entries) = &n.value {
            for (k, val) in entries {
                if let Some(s) = v.str(val, &format!("links.utm_defaults.{}", k.name)) {
                    out.utm_defaults.push((k.name.clone(), s));
                }
            }
        } else {
            v.expect(n, "links.utm_defaults", "a table of parameter = \"value\"");
        }
    }
    if !out.utm_required.is_empty() && out.domains.is_empty() {
        v.error(node.span, "links.domains", "links.utm_required is set but links.domains is empty; list the brand's domains, e.g. domains = [\"example.com\"]".to_string());
    }
    if let Some(s) = v.opt(t, "links", "shorteners", |v, n, p| v.choice(n, p, &["allowed", "forbidden"])) {
        out.shorteners = if s == "forbidden" { ShortenerPolicy::Forbidden } else { ShortenerPolicy::Allowed };
    }
    if let Some(h) = v.opt(t, "links", "shortener_hosts", |v, n, p| Some(v.str_list(n, p))) {
        out.shortener_hosts = h.into_iter().map(|s| s.to_lowercase()).collect();
    }
    if let Some(m) = v.opt(t, "links", "disclosure_markers", |v, n, p| Some(v.str_list(n, p))) {
        if m.is_empty() {
            if let Some(n) = get(t, "disclosure_markers") {
                v.error(
                    n.span,
                    "links.disclosure_markers",
                    "links.disclosure_markers must list at least one marker, e.g. [\"#ad\", \"Publicité\"]"
                        .to_string(),
                );
            }
        }
        out.disclosure_markers = m;
    }
    Some(out)
}

/// The `schedule` section: `days` the brand posts on (default: every day), `hours` on those days
/// (default: the planner's 07:00-22:00) and `hours_by_day` for days with other hours.
fn read_schedule(v: &mut Validator, node: &Node) -> Option<Schedule> {
    let t = v.table(node, "schedule", &["days", "hours", "hours_by_day"])?;
    let mut open = [true; 7];
    if let Some(n) = get(t, "days") {
        open = [false; 7];
        let items = v.list(n, "schedule.days");
        if items.is_empty() && matches!(n.value, Value::Array(_)) {
            v.error(n.span, "schedule.days", "schedule.days is empty, so no post would ever be allowed; list the days the brand posts on, e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]".to_string());
        }
        for (i, item) in items.iter().enumerate() {
            let p = format!("schedule.days[{i}]");
            if let Some(d) = v.day(item, &p) {
                open[d] = true;
            }
        }
    }
    let every = get(t, "hours").and_then(|n| v.window(n, "schedule.hours"));
    let default = AllowedHours::default();
    let mut hours =
        AllowedHours(std::array::from_fn(|d| if open[d] { every.or(default.0[d]) } else { None }));
    if let Some(n) = get(t, "hours_by_day") {
        if let Some(days) = v.table(n, "schedule.hours_by_day", &DAY_CODES) {
            for (k, val) in days {
                // An unknown day was reported by `table`.
                let Some(d) = day_index(&k.name) else { continue };
                let p = format!("schedule.hours_by_day.{}", k.name);
                if !open[d] {
                    v.error(k.span, &p, format!("{p} gives hours for a day schedule.days leaves out; add \"{}\" to schedule.days or remove this line", k.name));
                } else if let Some(w) = v.window(val, &p) {
                    hours.0[d] = Some(w);
                }
            }
        }
    }
    Some(Schedule { hours })
}

fn valid_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn read_pillars(v: &mut Validator, node: &Node) -> Vec<Pillar> {
    let mut out: Vec<Pillar> = Vec::new();
    for (i, item) in v.list(node, "pillars").iter().enumerate() {
        let p = format!("pillars[{i}]");
        let Some(t) = v.table(item, &p, &["id", "name", "share", "keywords"]) else { continue };
        let id = match get(t, "id") {
            Some(n) => v.str(n, &format!("{p}.id")),
            None => {
                v.error(item.span, &p, format!("{p} needs id = \"...\""));
                None
            }
        };
        let share = match get(t, "share") {
            Some(n) => v.uint(n, &format!("{p}.share"), 0, 100),
            None => {
                v.error(item.span, &p, format!("{p} needs share = <percent of posts, 0-100>"));
                None
            }
        };
        let name = v.opt(t, &p, "name", Validator::str);
        let keywords = v.opt(t, &p, "keywords", |v, n, p| Some(v.str_list(n, p))).unwrap_or_default();
        if let (Some(id), Some(share)) = (id, share) {
            if out.iter().any(|o| o.id == id) {
                v.error(item.span, &p, format!("pillar id \"{id}\" is used twice; ids must be unique"));
            }
            out.push(Pillar { name: name.unwrap_or_else(|| id.clone()), id, share: share as u32, keywords });
        }
    }
    let total: u32 = out.iter().map(|p| p.share).sum();
    if total > 100 {
        v.error(
            node.span,
            "pillars",
            format!("pillar shares add up to {total}%; they must total 100% or less"),
        );
    }
    out
}

const RULE_TYPES: &[&str] = &[
    "existence",
    "substitution",
    "occurrence",
    "repetition",
    "consistency",
    "capitalization",
    "conditional",
    "readability",
];
const RULE_COMMON: &[&str] = &["id", "type", "level", "message", "scope", "lang"];

fn rule_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "existence" | "repetition" => &["tokens"],
        "substitution" => &["swap", "autofix"],
        "occurrence" => &["tokens", "min", "max"],
        "consistency" => &["either"],
        "capitalization" => &["style"],
        "conditional" => &["if", "then"],
        "readability" => &["metric", "min_score"],
        _ => &[],
    }
}

fn read_rules(v: &mut Validator, node: &Node) -> Vec<CustomRule> {
    let mut out: Vec<CustomRule> = Vec::new();
    for (i, item) in v.list(node, "rules").iter().enumerate() {
        let p = format!("rules[{i}]");
        let kind_name = match &item.value {
            Value::Table(e) => {
                get(e, "type").and_then(|n| if let Value::Str(s) = &n.value { Some(s.clone()) } else { None })
            }
            _ => None,
        };
        let mut known: Vec<&str> = RULE_COMMON.to_vec();
        match kind_name.as_deref() {
            Some(k) if RULE_TYPES.contains(&k) => known.extend_from_slice(rule_keys(k)),
            _ => RULE_TYPES.iter().for_each(|k| known.extend_from_slice(rule_keys(k))),
        }
        let Some(t) = v.table(item, &p, &known) else { continue };
        if let Some(r) = read_rule(v, item, t, &p) {
            if out.iter().any(|o| o.id == r.id) {
                v.error(item.span, &p, format!("rule id \"{}\" is used twice; ids must be unique", r.id));
            }
            out.push(r);
        }
    }
    out
}

fn required<'n>(
    v: &mut Validator,
    item: &Node,
    t: &'n Entries,
    p: &str,
    key: &str,
    example: &str,
) -> Option<&'n Node> {
    let n = get(t, key);
    if n.is_none() {
        v.error(item.span, &join(p, key), format!("{p} needs {key} = {example}"));
    }
    n
}

fn read_rule(v: &mut Validator, item: &Node, t: &Entries, p: &str) -> Option<CustomRule> {
    let id = required(v, item, t, p, "id", "\"my-rule\"").and_then(|n| v.str(n, &format!("{p}.id")));
    if let Some(id) = &id {
        if !valid_id(id) {
            v.error(
                get(t, "id").map_or(item.span, |n| n.span),
                &format!("{p}.id"),
                format!("{p}.id must use lower-case letters, digits, - and _; found \"{id}\""),
            );
        }
    }
    let kind_name = required(v, item, t, p, "type", "\"existence\"")
        .and_then(|n| v.choice(n, &format!("{p}.type"), RULE_TYPES));
    let level = match get(t, "level") {
        Some(n) => v
            .choice(n, &format!("{p}.level"), &["error", "warning", "suggestion"])
            .and_then(|s| Level::parse(&s)),
        None => Some(Level::Warning),
    };
    let message = required(v, item, t, p, "message", "{ fr = \"...\", en = \"...\" }")
        .and_then(|n| v.messages(n, &format!("{p}.message")));
    let scope = match get(t, "scope") {
        Some(n) => {
            v.choice(n, &format!("{p}.scope"), &["post", "sentence", "hashtags"]).map(|s| match s.as_str() {
                "sentence" => Scope::Sentence,
                "hashtags" => Scope::Hashtags,
                _ => Scope::Post,
            })
        }
        None => Some(Scope::Post),
    };
    let lang = v.opt(t, p, "lang", |v, n, p| v.choice(n, p, &["fr", "en"])).and_then(|s| Lang::parse(&s));
    let kind = match kind_name.as_deref()? {
        "existence" | "repetition" => {
            let tokens = match get(t, "tokens") {
                Some(n) => v.str_list(n, &format!("{p}.tokens")),
                None if kind_name.as_deref() == Some("repetition") => Vec::new(),
                None => {
                    v.error(item.span, &format!("{p}.tokens"), format!("{p} needs tokens = [\"word\", ...]"));
                    return None;
                }
            };
            if kind_name.as_deref() == Some("existence") {
                if tokens.is_empty() {
                    v.error(
                        item.span,
                        &format!("{p}.tokens"),
                        format!("{p}.tokens must list at least one word"),
                    );
                }
                RuleKind::Existence { tokens }
            } else {
                RuleKind::Repetition { tokens }
            }
        }
        "substitution" => {
            let n = required(v, item, t, p, "swap", "{ \"found\" = \"replacement\" }")?;
            let mut swap = Vec::new();
            match &n.value {
                Value::Table(entries) if !entries.is_empty() => {
                    for (k, val) in entries {
                        if let Some(s) = v.str(val, &format!("{p}.swap.\"{}\"", k.name)) {
                            swap.push((k.name.clone(), s));
                        }
                    }
                }
                _ => v.expect(n, &format!("{p}.swap"), "a non-empty table of \"found\" = \"replacement\""),
            }
            let autofix = v.opt(t, p, "autofix", Validator::bool).unwrap_or(false);
            RuleKind::Substitution { swap, autofix }
        }
        "occurrence" => {
            let tokens = required(v, item, t, p, "tokens", "[\"word\", ...]")
                .map(|n| v.str_list(n, &format!("{p}.tokens")))
                .unwrap_or_default();
            let min = v.opt(t, p, "min", |v, n, p| v.uint(n, p, 0, 10_000));
            let max = v.opt(t, p, "max", |v, n, p| v.uint(n, p, 0, 10_000));
            if min.is_none() && max.is_none() {
                v.error(item.span, p, format!("{p} is an occurrence rule: give min = N and/or max = N"));
            }
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    v.error(item.span, p, format!("{p}.min ({a}) is greater than max ({b})"));
                }
            }
            RuleKind::Occurrence { tokens, min, max }
        }
        "consistency" => {
            let n = required(v, item, t, p, "either", "[[\"e-mail\", \"email\"]]")?;
            let mut groups = Vec::new();
            for (j, g) in v.list(n, &format!("{p}.either")).iter().enumerate() {
                let gp = format!("{p}.either[{j}]");
                let group = v.str_list(g, &gp);
                if group.len() < 2 {
                    v.error(
                        g.span,
                        &gp,
                        format!("{gp} must list at least two variants, like [\"e-mail\", \"email\"]"),
                    );
                } else {
                    groups.push(group);
                }
            }
            RuleKind::Consistency { groups }
        }
        "capitalization" => {
            let n = required(v, item, t, p, "style", "\"sentence\"")?;
            let s = v.choice(n, &format!("{p}.style"), &["sentence", "lower", "upper", "camel"])?;
            RuleKind::Capitalization {
                style: match s.as_str() {
                    "lower" => CapStyle::Lower,
                    "upper" => CapStyle::Upper,
                    "camel" => CapStyle::Camel,
                    _ => CapStyle::Sentence,
                },
            }
        }
        "conditional" => {
            let when = required(v, item, t, p, "if", "[\"concours\"]")
                .map(|n| v.str_list(n, &format!("{p}.if")))
                .unwrap_or_default();
            let then = required(v, item, t, p, "then", "[\"règlement\"]")
                .map(|n| v.str_list(n, &format!("{p}.then")))
                .unwrap_or_default();
            RuleKind::Conditional { when, then }
        }
        "readability" => {
            let metric = match get(t, "metric") {
                Some(n) => v.choice(n, &format!("{p}.metric"), &["auto", "flesch", "kandel-moles"]),
                None => Some("auto".to_string()),
            };
            let min_score =
                required(v, item, t, p, "min_score", "50").and_then(|n| v.num(n, &format!("{p}.min_score")));
            RuleKind::Readability {
                metric: match metric.as_deref() {
                    Some("flesch") => Metric::Flesch,
                    Some("kandel-moles") => Metric::KandelMoles,
                    _ => Metric::Auto,
                },
                min_score: min_score?,
            }
        }
        _ => return None,
    };
    Some(CustomRule { id: id?, kind, level: level?, message: message?, scope: scope?, lang })
}

fn read_checks(v: &mut Validator, node: &Node) -> Vec<CheckSetting> {
    let mut out = Vec::new();
    let Value::Table(entries) = &node.value else {
        v.expect(node, "checks", "a table of check id = \"off\" | level");
        return out;
    };
    for (k, val) in entries {
        let p = format!("checks.\"{}\"", k.name);
        let Some(check) = builtin_check(&k.name) else {
            let hint = match nearest(&k.name, BUILTIN_CHECKS.iter().map(|c| c.id)) {
                Some(n) => format!("did you mean \"{n}\"?"),
                None => "see `porte-voix guide checks` or README.md (Editorial-line checks) for the ids"
                    .to_string(),
            };
            v.error(k.span, &p, format!("unknown check \"{}\"; {hint}", k.name));
            continue;
        };
        let mut s = CheckSetting {
            id: k.name.clone(),
            enabled: true,
            level: None,
            numbers: Vec::new(),
            lists: Vec::new(),
        };
        match &val.value {
            Value::Str(_) | Value::Bool(_) => match &val.value {
                Value::Bool(b) => s.enabled = *b,
                _ => match v.choice(val, &p, &["off", "error", "warning", "suggestion"]).as_deref() {
                    Some("off") => s.enabled = false,
                    Some(l) => s.level = Level::parse(l),
                    None => continue,
                },
            },
            Value::Table(_) => {
                let mut known = vec!["enabled", "level"];
                known.extend_from_slice(check.numbers);
                known.extend_from_slice(check.lists);
                let Some(t) = v.table(val, &p, &known) else { continue };
                if let Some(b) = v.opt(t, &p, "enabled", Validator::bool) {
                    s.enabled = b;
                }
                s.level = v
                    .opt(t, &p, "level", |v, n, p| v.choice(n, p, &["error", "warning", "suggestion"]))
                    .and_then(|l| Level::parse(&l));
                for name in check.numbers {
                    if let Some(x) = v.opt(t, &p, name, Validator::num) {
                        s.numbers.push((name.to_string(), x));
                    }
                }
                for name in check.lists {
                    if let Some(x) = v.opt(t, &p, name, |v, n, p| Some(v.str_list(n, p))) {
                        s.lists.push((name.to_string(), x));
                    }
                }
            }
            _ => {
                v.expect(val, &p, "\"off\", a level (\"error\", \"warning\", \"suggestion\") or a table");
                continue;
            }
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_typos_only() {
        assert_eq!(nearest("langages", ["name", "languages", "voice"]), Some("languages"));
        assert_eq!(nearest("zzzzzz", ["name", "languages"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
