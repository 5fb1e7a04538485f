//! Reading campaigns in the caller's reach: the list with its filters, and one campaign with
//! its targets (the value now, progress and pace, history) and milestones; each campaign of
//! a list with its overall progress.

use super::snapshot::{current, query, read_grouped};
use super::{
    CampaignDetail, CampaignRepo, CampaignView, MilestoneView, PointView, TargetView, ValueView,
};
use crate::entity::campaign_tables::{
    campaign, campaign_milestone as ms, campaign_snapshot as snap, campaign_target as target,
    campaign_value as val,
};
use crate::kit::area::FigureQuery;
use crate::kit::sql::{like_expr, node_names, nonblank};
use crate::kit::today;
use crate::{fetch_page, Page, Result, StorageError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::campaign::{elapsed_pct, overall_pct, pace, progress_pct, Status};
use touyan_domain::tree::TreePath;

/// A live figure's reach: the subtree's path and the days counted.
type FigureKey = (String, chrono::NaiveDate, chrono::NaiveDate);

#[derive(Debug, Clone, Default)]
pub struct CampaignFilter {
    /// Campaigns run at nodes in this node's subtree.
    pub under: Option<i64>,
    /// Part of the name.
    pub q: Option<String>,
    /// `draft`, `active` or `closed`.
    pub status: Option<String>,
}

pub(crate) fn day(d: &chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl CampaignRepo<'_> {
    async fn select(&self, f: &CampaignFilter) -> Result<Select<campaign::Entity>> {
        let seen = self.s.list_filter::<campaign::Entity>(f.under).await?;
        let mut q = campaign::Entity::find().filter(seen);
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(like_expr(campaign::Column::Name, &t));
        }
        if let Some(st) = nonblank(&f.status) {
            if Status::from_code(&st).is_none() {
                return Err(StorageError::field("status", "err.choice"));
            }
            q = q.filter(campaign::Column::Status.eq(st));
        }
        Ok(q)
    }

    fn ordered(q: Select<campaign::Entity>) -> Select<campaign::Entity> {
        q.order_by_desc(campaign::Column::StartOn)
            .order_by_desc(campaign::Column::Id)
    }

    pub async fn list(
        &self,
        f: &CampaignFilter,
        page: touyan_domain::paging::PageRequest,
    ) -> Result<Page<CampaignView>> {
        let mut p = fetch_page(self.s.db, self.select(f).await?, Self::ordered, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    /// Up to `cap` campaigns for an export, in list order.
    pub async fn all(&self, f: &CampaignFilter, cap: u64) -> Result<Vec<CampaignView>> {
        let rows = Self::ordered(self.select(f).await?)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }

    async fn views(&self, rows: Vec<campaign::Model>) -> Result<Vec<CampaignView>> {
        let db = self.s.db;
        let names = node_names(db, rows.iter().map(|m| m.node_id).collect()).await?;
        let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
        let mut targets: HashMap<i64, Vec<target::Model>> = HashMap::new();
        let mut latest: HashMap<i64, ValueView> = HashMap::new();
        let mut stones: HashMap<i64, (i64, i64)> = HashMap::new();
        if !ids.is_empty() {
            for t in target::Entity::find()
                .filter(target::Column::CampaignId.is_in(ids.clone()))
                .order_by_asc(target::Column::Id)
                .all(db)
                .await?
            {
                targets.entry(t.campaign_id).or_default().push(t);
            }
            // The latest value kept by hand of each target, for those kept by hand.
            for v in val::Entity::find()
                .filter(val::Column::CampaignId.is_in(ids.clone()))
                .order_by_desc(val::Column::OnDay)
                .order_by_desc(val::Column::Id)
                .all(db)
                .await?
            {
                latest.entry(v.target_id).or_insert(ValueView {
                    id: v.id,
                    on: day(&v.on_day),
                    value: v.value,
                    note: v.note,
                    recorded_by: v.recorded_by,
                });
            }
            let m: Vec<(i64, Option<chrono::NaiveDate>)> = ms::Entity::find()
                .select_only()
                .column(ms::Column::CampaignId)
                .column(ms::Column::DoneOn)
                .filter(ms::Column::CampaignId.is_in(ids))
                .into_tuple()
                .all(db)
                .await?;
            for (c, done) in m {
                let e = stones.entry(c).or_default();
                e.0 += 1;
                e.1 += i64::from(done.is_some());
            }
        }
        // Each campaign's overall progress, from its targets' values now (live figures
        // read as the campaign's page reads them, each figure and span once for all the
        // campaigns of the page asking it, whatever their subtrees).
        let mut asks: Vec<(String, FigureQuery)> = Vec::new();
        for m in &rows {
            let q = query(m, &TreePath::parse(&m.node_path)?);
            for t in targets.get(&m.id).map(Vec::as_slice).unwrap_or_default() {
                if let Some(key) = &t.figure {
                    asks.push((key.clone(), q.clone()));
                }
            }
        }
        let values = read_grouped(db, &asks).await?;
        let read: HashMap<(String, FigureKey), Option<f64>> = asks
            .into_iter()
            .zip(values)
            .map(|((key, q), f)| {
                let reach = (q.under.as_str().to_string(), q.from, q.to);
                ((key, reach), f.and_then(|f| f.value()))
            })
            .collect();
        let mut overall: HashMap<i64, f64> = HashMap::new();
        for m in &rows {
            let q = query(m, &TreePath::parse(&m.node_path)?);
            let mut progress = Vec::new();
            for t in targets.get(&m.id).map(Vec::as_slice).unwrap_or_default() {
                let value = match &t.figure {
                    Some(key) => {
                        let k = (key.clone(), (m.node_path.clone(), q.from, q.to));
                        read.get(&k).copied().flatten()
                    }
                    None => latest.get(&t.id).map(|v| v.value),
                };
                progress.push(progress_pct(
                    t.baseline,
                    t.goal,
                    value.unwrap_or(t.baseline),
                ));
            }
            if let Some(p) = overall_pct(&progress) {
                overall.insert(m.id, p);
            }
        }
        Ok(rows
            .into_iter()
            .map(|m| {
                let (milestones, milestones_done) = stones.get(&m.id).copied().unwrap_or_default();
                CampaignView {
                    progress_pct: overall.get(&m.id).copied(),
                    id: m.id,
                    node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
                    node_id: m.node_id,
                    name: m.name,
                    description: m.description,
                    start_on: day(&m.start_on),
                    end_on: day(&m.end_on),
                    status: m.status,
                    created_by: m.created_by,
                    targets: targets.get(&m.id).map_or(0, |t| t.len() as i64),
                    milestones,
                    milestones_done,
                }
            })
            .collect())
    }

    /// Whether the caller reads campaign `id` (not found otherwise).
    pub async fn check_visible(&self, id: i64) -> Result<()> {
        self.s
            .load_for_read::<campaign::Entity, _>(self.s.db, id)
            .await
            .map(drop)
    }

    /// Campaign `id` with its targets and milestones.
    pub async fn detail(&self, id: i64) -> Result<CampaignDetail> {
        let db = self.s.db;
        let (m, path) = self.s.load_for_read::<campaign::Entity, _>(db, id).await?;
        let can_manage = self.s.actor.can(Permission::CampaignManage, &path);
        let now = today();
        let targets = target::Entity::find()
            .filter(target::Column::CampaignId.eq(id))
            .order_by_asc(target::Column::Id)
            .all(db)
            .await?;
        let mut history: HashMap<i64, Vec<PointView>> = HashMap::new();
        for s in snap::Entity::find()
            .filter(snap::Column::CampaignId.eq(id))
            .order_by_asc(snap::Column::Day)
            .all(db)
            .await?
        {
            history.entry(s.target_id).or_default().push(PointView {
                day: day(&s.day),
                value: s.value,
            });
        }
        let mut values: HashMap<i64, Vec<ValueView>> = HashMap::new();
        for v in val::Entity::find()
            .filter(val::Column::CampaignId.eq(id))
            .order_by_desc(val::Column::OnDay)
            .order_by_desc(val::Column::Id)
            .all(db)
            .await?
        {
            values.entry(v.target_id).or_default().push(ValueView {
                id: v.id,
                on: day(&v.on_day),
                value: v.value,
                note: v.note,
                recorded_by: v.recorded_by,
            });
        }
        let mut out = Vec::with_capacity(targets.len());
        for t in targets {
            let kept = values.remove(&t.id).unwrap_or_default();
            let (value, figure) = current(db, &m, &path, &t, kept.first()).await?;
            let mut points = history.remove(&t.id).unwrap_or_default();
            let recorded = !kept.is_empty() || !points.is_empty();
            let today_s = day(&now);
            if let Some(v) = value.filter(|_| t.figure.is_some()) {
                if points.last().is_none_or(|p| p.day != today_s) && now >= m.start_on {
                    points.push(PointView {
                        day: today_s,
                        value: v,
                    });
                }
            }
            let progress = progress_pct(t.baseline, t.goal, value.unwrap_or(t.baseline));
            out.push(TargetView {
                id: t.id,
                name: t.name,
                kind: t.kind,
                baseline: t.baseline,
                goal: t.goal,
                due_on: day(&t.due_on),
                figure: t.figure,
                value,
                numerator: figure
                    .filter(|f| f.denominator.is_some())
                    .map(|f| f.numerator),
                denominator: figure.and_then(|f| f.denominator),
                progress_pct: progress,
                elapsed_pct: (elapsed_pct(m.start_on, t.due_on, now) * 10.0).round() / 10.0,
                pace: pace(progress, m.start_on, t.due_on, now).code().into(),
                history: points,
                values: kept,
                recorded,
            });
        }
        let mut files = super::files::files_by_milestone(db, id).await?;
        let milestones = ms::Entity::find()
            .filter(ms::Column::CampaignId.eq(id))
            .order_by_asc(ms::Column::DueOn)
            .order_by_asc(ms::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|s| MilestoneView {
                id: s.id,
                name: s.name,
                due_on: day(&s.due_on),
                overdue: s.done_on.is_none() && s.due_on < now,
                done_on: s.done_on.as_ref().map(day),
                evidence_note: s.evidence_note,
                evidence_link: s.evidence_link,
                files: files.remove(&s.id).unwrap_or_default(),
            })
            .collect();
        let campaign = self.views(vec![m]).await?.remove(0);
        let (tasks, tasks_hidden) = self.linked_tasks(id).await?;
        Ok(CampaignDetail {
            campaign,
            targets: out,
            milestones,
            tasks,
            tasks_hidden,
            can_manage,
        })
    }
}
