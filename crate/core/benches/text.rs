//! Benchmarks of count, entities and split over the shared corpus `tests/corpus/drafts.json`
//! (the same file the Node/wasm benchmark reads).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use porte_voix_core::networks::builtin;
use porte_voix_core::text::{count, entities, split, SplitOptions};
use std::hint::black_box;

#[derive(serde::Deserialize)]
struct Draft {
    name: String,
    network: String,
    text: String,
}

fn corpus() -> Vec<Draft> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/drafts.json");
    let src = std::fs::read_to_string(path).expect("tests/corpus/drafts.json readable");
    serde_json::from_str(&src).expect("corpus parses")
}

fn bench(c: &mut Criterion) {
    let drafts = corpus();
    let x = builtin("x").unwrap();
    let mut g = c.benchmark_group("count_x");
    for d in &drafts {
        g.bench_with_input(BenchmarkId::from_parameter(&d.name), &d.text, |b, t| {
            b.iter(|| count(black_box(t), &x))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("count_own_network");
    for d in &drafts {
        let p = builtin(&d.network).unwrap();
        g.bench_with_input(BenchmarkId::from_parameter(&d.name), &d.text, |b, t| {
            b.iter(|| count(black_box(t), &p))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("entities");
    for d in &drafts {
        g.bench_with_input(BenchmarkId::from_parameter(&d.name), &d.text, |b, t| {
            b.iter(|| entities(black_box(t)))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("split");
    let opts = SplitOptions::default();
    for d in &drafts {
        let p = builtin(&d.network).unwrap();
        g.bench_with_input(BenchmarkId::from_parameter(&d.name), &d.text, |b, t| {
            b.iter(|| split(black_box(t), &p, &opts))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
