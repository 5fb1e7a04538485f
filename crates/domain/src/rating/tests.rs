use super::*;
use crate::money::Fen;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn scored(node_id: i64, score: i64) -> Candidate {
    Candidate {
        node_id,
        score: Some(score),
        vetoed: false,
        previous: None,
        direct: None,
    }
}

fn stars(out: &[Rated]) -> Vec<Option<u8>> {
    out.iter().map(|r| r.star).collect()
}

#[test]
fn the_score_gives_the_highest_star_whose_threshold_it_reaches() {
    let r = RuleSet::default();
    assert_eq!(r.star_for(95_00), Some(5));
    assert_eq!(r.star_for(90_00), Some(5));
    assert_eq!(r.star_for(89_99), Some(4));
    assert_eq!(r.star_for(50_00), Some(1));
    assert_eq!(r.star_for(49_99), None);
    // A star left out is never given by score.
    let gaps = RuleSet {
        thresholds: [None, None, Some(70_00), None, Some(90_00)],
        ..RuleSet::default()
    };
    assert_eq!(gaps.star_for(85_00), Some(3));
    assert_eq!(gaps.star_for(60_00), None);
}

#[test]
fn a_rule_set_is_checked_field_by_field() {
    assert!(RuleSet::default().check().is_ok());
    let bad = RuleSet {
        thresholds: [Some(60_00), Some(50_00), None, None, Some(30_000)],
        caps: [None, None, Some(60), Some(50), Some(101)],
        notice_days: 31,
        ..RuleSet::default()
    };
    let Err(crate::DomainError::Invalid(fe)) = bad.check() else {
        panic!("refused")
    };
    assert_eq!(fe.0["threshold_2"], "err.rating_threshold_order");
    assert_eq!(fe.0["threshold_5"], "err.rating_threshold_range");
    assert_eq!(fe.0["cap_5"], "err.rating_cap_range");
    assert_eq!(fe.0["notice_days"], "err.rating_notice_days");
}

#[test]
fn caps_keep_the_higher_score_and_push_the_rest_one_star_down_recursively() {
    // Ten organizations all at 5★ by score: at most 1 five-star, 4 four-star, 3 three-star.
    let group: Vec<Candidate> = (1..=10).map(|i| scored(i, 90_00 + i * 10)).collect();
    let out = rate_group(&RuleSet::default(), &group);
    // Node 10 has the highest score.
    let by_node = |n: i64| out.iter().find(|r| r.node_id == n).unwrap().star;
    assert_eq!(by_node(10), Some(5));
    assert_eq!((6..=9).map(by_node).collect::<Vec<_>>(), vec![Some(4); 4]);
    assert_eq!((3..=5).map(by_node).collect::<Vec<_>>(), vec![Some(3); 3]);
    assert_eq!(by_node(2), Some(2));
    assert_eq!(by_node(1), Some(2));
    assert_eq!(out[0].reason, Reason::Cap);
    assert_eq!(out[9].reason, Reason::Score);
}

#[test]
fn caps_count_with_floor_and_break_ties_by_earlier_star_then_lower_id() {
    // Nine rated: floor(10 % × 9) = 0 five-star, floor(40 % × 9) = 3 four-star.
    let mut group: Vec<Candidate> = (1..=9).map(|i| scored(i, 85_00)).collect();
    group[0].score = Some(95_00);
    // Equal scores: node 7 has held its star since 2024, node 8 since 2025, the rest never.
    group[6].previous = Some((Some(4), d(2024, 1, 1)));
    group[7].previous = Some((Some(4), d(2025, 1, 1)));
    let out = rate_group(&RuleSet::default(), &group);
    // Node 1 is pushed from 5★ to 4★ and, with the best score, keeps 4★.
    assert_eq!(out[0].star, Some(4));
    assert_eq!(out[6].star, Some(4));
    assert_eq!(out[7].star, Some(4));
    // Of the others, all at the same score and never rated: the lower ids keep 3★ first.
    assert_eq!(out[1].star, Some(3));
    assert_eq!(out[2].star, Some(3));
    // floor(30 % × 9) = 2 three-star: the rest go down to 2★ (no cap).
    assert_eq!(stars(&out[3..6]), vec![Some(2); 3]);
    assert_eq!(out[8].star, Some(2));
}

#[test]
fn the_step_limit_moves_at_most_one_star_from_the_previous_published_star() {
    let rules = RuleSet {
        caps: [None; 5],
        step_limit: true,
        ..RuleSet::default()
    };
    let mut up = scored(1, 95_00);
    up.previous = Some((Some(2), d(2025, 1, 1)));
    let mut down = scored(2, 40_00);
    down.previous = Some((Some(4), d(2025, 1, 1)));
    let mut from_none = scored(3, 95_00);
    from_none.previous = Some((None, d(2025, 1, 1)));
    let mut down_to_none = scored(4, 40_00);
    down_to_none.previous = Some((Some(1), d(2025, 1, 1)));
    let first = scored(5, 95_00);
    let out = rate_group(&rules, &[up, down, from_none, down_to_none, first]);
    assert_eq!(stars(&out), vec![Some(3), Some(3), Some(5), None, Some(5)]);
    assert_eq!(out[0].reason, Reason::StepLimit);
    assert_eq!(out[2].reason, Reason::Score);
    // Off: the score alone.
    let mut up = scored(1, 95_00);
    up.previous = Some((Some(2), d(2025, 1, 1)));
    let out = rate_group(
        &RuleSet {
            caps: [None; 5],
            ..RuleSet::default()
        },
        &[up],
    );
    assert_eq!(out[0].star, Some(5));
}

#[test]
fn a_veto_caps_the_star_at_one_or_leaves_it_unrated() {
    let mut v = scored(1, 99_00);
    v.vetoed = true;
    let rules = RuleSet {
        caps: [None; 5],
        ..RuleSet::default()
    };
    let out = rate_group(&rules, std::slice::from_ref(&v));
    assert_eq!((out[0].star, out[0].reason), (Some(1), Reason::Veto));
    let unrated = RuleSet {
        veto: VetoPolicy::Unrated,
        ..rules
    };
    let out = rate_group(&unrated, &[v]);
    assert_eq!((out[0].star, out[0].reason), (None, Reason::Veto));
    assert_eq!(VetoPolicy::from_code("unrated"), Some(VetoPolicy::Unrated));
}

#[test]
fn a_direct_rating_is_taken_as_given_and_keeps_its_place_under_a_cap() {
    // Ten rated, one five-star allowed: the directly rated 先进基层党组织 keeps it, the best
    // score goes down.
    let mut group: Vec<Candidate> = (1..=10).map(|i| scored(i, 70_00)).collect();
    group[0].score = Some(99_00);
    group[9] = Candidate {
        node_id: 10,
        score: None,
        vetoed: true,
        previous: None,
        direct: Some(5),
    };
    let out = rate_group(&RuleSet::default(), &group);
    assert_eq!((out[9].star, out[9].reason), (Some(5), Reason::Direct));
    assert_eq!((out[0].star, out[0].reason), (Some(4), Reason::Cap));
}

#[test]
fn periods_parse_with_their_days_and_the_one_before() {
    let q = Period::parse("2024Q1").unwrap();
    assert_eq!(
        (q.first, q.last, q.days()),
        (d(2024, 1, 1), d(2024, 3, 31), 91)
    );
    assert_eq!(Period::parse("2025H2").unwrap().days(), 184);
    assert_eq!(Period::parse("2025").unwrap().days(), 365);
    assert_eq!(q.previous().unwrap().code, "2023Q4");
    assert_eq!(
        Period::parse("2025Q3").unwrap().previous().unwrap().code,
        "2025Q2"
    );
    assert_eq!(
        Period::parse("2025H1").unwrap().previous().unwrap().code,
        "2024H2"
    );
    assert_eq!(Period::quarter_of(d(2026, 8, 15)).code, "2026Q3");
    for bad in ["", "26Q1", "2026Q5", "2026H3", "1999", "2026q1"] {
        assert_eq!(Period::parse(bad), None, "{bad}");
    }
}

#[test]
fn a_rating_is_final_only_after_its_notice_with_every_objection_answered() {
    let ends = notice_ends_on(d(2026, 4, 1), 5);
    assert_eq!(ends, d(2026, 4, 5));
    assert!(may_object(ends, d(2026, 4, 5)));
    assert!(!is_final(ends, d(2026, 4, 5), 0));
    assert!(is_final(ends, d(2026, 4, 6), 0));
    assert!(!is_final(ends, d(2026, 4, 9), 1));
    assert!(!may_object(ends, d(2026, 4, 6)));
    // No notice: final on the day it is issued.
    assert!(is_final(notice_ends_on(d(2026, 4, 1), 0), d(2026, 4, 1), 0));
}

#[test]
fn pro_rata_pays_the_days_in_post_rounded_down_to_the_fen() {
    let q = Period::parse("2024Q1").unwrap(); // 91 days
    assert_eq!(pro_rata(Fen(30_000), 91, 91), Fen(30_000));
    // 300 yuan × 30 / 91 = 9 890.1… fen: 9 890.
    assert_eq!(pro_rata(Fen(30_000), 30, 91), Fen(9_890));
    assert_eq!(pro_rata(Fen(30_000), 0, 91), Fen::ZERO);
    assert_eq!(days_in_post(Some(d(2024, 3, 2)), None, &q), 30);
    assert_eq!(days_in_post(None, Some(d(2024, 1, 10)), &q), 10);
    assert_eq!(
        days_in_post(Some(d(2023, 1, 1)), Some(d(2023, 12, 31)), &q),
        0
    );
    assert_eq!(days_in_post(Some(d(2023, 1, 1)), None, &q), 91);
}

#[test]
fn a_batch_pays_each_worker_by_the_star_and_a_reversal_negates_it_exactly() {
    let q = Period::parse("2024Q1").unwrap();
    let mut table: AmountTable = [Fen::ZERO; 5];
    table[2] = Fen(20_000);
    table[4] = Fen(50_000);
    let w = |person_id, node_id, from| Worker {
        person_id,
        node_id,
        from,
        to: None,
    };
    let workers = [
        w(1, 10, None),
        w(2, 10, Some(d(2024, 3, 2))),
        w(3, 11, None),
        w(4, 12, None),
    ];
    let star_of = |n: i64| match n {
        10 => Some(5),
        11 => Some(3),
        _ => Some(1), // 1★ pays nothing in this table: no line
    };
    let lines = batch_lines(&q, &table, &workers, star_of);
    let amounts: Vec<i64> = lines.iter().map(|l| l.amount.0).collect();
    assert_eq!(amounts, vec![50_000, 16_483, 20_000]);
    assert_eq!(total(&lines), Fen(86_483));
    let back = reversal(&lines);
    assert_eq!(total(&back), Fen(-86_483));
    for (a, b) in lines.iter().zip(&back) {
        assert_eq!(
            (a.person_id, a.node_id, a.days),
            (b.person_id, b.node_id, b.days)
        );
        assert_eq!(a.amount.0 + b.amount.0, 0);
    }
}

#[test]
fn a_batch_moves_draft_approved_paid_and_only_a_paid_one_is_reversed_once() {
    use BatchState::*;
    assert_eq!(Draft.advance(Approved), Ok(Approved));
    assert_eq!(Approved.advance(Paid), Ok(Paid));
    assert!(Draft.advance(Paid).is_err());
    assert!(Paid.advance(Approved).is_err());
    assert!(Draft.editable() && !Approved.editable() && !Paid.editable());
    assert!(may_reverse(Paid, false, false));
    assert!(!may_reverse(Approved, false, false));
    assert!(!may_reverse(Paid, true, false));
    assert!(!may_reverse(Paid, false, true));
}

#[test]
fn a_rule_form_reads_points_and_percent_and_refuses_field_by_field() {
    let input = RuleInput {
        threshold_1: "50".into(),
        threshold_3: "70.5".into(),
        threshold_5: "90.25".into(),
        cap_5: "10%".into(),
        cap_4: "40".into(),
        veto_policy: "unrated".into(),
        step_limit: "on".into(),
        notice_days: "5".into(),
        ..RuleInput::default()
    };
    let r = input.parse().unwrap();
    assert_eq!(
        r.thresholds,
        [Some(50_00), None, Some(70_50), None, Some(90_25)]
    );
    assert_eq!(r.caps, [None, None, None, Some(40), Some(10)]);
    assert_eq!(
        (r.veto, r.step_limit, r.notice_days),
        (VetoPolicy::Unrated, true, 5)
    );
    let bad = RuleInput {
        threshold_1: "5.555".into(),
        cap_2: "x".into(),
        veto_policy: "never".into(),
        ..RuleInput::default()
    };
    let Err(crate::DomainError::Invalid(fe)) = bad.parse() else {
        panic!("refused")
    };
    assert_eq!(fe.0["threshold_1"], "err.rating_points");
    assert_eq!(fe.0["cap_2"], "err.rating_cap_range");
    assert_eq!(fe.0["veto_policy"], "err.choice");
    assert_eq!(fe.0["notice_days"], "err.required");
}

#[test]
fn a_direct_rating_needs_a_star_a_period_and_a_reason() {
    let ok = DirectInput {
        node_id: "7".into(),
        period: "2026Q1".into(),
        star: "5".into(),
        reason: "先进基层党组织".into(),
    };
    assert_eq!(ok.parse().unwrap().star, 5);
    let Err(crate::DomainError::Invalid(fe)) = DirectInput {
        star: "6".into(),
        period: "2026Q9".into(),
        ..DirectInput::default()
    }
    .parse() else {
        panic!("refused")
    };
    assert_eq!(fe.0["star"], "err.rating_star");
    assert_eq!(fe.0["period"], "err.rating_period");
    assert_eq!(fe.0["reason"], "err.required");
    assert_eq!(fe.0["node_id"], "err.required");
    let (p, t) = AmountInput {
        period: "2024Q1".into(),
        amount_5: "500".into(),
        amount_3: "200.5".into(),
        ..AmountInput::default()
    }
    .parse()
    .unwrap();
    assert_eq!(p.code, "2024Q1");
    assert_eq!(t, [Fen(0), Fen(0), Fen(20_050), Fen(0), Fen(50_000)]);
}
