//! Speed of the plan with 5,000 posts (issue 7's budget: the month view in at most 200 ms end to
//! end, one save in at most 20 ms): reading the plan file into a book, the month query, one post
//! updated and turned into its storage item, and the whole file written.

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use porte_voix_core::plan::book::{storage_item, PlanBook, PostFields, Query};
use porte_voix_core::plan::file::{read_plan, read_stored_json, write_plan};
use porte_voix_core::plan::{Schedule, Status};
use std::hint::black_box;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

/// 5,000 posts over 14 months, every third with a variant, all scheduled.
fn book() -> PlanBook {
    let mut book = PlanBook::new("bench");
    for i in 0..5000u32 {
        let mut fields = PostFields {
            text: Some(format!("Post {i} : les coulisses de l'atelier, épisode {i}. Venez nous voir samedi ! #RoueLibre #AtelierVelo")),
            networks: Some(if i % 3 == 0 { vec!["instagram".into()] } else { vec!["x".into(), "linkedin".into()] }),
            pillar: Some(Some(["atelier", "conseils", "coulisses"][i as usize % 3].into())),
            schedule: Some(Some(Schedule { at: start() + Duration::minutes(i as i64 * 126), zone: "Europe/Paris".into() })),
            status: Some(Status::Scheduled),
            ..PostFields::default()
        };
        if i % 3 == 1 {
            fields.variants =
                Some([("x".to_string(), format!("Épisode {i} des coulisses #RoueLibre"))].into());
        }
        let _ = book.create_post(fields, Some(&format!("p{i:05}")), None, start());
    }
    book
}

fn bench(c: &mut Criterion) {
    let book = book();
    let text = write_plan(&book.to_plan()).unwrap();
    // The storage items as the extension hands them to the wasm: one JSON object.
    let items =
        serde_json::to_string(&book.storage_items().into_iter().collect::<serde_json::Map<_, _>>()).unwrap();
    let june = Query {
        from: Some(Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()),
        to: Some(Utc.with_ymd_and_hms(2026, 7, 1, 0, 0, 0).unwrap()),
        ..Query::default()
    };
    assert!(book.query(&june).scheduled.len() > 300);

    let mut group = c.benchmark_group("plan 5000 posts");
    group.sample_size(20);
    group.bench_function("load plan file", |b| {
        b.iter(|| PlanBook::from_plan(read_plan(black_box(&text)).unwrap().plan, "bench"))
    });
    group.bench_function("load storage items (JSON text)", |b| {
        b.iter(|| {
            let mut loaded = PlanBook::new("bench");
            loaded.load_stored(read_stored_json(black_box(&items)).unwrap());
            loaded
        })
    });
    group.bench_function("month query", |b| b.iter(|| book.query(black_box(&june)).scheduled.len()));
    group.bench_function("open: load storage items + month query", |b| {
        b.iter(|| {
            let mut loaded = PlanBook::new("bench");
            loaded.load_stored(read_stored_json(black_box(&items)).unwrap());
            loaded.query(&june).scheduled.len()
        })
    });
    let mut edited = PlanBook::from_plan(read_plan(&text).unwrap().plan, "bench");
    let mut n = 0u64;
    group.bench_function("save one post (update + storage item)", |b| {
        b.iter(|| {
            n += 1;
            let fields = PostFields {
                text: Some(format!("Nouveau texte {n}")),
                schedule: Some(Some(Schedule {
                    at: start() + Duration::hours(n as i64 % 9000),
                    zone: "Europe/Paris".into(),
                })),
                ..PostFields::default()
            };
            let post =
                edited.update_post("p02500", fields, None, start() + Duration::seconds(n as i64)).unwrap();
            storage_item(post)
        })
    });
    group.bench_function("write whole plan file", |b| {
        b.iter(|| write_plan(black_box(&edited.to_plan())).unwrap().len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
