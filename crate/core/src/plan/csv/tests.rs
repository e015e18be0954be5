use proptest::prelude::*;

use super::*;
use crate::suggest::zone::TzDb;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    utc("2026-05-01T00:00:00Z")
}

fn post(id: &str, text: &str, schedule: Option<(&str, &str)>) -> Post {
    let mut p = new_post(id.into(), utc("2026-01-01T00:00:00Z"));
    p.text = text.into();
    p.schedule = schedule.map(|(at, zone)| Schedule { at: utc(at), zone: zone.into() });
    p.status = if p.schedule.is_some() { Status::Scheduled } else { Status::Idea };
    p
}

fn plan_of(posts: Vec<Post>) -> Plan {
    Plan { posts, ..Plan::default() }
}

fn opts(layout: Layout) -> ImportOptions {
    ImportOptions {
        layout,
        zone: "Europe/Paris".into(),
        networks: vec!["x".into()],
        date_order: DateOrder::Auto,
        now: now(),
    }
}

fn import(data: &str) -> CsvImport {
    import_csv(data.as_bytes(), &TzDb, &opts(Layout::Auto))
}

fn problems(i: &CsvImport) -> Vec<(u64, Option<&str>, &'static str)> {
    i.problems.iter().map(|p| (p.line, p.field.as_deref(), p.code)).collect()
}

/// The fields the CSV carries: id, status, schedule, networks, text, variants, pillar, campaign,
/// assignee, notes.
type CsvFields = (
    String,
    Status,
    Option<Schedule>,
    Vec<String>,
    String,
    BTreeMap<String, String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// The fields the CSV carries, for comparing a post with its re-import.
fn csv_fields(p: &Post) -> CsvFields {
    (
        p.meta.id.clone(),
        p.status,
        p.schedule.clone(),
        p.networks.clone(),
        p.text.clone(),
        p.variants.clone(),
        p.pillar.clone(),
        p.campaign.clone(),
        p.assignee.clone(),
        p.notes.clone(),
    )
}

#[test]
fn the_export_has_the_documented_columns_and_neutralised_formulas() {
    let mut a = post("a1", "=HYPERLINK(\"http://evil\")", Some(("2026-03-15T08:30:00Z", "Europe/Paris")));
    a.networks = vec!["x".into(), "linkedin".into()];
    a.variants.insert("linkedin".into(), "Ligne 1\nLigne 2, avec \"guillemets\"".into());
    a.pillar = Some("pil-1".into());
    a.notes = "@cmd".into();
    let mut b = post("b2", "-5 degrés ce matin", None);
    b.variants.insert("x".into(), "'+déjà une apostrophe".into());
    b.assignee = Some("Léa".into());
    let mut deleted = post("gone", "x", None);
    deleted.meta.deleted = true;
    let csv = export_csv(&plan_of(vec![a.clone(), b.clone(), deleted]), &TzDb, ExportOptions::default());
    assert_eq!(
        csv,
        "id,status,date,time,zone,networks,text,text_linkedin,text_x,pillar,campaign,assignee,notes\r\n\
         a1,scheduled,2026-03-15,09:30,Europe/Paris,x;linkedin,\"'=HYPERLINK(\"\"http://evil\"\")\",\"Ligne 1\nLigne 2, avec \"\"guillemets\"\"\",,pil-1,,,'@cmd\r\n\
         b2,idea,,,,,'-5 degrés ce matin,,''+déjà une apostrophe,,,Léa,\r\n"
    );
    let back = import(&csv);
    assert_eq!(back.layout, Layout::PorteVoix);
    assert_eq!(back.problems, []);
    assert_eq!(back.posts.iter().map(csv_fields).collect::<Vec<_>>(), [csv_fields(&a), csv_fields(&b)]);
    let semicolons =
        export_csv(&plan_of(vec![a.clone()]), &TzDb, ExportOptions { semicolon: true, bom: true });
    assert!(semicolons.starts_with("\u{feff}id;status;date;time;zone;networks;text;text_linkedin;pillar;campaign;assignee;notes\r\na1;scheduled;2026-03-15;09:30;Europe/Paris;\"x;linkedin\";"));
    assert_eq!(import(&semicolons).posts.iter().map(csv_fields).collect::<Vec<_>>(), [csv_fields(&a)]);
}

#[test]
fn times_the_zone_cannot_tell_carry_an_offset_or_z() {
    // 00:30Z and 01:30Z are both 02:30 in Paris on 2026-10-25.
    let first = post("f", "t", Some(("2026-10-25T00:30:00Z", "Europe/Paris")));
    let second = post("s", "t", Some(("2026-10-25T01:30:00Z", "Europe/Paris")));
    let fraction = post("n", "t", Some(("2026-10-25T01:30:00.25Z", "Europe/Paris")));
    let unknown = post("u", "t", Some(("2026-10-25T01:30:05Z", "Mars/Olympus")));
    let posts = vec![first, second, fraction, unknown];
    let csv = export_csv(&plan_of(posts.clone()), &TzDb, ExportOptions::default());
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert!(rows[1].starts_with("f,scheduled,2026-10-25,02:30,Europe/Paris,"));
    assert!(rows[2].starts_with("s,scheduled,2026-10-25,02:30:00+01:00,Europe/Paris,"), "{}", rows[2]);
    assert!(rows[3].starts_with("n,scheduled,2026-10-25,02:30:00.250+01:00,Europe/Paris,"), "{}", rows[3]);
    assert!(rows[4].starts_with("u,scheduled,2026-10-25,01:30:05Z,Mars/Olympus,"), "{}", rows[4]);
    let back = import(&csv);
    assert_eq!(back.problems, []);
    assert_eq!(
        back.posts.iter().map(csv_fields).collect::<Vec<_>>(),
        posts.iter().map(csv_fields).collect::<Vec<_>>()
    );
}

#[test]
fn bad_rows_are_reported_with_line_and_column_and_the_rest_imported() {
    let data = "\u{feff}id;status;date;time;zone;networks;text;text_x;colour;notes\r\n\
                ok1;Planifié;15/03/2026;09:30;;Twitter, LinkedIn;\"Bonjour;\r\nle monde\";court;bleu;\r\n\
                bad-status;maybe;;;;;t;;;\r\n\
                bad-date;;31/02/2026;09:30;;;t;;;\r\n\
                bad-time;;15/03/2026;25:99;;;t;;;\r\n\
                bad-zone;;15/03/2026;09:30;Mars/Olympus;;t;;;\r\n\
                no-date;;;09:30;;;t;;;\r\n\
                ok1;;;;;;again;;;\r\n\
                \r\n\
                ;brouillon;;;;;sans id;;;\r\n";
    let back = import(data);
    assert_eq!(back.layout, Layout::PorteVoix);
    // Row 2 spans lines 2 and 3 (a quoted line break).
    assert_eq!(
        problems(&back),
        [
            (1, Some("colour"), "unknown-column"),
            (4, Some("status"), "bad-status"),
            (5, Some("date"), "bad-date"),
            (6, Some("time"), "bad-date"),
            (7, Some("zone"), "unknown-zone"),
            (8, Some("date"), "bad-date"),
            (9, Some("id"), "duplicate-id"),
        ]
    );
    assert_eq!(back.problems[1].to_string(), "line 4: status: \"maybe\" is not a status (idea, draft, in-review, approved, scheduled, published); the row was skipped: fix the cell and import again");
    assert!(back.problems[3].fr.contains("ligne ignorée"));
    let ok = &back.posts[0];
    assert_eq!(
        (ok.meta.id.as_str(), ok.status, ok.text.as_str()),
        ("ok1", Status::Scheduled, "Bonjour;\r\nle monde")
    );
    assert_eq!(ok.schedule, Some(Schedule { at: utc("2026-03-15T08:30:00Z"), zone: "Europe/Paris".into() }));
    assert_eq!(ok.networks, ["x", "linkedin"]);
    assert_eq!(ok.variants, BTreeMap::from([("x".to_string(), "court".to_string())]));
    let new = &back.posts[1];
    assert_eq!((new.status, new.text.as_str()), (Status::Draft, "sans id"));
    assert!(new.meta.id.starts_with("csv-"));
    assert_eq!(import(data).posts[1].meta.id, new.meta.id, "ids of rows without one are stable");
}

#[test]
fn excel_windows_1252_files_are_read_and_said_so() {
    let mut data = b"id;text;notes\r\n1;Caf\xe9 \x80 \x96 ok;\r\n".to_vec();
    data.extend_from_slice(b"2;\"=1+1\";\r\n");
    let back = import_csv(&data, &TzDb, &opts(Layout::Auto));
    assert_eq!(problems(&back), [(0, None, "not-utf8")]);
    assert_eq!(back.posts[0].text, "Café € – ok");
    assert_eq!(back.posts[1].text, "=1+1");
}

#[test]
fn hootsuite_files_with_and_without_a_header() {
    let no_header = "03/15/2026 09:30,\"Spring is here, come ride\",https://example.org/spring\r\n03/16/2026 18:05,Second message https://example.org/x,https://example.org/x\r\n13/16/2026 10:00,bad,\r\n";
    let back = import(no_header);
    assert_eq!(back.layout, Layout::Hootsuite);
    type Seen<'a> = (&'a str, Option<DateTime<Utc>>, Status, &'a [String]);
    let got: Vec<Seen> = back
        .posts
        .iter()
        .map(|p| (p.text.as_str(), p.schedule.as_ref().map(|s| s.at), p.status, p.networks.as_slice()))
        .collect();
    let x = ["x".to_string()];
    assert_eq!(
        got,
        [
            (
                "Spring is here, come ride https://example.org/spring",
                Some(utc("2026-03-15T08:30:00Z")),
                Status::Scheduled,
                &x[..]
            ),
            (
                "Second message https://example.org/x",
                Some(utc("2026-03-16T17:05:00Z")),
                Status::Scheduled,
                &x[..]
            ),
        ]
    );
    assert_eq!(problems(&back), [(3, Some("date"), "bad-date")]);
    // Day first, decided by the 15th; with a header.
    let day_first = "Date,Message,Link\r\n15/03/2026 09:30,Bonjour,\r\n02/03/2026 10:00,Salut,\r\n";
    let back = import(day_first);
    assert_eq!(back.problems, []);
    assert_eq!(
        back.posts.iter().map(|p| p.schedule.as_ref().unwrap().at).collect::<Vec<_>>(),
        [utc("2026-03-15T08:30:00Z"), utc("2026-03-02T09:00:00Z")]
    );
    // Undecidable: month first is guessed for commas, and said.
    let back = import("02/03/2026 10:00,Salut,\r\n");
    assert_eq!(back.posts[0].schedule.as_ref().unwrap().at, utc("2026-02-03T09:00:00Z"));
    assert_eq!(problems(&back), [(1, None, "guessed-date-order")]);
    let mut forced = opts(Layout::Auto);
    forced.date_order = DateOrder::DayFirst;
    let back = import_csv(b"02/03/2026 10:00,Salut,\r\n", &TzDb, &forced);
    assert_eq!(
        (back.posts[0].schedule.as_ref().unwrap().at, back.problems.len()),
        (utc("2026-03-02T09:00:00Z"), 0)
    );
}

#[test]
fn buffer_files_keep_image_and_tags_in_the_notes() {
    let data = "Text,Image URL,Tags,Posting Time\r\n\"New post, with link\",https://img.example/1.png,\"launch, spring\",2026-01-23 17:30\r\nQueued without a time,,,\r\nDated,,,1/23/26 5:30 PM\r\n,,,2026-01-24 10:00\r\n";
    let back = import(data);
    assert_eq!(back.layout, Layout::Buffer);
    assert_eq!(problems(&back), [(5, Some("Text"), "empty-text")]);
    let p = &back.posts[0];
    assert_eq!(
        (p.text.as_str(), p.notes.as_str(), p.status),
        ("New post, with link", "Image: https://img.example/1.png\nTags: launch, spring", Status::Scheduled)
    );
    assert_eq!(p.schedule.as_ref().unwrap().at, utc("2026-01-23T16:30:00Z"));
    assert_eq!((back.posts[1].status, back.posts[1].schedule.is_none()), (Status::Idea, true));
    assert_eq!(back.posts[2].schedule.as_ref().unwrap().at, utc("2026-01-23T16:30:00Z"));
}

#[test]
fn files_that_cannot_be_used_say_why() {
    assert_eq!(problems(&import("")), [(0, None, "empty-file")]);
    assert_eq!(problems(&import("foo,bar\r\n1,2\r\n")), [(1, None, "unknown-layout")]);
    assert_eq!(
        problems(&import_csv(b"id,status\r\n1,idea\r\n", &TzDb, &opts(Layout::PorteVoix))),
        [(1, Some("text"), "missing-column")]
    );
    let mut bad_zone = opts(Layout::Auto);
    bad_zone.zone = "Nowhere".into();
    let back = import_csv(b"id,text,date,time\r\n1,t,2026-03-01,10:00\r\n", &TzDb, &bad_zone);
    assert_eq!(problems(&back), [(0, None, "unknown-zone")]);
    assert_eq!(
        back.posts[0].schedule,
        Some(Schedule { at: utc("2026-03-01T10:00:00Z"), zone: "UTC".into() })
    );
}

#[test]
fn neutralising_is_reversible_for_any_run_of_apostrophes() {
    for cell in ["=1", "'=1", "''=1", "'", "''", "'a", "a", "", "-", "+33 6", "@x", "\tx", "\rx", "x=1"] {
        assert_eq!(restore(&neutralise(cell)), cell);
        let written = neutralise(cell);
        assert!(!written.starts_with(is_formula_start), "{written:?}");
    }
}

// ---------------------------------------------------------------------------------------------

fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(",".to_string()),
        Just(";".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("=".to_string()),
        Just("+".to_string()),
        Just("-".to_string()),
        Just("@".to_string()),
        Just("\t".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just(" ".to_string()),
        Just("é".to_string()),
        Just("e\u{301}".to_string()),
        Just("🎉".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{feff}".to_string()),
        "[a-zA-Z0-9]{1,10}",
        "\\PC{1,6}",
        (1usize..200).prop_map(|n| "long ".repeat(n)),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

fn field() -> impl Strategy<Value = String> {
    "[A-Za-zé0-9][A-Za-zé0-9 ,;'\"=@.-]{0,15}[A-Za-z0-9]"
}

fn network() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec!["x", "linkedin", "bluesky", "mastodon", "instagram", "tiktok"]).prop_map(str::to_string),
        1 => "[a-z][a-z0-9-]{0,8}",
    ]
}

fn schedule() -> impl Strategy<Value = Schedule> {
    let lo = utc("1990-01-01T00:00:00Z").timestamp();
    let hi = utc("2040-01-01T00:00:00Z").timestamp();
    let zones = vec![
        "Europe/Paris",
        "America/New_York",
        "UTC",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "Mars/Olympus",
    ];
    (lo..hi, prop_oneof![3 => Just(0u32), 1 => 0u32..1_000_000_000], prop::sample::select(zones)).prop_map(
        |(s, ns, zone)| Schedule { at: DateTime::from_timestamp(s, ns).unwrap(), zone: zone.to_string() },
    )
}

fn random_post(index: usize) -> impl Strategy<Value = Post> {
    (
        (
            field(),
            prop::sample::select(STATUSES.to_vec()),
            prop::option::of(schedule()),
            prop::collection::vec(network(), 0..3),
            hostile_text(),
        ),
        (
            prop::collection::btree_map(
                network(),
                hostile_text().prop_filter("non-empty", |t| !t.is_empty()),
                0..3,
            ),
            prop::option::of(field()),
            prop::option::of(field()),
            prop::option::of(field()),
            hostile_text(),
        ),
    )
        .prop_map(
            move |((id, status, schedule, networks, text), (variants, pillar, campaign, assignee, notes))| {
                let mut p = new_post(format!("{index}{id}"), now());
                (
                    p.status, p.schedule, p.networks, p.text, p.variants, p.pillar, p.campaign, p.assignee,
                    p.notes,
                ) = (status, schedule, networks, text, variants, pillar, campaign, assignee, notes);
                p
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn import_of_export_gives_the_same_posts(n in 1usize..6, seed_posts in prop::collection::vec(random_post(0), 6), semicolon in any::<bool>(), bom in any::<bool>()) {
        let posts: Vec<Post> = seed_posts.into_iter().take(n).enumerate().map(|(i, mut p)| { p.meta.id = format!("{i}-{}", p.meta.id); p }).collect();
        let csv = export_csv(&plan_of(posts.clone()), &TzDb, ExportOptions { semicolon, bom });
        prop_assert!(csv.ends_with("\r\n"));
        let back = import_csv(csv.as_bytes(), &TzDb, &ImportOptions { layout: Layout::Auto, zone: "Europe/Paris".into(), networks: vec![], date_order: DateOrder::Auto, now: now() });
        prop_assert_eq!(&back.problems, &vec![]);
        prop_assert_eq!(back.layout, Layout::PorteVoix);
        prop_assert_eq!(back.posts.iter().map(csv_fields).collect::<Vec<_>>(), posts.iter().map(csv_fields).collect::<Vec<_>>());
    }

    #[test]
    fn any_bytes_import_without_panicking(data in prop::collection::vec(any::<u8>(), 0..3000)) {
        for layout in [Layout::Auto, Layout::PorteVoix, Layout::Hootsuite, Layout::Buffer] {
            let _ = import_csv(&data, &TzDb, &opts(layout));
        }
    }
}
