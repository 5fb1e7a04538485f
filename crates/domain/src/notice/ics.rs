//! An iCalendar (RFC 5545) writer for the calendar feed: lines end in CRLF and are folded
//! at 75 octets (never inside a character), text values escape `\`, `;`, `,` and line
//! breaks, every event carries its UID and DTSTAMP, and times are written in UTC — a time
//! of day kept in Beijing time is moved back eight hours — or as whole days.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

/// Beijing time is UTC+8 all year (no summer time).
const BEIJING_OFFSET_HOURS: i64 = 8;

/// The most octets of a line before it is folded (the CRLF not counted).
pub const LINE_OCTETS: usize = 75;

/// When an event happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A time of day in Beijing time, lasting `minutes`.
    Beijing(NaiveDateTime, u32),
    /// A whole day (a due date).
    Day(NaiveDate),
}

/// One event of the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Unique and stable across feeds: the same record gives the same UID every time.
    pub uid: String,
    pub when: When,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    /// An absolute address of the record.
    pub url: Option<String>,
}

/// A whole feed: its name and events, stamped at `stamp`.
#[derive(Debug, Clone)]
pub struct Feed {
    pub name: String,
    pub stamp: DateTime<Utc>,
    pub events: Vec<Event>,
}

/// A text value with `\`, `;`, `,` and line breaks escaped (RFC 5545 3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in a text value.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded so that no line holds more than 75 octets: a longer one goes on
/// in lines starting with one space (which counts toward their 75), cut only between
/// characters. Each line ends in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn beijing_as_utc(t: NaiveDateTime) -> String {
    (t - Duration::hours(BEIJING_OFFSET_HOURS))
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

fn push(out: &mut String, line: &str) {
    out.push_str(&fold(line));
}

fn push_event(out: &mut String, e: &Event, stamp: &str) {
    push(out, "BEGIN:VEVENT");
    push(out, &format!("UID:{}", escape_text(&e.uid)));
    push(out, &format!("DTSTAMP:{stamp}"));
    match e.when {
        When::Beijing(start, minutes) => {
            push(out, &format!("DTSTART:{}", beijing_as_utc(start)));
            let end = start + Duration::minutes(i64::from(minutes.max(1)));
            push(out, &format!("DTEND:{}", beijing_as_utc(end)));
        }
        When::Day(day) => {
            push(out, &format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
            let next = day + Duration::days(1);
            push(out, &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
        }
    }
    push(out, &format!("SUMMARY:{}", escape_text(&e.summary)));
    if let Some(d) = e.description.as_deref().filter(|d| !d.is_empty()) {
        push(out, &format!("DESCRIPTION:{}", escape_text(d)));
    }
    if let Some(l) = e.location.as_deref().filter(|l| !l.is_empty()) {
        push(out, &format!("LOCATION:{}", escape_text(l)));
    }
    if let Some(u) = e.url.as_deref().filter(|u| !u.is_empty()) {
        // A URI value is not escaped as text; a line break in it is dropped.
        let u: String = u.chars().filter(|c| !c.is_control()).collect();
        push(out, &format!("URL:{u}"));
    }
    push(out, "END:VEVENT");
}

/// The feed as an iCalendar object.
pub fn render(feed: &Feed) -> String {
    let stamp = utc_stamp(feed.stamp);
    let mut out = String::new();
    push(&mut out, "BEGIN:VCALENDAR");
    push(&mut out, "VERSION:2.0");
    push(&mut out, "PRODID:-//touyan//calendar feed//ZH");
    push(&mut out, "CALSCALE:GREGORIAN");
    push(&mut out, "METHOD:PUBLISH");
    push(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape_text(&feed.name)),
    );
    push(&mut out, "X-WR-TIMEZONE:Asia/Shanghai");
    for e in &feed.events {
        push_event(&mut out, e, &stamp);
    }
    push(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests;
