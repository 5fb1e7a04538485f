//! The people list's charts: the listed people by political status (the development
//! pipeline, 群众 → 入党申请人 → … → 正式党员), by age band and by education. Each is drawn
//! from [`PeopleRepo::profile`] over the list's own filter, so every bar is a count the list
//! gives when filtered further.
//!
//! [`PeopleRepo::profile`]: touyan_storage::people::PeopleRepo

use crate::charts::{Chart, Series};
use crate::i18n::Tr;
use serde::Serialize;
use touyan_domain::people::{Status, AGE_BANDS, EDUCATION};
use touyan_storage::people::PeopleProfile;

/// The charts of the people list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PeopleCharts {
    /// People by political status, in the order of the pipeline.
    pub status: Chart,
    /// People by age band today (30 and under, five-year bands to 60, over 60).
    pub age: Chart,
    /// People by education, then those with none recorded.
    pub education: Chart,
}

impl PeopleCharts {
    pub fn all(&self) -> [&Chart; 3] {
        [&self.status, &self.age, &self.education]
    }
}

pub fn people_charts(tr: Tr, p: &PeopleProfile) -> PeopleCharts {
    let n = tr.t("home.chart_people_n");
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
    let status = Chart {
        key: "people_status",
        kind: "bar",
        title: tr.t("pchart.status").to_string(),
        label_name: tr.t("pcol.status").to_string(),
        labels: statuses
            .iter()
            .map(|c| tr.t(&format!("pstatus.{c}")).to_string())
            .collect(),
        series: vec![Series::counts(
            n,
            "bar",
            statuses
                .iter()
                .map(|c| p.by_status.get(*c).copied().unwrap_or(0)),
        )],
    };
    let age = Chart {
        key: "people_age",
        kind: "bar",
        title: tr.t("pchart.age").to_string(),
        label_name: tr.t("pchart.age_band").to_string(),
        labels: AGE_BANDS
            .iter()
            .map(|(code, _)| tr.t(&format!("pchart.band.{code}")).to_string())
            .collect(),
        series: vec![Series::counts(n, "bar", p.by_age.iter().copied())],
    };
    // Every education level, then none recorded; a level no one holds is left out.
    let mut edu: Vec<(String, u64)> = EDUCATION
        .iter()
        .map(|c| {
            let label = tr.t(&format!("education.{c}")).to_string();
            (label, p.by_education.get(*c).copied().unwrap_or(0))
        })
        .collect();
    edu.push((
        tr.t("pchart.no_education").to_string(),
        p.by_education.get("").copied().unwrap_or(0),
    ));
    // A code outside the list (kept from an older record) is still counted, under its code.
    for (code, v) in &p.by_education {
        if !code.is_empty() && !EDUCATION.contains(&code.as_str()) {
            edu.push((code.clone(), *v));
        }
    }
    edu.retain(|(_, v)| *v > 0);
    let education = Chart {
        key: "people_education",
        kind: "pie",
        title: tr.t("pchart.education").to_string(),
        label_name: tr.t("pcol.education").to_string(),
        labels: edu.iter().map(|(l, _)| l.clone()).collect(),
        series: vec![Series::counts(n, "pie", edu.iter().map(|(_, v)| *v))],
    };
    PeopleCharts {
        status,
        age,
        education,
    }
}
