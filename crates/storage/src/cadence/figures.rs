//! The work cadence's live figure: the share of organizations at or under a node keeping all
//! their obligations over a span of days, summed from the kept per-day counts.

use super::compliance::{organizations, Counts};
use crate::kit::area::{Answer, Figure, FigureKind, FigureManyQuery, FigureQuery, FigureValue};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use std::collections::{BTreeMap, HashMap};
use touyan_domain::cadence::{window, Period, Rule};
use touyan_domain::tree::{minimal_prefixes, TreePath};

/// The most periods of one cycle a span is judged over (ten years of months): a longer span
/// is judged over its last ones.
const PERIOD_CAP: usize = 120;

pub(crate) const FIGURES: &[Figure] = &[Figure {
    key: "cadence.compliance_rate",
    zh: "组织生活按期完成率",
    en: "Organizations keeping all their obligations",
    kind: FigureKind::Rate,
    read: compliance_rate,
    read_many: compliance_rate_many,
}];

/// The periods of `rule`'s cycle that hold a day between `from` and `to`, as the first day of
/// each (a day the rule's window and judgement are taken on).
fn period_days(rule: &Rule, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut p = Period::containing(rule.cycle, to);
    while p.end() >= from && days.len() < PERIOD_CAP {
        days.push(p.start());
        p = p.previous();
    }
    days.reverse();
    days
}

/// Each organization with obligations at or under `under` (its path's ids), and whether it
/// met every obligation in every period of its cycle touching `from`..=`to` (a period still
/// running counts as the compliance view judges it on its day: met only once done).
async fn keeping(
    db: &DatabaseConnection,
    under: &TreePath,
    from: NaiveDate,
    to: NaiveDate,
) -> crate::Result<Vec<(Vec<i64>, bool)>> {
    let orgs = organizations(db, under).await?;
    let mut windows: BTreeMap<(NaiveDate, NaiveDate), Vec<String>> = BTreeMap::new();
    for r in orgs.iter().flat_map(|o| o.rules.iter()) {
        for day in period_days(r, from, to) {
            let types = windows.entry(window(r, day)).or_default();
            if !types.contains(&r.activity_type) {
                types.push(r.activity_type.clone());
            }
        }
    }
    let counts = Counts::read(db, under, &windows, &[]).await?;
    Ok(orgs
        .iter()
        .map(|o| {
            let all_met = o.rules.iter().all(|r| {
                period_days(r, from, to)
                    .into_iter()
                    .all(|day| counts.judge(o, r, day).met)
            });
            (o.ids.clone(), all_met)
        })
        .collect())
}

/// Organizations with obligations under the node, and those that met every obligation over
/// the query's days (see [`keeping`]). A span of one day gives the compliance view's share
/// on that day.
fn compliance_rate<'a>(db: &'a DatabaseConnection, q: &'a FigureQuery) -> Answer<'a, FigureValue> {
    Box::pin(async move {
        if q.from > q.to {
            return Ok(FigureValue {
                numerator: 0,
                denominator: Some(0),
            });
        }
        let judged = keeping(db, &q.under, q.from, q.to).await?;
        Ok(FigureValue {
            numerator: judged.iter().filter(|(_, met)| *met).count() as u64,
            denominator: Some(judged.len() as u64),
        })
    })
}

/// The deepest node every path lies at or under (the whole forest when they share no root).
fn common_ancestor(paths: &[TreePath]) -> TreePath {
    let mut shared: Vec<i64> = paths.first().map(TreePath::ids).unwrap_or_default();
    for p in paths.iter().skip(1) {
        let ids = p.ids();
        let same = shared.iter().zip(&ids).take_while(|(a, b)| a == b).count();
        shared.truncate(same);
    }
    shared
        .into_iter()
        .fold(TreePath::everything(), |p, id| p.child(id))
}

/// Up to this many separate subtrees are asked one by one; more are asked under the deepest
/// node holding them all (many branches of one park are read as the park once).
const SEPARATE_READS: usize = 4;

/// The subtrees [`compliance_rate_many`] reads for `under`: each outermost asked node alone
/// while they are few (two parks of different districts then read only themselves), else
/// the deepest node holding them all.
fn read_under(under: &[TreePath]) -> Vec<TreePath> {
    let outermost = minimal_prefixes(under.to_vec());
    if outermost.len() <= SEPARATE_READS {
        outermost
    } else {
        vec![common_ancestor(under)]
    }
}

/// [`compliance_rate`] for many nodes: the organizations and kept counts of the subtrees
/// [`read_under`] chooses are read once each, each organization judged once, and counted
/// for every asked node at or above it.
fn compliance_rate_many<'a>(
    db: &'a DatabaseConnection,
    q: &'a FigureManyQuery,
) -> Answer<'a, Vec<FigureValue>> {
    Box::pin(async move {
        let mut by_node: HashMap<Vec<i64>, (u64, u64)> =
            q.under.iter().map(|p| (p.ids(), (0, 0))).collect();
        if q.from <= q.to && !q.under.is_empty() {
            let mut judged = Vec::new();
            for top in read_under(&q.under) {
                judged.extend(keeping(db, &top, q.from, q.to).await?);
            }
            for (ids, all_met) in judged {
                for depth in 0..=ids.len() {
                    if let Some(e) = by_node.get_mut(&ids[..depth]) {
                        e.0 += u64::from(all_met);
                        e.1 += 1;
                    }
                }
            }
        }
        Ok(q.under
            .iter()
            .map(|p| {
                let (met, counted) = by_node.get(p.ids().as_slice()).copied().unwrap_or_default();
                FigureValue {
                    numerator: met,
                    denominator: Some(counted),
                }
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::{period_days, read_under};
    use touyan_domain::tree::TreePath;

    #[test]
    fn few_separate_subtrees_are_read_alone_and_many_under_their_common_node() {
        let p = |s: &str| TreePath::parse(s).unwrap();
        // Two parks of different districts, one of them asked twice and once through a grid.
        let few = [p("/1/2/5/"), p("/1/3/7/"), p("/1/2/5/9/"), p("/1/2/5/")];
        assert_eq!(read_under(&few), vec![p("/1/2/5/"), p("/1/3/7/")]);
        // Five branches of one park: the park once.
        let many: Vec<TreePath> = (10..15).map(|b| p(&format!("/1/2/5/{b}/"))).collect();
        assert_eq!(read_under(&many), vec![p("/1/2/5/")]);
    }
    use chrono::NaiveDate;
    use touyan_domain::cadence::{Cycle, Rule};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_span_is_judged_over_every_period_it_touches() {
        let rule = |cycle| Rule {
            kinds: vec![],
            activity_type: "x".into(),
            cycle,
            min_count: 1,
            due: None,
        };
        assert_eq!(
            period_days(&rule(Cycle::Quarter), d(3, 31), d(7, 1)),
            vec![d(1, 1), d(4, 1), d(7, 1)]
        );
        assert_eq!(
            period_days(&rule(Cycle::Month), d(5, 10), d(5, 10)),
            vec![d(5, 1)]
        );
        assert_eq!(
            period_days(&rule(Cycle::Year), d(2, 1), d(11, 30)),
            vec![d(1, 1)]
        );
    }
}
