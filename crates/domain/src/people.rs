//! People and party members: identity numbers, phones, and the development pipeline
//! (发展党员) with its minimum intervals and annual quotas. Each rule cites where it comes from.

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

/// A mainland mobile number: 11 digits beginning 13–19. Spaces, dashes and a leading +86
/// are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(s: &str) -> Result<Mobile, DomainError> {
        let mut t: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if let Some(rest) = t.strip_prefix("+86") {
            t = rest.to_string();
        }
        if t.is_empty() {
            return Err(DomainError::field("phone", "err.required"));
        }
        let b = t.as_bytes();
        if b.len() != 11 || !b.iter().all(u8::is_ascii_digit) || b[0] != b'1' || b[1] < b'3' {
            return Err(DomainError::field("phone", "err.phone_format"));
        }
        Ok(Mobile(t))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
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
}
