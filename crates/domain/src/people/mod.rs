//! People and party members: identity numbers, phones, and the development pipeline
//! (发展党员) with its minimum intervals and annual quotas. Each rule cites where it comes from.

pub mod permissions;

use crate::fields::{parse_date, parse_note, parse_text, required_past_date, Mobile};
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

/// A 居民身份证 number (GB 11643-1999): six digits of region, eight of birth date, three of
/// sequence (odd for men, even for women), and an ISO 7064 MOD 11-2 check character.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

impl IdNumber {
    /// Accepts a lower-case `x`; refuses the 15-digit numbers of before 1999 with their own
    /// message, since those holders have all been issued 18-digit ones.
    pub fn parse(s: &str) -> Result<IdNumber, DomainError> {
        let t: String = s.trim().to_uppercase();
        let bad = |k: &str| Err(DomainError::field("id_number", k));
        if t.is_empty() {
            return bad("err.required");
        }
        if t.len() == 15 && t.bytes().all(|b| b.is_ascii_digit()) {
            return bad("err.id_legacy_15");
        }
        let b = t.as_bytes();
        if b.len() != 18
            || !b[..17].iter().all(u8::is_ascii_digit)
            || !(b[17].is_ascii_digit() || b[17] == b'X')
        {
            return bad("err.id_format");
        }
        if b[0] == b'0' {
            return bad("err.id_region");
        }
        if birth_of(&t).is_none() {
            return bad("err.id_birth");
        }
        let sum: u32 = b[..17]
            .iter()
            .zip(ID_WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        if ID_CHECK[(sum % 11) as usize] != b[17] as char {
            return bad("err.id_check_digit");
        }
        Ok(IdNumber(t))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_of(&self.0).expect("checked when parsed")
    }

    pub fn gender(&self) -> Gender {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// `370702********1234`: region and last four kept.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }

    /// The number must agree with the person's recorded birth date and gender.
    pub fn check_against(&self, birth: NaiveDate, gender: Gender) -> Result<(), DomainError> {
        let mut fe = FieldErrors::new();
        if self.birth_date() != birth {
            fe.add("birth_date", "err.id_birth_mismatch");
        }
        if self.gender() != gender {
            fe.add("gender", "err.id_gender_mismatch");
        }
        fe.into_result()
    }
}

fn birth_of(t: &str) -> Option<NaiveDate> {
    let y = t.get(6..10)?.parse().ok()?;
    let m = t.get(10..12)?.parse().ok()?;
    let d = t.get(12..14)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d).filter(|date| date.year() >= 1900)
}

/// Political status, in the order of the development pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 群众
    Masses,
    /// 入党申请人
    Applicant,
    /// 入党积极分子
    Activist,
    /// 发展对象
    DevelopmentObject,
    /// 预备党员
    Probationary,
    /// 正式党员
    Full,
}

/// One dated step of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Apply,
    MakeActivist,
    MakeDevelopmentObject,
    /// Admitted as a probationary member; uses one of the node's annual quota.
    Admit,
    Confirm,
    /// Extends probation once, by `months`.
    ExtendProbation {
        months: u32,
    },
    /// Ends probation without membership.
    Disqualify,
}

/// Where a person stands in the pipeline, with the dates that the rules measure from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pipeline {
    pub status: Option<Status>,
    pub applied_on: Option<NaiveDate>,
    pub activist_on: Option<NaiveDate>,
    pub development_object_on: Option<NaiveDate>,
    pub probation_on: Option<NaiveDate>,
    pub probation_extended_months: Option<u32>,
    pub full_on: Option<NaiveDate>,
}

fn refused(rule: &'static str) -> DomainError {
    DomainError::Refused(rule)
}

fn months_after(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m))
        .unwrap_or(NaiveDate::MAX)
}

impl Pipeline {
    pub fn status(&self) -> Status {
        self.status.unwrap_or(Status::Masses)
    }

    /// When probation may end: one year after admission, plus any extension.
    pub fn probation_ends(&self) -> Option<NaiveDate> {
        self.probation_on
            .map(|d| months_after(d, 12 + self.probation_extended_months.unwrap_or(0)))
    }

    /// The pipeline after `step` on `on`, or the rule that refuses it. `birth` is the person's
    /// birth date, `today` the date the step is recorded.
    pub fn step(
        &self,
        step: Step,
        on: NaiveDate,
        birth: NaiveDate,
        today: NaiveDate,
    ) -> Result<Pipeline, DomainError> {
        if on > today {
            return Err(refused("rule.pipeline_future_date"));
        }
        let mut next = *self;
        let status = self.status();
        let last = [
            self.applied_on,
            self.activist_on,
            self.development_object_on,
            self.probation_on,
        ]
        .into_iter()
        .flatten()
        .max();
        if last.is_some_and(|l| on < l) {
            return Err(refused("rule.pipeline_date_order"));
        }
        match step {
            Step::Apply => {
                if status != Status::Masses {
                    return Err(refused("rule.pipeline_order"));
                }
                // 《中国共产党章程》第一条、《发展党员工作细则》第五条: 年满十八岁.
                if months_after(birth, 18 * 12) > on {
                    return Err(refused("rule.pipeline_age_18"));
                }
                next.status = Some(Status::Applicant);
                next.applied_on = Some(on);
            }
            Step::MakeActivist => {
                if status != Status::Applicant {
                    return Err(refused("rule.pipeline_order"));
                }
                next.status = Some(Status::Activist);
                next.activist_on = Some(on);
            }
            Step::MakeDevelopmentObject => {
                if status != Status::Activist {
                    return Err(refused("rule.pipeline_order"));
                }
                // 《发展党员工作细则》第十三条: 经过一年以上培养教育和考察.
                let since = self.activist_on.ok_or(refused("rule.pipeline_order"))?;
                if months_after(since, 12) > on {
                    return Err(refused("rule.pipeline_activist_one_year"));
                }
                next.status = Some(Status::DevelopmentObject);
                next.development_object_on = Some(on);
            }
            Step::Admit => {
                if status != Status::DevelopmentObject {
                    return Err(refused("rule.pipeline_order"));
                }
                next.status = Some(Status::Probationary);
                next.probation_on = Some(on);
            }
            Step::ExtendProbation { months } => {
                if status != Status::Probationary {
                    return Err(refused("rule.pipeline_order"));
                }
                if self.probation_extended_months.is_some() {
                    return Err(refused("rule.pipeline_extend_once"));
                }
                // 《发展党员工作细则》第三十二条: 延长一次预备期，不少于半年，最长不超过一年.
                if !(6..=12).contains(&months) {
                    return Err(refused("rule.pipeline_extend_length"));
                }
                next.probation_extended_months = Some(months);
            }
            Step::Confirm => {
                if status != Status::Probationary {
                    return Err(refused("rule.pipeline_order"));
                }
                // 《中国共产党章程》第七条: 预备期为一年 (plus an extension, if any).
                if self.probation_ends().is_some_and(|end| on < end) {
                    return Err(refused("rule.pipeline_probation_one_year"));
                }
                next.status = Some(Status::Full);
                next.full_on = Some(on);
            }
            Step::Disqualify => {
                if status != Status::Probationary {
                    return Err(refused("rule.pipeline_order"));
                }
                next = Pipeline {
                    status: Some(Status::Masses),
                    ..Pipeline::default()
                };
            }
        }
        Ok(next)
    }
}

/// One node's development quota for one year (发展党员指标): what it received from above,
/// what it handed down to nodes below, and what its own admissions used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quota {
    pub received: u32,
    pub handed_down: u32,
    pub used: u32,
}

impl Quota {
    pub fn remaining(&self) -> u32 {
        self.received.saturating_sub(self.handed_down + self.used)
    }

    /// Hands `n` down to a child; never more than is left.
    pub fn hand_down(self, n: u32) -> Result<Quota, DomainError> {
        if n == 0 {
            return Err(DomainError::field("amount", "err.quota_positive"));
        }
        if n > self.remaining() {
            return Err(refused("rule.quota_exceeds_remaining"));
        }
        Ok(Quota {
            handed_down: self.handed_down + n,
            ..self
        })
    }

    /// Admitting a probationary member uses one.
    pub fn use_one(self) -> Result<Quota, DomainError> {
        if self.remaining() == 0 {
            return Err(refused("rule.quota_exhausted"));
        }
        Ok(Quota {
            used: self.used + 1,
            ..self
        })
    }
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
    pub fn from_code(s: &str) -> Option<Gender> {
        match s {
            "male" => Some(Gender::Male),
            "female" => Some(Gender::Female),
            _ => None,
        }
    }
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Masses,
        Status::Applicant,
        Status::Activist,
        Status::DevelopmentObject,
        Status::Probationary,
        Status::Full,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Masses => "masses",
            Status::Applicant => "applicant",
            Status::Activist => "activist",
            Status::DevelopmentObject => "development_object",
            Status::Probationary => "probationary",
            Status::Full => "full",
        }
    }
    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.code() == s)
    }
    /// Party members, full or probationary (党员).
    pub fn is_member(self) -> bool {
        matches!(self, Status::Probationary | Status::Full)
    }
}

impl Step {
    pub const CODES: [&'static str; 7] = [
        "apply",
        "make_activist",
        "make_development_object",
        "admit",
        "extend_probation",
        "confirm",
        "disqualify",
    ];
    /// `months` is only read for `extend_probation`.
    pub fn parse(code: &str, months: Option<u32>) -> Result<Step, DomainError> {
        Ok(match code {
            "apply" => Step::Apply,
            "make_activist" => Step::MakeActivist,
            "make_development_object" => Step::MakeDevelopmentObject,
            "admit" => Step::Admit,
            "confirm" => Step::Confirm,
            "disqualify" => Step::Disqualify,
            "extend_probation" => Step::ExtendProbation {
                months: months.ok_or_else(|| DomainError::field("months", "err.required"))?,
            },
            _ => return Err(DomainError::field("step", "err.step_unknown")),
        })
    }
    pub fn code(self) -> &'static str {
        match self {
            Step::Apply => "apply",
            Step::MakeActivist => "make_activist",
            Step::MakeDevelopmentObject => "make_development_object",
            Step::Admit => "admit",
            Step::Confirm => "confirm",
            Step::ExtendProbation { .. } => "extend_probation",
            Step::Disqualify => "disqualify",
        }
    }
}

/// Highest education completed (学历), after GB/T 4658.
pub const EDUCATION: [&str; 8] = [
    "doctorate",
    "master",
    "bachelor",
    "college",
    "secondary_vocational",
    "high_school",
    "junior_high",
    "primary",
];

/// The 56 ethnic groups in the order and with the names of GB/T 3304, then 其他.
pub const ETHNICITIES: [&str; 57] = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "其他",
];

/// A person's name: 1–50 characters, no control characters.
pub fn parse_person_name(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field("name", "err.required"));
    }
    if t.chars().count() > 50 {
        return Err(DomainError::field("name", "err.too_long_50"));
    }
    if t.chars().any(char::is_control) {
        return Err(DomainError::field("name", "err.control_chars"));
    }
    Ok(t.to_string())
}

/// A person as a form, an import row or an API body gives it: every field a string, blank
/// when absent. Field names are the ones errors are reported under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonInput {
    pub name: String,
    pub gender: String,
    pub ethnicity: String,
    pub birth_date: String,
    pub id_number: String,
    pub phone: String,
    pub education: String,
    pub status: String,
    pub applied_on: String,
    pub activist_on: String,
    pub development_object_on: String,
    pub probation_on: String,
    pub full_on: String,
    pub notes: String,
}

/// A person record that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub gender: Gender,
    pub ethnicity: Option<String>,
    pub birth_date: NaiveDate,
    pub id_number: IdNumber,
    pub phone: Option<Mobile>,
    pub education: Option<String>,
    pub pipeline: Pipeline,
    pub notes: Option<String>,
}

impl PersonInput {
    /// Checks every field and reports all problems at once. The identity number must agree
    /// with the birth date and gender; the status needs the date it was reached, and the
    /// pipeline's dates must follow each other and not lie after `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<Person, DomainError> {
        let mut fe = FieldErrors::new();
        let name = fe.check("name", parse_person_name(&self.name));
        let gender = match self.gender.trim() {
            "" => {
                fe.add("gender", "err.required");
                None
            }
            g => Gender::from_code(g).or_else(|| {
                fe.add("gender", "err.choice_invalid");
                None
            }),
        };
        let ethnicity = match self.ethnicity.trim() {
            "" => None,
            e if ETHNICITIES.contains(&e) => Some(e.to_string()),
            _ => {
                fe.add("ethnicity", "err.choice_invalid");
                None
            }
        };
        let birth = match fe.check("birth_date", parse_date("birth_date", &self.birth_date)) {
            Some(None) => {
                fe.add("birth_date", "err.required");
                None
            }
            Some(Some(d)) if d > today => {
                fe.add("birth_date", "err.date_future");
                None
            }
            other => other.flatten(),
        };
        let id = fe.check("id_number", IdNumber::parse(&self.id_number));
        if let (Some(id), Some(b), Some(g)) = (&id, birth, gender) {
            fe.check("id_number", id.check_against(b, g));
        }
        let phone = if self.phone.trim().is_empty() {
            None
        } else {
            fe.check("phone", Mobile::parse(&self.phone))
        };
        let education = match self.education.trim() {
            "" => None,
            e if EDUCATION.contains(&e) => Some(e.to_string()),
            _ => {
                fe.add("education", "err.choice_invalid");
                None
            }
        };
        let status = match self.status.trim() {
            "" => Some(Status::Masses),
            s => Status::from_code(s).or_else(|| {
                fe.add("status", "err.choice_invalid");
                None
            }),
        };
        let mut dates = [None; 5];
        let fields = [
            ("applied_on", &self.applied_on),
            ("activist_on", &self.activist_on),
            ("development_object_on", &self.development_object_on),
            ("probation_on", &self.probation_on),
            ("full_on", &self.full_on),
        ];
        for (i, (f, v)) in fields.iter().enumerate() {
            if let Some(d) = fe.check(f, parse_date(f, v)).flatten() {
                if d > today {
                    fe.add(f, "err.date_future");
                } else {
                    dates[i] = Some(d);
                }
            }
        }
        if let Some(st) = status {
            // The date of the stage reached is required; later stages' dates must be blank.
            let reached = match st {
                Status::Masses => None,
                Status::Applicant => Some(0),
                Status::Activist => Some(1),
                Status::DevelopmentObject => Some(2),
                Status::Probationary => Some(3),
                Status::Full => Some(4),
            };
            for (i, (f, v)) in fields.iter().enumerate() {
                let after = reached.is_none_or(|r| i > r);
                if after && !v.trim().is_empty() {
                    fe.add(f, "err.date_after_status");
                }
            }
            if let Some(r) = reached {
                // Members recorded before this system often lack the early dates; only the
                // date of the stage reached is required.
                if dates[r].is_none() && fields[r].1.trim().is_empty() {
                    fe.add(fields[r].0, "err.required");
                }
            }
            let mut last: Option<NaiveDate> = None;
            for (i, d) in dates.iter().enumerate() {
                if let Some(d) = d {
                    if last.is_some_and(|l| *d < l) {
                        fe.add(fields[i].0, "err.date_order");
                    }
                    last = Some(*d);
                }
            }
            if let (Some(applied), Some(b)) = (dates[0], birth) {
                if months_after(b, 18 * 12) > applied {
                    fe.add("applied_on", "rule.pipeline_age_18");
                }
            }
        }
        let notes = fe.check(
            "notes",
            parse_text("notes", &self.notes, 2000, "err.too_long_2000"),
        );
        fe.into_result()?;
        let (Some(name), Some(gender), Some(birth_date), Some(id_number), Some(status)) =
            (name, gender, birth, id, status)
        else {
            unreachable!("every missing value recorded an error")
        };
        Ok(Person {
            name,
            gender,
            ethnicity,
            birth_date,
            id_number,
            phone,
            education,
            pipeline: Pipeline {
                status: Some(status),
                applied_on: dates[0],
                activist_on: dates[1],
                development_object_on: dates[2],
                probation_on: dates[3],
                probation_extended_months: None,
                full_on: dates[4],
            },
            notes: notes.flatten(),
        })
    }
}

/// Levels of an honour (荣誉称号).
pub const HONOUR_LEVELS: [&str; 6] = [
    "national",
    "provincial",
    "city",
    "district",
    "street",
    "unit",
];

/// An honour as entered: title, level, date, and an optional note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Honour {
    pub title: String,
    pub level: String,
    pub awarded_on: NaiveDate,
    pub note: Option<String>,
}

pub fn parse_honour(
    title: &str,
    level: &str,
    awarded_on: &str,
    note: &str,
    today: NaiveDate,
) -> Result<Honour, DomainError> {
    let mut fe = FieldErrors::new();
    let title = fe
        .check("title", parse_text("title", title, 60, "err.too_long_60"))
        .and_then(|t| {
            if t.is_none() {
                fe.add("title", "err.required");
            }
            t
        });
    let level = match level.trim() {
        "" => {
            fe.add("level", "err.required");
            None
        }
        l if HONOUR_LEVELS.contains(&l) => Some(l.to_string()),
        _ => {
            fe.add("level", "err.choice_invalid");
            None
        }
    };
    let on = required_past_date(&mut fe, "awarded_on", awarded_on, today);
    let note = fe.check("note", parse_note(note)).flatten();
    fe.into_result()?;
    match (title, level, on) {
        (Some(title), Some(level), Some(awarded_on)) => Ok(Honour {
            title,
            level,
            awarded_on,
            note,
        }),
        _ => unreachable!("every missing value recorded an error"),
    }
}

/// Built-in posts (职务): code and name. Admins add more to the dictionary.
pub const BUILTIN_POSTS: [(&str, &str); 9] = [
    ("secretary", "书记"),
    ("deputy_secretary", "副书记"),
    ("committee_member", "委员"),
    ("party_worker_full", "专职党务工作者"),
    ("party_worker_part", "兼职党务工作者"),
    ("grid_leader", "网格长"),
    ("grid_worker", "网格员"),
    ("building_leader", "楼长"),
    // Assigned to enterprises (DESIGN module 1).
    ("instructor", "党建工作指导员"),
];

/// A post's term: a start date and an optional end on or after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
}

pub fn parse_term(start_on: &str, end_on: &str, today: NaiveDate) -> Result<Term, DomainError> {
    let mut fe = FieldErrors::new();
    let start = required_past_date(&mut fe, "start_on", start_on, today);
    let end = fe.check("end_on", parse_date("end_on", end_on)).flatten();
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            fe.add("end_on", "err.date_order");
        }
    }
    fe.into_result()?;
    Ok(Term {
        start_on: start.expect("checked"),
        end_on: end,
    })
}

impl Term {
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.start_on <= today && self.end_on.is_none_or(|e| e >= today)
    }
}

/// A quota year: 2000–2100.
pub fn parse_quota_year(y: i32) -> Result<i32, DomainError> {
    if (2000..=2100).contains(&y) {
        Ok(y)
    } else {
        Err(DomainError::field("year", "err.year_range"))
    }
}

impl Quota {
    /// A child hands back `n` of what it has not used or handed on (收回指标).
    pub fn give_back(self, n: u32) -> Result<Quota, DomainError> {
        if n == 0 {
            return Err(DomainError::field("amount", "err.quota_positive"));
        }
        if n > self.remaining() {
            return Err(refused("rule.quota_reclaim_exceeds_remaining"));
        }
        Ok(Quota {
            received: self.received - n,
            ..self
        })
    }

    /// The parent's side of [`Quota::give_back`].
    pub fn take_back(self, n: u32) -> Quota {
        Quota {
            handed_down: self.handed_down.saturating_sub(n),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            name: " 张三 ".into(),
            gender: "male".into(),
            ethnicity: "汉族".into(),
            birth_date: "1980/1/1".into(),
            id_number: with_check("37070219800101123"),
            phone: "13812345678".into(),
            education: "bachelor".into(),
            status: "full".into(),
            applied_on: "2000-03-01".into(),
            full_on: "20030701".into(),
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
            name: "".into(),
            gender: "x".into(),
            ethnicity: "火星族".into(),
            birth_date: "1980-01-02".into(),
            phone: "123".into(),
            education: "kindergarten".into(),
            status: "full".into(),
            applied_on: "2004-01-01".into(),
            full_on: "".into(),
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
                birth_date: "1980-01-02".into(),
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
                status: "activist".into(),
                applied_on: "2020-01-01".into(),
                activist_on: "2019-01-01".into(),
                full_on: "2021-01-01".into(),
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
                status: "applicant".into(),
                applied_on: "1997-12-31".into(),
                full_on: "".into(),
                ..input()
            }
            .parse(today),
        );
        assert_eq!(f, [("applied_on".into(), "rule.pipeline_age_18".into())]);
        let f = fields(
            PersonInput {
                status: "".into(),
                full_on: "2030-01-01".into(),
                applied_on: "".into(),
                ..input()
            }
            .parse(today),
        );
        assert_eq!(f, [("full_on".into(), "err.date_future".into())]);
        let masses = PersonInput {
            status: "".into(),
            applied_on: "".into(),
            full_on: "".into(),
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
}
