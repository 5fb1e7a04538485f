use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2026-06-01")
}

fn digits(s: &str) -> Vec<u8> {
    s.bytes().map(|b| b - b'0').collect()
}

fn field_err(r: Result<impl std::fmt::Debug, DomainError>) -> (String, String) {
    match r {
        Err(DomainError::Invalid(fe)) => {
            let (f, k) = fe.0.into_iter().next().unwrap();
            (f, k)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn check_characters_of_published_numbers() {
    // 200310102344.5, the example of ZC 0006-2003:
    // 2·2+0·3+0·4+3·5+1·6+0·7+1·8+0·9+2·2+3·3+4·4+4·5 = 82, 82 mod 11 = 5.
    assert_eq!(patent_check_char(&digits("200310102344")), '5');
    // 201710601862.3: 4+0+4+35+6+0+48+0+2+24+24+10 = 157, 157 mod 11 = 3.
    assert_eq!(patent_check_char(&digits("201710601862")), '3');
    // Eight-digit numbers, weights 2…9. ZL 97101765.4:
    // 9·2+7·3+1·4+0·5+1·6+7·7+6·8+5·9 = 191, 191 mod 11 = 4.
    assert_eq!(patent_check_char(&digits("97101765")), '4');
    // ZL 95115608.X: 18+15+4+5+30+42+0+72 = 186, 186 mod 11 = 10, written X.
    assert_eq!(patent_check_char(&digits("95115608")), 'X');
}

#[test]
fn application_numbers_are_read_in_their_usual_spellings() {
    let t = today();
    for s in [
        "200310102344.5",
        "ZL200310102344.5",
        "ZL 2003 1 0102344.5",
        "cn2003101023445",
        " 2003 10102344 5 ",
    ] {
        let a = parse_application_no(s, t).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        assert_eq!(a.normalized, "200310102344.5", "{s}");
        assert_eq!((a.year, a.type_digit), (2003, 1));
    }
    let old = parse_application_no("ZL95115608.x", t).unwrap();
    assert_eq!(old.normalized, "95115608.X");
    assert_eq!((old.year, old.type_digit), (1995, 1));
    let a = parse_application_no("97101765.4", t).unwrap();
    assert_eq!(a.year, 1997);
}

#[test]
fn application_numbers_that_cannot_be() {
    let t = today();
    let e = |s: &str| field_err(parse_application_no(s, t)).1;
    assert_eq!(e("200310102344.6"), "err.ach_patent_check");
    assert_eq!(e("201710601862.X"), "err.ach_patent_check");
    assert_eq!(e("95115608.1"), "err.ach_patent_check");
    assert_eq!(e("20031010234.5"), "err.ach_patent_format");
    assert_eq!(e("2003101023A4.5"), "err.ach_patent_format");
    assert_eq!(e("200310102344.55"), "err.ach_patent_format");
    assert_eq!(e("5"), "err.ach_patent_format");
    assert_eq!(e(""), "err.required");
    // Type digit 4 does not exist.
    assert_eq!(e("201740601862.0"), "err.ach_patent_format");
    // Twelve digits only since 2003; nothing before 1985; nothing filed next year.
    assert_eq!(e("200210102344.1"), "err.ach_patent_year");
    assert_eq!(e("84101765.1"), "err.ach_patent_year");
    let next_year = format!("{}10000001", t.year() + 1);
    let check = patent_check_char(&digits(&next_year));
    assert_eq!(e(&format!("{next_year}.{check}")), "err.ach_patent_year");
}

#[test]
fn grant_numbers_follow_the_kind() {
    assert_eq!(
        parse_grant_no("cn 1234567 b", Kind::InventionPatent).unwrap(),
        "CN 1234567 B"
    );
    assert_eq!(
        parse_grant_no("CN212345678U", Kind::UtilityPatent).unwrap(),
        "CN 212345678 U"
    );
    assert_eq!(
        parse_grant_no("CN 306123456 S", Kind::DesignPatent).unwrap(),
        "CN 306123456 S"
    );
    let e = |s: &str, k| field_err(parse_grant_no(s, k)).1;
    assert_eq!(
        e("CN 212345678 U", Kind::InventionPatent),
        "err.ach_grant_kind"
    );
    assert_eq!(e("CN 1234567 B", Kind::DesignPatent), "err.ach_grant_kind");
    assert_eq!(
        e("CN 123456 B", Kind::InventionPatent),
        "err.ach_grant_format"
    );
    assert_eq!(
        e("CN 1234567890 B", Kind::InventionPatent),
        "err.ach_grant_format"
    );
    assert_eq!(
        e("US 1234567 B", Kind::InventionPatent),
        "err.ach_grant_format"
    );
    assert_eq!(
        e("CN 1234567 Q", Kind::InventionPatent),
        "err.ach_grant_format"
    );
    assert_eq!(e("CN", Kind::InventionPatent), "err.ach_grant_format");
}

#[test]
fn software_registration_numbers() {
    let t = today();
    assert_eq!(
        parse_registration_no("2019sr0123456", t).unwrap(),
        "2019SR0123456"
    );
    for bad in [
        "2019SR012345",
        "2019SA0123456",
        "19SR01234567",
        "1985SR0123456",
        "2027SR0123456",
    ] {
        assert_eq!(
            field_err(parse_registration_no(bad, t)).1,
            "err.ach_registration_format",
            "{bad}"
        );
    }
}

fn patent() -> AchievementInput {
    AchievementInput {
        kind: "invention_patent".into(),
        title: "一种配电柜散热装置".into(),
        application_no: "ZL 2017 1 0601862.3".into(),
        grant_no: "CN 107123456 B".into(),
        achieved_on: "2019-05-10".into(),
        shared: true,
        public: true,
        ..Default::default()
    }
}

#[test]
fn a_patent_is_kept_with_its_normalized_numbers() {
    let a = patent().parse(today()).unwrap();
    assert_eq!(a.kind, Kind::InventionPatent);
    assert_eq!(a.application_no.as_deref(), Some("201710601862.3"));
    assert_eq!(a.grant_no.as_deref(), Some("CN 107123456 B"));
    assert_eq!(a.year(), 2019);
    assert!(a.shared && a.public);
}

#[test]
fn the_type_digit_must_agree_with_the_kind() {
    let mut p = patent();
    p.kind = "utility_patent".into();
    p.grant_no.clear();
    assert_eq!(
        field_err(p.parse(today())),
        ("application_no".into(), "err.ach_patent_type".into())
    );
    // 2019 2 0123456: 4+0+4+45+12+0+8+18+6+12+20+30 = 159, 159 mod 11 = 5.
    p.application_no = "201920123456.5".into();
    assert!(p.parse(today()).is_ok());
    p.kind = "design_patent".into();
    assert_eq!(field_err(p.parse(today())).1, "err.ach_patent_type");
    // PCT inventions entering China (type 8) are inventions.
    let pct = "201980012345";
    let c = patent_check_char(&digits(pct));
    p.kind = "invention_patent".into();
    p.application_no = format!("{pct}.{c}");
    assert!(p.parse(today()).is_ok());
}

#[test]
fn every_field_error_is_reported_at_once() {
    let bad = AchievementInput {
        kind: "award".into(),
        title: "奖".into(),
        application_no: "200310102344.5".into(),
        registration_no: "2019SR0123456".into(),
        achieved_on: "2027-01-01".into(),
        note: "x".repeat(501),
        ..Default::default()
    };
    match bad.parse(today()).unwrap_err() {
        DomainError::Invalid(fe) => {
            assert_eq!(fe.0["title"], "err.ach_title_short");
            assert_eq!(fe.0["application_no"], "err.ach_patent_only");
            assert_eq!(fe.0["registration_no"], "err.ach_software_only");
            assert_eq!(fe.0["achieved_on"], "err.date_future");
            assert_eq!(fe.0["note"], "err.too_long_500");
            assert_eq!(fe.0["level"], "err.required");
            assert_eq!(fe.0["rank"], "err.required");
        }
        e => panic!("{e:?}"),
    }
    let none = AchievementInput::default();
    match none.parse(today()).unwrap_err() {
        DomainError::Invalid(fe) => {
            assert_eq!(fe.0["kind"], "err.required");
            assert_eq!(fe.0["title"], "err.required");
            assert_eq!(fe.0["achieved_on"], "err.required");
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn patents_need_their_number_and_awards_their_level_and_rank() {
    let mut p = patent();
    p.application_no = " ".into();
    assert_eq!(
        field_err(p.parse(today())),
        ("application_no".into(), "err.required".into())
    );
    let award = AchievementInput {
        kind: "award".into(),
        title: "全国职工优秀技术创新成果".into(),
        level: "national".into(),
        rank: "三等奖".into(),
        achieved_on: "2023-11-20".into(),
        ..Default::default()
    };
    let a = award.parse(today()).unwrap();
    assert_eq!(
        (a.level.as_deref(), a.rank.as_deref()),
        (Some("national"), Some("三等奖"))
    );
    let mut odd = award.clone();
    odd.level = "galactic".into();
    odd.rank = "一".repeat(21);
    match odd.parse(today()).unwrap_err() {
        DomainError::Invalid(fe) => {
            assert_eq!(fe.0["level"], "err.choice_invalid");
            assert_eq!(fe.0["rank"], "err.too_long_20");
        }
        e => panic!("{e:?}"),
    }
    let mut paper = award;
    paper.kind = "paper".into();
    assert_eq!(
        field_err(paper.parse(today())),
        ("rank".into(), "err.ach_rank_award_only".into())
    );
    paper.rank.clear();
    // A research topic or a paper may carry a level.
    assert_eq!(
        paper.parse(today()).unwrap().level.as_deref(),
        Some("national")
    );
}

#[test]
fn flags() {
    assert_eq!(parse_flag(" 是 ", false), Some(true));
    assert_eq!(parse_flag("No", true), Some(false));
    assert_eq!(parse_flag("", true), Some(true));
    assert_eq!(parse_flag("maybe", true), None);
}

#[test]
fn titles() {
    assert_eq!(parse_title(" 论文 ").unwrap(), "论文");
    assert_eq!(
        field_err(parse_title(&"字".repeat(201))).1,
        "err.ach_title_long"
    );
    assert_eq!(field_err(parse_title("a\u{7}b")).1, "err.control_chars");
    assert!(Kind::ALL
        .iter()
        .all(|k| Kind::from_code(k.code()) == Some(*k)));
    assert_eq!(Kind::ALL.iter().filter(|k| k.is_patent()).count(), 3);
}
