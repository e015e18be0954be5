//! Pillar mix: the share of posts per editorial pillar over a period, against the guide's targets.
//!
//! Every live post whose time ([`post_time`]) falls in the period counts once, whatever its
//! status and however many networks it goes to. A post without a pillar is given one from the
//! guide's pillar keywords ([`PillarKeywords`]); failing that it is "unassigned". A pillar id
//! the guide does not know keeps a row of its own (no target), so no post is hidden.
//!
//! Shares are percentages of the posts counted; the gap is `share − target` in points; the
//! verdict is "on target" within the tolerance (default 5 points), else under or over.

use super::{post_time, Period};
use crate::guide::model::Pillar;
use crate::lang::Lang;
use crate::plan::model::Post;
use crate::suggest::fold::fold;
use serde::{Deserialize, Serialize};

/// Settings of a pillar-mix computation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MixOptions {
    /// Points either side of a target still counted as on target (default 5).
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// Language of the "unassigned" row's name (default French).
    #[serde(default = "default_lang")]
    pub lang: Lang,
}

fn default_tolerance() -> f64 {
    5.0
}

fn default_lang() -> Lang {
    Lang::Fr
}

impl Default for MixOptions {
    fn default() -> Self {
        MixOptions { tolerance: default_tolerance(), lang: default_lang() }
    }
}

/// Where a pillar's share stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// More than the tolerance below the target.
    Under,
    /// Within the tolerance.
    On,
    /// More than the tolerance above the target.
    Over,
}

/// One row of the mix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PillarShare {
    /// Pillar id; `None` for the unassigned row.
    pub pillar: Option<String>,
    /// Display name (the guide's; the id for a pillar the guide does not know).
    pub name: String,
    /// Posts in this pillar.
    pub posts: u32,
    /// Of which given this pillar by its keywords (they had none).
    pub by_keyword: u32,
    /// Share of the period's posts, in percent.
    pub share: f64,
    /// The guide's target, in percent; `None` when the guide sets none.
    pub target: Option<f64>,
    /// `share − target`, in points; `None` without a target or without posts.
    pub gap: Option<f64>,
    /// Under, on or over target; `None` without a target or without posts.
    pub verdict: Option<Verdict>,
}

/// The pillar mix of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PillarMix {
    /// The period.
    pub period: Period,
    /// Posts counted.
    pub posts: u32,
    /// The tolerance used, in points.
    pub tolerance: f64,
    /// The guide's pillars in guide order, then pillars unknown to the guide (by id), then the
    /// unassigned posts (only when there are some).
    pub rows: Vec<PillarShare>,
}

/// The guide's pillar keywords, ready to match post texts: case, accents, ligatures and
/// typographic apostrophes folded as the suggestion engines fold them ([`fold`]), keywords
/// matched as whole words (a phrase as consecutive words; punctuation and hashtag signs between
/// words do not matter, so `#VeloTaf` mentions "VeloTaf" and `l’atelier` mentions "atelier").
#[derive(Debug, Clone)]
pub struct PillarKeywords {
    /// Per pillar, its keywords in [`word_line`] form.
    keywords: Vec<Vec<String>>,
}

impl PillarKeywords {
    /// Prepares the keywords of `pillars` (same order).
    pub fn new(pillars: &[Pillar]) -> PillarKeywords {
        let keywords = pillars
            .iter()
            .map(|p| p.keywords.iter().map(|k| word_line(k)).filter(|k| k.len() > 1).collect())
            .collect();
        PillarKeywords { keywords }
    }

    /// The index of the pillar whose keywords the texts mention most (distinct keywords; the
    /// first pillar wins a tie), or `None` when none is mentioned.
    pub fn pillar_for<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> Option<usize> {
        let lines: Vec<String> = texts.into_iter().map(word_line).collect();
        let mut best: Option<(usize, usize)> = None;
        for (i, keywords) in self.keywords.iter().enumerate() {
            let hits = keywords.iter().filter(|k| lines.iter().any(|l| l.contains(k.as_str()))).count();
            if hits > 0 && best.is_none_or(|(_, b)| hits > b) {
                best = Some((i, hits));
            }
        }
        best.map(|(i, _)| i)
    }
}

/// `text` folded, as its words (runs of letters and digits) joined by single spaces, with a
/// space at each end: ` piste cyclable `. One keyword mentions another's words in order exactly
/// when its form occurs in the other's.
fn word_line(text: &str) -> String {
    let folded = fold(text);
    let mut line = String::with_capacity(folded.len() + 2);
    line.push(' ');
    for c in folded.chars() {
        if c.is_alphanumeric() {
            line.push(c);
        } else if !line.ends_with(' ') {
            line.push(' ');
        }
    }
    if !line.ends_with(' ') {
        line.push(' ');
    }
    line
}

/// The share of posts per pillar over `period`, against the targets of the guide's `pillars`.
/// Deleted posts are ignored.
pub fn pillar_mix(posts: &[Post], pillars: &[Pillar], period: &Period, opts: &MixOptions) -> PillarMix {
    let keywords = PillarKeywords::new(pillars);
    // Counts per guide pillar, then per unknown id, then the unassigned.
    let mut counts = vec![(0u32, 0u32); pillars.len()];
    let mut unknown: Vec<(String, u32)> = Vec::new();
    let mut unassigned = 0u32;
    let mut total = 0u32;
    for post in posts.iter().filter(|p| !p.meta.deleted) {
        if !post_time(post).is_some_and(|t| period.contains(t)) {
            continue;
        }
        total += 1;
        match post.pillar.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
            Some(id) => match pillars.iter().position(|p| p.id == id) {
                Some(i) => counts[i].0 += 1,
                None => match unknown.iter_mut().find(|(u, _)| u == id) {
                    Some((_, n)) => *n += 1,
                    None => unknown.push((id.to_string(), 1)),
                },
            },
            None => {
                let texts =
                    std::iter::once(post.text.as_str()).chain(post.variants.values().map(String::as_str));
                match keywords.pillar_for(texts) {
                    Some(i) => {
                        counts[i].0 += 1;
                        counts[i].1 += 1;
                    }
                    None => unassigned += 1,
                }
            }
        }
    }
    crate::sort::sort_by(&mut unknown, |a, b| a.0.cmp(&b.0));

    let tolerance = if opts.tolerance.is_finite() && opts.tolerance >= 0.0 {
        opts.tolerance
    } else {
        default_tolerance()
    };
    let row = |pillar: Option<String>, name: String, (n, by_keyword): (u32, u32), target: Option<f64>| {
        let share = if total == 0 { 0.0 } else { f64::from(n) * 100.0 / f64::from(total) };
        let gap = target.filter(|_| total > 0).map(|t| share - t);
        let verdict = gap.map(|g| {
            if g < -tolerance {
                Verdict::Under
            } else if g > tolerance {
                Verdict::Over
            } else {
                Verdict::On
            }
        });
        PillarShare { pillar, name, posts: n, by_keyword, share, target, gap, verdict }
    };
    let mut rows: Vec<PillarShare> = pillars
        .iter()
        .zip(&counts)
        .map(|(p, &c)| row(Some(p.id.clone()), p.name.clone(), c, Some(f64::from(p.share))))
        .collect();
    rows.extend(unknown.into_iter().map(|(id, n)| row(Some(id.clone()), id, (n, 0), None)));
    if unassigned > 0 {
        let name = match opts.lang {
            Lang::Fr => "Sans pilier",
            Lang::En => "Unassigned",
        };
        rows.push(row(None, name.to_string(), (unassigned, 0), None));
    }
    PillarMix { period: *period, posts: total, tolerance, rows }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn guide_pillars() -> Vec<Pillar> {
        crate::guide::sample().guide.pillars
    }

    fn march() -> Period {
        Period::new(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"))
    }

    fn with(id: &str, pillar: Option<&str>, text: &str, when: &str) -> Post {
        let mut p = post(id, &["x"], when, "UTC");
        p.pillar = pillar.map(str::to_string);
        p.text = text.into();
        p
    }

    fn row<'m>(m: &'m PillarMix, id: Option<&str>) -> &'m PillarShare {
        m.rows.iter().find(|r| r.pillar.as_deref() == id).expect("row")
    }

    #[test]
    fn shares_gaps_and_verdicts_against_the_sample_guide() {
        // Sample guide targets: atelier 40, ville 35, offres 25.
        let posts = vec![
            with("1", Some("atelier"), "", "2026-03-02T09:00:00Z"),
            with("2", Some("atelier"), "", "2026-03-03T09:00:00Z"),
            with("3", Some("atelier"), "", "2026-03-04T09:00:00Z"),
            with("4", Some("atelier"), "", "2026-03-05T09:00:00Z"),
            with("5", Some("ville"), "", "2026-03-06T09:00:00Z"),
            with("6", None, "Notre mécanicien vous attend à l’Atelier", "2026-03-07T09:00:00Z"),
            with("7", None, "Nouveau : la VÉLOBOX du mois", "2026-03-08T09:00:00Z"),
            with("8", None, "Bonne semaine à tous", "2026-03-09T09:00:00Z"),
            // Outside the period (1 April is excluded) and deleted: not counted.
            with("9", Some("ville"), "", "2026-04-01T00:00:00Z"),
            {
                let mut p = with("10", Some("ville"), "", "2026-03-10T09:00:00Z");
                p.meta.deleted = true;
                p
            },
        ];
        let m =
            pillar_mix(&posts, &guide_pillars(), &march(), &MixOptions { tolerance: 5.0, lang: Lang::En });
        assert_eq!(m.posts, 8);
        // atelier: 4 tagged + 1 by keywords = 5/8 = 62.5% against 40: +22.5, over.
        let a = row(&m, Some("atelier"));
        assert_eq!(
            (a.posts, a.by_keyword, a.share, a.gap, a.verdict),
            (5, 1, 62.5, Some(22.5), Some(Verdict::Over))
        );
        // ville: 1/8 = 12.5% against 35: −22.5, under.
        let v = row(&m, Some("ville"));
        assert_eq!((v.posts, v.share, v.gap, v.verdict), (1, 12.5, Some(-22.5), Some(Verdict::Under)));
        // offres: the VéloBox post, 1/8 = 12.5% against 25: −12.5, under.
        let o = row(&m, Some("offres"));
        assert_eq!((o.posts, o.by_keyword, o.gap), (1, 1, Some(-12.5)));
        let u = row(&m, None);
        assert_eq!(
            (u.name.as_str(), u.posts, u.share, u.target, u.verdict),
            ("Unassigned", 1, 12.5, None, None)
        );
        assert_eq!(
            m.rows.iter().map(|r| r.pillar.as_deref()).collect::<Vec<_>>(),
            [Some("atelier"), Some("ville"), Some("offres"), None]
        );
    }

    #[test]
    fn tolerance_decides_on_target() {
        // 3 of 8 in ville = 37.5% against 35: +2.5 points.
        let mut posts: Vec<Post> =
            (0..3).map(|i| with(&format!("v{i}"), Some("ville"), "", "2026-03-02T09:00:00Z")).collect();
        posts.extend((0..5).map(|i| with(&format!("a{i}"), Some("atelier"), "", "2026-03-02T09:00:00Z")));
        let on = pillar_mix(&posts, &guide_pillars(), &march(), &MixOptions::default());
        assert_eq!(row(&on, Some("ville")).verdict, Some(Verdict::On));
        let strict =
            pillar_mix(&posts, &guide_pillars(), &march(), &MixOptions { tolerance: 2.0, lang: Lang::Fr });
        assert_eq!(row(&strict, Some("ville")).verdict, Some(Verdict::Over));
        // A pillar of the guide with no post is shown at 0%, under its target.
        let o = row(&strict, Some("offres"));
        assert_eq!((o.posts, o.share, o.gap, o.verdict), (0, 0.0, Some(-25.0), Some(Verdict::Under)));
        // Nonsense tolerance falls back to the default.
        let nan = pillar_mix(
            &posts,
            &guide_pillars(),
            &march(),
            &MixOptions { tolerance: f64::NAN, lang: Lang::Fr },
        );
        assert_eq!(nan.tolerance, 5.0);
    }

    #[test]
    fn unknown_pillars_keep_a_row_and_an_empty_period_has_no_verdict() {
        let posts = vec![
            with("1", Some("zzz"), "", "2026-03-02T09:00:00Z"),
            with("2", Some("legacy"), "", "2026-03-02T09:00:00Z"),
            with("3", Some("legacy"), "", "2026-03-03T09:00:00Z"),
        ];
        let m = pillar_mix(&posts, &guide_pillars(), &march(), &MixOptions::default());
        let ids: Vec<_> = m.rows.iter().map(|r| r.pillar.clone().unwrap_or_default()).collect();
        assert_eq!(ids, ["atelier", "ville", "offres", "legacy", "zzz"]);
        let legacy = row(&m, Some("legacy"));
        assert_eq!(
            (legacy.name.as_str(), legacy.posts, legacy.target, legacy.verdict),
            ("legacy", 2, None, None)
        );
        let empty = pillar_mix(
            &posts,
            &guide_pillars(),
            &Period::new(at("2027-01-01T00:00:00Z"), at("2027-02-01T00:00:00Z")),
            &MixOptions::default(),
        );
        assert_eq!(empty.posts, 0);
        assert!(empty.rows.iter().all(|r| r.share == 0.0 && r.gap.is_none() && r.verdict.is_none()));
        assert_eq!(empty.rows.len(), 3);
    }

    #[test]
    fn keywords_match_whole_folded_words_and_phrases() {
        let k = PillarKeywords::new(&guide_pillars());
        // Accents, case, typographic apostrophes; a hashtag's word counts.
        assert_eq!(k.pillar_for(["RÉPARATION express"]), Some(0));
        assert_eq!(k.pillar_for(["Le #VeloTaf du matin"]), Some(1));
        // A phrase must be consecutive words: "piste cyclable", not "piste ... cyclable".
        assert_eq!(k.pillar_for(["Nouvelle PISTE CYCLABLE quai Perrache"]), Some(1));
        assert_eq!(k.pillar_for(["une piste très cyclable"]), None);
        // Whole words only: "ateliers" and "trajets" are not "atelier" and "trajet".
        assert_eq!(k.pillar_for(["nos ateliers, vos trajets"]), None);
        // Most distinct keywords wins; the first pillar wins a tie; variants are read too.
        assert_eq!(k.pillar_for(["offre atelier", "un nouveau trajet"]), Some(2));
        assert_eq!(k.pillar_for(["trajet", "atelier"]), Some(0));
        assert_eq!(k.pillar_for(["", "!!!"]), None);
        assert_eq!(k.pillar_for(["Chez l’Atelier…"]), Some(0));
        assert_eq!(word_line("  L’Œuvre, #VéloTaf!\n2026 "), " l oeuvre velotaf 2026 ");
        assert_eq!(word_line("?!"), " ");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// With at least one post the shares add up to 100, and the counts to the total.
            #[test]
            fn shares_sum_to_100(spec in proptest::collection::vec((0usize..6, 0i64..40), 1..60)) {
                let ids = [Some("atelier"), Some("ville"), Some("offres"), Some("autre"), None, None];
                let texts = ["", "", "", "", "l'atelier", "rien à voir"];
                let posts: Vec<Post> = spec.iter().enumerate().map(|(i, &(k, day))| {
                    let when = (at("2026-03-01T00:00:00Z") + chrono::Duration::hours(day * 18)).to_rfc3339();
                    with(&i.to_string(), ids[k], texts[k], &when)
                }).collect();
                let m = pillar_mix(&posts, &guide_pillars(), &march(), &MixOptions::default());
                let counted = posts.iter().filter(|p| march().contains(post_time(p).unwrap())).count() as u32;
                prop_assert_eq!(m.posts, counted);
                prop_assert_eq!(m.rows.iter().map(|r| r.posts).sum::<u32>(), counted);
                if counted > 0 {
                    let sum: f64 = m.rows.iter().map(|r| r.share).sum();
                    prop_assert!((sum - 100.0).abs() < 1e-9, "{}", sum);
                }
            }
        }
    }
}
