use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn errors(r: Result<impl std::fmt::Debug, DomainError>) -> Vec<(String, String)> {
    match r {
        Ok(v) => panic!("accepted: {v:?}"),
        Err(DomainError::Invalid(fe)) => fe.0.into_iter().collect(),
        Err(e) => panic!("{e:?}"),
    }
}

fn input() -> EnterpriseInput {
    EnterpriseInput {
        credit_code: "91350100M000100Y43".into(),
        industry: "C".into(),
        size: "small".into(),
        employees: "120".into(),
        founded_on: "2012-03-01".into(),
        ..Default::default()
    }
}

#[test]
fn a_profile_is_read_with_operating_as_the_default_status() {
    let e = input().parse(day(2026, 12, 5)).unwrap();
    assert_eq!(e.status, "operating");
    assert_eq!(e.status_on, None);
    assert_eq!(e.employees, Some(120));
    assert_eq!(e.industry.as_deref(), Some("C"));
}

#[test]
fn every_bad_field_is_named_at_once() {
    let bad = EnterpriseInput {
        credit_code: "91350100M000100Y44".into(),
        industry: "Z".into(),
        size: "huge".into(),
        employees: "-3".into(),
        founded_on: "2030-01-01".into(),
        status: "closed".into(),
        ..Default::default()
    };
    let got = errors(bad.parse(day(2026, 12, 5)));
    let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "credit_code",
            "employees",
            "founded_on",
            "industry",
            "size",
            "status_on"
        ]
    );
    assert!(got.contains(&("status_on".into(), "err.ent_status_on_required".into())));
}

#[test]
fn closing_is_dated_and_not_before_the_founding() {
    let mut i = input();
    i.status = "closed".into();
    i.status_on = "2011-01-01".into();
    let got = errors(i.parse(day(2026, 12, 5)));
    assert_eq!(
        got,
        [("status_on".into(), "err.ent_status_before_founding".into())]
    );
    i.status_on = "2024-06-30".into();
    let e = i.parse(day(2026, 12, 5)).unwrap();
    assert_eq!(e.status_on, Some(day(2024, 6, 30)));
    // An operating enterprise keeps no status date.
    let mut i = input();
    i.status_on = "2024-06-30".into();
    assert_eq!(i.parse(day(2026, 12, 5)).unwrap().status_on, None);
}

#[test]
fn revenue_takes_a_year_and_an_amount_in_yuan_or_wan() {
    let today = day(2026, 12, 5);
    let r = RevenueInput {
        year: "2025".into(),
        amount: "12000万".into(),
    }
    .parse(today)
    .unwrap();
    assert_eq!(r.amount, Fen(120_000_000 * 100));
    assert!(r.amount.0 / 100 >= OVER_100_MILLION);
    let got = errors(
        RevenueInput {
            year: "2027".into(),
            amount: "-5".into(),
        }
        .parse(today),
    );
    assert_eq!(got[1].0, "year");
    assert_eq!(got[0].0, "amount");
    let got = errors(RevenueInput::default().parse(today));
    assert_eq!(
        got,
        [
            ("amount".into(), "err.required".into()),
            ("year".into(), "err.required".into())
        ]
    );
}
