//! Every built-in check and every custom-rule family, with French and English cases,
//! positive and negative.

use porte_voix_core::guide::{self, Format, Lang};
use porte_voix_core::{fix, CheckContext, Checker, Finding};

fn sample() -> Checker {
    Checker::new(guide::sample())
}

fn with(extra: &str) -> Checker {
    let src = format!("version = 1\n[brand]\nname = \"Test\"\n{extra}");
    Checker::new(guide::compile(&src, Format::Toml).unwrap_or_else(|e| panic!("{e:#?}")))
}

fn ctx(network: Option<&str>, post: Lang) -> CheckContext {
    CheckContext {
        network: network.map(str::to_string),
        post_lang: Some(post),
        lang: post,
        ..Default::default()
    }
}

fn run(c: &Checker, text: &str, cx: &CheckContext) -> Vec<Finding> {
    c.check(text, cx)
}

fn lang_of(text: &str) -> Lang {
    porte_voix_core::check::lex::detect_lang(text, &[Lang::Fr, Lang::En])
}

/// Asserts that `rule` reports at least one finding on `text` (sample guide, network x).
fn assert_finds(rule: &str, text: &str) -> Vec<Finding> {
    assert_finds_with(&sample(), &ctx(Some("x"), lang_of(text)), rule, text)
}

fn assert_finds_with(c: &Checker, cx: &CheckContext, rule: &str, text: &str) -> Vec<Finding> {
    let all = run(c, text, cx);
    let mine: Vec<Finding> = all.iter().filter(|f| f.rule == rule).cloned().collect();
    assert!(
        !mine.is_empty(),
        "{rule} should fire on {text:?}; got {:#?}",
        all.iter().map(|f| (&f.rule, &f.message)).collect::<Vec<_>>()
    );
    mine
}

/// Asserts that `rule` reports nothing on `text`.
fn assert_clean(rule: &str, text: &str) {
    assert_clean_with(&sample(), &ctx(Some("x"), lang_of(text)), rule, text)
}

fn assert_clean_with(c: &Checker, cx: &CheckContext, rule: &str, text: &str) {
    let all = run(c, text, cx);
    let mine: Vec<&Finding> = all.iter().filter(|f| f.rule == rule).collect();
    assert!(mine.is_empty(), "{rule} should not fire on {text:?}; got {mine:#?}");
}

fn assert_count(rule: &str, text: &str, n: usize) {
    let all = run(&sample(), text, &ctx(Some("x"), lang_of(text)));
    assert_eq!(all.iter().filter(|f| f.rule == rule).count(), n, "{rule} on {text:?}: {all:#?}");
}

#[test]
fn length_limit_and_ideal_range() {
    let long_fr = "Le vélo en ville, c’est la liberté. ".repeat(9);
    let f = assert_finds("length.limit", &long_fr);
    assert_eq!(f[0].level, guide::Level::Error);
    assert!(f[0].span.byte_start > 0, "the overflow starts inside the text");
    assert_finds("length.limit", &"Cycling through town is freedom on two wheels. ".repeat(7));
    assert_clean("length.limit", "Un post court et net sur le vélo en ville, avec vous.");
    assert_finds("length.ideal", "Trop court.");
    assert_finds("length.ideal", "Too short.");
    assert_clean("length.ideal", "Un post de longueur raisonnable pour parler de vélo en ville avec vous.");
    // No network: no length checks.
    assert_clean_with(&sample(), &ctx(None, Lang::Fr), "length.limit", &long_fr);
    // A guide override raises the limit.
    let c = with("[networks.overrides.mastodon]\nlimit = 1000\n");
    assert_clean_with(&c, &ctx(Some("mastodon"), Lang::Fr), "length.limit", &"a ".repeat(400));
    assert_finds_with(&c, &ctx(Some("bluesky"), Lang::Fr), "length.limit", &"a ".repeat(400));
}

#[test]
fn hashtag_count_banned_case_wall_campaign() {
    assert_finds("hashtags.count", "Sortie du dimanche avec vous #RoueLibre #VeloTaf #AtelierVelo");
    assert_clean("hashtags.count", "Sortie du dimanche avec vous #RoueLibre #VeloTaf");
    let insta = CheckContext { network: Some("instagram".into()), ..Default::default() };
    assert_clean_with(
        &sample(),
        &insta,
        "hashtags.count",
        "Sunday ride with you #RoueLibre #VeloTaf #AtelierVelo",
    );
    assert_finds("hashtags.banned", "Nouveau ! #Promo sur les antivols");
    assert_finds("hashtags.banned", "New locks in store #F4F");
    assert_clean("hashtags.banned", "New locks in store #RoueLibre");
    let f = assert_finds("hashtags.case", "Au travail à vélo #velotaf");
    assert_eq!(f[0].replacements, ["#VeloTaf"]);
    assert!(f[0].safe_fix);
    assert_finds("hashtags.case", "Riding to work #bikelife");
    assert_clean("hashtags.case", "Riding to work #BikeLife");
    let lower = with("[hashtags]\ncase = \"lower\"\n");
    assert_finds_with(&lower, &ctx(None, Lang::En), "hashtags.case", "Riding to work #BikeLife");
    assert_finds("hashtags.wall", "Belle journée pour rouler.\n#RoueLibre #VeloTaf #Lyon #Nantes");
    assert_clean(
        "hashtags.wall",
        "Belle journée #RoueLibre pour rouler #VeloTaf à #Lyon et #Nantes, vraiment.",
    );
    let mut cx = ctx(Some("instagram"), Lang::Fr);
    cx.campaign = Some("printemps".into());
    let f =
        assert_finds_with(&sample(), &cx, "hashtags.campaign", "Le printemps arrive à l’atelier, venez !");
    assert_eq!(f[0].replacements, [" #RoueLibreAuPrintemps"]);
    assert_clean_with(
        &sample(),
        &cx,
        "hashtags.campaign",
        "Spring is here at the workshop #RoueLibreAuPrintemps",
    );
}

#[test]
fn mentions_policy() {
    let li = ctx(Some("linkedin"), Lang::Fr);
    assert_finds_with(
        &sample(),
        &li,
        "mentions.policy",
        "Merci à @inconnu pour la visite de l’atelier, vraiment une belle rencontre à Lyon.",
    );
    assert_clean_with(
        &sample(),
        &li,
        "mentions.policy",
        "Merci à @velo_lyon pour la visite de l’atelier, vraiment une belle rencontre à Lyon.",
    );
    let none = with("[networks.defaults]\nmentions = \"none\"\n");
    assert_finds_with(&none, &ctx(Some("x"), Lang::En), "mentions.policy", "Thanks @someone for the visit");
    assert_finds("mentions.policy", "Merci @a @b @c @d pour la sortie");
    assert_clean("mentions.policy", "Thanks @a and @b for the ride");
}

#[test]
fn emoji_allowed_and_count() {
    assert_finds("emoji.allowed", "Pizza party à l’atelier 🍕");
    assert_finds("emoji.allowed", "Pizza party at the workshop 🍕");
    assert_clean("emoji.allowed", "Atelier ouvert 🚲 ☀️ 🔧");
    assert_finds("emoji.count", "Atelier ouvert 🚲🚲🚲🚲");
    assert_clean("emoji.count", "Workshop open 🚲🔧");
    let none = with("[brand.emoji]\npolicy = \"none\"\n");
    assert_finds_with(&none, &ctx(None, Lang::En), "emoji.allowed", "Workshop open 👍🏽");
}

#[test]
fn shouting_and_repeated_punctuation() {
    assert_finds("style.shouting", "C’est INCROYABLEMENT bien, venez voir.");
    assert_finds("style.shouting", "This is HUGE NEWS for riders.");
    assert_clean("style.shouting", "La SNCF et la RATP acceptent les VAE pliés.");
    assert_clean("style.shouting", "NASA and the FAQ are fine.");
    // Scripts without lower case never shout (found by the hostile-input tests: Japanese shouted).
    assert_clean("style.shouting", "本日、新しいコミュニティガイドラインを公開しました。");
    assert_clean("style.shouting", "مرحبا بكم في ورشة الدراجات الجديدة في ليون");
    assert_finds("style.shouting", "Rendez-vous VRAIMENT IMMANQUABLE à Lyon.");
    let f = assert_finds("style.repeated-punctuation", "Quelle journée !!!");
    assert_eq!(f[0].replacements, ["!"]);
    assert_finds("style.repeated-punctuation", "Really?? Yes.");
    assert_clean("style.repeated-punctuation", "Really? Yes!");
    assert_clean("style.repeated-punctuation", "Voir https://rouelibre.fr/a??b ici");
}

#[test]
fn french_typography_fixes() {
    let c = sample();
    let fr = ctx(None, Lang::Fr);
    let text = "Bonjour! Venez : c'est l'heure... «Super» ; « Top » ?";
    let all = run(&c, text, &fr);
    let fixed = fix(text, &all);
    assert_eq!(fixed, "Bonjour\u{202f}! Venez\u{a0}: c’est l’heure… «\u{a0}Super\u{a0}»\u{202f}; «\u{a0}Top\u{a0}»\u{202f}?");
    assert_clean_with(
        &c,
        &fr,
        "typography.fr-spacing",
        "Rendez-vous à 10:30\u{202f}; merci\u{202f}! À bientôt :)",
    );
    assert_clean_with(&c, &fr, "typography.fr-spacing", "Infos sur https://rouelibre.fr/?a=1 demain");
    // English posts keep English typography.
    let en = ctx(None, Lang::En);
    for rule in ["typography.fr-spacing", "typography.apostrophe", "typography.ellipsis"] {
        assert_clean_with(&c, &en, rule, "Hello! It's time... Ready?");
    }
    assert_finds_with(&c, &fr, "typography.apostrophe", "C'est l'été");
    assert_finds_with(&c, &fr, "typography.ellipsis", "Et puis...");
}

#[test]
fn double_spaces() {
    let f = assert_finds("typography.double-space", "Venez  nous voir.");
    assert_eq!(f[0].replacements, [" "]);
    assert_finds("typography.double-space", "Come and see.  We are open.");
    assert_clean("typography.double-space", "  Indented line is fine.\nSecond line.   ");
}

#[test]
fn voice_register_and_mixing() {
    assert_finds("voice.register", "Tu vas adorer notre nouvel atelier.");
    assert_finds("voice.register", "On t’attend à l’atelier demain.");
    assert_clean("voice.register", "Vous allez adorer notre nouvel atelier, le ton est donné.");
    let tu = with("[brand.voice]\nfr = \"tu\"\nen = \"formal\"\n");
    assert_finds_with(&tu, &ctx(None, Lang::Fr), "voice.register", "Vous allez adorer l’atelier.");
    assert_finds_with(&tu, &ctx(None, Lang::En), "voice.register", "We're gonna fix it.");
    let f = assert_finds_with(&tu, &ctx(None, Lang::En), "voice.register", "Don't miss it.");
    assert_eq!(f[0].replacements, ["Do not"]);
    assert_clean_with(&tu, &ctx(None, Lang::En), "voice.register", "Do not miss our workshop.");
    assert_finds("voice.register", "We hereby announce the new workshop.");
    assert_clean("voice.register", "We're opening a new workshop!");
    let free = with("");
    assert_finds_with(
        &free,
        &ctx(None, Lang::Fr),
        "voice.mixed",
        "Vous êtes prêts ? Tu viens samedi avec votre vélo.",
    );
    assert_clean_with(&free, &ctx(None, Lang::Fr), "voice.mixed", "Tu viens samedi avec ton vélo ?");
    assert_clean_with(&free, &ctx(None, Lang::En), "voice.mixed", "You and your bike.");
}

#[test]
fn sentence_length_and_readability() {
    let long_fr = "Nous avons le plaisir de vous annoncer que notre atelier situé dans le quartier de la Croix-Rousse à Lyon ouvrira désormais ses portes le dimanche matin afin de permettre à toutes celles et ceux qui travaillent en semaine de faire réviser leur vélo sans contrainte.";
    assert_finds("sentence.length", long_fr);
    let long_en = "We are delighted to announce that our workshop located in the heart of the city will now open its doors on Sunday mornings so that everyone who works during the week can have their bicycle serviced without any constraint at all.";
    assert_finds("sentence.length", long_en);
    assert_clean("sentence.length", "Court et clair. Comme un vélo bien réglé.");
    let hard_fr = "L’institutionnalisation interdépartementale des infrastructures cyclables métropolitaines nécessite indéniablement une concertation intercommunautaire particulièrement approfondie et méthodologiquement rigoureuse préalablement à toute planification opérationnelle.";
    assert_finds_with(&sample(), &ctx(None, Lang::Fr), "readability.score", hard_fr);
    let hard_en = "The institutionalisation of interdepartmental metropolitan cycling infrastructure indisputably necessitates particularly comprehensive intercommunity deliberation and methodologically rigorous consideration preceding any operational planning whatsoever.";
    assert_finds_with(&sample(), &ctx(None, Lang::En), "readability.score", hard_en);
    assert_clean_with(&sample(), &ctx(None, Lang::Fr), "readability.score", "On roule. On rit. On répare. Le vélo, c’est simple. Venez voir. On a du café. On a des outils. On a le temps. Et vous ?");
}

#[test]
fn repeated_words() {
    let f = assert_finds("words.repeated", "Venez voir le le nouvel atelier.");
    assert_eq!(fix("Venez voir le le nouvel atelier.", &f), "Venez voir le nouvel atelier.");
    assert_finds("words.repeated", "See the the new workshop.");
    assert_clean("words.repeated", "Nous nous retrouvons samedi. Vous vous inscrivez ici.");
    assert_clean("words.repeated", "It had had an effect, 2 2 times.");
}

#[test]
fn brand_terms() {
    let f = assert_finds("terms.spelling", "Rendez-vous chez roue-libre demain.");
    assert_eq!(f[0].replacements, ["Roue Libre"]);
    assert_finds("terms.spelling", "Charge your iphone while you ride.");
    assert_finds("terms.spelling", "Our new ebike is here.");
    assert_clean("terms.spelling", "Roue Libre et son e-bike, compatible iPhone.");
    assert_clean(
        "terms.spelling",
        "Follow #RoueLibre and visit https://rouelibre.fr/?utm_source=x&utm_medium=s&utm_campaign=c",
    );
    let f = assert_finds("terms.avoid", "Un vélo électrique pas cher !");
    assert!(f.iter().any(|x| x.replacements.contains(&"VAE".to_string())));
    let f = assert_finds("terms.avoid", "Cheap repairs all week.");
    assert_eq!(f[0].replacements[0], "Affordable");
    assert_clean("terms.avoid", "Des réparations abordables.");
    assert_finds("terms.competitor", "Mieux que Cyclomax, vraiment.");
    assert_finds("terms.competitor", "Better than @SpeedWheel for sure.");
    assert_clean("terms.competitor", "Better than ever for sure.");
    let f = assert_finds("terms.sensitive", "Suite à l’accident de samedi, l’atelier reste fermé.");
    assert!(f[0].message.contains("Camille"));
    assert_finds("terms.sensitive", "Product recall for the 2024 lights.");
    assert_clean("terms.sensitive", "Samedi, l’atelier reste fermé.");
}

#[test]
fn disclosure_on_sponsored_posts() {
    let mut cx = ctx(None, Lang::Fr);
    cx.sponsored = true;
    assert_finds_with(&sample(), &cx, "disclosure.missing", "Découvrez les antivols de notre partenaire !");
    assert_clean_with(
        &sample(),
        &cx,
        "disclosure.missing",
        "Découvrez les antivols de notre partenaire ! #Partenariat",
    );
    assert_clean_with(
        &sample(),
        &cx,
        "disclosure.missing",
        "Publicité — Découvrez les antivols de notre partenaire !",
    );
    let mut en = ctx(None, Lang::En);
    en.sponsored = true;
    assert_finds_with(&sample(), &en, "disclosure.missing", "Check out our partner's locks #adventure");
    assert_clean_with(&sample(), &en, "disclosure.missing", "Check out our partner's locks #ad");
    assert_clean("disclosure.missing", "Not sponsored, no marker needed.");
}

#[test]
fn links_utm_and_shorteners() {
    let f = assert_finds("links.utm", "Infos : https://rouelibre.fr/atelier");
    assert!(f[0].message.contains("utm_campaign"));
    let f = assert_finds("links.utm", "More at https://shop.rouelibre.fr/locks?utm_campaign=spring");
    assert_eq!(
        f[0].replacements,
        ["https://shop.rouelibre.fr/locks?utm_campaign=spring&utm_source=x&utm_medium=social"]
    );
    assert_clean(
        "links.utm",
        "More at https://rouelibre.fr/?utm_source=x&utm_medium=social&utm_campaign=spring",
    );
    assert_clean("links.utm", "Lire https://example.org/article sans UTM.");
    assert_finds("links.shortener", "Infos : https://bit.ly/3abc");
    assert_clean("links.shortener", "Info: https://example.org/bitly");
}

#[test]
fn custom_existence_and_substitution() {
    let f = assert_finds("custom.superlatifs", "Un atelier incroyable, le meilleur de Lyon.");
    assert_eq!(f.len(), 2);
    assert_clean(
        "custom.superlatifs",
        "An incroyable workshop in English is not checked by a French-only rule.",
    );
    let f = assert_finds("custom.vocabulaire-maison", "Chaque client compte.");
    assert_eq!(f[0].replacements, ["cycliste"]);
    assert!(!f[0].safe_fix);
    assert_finds("custom.vocabulaire-maison", "Every customer matters.");
    assert_clean("custom.vocabulaire-maison", "Every rider matters.");
}

#[test]
fn custom_occurrence_repetition_consistency() {
    assert_count("custom.un-seul-appel", "Réservez ici, puis cliquez là.", 1);
    assert_count("custom.un-seul-appel", "Book now, or buy now.", 1);
    assert_count("custom.un-seul-appel", "Réservez ici.", 0);
    assert_finds("custom.pas-de-begaiement", "C’est très très beau.");
    assert_finds("custom.pas-de-begaiement", "It is really really nice.");
    assert_clean("custom.pas-de-begaiement", "C’est très beau, vraiment.");
    let f = assert_finds("custom.email-ou-e-mail", "Écrivez-nous par e-mail. Notre email répond vite.");
    assert_eq!(f[0].replacements, ["e-mail"]);
    assert_finds("custom.email-ou-e-mail", "Have a great weekend, see you next week-end.");
    assert_clean("custom.email-ou-e-mail", "Send an email; our email team answers.");
}

#[test]
fn custom_capitalization_conditional_readability() {
    assert_finds("custom.phrases-majuscule", "Bonjour. on ouvre à 9 h.");
    assert_finds("custom.phrases-majuscule", "hello there.");
    assert_clean("custom.phrases-majuscule", "Hello there. We open at 9.");
    assert_finds("custom.concours-reglement", "Grand concours : un vélo à gagner !");
    assert_finds("custom.concours-reglement", "Giveaway time: a bike to win!");
    assert_clean("custom.concours-reglement", "Grand concours, règlement sur le site.");
    let c = with("[[rules]]\nid = \"simple\"\ntype = \"readability\"\nmetric = \"flesch\"\nmin_score = 60\nmessage = \"Score {match}\"\n\n[[rules]]\nid = \"camel\"\ntype = \"capitalization\"\nscope = \"hashtags\"\nstyle = \"camel\"\nmessage = \"CamelCase\"\n\n[[rules]]\nid = \"no-promo-tag\"\ntype = \"existence\"\nscope = \"hashtags\"\ntokens = [\"#soldes\"]\nmessage = \"no\"\n");
    let en = ctx(None, Lang::En);
    let hard = "The institutionalisation of interdepartmental metropolitan cycling infrastructure indisputably necessitates particularly comprehensive intercommunity deliberation and methodologically rigorous consideration preceding any operational planning whatsoever.";
    assert_finds_with(&c, &en, "custom.simple", hard);
    assert_clean_with(&c, &en, "custom.simple", "We ride. We fix bikes. We like tea. Come and see us. The shop is open. It is fun. You can bring a friend too.");
    assert_finds_with(&c, &en, "custom.camel", "Ride #bikelife");
    assert_clean_with(&c, &en, "custom.camel", "Ride #BikeLife");
    assert_finds_with(&c, &ctx(None, Lang::Fr), "custom.no-promo-tag", "Les #Soldes commencent");
}

#[test]
fn ignoring_and_disabling() {
    let c = sample();
    let text = "Bonjour!! Et encore!!";
    let mut cx = ctx(None, Lang::Fr);
    let all = run(&c, text, &cx);
    let reps: Vec<&Finding> = all.iter().filter(|f| f.rule == "style.repeated-punctuation").collect();
    assert_eq!(reps.len(), 2);
    assert_eq!(reps[0].id, "style.repeated-punctuation:!!:0");
    assert_eq!(reps[1].id, "style.repeated-punctuation:!!:1");
    cx.ignored = vec![reps[0].id.clone()];
    let after = run(&c, text, &cx);
    let left: Vec<&Finding> = after.iter().filter(|f| f.rule == "style.repeated-punctuation").collect();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, "style.repeated-punctuation:!!:1");
    cx.disabled = vec!["style.repeated-punctuation".into()];
    assert!(run(&c, text, &cx).iter().all(|f| f.rule != "style.repeated-punctuation"));
    let off = with("[checks]\n\"style.repeated-punctuation\" = \"off\"\n\"words.repeated\" = \"error\"\n");
    let f = run(&off, "Oui!! le le", &ctx(None, Lang::Fr));
    assert!(f.iter().all(|x| x.rule != "style.repeated-punctuation"));
    assert_eq!(f.iter().find(|x| x.rule == "words.repeated").map(|x| x.level), Some(guide::Level::Error));
}

#[test]
fn a_posts_ignored_texts_leave_out_every_occurrence_of_that_rule_and_text_only() {
    let c = sample();
    let text = "Bonjour!! Et encore!! Vraiment?? Oui";
    let mut cx = ctx(None, Lang::Fr);
    let rule = "style.repeated-punctuation";
    let count = |cx: &CheckContext| run(&c, text, cx).iter().filter(|f| f.rule == rule).count();
    assert_eq!(count(&cx), 3);
    // As a post stores it: the text as typed; compared folded, so case and accents do not matter.
    cx.ignored_texts.insert(rule.into(), vec!["!!".into()]);
    let left: Vec<Finding> = run(&c, text, &cx).into_iter().filter(|f| f.rule == rule).collect();
    assert_eq!(left.iter().map(|f| &text[f.span.byte_start..f.span.byte_end]).collect::<Vec<_>>(), ["??"]);
    // The same text under another rule id ignores nothing.
    cx.ignored_texts.clear();
    cx.ignored_texts.insert("words.repeated".into(), vec!["!!".into()]);
    assert_eq!(count(&cx), 3);
}

#[test]
fn findings_are_sorted_located_and_messages_follow_the_ui_language() {
    let c = sample();
    let text = "Salut 😀 !!\nVenez  voir roue libre.";
    let mut cx = ctx(None, Lang::Fr);
    let fr = run(&c, text, &cx);
    assert!(fr.windows(2).all(|w| w[0].span.byte_start <= w[1].span.byte_start));
    let sp = fr.iter().find(|f| f.rule == "terms.spelling").unwrap();
    assert_eq!((sp.line, sp.column), (2, 13));
    assert_eq!(sp.span.slice(text), "roue libre");
    assert_eq!(sp.span.start, text[..sp.span.byte_start].encode_utf16().count());
    cx.lang = Lang::En;
    let en = run(&c, text, &cx);
    assert!(en.iter().find(|f| f.rule == "terms.spelling").unwrap().message.starts_with("Write"));
}

#[test]
fn keystroke_recheck_reuses_unchanged_sentences() {
    let c = sample();
    let cx = ctx(Some("x"), Lang::Fr);
    let draft = "Première phrase ici. Deuxième phrase là. Troisième phrase";
    let first = c.check(draft, &cx);
    let before = c.cache_stats();
    let typed = format!("{draft}s");
    let second = c.check(&typed, &cx);
    let after = c.cache_stats();
    assert_eq!(after.hits - before.hits, 2, "the two finished sentences come from the cache");
    assert_eq!(after.misses - before.misses, 1, "only the sentence being typed is analysed");
    // Same findings as a fresh checker.
    let fresh = Checker::new(guide::sample()).check(&typed, &cx);
    assert_eq!(second, fresh);
    assert!(!first.is_empty() || first.is_empty());
}

#[test]
fn fix_is_safe_on_stale_or_overlapping_findings() {
    let c = sample();
    let cx = ctx(None, Lang::Fr);
    let text = "Génial!!! C'est l'été...";
    let f = run(&c, text, &cx);
    let once = fix(text, &f);
    assert!(once.len() < text.len() + 20);
    assert_eq!(c.fix(text, &cx), "Génial\u{202f}! C’est l’été…");
    // Findings from another text never panic.
    let _ = fix("é", &f);
    let _ = fix("", &f);
}

#[test]
fn nothing_panics_on_odd_input() {
    let c = sample();
    let cx = ctx(Some("x"), Lang::Fr);
    for t in [
        "",
        " ",
        "\n\n",
        "!!!",
        "«",
        "»",
        "'",
        "#",
        "@",
        "https://",
        "🇫🇷🇫🇷🇫🇷",
        "\r\n\r\n",
        "a\u{0301}\u{0301}!",
        "\u{202f}!",
        "İstanbul ŞEHİR",
        "#é#é#é",
        "…...",
        "«»",
        "t'",
        "don'",
    ] {
        let f = c.check(t, &cx);
        let _ = fix(t, &f);
        let _ = c.fix(t, &cx);
    }
}

#[test]
fn email_addresses_are_left_alone_by_checks_and_fixes() {
    // The brand's domain inside an address is not a misspelt brand name, and a "safe" fix must
    // never break an address (found while writing the reply snippets).
    let text = "Écrivez-nous à aide@rouelibre.fr, Roue Libre vous répond.";
    assert_clean("terms.spelling", text);
    assert_clean("terms.spelling", "Write to help@rouelibre.fr and we'll sort it out.");
    let fixed = sample().fix(text, &ctx(Some("x"), Lang::Fr));
    assert!(fixed.contains("aide@rouelibre.fr"), "{fixed}");
    // Outside an address the brand is still checked.
    assert_finds("terms.spelling", "Écrivez à rouelibre, la boutique vous répond.");
}
