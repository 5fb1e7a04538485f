//! The people area's live figure: members recruited — people filed under a node who became
//! probationary members (发展党员) in the period.

use crate::entity::person;
use crate::kit::area::{Answer, Figure, FigureKind, FigureManyQuery, FigureQuery, FigureValue};
use crate::kit::subtrees::sums;
use crate::scope::within;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

pub(crate) const FIGURES: &[Figure] = &[Figure {
    key: "people.recruited",
    zh: "发展党员人数",
    en: "Members recruited",
    kind: FigureKind::Count,
    read: recruited,
    read_many: recruited_many,
}];

fn recruited<'a>(db: &'a DatabaseConnection, q: &'a FigureQuery) -> Answer<'a, FigureValue> {
    Box::pin(async move {
        let n = person::Entity::find()
            .filter(within(person::Column::NodePath, &q.under))
            .filter(person::Column::ProbationOn.gte(q.from))
            .filter(person::Column::ProbationOn.lte(q.to))
            .count(db)
            .await?;
        Ok(FigureValue {
            numerator: n,
            denominator: None,
        })
    })
}

/// The same for many nodes: one grouped statement a few hundred nodes.
fn recruited_many<'a>(
    db: &'a DatabaseConnection,
    q: &'a FigureManyQuery,
) -> Answer<'a, Vec<FigureValue>> {
    Box::pin(async move {
        let select = "SELECT sub.lo, CAST(COUNT(x.id) AS BIGINT) FROM sub JOIN person x \
                      ON x.node_path >= sub.lo AND x.node_path < sub.hi \
                      WHERE x.probation_on >= ? AND x.probation_on <= ? GROUP BY sub.lo";
        let sums = sums(db, &q.under, select, &[q.from.into(), q.to.into()], 1).await?;
        Ok(sums
            .into_iter()
            .map(|s| FigureValue {
                numerator: s[0],
                denominator: None,
            })
            .collect())
    })
}
