use super::*;
use crate::identity::{ID_CHECK, ID_WEIGHTS};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Builds a valid number from its first 17 digits.
fn with_check(first17: &str) -> String {
    let sum: u32 = first17
        .bytes()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first17}{}", ID_CHECK[(sum % 11) as usize])
}

#[test]
fn id_check_digit() {
    // The worked example of GB 11643-1999's check character.
    let id = IdNumber::parse("11010519491231002X").unwrap();
    assert_eq!(id.birth_date(), d(1949, 12, 31));
    assert_eq!(id.gender(), Gender::Female);
    assert_eq!(
        IdNumber::parse("11010519491231002x").unwrap().as_str(),
        "11010519491231002X"
    );
    assert_eq!(
        IdNumber::parse("110105194912310021"),
        Err(DomainError::field("id_number", "err.id_check_digit"))
    );
    let male = with_check("37070219800101123");
    let id = IdNumber::parse(&male).unwrap();
    assert_eq!(id.gender(), Gender::Male);
    assert_eq!(id.masked(), format!("370702********{}", &male[14..]));
}

#[test]
fn id_refusals_name_the_problem() {
    let e = |s: &str| match IdNumber::parse(s) {
        Err(DomainError::Invalid(fe)) => fe.0["id_number"].clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(e("370702800101123"), "err.id_legacy_15");
    assert_eq!(e("37070219800101123"), "err.id_format");
    assert_eq!(e("3707021980010112AB"), "err.id_format");
    assert_eq!(e(&with_check("07070219800101123")), "err.id_region");
    assert_eq!(e(&with_check("37070219801301123")), "err.id_birth");
    assert_eq!(e(&with_check("37070219800230123")), "err.id_birth");
    assert_eq!(e(""), "err.required");
}

#[test]
fn id_must_agree_with_the_record() {
    let id = IdNumber::parse(&with_check("37070219800101123")).unwrap();
    assert!(id.check_against(d(1980, 1, 1), Gender::Male).is_ok());
    let Err(DomainError::Invalid(fe)) = id.check_against(d(1980, 1, 2), Gender::Female) else {
        panic!()
    };
    assert_eq!(fe.0.len(), 2);
}

#[test]
fn mobiles() {
    let m = Mobile::parse("+86 138-1234-5678").unwrap();
    assert_eq!(m.as_str(), "13812345678");
    assert_eq!(m.masked(), "138****5678");
    for bad in [
        "12812345678",
        "1381234567",
        "138123456789",
        "23812345678",
        "1381234567a",
    ] {
        assert_eq!(
            Mobile::parse(bad),
            Err(DomainError::field("phone", "err.phone_format")),
            "{bad}"
        );
    }
}

#[test]
fn pipeline_in_order_with_its_intervals() {
    let birth = d(2000, 5, 10);
    let today = d(2026, 11, 21);
    let p = Pipeline::default();
    assert_eq!(
        p.step(Step::Apply, d(2018, 5, 9), birth, today),
        Err(refused("rule.pipeline_age_18"))
    );
    let p = p.step(Step::Apply, d(2018, 5, 10), birth, today).unwrap();
    assert_eq!(
        p.step(Step::MakeDevelopmentObject, d(2019, 1, 1), birth, today),
        Err(refused("rule.pipeline_order"))
    );
    let p = p
        .step(Step::MakeActivist, d(2020, 3, 1), birth, today)
        .unwrap();
    assert_eq!(
        p.step(Step::MakeDevelopmentObject, d(2021, 2, 28), birth, today),
        Err(refused("rule.pipeline_activist_one_year"))
    );
    let p = p
        .step(Step::MakeDevelopmentObject, d(2021, 3, 1), birth, today)
        .unwrap();
    assert_eq!(
        p.step(Step::Admit, d(2021, 2, 1), birth, today),
        Err(refused("rule.pipeline_date_order"))
    );
    let p = p.step(Step::Admit, d(2021, 6, 1), birth, today).unwrap();
    assert_eq!(p.status(), Status::Probationary);
    assert_eq!(
        p.step(Step::Confirm, d(2022, 5, 31), birth, today),
        Err(refused("rule.pipeline_probation_one_year"))
    );
    let full = p.step(Step::Confirm, d(2022, 6, 1), birth, today).unwrap();
    assert_eq!(full.status(), Status::Full);
    assert_eq!(
        p.step(Step::Apply, d(2022, 6, 1), birth, d(2022, 5, 1)),
        Err(refused("rule.pipeline_future_date"))
    );
}

#[test]
fn probation_extends_once_between_half_a_year_and_a_year_or_ends() {
    let birth = d(1990, 1, 1);
    let today = d(2026, 11, 21);
    let p = Pipeline {
        status: Some(Status::Probationary),
        probation_on: Some(d(2024, 1, 10)),
        ..Default::default()
    };
    assert_eq!(
        p.step(
            Step::ExtendProbation { months: 5 },
            d(2025, 1, 10),
            birth,
            today
        ),
        Err(refused("rule.pipeline_extend_length"))
    );
    assert_eq!(
        p.step(
            Step::ExtendProbation { months: 13 },
            d(2025, 1, 10),
            birth,
            today
        ),
        Err(refused("rule.pipeline_extend_length"))
    );
    let ext = p
        .step(
            Step::ExtendProbation { months: 6 },
            d(2025, 1, 10),
            birth,
            today,
        )
        .unwrap();
    assert_eq!(ext.probation_ends(), Some(d(2025, 7, 10)));
    assert_eq!(
        ext.step(
            Step::ExtendProbation { months: 6 },
            d(2025, 2, 1),
            birth,
            today
        ),
        Err(refused("rule.pipeline_extend_once"))
    );
    assert_eq!(
        ext.step(Step::Confirm, d(2025, 7, 9), birth, today),
        Err(refused("rule.pipeline_probation_one_year"))
    );
    assert!(ext
        .step(Step::Confirm, d(2025, 7, 10), birth, today)
        .is_ok());
    let out = ext
        .step(Step::Disqualify, d(2025, 3, 1), birth, today)
        .unwrap();
    assert_eq!(out.status(), Status::Masses);
    assert_eq!(out.probation_on, None);
}

#[test]
fn quotas_are_handed_down_and_used_never_beyond_what_was_received() {
    let q = Quota {
        received: 51,
        ..Default::default()
    };
    let q = q.hand_down(40).unwrap();
    assert_eq!(q.remaining(), 11);
    assert_eq!(
        q.hand_down(12),
        Err(refused("rule.quota_exceeds_remaining"))
    );
    assert!(q.hand_down(0).is_err());
    let mut q = q.hand_down(10).unwrap();
    q = q.use_one().unwrap();
    assert_eq!(q.remaining(), 0);
    assert_eq!(q.use_one(), Err(refused("rule.quota_exhausted")));
    assert_eq!(
        q,
        Quota {
            received: 51,
            handed_down: 50,
            used: 1
        }
    );
}

fn input() -> PersonInput {
    PersonInput {
        name: Some(" 张三 ".into()),
        gender: Some("male".into()),
        ethnicity: Some("汉族".into()),
        birth_date: Some("1980/1/1".into()),
        id_number: Some(with_check("37070219800101123")),
        phone: Some("13812345678".into()),
        education: Some("bachelor".into()),
        status: Some("full".into()),
        applied_on: Some("2000-03-01".into()),
        full_on: Some("20030701".into()),
        ..Default::default()
    }
}

fn fields(r: Result<impl std::fmt::Debug, DomainError>) -> Vec<(String, String)> {
    match r {
        Err(DomainError::Invalid(fe)) => fe.0.into_iter().collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn person_input_parses_whole() {
    let today = d(2026, 11, 21);
    let p = input().parse(today).unwrap();
    assert_eq!(p.name, "张三");
    assert_eq!(p.birth_date, d(1980, 1, 1));
    assert_eq!(p.pipeline.status(), Status::Full);
    assert_eq!(p.pipeline.full_on, Some(d(2003, 7, 1)));
    assert_eq!(p.phone.unwrap().as_str(), "13812345678");
}

#[test]
fn person_input_reports_every_bad_field() {
    let today = d(2026, 11, 21);
    let bad = PersonInput {
        name: Some("".into()),
        gender: Some("x".into()),
        ethnicity: Some("火星族".into()),
        birth_date: Some("1980-01-02".into()),
        phone: Some("123".into()),
        education: Some("kindergarten".into()),
        status: Some("full".into()),
        applied_on: Some("2004-01-01".into()),
        full_on: Some("".into()),
        ..input()
    };
    let f = fields(bad.parse(today));
    let keys: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "education",
            "ethnicity",
            "full_on",
            "gender",
            "name",
            "phone"
        ]
    );
    // Birth date disagreeing with the number is reported once gender is valid.
    let f = fields(
        PersonInput {
            birth_date: Some("1980-01-02".into()),
            ..input()
        }
        .parse(today),
    );
    assert_eq!(f, [("birth_date".into(), "err.id_birth_mismatch".into())]);
}

#[test]
fn person_pipeline_dates_follow_the_status() {
    let today = d(2026, 11, 21);
    let f = fields(
        PersonInput {
            status: Some("activist".into()),
            applied_on: Some("2020-01-01".into()),
            activist_on: Some("2019-01-01".into()),
            full_on: Some("2021-01-01".into()),
            ..input()
        }
        .parse(today),
    );
    assert_eq!(
        f,
        [
            ("activist_on".into(), "err.date_order".into()),
            ("full_on".into(), "err.date_after_status".into())
        ]
    );
    let f = fields(
        PersonInput {
            status: Some("applicant".into()),
            applied_on: Some("1997-12-31".into()),
            full_on: Some("".into()),
            ..input()
        }
        .parse(today),
    );
    assert_eq!(f, [("applied_on".into(), "rule.pipeline_age_18".into())]);
    let f = fields(
        PersonInput {
            status: Some("".into()),
            full_on: Some("2030-01-01".into()),
            applied_on: Some("".into()),
            ..input()
        }
        .parse(today),
    );
    assert_eq!(f, [("full_on".into(), "err.date_future".into())]);
    let masses = PersonInput {
        status: Some("".into()),
        applied_on: Some("".into()),
        full_on: Some("".into()),
        ..input()
    };
    assert_eq!(
        masses.parse(today).unwrap().pipeline.status(),
        Status::Masses
    );
}

#[test]
fn honours_and_terms() {
    let today = d(2026, 11, 21);
    let h = parse_honour("红星工匠", "district", "2025-05-01", "", today).unwrap();
    assert_eq!(h.title, "红星工匠");
    assert_eq!(
        fields(parse_honour("", "galactic", "2027-01-01", "", today)),
        [
            ("awarded_on".into(), "err.date_future".into()),
            ("level".into(), "err.choice_invalid".into()),
            ("title".into(), "err.required".into())
        ]
    );
    let t = parse_term("2024-01-01", "", today).unwrap();
    assert!(t.is_current(today));
    assert_eq!(
        fields(parse_term("2024-01-01", "2023-12-31", today)),
        [("end_on".into(), "err.date_order".into())]
    );
    assert!(!parse_term("2020-01-01", "2023-12-31", today)
        .unwrap()
        .is_current(today));
}

#[test]
fn quotas_given_back_only_from_what_is_left() {
    let child = Quota {
        received: 5,
        handed_down: 2,
        used: 1,
    };
    assert_eq!(
        child.give_back(3),
        Err(refused("rule.quota_reclaim_exceeds_remaining"))
    );
    assert_eq!(child.give_back(2).unwrap().received, 3);
    let parent = Quota {
        received: 10,
        handed_down: 5,
        used: 0,
    };
    assert_eq!(parent.take_back(2).remaining(), 7);
    assert_eq!(
        parse_quota_year(1999),
        Err(DomainError::field("year", "err.year_range"))
    );
}

#[test]
fn steps_parse_by_code() {
    for c in Step::CODES {
        let s = Step::parse(c, Some(6)).unwrap();
        assert_eq!(s.code(), c);
    }
    assert!(Step::parse("extend_probation", None).is_err());
    assert!(Step::parse("promote", None).is_err());
    for st in Status::ALL {
        assert_eq!(Status::from_code(st.code()), Some(st));
    }
}

#[test]
fn a_person_reads_alike_from_a_body_and_from_a_row() {
    let body: PersonInput =
        serde_json::from_str(r#"{"name": "张三", "gender": "male", "phone": null, "node_id": 7}"#)
            .unwrap();
    let row: PersonInput = crate::input::from_cells([
        ("name", "张三".to_string()),
        ("gender", "male".to_string()),
        ("node", "滨海街道".to_string()),
    ])
    .unwrap();
    assert_eq!(body.name, Some("张三".into()));
    assert_eq!(body.phone, None);
    assert_eq!(body.node_id, Some(7));
    assert_eq!(
        PersonInput {
            node_id: None,
            ..body
        },
        row
    );
}

#[test]
fn an_update_keeps_what_it_does_not_give() {
    let patch = PersonInput {
        phone: Some(String::new()),
        notes: Some("调入".into()),
        ..Default::default()
    };
    let merged = patch.over(input());
    assert_eq!(merged.name, input().name);
    assert_eq!(merged.phone, Some(String::new()));
    assert_eq!(merged.notes, Some("调入".into()));
    let whole = PersonInput::default().whole();
    assert_eq!(whole.ethnicity, Some(String::new()));
    assert_eq!(whole.node_id, None);
}

#[test]
fn a_valid_id_number_gives_the_birth_date_and_gender_left_blank() {
    let today = d(2026, 11, 21);
    let p = PersonInput {
        birth_date: Some(String::new()),
        gender: None,
        ..input()
    }
    .parse(today)
    .unwrap();
    let full = input().parse(today).unwrap();
    assert_eq!((p.birth_date, p.gender), (full.birth_date, full.gender));
    // Without a valid number, both stay required.
    let f = fields(
        PersonInput {
            birth_date: Some(String::new()),
            gender: Some(String::new()),
            id_number: Some("123".into()),
            ..input()
        }
        .parse(today),
    );
    let keys: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["birth_date", "gender", "id_number"]);
}
