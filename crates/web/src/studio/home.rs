//! The studio area's charts on the workbench: studios of the caller's scope by kind and by
//! level, and their achievements by year — the same counts as the studio and achievement
//! lists' filters.

use crate::area::ChartAnswer;
use crate::charts::{Chart, Series};
use crate::i18n::Tr;
use touyan_domain::access::Permission;
use touyan_domain::studio::LEVELS;
use touyan_storage::Scoped;

/// The area's `home_charts`.
pub(super) fn charts(s: Scoped<'_>, tr: Tr) -> ChartAnswer<'_> {
    Box::pin(async move {
        if s.actor().grants.scopes(Permission::StudioRead).is_empty() {
            return Ok(vec![]);
        }
        let counts = s.studios().counts(None).await?;
        if counts.studios == 0 {
            return Ok(vec![]);
        }
        let names = super::io::kind_names(s, tr).await?;
        let mut kinds: Vec<(&String, &u64)> = counts.by_kind.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let n = tr.t("home.chart_studios_n");
        let by_kind = Chart {
            key: "studio_kind",
            kind: "pie",
            title: tr.t("home.chart_studio_kind").to_string(),
            label_name: tr.t("studio.col.kind").to_string(),
            labels: kinds
                .iter()
                .map(|(c, _)| names.get(*c).cloned().unwrap_or_else(|| c.to_string()))
                .collect(),
            series: vec![Series::counts(n, "pie", kinds.iter().map(|(_, v)| **v))],
        };
        let by_level = Chart {
            key: "studio_level",
            kind: "bar",
            title: tr.t("home.chart_studio_level").to_string(),
            label_name: tr.t("studio.col.level").to_string(),
            labels: LEVELS
                .iter()
                .map(|l| tr.t(&format!("studio.level.{l}")).to_string())
                .collect(),
            series: vec![Series::counts(
                n,
                "bar",
                LEVELS
                    .iter()
                    .map(|l| counts.by_level.get(*l).copied().unwrap_or(0)),
            )],
        };
        let ach = s.studio_achievements().counts(None, None).await?;
        let by_year = Chart {
            key: "achievement_year",
            kind: "bar",
            title: tr.t("home.chart_achievement_year").to_string(),
            label_name: tr.t("home.year").to_string(),
            labels: ach.by_year.keys().map(|y| y.to_string()).collect(),
            series: vec![Series::counts(
                tr.t("home.chart_achievements_n"),
                "bar",
                ach.by_year.values().copied(),
            )],
        };
        Ok(vec![by_kind, by_level, by_year])
    })
}
