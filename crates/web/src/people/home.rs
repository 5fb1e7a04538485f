//! The people area's chart on the workbench: the people of the caller's scope by political
//! status, in the order of the development pipeline (群众 → 入党申请人 → … → 正式党员) — the
//! same counts as the people list filtered by each status.

use crate::area::ChartAnswer;
use crate::i18n::Tr;
use touyan_domain::access::Permission;
use touyan_storage::people::PeopleProfile;
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
        // The people list's status chart, over the caller's whole scope.
        let profile = PeopleProfile {
            total: counts.by_status.values().sum(),
            by_status: counts.by_status,
            ..Default::default()
        };
        let mut status = super::charts::people_charts(tr, &profile).status;
        status.title = tr.t("home.chart_people").to_string();
        Ok(vec![status])
    })
}
