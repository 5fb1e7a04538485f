use super::*;
use chrono::TimeZone;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn feed(events: Vec<Event>) -> Feed {
    Feed {
        name: "头雁 · 日程".into(),
        stamp: Utc.with_ymd_and_hms(2026, 12, 6, 1, 2, 3).unwrap(),
        events,
    }
}

fn meeting() -> Event {
    Event {
        uid: "cadence-activity-7@touyan".into(),
        when: When::Beijing(day(2026, 12, 1).and_hms_opt(14, 30, 0).unwrap(), 90),
        summary: "主题党日; 学习, 讨论".into(),
        description: Some("第一行\n第二行 \\ 完".into()),
        location: Some("党员活动室".into()),
        url: Some("https://example.org/activities/7".into()),
    }
}

#[test]
fn text_escapes_backslash_semicolon_comma_and_line_breaks() {
    assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
    assert_eq!(
        escape_text("one\r\ntwo\nthree\rfour"),
        r"one\ntwo\nthree\nfour"
    );
    assert_eq!(escape_text("tab\there"), "tabhere");
    assert_eq!(escape_text("党员: 张三"), "党员: 张三");
}

#[test]
fn a_short_line_is_kept_whole_with_crlf() {
    assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
    let exactly = "X".repeat(75);
    assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
}

#[test]
fn a_long_line_folds_at_75_octets_and_never_inside_a_character() {
    let ascii = "A".repeat(160);
    let folded = fold(&ascii);
    let lines: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].len(), 75);
    assert_eq!(lines[1].len(), 75);
    assert!(lines[1].starts_with(' ') && lines[2].starts_with(' '));
    // Unfolding gives the line back.
    assert_eq!(folded.replace("\r\n ", "").trim_end(), ascii);

    let chinese = format!("SUMMARY:{}", "组织生活".repeat(20));
    let folded = fold(&chinese);
    for line in folded.trim_end_matches("\r\n").split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(std::str::from_utf8(line.as_bytes()).is_ok());
    }
    assert_eq!(folded.replace("\r\n ", "").trim_end(), chinese);
}

#[test]
fn a_feed_is_a_calendar_of_events_in_utc_with_uid_and_stamp() {
    let due = Event {
        uid: "task-3@touyan".into(),
        when: When::Day(day(2026, 12, 31)),
        summary: "报送材料".into(),
        description: None,
        location: None,
        url: None,
    };
    let out = render(&feed(vec![meeting(), due]));
    assert!(out.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(out.ends_with("END:VCALENDAR\r\n"));
    // Every line ends in CRLF: no bare LF anywhere.
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    for line in out.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    let unfolded = out.replace("\r\n ", "");
    for want in [
        "UID:cadence-activity-7@touyan\r\n",
        "DTSTAMP:20261206T010203Z\r\n",
        // 14:30 in Beijing is 06:30 UTC; ninety minutes long.
        "DTSTART:20261201T063000Z\r\n",
        "DTEND:20261201T080000Z\r\n",
        "SUMMARY:主题党日\\; 学习\\, 讨论\r\n",
        "DESCRIPTION:第一行\\n第二行 \\\\ 完\r\n",
        "LOCATION:党员活动室\r\n",
        "URL:https://example.org/activities/7\r\n",
        "DTSTART;VALUE=DATE:20261231\r\n",
        "DTEND;VALUE=DATE:20270101\r\n",
        "X-WR-CALNAME:头雁 · 日程\r\n",
    ] {
        assert!(unfolded.contains(want), "{want} in\n{unfolded}");
    }
    assert_eq!(out.matches("BEGIN:VEVENT").count(), 2);
    assert_eq!(out.matches("END:VEVENT").count(), 2);
    assert_eq!(out.matches("DTSTAMP:").count(), 2);
}

#[test]
fn a_time_early_in_the_morning_in_beijing_falls_on_the_day_before_in_utc() {
    let mut e = meeting();
    e.when = When::Beijing(day(2027, 1, 1).and_hms_opt(7, 0, 0).unwrap(), 0);
    let out = render(&feed(vec![e])).replace("\r\n ", "");
    assert!(out.contains("DTSTART:20261231T230000Z\r\n"));
    // An event of no length lasts a minute.
    assert!(out.contains("DTEND:20261231T230100Z\r\n"));
}

#[test]
fn an_empty_feed_is_still_a_calendar() {
    let out = render(&feed(vec![]));
    assert!(out.contains("PRODID:"));
    assert!(!out.contains("VEVENT"));
}
