use super::*;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn fen(s: &str) -> i64 {
    Fen::parse("amount", s).unwrap().unwrap().0
}

fn money_err(s: &str) -> String {
    match Fen::parse("amount", s).unwrap_err() {
        DomainError::Invalid(fe) => fe.0["amount"].clone(),
        e => panic!("{e:?}"),
    }
}

#[test]
fn money_is_read_the_way_people_write_it() {
    assert_eq!(fen("12.5"), 1250);
    assert_eq!(fen("12.50元"), 1250);
    assert_eq!(fen("1.5万"), 1_500_000);
    assert_eq!(fen("3万元"), 3_000_000);
    assert_eq!(fen("1,234.56"), 123_456);
    assert_eq!(fen("1，234.56"), 123_456);
    assert_eq!(fen("￥ 8"), 800);
    assert_eq!(fen("0.01"), 1);
    assert_eq!(fen(".5"), 50);
    assert_eq!(fen("1.234567万"), 1_234_567);
    assert_eq!(fen("1000000000000"), 100_000_000_000_000);
    assert_eq!(Fen::parse("amount", "  ").unwrap(), None);
}

#[test]
fn bad_money_is_named() {
    assert_eq!(money_err("-5"), "err.act_money_negative");
    assert_eq!(money_err("-1.5万"), "err.act_money_negative");
    assert_eq!(money_err("1.234"), "err.act_money_decimals");
    assert_eq!(money_err("1.2345678万"), "err.act_money_decimals");
    assert_eq!(money_err("1000000000000.01"), "err.act_money_too_large");
    assert_eq!(money_err("100000001万"), "err.act_money_too_large");
    assert_eq!(
        money_err("99999999999999999999999"),
        "err.act_money_too_large"
    );
    for bad in [
        "abc", "1.2.3", "12,34", ",123", "1,2345", "万", "元", ".", "1e5", "12块",
    ] {
        assert_eq!(money_err(bad), "err.act_money_format", "{bad}");
    }
    assert_eq!(
        Fen::required("amount", "").unwrap_err(),
        DomainError::field("amount", "err.required")
    );
}

#[test]
fn money_is_written_back() {
    assert_eq!(Fen(1_234_560).yuan(), "12,345.60");
    assert_eq!(Fen(5).yuan(), "0.05");
    assert_eq!(Fen(100_000_000).yuan(), "1,000,000.00");
    assert_eq!(Fen(-123_456).yuan(), "-1,234.56");
    assert_eq!(Fen(1_230_000).wan(), "1.23万");
    assert_eq!(Fen(1_234_999).wan(), "1.23万");
    assert_eq!(Fen(1_235_000).wan(), "1.24万");
    assert_eq!(Fen(3_000_000).wan(), "3万");
    assert_eq!(Fen(1_500_000).wan(), "1.5万");
    assert_eq!(Fen(0).wan(), "0万");
    assert_eq!(Fen(-2_500_000).wan(), "-2.5万");
    assert_eq!(Fen(1_234_560).plain(), "12345.6");
    assert_eq!(Fen(100).plain(), "1");
    assert_eq!(Fen(101_000).fixed(), "1010.00");
    assert_eq!(Fen(-95_550).fixed(), "-955.50");
    assert_eq!(Fen(5).fixed(), "0.05");
    for v in [0, 1, 99, 1250, 123_456, 100_000_000_000_000] {
        assert_eq!(fen(&Fen(v).plain()), v);
        assert_eq!(fen(&Fen(v).yuan()), v);
        assert_eq!(fen(&Fen(v).fixed()), v);
    }
}

#[test]
fn times_and_office_hours() {
    assert_eq!(parse_time("starts", "9:05").unwrap(), 545);
    assert_eq!(parse_time("starts", "23：59").unwrap(), 23 * 60 + 59);
    for bad in ["24:00", "9", "9:5", "ab:cd", "12:60", "-1:00", "123:00"] {
        assert!(parse_time("starts", bad).is_err(), "{bad}");
    }
    let ok = OfficeHourInput {
        weekday: "3".into(),
        starts: "9:00".into(),
        ends: "11:30".into(),
        place: "党群服务中心二楼".into(),
        host_id: None,
    }
    .parse()
    .unwrap();
    assert_eq!(
        (ok.weekday, ok.starts.as_str(), ok.ends.as_str()),
        (3, "09:00", "11:30")
    );
    let bad = OfficeHourInput {
        weekday: "8".into(),
        starts: "10:00".into(),
        ends: "10:00".into(),
        place: "".into(),
        host_id: None,
    };
    match bad.parse().unwrap_err() {
        DomainError::Invalid(fe) => {
            assert_eq!(fe.0["weekday"], "err.act_weekday");
            assert_eq!(fe.0["ends"], "err.act_time_order");
            assert_eq!(fe.0["place"], "err.required");
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn questions_and_answers() {
    let q = QuestionInput {
        title: "  如何发展党员？ ".into(),
        body: "".into(),
        asker_name: "".into(),
    }
    .parse()
    .unwrap();
    assert_eq!(q.title, "如何发展党员？");
    assert_eq!(q.body, None);
    let bad = QuestionInput {
        title: "问".into(),
        body: "长".repeat(5001),
        asker_name: "名".repeat(51),
    };
    match bad.parse().unwrap_err() {
        DomainError::Invalid(fe) => {
            assert_eq!(fe.0["title"], "err.act_title_length");
            assert_eq!(fe.0["body"], "err.act_too_long_5000");
            assert_eq!(fe.0["asker_name"], "err.too_long_50");
        }
        e => panic!("{e:?}"),
    }
    assert!(parse_title("title", &"题".repeat(200)).is_ok());
    assert!(parse_title("title", &"题".repeat(201)).is_err());
    assert_eq!(
        parse_answer(" ").unwrap_err(),
        DomainError::field("answer", "err.required")
    );
    assert!(parse_answer(&"答".repeat(5000)).is_ok());
}

#[test]
fn scores_periods_and_grades() {
    assert_eq!(parse_score("score", "92.5").unwrap(), 925);
    assert_eq!(parse_score("score", "100").unwrap(), 1000);
    assert_eq!(parse_score("score", "0").unwrap(), 0);
    assert_eq!(parse_score("score", "88.50").unwrap(), 885);
    assert_eq!(
        parse_score("score", "100.5").unwrap_err(),
        DomainError::field("score", "err.eval_score_range")
    );
    for bad in ["92.55", "-1", "abc", ".5", "1e2"] {
        assert_eq!(
            parse_score("score", bad).unwrap_err(),
            DomainError::field("score", "err.eval_score_format"),
            "{bad}"
        );
    }
    assert_eq!(fmt_score(925), "92.5");
    assert_eq!(fmt_score(900), "90");
    assert_eq!(grade_of(900), "excellent");
    assert_eq!(grade_of(899), "good");
    assert_eq!(grade_of(800), "good");
    assert_eq!(grade_of(600), "pass");
    assert_eq!(grade_of(599), "fail");
    assert_eq!(parse_period("period", "2025h1").unwrap(), "2025H1");
    assert_eq!(parse_period("period", "2025").unwrap(), "2025");
    assert_eq!(parse_period("period", "2024Q4").unwrap(), "2024Q4");
    for bad in ["25", "2025H3", "2025-1", "1999", "二〇二五", "2025Q5"] {
        assert!(parse_period("period", bad).is_err(), "{bad}");
    }
}

#[test]
fn a_grade_agrees_with_its_score_unless_a_reason_is_given() {
    let today = d("2026-03-01");
    let mut e = EvaluationInput {
        period: "2025".into(),
        evaluated_on: "2026-01-15".into(),
        score: "85".into(),
        ..Default::default()
    };
    assert_eq!(e.parse(today).unwrap().grade, "good");
    e.grade = "excellent".into();
    assert_eq!(
        e.parse(today).unwrap_err(),
        DomainError::field("grade", "err.eval_grade_mismatch")
    );
    e.override_reason = "获市级表彰加分".into();
    let ok = e.parse(today).unwrap();
    assert_eq!(ok.grade, "excellent");
    assert_eq!(ok.override_reason.as_deref(), Some("获市级表彰加分"));
    // A reason given for a grade that matches the band is not an override.
    e.grade = "good".into();
    assert_eq!(e.parse(today).unwrap().override_reason, None);
    e.grade = "best".into();
    e.evaluated_on = "2024-12-01".into();
    e.score = "101".into();
    match e.parse(today).unwrap_err() {
        DomainError::Invalid(fe) => {
            assert_eq!(fe.0["grade"], "err.choice");
            assert_eq!(fe.0["score"], "err.eval_score_range");
            assert_eq!(fe.0["evaluated_on"], "err.eval_before_period");
        }
        x => panic!("{x:?}"),
    }
    e.evaluated_on = "2026-04-01".into();
    match e.parse(today).unwrap_err() {
        DomainError::Invalid(fe) => assert_eq!(fe.0["evaluated_on"], "err.date_future"),
        x => panic!("{x:?}"),
    }
}

#[test]
fn support_amounts_depend_on_kind() {
    let today = d("2026-03-01");
    let mut s = SupportInput {
        kind: "funding".into(),
        amount: "5万".into(),
        received_on: "2026-02-01".into(),
        source: "区总工会".into(),
        note: "".into(),
    };
    assert_eq!(s.parse(today).unwrap().amount, Some(Fen(5_000_000)));
    s.amount = "0".into();
    assert_eq!(
        s.parse(today).unwrap_err(),
        DomainError::field("amount", "err.sup_amount_positive")
    );
    s.amount = "".into();
    assert_eq!(
        s.parse(today).unwrap_err(),
        DomainError::field("amount", "err.required")
    );
    s.kind = "material".into();
    assert_eq!(s.parse(today).unwrap().amount, None);
    s.kind = "grant".into();
    s.source = "".into();
    match s.parse(today).unwrap_err() {
        DomainError::Invalid(fe) => {
            assert_eq!(fe.0["kind"], "err.choice");
            assert_eq!(fe.0["source"], "err.required");
        }
        x => panic!("{x:?}"),
    }
}

#[test]
fn a_round_replaces_the_records_its_period_covers() {
    assert!(round_replaces("2025Q3", "2025Q3"));
    assert!(
        round_replaces("2025q3", "2025Q3"),
        "codes read in either case"
    );
    assert!(round_replaces("2025", "2025Q4"));
    assert!(round_replaces("2025", "2025H1"));
    assert!(round_replaces("2025H2", "2025Q3"));
    assert!(!round_replaces("2025H1", "2025Q3"));
    assert!(
        !round_replaces("2025Q3", "2025"),
        "a quarter does not replace the year"
    );
    assert!(!round_replaces("2024", "2025Q1"));
    assert!(!round_replaces("2025", "2025X"), "not a period");
    assert!(!round_replaces("", "2025"));
}
