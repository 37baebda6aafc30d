use super::*;
use proptest::prelude::*;

fn small() -> Taxonomy {
    let text = r#"{"code":"4","name":"社会生产服务和生活服务人员"}
{"code":"4-03","name":"住宿和餐饮服务人员","parent":"4"}
{"code":"4-03-02","name":"餐饮服务人员","parent":"4-03"}
{"code":"4-03-02-01","name":"中式烹调师","parent":"4-03-02"}
{"code":"4-03-02-05","name":"餐厅服务员","parent":"4-03-02"}
{"code":"4-07-05-01","name":"保安员","parent":"4"}
{"code":"6-18-02-04","name":"焊工","parent":"6"}
{"code":"6","name":"生产制造及有关人员"}
{"code":"2512.4","name":"software developer","parent":"2512","description":"Software developers write code.","alt_names":["programmer","coder"],"skills":["computer programming"]}
{"code":"5120.1","name":"cook","parent":"5120","description":"Cooks prepare food.","alt_names":["line cook"],"skills":["cooking techniques"]}"#;
    let mut t = Taxonomy::from_jsonl(text.as_bytes(), "small").expect("valid");
    t.add_aliases("4-03-02-01\t厨师;炒锅\n4-07-05-01\t保安;门卫\n", "aliases")
        .expect("valid");
    t
}

fn classifier() -> Classifier {
    Classifier::new(small()).expect("builds")
}

#[test]
fn exact_and_alias_matches_win() {
    let c = classifier();
    let top = c.classify("焊工", Some("需要会做饭的厨师，保安经验"));
    assert_eq!(top[0].code, "6-18-02-04");
    assert_eq!(top[0].via, MatchVia::Exact(LabelKind::Name));
    let top = c.classify("【急招】厨师（包吃住）", None);
    assert_eq!(top[0].code, "4-03-02-01");
    assert_eq!(top[0].via, MatchVia::Exact(LabelKind::Alias));
    assert!(top[0].score >= 0.9);
    let top = c.classify("门卫/保安", None);
    assert_eq!(top[0].code, "4-07-05-01");
    let top = c.classify("Coder", None);
    assert_eq!(
        (top[0].code.as_str(), top[0].via),
        ("2512.4", MatchVia::Exact(LabelKind::AltName))
    );
}

#[test]
fn search_and_contained_names() {
    let c = classifier();
    assert_eq!(c.classify("电焊工师傅", None)[0].code, "6-18-02-04");
    assert_eq!(c.classify("饭店服务员", None)[0].code, "4-03-02-05");
    assert_eq!(c.classify("senior java programmer", None)[0].code, "2512.4");
    assert_eq!(
        c.classify("pastry cook", Some("prepare food"))[0].code,
        "5120.1"
    );
}

#[test]
fn groups_are_not_predicted() {
    let c = classifier();
    for title in ["餐饮服务人员", "生产制造及有关人员", "服务"] {
        for p in c.classify(title, None) {
            assert!(
                !c.taxonomy().is_group(&p.code),
                "{title} -> group {}",
                p.code
            );
        }
    }
}

#[test]
fn hierarchy_accuracy() {
    let c = classifier();
    let gold = vec!["4-03-02-01".to_string(), "4-03-02-05".to_string()];
    let predicted: Vec<_> = ["炒锅师傅", "餐厅服务员"]
        .iter()
        .map(|t| c.classify(t, None))
        .collect();
    let acc = accuracy::accuracy(&gold, &predicted);
    assert_eq!(acc[0].level, "exact");
    let level3 = acc.iter().find(|l| l.level == "level 3").expect("level 3");
    assert_eq!(level3.at1, 1.0);
}

#[test]
fn deterministic() {
    let c = classifier();
    let d = Classifier::new(small()).expect("builds");
    for title in ["服务", "cook", "保安员", "焊", "工", "software cook"] {
        assert_eq!(
            c.classify(title, Some("做饭 food")),
            d.classify(title, Some("做饭 food"))
        );
        assert_eq!(c.classify(title, None), c.classify(title, None));
    }
}

#[test]
fn adversarial_text_never_panics() {
    let c = classifier();
    let long = "焊".repeat(10_000);
    let long_en = "cook ".repeat(2_500);
    for title in [
        "",
        " ",
        "🙂🔥💼",
        "\u{0}\u{FEFF}",
        "((((",
        long.as_str(),
        long_en.as_str(),
        "𠀀𠀁",
        "1234567890",
    ] {
        let out = c.classify(title, Some(title));
        assert!(out.iter().all(|p| (0.0..=1.0).contains(&p.score)));
        assert!(out.len() <= 5);
    }
    assert!(c.classify("", None).is_empty());
    assert!(c.classify("🙂", None).is_empty());
}

#[test]
fn shipped_cn_common_titles() -> Result<()> {
    let c = Classifier::new(Shipped::Cn2022.load()?)?;
    for (title, code) in [
        ("外卖骑手", "4-10-08-01"),
        ("快递员", "4-02-07-08"),
        ("急招保安 包吃住", "4-07-05-01"),
        ("数控车工", "6-18-01-01"),
        ("中式烹调师", "4-03-02-01"),
    ] {
        assert_eq!(c.classify(title, None)[0].code, code, "{title}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn never_panics_scores_in_unit_range(title in "\\PC{0,40}", description in proptest::option::of("\\PC{0,80}")) {
        let c = classifier_cached();
        let out = c.classify(&title, description.as_deref());
        prop_assert!(out.len() <= 5);
        for w in out.windows(2) {
            prop_assert!(w[0].score >= w[1].score);
        }
        for p in &out {
            prop_assert!((0.0..=1.0).contains(&p.score));
            prop_assert!(c.taxonomy().get(&p.code).is_some());
        }
    }
}

fn classifier_cached() -> &'static Classifier {
    static C: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
    C.get_or_init(classifier)
}

proptest! {
    /// A title classified again (from the cache, from any thread) gets the
    /// answer a fresh classifier gives it.
    #[test]
    fn title_cache_changes_no_answer(
        titles in proptest::collection::vec(
            prop_oneof![
                Just("厨师".to_string()),
                Just("门卫/保安".to_string()),
                Just("焊工学徒".to_string()),
                Just("line cook".to_string()),
                "\\PC{0,12}",
            ],
            1..12,
        )
    ) {
        let warm = classifier_cached();
        let fresh = classifier();
        let twice: Vec<(Vec<Prediction>, Vec<Prediction>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = titles
                .iter()
                .map(|t| scope.spawn(move || (warm.classify(t, None), warm.classify(t, None))))
                .collect();
            handles.into_iter().map(|h| h.join().expect("no panic")).collect()
        });
        for (t, (first, second)) in titles.iter().zip(twice) {
            let expected = fresh.classify_inner(t, None).unwrap_or_default();
            prop_assert_eq!(&first, &expected);
            prop_assert_eq!(&second, &expected);
        }
    }
}
