//! The studio area's charts: studios by state, kind and level, and achievements by year and
//! kind — each drawn from the counts of a list's own filter (`StudioRepo::profile`,
//! `AchievementRepo::profile`), so every bar is a count the list gives when filtered further.
//! The workbench draws the same charts over the caller's whole scope.

use crate::charts::{Chart, Series};
use crate::i18n::Tr;
use serde::Serialize;
use std::collections::HashMap;
use touyan_domain::studio::achievement::Kind as AchievementKind;
use touyan_domain::studio::{State, LEVELS};
use touyan_storage::studio::achievement::AchievementCounts;
use touyan_storage::studio::StudioCounts;

/// The charts of the studio list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StudioCharts {
    /// Studios by lifecycle state (申报 → 挂牌 → 示范 / 预警 → 摘牌).
    pub state: Chart,
    /// Studios by kind (the `studio_kind` dictionary), most first.
    pub kind: Chart,
    /// Studios by level (区级, 市级, 省级).
    pub level: Chart,
}

impl StudioCharts {
    pub fn all(&self) -> [&Chart; 3] {
        [&self.state, &self.kind, &self.level]
    }
}

/// The charts of the achievement list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AchievementCharts {
    /// Achievements by year.
    pub year: Chart,
    /// Achievements by kind.
    pub kind: Chart,
}

impl AchievementCharts {
    pub fn all(&self) -> [&Chart; 2] {
        [&self.year, &self.kind]
    }
}

/// Each of `codes` with its count in `counts`, labelled by `label`.
fn coded(
    codes: &[&str],
    counts: &HashMap<String, u64>,
    label: impl Fn(&str) -> String,
) -> (Vec<String>, Vec<u64>) {
    codes
        .iter()
        .map(|c| (label(c), counts.get(*c).copied().unwrap_or(0)))
        .unzip()
}

/// Studios by state, kind and level; `kind_names` names the dictionary's kinds.
pub fn studio_charts(
    tr: Tr,
    kind_names: &HashMap<String, String>,
    c: &StudioCounts,
) -> StudioCharts {
    let n = tr.t("home.chart_studios_n");
    let states: Vec<&str> = State::ALL.iter().map(|s| s.code()).collect();
    let (labels, values) = coded(&states, &c.by_state, |s| {
        tr.t(&format!("studio.state.{s}")).to_string()
    });
    let state = Chart {
        key: "studio_state",
        kind: "bar",
        title: tr.t("schart.state").to_string(),
        label_name: tr.t("studio.col.state").to_string(),
        labels,
        series: vec![Series::counts(n, "bar", values)],
    };
    let mut kinds: Vec<(&String, &u64)> = c.by_kind.iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let kind = Chart {
        key: "studio_kind",
        kind: "pie",
        title: tr.t("home.chart_studio_kind").to_string(),
        label_name: tr.t("studio.col.kind").to_string(),
        labels: kinds
            .iter()
            .map(|(code, _)| {
                kind_names
                    .get(*code)
                    .cloned()
                    .unwrap_or_else(|| code.to_string())
            })
            .collect(),
        series: vec![Series::counts(n, "pie", kinds.iter().map(|(_, v)| **v))],
    };
    let (labels, values) = coded(&LEVELS, &c.by_level, |l| {
        tr.t(&format!("studio.level.{l}")).to_string()
    });
    let level = Chart {
        key: "studio_level",
        kind: "bar",
        title: tr.t("home.chart_studio_level").to_string(),
        label_name: tr.t("studio.col.level").to_string(),
        labels,
        series: vec![Series::counts(n, "bar", values)],
    };
    StudioCharts { state, kind, level }
}

/// Achievements by year (oldest first) and by kind.
pub fn achievement_charts(tr: Tr, c: &AchievementCounts) -> AchievementCharts {
    let n = tr.t("home.chart_achievements_n");
    let year = Chart {
        key: "achievement_year",
        kind: "bar",
        title: tr.t("home.chart_achievement_year").to_string(),
        label_name: tr.t("home.year").to_string(),
        labels: c.by_year.keys().map(|y| y.to_string()).collect(),
        series: vec![Series::counts(n, "bar", c.by_year.values().copied())],
    };
    let by_kind: HashMap<String, u64> = c.by_kind.clone().into_iter().collect();
    let (labels, values) = coded(&AchievementKind::codes(), &by_kind, |k| {
        tr.t(&format!("ach.kind.{k}")).to_string()
    });
    let kind = Chart {
        key: "achievement_kind",
        kind: "bar",
        title: tr.t("schart.achievement_kind").to_string(),
        label_name: tr.t("ach.col.kind").to_string(),
        labels,
        series: vec![Series::counts(n, "bar", values)],
    };
    AchievementCharts { year, kind }
}
