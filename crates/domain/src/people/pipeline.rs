//! The development pipeline (发展党员): political status, its dated steps with their minimum
//! intervals, and the annual quotas.

use super::*;

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
