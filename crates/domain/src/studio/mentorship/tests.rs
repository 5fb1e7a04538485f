use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const TODAY: &str = "2025-06-30";

fn ap(id: i64, tier: &str) -> ApprenticeInput {
    ApprenticeInput {
        person_id: Some(id),
        tier: tier.into(),
    }
}

fn input(shape: &str, apprentices: Vec<ApprenticeInput>) -> MentorshipInput {
    MentorshipInput {
        title: "数控车工一对一带教".into(),
        mentor_id: Some(1),
        shape: shape.into(),
        apprentices,
        started_on: "2025-01-10".into(),
        goals: "一年内独立完成精密零件加工".into(),
        plan: String::new(),
        planned_end_on: "2025-12-31".into(),
    }
}

fn fields(r: Result<Mentorship, DomainError>) -> Vec<(String, String)> {
    match r {
        Err(DomainError::Invalid(fe)) => fe.0.into_iter().collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn a_pair_has_exactly_one_apprentice_and_it_is_core() {
    let m = input("pair", vec![ap(2, "")])
        .parse(d(TODAY), Recorded::default())
        .unwrap();
    assert_eq!(
        m.apprentices,
        vec![Apprentice {
            person_id: 2,
            tier: "core".into()
        }]
    );
    assert_eq!(m.planned_end_on, Some(d("2025-12-31")));
    let e = fields(input("pair", vec![ap(2, ""), ap(3, "")]).parse(d(TODAY), Recorded::default()));
    assert_eq!(
        e,
        vec![("apprentices".into(), "err.ment_pair_one_apprentice".into())]
    );
    let e = fields(input("pair", vec![]).parse(d(TODAY), Recorded::default()));
    assert_eq!(
        e,
        vec![("apprentices".into(), "err.ment_apprentice_required".into())]
    );
}

#[test]
fn a_group_is_one_lead_five_core_and_any_others() {
    // 1+5+N [000]: five core and seven others is fine.
    let mut list: Vec<ApprenticeInput> = (2..7).map(|i| ap(i, "core")).collect();
    list.extend((10..17).map(|i| ap(i, "")));
    let m = input("group", list.clone())
        .parse(d(TODAY), Recorded::default())
        .unwrap();
    assert_eq!(m.apprentices.iter().filter(|a| a.tier == "core").count(), 5);
    assert_eq!(
        m.apprentices.iter().filter(|a| a.tier == "other").count(),
        7
    );
    // A sixth core apprentice is one too many.
    list.push(ap(30, "core"));
    let e = fields(input("group", list).parse(d(TODAY), Recorded::default()));
    assert_eq!(
        e,
        vec![("apprentices".into(), "err.ment_core_max_5".into())]
    );
    // A group of one is still a group.
    assert!(input("group", vec![ap(2, "other")])
        .parse(d(TODAY), Recorded::default())
        .is_ok());
}

#[test]
fn nobody_twice_and_the_mentor_is_not_an_apprentice() {
    let e = fields(
        input(
            "group",
            vec![ap(2, "core"), ap(1, "other"), ap(2, "other"), ap(4, "lead")],
        )
        .parse(d(TODAY), Recorded::default()),
    );
    assert_eq!(
        e,
        vec![
            (
                "apprentices.1.person_id".into(),
                "err.ment_mentor_is_apprentice".into()
            ),
            (
                "apprentices.2.person_id".into(),
                "err.ment_apprentice_twice".into()
            ),
            ("apprentices.3.tier".into(), "err.choice_invalid".into()),
        ]
    );
}

#[test]
fn every_field_error_is_reported_at_once() {
    let m = MentorshipInput {
        title: " ".into(),
        mentor_id: None,
        shape: "trio".into(),
        apprentices: vec![ap(2, "")],
        started_on: "2025-07-01".into(),
        goals: String::new(),
        plan: "x".repeat(5001),
        planned_end_on: "2025-13-01".into(),
    };
    let e = fields(m.parse(d(TODAY), Recorded::default()));
    assert_eq!(
        e,
        vec![
            ("goals".into(), "err.required".into()),
            ("mentor_id".into(), "err.required".into()),
            ("plan".into(), "err.ment_too_long_5000".into()),
            ("planned_end_on".into(), "err.date_format".into()),
            ("shape".into(), "err.choice_invalid".into()),
            ("started_on".into(), "err.date_future".into()),
            ("title".into(), "err.required".into()),
        ]
    );
}

#[test]
fn dates_keep_their_order() {
    let mut m = input("pair", vec![ap(2, "")]);
    m.planned_end_on = "2025-01-09".into();
    let e = fields(m.parse(d(TODAY), Recorded::default()));
    assert_eq!(
        e,
        vec![("planned_end_on".into(), "err.ment_end_before_start".into())]
    );
    // Moving the start after a recorded session is refused; onto it is fine.
    let m = input("pair", vec![ap(2, "")]);
    let rec = Recorded {
        first_session: Some(d("2025-01-05")),
        ..Recorded::default()
    };
    let e = fields(m.parse(d(TODAY), rec));
    assert_eq!(
        e,
        vec![("started_on".into(), "err.ment_start_after_records".into())]
    );
    let rec = Recorded {
        first_session: Some(d("2025-01-10")),
        first_outcome: Some(d("2025-03-01")),
        closed_on: Some(d("2025-06-01")),
    };
    assert!(m.parse(d(TODAY), rec).is_ok());
}

#[test]
fn hours_have_one_decimal_between_half_an_hour_and_a_day() {
    assert_eq!(parse_hours("1.5"), Ok(15));
    assert_eq!(parse_hours(" 2 "), Ok(20));
    assert_eq!(parse_hours("2.50"), Ok(25));
    assert_eq!(parse_hours("0.5"), Ok(5));
    assert_eq!(parse_hours("24"), Ok(240));
    assert_eq!(parse_hours("24.0"), Ok(240));
    let key = |s: &str| match parse_hours(s) {
        Err(DomainError::Invalid(fe)) => fe.0["hours"].clone(),
        other => panic!("{s}: {other:?}"),
    };
    assert_eq!(key("0.4"), "err.ment_hours_range");
    assert_eq!(key("24.1"), "err.ment_hours_range");
    assert_eq!(key("0"), "err.ment_hours_range");
    assert_eq!(key("1.25"), "err.ment_hours_one_decimal");
    assert_eq!(key("-1"), "err.ment_hours_format");
    assert_eq!(key(".5"), "err.ment_hours_format");
    assert_eq!(key("1,5"), "err.ment_hours_format");
    assert_eq!(key("99999999"), "err.ment_hours_format");
    assert_eq!(key(""), "err.required");
    assert_eq!(hours_text(15), "1.5");
    assert_eq!(hours_text(20), "2");
}

#[test]
fn sessions_fall_between_start_and_today_and_stop_at_closing() {
    let start = d("2025-01-10");
    let s = parse_session("2025-02-01", "讲解图纸", "1.5", start, None, d(TODAY)).unwrap();
    assert_eq!(s.hours_tenths, 15);
    let e = parse_session("2025-01-09", "讲解图纸", "2", start, None, d(TODAY));
    assert_eq!(
        e,
        Err(DomainError::field(
            "held_on",
            "err.ment_session_before_start"
        ))
    );
    let e = parse_session("2025-07-01", "讲解图纸", "2", start, None, d(TODAY));
    assert_eq!(e, Err(DomainError::field("held_on", "err.date_future")));
    let e = parse_session(
        "2025-02-01",
        "讲解图纸",
        "2",
        start,
        Some(d("2025-03-01")),
        d(TODAY),
    );
    assert_eq!(e, Err(DomainError::Refused("rule.ment_closed_no_sessions")));
}

#[test]
fn closing_follows_start_and_every_session_once() {
    let start = d("2025-01-10");
    let last = Some(d("2025-05-01"));
    let c = parse_closing(
        "2025-05-01",
        "excellent",
        "圆满完成",
        start,
        last,
        false,
        d(TODAY),
    )
    .unwrap();
    assert_eq!(c.grade, "excellent");
    let e = parse_closing("2025-04-30", "good", "好", start, last, false, d(TODAY));
    assert_eq!(
        e,
        Err(DomainError::field(
            "closed_on",
            "err.ment_close_before_session"
        ))
    );
    let e = parse_closing("2025-01-01", "good", "好", start, None, false, d(TODAY));
    assert_eq!(
        e,
        Err(DomainError::field(
            "closed_on",
            "err.ment_close_before_start"
        ))
    );
    let e = parse_closing("2025-05-01", "perfect", "", start, last, false, d(TODAY));
    match e {
        Err(DomainError::Invalid(fe)) => {
            assert_eq!(fe.0["grade"], "err.choice_invalid");
            assert_eq!(fe.0["comment"], "err.required");
        }
        other => panic!("{other:?}"),
    }
    let e = parse_closing("2025-05-01", "pass", "好", start, last, true, d(TODAY));
    assert_eq!(e, Err(DomainError::Refused("rule.ment_already_closed")));
}

#[test]
fn outcomes_belong_to_an_apprentice_after_the_start() {
    let start = d("2025-01-10");
    let o = parse_outcome(
        Some(2),
        "subproject",
        "2025-04-01",
        "承担子项目",
        &[2, 3],
        start,
        d(TODAY),
    )
    .unwrap();
    assert_eq!(o.kind, "subproject");
    let e = parse_outcome(
        Some(9),
        "promoted",
        "2025-04-01",
        "提拔",
        &[2, 3],
        start,
        d(TODAY),
    );
    assert_eq!(
        e,
        Err(DomainError::field("person_id", "err.ment_not_apprentice"))
    );
    let e = parse_outcome(
        Some(2),
        "award",
        "2025-01-01",
        "获奖",
        &[2],
        start,
        d(TODAY),
    );
    assert_eq!(
        e,
        Err(DomainError::field(
            "achieved_on",
            "err.ment_outcome_before_start"
        ))
    );
    let e = parse_outcome(
        Some(2),
        "medal",
        "2025-02-01",
        "获奖",
        &[2],
        start,
        d(TODAY),
    );
    assert_eq!(e, Err(DomainError::field("kind", "err.choice_invalid")));
}

#[test]
fn attendance_rate_is_a_percentage_with_one_decimal() {
    assert_eq!(attendance_rate(2, 3), 66.7);
    assert_eq!(attendance_rate(1, 3), 33.3);
    assert_eq!(attendance_rate(30, 30), 100.0);
    assert_eq!(attendance_rate(0, 12), 0.0);
    assert_eq!(attendance_rate(1, 8), 12.5);
    // 1/16 = 6.25 %: half up to 6.3.
    assert_eq!(attendance_rate(1, 16), 6.3);
    assert_eq!(attendance_rate(5, 0), 0.0);
}

#[test]
fn training_counts_are_checked_together() {
    let t = TrainingInput {
        topic: "学习贯彻党的二十届三中全会精神".into(),
        held_on: "2025-03-05".into(),
        expected: "40".into(),
        attended: "38".into(),
        place: "工作室会议室".into(),
        summary: String::new(),
        shared: true,
    }
    .parse(d(TODAY))
    .unwrap();
    assert_eq!((t.expected, t.attended, t.shared), (40, 38, true));
    assert_eq!(t.summary, None);
    let bad = TrainingInput {
        topic: String::new(),
        held_on: "2025-07-05".into(),
        expected: "10".into(),
        attended: "11".into(),
        ..TrainingInput::default()
    };
    match bad.parse(d(TODAY)) {
        Err(DomainError::Invalid(fe)) => {
            assert_eq!(fe.0["topic"], "err.required");
            assert_eq!(fe.0["held_on"], "err.date_future");
            assert_eq!(fe.0["attended"], "err.train_attended_over_expected");
        }
        other => panic!("{other:?}"),
    }
    let bad = TrainingInput {
        topic: "t".into(),
        held_on: "2025-03-05".into(),
        expected: "0".into(),
        attended: "x".into(),
        ..TrainingInput::default()
    };
    match bad.parse(d(TODAY)) {
        Err(DomainError::Invalid(fe)) => {
            assert_eq!(fe.0["expected"], "err.train_expected_range");
            assert_eq!(fe.0["attended"], "err.number_invalid");
        }
        other => panic!("{other:?}"),
    }
}
