//! A target's value now, and its history: a point a day, written by the daily job for the
//! targets that follow a live figure and whenever a value is kept by hand.

use super::ValueView;
use crate::entity::campaign_tables::{
    campaign, campaign_snapshot as snap, campaign_target as target,
};
use crate::kit::area::{FigureManyQuery, FigureQuery, FigureValue};
use crate::kit::today;
use crate::kit::work::Work;
use crate::{Actor, Result, Store};
use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};
use touyan_domain::campaign::Status;
use touyan_domain::tree::TreePath;

/// What a campaign's live figures are asked: its node's subtree from its start to today (or
/// its end, once past).
pub(super) fn query(c: &campaign::Model, path: &TreePath) -> FigureQuery {
    FigureQuery {
        under: path.clone(),
        from: c.start_on,
        to: today().min(c.end_on).max(c.start_on),
    }
}

/// The value of target `t` now: its live figure's (with the figure's parts), or the latest
/// kept by hand.
pub(super) async fn current(
    db: &DatabaseConnection,
    c: &campaign::Model,
    path: &TreePath,
    t: &target::Model,
    latest: Option<&ValueView>,
) -> Result<(Option<f64>, Option<FigureValue>)> {
    match &t.figure {
        Some(key) => {
            let f = crate::areas::figure(db, key, &query(c, path)).await?;
            Ok((f.and_then(|f| f.value()), f))
        }
        None => Ok((latest.map(|v| v.value), None)),
    }
}

/// The live figures asked by many targets, as (figure key, query), in order: each key and
/// span read once for every subtree asking it, in a few grouped statements (none for a key
/// no area offers).
pub(super) async fn read_grouped(
    db: &DatabaseConnection,
    asks: &[(String, FigureQuery)],
) -> Result<Vec<Option<FigureValue>>> {
    type Span = (String, NaiveDate, NaiveDate);
    let mut groups: BTreeMap<Span, Vec<TreePath>> = BTreeMap::new();
    for (key, q) in asks {
        let paths = groups.entry((key.clone(), q.from, q.to)).or_default();
        if !paths.contains(&q.under) {
            paths.push(q.under.clone());
        }
    }
    let mut read: HashMap<(Span, TreePath), FigureValue> = HashMap::new();
    for ((key, from, to), under) in groups {
        let q = FigureManyQuery { under, from, to };
        if let Some(values) = crate::areas::figures_many(db, &key, &q).await? {
            for (p, v) in q.under.into_iter().zip(values) {
                read.insert(((key.clone(), from, to), p), v);
            }
        }
    }
    Ok(asks
        .iter()
        .map(|(key, q)| {
            read.get(&((key.clone(), q.from, q.to), q.under.clone()))
                .copied()
        })
        .collect())
}

/// Writes (or rewrites) the point of target `t` on `day`.
pub(super) async fn put_point<C: ConnectionTrait>(
    conn: &C,
    t: &target::Model,
    day: NaiveDate,
    value: f64,
) -> Result<()> {
    let row = snap::ActiveModel {
        target_id: Set(t.id),
        day: Set(day),
        campaign_id: Set(t.campaign_id),
        node_path: Set(t.node_path.clone()),
        value: Set(value),
    };
    snap::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([snap::Column::TargetId, snap::Column::Day])
                .update_column(snap::Column::Value)
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

impl Store {
    /// Writes today's point of every target that follows a live figure, in every active
    /// campaign running today; answers how many points were written.
    pub async fn campaign_snapshots(&self) -> Result<u64> {
        let db = self.raw_connection();
        let now = today();
        let running = campaign::Entity::find()
            .filter(campaign::Column::Status.eq(Status::Active.code()))
            .filter(campaign::Column::StartOn.lte(now))
            .filter(campaign::Column::EndOn.gte(now))
            .all(db)
            .await?;
        let mut bound = Vec::new();
        for c in &running {
            let path = TreePath::parse(&c.node_path)?;
            for t in target::Entity::find()
                .filter(target::Column::CampaignId.eq(c.id))
                .filter(target::Column::Figure.is_not_null())
                .all(db)
                .await?
            {
                bound.push((t, query(c, &path)));
            }
        }
        // Each figure and span read once for all the campaigns asking it.
        let asks: Vec<(String, FigureQuery)> = bound
            .iter()
            .map(|(t, q)| (t.figure.clone().unwrap_or_default(), q.clone()))
            .collect();
        let values = read_grouped(db, &asks).await?;
        let points: Vec<(target::Model, f64)> = bound
            .into_iter()
            .zip(values)
            .filter_map(|((t, _), f)| f.and_then(|f| f.value()).map(|v| (t, v)))
            .collect();
        if points.is_empty() {
            return Ok(0);
        }
        let actor = Actor::system();
        let work = Work::begin(db, &actor).await?;
        for (t, v) in &points {
            put_point(work.txn(), t, now, *v).await?;
        }
        work.commit_unaudited(
            "daily points of live figures, read from records audited where they were written",
        )
        .await?;
        Ok(points.len() as u64)
    }
}
