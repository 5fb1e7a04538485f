use super::*;
use crate::DomainError;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn periods_hold_their_days_and_name_themselves() {
    let p = Period::containing(Cycle::Quarter, d(2026, 11, 20));
    assert_eq!((p.start(), p.end()), (d(2026, 10, 1), d(2026, 12, 31)));
    assert_eq!(p.key(), "2026-Q4");
    assert_eq!(p.next().key(), "2027-Q1");
    assert_eq!(p.previous().key(), "2026-Q3");
    let h = Period::containing(Cycle::HalfYear, d(2026, 6, 30));
    assert_eq!((h.key(), h.end()), ("2026-H1".to_string(), d(2026, 6, 30)));
    let m = Period::containing(Cycle::Month, d(2024, 2, 10));
    assert_eq!((m.key(), m.end()), ("2024-02".to_string(), d(2024, 2, 29)));
    assert_eq!(Period::containing(Cycle::Year, d(2026, 3, 1)).key(), "2026");
    for key in ["2026-12", "2026-Q4", "2026-H2", "2026", "2027-01"] {
        assert_eq!(Period::parse(key).unwrap().key(), key);
    }
    for bad in [
        "2026-13", "2026-Q5", "2026-H3", "26", "2026-X1", "2026-1", "abcd",
    ] {
        assert_eq!(Period::parse(bad), None, "{bad}");
    }
}

#[test]
fn the_day_held_is_read_in_beijing_time() {
    let at = parse_held_at("2026-11-30T17:30:00Z").unwrap();
    assert_eq!(at.date(), d(2026, 12, 1), "01:30 in Beijing the next day");
    assert_eq!(
        parse_held_at("2026-11-30 17:30").unwrap().date(),
        d(2026, 11, 30)
    );
    assert_eq!(
        parse_held_at("2026-11-30T09:05")
            .unwrap()
            .format("%H:%M")
            .to_string(),
        "09:05"
    );
    assert!(parse_held_at("2026-11-31 09:00").is_none());
    assert!(parse_held_at("tomorrow").is_none());
    assert_eq!(beijing_day(1_764_520_200_000), d(2025, 12, 1));
}

fn rule(kind: &str, ty: &str, cycle: Cycle, n: u32) -> Rule {
    Rule {
        kinds: strings(&[kind]),
        activity_type: ty.into(),
        cycle,
        min_count: n,
        due: None,
    }
}

#[test]
fn the_deepest_rule_above_an_organization_wins_and_zero_lifts_it() {
    let national = rule("party_branch", "theme_day", Cycle::Month, 1);
    let stricter = rule("party_branch", "theme_day", Cycle::Month, 2);
    let lifted = rule("party_branch", "group_meeting", Cycle::Month, 0);
    let group = rule("party_branch", "group_meeting", Cycle::Month, 1);
    let other_kind = rule("party_committee", "theme_day", Cycle::Month, 3);
    let set = [
        SetRule {
            id: 1,
            at: &[],
            rule: &national,
        },
        SetRule {
            id: 2,
            at: &[1, 5],
            rule: &stricter,
        },
        SetRule {
            id: 3,
            at: &[],
            rule: &group,
        },
        SetRule {
            id: 4,
            at: &[1, 5, 9],
            rule: &lifted,
        },
        SetRule {
            id: 5,
            at: &[1],
            rule: &other_kind,
        },
    ];
    let ids = |r: Vec<(i64, &Rule)>| r.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
    // Under 5 but not 9: the stricter theme day, the national group meeting.
    assert_eq!(ids(effective("party_branch", &[1, 5, 7], &set)), vec![2, 3]);
    // Under 9: the group meeting is lifted.
    assert_eq!(
        ids(effective("party_branch", &[1, 5, 9, 12], &set)),
        vec![2]
    );
    // Elsewhere: the national rules; another kind only its own.
    assert_eq!(ids(effective("party_branch", &[1, 6], &set)), vec![1, 3]);
    assert_eq!(ids(effective("party_committee", &[1, 6], &set)), vec![5]);
    assert!(effective("grid", &[1, 6], &set).is_empty());
}

#[test]
fn obligations_are_checked_field_by_field() {
    let kinds = strings(&["party_branch", "party_committee"]);
    let types = strings(&["theme_day", "half_year_summary"]);
    let ok = ObligationInput {
        kinds: strings(&["party_branch", "party_branch"]),
        activity_type: "half_year_summary".into(),
        cycle: "half_year".into(),
        min_count: "1".into(),
        due: "07-01".into(),
        node_id: "12".into(),
    }
    .parse(&kinds, &types)
    .unwrap();
    assert_eq!(ok.node_id, Some(12));
    assert_eq!(ok.rule.kinds, strings(&["party_branch"]));
    assert_eq!(ok.rule.due_text().as_deref(), Some("07-01"));
    let e = ObligationInput {
        kinds: strings(&["grid"]),
        activity_type: "dance".into(),
        cycle: "weekly".into(),
        min_count: "99".into(),
        due: "13-40".into(),
        node_id: "x".into(),
    }
    .parse(&kinds, &types)
    .unwrap_err();
    let DomainError::Invalid(fe) = e else {
        panic!()
    };
    assert_eq!(fe.0["kinds"], "err.kind_unknown");
    assert_eq!(fe.0["activity_type"], "err.choice");
    assert_eq!(fe.0["cycle"], "err.choice");
    assert_eq!(fe.0["min_count"], "err.cadence_min_count");
    assert_eq!(fe.0["due"], "err.cadence_due");
    assert_eq!(fe.0["node_id"], "err.number_invalid");
    let e = ObligationInput::default()
        .parse(&kinds, &types)
        .unwrap_err();
    let DomainError::Invalid(fe) = e else {
        panic!()
    };
    assert_eq!(fe.0["kinds"], "err.required");
    assert_eq!(fe.0["min_count"], "err.number_invalid");
}

#[test]
fn a_due_day_just_after_the_half_stretches_it() {
    let mut r = rule(
        "party_working_committee",
        "half_year_summary",
        Cycle::HalfYear,
        1,
    );
    r.due = Some((7, 1));
    let h1 = Period::containing(Cycle::HalfYear, d(2026, 3, 1));
    assert_eq!(
        r.deadline(&h1),
        d(2026, 7, 1),
        "七一 counts for the first half"
    );
    let h2 = h1.next();
    assert_eq!(
        r.deadline(&h2),
        d(2026, 12, 31),
        "the second half keeps its own end"
    );
    // A due day well inside a period is that period's; the first quarter of a year has no
    // period before it in the year.
    r.cycle = Cycle::Quarter;
    r.due = Some((5, 20));
    let q2 = Period::containing(Cycle::Quarter, d(2026, 5, 1));
    assert_eq!(r.deadline(&q2), d(2026, 5, 20));
    r.due = Some((1, 15));
    let q1 = Period::containing(Cycle::Quarter, d(2026, 2, 1));
    assert_eq!(r.deadline(&q1), d(2026, 1, 15));
    r.due = Some((3, 31));
    let q = Period::containing(Cycle::Quarter, d(2026, 8, 1));
    assert_eq!(
        r.deadline(&q),
        q.end(),
        "a due day outside the period is ignored"
    );
}

#[test]
fn judging_counts_done_against_required_with_days_left() {
    let r = rule("party_branch", "branch_congress", Cycle::Quarter, 1);
    let j = judge(&r, d(2026, 12, 3), 0, 0);
    assert_eq!(
        (j.required, j.met, j.days_left, j.missed),
        (1, false, Some(28), false)
    );
    assert_eq!(
        window(&r, d(2026, 12, 3)),
        (d(2026, 10, 1), d(2026, 12, 31))
    );
    let j = judge(&r, d(2026, 12, 31), 2, 1);
    assert_eq!((j.met, j.late, j.days_left), (true, 1, Some(0)));
    let (keeping, counted, rate) = share([
        &[judge(&r, d(2026, 12, 3), 1, 0)][..],
        &[judge(&r, d(2026, 12, 3), 0, 0)][..],
        &[][..],
    ]);
    assert_eq!((keeping, counted, rate), (1, 2, Some(50.0)));
    assert_eq!(share(std::iter::empty()).2, None);
}

fn input() -> ActivityInput {
    ActivityInput {
        node_id: "7".into(),
        types: strings(&["branch_congress", "party_lecture", "branch_congress"]),
        held_at: "2026-11-20 14:30".into(),
        topic: "学习党的二十届四中全会精神".into(),
        attendance: vec![
            AttendanceInput {
                person_id: 3,
                status: "leave".into(),
                reason: "出差".into(),
            },
            AttendanceInput {
                person_id: 4,
                status: "absent".into(),
                reason: String::new(),
            },
        ],
        ..Default::default()
    }
}

#[test]
fn an_activity_may_keep_several_obligations_once_each() {
    let types = strings(&["branch_congress", "party_lecture"]);
    let a = input().parse(&types, d(2026, 12, 3)).unwrap();
    assert_eq!(a.types, strings(&["branch_congress", "party_lecture"]));
    assert_eq!(a.held_on(), d(2026, 11, 20));
    assert_eq!(attendance_counts(10, &a.attendance), [10, 8, 1, 1]);
}

#[test]
fn bad_activities_are_refused_field_by_field() {
    let types = strings(&["branch_congress"]);
    let mut bad = input();
    bad.types = strings(&["dance"]);
    bad.held_at = "2026-12-09 10:00".into();
    bad.topic = "   ".into();
    bad.place = "会议室\u{7}".into();
    bad.attendance[0].reason = String::new();
    let DomainError::Invalid(fe) = bad.parse(&types, d(2026, 12, 3)).unwrap_err() else {
        panic!()
    };
    assert_eq!(fe.0["types"], "err.choice");
    assert_eq!(fe.0["held_at"], "err.date_future");
    assert_eq!(fe.0["topic"], "err.required");
    assert_eq!(fe.0["place"], "err.control_chars");
    assert_eq!(fe.0["attendance"], "err.cadence_leave_reason");
    let mut bad = input();
    bad.held_at = "yesterday".into();
    bad.minutes = "记".repeat(20_001);
    bad.attendance[1].status = "late".into();
    let DomainError::Invalid(fe) = bad.parse(&types, d(2026, 12, 3)).unwrap_err() else {
        panic!()
    };
    assert_eq!(fe.0["held_at"], "err.cadence_held_at");
    assert_eq!(fe.0["minutes"], "err.cadence_minutes_long");
    assert_eq!(fe.0["attendance"], "err.cadence_attendance");
}

#[test]
fn a_centre_is_a_positive_id_or_left_blank() {
    let types = strings(&["branch_congress", "party_lecture"]);
    let mut a = input();
    assert_eq!(a.parse(&types, d(2026, 12, 3)).unwrap().centre_id, None);
    a.centre_id = " 12 ".into();
    assert_eq!(a.parse(&types, d(2026, 12, 3)).unwrap().centre_id, Some(12));
    for bad in ["0", "-3", "阵地", "1.5"] {
        a.centre_id = bad.into();
        let DomainError::Invalid(fe) = a.parse(&types, d(2026, 12, 3)).unwrap_err() else {
            panic!()
        };
        assert_eq!(fe.0["centre_id"], "err.number_invalid", "{bad}");
    }
}

#[test]
fn entries_after_the_month_are_late_and_old_records_lock() {
    assert!(!entered_late(d(2026, 11, 20), d(2026, 11, 30)));
    assert!(entered_late(d(2026, 11, 20), d(2026, 12, 1)));
    assert!(!locked(d(2026, 11, 1), d(2026, 12, 1)));
    assert!(locked(d(2026, 11, 1), d(2026, 12, 2)));
}

#[test]
fn every_seeded_obligation_names_a_seeded_activity_type() {
    for (_, ty, _, n, _) in SEEDED {
        assert!(ACTIVITY_TYPES.iter().any(|(c, _, _)| c == ty), "{ty}");
        assert!(*n > 0);
    }
}
