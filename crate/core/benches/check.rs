//! Check speed: a 280-char draft against the sample guide, a 3,000-char post against a
//! 5,000-term guide, and a keystroke re-check (one char appended to a checked draft).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use porte_voix_core::guide::{self, Format};
use porte_voix_core::{CheckContext, Checker};
use std::hint::black_box;

const DRAFT: &str = "Bonjour à tous ! Cette semaine à l'atelier Roue Libre, on vous montre comment régler vos freins en 5 minutes. Passez nous voir à Lyon ou à Nantes, le café est offert ☀️ Toutes les infos : https://rouelibre.fr/atelier?utm_source=x #AtelierVelo #RoueLibre";

fn ctx() -> CheckContext {
    CheckContext { network: Some("x".into()), ..Default::default() }
}

fn big_guide() -> String {
    let mut s = String::from("version = 1\n[brand]\nname = \"Bench\"\n[terms]\nsensitive = [");
    for i in 0..2500 {
        s.push_str(&format!("\"mot{i}x\", \"terme sensible {i}\", "));
    }
    s.push_str("]\n");
    s
}

fn long_post() -> String {
    let base = "Le vélo est le moyen le plus simple de traverser la ville, et nos mécaniciens vous aident à l'entretenir toute l'année. ";
    let mut s = String::new();
    while s.chars().count() < 3000 {
        s.push_str(base);
    }
    s.chars().take(3000).collect()
}

fn benches(c: &mut Criterion) {
    let sample = Checker::new(guide::sample());
    let cx = ctx();
    assert!(DRAFT.chars().count() <= 280);
    // Cold: a new checker (empty cache) per run; building it is not measured.
    c.bench_function("check_280_sample_guide_cold", |b| {
        b.iter_batched_ref(
            || Checker::new(sample.guide().clone()),
            |fresh| black_box(fresh.check(black_box(DRAFT), &cx)),
            BatchSize::SmallInput,
        )
    });
    c.bench_function("check_280_sample_guide_warm", |b| {
        b.iter(|| black_box(sample.check(black_box(DRAFT), &cx)))
    });

    let big = Checker::new(guide::compile(&big_guide(), Format::Toml).expect("bench guide is valid"));
    assert!(big.guide().pattern_count() >= 5000);
    let post = long_post();
    let li = CheckContext { network: Some("linkedin".into()), ..Default::default() };
    c.bench_function("check_3000_5000_terms_cold", |b| {
        b.iter_batched_ref(
            || Checker::new(big.guide().clone()),
            |fresh| black_box(fresh.check(black_box(&post), &li)),
            BatchSize::SmallInput,
        )
    });

    // Keystroke: the draft was checked; one char is appended. Only the last sentence is new.
    let mut next = DRAFT.to_string();
    next.push('s');
    c.bench_function("keystroke_recheck_280", |b| {
        b.iter_batched_ref(
            || {
                let typing = Checker::new(sample.guide().clone());
                typing.check(DRAFT, &cx);
                typing
            },
            |typing| black_box(typing.check(black_box(&next), &cx)),
            BatchSize::SmallInput,
        )
    });
}

criterion_group! {
    name = group;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500)).sample_size(30);
    targets = benches
}
criterion_main!(group);
