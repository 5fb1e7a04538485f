//! Rounds: the list, the overview (organizations with their totals, each department's
//! progress), starting a round (which freezes the rubric version it uses) and moving its
//! state, with the reopening of a published round by the superior.

use super::rubrics::indicator_views;
use super::scoring::{read_figures, FigureRow};
use super::targets::{offered_studios, resolve, rules_of, NewTarget};
use super::totals::recompute_round;
use super::{DepartmentProgress, EvaluationRepo, RoundDetail, RoundView, TargetView};
use crate::audit::Entry;
use crate::entity::evaluation_tables::{
    round, round_score as score, round_target as target, rubric, rubric_indicator as ind,
    rubric_version as ver,
};
use crate::kit::lookup::node_for;
use crate::kit::sql::{like_expr, node_names, nonblank};
use crate::kit::work::Work;
use crate::{fetch_page, now_ms, Page, Result, StorageError};
use sea_orm::sea_query::Expr;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::evaluation::{move_allowed, ReopenInput, RoundInput, RoundState, Subject};
use touyan_domain::paging::PageRequest;

#[derive(Debug, Clone, Default)]
pub struct RoundFilter {
    /// Rounds run at nodes in this node's subtree.
    pub under: Option<i64>,
    /// Part of the title.
    pub q: Option<String>,
    pub state: Option<String>,
    pub period: Option<String>,
}

/// Score rows written per statement.
const CHUNK: usize = 500;

impl EvaluationRepo<'_> {
    async fn round_select(&self, f: &RoundFilter) -> Result<Select<round::Entity>> {
        let seen = self.s.list_filter::<round::Entity>(f.under).await?;
        let mut q = round::Entity::find().filter(seen);
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(like_expr(round::Column::Title, &t));
        }
        if let Some(st) = nonblank(&f.state) {
            if RoundState::from_code(&st).is_none() {
                return Err(StorageError::field("state", "err.choice"));
            }
            q = q.filter(round::Column::State.eq(st));
        }
        if let Some(p) = nonblank(&f.period) {
            q = q.filter(round::Column::Period.eq(p.to_ascii_uppercase()));
        }
        Ok(q)
    }

    pub async fn rounds(&self, f: &RoundFilter, page: PageRequest) -> Result<Page<RoundView>> {
        let order = |q: Select<round::Entity>| {
            q.order_by_desc(round::Column::Period)
                .order_by_desc(round::Column::Id)
        };
        let mut p = fetch_page(self.s.db, self.round_select(f).await?, order, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(round_views(self.s.db, rows).await?))
    }

    /// Round `id` with its organizations and each department's progress.
    pub async fn round(&self, id: i64) -> Result<RoundDetail> {
        let db = self.s.db;
        let (m, path) = self.s.load_for_read::<round::Entity, _>(db, id).await?;
        let base = ver::Entity::find_by_id(m.version_id)
            .one(db)
            .await?
            .map_or(0, |v| v.base_hundredths);
        let targets = target_views(db, id, None).await?;
        let departments = department_progress(db, &m).await?;
        let indicators = indicator_views(db, m.version_id).await?;
        let can_manage = self.s.actor.can(Permission::EvaluationManage, &path);
        Ok(RoundDetail {
            round: round_views(db, vec![m]).await?.remove(0),
            base,
            targets,
            departments,
            indicators,
            can_manage,
        })
    }

    /// Starts a round at a node the caller manages, on the latest version of a rubric it
    /// reads (that version is frozen from now on), for organizations in the node's subtree.
    pub async fn create_round(&self, input: &RoundInput) -> Result<RoundDetail> {
        let r = input.parse()?;
        let studios = offered_studios(self.s.db, &r).await?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) = node_for(
            &self.s,
            txn,
            r.node_id,
            Permission::EvaluationManage,
            "node_id",
        )
        .await?;
        let (rb, _) = self
            .s
            .load_for_read::<rubric::Entity, _>(txn, r.rubric_id)
            .await
            .map_err(|_| StorageError::field("rubric_id", "err.choice"))?;
        let v = ver::Entity::find()
            .filter(ver::Column::RubricId.eq(rb.id))
            .filter(ver::Column::Version.eq(rb.latest_version))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let nodes = resolve(&self.s, txn, &r, &path, &studios).await?;
        ver::Entity::update_many()
            .col_expr(ver::Column::Frozen, Expr::value(true))
            .filter(ver::Column::Id.eq(v.id))
            .exec(txn)
            .await?;
        let now = now_ms();
        let m = round::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            rubric_id: Set(rb.id),
            version_id: Set(v.id),
            title: Set(r.title.clone()),
            period: Set(r.period.code()),
            state: Set(RoundState::Draft.code().into()),
            reopen_reason: Set(None),
            published_at: Set(None),
            subject: Set(r.subject.code().into()),
            selector_node_id: Set(r.selector.as_ref().map(|x| x.node_id)),
            selector_kinds: Set(r.selector.as_ref().map(|x| x.kinds.join(","))),
            demonstration_at: Set(r.rules.demonstration_at),
            warned_below: Set(r.rules.warned_below),
            delisted_below: Set(r.rules.delisted_below),
            created_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        insert_targets(txn, &m, &nodes).await?;
        work.record(Entry {
            action: "create",
            record_type: "round",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(json!({"title": m.title, "period": m.period, "rubric_id": rb.id,
                "version": v.version, "subject": m.subject,
                "targets": nodes.iter().map(|t| t.studio_id.unwrap_or(t.node_id)).collect::<Vec<_>>(),
                "selector": r.selector.as_ref().map(|x| json!({"node_id": x.node_id, "kinds": x.kinds})),
                "rules": [m.demonstration_at, m.warned_below, m.delisted_below]})),
        })
        .await?;
        work.commit().await?;
        self.round(m.id).await
    }

    /// Moves round `id` to `to`. Into review, the automatic indicators' figures are read and
    /// kept; into notice, every item must carry the department's score; into published, the
    /// totals are fixed. Reopening a published round takes the superior (`evaluation.manage`
    /// above the round's node) and a reason.
    pub async fn move_round(
        &self,
        id: i64,
        to: RoundState,
        reopen: Option<&ReopenInput>,
    ) -> Result<RoundDetail> {
        let db = self.s.db;
        let (pre, pre_path) = self.s.load_for_write::<round::Entity, _>(db, id).await?;
        let from = RoundState::from_code(&pre.state).unwrap_or(RoundState::Draft);
        if !move_allowed(from, to) {
            return Err(StorageError::Refused("rule.evaluation_state"));
        }
        let reason = match to {
            RoundState::Reopened => {
                let above = match pre_path.parent() {
                    Some(p) => self.s.actor.can(Permission::EvaluationManage, &p),
                    None => self
                        .s
                        .actor
                        .grants
                        .allows_global(Permission::EvaluationManage),
                };
                if !above {
                    return Err(StorageError::Forbidden);
                }
                Some(reopen.cloned().unwrap_or_default().parse()?)
            }
            _ => None,
        };
        // Figures are read before the write's transaction, from committed records.
        let figures: Vec<FigureRow> =
            if to == RoundState::Review && from == RoundState::SelfAssessment {
                read_figures(db, &pre).await?
            } else {
                Vec::new()
            };
        let work = Work::begin(db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.s.load_for_write::<round::Entity, _>(txn, id).await?;
        if m.state != pre.state {
            return Err(StorageError::Refused("rule.evaluation_state"));
        }
        for f in &figures {
            f.write(txn).await?;
        }
        if to == RoundState::Notice {
            let open = score::Entity::find()
                .filter(score::Column::RoundId.eq(id))
                .filter(score::Column::ReviewerScore.is_null())
                .count(txn)
                .await?;
            if open > 0 {
                return Err(StorageError::Refused("rule.evaluation_unscored"));
            }
        }
        let now = now_ms();
        fix_totals(txn, &m, to == RoundState::Published).await?;
        let mut upd = round::Entity::update_many()
            .col_expr(round::Column::State, Expr::value(to.code()))
            .col_expr(round::Column::UpdatedAt, Expr::value(now))
            .filter(round::Column::Id.eq(id))
            .filter(round::Column::State.eq(m.state.clone()));
        if let Some(r) = &reason {
            upd = upd.col_expr(round::Column::ReopenReason, Expr::value(r.clone()));
        }
        if to == RoundState::Published {
            upd = upd.col_expr(round::Column::PublishedAt, Expr::value(now));
        }
        if upd.exec(txn).await?.rows_affected != 1 {
            return Err(StorageError::Refused("rule.evaluation_state"));
        }
        work.record(Entry {
            action: if to == RoundState::Reopened {
                "reopen"
            } else {
                "transition"
            },
            record_type: "round",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, &path)),
            before: Some(json!({"state": m.state})),
            after: Some(json!({"state": to.code(), "reason": reason,
                               "figures_read": figures.len()})),
        })
        .await?;
        work.commit().await?;
        self.round(id).await
    }
}

/// The organizations of new round `m`, each with an empty score row per item of its rubric
/// version.
async fn insert_targets(
    txn: &DatabaseTransaction,
    m: &round::Model,
    nodes: &[NewTarget],
) -> Result<()> {
    let now = m.created_at;
    let items: Vec<i64> = ind::Entity::find()
        .select_only()
        .column(ind::Column::Id)
        .filter(ind::Column::VersionId.eq(m.version_id))
        .filter(ind::Column::Section.eq(false))
        .order_by_asc(ind::Column::Position)
        .into_tuple()
        .all(txn)
        .await?;
    let mut rows = Vec::new();
    for n in nodes {
        let t = target::ActiveModel {
            round_id: Set(m.id),
            node_id: Set(n.node_id),
            node_path: Set(n.node_path.clone()),
            self_total: Set(None),
            review_total: Set(None),
            vetoed: Set(false),
            final_total: Set(None),
            studio_id: Set(n.studio_id),
            studio_name: Set(n.studio_name.clone()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for i in &items {
            rows.push(score::ActiveModel {
                round_id: Set(m.id),
                target_id: Set(t.id),
                indicator_id: Set(*i),
                node_path: Set(n.node_path.clone()),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(CHUNK));
        score::Entity::insert_many(std::mem::replace(&mut rows, rest))
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Brings every organization's totals in round `m` up to date; on publication its final
/// total is fixed as the departments' total.
async fn fix_totals(txn: &DatabaseTransaction, m: &round::Model, publish: bool) -> Result<()> {
    recompute_round(txn, m.id, m.version_id).await?;
    if publish {
        target::Entity::update_many()
            .col_expr(
                target::Column::FinalTotal,
                Expr::col(target::Column::ReviewTotal).into(),
            )
            .filter(target::Column::RoundId.eq(m.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Rounds as lists show them.
pub(super) async fn round_views<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<round::Model>,
) -> Result<Vec<RoundView>> {
    let names = node_names(
        conn,
        rows.iter()
            .flat_map(|m| std::iter::once(m.node_id).chain(m.selector_node_id))
            .collect(),
    )
    .await?;
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let mut counts: HashMap<i64, i64> = HashMap::new();
    if !ids.is_empty() {
        let t: Vec<i64> = target::Entity::find()
            .select_only()
            .column(target::Column::RoundId)
            .filter(target::Column::RoundId.is_in(ids))
            .into_tuple()
            .all(conn)
            .await?;
        for r in t {
            *counts.entry(r).or_default() += 1;
        }
    }
    let rubric_ids: Vec<i64> = rows.iter().map(|m| m.rubric_id).collect();
    let rubrics: HashMap<i64, String> = rubric::Entity::find()
        .filter(rubric::Column::Id.is_in(rubric_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let version_ids: Vec<i64> = rows.iter().map(|m| m.version_id).collect();
    let versions: HashMap<i64, i32> = ver::Entity::find()
        .filter(ver::Column::Id.is_in(version_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| (v.id, v.version))
        .collect();
    Ok(rows
        .into_iter()
        .map(|m| RoundView {
            id: m.id,
            node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
            node_id: m.node_id,
            title: m.title,
            period: m.period,
            state: m.state,
            rubric_name: rubrics.get(&m.rubric_id).cloned().unwrap_or_default(),
            rubric_id: m.rubric_id,
            version: versions.get(&m.version_id).copied().unwrap_or(1),
            reopen_reason: m.reopen_reason,
            targets: counts.get(&m.id).copied().unwrap_or(0),
            created_by: m.created_by,
            subject: m.subject,
            selector_node_name: m.selector_node_id.and_then(|n| names.get(&n).cloned()),
            selector_node_id: m.selector_node_id,
            selector_kinds: m
                .selector_kinds
                .as_deref()
                .map(touyan_domain::input::split_codes)
                .unwrap_or_default(),
            demonstration_at: m.demonstration_at,
            warned_below: m.warned_below,
            delisted_below: m.delisted_below,
        })
        .collect())
}

/// The organizations of round `round_id` (only `only` when given), by name.
pub(super) async fn target_views<C: ConnectionTrait>(
    conn: &C,
    round_id: i64,
    only: Option<i64>,
) -> Result<Vec<TargetView>> {
    let mut q = target::Entity::find().filter(target::Column::RoundId.eq(round_id));
    if let Some(t) = only {
        q = q.filter(target::Column::Id.eq(t));
    }
    let rows = q.all(conn).await?;
    let rules = round::Entity::find_by_id(round_id)
        .one(conn)
        .await?
        .filter(|r| r.subject == Subject::Studios.code())
        .map(|r| rules_of(&r));
    let names = node_names(conn, rows.iter().map(|t| t.node_id).collect()).await?;
    let ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
    let marks: Vec<(i64, Option<i64>, Option<i64>)> = score::Entity::find()
        .select_only()
        .column(score::Column::TargetId)
        .column(score::Column::SelfScore)
        .column(score::Column::ReviewerScore)
        .filter(score::Column::TargetId.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    let mut done: HashMap<i64, (i64, i64, i64)> = HashMap::new();
    for (t, s, r) in marks {
        let e = done.entry(t).or_default();
        e.0 += i64::from(s.is_some());
        e.1 += i64::from(r.is_some());
        e.2 += 1;
    }
    let mut out: Vec<TargetView> = rows
        .into_iter()
        .map(|t| {
            let (self_scored, reviewed, items) = done.get(&t.id).copied().unwrap_or_default();
            TargetView {
                id: t.id,
                node_name: names.get(&t.node_id).cloned().unwrap_or_default(),
                node_id: t.node_id,
                difference: t.review_total.zip(t.self_total).map(|(r, s)| r - s),
                self_total: t.self_total,
                review_total: t.review_total,
                vetoed: t.vetoed,
                final_total: t.final_total,
                proposal: rules
                    .zip(t.final_total)
                    .and_then(|(r, total)| r.propose(total, t.vetoed))
                    .map(|p| p.code().to_string()),
                studio_id: t.studio_id,
                studio_name: t.studio_name,
                self_scored,
                reviewed,
                items,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.studio_name.as_ref().unwrap_or(&a.node_name), a.id)
            .cmp(&(b.studio_name.as_ref().unwrap_or(&b.node_name), b.id))
    });
    Ok(out)
}

/// Each scoring department's items scored of its items, over the round's organizations.
async fn department_progress<C: ConnectionTrait>(
    conn: &C,
    m: &round::Model,
) -> Result<Vec<DepartmentProgress>> {
    let depts: HashMap<i64, Option<i64>> = ind::Entity::find()
        .filter(ind::Column::VersionId.eq(m.version_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|i| (i.id, i.department_id))
        .collect();
    let rows: Vec<(i64, Option<i64>)> = score::Entity::find()
        .select_only()
        .column(score::Column::IndicatorId)
        .column(score::Column::ReviewerScore)
        .filter(score::Column::RoundId.eq(m.id))
        .into_tuple()
        .all(conn)
        .await?;
    let mut by: HashMap<Option<i64>, (i64, i64)> = HashMap::new();
    for (i, r) in rows {
        let e = by.entry(depts.get(&i).copied().flatten()).or_default();
        e.0 += i64::from(r.is_some());
        e.1 += 1;
    }
    let names = node_names(conn, by.keys().filter_map(|d| *d).collect()).await?;
    let mut out: Vec<DepartmentProgress> = by
        .into_iter()
        .map(|(d, (scored, total))| DepartmentProgress {
            department_id: d,
            department_name: d.and_then(|d| names.get(&d).cloned()),
            scored,
            total,
        })
        .collect();
    out.sort_by_key(|d| d.department_id);
    Ok(out)
}
