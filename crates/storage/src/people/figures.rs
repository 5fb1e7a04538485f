//! The people area's live figure: members recruited — people filed under a node who became
//! probationary members (发展党员) in the period.

use crate::entity::person;
use crate::kit::area::{Answer, Figure, FigureKind, FigureQuery, FigureValue};
use crate::scope::within;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

pub(crate) const FIGURES: &[Figure] = &[Figure {
    key: "people.recruited",
    zh: "发展党员人数",
    en: "Members recruited",
    kind: FigureKind::Count,
    read: recruited,
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
