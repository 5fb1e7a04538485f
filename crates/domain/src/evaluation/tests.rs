use super::*;
use crate::{DomainError, FieldErrors};
use chrono::NaiveDate;

fn part(kind: IndicatorKind, max: i64, score: Option<i64>) -> Part {
    Part { kind, max, score }
}

#[test]
fn points_parse_to_hundredths_with_at_most_two_decimals() {
    assert_eq!(parse_points("20"), Some(2000));
    assert_eq!(parse_points("2.5"), Some(250));
    assert_eq!(parse_points("0.25"), Some(25));
    assert_eq!(parse_points(" 7.05 "), Some(705));
    for bad in ["", "-1", "1.234", "1.", ".5", "abc", "1e3", "1,5"] {
        assert_eq!(parse_points(bad), None, "{bad}");
    }
    assert_eq!(show_points(2000), "20");
    assert_eq!(show_points(1250), "12.5");
    assert_eq!(show_points(705), "7.05");
    assert_eq!(show_points(-75), "-0.75");
}

#[test]
fn totals_add_bonus_take_off_deductions_and_mark_vetoes() {
    use IndicatorKind::*;
    let parts = [
        part(Scored, 2000, Some(1850)),
        part(Scored, 2000, Some(2000)),
        part(Automatic, 1000, Some(925)),
        part(Bonus, 500, Some(300)),
        part(Deduction, 1000, Some(250)),
        part(Veto, VETO_TRIGGERED, Some(0)),
    ];
    let t = totals(&parts);
    assert_eq!(t.base, 5000);
    assert_eq!(t.scored, 4775);
    assert_eq!(t.bonus, 300);
    assert_eq!(t.deduction, 250);
    assert_eq!(t.total, 4825);
    assert!(!t.vetoed);
    assert_eq!(t.missing, 0);

    let mut vetoed = parts;
    vetoed[5].score = Some(VETO_TRIGGERED);
    let v = totals(&vetoed);
    assert!(v.vetoed);
    // The points stay what they are; the veto marks the result.
    assert_eq!(v.total, 4825);

    // A bonus may carry the total past the base; deductions never below zero.
    let over = totals(&[
        part(Scored, 10_000, Some(10_000)),
        part(Bonus, 500, Some(500)),
    ]);
    assert_eq!(over.total, 10_500);
    let under = totals(&[
        part(Scored, 1000, Some(100)),
        part(Deduction, 1000, Some(1000)),
    ]);
    assert_eq!(under.total, 0);
    // Unscored items are counted as missing and give nothing.
    let open = totals(&[part(Scored, 1000, None), part(Scored, 1000, Some(500))]);
    assert_eq!((open.total, open.missing, open.base), (500, 1, 2000));
}

#[test]
fn automatic_scores_round_half_up_to_a_hundredth() {
    // A rate of 1/3 on 10 points: 3.333… → 3.33.
    assert_eq!(automatic_score(1000, 1, Some(3), None), 333);
    // 2/3 on 10 points: 6.666… → 6.67.
    assert_eq!(automatic_score(1000, 2, Some(3), None), 667);
    // Exactly half a hundredth rounds up: 1/8 of 0.2 points = 0.025 → 0.03.
    assert_eq!(automatic_score(20, 1, Some(8), None), 3);
    // Full marks at 90 %: 95 % is capped at full.
    assert_eq!(automatic_score(500, 95, Some(100), Some(9000)), 500);
    assert_eq!(automatic_score(500, 45, Some(100), Some(9000)), 250);
    // A count earning full marks at 12: 6 gives half.
    assert_eq!(automatic_score(800, 6, None, Some(1200)), 400);
    assert_eq!(automatic_score(800, 30, None, Some(1200)), 800);
    // A rate over nothing scores nothing.
    assert_eq!(automatic_score(800, 0, Some(0), None), 0);
}

#[test]
fn scores_must_lie_within_the_indicator() {
    let s = |v: &str| ScoreInput {
        score: v.into(),
        note: String::new(),
    };
    assert_eq!(
        s("4.5").parse(IndicatorKind::Scored, 500).unwrap().score,
        450
    );
    assert!(s("5.01").parse(IndicatorKind::Scored, 500).is_err());
    assert!(s("").parse(IndicatorKind::Scored, 500).is_err());
    assert_eq!(
        s("1").parse(IndicatorKind::Veto, 100).unwrap().score,
        VETO_TRIGGERED
    );
    assert_eq!(s("0").parse(IndicatorKind::Veto, 100).unwrap().score, 0);
    assert!(s("0.5").parse(IndicatorKind::Veto, 100).is_err());
    assert_eq!(
        s("2").parse(IndicatorKind::Deduction, 300).unwrap().score,
        200
    );
}

#[test]
fn round_states_move_only_forward_and_reopen_from_published() {
    use RoundState::*;
    assert!(move_allowed(Draft, SelfAssessment));
    assert!(move_allowed(SelfAssessment, Review));
    assert!(move_allowed(Review, Notice));
    assert!(move_allowed(Notice, Published));
    assert!(move_allowed(Notice, Review));
    assert!(move_allowed(Published, Reopened));
    assert!(move_allowed(Reopened, Notice));
    assert!(!move_allowed(Draft, Published));
    assert!(!move_allowed(Review, Published));
    assert!(!move_allowed(Published, Draft));
    assert!(!move_allowed(Published, Review));
    assert!(!move_allowed(SelfAssessment, Draft));
    assert!(Reopened.takes_reviews() && Review.takes_reviews());
    assert!(!Notice.takes_reviews() && !Published.takes_reviews());
    assert!(SelfAssessment.takes_self_scores() && !Review.takes_self_scores());
    for s in RoundState::ALL {
        assert_eq!(RoundState::from_code(s.code()), Some(s));
    }
    assert!(ReopenInput::default().parse().is_err());
}

#[test]
fn periods_parse_with_their_days() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let y = Period::parse("2026").unwrap();
    assert_eq!((y.start(), y.end()), (d(2026, 1, 1), d(2026, 12, 31)));
    let h = Period::parse("2026h2").unwrap();
    assert_eq!(
        (h.code(), h.start(), h.end()),
        ("2026H2".into(), d(2026, 7, 1), d(2026, 12, 31))
    );
    let q = Period::parse("2026Q1").unwrap();
    assert_eq!((q.start(), q.end()), (d(2026, 1, 1), d(2026, 3, 31)));
    let q3 = Period::parse("2026Q3").unwrap();
    assert_eq!((q3.start(), q3.end()), (d(2026, 7, 1), d(2026, 9, 30)));
    for bad in ["", "26", "2026Q5", "2026H3", "1999", "2026-Q1", "二〇二六"] {
        assert!(Period::parse(bad).is_none(), "{bad}");
    }
}

#[test]
fn a_published_round_inspects_within_the_period_it_assessed() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let q3 = Period::parse("2026Q3").unwrap();
    // Published within the quarter: that day; after it: the quarter's last day; a round
    // published ahead of its period counts on the period's first day.
    assert_eq!(q3.inspection_day(d(2026, 8, 20)), d(2026, 8, 20));
    assert_eq!(q3.inspection_day(d(2026, 10, 9)), d(2026, 9, 30));
    assert_eq!(q3.inspection_day(d(2026, 6, 30)), d(2026, 7, 1));
    let year = Period::parse("2026").unwrap();
    assert_eq!(year.inspection_day(d(2027, 1, 15)), d(2026, 12, 31));
}

fn ind(key: &str, parent: &str, kind: &str, max: &str) -> IndicatorInput {
    IndicatorInput {
        key: key.into(),
        parent: parent.into(),
        title: format!("指标{key}"),
        kind: kind.into(),
        max: max.into(),
        ..Default::default()
    }
}

fn rubric(indicators: Vec<IndicatorInput>) -> RubricInput {
    RubricInput {
        node_id: "1".into(),
        name: "五个过硬".into(),
        description: String::new(),
        indicators,
    }
}

#[test]
fn a_rubric_tree_sums_its_sections_and_checks_its_items() {
    let mut auto = ind("1.2", "1", "automatic", "8");
    auto.figure = "cadence.compliance".into();
    let r = rubric(vec![
        ind("1", "", "", ""),
        ind("1.1", "1", "scored", "12"),
        auto,
        ind("2", "", "", "80"),
        ind("2.1", "2", "", "80"),
        ind("b", "", "bonus", "5"),
        ind("v", "", "veto", ""),
    ])
    .parse(&["cadence.compliance"])
    .unwrap();
    assert_eq!(r.indicators[0].max, 2000);
    assert!(r.indicators[0].section);
    assert!(!r.indicators[1].section);
    assert_eq!(
        r.indicators[2].figure.as_deref(),
        Some("cadence.compliance")
    );
    assert_eq!(r.base(), 10_000);
    assert_eq!(r.indicators[6].max, VETO_TRIGGERED);

    let err = |list: Vec<IndicatorInput>, field: &str| match rubric(list)
        .parse(&["cadence.compliance"])
    {
        Err(crate::DomainError::Invalid(fe)) => {
            assert!(fe.0.contains_key(field), "{field}: {fe:?}")
        }
        other => panic!("{field}: {other:?}"),
    };
    // A section's maximum is the sum of its items'.
    err(
        vec![ind("1", "", "", "30"), ind("1.1", "1", "", "20")],
        "indicators[0].max",
    );
    // A parent must come first and exist.
    err(
        vec![ind("1.1", "1", "", "20"), ind("1", "", "", "")],
        "indicators[0].parent",
    );
    // Keys are unique.
    err(
        vec![ind("1", "", "", "20"), ind("1", "", "", "20")],
        "indicators[1].key",
    );
    // An automatic item needs an offered figure.
    err(
        vec![ind("1", "", "automatic", "20")],
        "indicators[0].figure",
    );
    // A bonus is an item, never a section.
    err(
        vec![ind("1", "", "bonus", ""), ind("1.1", "1", "", "5")],
        "indicators[0].kind",
    );
    // Too deep.
    err(
        vec![
            ind("1", "", "", ""),
            ind("2", "1", "", ""),
            ind("3", "2", "", ""),
            ind("4", "3", "", "5"),
        ],
        "indicators[3].parent",
    );
    // An item needs its maximum; points have two decimals at most.
    err(vec![ind("1", "", "", "")], "indicators[0].max");
    err(vec![ind("1", "", "", "1.005")], "indicators[0].max");
    err(vec![], "indicators");
}

#[test]
fn evidence_links_a_record_or_a_url() {
    let e = EvidenceInput {
        kind: "task".into(),
        record_id: "12".into(),
        label: "任务反馈".into(),
        url: String::new(),
    };
    assert_eq!(e.parse().unwrap().record_id, Some(12));
    let link = EvidenceInput {
        kind: "link".into(),
        label: "报道".into(),
        url: "ftp://x".into(),
        ..Default::default()
    };
    assert!(link.parse().is_err());
}

#[test]
fn the_templates_are_valid_rubrics_on_a_base_of_100() {
    let figures = ["people.recruited", "request.visits"];
    for (code, _, _) in TEMPLATES {
        let r = template(code, 7).unwrap().parse(&figures).unwrap();
        assert_eq!(r.base(), 10_000, "{code}");
        assert_eq!(r.node_id, 7);
    }
    let five = template("five_standards", 1)
        .unwrap()
        .parse(&figures)
        .unwrap();
    let sections: Vec<i64> = five
        .indicators
        .iter()
        .filter(|i| i.section)
        .map(|i| i.max)
        .collect();
    assert_eq!(sections, vec![2000; 5]);
    assert!(five
        .indicators
        .iter()
        .any(|i| i.kind == IndicatorKind::Bonus));
    assert!(five
        .indicators
        .iter()
        .any(|i| i.kind == IndicatorKind::Veto));
    assert!(template("nothing", 1).is_none());
}

fn round_input(mode: &str) -> RoundInput {
    RoundInput {
        node_id: "1".into(),
        rubric_id: "2".into(),
        title: "2026 年第三季度考核".into(),
        period: "2026Q3".into(),
        target_mode: mode.into(),
        ..Default::default()
    }
}

#[test]
fn a_round_chooses_nodes_a_selector_or_studios() {
    let mut r = round_input("");
    r.target_ids = vec![5, 3, 5];
    let ok = r.parse().unwrap();
    assert_eq!(ok.subject, Subject::Organizations);
    assert_eq!((ok.target_ids, ok.selector), (vec![3, 5], None));
    // Every 党支部 under a node: the selector is kept, the nodes are found later.
    let mut r = round_input("under");
    r.target_ids = vec![9];
    r.under_node_id = "7".into();
    r.under_kinds = vec!["party_branch".into(), " party_branch".into()];
    let ok = r.parse().unwrap();
    assert!(ok.target_ids.is_empty());
    assert_eq!(
        ok.selector,
        Some(Selector {
            node_id: 7,
            kinds: vec!["party_branch".into()]
        })
    );
    r.under_node_id.clear();
    r.under_kinds = vec!["Party Branch".into()];
    let DomainError::Invalid(fe) = r.parse().unwrap_err() else {
        panic!()
    };
    assert_eq!(fe.0["under_node_id"], "err.required");
    assert_eq!(fe.0["under_kinds"], "err.choice");
    r.under_kinds.clear();
    let DomainError::Invalid(fe) = r.parse().unwrap_err() else {
        panic!()
    };
    assert_eq!(fe.0["under_kinds"], "err.required");
    // A studio round names studios.
    let mut r = round_input("studios");
    assert_eq!(
        r.parse().unwrap_err(),
        DomainError::field("target_ids", "err.required")
    );
    r.target_ids = vec![4];
    assert_eq!(r.parse().unwrap().subject, Subject::Studios);
    assert_eq!(
        round_input("everyone").parse().unwrap_err(),
        DomainError::Invalid({
            let mut fe = FieldErrors::new();
            fe.add("target_mode", "err.choice");
            fe.add("target_ids", "err.required");
            fe
        })
    );
}

#[test]
fn studio_rules_are_ordered_and_only_for_studio_rounds() {
    let mut r = round_input("studios");
    r.target_ids = vec![4];
    r.demonstration_at = "90".into();
    r.warned_below = "70".into();
    r.delisted_below = "60.5".into();
    let rules = r.parse().unwrap().rules;
    assert_eq!(
        rules,
        StudioRules {
            demonstration_at: Some(9000),
            warned_below: Some(7000),
            delisted_below: Some(6050),
        }
    );
    r.delisted_below = "75".into();
    assert_eq!(
        r.parse().unwrap_err(),
        DomainError::field("delisted_below", "err.evaluation_thresholds")
    );
    r.delisted_below.clear();
    r.demonstration_at = "65".into();
    assert_eq!(
        r.parse().unwrap_err(),
        DomainError::field("demonstration_at", "err.evaluation_thresholds")
    );
    r.demonstration_at = "ninety".into();
    assert_eq!(
        r.parse().unwrap_err(),
        DomainError::field("demonstration_at", "err.evaluation_points")
    );
    // An organization round takes no studio rules.
    let mut o = round_input("chosen");
    o.target_ids = vec![3];
    o.warned_below = "70".into();
    assert_eq!(
        o.parse().unwrap_err(),
        DomainError::field("demonstration_at", "err.evaluation_rules_studios")
    );
}

#[test]
fn a_studio_result_proposes_a_move_by_the_rules() {
    let rules = StudioRules {
        demonstration_at: Some(9000),
        warned_below: Some(7000),
        delisted_below: Some(6000),
    };
    assert_eq!(rules.propose(9000, false), Some(Proposal::Demonstration));
    assert_eq!(rules.propose(8999, false), None);
    assert_eq!(rules.propose(7000, false), None);
    assert_eq!(rules.propose(6999, false), Some(Proposal::Warned));
    assert_eq!(rules.propose(5999, false), Some(Proposal::Delisted));
    // A triggered veto 摘牌 whatever the points.
    assert_eq!(rules.propose(9500, true), Some(Proposal::Delisted));
    assert_eq!(StudioRules::default().propose(100, false), None);
    assert_eq!(
        StudioRules::default().propose(100, true),
        Some(Proposal::Delisted)
    );
    for p in [
        Proposal::Demonstration,
        Proposal::Warned,
        Proposal::Delisted,
    ] {
        assert_eq!(Proposal::from_code(p.code()), Some(p));
    }
    assert_eq!(Subject::from_code("studios"), Some(Subject::Studios));
}
