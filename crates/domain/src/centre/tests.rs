use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 12, 5)
}

fn errors(r: Result<impl std::fmt::Debug, DomainError>) -> Vec<(String, String)> {
    match r {
        Ok(v) => panic!("accepted: {v:?}"),
        Err(DomainError::Invalid(fe)) => fe.0.into_iter().collect(),
        Err(e) => panic!("{e:?}"),
    }
}

fn input() -> CentreInput {
    CentreInput {
        name: " 滨海区党群服务中心 ".into(),
        kind: "centre".into(),
        node_id: "12".into(),
        hours: "周一至周五 9:00–17:30".into(),
        ..Default::default()
    }
}

#[test]
fn a_centre_is_read_open_by_default_with_its_fields_trimmed() {
    let c = input().parse(today()).unwrap();
    assert_eq!(c.name, "滨海区党群服务中心");
    assert_eq!(c.kind, "centre");
    assert_eq!(c.node_id, 12);
    assert_eq!(c.status, "open");
    assert_eq!(c.closed_on, None);
    assert_eq!(c.hours.as_deref(), Some("周一至周五 9:00–17:30"));
    assert!(c.facilities.is_empty());
    assert_eq!(c.facilities_text(), "");
}

#[test]
fn name_kind_and_host_are_required() {
    let got = errors(CentreInput::default().parse(today()));
    assert_eq!(
        got,
        [
            ("kind".to_string(), "err.required".to_string()),
            ("name".into(), "err.required".into()),
            ("node_id".into(), "err.required".into()),
        ]
    );
}

#[test]
fn every_bad_field_is_named_at_once() {
    let bad = CentreInput {
        name: "中".repeat(101),
        kind: "hall".into(),
        node_id: "x".into(),
        address: "路".repeat(201),
        facilities: vec!["gym".into()],
        hours: "时".repeat(101),
        phone: "0536-ABC".into(),
        area_m2: "0".into(),
        opened_on: "2030-01-01".into(),
        status: "paused".into(),
        closed_on: "2026-02-30".into(),
    };
    let got = errors(bad.parse(today()));
    let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "address",
            "area_m2",
            "closed_on",
            "facilities",
            "hours",
            "kind",
            "name",
            "node_id",
            "opened_on",
            "phone",
            "status"
        ]
    );
    let key = |f: &str| got.iter().find(|(k, _)| k == f).unwrap().1.clone();
    assert_eq!(key("name"), "err.too_long_100");
    assert_eq!(key("address"), "err.centre_too_long_200");
    assert_eq!(key("kind"), "err.centre_choice");
    assert_eq!(key("area_m2"), "err.centre_area_range");
    assert_eq!(key("opened_on"), "err.date_future");
    assert_eq!(key("closed_on"), "err.date_format");
    assert_eq!(key("phone"), "err.centre_phone_format");
}

#[test]
fn facilities_are_kept_once_in_the_dictionary_order() {
    let mut i = input();
    i.facilities = vec!["reading_room".into(), "activity_room, reading_room".into()];
    let c = i.parse(today()).unwrap();
    assert_eq!(c.facilities, ["activity_room", "reading_room"]);
    assert_eq!(c.facilities_text(), "activity_room,reading_room");
    assert_eq!(
        split_codes(&c.facilities_text()),
        ["activity_room", "reading_room"]
    );
}

#[test]
fn facilities_are_read_from_a_list_or_from_one_text() {
    let from_json: CentreInput =
        serde_json::from_str(r#"{"facilities": ["meeting_room", "nursing_room"]}"#).unwrap();
    assert_eq!(from_json.facilities, ["meeting_room", "nursing_room"]);
    let from_text: CentreInput =
        serde_json::from_str(r#"{"facilities": "meeting_room,nursing_room"}"#).unwrap();
    assert_eq!(from_text.facilities, from_json.facilities);
    let none: CentreInput = serde_json::from_str(r#"{"facilities": null}"#).unwrap();
    assert!(none.facilities.is_empty());
    let cells: CentreInput =
        crate::input::from_cells([("facilities", "legal_room、service_desk".to_string())]).unwrap();
    assert_eq!(cells.facilities, ["legal_room", "service_desk"]);
    assert!(serde_json::from_str::<CentreInput>(r#"{"facilities": [1]}"#).is_err());
}

#[test]
fn a_closure_is_dated_and_not_before_the_opening() {
    let mut i = input();
    i.status = "closed".into();
    assert_eq!(
        errors(i.clone().parse(today())),
        [(
            "closed_on".to_string(),
            "err.centre_closed_on_required".to_string()
        )]
    );
    i.opened_on = "2020-05-01".into();
    i.closed_on = "2019-01-01".into();
    assert_eq!(
        errors(i.clone().parse(today())),
        [(
            "closed_on".to_string(),
            "err.centre_closed_before_opened".to_string()
        )]
    );
    i.closed_on = "2025/6/30".into();
    let c = i.clone().parse(today()).unwrap();
    assert_eq!(c.closed_on, Some(day(2025, 6, 30)));
    // An open centre drops a closing day it was given.
    i.status = "open".into();
    assert_eq!(i.parse(today()).unwrap().closed_on, None);
}

#[test]
fn phones_are_digits_with_dashes() {
    for ok in [
        "0536-7590123",
        "0536 759 0123",
        "+86-536-7590123",
        "12345",
        "13812345678",
    ] {
        assert!(parse_phone("phone", ok).unwrap().is_some(), "{ok}");
    }
    assert_eq!(
        parse_phone("phone", " 0536 7590123 ").unwrap().as_deref(),
        Some("05367590123")
    );
    assert_eq!(parse_phone("phone", "  ").unwrap(), None);
    for bad in [
        "1234",
        "0536--7590123",
        "-0536",
        "0536-",
        "电话",
        "0536/7590123",
        "+",
    ] {
        assert!(parse_phone("phone", bad).is_err(), "{bad}");
    }
}

#[test]
fn area_is_a_positive_whole_number() {
    let mut i = input();
    i.area_m2 = "1200".into();
    assert_eq!(i.clone().parse(today()).unwrap().area_m2, Some(1200));
    i.area_m2 = "12.5".into();
    assert_eq!(
        errors(i.parse(today())),
        [("area_m2".to_string(), "err.number_invalid".to_string())]
    );
    let json: CentreInput = serde_json::from_str(r#"{"area_m2": 300}"#).unwrap();
    assert_eq!(json.area_m2, "300");
}

#[test]
fn the_served_set_is_each_enterprise_once_and_bounded() {
    let s = ServedInput {
        enterprise_ids: vec![3, 1, 3, 2],
    };
    assert_eq!(s.parse().unwrap(), [3, 1, 2]);
    let many = ServedInput {
        enterprise_ids: (1..=(MAX_SERVED as i64 + 1)).collect(),
    };
    assert!(many.parse().is_err());
    let none: ServedInput = serde_json::from_str(r#"{"enterprise_ids": null}"#).unwrap();
    assert!(none.parse().unwrap().is_empty());
}
