//! The request area's chart on the workbench: requests received per month over the last
//! twelve months with the three rates, for the caller's whole scope — the statistics page's
//! trend, from the same measures.

use crate::area::ChartAnswer;
use crate::i18n::Tr;
use chrono::{Datelike, Months};
use touyan_domain::access::Permission;
use touyan_storage::request::stats::Period;
use touyan_storage::Scoped;

/// The area's `home_charts`.
pub(super) fn charts(s: Scoped<'_>, tr: Tr) -> ChartAnswer<'_> {
    Box::pin(async move {
        if s.actor().grants.scopes(Permission::RequestRead).is_empty() {
            return Ok(vec![]);
        }
        let today = touyan_storage::kit::today();
        let first = today.with_day(1).unwrap_or(today) - Months::new(11);
        let period = Period::parse(&first.format("%Y-%m-%d").to_string(), "")?;
        let stats = s.requests().stats(None, period).await?;
        let mut trend = super::api::charts::trend(tr, &stats);
        trend.key = "request_trend";
        Ok(vec![trend])
    })
}
