//! Speed of the plan analyses behind the side panel: conflicts and pillar mix for the month shown,
//! with 5,000 posts in the plan (a year of them, and the worst case of all 5,000 in one month),
//! and the report for a month. Target: conflicts + mix for one month well under 10 ms.

use chrono::{DateTime, Duration, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use porte_voix_core::guide;
use porte_voix_core::lang::Lang;
use porte_voix_core::plan::analysis::{
    conflicts, pillar_mix, report, ConflictOptions, MixOptions, Period, ReportInput, ReportOptions,
};
use porte_voix_core::plan::model::{Campaign, Metrics, Post, RecordMeta, Schedule, Status};
use porte_voix_core::suggest::zone::TzDb;
use std::hint::black_box;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// `n` posts spread over `days` days from 1 January 2026, deterministic pseudo-random: one to
/// three networks, every status, a pillar on two in three (keywords decide the rest), a
/// campaign on one in five, an X variant on one in four.
fn plan(n: usize, days: i64) -> Vec<Post> {
    let texts = [
        "Réglage des freins en 10 minutes à l'atelier 🔧 Passez nous voir, notre mécanicien vous attend. #AtelierVelo",
        "Nouvelle piste cyclable quai Perrache : votre trajet du matin devient plus sûr. #VeloTaf #Lyon",
        "La VéloBox du mois est arrivée 🎉 Une offre pour les abonnés : -10 % jusqu'à dimanche. rouelibre.fr/velobox",
        "Merci à toutes et à tous pour vos messages cette semaine, on lit tout ! À lundi.",
    ];
    let nets: [&[&str]; 4] = [&["x"], &["linkedin"], &["x", "instagram"], &["x", "linkedin", "facebook"]];
    let statuses = [
        Status::Idea,
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Scheduled,
        Status::Published,
    ];
    let pillars = ["atelier", "ville", "offres"];
    let t0 = at("2026-01-01T00:00:00Z");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let when = t0 + Duration::minutes((x % (days as u64 * 1440)) as i64);
            let meta = RecordMeta {
                id: format!("post-{i:05}"),
                created: t0,
                updated: t0,
                clock: Default::default(),
                deleted: i % 50 == 0,
            };
            let status = statuses[(x >> 20) as usize % statuses.len()];
            let mut variants = std::collections::BTreeMap::new();
            if i % 4 == 0 {
                variants.insert("x".to_string(), format!("{} n°{i}", &texts[i % texts.len()][..60]));
            }
            Post {
                meta,
                text: format!("{} n°{i}", texts[i % texts.len()]),
                variants,
                networks: nets[(x >> 30) as usize % nets.len()].iter().map(|s| s.to_string()).collect(),
                pillar: (i % 3 != 0).then(|| pillars[(x >> 40) as usize % pillars.len()].to_string()),
                campaign: (i % 5 == 0).then(|| "printemps".to_string()),
                status,
                schedule: Some(Schedule { at: when, zone: "Europe/Paris".into() }),
                assignee: None,
                notes: String::new(),
                ignored_findings: Default::default(),
                review: Vec::new(),
                metrics: (status == Status::Published).then(|| Metrics {
                    published_at: Some(when),
                    url: None,
                    impressions: Some(500 + x % 5000),
                    engagements: Some(x % 300),
                    clicks: None,
                }),
            }
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let g = guide::sample();
    let pillars = g.guide.pillars.clone();
    let t0 = at("2026-01-01T00:00:00Z");
    let campaigns = vec![Campaign {
        meta: RecordMeta {
            id: "printemps".into(),
            created: t0,
            updated: t0,
            clock: Default::default(),
            deleted: false,
        },
        name: "Printemps".into(),
        starts: chrono::NaiveDate::from_ymd_opt(2026, 3, 1),
        ends: chrono::NaiveDate::from_ymd_opt(2026, 5, 31),
        hashtags: vec![],
    }];
    let march = Period::new(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"));
    let mut opts = ConflictOptions::new(at("2026-03-15T12:00:00Z"), Lang::Fr);
    opts.period = Some(march);
    let mix = MixOptions::default();

    for (label, posts) in [("year", plan(5000, 365)), ("one_month", plan(5000, 31))] {
        // The one-month plan is shifted into March.
        let posts: Vec<Post> = if label == "one_month" {
            posts
                .into_iter()
                .map(|mut p| {
                    if let Some(s) = p.schedule.as_mut() {
                        s.at += Duration::days(59);
                    }
                    if let Some(m) = p.metrics.as_mut() {
                        m.published_at = p.schedule.as_ref().map(|s| s.at);
                    }
                    p
                })
                .collect()
        } else {
            posts
        };
        let found = conflicts(&posts, &campaigns, Some(&g), &TzDb, &opts).len();
        let m = pillar_mix(&posts, &pillars, &march, &mix);
        eprintln!("5000 posts over a {label}: {} in March, {found} conflicts", m.posts);
        c.bench_function(&format!("conflicts_and_mix_march_5000_posts_{label}"), |b| {
            b.iter(|| {
                (
                    conflicts(black_box(&posts), &campaigns, Some(&g), &TzDb, &opts),
                    pillar_mix(black_box(&posts), &pillars, &march, &mix),
                )
            })
        });
        c.bench_function(&format!("conflicts_march_5000_posts_{label}"), |b| {
            b.iter(|| conflicts(black_box(&posts), &campaigns, Some(&g), &TzDb, &opts))
        });
        c.bench_function(&format!("mix_march_5000_posts_{label}"), |b| {
            b.iter(|| pillar_mix(black_box(&posts), &pillars, &march, &mix))
        });
    }

    let posts = plan(5000, 365);
    let mut whole = opts.clone();
    whole.period = None;
    c.bench_function("conflicts_whole_plan_5000_posts", |b| {
        b.iter(|| conflicts(black_box(&posts), &campaigns, Some(&g), &TzDb, &whole))
    });
    let input = ReportInput { posts: &posts, history: &[], followers: &[], replies: &[], pillars: &pillars };
    let ro = ReportOptions::new(march, "Europe/Paris", at("2026-04-01T00:00:00Z"));
    c.bench_function("report_march_5000_posts", |b| {
        b.iter(|| report(black_box(&input), &TzDb, &ro).unwrap())
    });
}

criterion_group! {
    name = plan_analysis;
    config = Criterion::default()
        .measurement_time(std::time::Duration::from_secs(2))
        .warm_up_time(std::time::Duration::from_millis(500))
        .sample_size(20);
    targets = benches
}
criterion_main!(plan_analysis);
