//! What is behind in the current period across the caller's whole scope, counted by
//! obligation — the reminder "3 个组织本月主题党日未按要求开展". The same judging as the
//! compliance view, over the kept per-day counts, without its drill-down or trend.

use super::compliance::{windows_of, Counts};
use super::CadenceRepo;
use crate::Result;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::tree::minimal_prefixes;

/// Organizations behind on one obligation in the period holding the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BehindCount {
    pub activity_type: String,
    /// `month`, `quarter`, `half_year` or `year`.
    pub cycle: String,
    /// The period, e.g. `2026-12`.
    pub period: String,
    pub organizations: u64,
    /// Of them, those whose deadline has passed.
    pub overdue: u64,
}

impl CadenceRepo<'_> {
    /// For each obligation, how many organizations in the caller's `cadence.read` scope
    /// are behind on `on` in its current period; none when the caller reads no cadence.
    pub async fn behind_counts(&self, on: NaiveDate) -> Result<Vec<BehindCount>> {
        let scopes = self.s.actor.grants.scopes(Permission::CadenceRead);
        let mut out: BTreeMap<(String, String), BehindCount> = BTreeMap::new();
        for path in minimal_prefixes(scopes) {
            let orgs = self.organizations(&path).await?;
            let counts = Counts::read(
                self.s.db,
                &path,
                &windows_of(orgs.iter(), on, |_| true),
                &[],
            )
            .await?;
            for o in &orgs {
                for r in &o.rules {
                    let j = counts.judge(o, r, on);
                    if j.met {
                        continue;
                    }
                    let key = (r.cycle.code().to_string(), r.activity_type.clone());
                    let c = out.entry(key).or_insert_with(|| BehindCount {
                        activity_type: r.activity_type.clone(),
                        cycle: r.cycle.code().into(),
                        period: j.period.key(),
                        organizations: 0,
                        overdue: 0,
                    });
                    c.organizations += 1;
                    c.overdue += u64::from(j.missed);
                }
            }
        }
        Ok(out.into_values().collect())
    }
}
