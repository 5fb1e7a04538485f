use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// The 2026 schedule as published in 国务院办公厅关于2026年部分节假日安排的通知
/// (2025-11-04, gov.cn/zhengce/content/202511/content_7047090.htm), checked against the
/// notice's text: 春节 2月15日（周日）至23日（周一）放假调休，共9天；2月14日（周六）、
/// 2月28日（周六）上班. Only the lines the tests need, plus 元旦.
const SCHEDULE_2026: &str = "\
# 2026 年部分节假日安排（国办，2025-11-04）
2026-01-01 holiday 元旦
2026-01-02 holiday 元旦
2026-01-03 holiday 元旦
2026-01-04 workday 元旦调休

2026-02-14 workday 春节调休
2026-02-15 holiday 春节
2026-02-16 holiday 春节
2026-02-17 holiday 春节
2026-02-18 holiday 春节
2026-02-19 holiday 春节
2026-02-20 holiday 春节
2026-02-21 holiday 春节
2026-02-22 holiday 春节
2026-02-23 holiday 春节
2026-02-28 workday 春节调休
";

fn cal2026() -> WorkCalendar {
    WorkCalendar::from_entries(&parse_schedule(SCHEDULE_2026).unwrap())
}

#[test]
fn weekday_rule_and_overrides() {
    let plain = WorkCalendar::new();
    assert!(plain.is_workday(d("2026-02-13"))); // Friday
    assert!(!plain.is_workday(d("2026-02-14"))); // Saturday
    let c = cal2026();
    assert!(c.is_workday(d("2026-02-14"))); // Saturday, 调休上班
    assert!(!c.is_workday(d("2026-02-16"))); // Monday, 春节
    assert!(!c.is_workday(d("2026-02-23"))); // Monday, 正月初七
    assert!(c.is_workday(d("2026-02-24")));
    assert!(!c.is_workday(d("2026-02-22"))); // Sunday, listed as holiday too
    assert!(c.is_workday(d("2026-02-28")));
    assert!(!c.is_workday(d("2026-03-01"))); // Sunday, no override
}

#[test]
fn hours_across_a_weekend() {
    let (c, h) = (WorkCalendar::new(), WorkHours::default());
    // Friday 2026-03-06 15:00 + 4 working hours: 2 on Friday, 2 on Monday.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-06 15:00"), 4),
        t("2026-03-09 11:00")
    );
    // Exactly the rest of Friday ends at 17:00 Friday, not 09:00 Monday.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-06 15:00"), 2),
        t("2026-03-06 17:00")
    );
    // 16 hours = two whole days from Friday 09:00: Friday and Monday.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-06 09:00"), 16),
        t("2026-03-09 17:00")
    );
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-06 09:00"), 17),
        t("2026-03-10 10:00")
    );
    // 3 working days from Friday: Monday, Tuesday, Wednesday.
    assert_eq!(
        add_work_days(&c, &h, t("2026-03-06 10:00"), 3),
        t("2026-03-11 17:00")
    );
    assert_eq!(
        work_minutes_between(&c, &h, t("2026-03-06 15:00"), t("2026-03-09 11:00")),
        240
    );
}

#[test]
fn starts_outside_working_time() {
    let (c, h) = (cal2026(), WorkHours::default());
    // At night: counted from 09:00 the next working day.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-03 22:30"), 2),
        t("2026-03-04 11:00")
    );
    // Early morning: from 09:00 that day.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-04 06:00"), 2),
        t("2026-03-04 11:00")
    );
    // At exactly 17:00: the day is over.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-04 17:00"), 1),
        t("2026-03-05 10:00")
    );
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-04 16:59"), 1),
        t("2026-03-05 09:59")
    );
    // On a holiday (元旦): from 09:00 on the 调休 Sunday, 2026-01-04.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-01-01 10:00"), 2),
        t("2026-01-04 11:00")
    );
    // Zero hours: the next working moment.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-04 17:00"), 0),
        t("2026-03-05 09:00")
    );
    // The day a request comes in is never counted, whatever the hour.
    assert_eq!(
        add_work_days(&c, &h, t("2026-03-04 23:00"), 1),
        t("2026-03-05 17:00")
    );
    assert_eq!(
        add_work_days(&c, &h, t("2026-03-04 00:00"), 1),
        t("2026-03-05 17:00")
    );
    assert_eq!(
        add_work_days(&c, &h, t("2026-03-07 12:00"), 0),
        t("2026-03-09 17:00")
    );
    assert_eq!(
        next_working_moment(&c, &h, t("2026-03-04 12:00")),
        t("2026-03-04 12:00")
    );
}

#[test]
fn spring_festival_2026() {
    let (c, h) = (cal2026(), WorkHours::default());
    // Received Friday 2026-02-13; 3 working days: Saturday the 14th (调休上班), then the
    // festival runs to Monday the 23rd, so Tuesday 24th and Wednesday 25th.
    assert_eq!(
        add_work_days(&c, &h, t("2026-02-13 10:00"), 3),
        t("2026-02-25 17:00")
    );
    // 10 hours from Friday 16:00: 1 on Friday, 8 on Saturday the 14th, 1 on the 24th.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-02-13 16:00"), 10),
        t("2026-02-24 10:00")
    );
    // Received on the festival: counted from the 24th.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-02-17 09:30"), 2),
        t("2026-02-24 11:00")
    );
    assert_eq!(
        add_work_days(&c, &h, t("2026-02-17 09:30"), 1),
        t("2026-02-24 17:00")
    );
    // Five working days from the 24th: 25, 26, 27, Saturday 28 (调休), Monday 2 March.
    assert_eq!(
        add_work_days(&c, &h, t("2026-02-24 09:00"), 5),
        t("2026-03-02 17:00")
    );
    // Without the schedule, the same would be due on the 20th, in the middle of the festival.
    assert_eq!(
        add_work_days(&WorkCalendar::new(), &h, t("2026-02-13 10:00"), 5),
        t("2026-02-20 17:00")
    );
    // Working time from Friday 12:00 to Tuesday 24th 12:00: 5 h + 8 h (14th) + 3 h.
    assert_eq!(
        work_minutes_between(&c, &h, t("2026-02-13 12:00"), t("2026-02-24 12:00")),
        16 * 60
    );
    assert_eq!(
        work_minutes_between(&c, &h, t("2026-02-24 12:00"), t("2026-02-13 12:00")),
        -16 * 60
    );
    // Nothing is worked during the festival.
    assert_eq!(
        work_minutes_between(&c, &h, t("2026-02-15 00:00"), t("2026-02-23 23:59")),
        0
    );
}

#[test]
fn minutes_between_agrees_with_adding() {
    let (c, h) = (cal2026(), WorkHours::default());
    let starts = [
        "2026-01-01 08:00",
        "2026-02-12 16:30",
        "2026-02-14 09:00",
        "2026-02-20 12:00",
        "2026-02-27 17:00",
    ];
    for s in starts {
        let s = t(s);
        let first = next_working_moment(&c, &h, s);
        for n in [1u64, 59, 60, 480, 481, 2400, 7 * 480 + 13, 40 * 480] {
            let end = add_work_minutes(&c, &h, s, n);
            assert_eq!(work_minutes_between(&c, &h, s, end), n as i64, "{s} + {n}");
            assert_eq!(work_minutes_between(&c, &h, first, end), n as i64);
        }
        for n in [1u32, 2, 5, 6, 11, 30, 200] {
            let end = add_work_days(&c, &h, s, n);
            assert_eq!(end.time(), h.end());
            let counted =
                c.workdays_in(s.date().succ_opt().unwrap(), end.date().succ_opt().unwrap());
            assert_eq!(counted, i64::from(n), "{s} + {n} days");
            assert!(c.is_workday(end.date()));
        }
    }
}

#[test]
fn long_spans_skip_weeks_but_count_overrides() {
    let c = cal2026();
    let h = WorkHours::default();
    // 2026 has 261 weekdays; the schedule above removes 1-2 Jan, 16-20 and 23 Feb (8)
    // and adds 4 Jan, 14 and 28 Feb (3).
    assert_eq!(c.workdays_in(d("2026-01-01"), d("2027-01-01")), 261 - 8 + 3);
    // The 256th working day after 31 Dec 2025 is the last working day of 2026.
    assert_eq!(
        add_work_days(&c, &h, t("2025-12-31 12:00"), 256),
        t("2026-12-31 17:00")
    );
    // A huge count saturates instead of overflowing, and without walking day by day.
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-04 10:00"), u32::MAX),
        NaiveDateTime::MAX
    );
    assert_eq!(
        add_work_days(&c, &h, t("2026-03-04 10:00"), 1_000_000).date(),
        d("2026-03-04") + Days::new(1_000_000 / 5 * 7)
    );
    assert_eq!(
        add_work_days(&c, &h, NaiveDate::MAX.and_hms_opt(12, 0, 0).unwrap(), 1),
        NaiveDateTime::MAX
    );
}

#[test]
fn custom_working_hours() {
    let h = WorkHours::new(
        NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
        NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
    )
    .unwrap();
    assert_eq!(h.minutes_per_day(), 210);
    let c = WorkCalendar::new();
    assert_eq!(
        add_work_hours(&c, &h, t("2026-03-04 11:00"), 2),
        t("2026-03-05 09:30")
    );
    assert_eq!(
        add_work_days(&c, &h, t("2026-03-04 11:00"), 1),
        t("2026-03-05 12:00")
    );
    assert_eq!(
        WorkHours::new(h.end(), h.start()),
        Err(DomainError::field("end", "err.work_hours_order"))
    );
    assert_eq!(WorkHours::default().minutes_per_day(), 480);
}

#[test]
fn schedule_text_reports_each_bad_line() {
    let entries = parse_schedule("2026-02-15 holiday 春节\n\n# note\n2026/2/28 workday").unwrap();
    assert_eq!(
        entries,
        [
            (d("2026-02-15"), DayKind::Holiday, "春节".to_string()),
            (d("2026-02-28"), DayKind::Workday, String::new()),
        ]
    );
    let errs = parse_schedule(
            "2026-02-15 holiday 春节\n2026-02-30 holiday x\n2026-02-16 rest 春节\n\n2026-02-15 workday 重复\nholiday",
        )
        .unwrap_err();
    let got: Vec<(usize, &str, &str)> = errs
        .iter()
        .map(|e| (e.line, e.field.as_str(), e.key.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "date", "err.date_format"),
            (3, "kind", "err.choice"),
            (5, "date", "err.calendar_date_repeated"),
            (6, "date", "err.date_format"),
            (6, "kind", "err.required"),
        ]
    );
}

#[test]
fn day_input() {
    let ok = DayInput {
        date: "2026-10-10".into(),
        kind: "workday".into(),
        note: " 国庆调休 ".into(),
    };
    assert_eq!(
        ok.parse().unwrap(),
        (d("2026-10-10"), DayKind::Workday, "国庆调休".to_string())
    );
    let bad = DayInput {
        date: "".into(),
        kind: "".into(),
        note: "长".repeat(51),
    };
    match bad.parse().unwrap_err() {
        DomainError::Invalid(fe) => {
            assert_eq!(fe.0["date"], "err.required");
            assert_eq!(fe.0["kind"], "err.required");
            assert_eq!(fe.0["note"], "err.too_long_50");
        }
        e => panic!("{e:?}"),
    }
    for k in DayKind::ALL {
        assert_eq!(DayKind::from_code(k.code()), Some(k));
    }
}
