//! The work lists' live figures: of the tasks issued at or under a node and due between two
//! days, the share of their recipients accepted, and accepted having submitted on time —
//! read from the counts kept per task at its issuing node, never from the recipients' rows.

use crate::kit::area::{Answer, Figure, FigureKind, FigureManyQuery, FigureQuery, FigureValue};
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub(crate) const FIGURES: &[Figure] = &[
    Figure {
        key: "task.completion_rate",
        zh: "工作任务完成率",
        en: "Task completion rate",
        kind: FigureKind::Rate,
        read: completion_rate,
        read_many: completion_rate_many,
    },
    Figure {
        key: "task.on_time_rate",
        zh: "工作任务按时完成率",
        en: "Tasks completed on time",
        kind: FigureKind::Rate,
        read: on_time_rate,
        read_many: on_time_rate_many,
    },
];

/// Recipients, accepted and accepted on time of the tasks issued at or under the query's
/// node, due (Beijing day) between its days; a withdrawn task counts in no rate.
async fn totals(db: &DatabaseConnection, q: &FigureQuery) -> crate::Result<(u64, u64, u64)> {
    if q.from > q.to {
        return Ok((0, 0, 0));
    }
    let start = q.from.and_hms_opt(0, 0, 0).expect("midnight");
    let end = (q.to + chrono::Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight");
    // The issuing node's row of each task (the one without a parent) holds all its
    // recipients.
    let sql = "SELECT CAST(COALESCE(SUM(c.total), 0) AS BIGINT), \
               CAST(COALESCE(SUM(c.accepted), 0) AS BIGINT), \
               CAST(COALESCE(SUM(c.on_time), 0) AS BIGINT) \
               FROM task t JOIN task_count c ON c.task_id = t.id AND c.node_id = t.node_id \
               WHERE t.node_path >= ? AND t.node_path < ? AND t.withdrawn_at IS NULL \
               AND t.due_at >= ? AND t.due_at < ?";
    let values: Vec<sea_orm::Value> = vec![
        q.under.as_str().into(),
        q.under.upper_bound().into(),
        start.into(),
        end.into(),
    ];
    let row = db
        .query_one(crate::kit::sql::stmt(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?;
    let Some(row) = row else {
        return Ok((0, 0, 0));
    };
    let get = |i: usize| -> crate::Result<u64> {
        let n: i64 = row.try_get_by_index(i)?;
        Ok(n.max(0) as u64)
    };
    Ok((get(0)?, get(1)?, get(2)?))
}

fn completion_rate<'a>(db: &'a DatabaseConnection, q: &'a FigureQuery) -> Answer<'a, FigureValue> {
    Box::pin(async move {
        let (total, accepted, _) = totals(db, q).await?;
        Ok(FigureValue {
            numerator: accepted,
            denominator: Some(total),
        })
    })
}

fn on_time_rate<'a>(db: &'a DatabaseConnection, q: &'a FigureQuery) -> Answer<'a, FigureValue> {
    Box::pin(async move {
        let (total, _, on_time) = totals(db, q).await?;
        Ok(FigureValue {
            numerator: on_time,
            denominator: Some(total),
        })
    })
}

/// [`totals`] for many nodes: one grouped statement a few hundred nodes.
async fn totals_many(
    db: &DatabaseConnection,
    q: &FigureManyQuery,
) -> crate::Result<Vec<(u64, u64, u64)>> {
    if q.from > q.to {
        return Ok(vec![(0, 0, 0); q.under.len()]);
    }
    let start = q.from.and_hms_opt(0, 0, 0).expect("midnight");
    let end = (q.to + chrono::Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight");
    let select = "SELECT sub.lo, CAST(COALESCE(SUM(c.total), 0) AS BIGINT), \
                  CAST(COALESCE(SUM(c.accepted), 0) AS BIGINT), \
                  CAST(COALESCE(SUM(c.on_time), 0) AS BIGINT) \
                  FROM sub JOIN task t ON t.node_path >= sub.lo AND t.node_path < sub.hi \
                  JOIN task_count c ON c.task_id = t.id AND c.node_id = t.node_id \
                  WHERE t.withdrawn_at IS NULL AND t.due_at >= ? AND t.due_at < ? \
                  GROUP BY sub.lo";
    let values = [start.into(), end.into()];
    Ok(crate::kit::subtrees::sums(db, &q.under, select, &values, 3)
        .await?
        .into_iter()
        .map(|s| (s[0], s[1], s[2]))
        .collect())
}

/// The rate of `part` (accepted, or accepted on time) among all recipients, for each node.
async fn rates_many(
    db: &DatabaseConnection,
    q: &FigureManyQuery,
    part: fn(&(u64, u64, u64)) -> u64,
) -> crate::Result<Vec<FigureValue>> {
    Ok(totals_many(db, q)
        .await?
        .iter()
        .map(|t| FigureValue {
            numerator: part(t),
            denominator: Some(t.0),
        })
        .collect())
}

fn completion_rate_many<'a>(
    db: &'a DatabaseConnection,
    q: &'a FigureManyQuery,
) -> Answer<'a, Vec<FigureValue>> {
    Box::pin(rates_many(db, q, |t| t.1))
}

fn on_time_rate_many<'a>(
    db: &'a DatabaseConnection,
    q: &'a FigureManyQuery,
) -> Answer<'a, Vec<FigureValue>> {
    Box::pin(rates_many(db, q, |t| t.2))
}
