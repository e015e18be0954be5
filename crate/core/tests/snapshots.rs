//! Snapshot tests: realistic drafts checked against the sample guide, each finding rendered in
//! context (its line, a caret underline, the message). `UPDATE_SNAPSHOTS=1` rewrites the files
//! in `tests/snapshots/`.

use porte_voix_core::guide::{self, Lang};
use porte_voix_core::{fix, CheckContext, Checker, Finding};
use std::fmt::Write;
use std::path::PathBuf;

struct Draft {
    name: &'static str,
    network: Option<&'static str>,
    ui: Lang,
    sponsored: bool,
    campaign: Option<&'static str>,
    text: &'static str,
}

const DRAFTS: &[Draft] = &[
    Draft { name: "fr-atelier-x", network: Some("x"), ui: Lang::Fr, sponsored: false, campaign: None, text: "Bonjour!! Cette semaine a l'atelier roue libre, on te montre comment régler tes freins... C'est INCROYABLEMENT simple 🚲🔧🍕🎉\nInfos : https://rouelibre.fr/freins #atelierVelo #RoueLibre #Promo" },
    Draft { name: "fr-sponsorise-instagram", network: Some("instagram"), ui: Lang::Fr, sponsored: true, campaign: Some("printemps"), text: "Le printemps arrive : découvrez les antivols de notre partenaire, bien plus solides que ceux de Cyclomax.\nGrand concours : un antivol à gagner !\n\n#Velo #Lyon #Nantes #Lille #VeloTaf" },
    Draft { name: "fr-linkedin-long", network: Some("linkedin"), ui: Lang::Fr, sponsored: false, campaign: None, text: "Nous avons le plaisir de vous annoncer que notre atelier situé dans le quartier de la Croix-Rousse à Lyon ouvrira désormais ses portes le dimanche matin afin de permettre à toutes celles et ceux qui travaillent en semaine de faire réviser leur vélo sans contrainte particulière.\nMerci à @velo_lyon et à @inconnu pour leur soutien. Écrivez-nous par e-mail ou par email, comme vous préférez." },
    Draft { name: "en-casual-bluesky", network: Some("bluesky"), ui: Lang::En, sponsored: false, campaign: None, text: "We hereby announce our new cheap repair plan!!! Book now at https://bit.ly/rl-repair or buy now in store.  It's really really good value for every customer. #bikelife #RoueLibre" },
    Draft { name: "en-ui-fr-draft-mastodon", network: Some("mastodon"), ui: Lang::En, sponsored: false, campaign: None, text: "« Le vélo, c'est la liberté » ; vous le savez déjà. Tu passes nous voir ?\nPlus d'infos : https://shop.rouelibre.fr/offres?utm_campaign=ete" },
    Draft { name: "clean-fr", network: Some("x"), ui: Lang::Fr, sponsored: false, campaign: None, text: "Cette semaine à l’atelier Roue Libre, nous vous montrons comment régler vos freins en cinq minutes. Passez nous voir 🚲 #AtelierVelo" },
];

fn render(d: &Draft, findings: &[Finding]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "draft: {} | network: {} | ui: {} | sponsored: {} | campaign: {}",
        d.name,
        d.network.unwrap_or("-"),
        d.ui.as_str(),
        d.sponsored,
        d.campaign.unwrap_or("-")
    );
    let lines: Vec<&str> = d.text.split('\n').collect();
    for f in findings {
        let line = lines.get(f.line - 1).copied().unwrap_or("");
        let width = f.span.slice(d.text).split('\n').next().map_or(0, |s| s.chars().count()).max(1);
        let _ = writeln!(out, "\n{}:{} {} {} [{}]", f.line, f.column, f.level.as_str(), f.rule, f.id);
        let _ = writeln!(out, "  | {line}");
        let _ = writeln!(out, "  | {}{}", " ".repeat(f.column - 1), "^".repeat(width));
        let _ = writeln!(out, "  = {}", f.message);
        if !f.replacements.is_empty() {
            let _ = writeln!(out, "  → {:?}{}", f.replacements, if f.safe_fix { " (safe fix)" } else { "" });
        }
    }
    let fixed = fix(d.text, findings);
    if fixed != d.text {
        let _ =
            writeln!(out, "\nafter safe fixes:\n{}", fixed.replace('\u{202f}', "⍽").replace('\u{a0}', "⎵"));
    }
    out
}

#[test]
fn snapshots_match() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let checker = Checker::new(guide::sample());
    let mut failures = Vec::new();
    for d in DRAFTS {
        let cx = CheckContext {
            network: d.network.map(str::to_string),
            lang: d.ui,
            sponsored: d.sponsored,
            campaign: d.campaign.map(str::to_string),
            ..Default::default()
        };
        let got = render(d, &checker.check(d.text, &cx));
        let path = dir.join(format!("{}.txt", d.name));
        if update {
            std::fs::create_dir_all(&dir).expect("snapshot dir");
            std::fs::write(&path, &got).expect("write snapshot");
        } else {
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if expected != got {
                failures.push(format!("{}:\n--- expected\n{expected}\n--- got\n{got}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "snapshots differ (UPDATE_SNAPSHOTS=1 to accept):\n{}", failures.join("\n"));
}
