//! Figures the work lists offer other areas through the list of areas: per recipient node,
//! how many tasks it received, how many of them were accepted, and how many accepted having
//! submitted on time (`task_completion`, for an evaluation of the nodes).

use crate::entity::task_tables::{task, task_recipient as rec};
use crate::kit::area::{Answer, TallyQuery, TallyRow};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeMap;
use touyan_domain::task::State;

/// Tasks issued to the nodes of `q` (all nodes when none) and due between its days (the due
/// moment's day, Beijing).
async fn completion(db: &DatabaseConnection, q: &TallyQuery) -> crate::Result<Vec<TallyRow>> {
    let mut sel = rec::Entity::find()
        .select_only()
        .column(rec::Column::NodeId)
        .column(rec::Column::State)
        .column(rec::Column::Late);
    if !q.node_ids.is_empty() {
        sel = sel.filter(rec::Column::NodeId.is_in(q.node_ids.clone()));
    }
    // A withdrawn task counts in no rate.
    let withdrawn = Query::select()
        .column(task::Column::Id)
        .from(task::Entity)
        .and_where(Expr::col(task::Column::WithdrawnAt).is_not_null())
        .to_owned();
    sel = sel.filter(rec::Column::TaskId.not_in_subquery(withdrawn));
    if q.from.is_some() || q.to.is_some() {
        let mut due = Query::select()
            .column(task::Column::Id)
            .from(task::Entity)
            .to_owned();
        if let Some(d) = q.from {
            due.and_where(Expr::col(task::Column::DueAt).gte(d.and_hms_opt(0, 0, 0)));
        }
        if let Some(d) = q.to {
            due.and_where(Expr::col(task::Column::DueAt).lte(d.and_hms_opt(23, 59, 59)));
        }
        sel = sel.filter(rec::Column::TaskId.in_subquery(due));
    }
    let rows: Vec<(i64, String, bool)> = sel.into_tuple().all(db).await?;
    let mut by_node: BTreeMap<i64, TallyRow> = BTreeMap::new();
    for (node, state, late) in rows {
        let row = by_node.entry(node).or_insert(TallyRow {
            node_id: node,
            ..Default::default()
        });
        row.count += 1;
        if state == State::Accepted.code() {
            row.items += 1;
            if !late {
                row.done += 1;
            }
        }
    }
    Ok(by_node.into_values().collect())
}

/// Per node: tasks received (`count`), accepted (`items`), accepted on time (`done`).
pub(super) fn task_completion<'a>(
    db: &'a DatabaseConnection,
    q: &'a TallyQuery,
) -> Answer<'a, Vec<TallyRow>> {
    Box::pin(completion(db, q))
}

#[cfg(test)]
mod tests {
    use crate::entity::org_node;
    use crate::entity::task_tables::{task, task_recipient as rec};
    use crate::kit::area::TallyQuery;
    use crate::Store;
    use chrono::NaiveDate;
    use sea_orm::{ActiveModelTrait, Set};

    async fn node(db: &sea_orm::DatabaseConnection, id: i64, path: &str) {
        org_node::ActiveModel {
            id: Set(id),
            parent_id: Set(None),
            path: Set(path.into()),
            depth: Set(1),
            name: Set(format!("n{id}")),
            spell: Set(format!("n{id}")),
            kind: Set("party_branch".into()),
            code: Set(None),
            sort_order: Set(0),
            status: Set("active".into()),
            created_at: Set(0),
            updated_at: Set(0),
        }
        .insert(db)
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn completion_counts_tasks_received_accepted_and_on_time_per_node() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/t.db", dir.path().display()))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let db = store.raw_connection();
        node(db, 900_201, "/900201/").await;
        node(db, 900_202, "/900202/").await;
        let due = |d: u32| {
            NaiveDate::from_ymd_opt(2026, 3, d)
                .unwrap()
                .and_hms_opt(18, 0, 0)
                .unwrap()
        };
        for (id, day) in [(1, 10), (2, 20)] {
            task::ActiveModel {
                id: Set(id),
                node_id: Set(900_201),
                node_path: Set("/900201/".into()),
                title: Set(format!("t{id}")),
                body: Set(None),
                due_at: Set(due(day)),
                fields: Set("[]".into()),
                recipients: Set(1),
                issued_by: Set("x".into()),
                issued_at: Set(due(1)),
                created_at: Set(0),
                updated_at: Set(0),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
        }
        let rows = [
            (1, 900_202, "accepted", false),
            (2, 900_202, "accepted", true),
            (1, 900_201, "returned", false),
        ];
        for (task_id, node_id, state, late) in rows {
            rec::ActiveModel {
                task_id: Set(task_id),
                node_id: Set(node_id),
                node_path: Set(format!("/{node_id}/")),
                state: Set(state.into()),
                late: Set(late),
                reminders: Set(0),
                updated_at: Set(0),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
        }
        let all = crate::areas::tally(db, "task_completion", &TallyQuery::default())
            .await
            .unwrap();
        let line = |n: i64| {
            let r = all.iter().find(|r| r.node_id == n).unwrap();
            (r.count, r.items, r.done)
        };
        assert_eq!(line(900_202), (2, 2, 1));
        assert_eq!(line(900_201), (1, 0, 0));
        let q = TallyQuery {
            node_ids: vec![900_202],
            to: NaiveDate::from_ymd_opt(2026, 3, 15),
            ..Default::default()
        };
        let early = crate::areas::tally(db, "task_completion", &q)
            .await
            .unwrap();
        assert_eq!(early.len(), 1);
        assert_eq!((early[0].count, early[0].items, early[0].done), (1, 1, 1));
    }
}
