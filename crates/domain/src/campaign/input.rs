//! A campaign, its targets, a recorded value and its milestones as the page forms and the
//! API bodies give them, and their checks.

use crate::fields::{parse_date, parse_text};
use crate::input::{loose_num_text, text};
use crate::{DomainError, FieldErrors};
use chrono::NaiveDate;
use serde::Deserialize;

/// A campaign's status: drafted, running, or closed (no further values or milestones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Active,
    Closed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Draft, Status::Active, Status::Closed];

    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Active => "active",
            Status::Closed => "closed",
        }
    }

    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.code() == s)
    }
}

/// What a target measures: a count, or a rate in percent (0–100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Count,
    Rate,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Rate => "rate",
        }
    }

    pub fn from_code(s: &str) -> Option<Kind> {
        [Kind::Count, Kind::Rate]
            .into_iter()
            .find(|k| k.code() == s)
    }
}

/// A campaign as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CampaignBody))]
pub struct CampaignInput {
    /// The node that runs it (the caller holds `campaign.manage` over it).
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub node_id: String,
    /// At most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub name: String,
    /// At most 5 000 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
    /// `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub start_on: String,
    /// `YYYY-MM-DD`, not before the start.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub end_on: String,
    /// `draft` or `active` (the default).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub status: String,
}

/// A checked campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    pub node_id: i64,
    pub name: String,
    pub description: Option<String>,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
    pub status: Status,
}

/// A required date under `field`.
pub(super) fn required_date(fe: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveDate> {
    match fe.check(field, parse_date(field, v)) {
        Some(None) => {
            fe.add(field, "err.required");
            None
        }
        Some(d) => d,
        None => None,
    }
}

/// A required text under `field`, at most 100 characters.
pub(super) fn required_name(fe: &mut FieldErrors, field: &str, v: &str) -> Option<String> {
    let t = fe
        .check(field, parse_text(field, v, 100, "err.too_long_100"))
        .flatten();
    if t.is_none() && !fe.0.contains_key(field) {
        fe.add(field, "err.required");
    }
    t
}

impl CampaignInput {
    pub fn parse(&self) -> Result<Campaign, DomainError> {
        let mut fe = FieldErrors::new();
        let node_id = self.node_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
        if node_id.is_none() {
            fe.add("node_id", "err.required");
        }
        let name = required_name(&mut fe, "name", &self.name);
        let description = fe
            .check(
                "description",
                parse_text("description", &self.description, 5_000, "err.campaign_long"),
            )
            .flatten();
        let start_on = required_date(&mut fe, "start_on", &self.start_on);
        let end_on = required_date(&mut fe, "end_on", &self.end_on);
        if let (Some(s), Some(e)) = (start_on, end_on) {
            if e < s {
                fe.add("end_on", "err.campaign_end_before_start");
            }
        }
        let status = match self.status.trim() {
            "" => Some(Status::Active),
            s => Status::from_code(s).filter(|s| *s != Status::Closed),
        };
        if status.is_none() {
            fe.add("status", "err.choice");
        }
        fe.into_result()?;
        Ok(Campaign {
            node_id: node_id.expect("checked"),
            name: name.expect("checked"),
            description,
            start_on: start_on.expect("checked"),
            end_on: end_on.expect("checked"),
            status: status.expect("checked"),
        })
    }
}

/// A target as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TargetBody))]
pub struct TargetInput {
    /// At most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub name: String,
    /// `count` or `rate` (percent, 0–100); a bound target takes its figure's.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub kind: String,
    /// Where it starts from.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = f64))]
    pub baseline: String,
    /// Where it should get to.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = f64))]
    pub goal: String,
    /// `YYYY-MM-DD`, within the campaign.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub due_on: String,
    /// A live figure's key (`GET /api/v1/figures`); blank for values recorded by hand.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub figure: String,
}

/// A checked target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub name: String,
    pub kind: Kind,
    pub baseline: f64,
    pub goal: f64,
    pub due_on: NaiveDate,
    pub figure: Option<String>,
}

/// A number of a target: finite, not below zero, at most 100 for a rate.
fn number(fe: &mut FieldErrors, field: &str, v: &str, kind: Option<Kind>) -> Option<f64> {
    let t = v.trim();
    if t.is_empty() {
        fe.add(field, "err.required");
        return None;
    }
    match t.parse::<f64>().ok().filter(|n| n.is_finite() && *n >= 0.0) {
        None => {
            fe.add(field, "err.campaign_number");
            None
        }
        Some(n) if kind == Some(Kind::Rate) && n > 100.0 => {
            fe.add(field, "err.campaign_rate");
            None
        }
        Some(n) => Some(n),
    }
}

impl TargetInput {
    /// Checks the target against the live figures offered, as (key, kind code), and the
    /// campaign's days.
    pub fn parse(
        &self,
        figures: &[(&str, &str)],
        start_on: NaiveDate,
        end_on: NaiveDate,
    ) -> Result<Target, DomainError> {
        let mut fe = FieldErrors::new();
        let name = required_name(&mut fe, "name", &self.name);
        let figure = match self.figure.trim() {
            "" => None,
            key => match figures.iter().find(|(k, _)| *k == key) {
                Some((k, kind)) => Some((k.to_string(), Kind::from_code(kind))),
                None => {
                    fe.add("figure", "err.choice");
                    None
                }
            },
        };
        let kind = match (&figure, self.kind.trim()) {
            (Some((_, fk)), "") => *fk,
            (Some((_, fk)), given) => {
                if Kind::from_code(given) != *fk {
                    fe.add("kind", "err.campaign_figure_kind");
                }
                *fk
            }
            (None, "") => {
                if !fe.0.contains_key("figure") {
                    fe.add("kind", "err.required");
                }
                None
            }
            (None, given) => {
                let k = Kind::from_code(given);
                if k.is_none() {
                    fe.add("kind", "err.choice");
                }
                k
            }
        };
        let baseline = number(&mut fe, "baseline", &self.baseline, kind);
        let goal = number(&mut fe, "goal", &self.goal, kind);
        if let (Some(b), Some(g)) = (baseline, goal) {
            if (b - g).abs() < f64::EPSILON {
                fe.add("goal", "err.campaign_goal_same");
            }
        }
        let due_on = required_date(&mut fe, "due_on", &self.due_on);
        if let Some(d) = due_on {
            if d < start_on || d > end_on {
                fe.add("due_on", "err.campaign_due_outside");
            }
        }
        fe.into_result()?;
        Ok(Target {
            name: name.expect("checked"),
            kind: kind.expect("checked"),
            baseline: baseline.expect("checked"),
            goal: goal.expect("checked"),
            due_on: due_on.expect("checked"),
            figure: figure.map(|(k, _)| k),
        })
    }
}

/// A value of a target kept by hand, as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ValueBody))]
pub struct ValueInput {
    /// `YYYY-MM-DD`, not after today.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub on: String,
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = f64))]
    pub value: String,
    /// At most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
}

/// A checked value.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub on: NaiveDate,
    pub value: f64,
    pub note: Option<String>,
}

impl ValueInput {
    /// Checks the value of a target of `kind`, on `today` (Beijing).
    pub fn parse(&self, kind: Kind, today: NaiveDate) -> Result<Value, DomainError> {
        let mut fe = FieldErrors::new();
        let on = required_date(&mut fe, "on", &self.on);
        if on.is_some_and(|d| d > today) {
            fe.add("on", "err.campaign_future");
        }
        let value = number(&mut fe, "value", &self.value, Some(kind));
        let note = fe
            .check(
                "note",
                parse_text("note", &self.note, 500, "err.too_long_500"),
            )
            .flatten();
        fe.into_result()?;
        Ok(Value {
            on: on.expect("checked"),
            value: value.expect("checked"),
            note,
        })
    }
}

/// A milestone as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = MilestoneBody))]
pub struct MilestoneInput {
    /// At most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub name: String,
    /// `YYYY-MM-DD`, within the campaign.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub due_on: String,
}

/// A checked milestone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub name: String,
    pub due_on: NaiveDate,
}

impl MilestoneInput {
    pub fn parse(&self, start_on: NaiveDate, end_on: NaiveDate) -> Result<Milestone, DomainError> {
        let mut fe = FieldErrors::new();
        let name = required_name(&mut fe, "name", &self.name);
        let due_on = required_date(&mut fe, "due_on", &self.due_on);
        if due_on.is_some_and(|d| d < start_on || d > end_on) {
            fe.add("due_on", "err.campaign_due_outside");
        }
        fe.into_result()?;
        Ok(Milestone {
            name: name.expect("checked"),
            due_on: due_on.expect("checked"),
        })
    }
}

/// A milestone reached, with its evidence, as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = DoneBody))]
pub struct DoneInput {
    /// `YYYY-MM-DD`, not after today.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub done_on: String,
    /// What shows it was reached, at most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
    /// A link to the evidence (`http://` or `https://`), at most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub link: String,
}

/// A checked completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub done_on: NaiveDate,
    pub note: Option<String>,
    pub link: Option<String>,
}

impl DoneInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Done, DomainError> {
        let mut fe = FieldErrors::new();
        let done_on = required_date(&mut fe, "done_on", &self.done_on);
        if done_on.is_some_and(|d| d > today) {
            fe.add("done_on", "err.campaign_future");
        }
        let note = fe
            .check(
                "note",
                parse_text("note", &self.note, 500, "err.too_long_500"),
            )
            .flatten();
        let link = fe
            .check(
                "link",
                parse_text("link", &self.link, 500, "err.too_long_500"),
            )
            .flatten();
        if link
            .as_deref()
            .is_some_and(|l| !(l.starts_with("http://") || l.starts_with("https://")))
        {
            fe.add("link", "err.campaign_link");
        }
        if note.is_none() && link.is_none() && !fe.0.contains_key("link") {
            fe.add("note", "err.campaign_evidence");
        }
        fe.into_result()?;
        Ok(Done {
            done_on: done_on.expect("checked"),
            note,
            link,
        })
    }
}
