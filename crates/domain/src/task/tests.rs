use super::*;
use crate::DomainError;
use chrono::{NaiveDate, NaiveDateTime};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn field_of(e: DomainError) -> Vec<(String, String)> {
    match e {
        DomainError::Invalid(fe) => fe.0.into_iter().collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_recipient_goes_issued_received_submitted_returned_submitted_accepted() {
    let mut s = State::Issued;
    for (step, to) in [
        (Step::Receive, State::Received),
        (Step::Submit, State::Submitted),
        (Step::Return, State::Returned),
        (Step::Submit, State::Submitted),
        (Step::Accept, State::Accepted),
    ] {
        s = step.from(s).unwrap();
        assert_eq!(s, to);
    }
}

#[test]
fn steps_a_state_does_not_allow_answer_a_field_error_on_the_state() {
    let refused = [
        (Step::Receive, State::Received),
        (Step::Receive, State::Submitted),
        (Step::Submit, State::Submitted),
        (Step::Submit, State::Accepted),
        (Step::Accept, State::Issued),
        (Step::Accept, State::Returned),
        (Step::Accept, State::Accepted),
        (Step::Return, State::Received),
        (Step::Return, State::Accepted),
    ];
    for (step, from) in refused {
        let e = step.from(from).unwrap_err();
        assert_eq!(
            field_of(e),
            vec![("state".into(), "err.task_step".into())],
            "{step:?} from {from:?}"
        );
    }
    // Submitting an issued task receives it on the way.
    assert_eq!(Step::Submit.from(State::Issued).unwrap(), State::Submitted);
}

#[test]
fn the_recipient_receives_and_submits_the_issuer_accepts_and_returns() {
    assert_eq!(Step::Receive.side(), Side::Recipient);
    assert_eq!(Step::Submit.side(), Side::Recipient);
    assert_eq!(Step::Accept.side(), Side::Issuer);
    assert_eq!(Step::Return.side(), Side::Issuer);
    for s in State::ALL {
        assert_eq!(State::from_code(s.code()), Some(s));
    }
    assert!(State::Returned.open() && !State::Submitted.open());
}

#[test]
fn late_and_overdue_are_judged_against_the_due_moment() {
    let due = at("2026-12-10 23:59");
    assert!(!late(at("2026-12-10 18:00"), due));
    assert!(late(at("2026-12-11 08:00"), due));
    assert!(overdue(State::Submitted, due, at("2026-12-11 08:00")));
    assert!(!overdue(State::Accepted, due, at("2026-12-11 08:00")));
    assert!(!overdue(State::Issued, due, at("2026-12-10 08:00")));
}

#[test]
fn counts_move_by_the_difference_of_flags() {
    assert_eq!(flags(State::Issued, false), [1, 0, 0, 0, 0]);
    assert_eq!(flags(State::Returned, false), [1, 1, 0, 0, 0]);
    assert_eq!(flags(State::Accepted, false), [1, 1, 1, 1, 1]);
    assert_eq!(flags(State::Accepted, true), [1, 1, 1, 1, 0]);
    let d = delta(flags(State::Submitted, true), flags(State::Accepted, true));
    assert_eq!(d, [0, 0, 0, 1, 0]);
    assert_eq!(percent(2, 3), 67);
    assert_eq!(percent(0, 0), 0);
}

#[test]
fn a_return_gives_its_reason() {
    assert_eq!(
        field_of(parse_reason("  ").unwrap_err()),
        vec![("reason".into(), "err.task_reason".into())]
    );
    assert_eq!(parse_reason(" 缺少照片 ").unwrap(), "缺少照片");
}

fn input() -> TaskInput {
    TaskInput {
        node_id: "5".into(),
        title: "报送党员发展计划".into(),
        body: "请各支部报送".into(),
        due_at: "2026-12-20".into(),
        recipients: vec![7, 7, 8],
        fields: vec![FormField {
            label: "计划发展人数".into(),
            kind: "number".into(),
        }],
        ..Default::default()
    }
}

#[test]
fn a_task_is_checked_with_its_recipients_due_moment_and_form() {
    let kinds = vec!["party_branch".to_string()];
    let now = at("2026-12-06 09:00");
    let t = input().parse(&kinds, now).unwrap();
    assert_eq!(t.chosen, vec![7, 8]);
    assert_eq!(
        t.due_at,
        at("2026-12-20 23:59") + chrono::Duration::seconds(59)
    );
    assert_eq!(t.fields.len(), 1);

    let by_kind = TaskInput {
        recipients: vec![],
        kind: "party_branch".into(),
        under: Some(9),
        ..input()
    };
    let t = by_kind.parse(&kinds, now).unwrap();
    assert_eq!(t.by_kind, Some(("party_branch".into(), 9)));

    let bad = TaskInput {
        title: "".into(),
        due_at: "2026-12-01".into(),
        recipients: vec![],
        fields: vec![FormField {
            label: "x".into(),
            kind: "photo".into(),
        }],
        ..input()
    };
    let errs = field_of(bad.parse(&kinds, now).unwrap_err());
    let keys: Vec<&str> = errs.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(keys, vec!["due_at", "fields", "recipients", "title"]);
    let unknown = TaskInput {
        kind: "nope".into(),
        under: Some(9),
        ..input()
    };
    assert_eq!(
        field_of(unknown.parse(&kinds, now).unwrap_err()),
        vec![("kind".into(), "err.choice".into())]
    );
    assert_eq!(parse_due("2026-12-20 17:30"), Some(at("2026-12-20 17:30")));
    assert!(parse_due("20 Dec").is_none());
    let _ = NaiveDate::from_ymd_opt(2026, 1, 1);
}

#[test]
fn feedback_answers_each_field_of_the_form_in_its_kind() {
    let form = vec![
        FormField {
            label: "人数".into(),
            kind: "number".into(),
        },
        FormField {
            label: "是否完成".into(),
            kind: "yes_no".into(),
        },
        FormField {
            label: "说明".into(),
            kind: "text".into(),
        },
    ];
    let ok = FeedbackInput {
        answers: vec!["12".into(), "yes".into(), "已完成".into()],
        note: "附照片".into(),
    };
    let f = ok.parse(&form).unwrap();
    assert_eq!(f.answers[1].value, "yes");
    assert_eq!(f.note.as_deref(), Some("附照片"));
    let bad = FeedbackInput {
        answers: vec!["十二".into(), "maybe".into()],
        note: String::new(),
    };
    assert_eq!(
        field_of(bad.parse(&form).unwrap_err()),
        vec![
            ("answer_0".into(), "err.task_number".into()),
            ("answer_1".into(), "err.task_yes_no".into()),
        ]
    );
    let twice = vec![form[0].clone(), form[0].clone()];
    assert_eq!(
        field_of(parse_form(&twice).unwrap_err()),
        vec![("fields".into(), "err.task_field_twice".into())]
    );
}
