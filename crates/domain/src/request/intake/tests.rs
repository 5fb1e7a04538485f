use super::*;

fn cats() -> Vec<String> {
    vec!["roads".into(), "enterprise_service".into()]
}

fn form() -> RequestInput {
    RequestInput {
        channel: "public_form".into(),
        category: "roads".into(),
        node_id: Some(12),
        address: " 央子街道滨城绿洲社区 3 号楼 ".into(),
        description: "小区路灯不亮已一周".into(),
        contact_name: "王先生".into(),
        contact_phone: "138 1234 5678".into(),
        ..Default::default()
    }
}

fn fields(r: Result<NewRequest, DomainError>) -> Vec<(String, String)> {
    match r {
        Err(DomainError::Invalid(fe)) => fe.0.into_iter().collect(),
        other => panic!("{other:?}"),
    }
}

fn f(field: &str, key: &str) -> (String, String) {
    (field.into(), key.into())
}

#[test]
fn a_public_form_request() {
    let r = form().parse(&cats()).unwrap();
    assert_eq!(r.channel, Channel::PublicForm);
    assert_eq!(r.address.as_deref(), Some("央子街道滨城绿洲社区 3 号楼"));
    assert_eq!(r.urgency, Urgency::Normal);
    let c = r.contact.unwrap();
    assert_eq!(c.phone.as_string(), "13812345678");
    assert_eq!(c.phone.masked(), "138****5678");
    assert_eq!(r.hotline_no, None);
}

#[test]
fn every_bad_field_at_once() {
    let bad = RequestInput {
        channel: "fax".into(),
        category: "weather".into(),
        node_id: None,
        address: "址".repeat(201),
        description: "灯坏了".into(),
        contact_name: "".into(),
        contact_phone: "12345".into(),
        urgency: "asap".into(),
        hotline_no: "".into(),
        enterprise_name: "".into(),
    };
    assert_eq!(
        fields(bad.parse(&cats())),
        [
            f("address", "err.too_long_200"),
            f("category", "err.choice"),
            f("channel", "err.choice"),
            f("contact_name", "err.required"),
            f("contact_phone", "err.request_phone_format"),
            f("description", "err.too_short_5"),
            f("node_id", "err.node_required"),
            f("urgency", "err.choice"),
        ]
    );
    let blank = RequestInput::default();
    assert_eq!(
        fields(blank.parse(&cats())),
        [
            f("category", "err.required"),
            f("channel", "err.required"),
            f("contact_name", "err.required"),
            f("contact_phone", "err.required"),
            f("description", "err.required"),
            f("node_id", "err.node_required"),
        ]
    );
    let long = RequestInput {
        description: "长".repeat(2001),
        ..form()
    };
    assert_eq!(
        fields(long.parse(&cats())),
        [f("description", "err.too_long_2000")]
    );
    let five = RequestInput {
        description: "路灯不亮了".into(),
        ..form()
    };
    assert!(five.parse(&cats()).is_ok());
}

#[test]
fn patrol_findings_name_nobody() {
    let patrol = RequestInput {
        channel: "patrol".into(),
        contact_name: "".into(),
        contact_phone: "".into(),
        urgency: "urgent".into(),
        ..form()
    };
    let r = patrol.parse(&cats()).unwrap();
    assert_eq!(r.contact, None);
    assert_eq!(r.urgency, Urgency::Urgent);
    assert!(!r.channel.has_complainant());
    assert_eq!(
        fields(
            RequestInput {
                channel: "patrol".into(),
                ..form()
            }
            .parse(&cats())
        ),
        [
            f("contact_name", "err.request_patrol_no_contact"),
            f("contact_phone", "err.request_patrol_no_contact"),
        ]
    );
}

#[test]
fn hotline_orders_carry_their_number() {
    let h = RequestInput {
        channel: "hotline".into(),
        hotline_no: " WF-20260304-000123 ".into(),
        ..form()
    };
    assert_eq!(
        h.parse(&cats()).unwrap().hotline_no.as_deref(),
        Some("WF-20260304-000123")
    );
    for (no, key) in [
        ("", "err.required"),
        ("12345", "err.request_hotline_no_format"),
        ("WF 2026 0304", "err.request_hotline_no_format"),
        ("工单20260304", "err.request_hotline_no_format"),
        (&"9".repeat(33), "err.request_hotline_no_format"),
    ] {
        let h = RequestInput {
            hotline_no: no.into(),
            ..h.clone()
        };
        assert_eq!(fields(h.parse(&cats())), [f("hotline_no", key)], "{no}");
    }
    let not_hotline = RequestInput {
        hotline_no: "WF123456".into(),
        ..form()
    };
    assert_eq!(
        fields(not_hotline.parse(&cats())),
        [f("hotline_no", "err.request_hotline_no_only_hotline")]
    );
}

#[test]
fn enterprise_orders_name_the_enterprise() {
    let e = RequestInput {
        channel: "enterprise".into(),
        category: "enterprise_service".into(),
        urgency: "critical".into(),
        ..form()
    };
    assert_eq!(
        fields(e.parse(&cats())),
        [f("enterprise_name", "err.required")]
    );
    let e = RequestInput {
        enterprise_name: "潍坊润丰化工股份有限公司".into(),
        ..e
    };
    let r = e.parse(&cats()).unwrap();
    assert_eq!(
        r.enterprise_name.as_deref(),
        Some("潍坊润丰化工股份有限公司")
    );
    assert_eq!(r.urgency, Urgency::Critical);
    for c in Channel::ALL {
        assert_eq!(Channel::from_code(c.code()), Some(c));
    }
    for u in Urgency::ALL {
        assert_eq!(Urgency::from_code(u.code()), Some(u));
    }
}

#[test]
fn landlines() {
    for (s, stored, masked) in [
        ("0536-8234567", "0536-8234567", "0536-***4567"),
        ("010-62345678", "010-62345678", "010-****5678"),
        ("(0536)8234567", "0536-8234567", "0536-***4567"),
        ("0536 8234567", "0536-8234567", "0536-***4567"),
        ("010-87654321-801", "010-87654321-801", "010-****4321"),
        ("010-87654321转801", "010-87654321-801", "010-****4321"),
    ] {
        let p = Phone::parse("contact_phone", s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        assert!(matches!(p, Phone::Landline(_)), "{s}");
        assert_eq!(p.as_string(), stored, "{s}");
        assert_eq!(p.masked(), masked, "{s}");
    }
    for bad in [
        "05368234567",
        "536-8234567",
        "00536-8234567",
        "05361-8234567",
        "0536-823456",
        "0536-823456789",
        "0536-0234567",
        "0536-1234567",
        "0536-8234567-1234567",
        "0536-82a4567",
        "1234",
    ] {
        assert_eq!(
            Phone::parse("contact_phone", bad),
            Err(DomainError::field(
                "contact_phone",
                "err.request_phone_format"
            )),
            "{bad}"
        );
    }
    assert!(matches!(
        Phone::parse("p", "+86 139-0000-1111"),
        Ok(Phone::Mobile(_))
    ));
}

#[test]
fn tracking_codes() {
    assert_eq!(format_tracking_code([0; 13]), "0".repeat(20));
    assert_eq!(format_tracking_code([0xFF; 13]), "Z".repeat(20));
    let mut b = [0u8; 13];
    b[0] = 0x08; // 00001 000
    b[1] = 0x86; // 10 00011 0 → 1, 2, 3
    assert_eq!(format_tracking_code(b), format!("123{}", "0".repeat(17)));
    // Every byte pattern gives a valid code; the last 4 bits are not used.
    for i in 0..=255u8 {
        let mut b = [i; 13];
        b[12] = i.rotate_left(3);
        let c = format_tracking_code(b);
        assert!(tracking_code_ok(&c), "{c}");
        b[12] ^= 0x0F;
        assert_eq!(format_tracking_code(b), c);
    }
    let c = format_tracking_code([7, 91, 200, 3, 255, 16, 64, 9, 33, 180, 77, 120, 5]);
    assert!(tracking_code_ok(&c));
    let shown = display_tracking_code(&c);
    assert_eq!(shown.len(), 23);
    assert_eq!(
        normalize_tracking_code(&shown.to_lowercase()),
        Some(c.clone())
    );
    assert_eq!(
        normalize_tracking_code("oil0 1234 5678 9ABC DEFG"),
        Some("0110123456789ABCDEFG".into())
    );
    assert!(!tracking_code_ok("0110123456789abcdefg"));
    assert!(!tracking_code_ok("0110123456789ABCDEFU"));
    assert!(!tracking_code_ok("0110123456789ABCDEF"));
    assert_eq!(normalize_tracking_code("0110123456789ABCDEFU"), None);
    assert_eq!(normalize_tracking_code(""), None);
}

#[test]
fn tracking_code_prefixes() {
    let c = format_tracking_code([7, 91, 200, 3, 255, 16, 64, 9, 33, 180, 77, 120, 5]);
    let shown = display_tracking_code(&c);
    // The whole code as shown, in any case, and its first characters with the dash.
    assert_eq!(tracking_code_prefix(&shown.to_lowercase()), Some(c.clone()));
    assert_eq!(tracking_code_prefix(&shown[..7]), Some(c[..6].to_string()));
    assert_eq!(tracking_code_prefix(" abcd "), Some("ABCD".into()));
    assert_eq!(tracking_code_prefix("io-lo"), Some("1010".into()));
    // Too short, too long, or not the code's alphabet.
    assert_eq!(tracking_code_prefix("AB-C"), None);
    assert_eq!(tracking_code_prefix(&format!("{c}0")), None);
    assert_eq!(tracking_code_prefix("ABCU"), None);
    assert_eq!(tracking_code_prefix("垃圾清运"), None);
    assert_eq!(tracking_code_prefix(""), None);
}
