//! Achievements (成果) of a studio [000, 002]: patents, software copyrights, innovations,
//! standards, papers, research topics and awards, with their numbers checked.
//!
//! Patent application numbers follow the CNIPA standard 《专利申请号标准》 (ZC 0006-2003), in
//! force for applications filed since 2003-10-01: `YYYY T NNNNNNN . C`, twelve digits (year of
//! filing, type of application, serial within the year) followed by a check character. The
//! check character is (Σ digitᵢ × weightᵢ) mod 11 over the twelve digits with the weights
//! 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, and a remainder of 10 is written `X`. Applications
//! filed before then have eight digits, `YY T NNNNN . C`, checked the same way with the
//! weights 2 … 9. The type digit is 1 for an invention, 2 for a utility model, 3 for a
//! design, 8 for an international (PCT) invention application entering China and 9 for a
//! PCT utility model application entering China. A granted patent is cited by its
//! application number with a `ZL` prefix (专利号), so that prefix, a `CN` prefix, spaces and
//! a missing dot are accepted, and the number is kept as digits + `.` + check character.
//!
//! Grant and publication numbers (公告号 / 公布号, standard ZC 0007 《中国专利文献号》) are `CN`,
//! seven to nine digits and a kind letter: A (invention application published), B or C
//! (invention granted), U or Y (utility model granted), S (design granted).

use crate::fields::{parse_note, required_past_date};
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, NaiveDate};

/// What an achievement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 发明专利
    InventionPatent,
    /// 实用新型专利
    UtilityPatent,
    /// 外观设计专利
    DesignPatent,
    /// 软件著作权
    SoftwareCopyright,
    /// 创新成果
    Innovation,
    /// 技术标准
    Standard,
    /// 论文
    Paper,
    /// 教研课题
    ResearchTopic,
    /// 奖项
    Award,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::InventionPatent,
        Kind::UtilityPatent,
        Kind::DesignPatent,
        Kind::SoftwareCopyright,
        Kind::Innovation,
        Kind::Standard,
        Kind::Paper,
        Kind::ResearchTopic,
        Kind::Award,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::InventionPatent => "invention_patent",
            Kind::UtilityPatent => "utility_patent",
            Kind::DesignPatent => "design_patent",
            Kind::SoftwareCopyright => "software_copyright",
            Kind::Innovation => "innovation",
            Kind::Standard => "standard",
            Kind::Paper => "paper",
            Kind::ResearchTopic => "research_topic",
            Kind::Award => "award",
        }
    }

    pub fn from_code(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn codes() -> Vec<&'static str> {
        Kind::ALL.iter().map(|k| k.code()).collect()
    }

    pub fn is_patent(self) -> bool {
        matches!(
            self,
            Kind::InventionPatent | Kind::UtilityPatent | Kind::DesignPatent
        )
    }

    /// The type digits of application numbers of this kind (ZC 0006-2003).
    fn type_digits(self) -> &'static [u8] {
        match self {
            Kind::InventionPatent => &[1, 8],
            Kind::UtilityPatent => &[2, 9],
            Kind::DesignPatent => &[3],
            _ => &[],
        }
    }

    /// The kind letters of grant or publication numbers of this kind (ZC 0007).
    fn document_letters(self) -> &'static [char] {
        match self {
            Kind::InventionPatent => &['A', 'B', 'C'],
            Kind::UtilityPatent => &['U', 'Y'],
            Kind::DesignPatent => &['S'],
            _ => &[],
        }
    }
}

/// Levels of an award (and, optionally, of any other achievement): 国家级, 省级, 市级, 区级.
pub const LEVELS: [&str; 4] = ["national", "provincial", "city", "district"];

/// Ranks offered for awards; any other rank of up to 20 characters is taken too.
pub const SUGGESTED_RANKS: [&str; 5] = ["特等奖", "一等奖", "二等奖", "三等奖", "优秀奖"];

/// Patent law of the PRC took effect on 1985-04-01: no application number is older.
const FIRST_PATENT_YEAR: i32 = 1985;
/// The twelve-digit numbers began on 2003-10-01; the eight-digit ones ended then.
const TWELVE_DIGITS_FROM: i32 = 2003;

const WEIGHTS: [u32; 12] = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

/// The check character of an application number's digits (8 or 12 of them).
pub fn patent_check_char(digits: &[u8]) -> char {
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    match sum % 11 {
        10 => 'X',
        r => char::from(b'0' + r as u8),
    }
}

/// A checked patent application number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationNo {
    /// Digits, `.` and the check character: `200310102344.5`.
    pub normalized: String,
    /// Year of filing.
    pub year: i32,
    /// 1, 2, 3, 8 or 9.
    pub type_digit: u8,
}

/// Reads an application number (or a patent number, `ZL` + application number). `today`
/// bounds the year of filing.
pub fn parse_application_no(s: &str, today: NaiveDate) -> Result<ApplicationNo, DomainError> {
    let bad = |k: &str| Err(DomainError::field("application_no", k));
    let mut t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if t.is_empty() {
        return bad("err.required");
    }
    for prefix in ["ZL", "CN"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.to_string();
            break;
        }
    }
    let (body, check) = match t.split_once('.') {
        Some((b, c)) => (b.to_string(), c.to_string()),
        None if t.len() >= 2 => {
            let (b, c) = t.split_at(t.len() - 1);
            (b.to_string(), c.to_string())
        }
        None => return bad("err.ach_patent_format"),
    };
    let check: Vec<char> = check.chars().collect();
    if !matches!(body.len(), 8 | 12)
        || !body.bytes().all(|b| b.is_ascii_digit())
        || check.len() != 1
        || !(check[0].is_ascii_digit() || check[0] == 'X')
    {
        return bad("err.ach_patent_format");
    }
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    let (year, type_digit) = if digits.len() == 12 {
        let y = body[..4].parse::<i32>().expect("four digits");
        if y < TWELVE_DIGITS_FROM {
            return bad("err.ach_patent_year");
        }
        (y, digits[4])
    } else {
        // Two-digit years: 85–99 are 1985–1999, 00–03 are 2000–2003.
        let yy = body[..2].parse::<i32>().expect("two digits");
        let y = if yy >= FIRST_PATENT_YEAR % 100 {
            1900 + yy
        } else {
            2000 + yy
        };
        if !(FIRST_PATENT_YEAR..=TWELVE_DIGITS_FROM).contains(&y) {
            return bad("err.ach_patent_year");
        }
        (y, digits[2])
    };
    if y_after(year, today) {
        return bad("err.ach_patent_year");
    }
    if !matches!(type_digit, 1 | 2 | 3 | 8 | 9) {
        return bad("err.ach_patent_format");
    }
    if patent_check_char(&digits) != check[0] {
        return bad("err.ach_patent_check");
    }
    Ok(ApplicationNo {
        normalized: format!("{body}.{}", check[0]),
        year,
        type_digit,
    })
}

fn y_after(year: i32, today: NaiveDate) -> bool {
    year > today.year()
}

/// Reads a grant or publication number for `kind`: `CN 1234567 B` → `CN 1234567 B`.
pub fn parse_grant_no(s: &str, kind: Kind) -> Result<String, DomainError> {
    let bad = |k: &str| Err(DomainError::field("grant_no", k));
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let Some(rest) = t.strip_prefix("CN") else {
        return bad("err.ach_grant_format");
    };
    let Some(letter) = rest.chars().last() else {
        return bad("err.ach_grant_format");
    };
    let digits = &rest[..rest.len() - letter.len_utf8()];
    if !(7..=9).contains(&digits.len())
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !"ABCUYS".contains(letter)
    {
        return bad("err.ach_grant_format");
    }
    if !kind.document_letters().contains(&letter) {
        return bad("err.ach_grant_kind");
    }
    Ok(format!("CN {digits} {letter}"))
}

/// Reads a software copyright registration number, `2019SR0123456`.
pub fn parse_registration_no(s: &str, today: NaiveDate) -> Result<String, DomainError> {
    let bad = || {
        Err(DomainError::field(
            "registration_no",
            "err.ach_registration_format",
        ))
    };
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let b = t.as_bytes();
    if b.len() != 13
        || !b[..4].iter().all(u8::is_ascii_digit)
        || &b[4..6] != b"SR"
        || !b[6..].iter().all(u8::is_ascii_digit)
    {
        return bad();
    }
    // 《计算机软件保护条例》 took effect in 1991; nothing was registered before.
    let year = t[..4].parse::<i32>().expect("four digits");
    if !(1991..=today.year()).contains(&year) {
        return bad();
    }
    Ok(t)
}

/// A yes/no cell of a spreadsheet or a form: 是/否, yes/no, y/n, true/false, 1/0, √/×, on;
/// blank is `default`. `None` when it is none of these.
pub fn parse_flag(s: &str, default: bool) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" => Some(default),
        "是" | "yes" | "y" | "true" | "1" | "√" | "on" => Some(true),
        "否" | "no" | "n" | "false" | "0" | "×" => Some(false),
        _ => None,
    }
}

/// An achievement as a form, an import row or an API body gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AchievementInput {
    pub kind: String,
    pub title: String,
    pub application_no: String,
    pub grant_no: String,
    pub registration_no: String,
    pub level: String,
    pub rank: String,
    pub achieved_on: String,
    pub note: String,
    /// Shared with the studio's alliances.
    pub shared: bool,
    /// Listed on the studio's public page.
    pub public: bool,
}

/// A checked achievement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Achievement {
    pub kind: Kind,
    pub title: String,
    pub application_no: Option<String>,
    pub grant_no: Option<String>,
    pub registration_no: Option<String>,
    pub level: Option<String>,
    pub rank: Option<String>,
    pub achieved_on: NaiveDate,
    pub note: Option<String>,
    pub shared: bool,
    pub public: bool,
}

impl Achievement {
    /// The year it is counted under.
    pub fn year(&self) -> i32 {
        self.achieved_on.year()
    }
}

/// A title: 2–200 characters, no control characters.
pub fn parse_title(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    let bad = |k: &str| Err(DomainError::field("title", k));
    if t.is_empty() {
        return bad("err.required");
    }
    let n = t.chars().count();
    if n < 2 {
        return bad("err.ach_title_short");
    }
    if n > 200 {
        return bad("err.ach_title_long");
    }
    if t.chars().any(char::is_control) {
        return bad("err.control_chars");
    }
    Ok(t.to_string())
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

impl AchievementInput {
    /// Checks every field at once; `today` bounds the date and the numbers' years.
    pub fn parse(&self, today: NaiveDate) -> Result<Achievement, DomainError> {
        let mut fe = FieldErrors::new();
        let kind = match self.kind.trim() {
            "" => {
                fe.add("kind", "err.required");
                None
            }
            k => Kind::from_code(k).or_else(|| {
                fe.add("kind", "err.choice_invalid");
                None
            }),
        };
        let title = fe.check("title", parse_title(&self.title));
        let achieved_on = required_past_date(&mut fe, "achieved_on", &self.achieved_on, today);
        let note = fe.check("note", parse_note(&self.note)).flatten();

        let (application_no, grant_no, registration_no) = self.numbers(&mut fe, kind, today);

        // An award has a level and a rank; other kinds may carry a level but no rank.
        let award = kind == Some(Kind::Award);
        let level = match self.level.trim() {
            "" => {
                if award {
                    fe.add("level", "err.required");
                }
                None
            }
            l if LEVELS.contains(&l) => Some(l.to_string()),
            _ => {
                fe.add("level", "err.choice_invalid");
                None
            }
        };
        let rank = match self.rank.trim() {
            "" => {
                if award {
                    fe.add("rank", "err.required");
                }
                None
            }
            _ if kind.is_some() && !award => {
                fe.add("rank", "err.ach_rank_award_only");
                None
            }
            r if r.chars().count() > 20 => {
                fe.add("rank", "err.too_long_20");
                None
            }
            r if r.chars().any(char::is_control) => {
                fe.add("rank", "err.control_chars");
                None
            }
            r => Some(r.to_string()),
        };
        fe.into_result()?;
        Ok(Achievement {
            kind: kind.expect("checked"),
            title: title.expect("checked"),
            application_no,
            grant_no,
            registration_no,
            level,
            rank,
            achieved_on: achieved_on.expect("checked"),
            note,
            shared: self.shared,
            public: self.public,
        })
    }

    /// The numbers (application, grant, registration), which belong to the kinds that have
    /// them; a patent needs its application number.
    fn numbers(
        &self,
        fe: &mut FieldErrors,
        kind: Option<Kind>,
        today: NaiveDate,
    ) -> (Option<String>, Option<String>, Option<String>) {
        let mut application_no = None;
        let mut grant_no = None;
        let mut registration_no = None;
        if let Some(k) = kind {
            if k.is_patent() {
                if let Some(a) = fe.check(
                    "application_no",
                    parse_application_no(&self.application_no, today),
                ) {
                    if k.type_digits().contains(&a.type_digit) {
                        application_no = Some(a.normalized);
                    } else {
                        fe.add("application_no", "err.ach_patent_type");
                    }
                }
                if !blank(&self.grant_no) {
                    grant_no = fe.check("grant_no", parse_grant_no(&self.grant_no, k));
                }
            } else {
                if !blank(&self.application_no) {
                    fe.add("application_no", "err.ach_patent_only");
                }
                if !blank(&self.grant_no) {
                    fe.add("grant_no", "err.ach_patent_only");
                }
            }
            if !blank(&self.registration_no) {
                if k == Kind::SoftwareCopyright {
                    registration_no = fe.check(
                        "registration_no",
                        parse_registration_no(&self.registration_no, today),
                    );
                } else {
                    fe.add("registration_no", "err.ach_software_only");
                }
            }
        }
        (application_no, grant_no, registration_no)
    }
}

mod changes;
#[cfg(test)]
mod tests;

pub use changes::AchievementPatch;
