//! Speed of the suggestion engines: best time over 50,000 history rows, snippet search over
//! 1,000 snippets, triage of one comment, hashtags for a 280-character draft with 2,000 history rows.

use chrono::{DateTime, Duration, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use porte_voix_core::guide;
use porte_voix_core::networks;
use porte_voix_core::suggest::hashtags::{
    suggest_hashtags, suggest_hashtags_with_stats, HashtagOptions, HashtagStats,
};
use porte_voix_core::suggest::history::HistoryRecord;
use porte_voix_core::suggest::snippets::{Category, Library, Snippet};
use porte_voix_core::suggest::timing::{best_times, TimingOptions};
use porte_voix_core::suggest::triage::triage;
use porte_voix_core::suggest::Lang;
use std::hint::black_box;

fn history(n: usize, now: DateTime<Utc>) -> Vec<HistoryRecord> {
    // Deterministic pseudo-random posts over two years, on two networks.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let minutes = (x % (730 * 1440)) as i64;
            let imp = 500 + (x >> 20) % 5000;
            let eng = (x >> 40) % (imp / 10 + 1);
            HistoryRecord {
                network: if x % 5 == 0 { "linkedin".into() } else { "x".into() },
                posted_at: now - Duration::minutes(minutes + 1440),
                time_known: true,
                impressions: Some(imp),
                engagements: eng,
                engagement_rate: Some(eng as f64 / imp as f64),
                text: None,
            }
        })
        .collect()
}

/// `history(n)` with post texts: ten kinds of Roue Libre posts, each with its hashtags.
fn history_with_text(n: usize, now: DateTime<Utc>) -> Vec<HistoryRecord> {
    let texts = [
        "Le trajet du matin sous le soleil ☀️ #VeloTaf #RoueLibre",
        "Réglage des freins en 10 minutes à l'atelier 🔧 #AtelierVelo",
        "Tout à -20 % ce week-end ! #Promo #RoueLibre",
        "Nouvelle piste cyclable quai Perrache #lyonavelo",
        "Les coulisses de l'atelier : un dérailleur à régler",
        "Commute tip: lights on, even at noon. #BikeCommute #VeloTaf",
        "Bienvenue Samir, notre nouveau mécanicien à Nantes ! #Nantes #AtelierVelo",
        "La VéloBox du mois est arrivée 🎉 #VeloBox #RoueLibre",
        "Sortie du dimanche : 60 km le long de la Loire #Cyclotourisme #Loire",
        "Repair café samedi à Lille, venez avec votre vélo #RepairCafe #Lille",
    ];
    history(n, now)
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r.network = if i % 3 == 0 { "x".into() } else { "instagram".into() };
            r.text = Some(format!("{} n°{i}", texts[i % texts.len()]));
            r
        })
        .collect()
}

fn library(n: usize) -> Library {
    let base = Library::builtin();
    let words = [
        "livraison",
        "colis",
        "retard",
        "horaires",
        "boutique",
        "allergènes",
        "remboursement",
        "delivery",
        "parcel",
        "refund",
        "opening",
        "hours",
        "press",
        "crise",
        "avis",
        "merci",
    ];
    let snippets: Vec<Snippet> = (0..n)
        .map(|i| {
            let s = &base.snippets()[i % base.snippets().len()];
            Snippet {
                id: format!("{}-{i}", s.id),
                lang: s.lang,
                category: if i % 7 == 0 { Category::Question } else { s.category },
                title: format!("{} {} n{i}", s.title, words[i % words.len()]),
                trigger: format!("{}{i}", s.trigger),
                tags: vec![words[(i * 7) % words.len()].to_string(), format!("tag{}", i % 97)],
                body: format!("{} {} ref{i}", s.body, words[(i * 3) % words.len()]),
            }
        })
        .collect();
    Library::from_parts("bench".into(), base.variables().to_vec(), snippets)
}

fn benches(c: &mut Criterion) {
    let now: DateTime<Utc> =
        DateTime::parse_from_rfc3339("2026-10-22T07:00:00+02:00").unwrap().with_timezone(&Utc);
    let h = history(50_000, now);
    let opts = TimingOptions::new("x", "Europe/Paris", now);
    c.bench_function("best_times_50k_rows", |b| {
        b.iter(|| best_times(black_box(&opts), black_box(&h)).unwrap())
    });

    let lib = library(1000);
    c.bench_function("snippet_search_1000", |b| {
        b.iter(|| lib.search(black_box("rembourssement colis"), None, 10))
    });

    let fr = "Bonjour, ça fait TROIS semaines que j'attends mon colis et personne ne répond au service client !!! Je vais porter plainte 😡";
    let en = "Honestly blown away by the quality for the price, thank you so much! Do you ship to Canada?";
    c.bench_function("triage_comment_fr", |b| b.iter(|| triage(black_box(fr), None)));
    c.bench_function("triage_comment_en", |b| b.iter(|| triage(black_box(en), Some(Lang::En))));

    let g = guide::sample();
    let insta = networks::builtin("instagram").unwrap();
    let hh = history_with_text(2000, now);
    let draft = "Votre vélo grince ou déraille ? Passez à l'atelier Roue Libre de Lyon pour une réparation express : freins, chaîne, dérailleur, \
                 tout est réglé en moins d'une heure. Et pour vos trajets du matin, demandez nos éclairages ☀️ Rendez-vous sur rouelibre.fr/atelier";
    assert!(draft.chars().count() <= 280 && draft.chars().count() > 250, "{}", draft.chars().count());
    let o = HashtagOptions { campaign: Some("printemps".into()), ..Default::default() };
    let stats = HashtagStats::from_history(&hh);
    c.bench_function("hashtags_280_chars_2000_rows_prepared", |b| {
        b.iter(|| suggest_hashtags_with_stats(black_box(draft), &insta, &g, &stats, &o))
    });
    c.bench_function("hashtag_stats_from_2000_rows", |b| {
        b.iter(|| HashtagStats::from_history(black_box(&hh)))
    });
    c.bench_function("hashtags_280_chars_2000_rows_all_in", |b| {
        b.iter(|| suggest_hashtags(black_box(draft), &insta, &g, black_box(&hh), &o))
    });
}

criterion_group! {
    name = suggest;
    config = Criterion::default()
        .measurement_time(std::time::Duration::from_secs(2))
        .warm_up_time(std::time::Duration::from_millis(500))
        .sample_size(20);
    targets = benches
}
criterion_main!(suggest);
