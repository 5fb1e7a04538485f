//! Identity fields any area may record about a person: the 居民身份证 number, with the birth
//! date and gender it carries.

use crate::{DomainError, FieldErrors};
use chrono::{Datelike, NaiveDate};
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

pub(crate) const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
pub(crate) const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

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
