use porte_voix_core::{guide, CheckContext, Checker};
#[test]
fn smoke() {
    let errs = guide::parse(guide::SAMPLE_TOML, guide::Format::Toml).err();
    println!("{errs:#?}");
    let c = Checker::new(guide::sample());
    let ctx = CheckContext { network: Some("x".into()), sponsored: true, campaign: Some("printemps".into()), ..Default::default() };
    for t in ["Bonjour!! Venez a l'atelier roue libre , c'est INCROYABLE NOUVEAU... Tu vas adorer le le vélo électrique pas cher de Cyclomax 🚲🚲🍕🎉 https://rouelibre.example/atelier?utm_source=x  #velotaf #Promo #A #B #C",
              "We're gonna fix your bike hereby. Click https://bit.ly/abc and book now!"] {
        for f in c.check(t, &ctx) { println!("{}:{} {} {} {:?} {:?} {}", f.line, f.column, f.level.as_str(), f.rule, f.message, f.replacements, f.span.slice(t)); }
        println!("FIX: {}", c.fix(t, &ctx));
    }
}
