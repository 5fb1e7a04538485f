use super::*;
use crate::DomainError;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

fn input() -> CommendationInput {
    CommendationInput {
        node_id: "7".into(),
        title: "关于表扬示范党支部的通报".into(),
        doc_number: "滨党发〔2026〕12号".into(),
        issued_on: "2026-06-28".into(),
        level: "district".into(),
        organizations: vec![OrgLineInput {
            node_id: "11".into(),
            honour: "示范党支部".into(),
        }],
        people: vec![PersonLineInput {
            person_id: "21".into(),
            honour: "优秀共产党员".into(),
        }],
        ..Default::default()
    }
}

fn fields(e: DomainError) -> Vec<(String, String)> {
    match e {
        DomainError::Invalid(fe) => fe.0.into_iter().collect(),
        other => panic!("not a field error: {other:?}"),
    }
}

#[test]
fn a_whole_commendation_is_read_with_its_lines() {
    let c = input().parse(today()).unwrap();
    assert_eq!(c.node_id, 7);
    assert_eq!(c.round_id, None);
    assert_eq!(c.top, None);
    assert_eq!(
        c.organizations,
        vec![Line {
            id: 11,
            honour: "示范党支部".into()
        }]
    );
    assert_eq!(c.people[0].id, 21);
}

#[test]
fn the_header_needs_title_number_date_and_level() {
    let e = CommendationInput::default().parse(today()).unwrap_err();
    let keys: Vec<String> = fields(e).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        keys,
        ["doc_number", "issued_on", "level", "node_id", "title"]
    );
    let mut i = input();
    i.issued_on = "2026-07-01".into();
    i.level = "galactic".into();
    let e = fields(i.parse(today()).unwrap_err());
    assert!(e.contains(&("issued_on".into(), "err.date_future".into())));
    assert!(e.contains(&("level".into(), "err.choice_invalid".into())));
}

#[test]
fn nobody_is_commended_twice_or_without_an_honour() {
    let mut i = input();
    i.organizations.push(OrgLineInput {
        node_id: "11".into(),
        honour: "示范党支部".into(),
    });
    i.people.push(PersonLineInput {
        person_id: "22".into(),
        honour: " ".into(),
    });
    let e = fields(i.parse(today()).unwrap_err());
    assert_eq!(
        e,
        vec![
            ("organizations".into(), "err.commendation_twice".into()),
            ("people".into(), "err.commendation_line_honour".into()),
        ]
    );
    let mut i = input();
    i.people[0].person_id = "abc".into();
    i.people[0].honour = "先".repeat(51);
    let e = fields(i.parse(today()).unwrap_err());
    assert_eq!(
        e,
        vec![("people".into(), "err.commendation_line_id".into())]
    );
}

#[test]
fn filling_from_a_round_needs_the_round_a_number_and_an_honour() {
    let mut i = input();
    i.top = "15".into();
    let e = fields(i.parse(today()).unwrap_err());
    assert!(e.contains(&("round_id".into(), "err.commendation_top_round".into())));
    assert!(e.contains(&("org_honour".into(), "err.required".into())));
    i.round_id = "3".into();
    i.org_honour = "示范党支部".into();
    let c = i.parse(today()).unwrap();
    assert_eq!(c.round_id, Some(3));
    assert_eq!(c.top, Some((15, "示范党支部".into())));
    i.top = "0".into();
    let e = fields(i.parse(today()).unwrap_err());
    assert_eq!(e, vec![("top".into(), "err.commendation_top".into())]);
}

#[test]
fn a_draft_is_edited_and_issued_once_an_issued_one_only_revoked() {
    assert!(State::Draft.check_edit().is_ok());
    assert_eq!(
        State::Draft.check_issue(0),
        Err(DomainError::Refused("rule.commendation_empty"))
    );
    assert!(State::Draft.check_issue(1).is_ok());
    for s in [State::Issued, State::Revoked] {
        assert_eq!(
            s.check_edit(),
            Err(DomainError::Refused("rule.commendation_locked"))
        );
        assert!(s.check_issue(3).is_err());
    }
    assert!(State::Issued.check_revoke().is_ok());
    assert!(State::Draft.check_revoke().is_err());
    assert!(State::Revoked.check_revoke().is_err());
    assert_eq!(State::from_code("issued"), Some(State::Issued));
    assert_eq!(State::from_code("x"), None);
}

#[test]
fn a_revocation_needs_a_reason() {
    assert!(RevokeInput::default().parse().is_err());
    let long = RevokeInput {
        reason: "x".repeat(501),
    };
    assert_eq!(
        fields(long.parse().unwrap_err()),
        vec![("reason".into(), "err.too_long_500".into())]
    );
    let r = RevokeInput {
        reason: " 材料不实 ".into(),
    };
    assert_eq!(r.parse().unwrap(), "材料不实");
}

#[test]
fn the_best_leave_out_vetoes_and_break_ties_by_node() {
    let s = |node_id, score, vetoed| Scored {
        node_id,
        score,
        vetoed,
    };
    let results = [
        s(5, 9000, false),
        s(3, 9500, true),
        s(4, 9200, false),
        s(2, 9000, false),
        s(1, 8000, false),
    ];
    assert_eq!(best_of(&results, 3), vec![4, 2, 5]);
    assert_eq!(best_of(&results, 10), vec![4, 2, 5, 1]);
    assert!(best_of(&results, 0).is_empty());
}
