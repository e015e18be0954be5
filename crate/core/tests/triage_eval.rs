//! Triage accuracy on the labelled set `tests/triage/comments.csv` (written for this project).
//!
//! Prints overall accuracy, held-out accuracy (every 5th comment, never looked at while writing
//! the lexicon's adjustments), per-class recall and the confusion matrix, for the comment
//! language given and for the language guessed. Fails under 85% accuracy.

use porte_voix_core::suggest::triage::{triage, Class};
use porte_voix_core::suggest::Lang;

struct Row {
    lang: Lang,
    label: Class,
    text: String,
}

fn load() -> Vec<Row> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/triage/comments.csv");
    let mut rdr = csv::Reader::from_path(path).expect("comments.csv readable");
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap_or_else(|e| panic!("comments.csv record {}: {e}", i + 1));
        let lang = Lang::parse(&rec[0]).unwrap_or_else(|| panic!("record {}: bad lang {}", i + 1, &rec[0]));
        let label =
            Class::parse(&rec[1]).unwrap_or_else(|| panic!("record {}: bad label {}", i + 1, &rec[1]));
        rows.push(Row { lang, label, text: rec[2].to_string() });
    }
    rows
}

fn evaluate(rows: &[Row], give_lang: bool) -> (f64, f64) {
    let mut confusion = [[0usize; 5]; 5];
    let (mut ok, mut held_ok, mut held_n) = (0, 0, 0);
    let mut misses = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let t = triage(&r.text, if give_lang { Some(r.lang) } else { None });
        confusion[r.label as usize][t.class as usize] += 1;
        let hit = t.class == r.label;
        ok += hit as usize;
        if i % 5 == 4 {
            held_n += 1;
            held_ok += hit as usize;
        }
        if !hit {
            misses.push(format!(
                "  [{}] {:?} → {:?} ({:.2}) {}\n      {}",
                r.lang.as_str(),
                r.label,
                t.class,
                t.confidence,
                r.text,
                t.reasons.join(" | ")
            ));
        }
    }
    let acc = ok as f64 / rows.len() as f64;
    let held = held_ok as f64 / held_n.max(1) as f64;
    println!("\n== language {} ==", if give_lang { "given" } else { "guessed" });
    println!(
        "accuracy {:.1}% ({ok}/{}), held-out (every 5th) {:.1}% ({held_ok}/{held_n})",
        acc * 100.0,
        rows.len(),
        held * 100.0
    );
    println!(
        "{:>10} | {:>9} {:>9} {:>9} {:>9} {:>9} | recall",
        "label\\got", "complaint", "question", "praise", "spam", "urgent"
    );
    for c in Class::ALL {
        let row = confusion[c as usize];
        let n: usize = row.iter().sum();
        println!(
            "{:>10} | {:>9} {:>9} {:>9} {:>9} {:>9} | {:.1}%",
            c.name(),
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            100.0 * row[c as usize] as f64 / n.max(1) as f64
        );
    }
    println!("misclassified:\n{}", misses.join("\n"));
    (acc, held)
}

#[test]
fn triage_accuracy_on_labelled_comments() {
    let rows = load();
    assert!(rows.len() >= 150, "labelled set too small: {}", rows.len());
    let fr = rows.iter().filter(|r| r.lang == Lang::Fr).count();
    assert!(
        fr * 3 >= rows.len() && fr * 3 <= rows.len() * 2,
        "French/English balance off: {fr}/{}",
        rows.len()
    );
    for c in Class::ALL {
        assert!(rows.iter().filter(|r| r.label == c).count() >= 25, "{c:?} under-represented");
    }
    let (acc, _) = evaluate(&rows, true);
    let (acc_guess, _) = evaluate(&rows, false);
    assert!(acc >= 0.85, "accuracy {:.1}% < 85%", acc * 100.0);
    assert!(acc_guess >= 0.85, "accuracy with guessed language {:.1}% < 85%", acc_guess * 100.0);
}

#[test]
fn urgent_comments_raise_the_flag() {
    let rows = load();
    let urgent: Vec<&Row> = rows.iter().filter(|r| r.label == Class::Urgent).collect();
    let flagged = urgent.iter().filter(|r| triage(&r.text, Some(r.lang)).urgent).count();
    println!("urgent flag raised on {flagged}/{} urgent comments", urgent.len());
    assert!(flagged * 100 >= urgent.len() * 85);
    let false_alarms =
        rows.iter().filter(|r| r.label != Class::Urgent && triage(&r.text, Some(r.lang)).urgent).count();
    println!("urgent flag raised on {false_alarms} non-urgent comments");
}
