//! Changing a campaign once started — its header and its targets — and removing targets and
//! campaigns: what may still change, and what keeps a campaign from being deleted.

use super::input::{required_date, required_name, Kind, Target};
use crate::fields::parse_text;
use crate::input::{loose_num_text, text};
use crate::{DomainError, FieldErrors};
use chrono::NaiveDate;
use serde::Deserialize;

/// A campaign's header as the edit form and the API body give it, with the organization that
/// runs it (its status is not changed here).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CampaignEditBody))]
pub struct CampaignEditInput {
    /// At most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub name: String,
    /// At most 5 000 characters; blank to remove it.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
    /// `YYYY-MM-DD`, not after any target's or milestone's due date.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub start_on: String,
    /// `YYYY-MM-DD`, not before the start nor any target's or milestone's due date.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub end_on: String,
    /// The organization to run it from now on (the caller holds `campaign.manage` over it);
    /// left out or blank keeps the current one. Changes only while no progress was recorded.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub node_id: String,
}

/// A checked header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignEdit {
    pub name: String,
    pub description: Option<String>,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
    /// The organization asked for; none keeps the current one.
    pub node_id: Option<i64>,
}

impl CampaignEditInput {
    /// Checks the header against the due dates of the campaign's targets and milestones,
    /// which must stay within its days.
    pub fn parse(&self, dues: &[NaiveDate]) -> Result<CampaignEdit, DomainError> {
        let mut fe = FieldErrors::new();
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
        let node_id = match self.node_id.trim() {
            "" => None,
            v => {
                let id = v.parse::<i64>().ok().filter(|v| *v > 0);
                if id.is_none() {
                    fe.add("node_id", "err.choice");
                }
                id
            }
        };
        if start_on.is_some_and(|s| dues.iter().any(|d| *d < s)) {
            fe.add("start_on", "err.campaign_dates_exclude");
        }
        if end_on.is_some_and(|e| dues.iter().any(|d| *d > e)) && !fe.0.contains_key("end_on") {
            fe.add("end_on", "err.campaign_dates_exclude");
        }
        fe.into_result()?;
        Ok(CampaignEdit {
            name: name.expect("checked"),
            description,
            start_on: start_on.expect("checked"),
            end_on: end_on.expect("checked"),
            node_id,
        })
    }
}

/// A campaign moves to another organization only while no progress was recorded against any
/// of its targets (no value kept by hand, no point of a history): what was recorded measured
/// the organization it ran from, and the live figures would read another subtree from then on.
pub fn check_move(progress: u64) -> Result<(), DomainError> {
    if progress > 0 {
        return Err(DomainError::field("node_id", "err.campaign_node_kept"));
    }
    Ok(())
}

/// What a target measures: its kind, the live figure it follows and where it starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub kind: Kind,
    pub figure: Option<String>,
    pub baseline: f64,
}

/// Checks a change of a target: its name, goal and due date always change; its measure only
/// while nothing was recorded against it (no values kept by hand, no point of its history),
/// since what was recorded was measured that way.
pub fn check_target_change(
    old: &Measure,
    new: &Target,
    has_progress: bool,
) -> Result<(), DomainError> {
    if !has_progress {
        return Ok(());
    }
    let mut fe = FieldErrors::new();
    if new.kind != old.kind {
        fe.add("kind", "err.campaign_measure_kept");
    }
    if new.figure != old.figure {
        fe.add("figure", "err.campaign_measure_kept");
    }
    if (new.baseline - old.baseline).abs() > f64::EPSILON {
        fe.add("baseline", "err.campaign_measure_kept");
    }
    fe.into_result()
}

/// A campaign may be deleted only while it has no progress history (no point of any
/// target's history, no value kept by hand) and no milestone done: what was achieved stays
/// on record (a campaign that ran is closed instead).
pub fn check_deletable(history_points: u64, milestones_done: u64) -> Result<(), DomainError> {
    if history_points > 0 || milestones_done > 0 {
        return Err(DomainError::field("campaign", "err.campaign_delete_kept"));
    }
    Ok(())
}

/// A work-list task to link to a campaign, as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CampaignTaskBody))]
pub struct TaskLinkInput {
    /// The task (`GET /api/v1/tasks`), one the caller reads.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub task_id: String,
}

impl TaskLinkInput {
    pub fn parse(&self) -> Result<i64, DomainError> {
        match self.task_id.trim() {
            "" => Err(DomainError::field("task_id", "err.required")),
            t => t
                .parse::<i64>()
                .ok()
                .filter(|v| *v > 0)
                .ok_or_else(|| DomainError::field("task_id", "err.campaign_task_unknown")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn header(start: &str, end: &str) -> CampaignEditInput {
        CampaignEditInput {
            name: "红帆领航".into(),
            description: String::new(),
            start_on: start.into(),
            end_on: end.into(),
            node_id: String::new(),
        }
    }

    fn fields(e: DomainError) -> Vec<(String, String)> {
        match e {
            DomainError::Invalid(fe) => fe.0.into_iter().collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_header_keeps_every_due_date_within_its_days() {
        let dues = [d(2026, 3, 1), d(2026, 6, 30)];
        let ok = header("2026-01-01", "2026-12-31").parse(&dues).unwrap();
        assert_eq!(ok.start_on, d(2026, 1, 1));
        assert_eq!(ok.description, None);
        let e = header("2026-04-01", "2026-05-31").parse(&dues).unwrap_err();
        assert_eq!(
            fields(e),
            vec![
                ("end_on".into(), "err.campaign_dates_exclude".into()),
                ("start_on".into(), "err.campaign_dates_exclude".into()),
            ]
        );
        let e = header("2026-05-01", "2026-04-01").parse(&[]).unwrap_err();
        assert_eq!(
            fields(e),
            vec![("end_on".into(), "err.campaign_end_before_start".into())]
        );
        let blank = CampaignEditInput::default().parse(&[]).unwrap_err();
        assert_eq!(fields(blank).len(), 3);
    }

    #[test]
    fn a_header_names_its_new_organization_by_id_or_keeps_it() {
        let mut h = header("2026-01-01", "2026-12-31");
        assert_eq!(h.parse(&[]).unwrap().node_id, None);
        h.node_id = " 42 ".into();
        assert_eq!(h.parse(&[]).unwrap().node_id, Some(42));
        for bad in ["x", "0", "-1"] {
            h.node_id = bad.into();
            assert_eq!(
                fields(h.parse(&[]).unwrap_err()),
                vec![("node_id".into(), "err.choice".into())]
            );
        }
    }

    #[test]
    fn a_campaign_moves_only_before_progress_was_recorded() {
        assert!(check_move(0).is_ok());
        assert_eq!(
            fields(check_move(3).unwrap_err()),
            vec![("node_id".into(), "err.campaign_node_kept".into())]
        );
    }

    fn target(kind: Kind, figure: Option<&str>, baseline: f64) -> Target {
        Target {
            name: "n".into(),
            kind,
            baseline,
            goal: 10.0,
            due_on: d(2026, 6, 1),
            figure: figure.map(String::from),
        }
    }

    #[test]
    fn a_measure_changes_only_before_anything_was_recorded() {
        let old = Measure {
            kind: Kind::Count,
            figure: None,
            baseline: 0.0,
        };
        let bound = target(Kind::Rate, Some("task.completion_rate"), 5.0);
        assert!(check_target_change(&old, &bound, false).is_ok());
        let e = check_target_change(&old, &bound, true).unwrap_err();
        let keys: Vec<String> = fields(e).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["baseline", "figure", "kind"]);
        let same = target(Kind::Count, None, 0.0);
        assert!(check_target_change(&old, &same, true).is_ok());
    }

    #[test]
    fn a_campaign_with_history_or_a_milestone_done_stays() {
        assert!(check_deletable(0, 0).is_ok());
        for (points, done) in [(1, 0), (0, 1)] {
            let e = check_deletable(points, done).unwrap_err();
            assert_eq!(
                fields(e),
                vec![("campaign".into(), "err.campaign_delete_kept".into())]
            );
        }
    }

    #[test]
    fn a_task_to_link_is_named_by_its_id() {
        let parse = |v: &str| TaskLinkInput { task_id: v.into() }.parse();
        assert_eq!(parse(" 12 ").unwrap(), 12);
        assert!(parse("").is_err());
        assert!(parse("x").is_err());
        assert!(parse("-3").is_err());
    }
}
