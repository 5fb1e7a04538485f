//! The enterprise ledger's live figures: the party-organization coverage of the operating
//! enterprises under a node (read from the kept counts), and the instructors sent to them.

use crate::entity::enterprise_tables::instructor_assignment as ia;
use crate::kit::area::{Answer, Figure, FigureKind, FigureQuery, FigureValue};
use crate::scope::within;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeSet;

pub(crate) const FIGURES: &[Figure] = &[
    Figure {
        key: "enterprise.coverage_rate",
        zh: "非公企业党组织覆盖率",
        en: "Party organization coverage of enterprises",
        kind: FigureKind::Rate,
        read: coverage_rate,
    },
    Figure {
        key: "enterprise.instructors",
        zh: "选派党建工作指导员人数",
        en: "Party-building instructors sent",
        kind: FigureKind::Count,
        read: instructors,
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
