//! Where the engine's start-up time goes (sample guide, snippets, first check). Run:
//! `cargo run --release -p porte-voix-core --example startup_profile`
use std::time::Instant;

fn main() {
    let t = Instant::now();
    for _ in 0..std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0) {
        let _ = porte_voix_core::guide::sample();
    }
    let compiled = porte_voix_core::guide::sample();
    println!("compile sample guide {:?}", t.elapsed());
    let t = Instant::now();
    let checker = porte_voix_core::Checker::new(compiled);
    println!("Checker::new {:?}", t.elapsed());
    let t = Instant::now();
    let _lib = porte_voix_core::suggest::snippets::Library::builtin();
    println!("snippets {:?}", t.elapsed());
    let ctx = porte_voix_core::CheckContext { network: Some("x".into()), ..Default::default() };
    for text in [
        "Notre atelier roue libre ouvre samedi à Nantes #velo https://rouelibre.fr",
        "Deuxième brouillon, autre texte.",
    ] {
        let t = Instant::now();
        let findings = checker.check(text, &ctx);
        println!("check {:?} ({} findings)", t.elapsed(), findings.len());
    }
}
