//! The enterprise ledger's live figures: the party-organization coverage of the operating
//! enterprises under a node (read from the kept counts), and the instructors sent to them.

use super::Coverage;
use crate::entity::enterprise_tables::{
    enterprise_count as count, enterprise_mark as mark, instructor_assignment as ia,
};
use crate::kit::area::{Answer, Figure, FigureKind, FigureManyQuery, FigureQuery, FigureValue};
use crate::kit::subtrees::sums;
use crate::scope::within;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeSet, HashMap};
use touyan_domain::enterprise::tally::{ALL, FOREST};

pub(crate) const FIGURES: &[Figure] = &[
    Figure {
        key: "enterprise.coverage_rate",
        zh: "非公企业党组织覆盖率",
        en: "Party organization coverage of enterprises",
        kind: FigureKind::Rate,
        read: coverage_rate,
        read_many: coverage_rate_many,
    },
    Figure {
        key: "enterprise.instructors",
        zh: "选派党建工作指导员人数",
        en: "Party-building instructors sent",
        kind: FigureKind::Count,
        read: instructors,
        read_many: instructors_many,
    },
];

/// Enterprises with their own, a joint or an incubating organization, over the operating
/// enterprises, as kept now.
fn coverage_rate<'a>(db: &'a DatabaseConnection, q: &'a FigureQuery) -> Answer<'a, FigureValue> {
    Box::pin(async move {
        let c = super::counts::read(db, std::slice::from_ref(&q.under)).await?;
        Ok(FigureValue {
            numerator: c.own + c.joint + c.incubation,
            denominator: Some(c.enterprises),
        })
    })
}

/// The people sent as instructors to enterprises under the node and still there on the
/// query's last day, each counted once.
fn instructors<'a>(db: &'a DatabaseConnection, q: &'a FigureQuery) -> Answer<'a, FigureValue> {
    Box::pin(async move {
        let people: Vec<i64> = ia::Entity::find()
            .select_only()
            .column(ia::Column::PersonId)
            .filter(within(ia::Column::NodePath, &q.under))
            .filter(ia::Column::FromOn.lte(q.to))
            .filter(
                Condition::any()
                    .add(ia::Column::UntilOn.is_null())
                    .add(ia::Column::UntilOn.gt(q.to)),
            )
            .into_tuple()
            .all(db)
            .await?;
        let distinct: BTreeSet<i64> = people.into_iter().collect();
        Ok(FigureValue {
            numerator: distinct.len() as u64,
            denominator: None,
        })
    })
}

/// [`coverage_rate`] for many nodes: the kept lines of all the nodes, and their own marks
/// when they are enterprises, read together (a few hundred nodes a statement).
fn coverage_rate_many<'a>(
    db: &'a DatabaseConnection,
    q: &'a FigureManyQuery,
) -> Answer<'a, Vec<FigureValue>> {
    Box::pin(async move {
        let node = |p: &touyan_domain::tree::TreePath| p.id().unwrap_or(FOREST);
        let mut ids: Vec<i64> = q.under.iter().map(node).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut of: HashMap<i64, Coverage> = HashMap::new();
        let lines = count::Entity::find().filter(count::Column::Dim.eq(ALL));
        for l in crate::find_in(db, lines, count::Column::NodeId, &ids).await? {
            let c = of.entry(l.node_id).or_default();
            c.add_many(&l.party, l.n as u64, l.members as u64, l.breaking as u64);
        }
        let own = mark::Entity::find().filter(mark::Column::Operating.eq(true));
        for m in crate::find_in(db, own, mark::Column::NodeId, &ids).await? {
            let c = of.entry(m.node_id).or_default();
            c.add_many(&m.party, 1, m.members as u64, u64::from(m.breaking));
        }
        Ok(q.under
            .iter()
            .map(|p| {
                let c = of.get(&node(p)).cloned().unwrap_or_default();
                FigureValue {
                    numerator: c.own + c.joint + c.incubation,
                    denominator: Some(c.enterprises),
                }
            })
            .collect())
    })
}

/// [`instructors`] for many nodes: one grouped statement a few hundred nodes.
fn instructors_many<'a>(
    db: &'a DatabaseConnection,
    q: &'a FigureManyQuery,
) -> Answer<'a, Vec<FigureValue>> {
    Box::pin(async move {
        let select = "SELECT sub.lo, CAST(COUNT(DISTINCT x.person_id) AS BIGINT) FROM sub \
                      JOIN instructor_assignment x \
                      ON x.node_path >= sub.lo AND x.node_path < sub.hi \
                      WHERE x.from_on <= ? AND (x.until_on IS NULL OR x.until_on > ?) \
                      GROUP BY sub.lo";
        let values = [q.to.into(), q.to.into()];
        Ok(sums(db, &q.under, select, &values, 1)
            .await?
            .into_iter()
            .map(|s| FigureValue {
                numerator: s[0],
                denominator: None,
            })
            .collect())
    })
}
