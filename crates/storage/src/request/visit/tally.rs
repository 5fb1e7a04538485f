//! The `visits` tally other areas count with: visits to given nodes or by given people,
//! the problems they found, and how many of those requests are closed (solved).

use crate::entity::request_tables::{service_request as sr, visit};
use crate::kit::area::{Answer, TallyQuery, TallyRow};
use crate::Result;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeMap, HashMap};

pub(crate) fn visits<'a>(
    db: &'a DatabaseConnection,
    q: &'a TallyQuery,
) -> Answer<'a, Vec<TallyRow>> {
    Box::pin(count(db, q))
}

async fn count(db: &DatabaseConnection, q: &TallyQuery) -> Result<Vec<TallyRow>> {
    let mut find = visit::Entity::find()
        .select_only()
        .column(visit::Column::Id)
        .column(visit::Column::NodeId)
        .column(visit::Column::VisitorPersonId)
        .column(visit::Column::Problems)
        .column(visit::Column::VisitedOn);
    if !q.node_ids.is_empty() {
        find = find.filter(visit::Column::NodeId.is_in(q.node_ids.clone()));
    }
    if !q.person_ids.is_empty() {
        find = find.filter(visit::Column::VisitorPersonId.is_in(q.person_ids.clone()));
    }
    if let Some(d) = q.from {
        find = find.filter(visit::Column::VisitedOn.gte(d));
    }
    if let Some(d) = q.to {
        find = find.filter(visit::Column::VisitedOn.lte(d));
    }
    let rows: Vec<(i64, i64, Option<i64>, i32, NaiveDate)> = find.into_tuple().all(db).await?;
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|(_, n, _, _, on)| q.since.get(n).is_none_or(|d| on >= d))
        .collect();
    let key_of: HashMap<i64, (i64, Option<i64>)> = rows
        .iter()
        .map(|(id, n, p, _, _)| (*id, (*n, *p)))
        .collect();
    let mut lines: BTreeMap<(i64, Option<i64>), TallyRow> = BTreeMap::new();
    for (_, node_id, person_id, problems, _) in &rows {
        let l = lines.entry((*node_id, *person_id)).or_insert(TallyRow {
            node_id: *node_id,
            person_id: *person_id,
            ..Default::default()
        });
        l.count += 1;
        l.items += (*problems).max(0) as u64;
    }
    let ids: Vec<i64> = key_of.keys().copied().collect();
    for chunk in ids.chunks(crate::IN_CHUNK) {
        let solved: Vec<(Option<i64>, i64)> = sr::Entity::find()
            .select_only()
            .column(sr::Column::VisitId)
            .column_as(sr::Column::Id.count(), "n")
            .filter(sr::Column::VisitId.is_in(chunk.to_vec()))
            .filter(sr::Column::State.eq("closed"))
            .group_by(sr::Column::VisitId)
            .into_tuple()
            .all(db)
            .await?;
        for (vid, n) in solved {
            if let Some(key) = vid.and_then(|v| key_of.get(&v)) {
                if let Some(l) = lines.get_mut(key) {
                    l.done += n as u64;
                }
            }
        }
    }
    Ok(lines.into_values().collect())
}
