//! The request area's live figures: requests at places under a node closed in the period,
//! and visits made to nodes under it in the period.

use crate::entity::request_tables::{service_request as sr, visit};
use crate::kit::area::{Answer, Figure, FigureKind, FigureManyQuery, FigureQuery, FigureValue};
use crate::kit::subtrees::sums;
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
        read_many: solved_many,
    },
    Figure {
        key: "request.visits",
        zh: "走访次数",
        en: "Visits made",
        kind: FigureKind::Count,
        read: visits,
        read_many: visits_many,
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

/// Counts (the first column of `sums`) as figures.
fn counts(sums: Vec<Vec<u64>>) -> Vec<FigureValue> {
    sums.into_iter()
        .map(|s| FigureValue {
            numerator: s[0],
            denominator: None,
        })
        .collect()
}

/// [`solved`] for many nodes: one grouped statement a few hundred nodes.
fn solved_many<'a>(
    db: &'a DatabaseConnection,
    q: &'a FigureManyQuery,
) -> Answer<'a, Vec<FigureValue>> {
    Box::pin(async move {
        let select = "SELECT sub.lo, CAST(COUNT(x.id) AS BIGINT) FROM sub \
                      JOIN service_request x ON x.node_path >= sub.lo AND x.node_path < sub.hi \
                      WHERE x.state = ? AND x.closed_at >= ? AND x.closed_at < ? \
                      GROUP BY sub.lo";
        let values = [
            "closed".into(),
            start_ms(q.from).into(),
            start_ms(q.to + Duration::days(1)).into(),
        ];
        Ok(counts(sums(db, &q.under, select, &values, 1).await?))
    })
}

/// [`visits`] for many nodes: one grouped statement a few hundred nodes.
fn visits_many<'a>(
    db: &'a DatabaseConnection,
    q: &'a FigureManyQuery,
) -> Answer<'a, Vec<FigureValue>> {
    Box::pin(async move {
        let select = "SELECT sub.lo, CAST(COUNT(x.id) AS BIGINT) FROM sub \
                      JOIN visit x ON x.node_path >= sub.lo AND x.node_path < sub.hi \
                      WHERE x.visited_on >= ? AND x.visited_on <= ? GROUP BY sub.lo";
        let values = [q.from.into(), q.to.into()];
        Ok(counts(sums(db, &q.under, select, &values, 1).await?))
    })
}
