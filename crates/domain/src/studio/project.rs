//! Incubated projects (项目孵化): "让创意变项目，让项目变成果，让成果变效益" [002]. A project
//! goes from idea to project to result to benefit, one step at a time, each step dated; once
//! it has a result its economic benefit is recorded year by year and set against what was
//! put in.

use super::activity::{parse_long_text, parse_title, Fen};
use crate::fields::{parse_date, parse_text, required_past_date};
use crate::input::{given_text, maybe_num_text, num_text, opt_num_text, or_default, text};
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// The stages of the pipeline [002]: 创意 → 项目 → 成果 → 效益.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Idea,
    Project,
    Result,
    Benefit,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Idea, Stage::Project, Stage::Result, Stage::Benefit];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Idea => "idea",
            Stage::Project => "project",
            Stage::Result => "result",
            Stage::Benefit => "benefit",
        }
    }

    pub fn from_code(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.code() == s)
    }

    fn rank(self) -> usize {
        self as usize
    }

    /// The one stage a project may move to next, if any.
    pub fn next(self) -> Option<Stage> {
        Stage::ALL.get(self.rank() + 1).copied()
    }

    /// Benefit is recorded once the project has a result (成果变效益).
    pub fn records_benefit(self) -> bool {
        self >= Stage::Result
    }
}

/// A move from `from` to `to`: forward, exactly one stage; otherwise the rule that refuses it.
pub fn check_stage_move(from: Stage, to: Stage) -> Result<(), DomainError> {
    if to == from {
        return Err(DomainError::Refused("rule.proj_stage_same"));
    }
    if to < from {
        return Err(DomainError::Refused("rule.proj_stage_backward"));
    }
    if from.next() != Some(to) {
        return Err(DomainError::Refused("rule.proj_stage_skip"));
    }
    Ok(())
}

// A stage move as the page form and the API body give it, read alike from each
// (`Deserialize`): the stage and the date must be sent, the note is blank when not given.
// (Kept out of the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = StageBody))]
pub struct StageMoveInput {
    /// The next stage: `project`, `result` or `benefit`.
    pub to: String,
    /// Not before the last move, not after today.
    pub on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageMove {
    pub from: Stage,
    pub to: Stage,
    pub on: NaiveDate,
    pub note: Option<String>,
}

impl StageMoveInput {
    /// `since`: the date of the project's last move (its start date before any move). A move
    /// is dated no earlier than that and no later than `today`.
    pub fn parse(
        &self,
        from: Stage,
        since: NaiveDate,
        today: NaiveDate,
    ) -> Result<StageMove, DomainError> {
        let mut fe = FieldErrors::new();
        let to_code = self.to.trim();
        let to = Stage::from_code(to_code);
        if to_code.is_empty() {
            fe.add("to", "err.required");
        } else if to.is_none() {
            fe.add("to", "err.choice");
        }
        let on = required_past_date(&mut fe, "on", &self.on, today);
        if on.is_some_and(|d| d < since) {
            fe.add("on", "err.date_order");
        }
        let note = fe
            .check(
                "note",
                parse_text("note", &self.note, 500, "err.too_long_500"),
            )
            .flatten();
        fe.into_result()?;
        let to = to.expect("checked");
        check_stage_move(from, to)?;
        Ok(StageMove {
            from,
            to,
            on: on.expect("checked"),
            note,
        })
    }
}

// A new project as a form or the API body gives it, read from the body through its
// `Deserialize`: the title and the start must be sent, the rest are blank (none, not
// shared, no team) when not given. (Kept out of the API schema's description, which is the
// body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ProjectBody))]
pub struct ProjectInput {
    /// 2–200 characters.
    pub title: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
    pub started_on: String,
    /// 投入 in yuan: a number, or text such as `"12.5万"` or `"1,234.56"`.
    #[serde(default, deserialize_with = "opt_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub investment: String,
    /// Shared with the studio's alliances.
    #[serde(default, deserialize_with = "or_default")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<bool>))]
    pub shared: bool,
    #[serde(default, deserialize_with = "or_default")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<Vec<TeamInput>>))]
    pub team: Vec<TeamInput>,
}

/// A team member as given: a person and a role.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamInput {
    pub person_id: i64,
    /// 负责人, 技术骨干, ...; up to 50 characters.
    #[serde(default)]
    pub role: Option<String>,
}

// Changes to a project, as the API body gives them: an absent field (or null) keeps its
// value. (Kept out of the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = ProjectPatchBody)
)]
pub struct ProjectPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub started_on: Option<String>,
    #[serde(default, deserialize_with = "maybe_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub investment: Option<String>,
    pub shared: Option<bool>,
    /// Replaces the team when given.
    pub team: Option<Vec<TeamInput>>,
}

// Changes to a milestone, as the API body gives them: an absent field keeps its value, a
// null or empty `done_on` clears it. (Kept out of the API schema's description, which is
// the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = MilestonePatchBody)
)]
pub struct MilestonePatch {
    pub title: Option<String>,
    pub due_on: Option<String>,
    /// The day it was done; `null` marks it not done.
    #[serde(default, deserialize_with = "given_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub title: String,
    pub description: Option<String>,
    pub started_on: NaiveDate,
    pub investment: Fen,
    pub shared: bool,
}

impl ProjectInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Project, DomainError> {
        let mut fe = FieldErrors::new();
        let title = fe.check("title", parse_title("title", &self.title));
        let description = fe
            .check(
                "description",
                parse_long_text("description", &self.description),
            )
            .flatten();
        let started_on = required_past_date(&mut fe, "started_on", &self.started_on, today);
        let investment = fe
            .check("investment", Fen::parse("investment", &self.investment))
            .flatten()
            .unwrap_or(Fen::ZERO);
        fe.into_result()?;
        Ok(Project {
            title: title.expect("checked"),
            description,
            started_on: started_on.expect("checked"),
            investment,
            shared: self.shared,
        })
    }
}

/// A team member's role in a project (负责人, 技术骨干, ...): free text up to 50 characters.
pub fn parse_team_role(s: &str) -> Result<Option<String>, DomainError> {
    parse_text("role", s, 50, "err.too_long_50")
}

// A milestone as the page form and the API body give it, read alike from each
// (`Deserialize`): the title and the due date must be sent, the day it was done is blank
// when not given. (Kept out of the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = MilestoneBody)
)]
pub struct MilestoneInput {
    pub title: String,
    pub due_on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub done_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

impl MilestoneInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Milestone, DomainError> {
        let mut fe = FieldErrors::new();
        let title = fe.check("title", parse_title("title", &self.title));
        let due = fe
            .check("due_on", parse_date("due_on", &self.due_on))
            .flatten();
        if due.is_none() && !fe.0.contains_key("due_on") {
            fe.add("due_on", "err.required");
        }
        let done = fe
            .check("done_on", parse_date("done_on", &self.done_on))
            .flatten();
        if done.is_some_and(|d| d > today) {
            fe.add("done_on", "err.date_future");
        }
        fe.into_result()?;
        Ok(Milestone {
            title: title.expect("checked"),
            due_on: due.expect("checked"),
            done_on: done,
        })
    }
}

// One year's economic benefit as the page form and the API body give it, read alike from
// each (`Deserialize`): 增收 (added revenue) and 节支 (saved cost), in yuan as people write
// them. The year must be sent; the rest are blank when not given. (Kept out of the API
// schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = BenefitBody)
)]
pub struct BenefitInput {
    #[serde(deserialize_with = "num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i32))]
    pub year: String,
    /// 增收 in yuan (number or text such as `"3万"`).
    #[serde(default, deserialize_with = "opt_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub revenue: String,
    /// 节支 in yuan.
    #[serde(default, deserialize_with = "opt_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub saving: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenefitEntry {
    pub year: i32,
    pub revenue: Fen,
    pub saving: Fen,
    pub note: Option<String>,
}

impl BenefitInput {
    /// Checks the entry for a project at `stage`: benefit is recorded from 成果 on.
    pub fn parse(&self, stage: Stage, today: NaiveDate) -> Result<BenefitEntry, DomainError> {
        let mut fe = FieldErrors::new();
        let y = self.year.trim();
        let year = match y.parse::<i32>() {
            Ok(n) if (1949..=today.year()).contains(&n) => Some(n),
            _ if y.is_empty() => {
                fe.add("year", "err.required");
                None
            }
            _ => {
                fe.add("year", "err.proj_year_range");
                None
            }
        };
        let revenue = fe
            .check("revenue", Fen::parse("revenue", &self.revenue))
            .flatten()
            .unwrap_or(Fen::ZERO);
        let saving = fe
            .check("saving", Fen::parse("saving", &self.saving))
            .flatten()
            .unwrap_or(Fen::ZERO);
        if !fe.0.contains_key("revenue")
            && !fe.0.contains_key("saving")
            && revenue == Fen::ZERO
            && saving == Fen::ZERO
        {
            fe.add("revenue", "err.proj_benefit_empty");
        }
        let note = fe
            .check(
                "note",
                parse_text("note", &self.note, 500, "err.too_long_500"),
            )
            .flatten();
        fe.into_result()?;
        if !stage.records_benefit() {
            return Err(DomainError::Refused("rule.proj_benefit_before_result"));
        }
        Ok(BenefitEntry {
            year: year.expect("checked"),
            revenue,
            saving,
            note,
        })
    }
}

/// What a project's benefit adds up to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BenefitTotals {
    pub investment: Fen,
    pub revenue: Fen,
    pub saving: Fen,
    /// 增收 + 节支 over all years.
    pub total: Fen,
    /// Total less investment; negative while the project has not paid for itself.
    pub net: Fen,
    /// Total ÷ investment; none when nothing was invested.
    pub payback: Option<f64>,
}

/// Adds up benefit entries (revenue, saving) against an investment; refuses sums that do not
/// fit instead of wrapping.
pub fn benefit_totals(
    investment: Fen,
    entries: &[(Fen, Fen)],
) -> Result<BenefitTotals, DomainError> {
    let overflow = || DomainError::Refused("rule.proj_benefit_overflow");
    let mut revenue = Fen::ZERO;
    let mut saving = Fen::ZERO;
    for (r, s) in entries {
        revenue = revenue.checked_add(*r).ok_or_else(overflow)?;
        saving = saving.checked_add(*s).ok_or_else(overflow)?;
    }
    let total = revenue.checked_add(saving).ok_or_else(overflow)?;
    let net = total.checked_sub(investment).ok_or_else(overflow)?;
    let payback = (investment.0 != 0).then(|| total.0 as f64 / investment.0 as f64);
    Ok(BenefitTotals {
        investment,
        revenue,
        saving,
        total,
        net,
        payback,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn stages_move_forward_one_step_at_a_time() {
        assert!(check_stage_move(Stage::Idea, Stage::Project).is_ok());
        assert!(check_stage_move(Stage::Project, Stage::Result).is_ok());
        assert!(check_stage_move(Stage::Result, Stage::Benefit).is_ok());
        assert_eq!(
            check_stage_move(Stage::Idea, Stage::Result),
            Err(DomainError::Refused("rule.proj_stage_skip"))
        );
        assert_eq!(
            check_stage_move(Stage::Result, Stage::Project),
            Err(DomainError::Refused("rule.proj_stage_backward"))
        );
        assert_eq!(
            check_stage_move(Stage::Benefit, Stage::Benefit),
            Err(DomainError::Refused("rule.proj_stage_same"))
        );
        assert_eq!(Stage::Benefit.next(), None);
        assert!(!Stage::Project.records_benefit());
        assert!(Stage::Result.records_benefit());
        for s in Stage::ALL {
            assert_eq!(Stage::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn a_move_is_dated_between_the_last_move_and_today() {
        let today = d("2026-03-01");
        let since = d("2025-06-01");
        let mut m = StageMoveInput {
            to: "project".into(),
            on: "2025-05-31".into(),
            note: "".into(),
        };
        assert_eq!(
            m.parse(Stage::Idea, since, today).unwrap_err(),
            DomainError::field("on", "err.date_order")
        );
        m.on = "2026-03-02".into();
        assert_eq!(
            m.parse(Stage::Idea, since, today).unwrap_err(),
            DomainError::field("on", "err.date_future")
        );
        m.on = "2025-06-01".into();
        let ok = m.parse(Stage::Idea, since, today).unwrap();
        assert_eq!(
            (ok.from, ok.to, ok.on),
            (Stage::Idea, Stage::Project, since)
        );
        m.to = "benefit".into();
        assert_eq!(
            m.parse(Stage::Idea, since, today).unwrap_err(),
            DomainError::Refused("rule.proj_stage_skip")
        );
        m.to = "done".into();
        assert_eq!(
            m.parse(Stage::Idea, since, today).unwrap_err(),
            DomainError::field("to", "err.choice")
        );
    }

    #[test]
    fn project_fields() {
        let today = d("2026-03-01");
        let p = ProjectInput {
            title: "智能巡检机器人".into(),
            started_on: "2025-01-10".into(),
            investment: "12.5万".into(),
            ..Default::default()
        }
        .parse(today)
        .unwrap();
        assert_eq!(p.investment, Fen(12_500_000));
        let none = ProjectInput {
            title: "节能改造".into(),
            started_on: "2025-01-10".into(),
            ..Default::default()
        }
        .parse(today)
        .unwrap();
        assert_eq!(none.investment, Fen::ZERO);
        match (ProjectInput {
            title: "x".into(),
            started_on: "".into(),
            investment: "-3".into(),
            ..Default::default()
        })
        .parse(today)
        .unwrap_err()
        {
            DomainError::Invalid(fe) => {
                assert_eq!(fe.0["title"], "err.act_title_length");
                assert_eq!(fe.0["started_on"], "err.required");
                assert_eq!(fe.0["investment"], "err.act_money_negative");
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn milestones() {
        let today = d("2026-03-01");
        let m = MilestoneInput {
            title: "样机试制".into(),
            due_on: "2026-06-30".into(),
            done_on: "".into(),
        }
        .parse(today)
        .unwrap();
        assert_eq!(m.done_on, None);
        match (MilestoneInput {
            title: "样机试制".into(),
            due_on: "".into(),
            done_on: "2026-03-02".into(),
        })
        .parse(today)
        .unwrap_err()
        {
            DomainError::Invalid(fe) => {
                assert_eq!(fe.0["due_on"], "err.required");
                assert_eq!(fe.0["done_on"], "err.date_future");
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn benefit_is_recorded_from_the_result_on() {
        let today = d("2026-03-01");
        let b = BenefitInput {
            year: "2025".into(),
            revenue: "3万".into(),
            saving: "1,500.50".into(),
            note: "".into(),
        };
        assert_eq!(
            b.parse(Stage::Project, today).unwrap_err(),
            DomainError::Refused("rule.proj_benefit_before_result")
        );
        let e = b.parse(Stage::Result, today).unwrap();
        assert_eq!(
            (e.year, e.revenue, e.saving),
            (2025, Fen(3_000_000), Fen(150_050))
        );
        let empty = BenefitInput {
            year: "2027".into(),
            ..Default::default()
        };
        match empty.parse(Stage::Benefit, today).unwrap_err() {
            DomainError::Invalid(fe) => {
                assert_eq!(fe.0["year"], "err.proj_year_range");
                assert_eq!(fe.0["revenue"], "err.proj_benefit_empty");
            }
            x => panic!("{x:?}"),
        }
    }

    #[test]
    fn benefit_arithmetic() {
        let t = benefit_totals(
            Fen(10_000_000),
            &[(Fen(3_000_000), Fen(1_000_000)), (Fen(5_000_000), Fen(0))],
        )
        .unwrap();
        assert_eq!(t.revenue, Fen(8_000_000));
        assert_eq!(t.saving, Fen(1_000_000));
        assert_eq!(t.total, Fen(9_000_000));
        assert_eq!(t.net, Fen(-1_000_000));
        assert_eq!(t.payback, Some(0.9));
        let free = benefit_totals(Fen::ZERO, &[(Fen(100), Fen(0))]).unwrap();
        assert_eq!(free.payback, None);
        assert_eq!(free.net, Fen(100));
        assert_eq!(
            benefit_totals(Fen::ZERO, &[(Fen(i64::MAX), Fen(0)), (Fen(1), Fen(0))]),
            Err(DomainError::Refused("rule.proj_benefit_overflow"))
        );
        assert_eq!(
            benefit_totals(Fen(i64::MAX), &[(Fen(i64::MAX), Fen(1))]),
            Err(DomainError::Refused("rule.proj_benefit_overflow"))
        );
    }
}
