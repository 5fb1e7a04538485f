//! Obligations as data: which kinds of organization must hold which activity how often —
//! 三会一课, 主题党日, 组织生活会, 民主评议党员 by the national rules, the seeds' 四个一 for
//! park committees and the quarterly committee meeting — inherited down the tree, and
//! overridden for a subtree by a superior (the rule set at the deepest node above an
//! organization wins; a minimum of 0 lifts the obligation there).

use super::period::{Cycle, Period};
use crate::input::{num_text, text};
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// Most activities an obligation can ask for in one period.
pub const MAX_MIN_COUNT: u32 = 31;

/// A checked obligation: organizations of `kinds` hold at least `min_count` activities of
/// `activity_type` in every period of `cycle`, by `due` (month, day) within the period when
/// set (半年一总结 "before 七一" is a half-year obligation due by 07-01 — the day is then
/// counted in the first half).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub kinds: Vec<String>,
    pub activity_type: String,
    pub cycle: Cycle,
    pub min_count: u32,
    pub due: Option<(u32, u32)>,
}

impl Rule {
    /// The last day an activity counts toward `period`: the due day when it falls within
    /// the period's months, else the period's end. A due day just past the end (07-01 for
    /// the first half) stretches the period to it, and then serves that period only: the
    /// period it falls in (the second half) ends at its own end.
    pub fn deadline(&self, p: &Period) -> NaiveDate {
        let (start, end) = (p.start(), p.end());
        let stretch = chrono::Duration::days(31);
        let Some(day) = self
            .due
            .and_then(|(m, d)| NaiveDate::from_ymd_opt(p.year, m, d))
        else {
            return end;
        };
        if day > end && day <= end + stretch {
            return day;
        }
        // The period before, in the same year, takes a due day in this one's first days.
        let before_end = start - chrono::Duration::days(1);
        let taken_before = before_end.year() == p.year && day <= before_end + stretch;
        if day >= start && day <= end && !taken_before {
            day
        } else {
            end
        }
    }

    /// `MM-DD` of the due day, for showing.
    pub fn due_text(&self) -> Option<String> {
        self.due.map(|(m, d)| format!("{m:02}-{d:02}"))
    }
}

// An obligation as the page form and the API body give it; kinds and activity type are
// dictionary codes, checked against the lists the caller passes. (Kept out of the API
// schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ObligationBody))]
pub struct ObligationInput {
    /// The node whose subtree it applies to; none (global admins only): everywhere.
    #[serde(default, deserialize_with = "crate::input::opt_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub node_id: String,
    /// Organization kinds (codes of the organization-kind dictionary).
    #[serde(default)]
    pub kinds: Vec<String>,
    /// A code of the `activity_type` dictionary.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub activity_type: String,
    /// `month`, `quarter`, `half_year` or `year`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub cycle: String,
    /// At least this many in each period (0 lifts an inherited obligation).
    #[serde(default, deserialize_with = "num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub min_count: String,
    /// `MM-DD`: due by this day within the period.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub due: String,
}

/// A checked obligation input: where it is set and its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obligation {
    pub node_id: Option<i64>,
    pub rule: Rule,
}

fn parse_due(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // Checked against a leap year so that 02-29 is a day.
    NaiveDate::from_ymd_opt(2024, m, d).map(|day| (day.month(), day.day()))
}

impl ObligationInput {
    /// Checks the input against the known organization kinds and activity types.
    pub fn parse(&self, kinds: &[String], types: &[String]) -> Result<Obligation, DomainError> {
        let mut fe = FieldErrors::new();
        let node_id = match self.node_id.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(v) if v > 0 => Some(v),
                _ => {
                    fe.add("node_id", "err.number_invalid");
                    None
                }
            },
        };
        let mut chosen: Vec<String> = self.kinds.iter().map(|k| k.trim().to_string()).collect();
        chosen.retain(|k| !k.is_empty());
        chosen.sort();
        chosen.dedup();
        if chosen.is_empty() {
            fe.add("kinds", "err.required");
        } else if chosen.iter().any(|k| !kinds.contains(k)) {
            fe.add("kinds", "err.kind_unknown");
        }
        let activity_type = self.activity_type.trim().to_string();
        if activity_type.is_empty() {
            fe.add("activity_type", "err.required");
        } else if !types.contains(&activity_type) {
            fe.add("activity_type", "err.choice");
        }
        let cycle = Cycle::from_code(self.cycle.trim());
        if cycle.is_none() {
            fe.add("cycle", "err.choice");
        }
        let min_count = match self.min_count.trim().parse::<u32>() {
            Ok(n) if n <= MAX_MIN_COUNT => Some(n),
            Ok(_) => {
                fe.add("min_count", "err.cadence_min_count");
                None
            }
            Err(_) => {
                fe.add("min_count", "err.number_invalid");
                None
            }
        };
        let due = match self.due.trim() {
            "" => None,
            t => match parse_due(t) {
                Some(d) => Some(d),
                None => {
                    fe.add("due", "err.cadence_due");
                    None
                }
            },
        };
        fe.into_result()?;
        Ok(Obligation {
            node_id,
            rule: Rule {
                kinds: chosen,
                activity_type,
                cycle: cycle.expect("checked"),
                min_count: min_count.expect("checked"),
                due,
            },
        })
    }
}

/// A stored obligation as resolution needs it: the depth of the node it was set at (none:
/// set for everywhere) and its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetRule<'a> {
    pub id: i64,
    /// The ids on the path of the node it is set at; empty for everywhere.
    pub at: &'a [i64],
    pub rule: &'a Rule,
}

/// The rules an organization of `kind` at the path `ids` (its ancestors and itself) must
/// keep: for each activity type and cycle, the rule set at the deepest node at or above it
/// for its kind; a rule with a minimum of 0 lifts it. Answers the ids of the winning rules
/// with their rules, in the order given.
pub fn effective<'a>(kind: &str, ids: &[i64], rules: &[SetRule<'a>]) -> Vec<(i64, &'a Rule)> {
    let mut best: Vec<(usize, &SetRule<'a>)> = Vec::new();
    for r in rules {
        if !r.rule.kinds.iter().any(|k| k == kind) || !ids.starts_with(r.at) {
            continue;
        }
        let depth = r.at.len();
        let same = |b: &&mut (usize, &SetRule<'a>)| {
            b.1.rule.activity_type == r.rule.activity_type && b.1.rule.cycle == r.rule.cycle
        };
        match best.iter_mut().find(same) {
            Some(b) if b.0 <= depth => *b = (depth, r),
            Some(_) => {}
            None => best.push((depth, r)),
        }
    }
    best.into_iter()
        .filter(|(_, r)| r.rule.min_count > 0)
        .map(|(_, r)| (r.id, r.rule))
        .collect()
}

/// A seeded obligation: (kinds, activity type, cycle, minimum, due (month, day)).
pub type Seed = (
    &'static [&'static str],
    &'static str,
    Cycle,
    u32,
    Option<(u32, u32)>,
);

/// The national rules and the seeds' own, as (kinds, activity type, cycle, minimum, due):
/// 三会一课 — 支部党员大会 quarterly, 支委会 and 党小组会 monthly, 党课 at least quarterly —,
/// 主题党日 monthly, 组织生活会 and 民主评议党员 yearly; a 党委 meets at least once a quarter
/// on party building [003]; a park 党工委 keeps 四个一 — 一月一例会、一季一巡查、半年一总结
/// 、一年一行动 [004] (the first half's summary is held around 七一).
pub const SEEDED: &[Seed] = &[
    (
        &["party_branch"],
        "branch_congress",
        Cycle::Quarter,
        1,
        None,
    ),
    (
        &["party_branch", "party_general_branch"],
        "committee_meeting",
        Cycle::Month,
        1,
        None,
    ),
    (&["party_branch"], "group_meeting", Cycle::Month, 1, None),
    (
        &["party_branch", "party_general_branch"],
        "party_lecture",
        Cycle::Quarter,
        1,
        None,
    ),
    (&["party_branch"], "theme_day", Cycle::Month, 1, None),
    (
        &["party_branch", "party_general_branch"],
        "life_meeting",
        Cycle::Year,
        1,
        None,
    ),
    (&["party_branch"], "member_review", Cycle::Year, 1, None),
    (
        &["party_committee"],
        "party_committee_meeting",
        Cycle::Quarter,
        1,
        None,
    ),
    (
        &["party_working_committee"],
        "monthly_meeting",
        Cycle::Month,
        1,
        None,
    ),
    (
        &["party_working_committee"],
        "inspection",
        Cycle::Quarter,
        1,
        None,
    ),
    (
        &["party_working_committee"],
        "half_year_summary",
        Cycle::HalfYear,
        1,
        None,
    ),
    (
        &["party_working_committee"],
        "annual_action",
        Cycle::Year,
        1,
        None,
    ),
];

/// The activity types the product starts with, as (code, Chinese, English): those the
/// obligations name, and the seeds' own kinds of activity.
pub const ACTIVITY_TYPES: &[(&str, &str, &str)] = &[
    ("branch_congress", "支部党员大会", "Branch members' meeting"),
    ("committee_meeting", "支委会", "Branch committee meeting"),
    ("group_meeting", "党小组会", "Party group meeting"),
    ("party_lecture", "党课", "Party lecture"),
    ("theme_day", "主题党日", "Theme party day"),
    ("life_meeting", "组织生活会", "Organizational life meeting"),
    (
        "member_review",
        "民主评议党员",
        "Democratic review of members",
    ),
    (
        "party_committee_meeting",
        "党委会议",
        "Party committee meeting",
    ),
    ("monthly_meeting", "月例会", "Monthly meeting"),
    ("inspection", "巡查", "Inspection"),
    ("half_year_summary", "半年总结", "Half-year summary"),
    ("annual_action", "年度行动", "Annual action"),
    (
        "quarter_hour_lecture",
        "一刻钟党课",
        "Quarter-hour party lecture",
    ),
    ("secretary_salon", "书记沙龙", "Secretaries' salon"),
    ("forum", "发展论坛", "Development forum"),
    ("chain_council", "产业链议事会", "Industrial-chain council"),
    ("observation", "观摩学习", "Observation visit"),
    ("volunteering", "志愿服务", "Volunteering"),
    ("theory_study", "理论学习", "Theory study"),
];
