//! The request area's live figures: requests at places under a node closed in the period,
//! and visits made to nodes under it in the period.

use crate::entity::request_tables::{service_request as sr, visit};
use crate::kit::area::{Answer, Figure, FigureKind, FigureQuery, FigureValue};
use crate::scope::within;
use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

pub(crate) const FIGURES: &[Figure] = &[
    Figure {
        key: "request.solved",
        zh: "办结诉求件数",
        en: "Requests solved",
        kind: FigureKind::Count,
        read: solved,
    },
    Figure {
        key: "request.visits",
        zh: "走访次数",
        en: "Visits made",
        kind: FigureKind::Count,
        read: visits,
    },
];

/// The first moment of a day in Beijing, in Unix milliseconds.
fn start_ms(d: NaiveDate) -> i64 {
    (d.and_hms_opt(0, 0, 0).expect("a time") - Duration::hours(8))
        .and_utc()
        .timestamp_millis()
}

fn solved<'a>(db: &'a DatabaseConnection, q: &'a FigureQuery) -> Answer<'a, FigureValue> {
    Box::pin(async move {
        let n = sr::Entity::find()
            .filter(within(sr::Column::NodePath, &q.under))
            .filter(sr::Column::State.eq("closed"))
            .filter(sr::Column::ClosedAt.gte(start_ms(q.from)))
            .filter(sr::Column::ClosedAt.lt(start_ms(q.to + Duration::days(1))))
            .count(db)
            .await?;
        Ok(FigureValue {
            numerator: n,
            denominator: None,
        })
    })
}

fn visits<'a>(db: &'a DatabaseConnection, q: &'a FigureQuery) -> Answer<'a, FigureValue> {
    Box::pin(async move {
        let n = visit::Entity::find()
            .filter(within(visit::Column::NodePath, &q.under))
            .filter(visit::Column::VisitedOn.gte(q.from))
            .filter(visit::Column::VisitedOn.lte(q.to))
            .count(db)
            .await?;
        Ok(FigureValue {
            numerator: n,
            denominator: None,
        })
    })
}
