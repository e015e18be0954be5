//! Properties of hashtag suggestions: for any draft, network, campaign and history, nothing
//! panics, never more suggestions than room, and never a banned tag or one the draft already has.

use chrono::{Duration, TimeZone, Utc};
use porte_voix_core::guide;
use porte_voix_core::networks;
use porte_voix_core::suggest::fold::fold;
use porte_voix_core::suggest::hashtags::{
    insertion, suggest_hashtags_with_stats, HashtagOptions, HashtagStats,
};
use porte_voix_core::suggest::history::HistoryRecord;
use porte_voix_core::suggest::Lang;
use porte_voix_core::text::entities;
use proptest::prelude::*;

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "vélo", "atelier", "réparation", "l'atelier", "trajet", "commute", "repairing", "marque", "Roue", "Libre", "printemps", "la", "et", "piste", "cyclable",
        ]).prop_map(String::from),
        2 => prop::sample::select(vec![
            "#RoueLibre", "#roueLibre", "#AtelierVelo", "#ateliervélo", "#VeloTaf", "#Promo", "#PROMO", "#F4F", "#Prómo", "#RoueLibreAuPrintemps", "#LyonVeloFestival", "＃Tag",
        ]).prop_map(String::from),
        1 => "[a-zéA-Z_]{1,10}".prop_map(|s| format!("#{s}")),
        1 => prop::sample::select(vec!["🚲", "🇫🇷", "’", "'", "\u{301}", "#", "https://rouelibre.fr/#atelier", "@velo_lyon"]).prop_map(String::from),
        1 => "\\PC{1,6}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((token(), prop::sample::select(vec![" ", " ", "\n", "\n\n", ", ", ""])), 0..40)
        .prop_map(|v| v.into_iter().map(|(t, s)| t + s).collect())
}

fn history() -> impl Strategy<Value = Vec<HistoryRecord>> {
    prop::collection::vec(
        (
            text(),
            0u64..500,
            prop::option::of(0.0f64..0.2),
            prop::sample::select(vec!["instagram", "x", "threads"]),
        ),
        0..30,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (t, e, rate, n))| HistoryRecord {
                network: n.into(),
                posted_at: Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap() + Duration::hours(i as i64),
                time_known: true,
                impressions: Some(1000),
                engagements: e,
                engagement_rate: rate,
                text: Some(t),
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn suggestions_respect_room_banned_and_present(
        draft in text(),
        h in history(),
        net in prop::sample::select(networks::ids().collect::<Vec<_>>()),
        campaign in prop::option::of(prop::sample::select(vec!["printemps", "lyon-festival", "inconnue"])),
        lang in prop::option::of(prop::sample::select(vec![Lang::Fr, Lang::En])),
        limit in prop::option::of(0usize..10),
    ) {
        let g = guide::sample();
        let profile = networks::builtin(net).unwrap();
        let stats = HashtagStats::from_history(&h);
        let o = HashtagOptions { campaign: campaign.map(String::from), lang, limit };
        let r = suggest_hashtags_with_stats(&draft, &profile, &g, &stats, &o);
        let present: Vec<String> = entities(&draft).hashtags.iter().map(|t| fold(&t.text)).collect();
        let max = g.hashtag_cap(Some(net)).max().unwrap_or(3);
        prop_assert_eq!(r.room, max.saturating_sub(present.len()));
        prop_assert!(r.suggestions.len() <= r.room);
        prop_assert!(r.suggestions.len() <= limit.unwrap_or(usize::MAX));
        let mut seen = Vec::new();
        for s in &r.suggestions {
            prop_assert!(!g.is_banned_hashtag(&s.tag), "banned {}", s.tag);
            prop_assert!(!g.guide.hashtags.banned.iter().any(|b| fold(b) == fold(&s.tag)), "banned {}", s.tag);
            prop_assert!(!present.contains(&fold(&s.tag)), "present {}", s.tag);
            prop_assert!(!seen.contains(&fold(&s.tag)), "twice {}", s.tag);
            prop_assert_eq!(&s.text, &format!("#{}", s.tag));
            prop_assert!(!s.reasons.is_empty());
            seen.push(fold(&s.tag));
            // Inserted where insertion() says, the tag is a hashtag of the new draft.
            let ins = insertion(&draft, &s.tag);
            let mut d = draft.clone();
            d.insert_str(ins.byte_offset, &ins.text);
            prop_assert!(entities(&d).hashtags.iter().any(|e| e.text == s.tag), "{:?} in {:?}", s.tag, d);
        }
        // Required first.
        let first_optional = r.suggestions.iter().position(|s| !s.required).unwrap_or(r.suggestions.len());
        prop_assert!(r.suggestions[first_optional..].iter().all(|s| !s.required));
    }
}
