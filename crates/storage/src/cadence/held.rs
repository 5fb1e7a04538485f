//! The activities held at a service centre, as the centre's pages show them: on its page for
//! a signed-in caller, those the caller reads; on its public page, only the day, types,
//! topic and organization of those already held, and how many were held this year.

use crate::entity::cadence_tables::cadence_activity as activity;
use crate::entity::dict_entry;
use crate::kit::area::{Answer, HeldActivity, PublicHeld};
use crate::kit::sql::node_names;
use crate::{Result, Scoped};
use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// The most activities the public page lists.
const PUBLIC_LATEST: u64 = 20;

/// The rows as the centre's pages show them, the types named in both languages.
async fn held<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<activity::Model>,
    with_id: bool,
) -> Result<Vec<HeldActivity>> {
    let names: HashMap<String, (String, String)> = dict_entry::Entity::find()
        .filter(dict_entry::Column::Dict.eq("activity_type"))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.code, (e.name_zh, e.name_en)))
        .collect();
    let nodes = node_names(conn, rows.iter().map(|m| m.node_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|m| HeldActivity {
            id: with_id.then_some(m.id),
            held_on: m.held_on,
            types: m
                .types
                .split(',')
                .map(|c| {
                    names
                        .get(c)
                        .cloned()
                        .unwrap_or_else(|| (c.to_string(), c.to_string()))
                })
                .collect(),
            topic: m.topic,
            node_name: nodes.get(&m.node_id).cloned().unwrap_or_default(),
        })
        .collect())
}

fn latest(q: sea_orm::Select<activity::Entity>) -> sea_orm::Select<activity::Entity> {
    q.order_by_desc(activity::Column::HeldAt)
        .order_by_desc(activity::Column::Id)
}

/// Up to `limit` activities held at centre `id` that the caller reads, latest first.
pub(super) fn readable(s: Scoped<'_>, id: i64, limit: u64) -> Answer<'_, Vec<HeldActivity>> {
    Box::pin(async move {
        let seen = s.list_filter::<activity::Entity>(None).await?;
        let rows = latest(activity::Entity::find().filter(seen))
            .filter(activity::Column::CentreId.eq(id))
            .limit(limit)
            .all(s.db)
            .await?;
        held(s.db, rows, true).await
    })
}

/// The latest activities held at centre `id` on or before `today`, with no link to them,
/// and how many were held there in `today`'s year up to it.
pub(super) fn public(db: &DatabaseConnection, id: i64, today: NaiveDate) -> Answer<'_, PublicHeld> {
    Box::pin(async move {
        let done = activity::Entity::find()
            .filter(activity::Column::CentreId.eq(id))
            .filter(activity::Column::HeldOn.lte(today));
        let rows = latest(done.clone()).limit(PUBLIC_LATEST).all(db).await?;
        let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let this_year = done
            .filter(activity::Column::HeldOn.gte(year_start))
            .count(db)
            .await?;
        Ok(PublicHeld {
            latest: held(db, rows, false).await?,
            this_year,
        })
    })
}

/// How many activities name centre `id` as where they were held.
pub(super) fn count(txn: &DatabaseTransaction, id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(activity::Entity::find()
            .filter(activity::Column::CentreId.eq(id))
            .count(txn)
            .await?)
    })
}
