//! The people area's chart on the workbench: the people of the caller's scope by political
//! status, in the order of the development pipeline (群众 → 入党申请人 → … → 正式党员) — the
//! same counts as the people list filtered by each status.

use crate::area::ChartAnswer;
use crate::charts::{Chart, Series};
use crate::i18n::Tr;
use touyan_domain::access::Permission;
use touyan_domain::people::Status;
use touyan_storage::Scoped;

/// The area's `home_charts`.
pub(super) fn charts(s: Scoped<'_>, tr: Tr) -> ChartAnswer<'_> {
    Box::pin(async move {
        if s.actor().grants.scopes(Permission::PersonRead).is_empty() {
            return Ok(vec![]);
        }
        let year = touyan_storage::kit::today().format("%Y").to_string();
        let counts = s
            .people()
            .counts(None, year.parse().unwrap_or(2026))
            .await?;
        let codes: Vec<&str> = Status::ALL.iter().map(|st| st.code()).collect();
        let values = codes
            .iter()
            .map(|c| counts.by_status.get(*c).copied().unwrap_or(0));
        let series = Series::counts(tr.t("home.chart_people_n"), "bar", values);
        Ok(vec![Chart {
            key: "people_status",
            kind: "bar",
            title: tr.t("home.chart_people").to_string(),
            label_name: tr.t("pcol.status").to_string(),
            labels: codes
                .iter()
                .map(|c| tr.t(&format!("pstatus.{c}")).to_string())
                .collect(),
            series: vec![series],
        }])
    })
}
