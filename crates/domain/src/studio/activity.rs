//! Records of a studio's working mechanisms [000]: office hours and questions (驻室答疑),
//! evaluations (考核评价) and support received (激励保障), with the money amounts they carry.

use crate::fields::{parse_text, required_past_date};
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, NaiveDate};

// ---------------------------------------------------------------------------------------
// Money.

/// An amount of money in fen (分, 1 yuan = 100 fen). Parsed amounts are never negative;
/// differences (a net benefit) may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

/// Largest amount anyone types: 10^12 yuan.
pub const MAX_YUAN: i64 = 1_000_000_000_000;
const MAX_FEN: i128 = MAX_YUAN as i128 * 100;

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// An amount as people write it: `12.5`, `12.50元`, `￥12.5`, `1,234.56`, `1.5万`,
    /// `3万元`. Blank is none. Yuan take at most two decimals (fen); 万 (ten thousand yuan)
    /// at most six, so that the amount is still a whole number of fen.
    pub fn parse(field: &str, s: &str) -> Result<Option<Fen>, DomainError> {
        let bad = |k: &str| Err(DomainError::field(field, k));
        let mut t: String = s.trim().chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            return Ok(None);
        }
        for prefix in ["￥", "¥", "RMB", "CNY"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                t = rest.to_string();
            }
        }
        if let Some(rest) = t.strip_suffix('元') {
            t = rest.to_string();
        }
        let wan = match t.strip_suffix('万') {
            Some(rest) => {
                t = rest.to_string();
                true
            }
            None => false,
        };
        if t.starts_with('-') || t.starts_with('－') {
            return bad("err.act_money_negative");
        }
        let t = t.strip_prefix('+').unwrap_or(&t);
        let (int, frac) = match t.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (t, None),
        };
        let int = int.replace('，', ",");
        if int.is_empty() && frac.is_none_or(str::is_empty) {
            return bad("err.act_money_format");
        }
        // Thousands separators, when used, group by three.
        if int.contains(',') {
            let groups: Vec<&str> = int.split(',').collect();
            let ok = !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3);
            if !ok {
                return bad("err.act_money_format");
            }
        }
        let digits: String = int.chars().filter(|c| *c != ',').collect();
        let frac = frac.unwrap_or("");
        if !digits.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return bad("err.act_money_format");
        }
        let places = if wan { 6 } else { 2 };
        if frac.len() > places {
            return bad("err.act_money_decimals");
        }
        // Whole part: anything longer than 15 digits is over the limit anyway.
        let digits = digits.trim_start_matches('0');
        if digits.len() > 15 {
            return bad("err.act_money_too_large");
        }
        let whole: i128 = if digits.is_empty() {
            0
        } else {
            digits
                .parse()
                .map_err(|_| DomainError::field(field, "err.act_money_format"))?
        };
        let mut frac_units: i128 = 0;
        for (i, b) in frac.bytes().enumerate() {
            frac_units += i128::from(b - b'0') * 10i128.pow((places - 1 - i) as u32);
        }
        // In fen: yuan × 100 + fen, or 万 × 10^6 + millionths of 万.
        let scale: i128 = if wan { 1_000_000 } else { 100 };
        let fen = whole * scale + frac_units;
        if fen > MAX_FEN {
            return bad("err.act_money_too_large");
        }
        Ok(Some(Fen(fen as i64)))
    }

    /// A required amount: blank is `err.required`.
    pub fn required(field: &str, s: &str) -> Result<Fen, DomainError> {
        Fen::parse(field, s)?.ok_or_else(|| DomainError::field(field, "err.required"))
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, o: Fen) -> Option<Fen> {
        self.0.checked_add(o.0).map(Fen)
    }

    pub fn checked_sub(self, o: Fen) -> Option<Fen> {
        self.0.checked_sub(o.0).map(Fen)
    }

    /// `12,345.60`: yuan with thousands separators and two decimals.
    pub fn yuan(self) -> String {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        format!("{}{grouped}.{:02}", if neg { "-" } else { "" }, abs % 100)
    }

    /// `12345.6`: plain yuan, the way a form shows an amount to edit (parses back exactly).
    pub fn plain(self) -> String {
        let abs = self.0.unsigned_abs();
        let mut s = format!(
            "{}{}.{:02}",
            if self.0 < 0 { "-" } else { "" },
            abs / 100,
            abs % 100
        );
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
        s
    }

    /// `1.23万`: ten thousands of yuan, rounded half up to two decimals, trailing zeros
    /// dropped (`3万`, `1.5万`).
    pub fn wan(self) -> String {
        let neg = self.0 < 0;
        let abs = u128::from(self.0.unsigned_abs());
        // Hundredths of 万 are 10 000 fen each.
        let hundredths = (abs + 5_000) / 10_000;
        let mut s = format!("{}.{:02}", hundredths / 100, hundredths % 100);
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
        let sign = if neg && hundredths > 0 { "-" } else { "" };
        format!("{sign}{s}万")
    }
}

/// An optional amount that must be more than zero when given.
fn positive(fe: &mut FieldErrors, field: &str, v: Option<Fen>) -> Option<Fen> {
    match v {
        Some(Fen(0)) => {
            fe.add(field, "err.sup_amount_positive");
            None
        }
        other => other,
    }
}

// ---------------------------------------------------------------------------------------
// Office hours and questions (驻室答疑).

/// A title of 2–200 characters without control characters.
pub fn parse_title(field: &str, s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field(field, "err.required"));
    }
    let n = t.chars().count();
    if !(2..=200).contains(&n) {
        return Err(DomainError::field(field, "err.act_title_length"));
    }
    if t.chars().any(char::is_control) {
        return Err(DomainError::field(field, "err.control_chars"));
    }
    Ok(t.to_string())
}

/// A longer text of up to 5000 characters (line breaks kept); blank is none.
pub fn parse_long_text(field: &str, s: &str) -> Result<Option<String>, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > 5000 {
        return Err(DomainError::field(field, "err.act_too_long_5000"));
    }
    Ok(Some(t.to_string()))
}

/// A question as a form or an API body gives it.
#[derive(Debug, Clone, Default)]
pub struct QuestionInput {
    pub title: String,
    pub body: String,
    /// Who asked, when recorded for someone else (a question taken at the desk); blank for
    /// the signed-in caller.
    pub asker_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub title: String,
    pub body: Option<String>,
    pub asker_name: Option<String>,
}

impl QuestionInput {
    pub fn parse(&self) -> Result<Question, DomainError> {
        let mut fe = FieldErrors::new();
        let title = fe.check("title", parse_title("title", &self.title));
        let body = fe
            .check("body", parse_long_text("body", &self.body))
            .flatten();
        let asker_name = fe
            .check(
                "asker_name",
                parse_text("asker_name", &self.asker_name, 50, "err.too_long_50"),
            )
            .flatten();
        fe.into_result()?;
        Ok(Question {
            title: title.expect("checked"),
            body,
            asker_name,
        })
    }
}

/// An answer: up to 5000 characters, required.
pub fn parse_answer(s: &str) -> Result<String, DomainError> {
    parse_long_text("answer", s)?.ok_or_else(|| DomainError::field("answer", "err.required"))
}

/// A time of day `HH:MM` (24-hour; `9:00` is taken as `09:00`), answered as minutes after
/// midnight.
pub fn parse_time(field: &str, s: &str) -> Result<u32, DomainError> {
    let t = s.trim().replace('：', ":");
    if t.is_empty() {
        return Err(DomainError::field(field, "err.required"));
    }
    let bad = || DomainError::field(field, "err.act_time_format");
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || h.len() > 2 || !digits(m) || m.len() != 2 {
        return Err(bad());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Minutes after midnight as `HH:MM`.
pub fn fmt_time(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Office hours as a form or an API body gives them.
#[derive(Debug, Clone, Default)]
pub struct OfficeHourInput {
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: String,
    pub starts: String,
    pub ends: String,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHour {
    pub weekday: i32,
    /// `HH:MM`.
    pub starts: String,
    pub ends: String,
    pub place: String,
}

impl OfficeHourInput {
    pub fn parse(&self) -> Result<OfficeHour, DomainError> {
        let mut fe = FieldErrors::new();
        let wd = self.weekday.trim();
        let weekday = match wd.parse::<i32>() {
            Ok(n) if (1..=7).contains(&n) => Some(n),
            _ if wd.is_empty() => {
                fe.add("weekday", "err.required");
                None
            }
            _ => {
                fe.add("weekday", "err.act_weekday");
                None
            }
        };
        let starts = fe.check("starts", parse_time("starts", &self.starts));
        let ends = fe.check("ends", parse_time("ends", &self.ends));
        if let (Some(a), Some(b)) = (starts, ends) {
            if b <= a {
                fe.add("ends", "err.act_time_order");
            }
        }
        let place = fe
            .check(
                "place",
                parse_text("place", &self.place, 100, "err.too_long_100"),
            )
            .flatten();
        if place.is_none() {
            fe.add("place", "err.required");
        }
        fe.into_result()?;
        Ok(OfficeHour {
            weekday: weekday.expect("checked"),
            starts: fmt_time(starts.expect("checked")),
            ends: fmt_time(ends.expect("checked")),
            place: place.expect("checked"),
        })
    }
}

// ---------------------------------------------------------------------------------------
// Evaluations (考核评价).

/// Grades, best first: 优秀, 良好, 合格, 不合格.
pub const GRADES: [&str; 4] = ["excellent", "good", "pass", "fail"];

/// The grade a score (in tenths of a point) falls in: 90 and above 优秀, 80 良好, 60 合格,
/// below 不合格 — the bands of the usual 百分制 assessment.
pub fn grade_of(score_tenths: i32) -> &'static str {
    match score_tenths {
        900.. => "excellent",
        800.. => "good",
        600.. => "pass",
        _ => "fail",
    }
}

/// A score of 0–100 with at most one decimal, in tenths of a point.
pub fn parse_score(field: &str, s: &str) -> Result<i32, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field(field, "err.required"));
    }
    let bad = || DomainError::field(field, "err.eval_score_format");
    let (i, f) = match t.split_once('.') {
        Some((i, f)) => (i, f),
        None => (t, ""),
    };
    if i.is_empty()
        || i.len() > 3
        || !i.bytes().all(|b| b.is_ascii_digit())
        || !f.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    // `92.50` is one decimal written with a trailing zero.
    let f = f.trim_end_matches('0');
    if f.len() > 1 {
        return Err(bad());
    }
    let tenths = i.parse::<i32>().map_err(|_| bad())? * 10 + f.parse::<i32>().unwrap_or(0);
    if tenths > 1000 {
        return Err(DomainError::field(field, "err.eval_score_range"));
    }
    Ok(tenths)
}

/// Tenths of a point as `92.5` (`90` for whole points).
pub fn fmt_score(tenths: i32) -> String {
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// An assessment period: a year `2025`, a half `2025H1`/`2025H2`, or a quarter
/// `2025Q1`–`2025Q4` (lower case accepted). Answered in upper case.
pub fn parse_period(field: &str, s: &str) -> Result<String, DomainError> {
    let t = s.trim().to_ascii_uppercase();
    if t.is_empty() {
        return Err(DomainError::field(field, "err.required"));
    }
    let bad = || DomainError::field(field, "err.eval_period_format");
    if t.len() < 4 || !t.is_char_boundary(4) {
        return Err(bad());
    }
    let (y, rest) = t.split_at(4);
    let year: i32 = y
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| y.parse().ok())
        .flatten()
        .ok_or_else(bad)?;
    if !(2000..=2100).contains(&year) {
        return Err(bad());
    }
    let ok = matches!(rest, "" | "H1" | "H2" | "Q1" | "Q2" | "Q3" | "Q4");
    if ok {
        Ok(t)
    } else {
        Err(bad())
    }
}

/// An evaluation as a form or an API body gives it.
#[derive(Debug, Clone, Default)]
pub struct EvaluationInput {
    pub period: String,
    pub evaluated_on: String,
    pub score: String,
    /// Blank: the grade the score's band gives.
    pub grade: String,
    /// Why the grade differs from the score's band (a veto item, a review).
    pub override_reason: String,
    pub document_no: String,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub period: String,
    pub evaluated_on: NaiveDate,
    pub score_tenths: i32,
    pub grade: String,
    pub override_reason: Option<String>,
    pub document_no: Option<String>,
    pub comment: Option<String>,
}

impl EvaluationInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Evaluation, DomainError> {
        let mut fe = FieldErrors::new();
        let period = fe.check("period", parse_period("period", &self.period));
        let on = required_past_date(&mut fe, "evaluated_on", &self.evaluated_on, today);
        let score = fe.check("score", parse_score("score", &self.score));
        let grade = self.grade.trim();
        if !grade.is_empty() && !GRADES.contains(&grade) {
            fe.add("grade", "err.choice");
        }
        let reason = fe
            .check(
                "override_reason",
                parse_text(
                    "override_reason",
                    &self.override_reason,
                    500,
                    "err.too_long_500",
                ),
            )
            .flatten();
        let document_no = fe
            .check(
                "document_no",
                parse_text("document_no", &self.document_no, 100, "err.too_long_100"),
            )
            .flatten();
        let comment = fe
            .check(
                "comment",
                parse_text("comment", &self.comment, 2000, "err.too_long_2000"),
            )
            .flatten();
        // A year's period is evaluated in or after that year.
        if let (Some(p), Some(d)) = (&period, on) {
            if p[..4].parse::<i32>().is_ok_and(|y| d.year() < y) {
                fe.add("evaluated_on", "err.eval_before_period");
            }
        }
        let mut grade_out = None;
        if let Some(sc) = score {
            let band = grade_of(sc);
            if grade.is_empty() || grade == band {
                grade_out = Some(band.to_string());
            } else if GRADES.contains(&grade) {
                if reason.is_none() {
                    fe.add("grade", "err.eval_grade_mismatch");
                } else {
                    grade_out = Some(grade.to_string());
                }
            }
        }
        fe.into_result()?;
        let grade = grade_out.expect("checked");
        // A reason is kept only when it explains an override.
        let override_reason = if grade == grade_of(score.expect("checked")) {
            None
        } else {
            reason
        };
        Ok(Evaluation {
            period: period.expect("checked"),
            evaluated_on: on.expect("checked"),
            score_tenths: score.expect("checked"),
            grade,
            override_reason,
            document_no,
            comment,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Support received (激励保障).

/// 经费, 奖励, 物资.
pub const SUPPORT_KINDS: [&str; 3] = ["funding", "reward", "material"];

/// Support as a form or an API body gives it.
#[derive(Debug, Clone, Default)]
pub struct SupportInput {
    pub kind: String,
    pub amount: String,
    pub received_on: String,
    pub source: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Support {
    pub kind: String,
    /// Required and above zero for funding and rewards; an optional estimate for material.
    pub amount: Option<Fen>,
    pub received_on: NaiveDate,
    pub source: String,
    pub note: Option<String>,
}

impl SupportInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Support, DomainError> {
        let mut fe = FieldErrors::new();
        let kind = self.kind.trim();
        if kind.is_empty() {
            fe.add("kind", "err.required");
        } else if !SUPPORT_KINDS.contains(&kind) {
            fe.add("kind", "err.choice");
        }
        let amount = fe
            .check("amount", Fen::parse("amount", &self.amount))
            .flatten();
        let amount = if kind == "material" {
            amount
        } else {
            if amount.is_none() && !fe.0.contains_key("amount") {
                fe.add("amount", "err.required");
            }
            positive(&mut fe, "amount", amount)
        };
        let on = required_past_date(&mut fe, "received_on", &self.received_on, today);
        let source = fe
            .check(
                "source",
                parse_text("source", &self.source, 100, "err.too_long_100"),
            )
            .flatten();
        if source.is_none() && !fe.0.contains_key("source") {
            fe.add("source", "err.required");
        }
        let note = fe
            .check(
                "note",
                parse_text("note", &self.note, 500, "err.too_long_500"),
            )
            .flatten();
        fe.into_result()?;
        Ok(Support {
            kind: kind.to_string(),
            amount,
            received_on: on.expect("checked"),
            source: source.expect("checked"),
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for v in [0, 1, 99, 1250, 123_456, 100_000_000_000_000] {
            assert_eq!(fen(&Fen(v).plain()), v);
            assert_eq!(fen(&Fen(v).yuan()), v);
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
}
