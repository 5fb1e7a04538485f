//! Changing and removing what a campaign holds, each in one audited unit of work with the
//! values before and after: its header, a target (its measure only while nothing was
//! recorded against it), a target removed with its progress, and the campaign removed while
//! it has no progress history and no milestone done.

use super::read::day;
use super::{CampaignDetail, CampaignRepo};
use crate::audit::Entry;
use crate::entity::campaign_tables::{
    campaign, campaign_file as file, campaign_milestone as ms, campaign_snapshot as snap,
    campaign_target as target, campaign_task as link, campaign_value as val,
};
use crate::kit::lookup::node_for;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect,
};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::campaign::{
    check_deletable, check_move, check_target_change, CampaignEditInput, Kind, Measure, TargetInput,
};
use touyan_domain::tree::TreePath;

fn header_json(m: &campaign::Model) -> serde_json::Value {
    json!({"name": m.name, "description": m.description, "start_on": day(&m.start_on),
           "end_on": day(&m.end_on), "node_id": m.node_id})
}

fn target_json(t: &target::Model) -> serde_json::Value {
    json!({"campaign_id": t.campaign_id, "name": t.name, "kind": t.kind,
           "baseline": t.baseline, "goal": t.goal, "due_on": day(&t.due_on),
           "figure": t.figure})
}

/// Whose progress is counted: one target, or every target of a campaign.
enum ProgressOf {
    Target(i64),
    Campaign(i64),
}

/// How many values kept by hand and points of history the target or campaign has.
async fn progress<C: ConnectionTrait>(conn: &C, of: ProgressOf) -> Result<(u64, u64)> {
    let (by_value, by_point) = match of {
        ProgressOf::Target(id) => (val::Column::TargetId.eq(id), snap::Column::TargetId.eq(id)),
        ProgressOf::Campaign(id) => (
            val::Column::CampaignId.eq(id),
            snap::Column::CampaignId.eq(id),
        ),
    };
    let values = val::Entity::find().filter(by_value).count(conn).await?;
    let points = snap::Entity::find().filter(by_point).count(conn).await?;
    Ok((values, points))
}

impl CampaignRepo<'_> {
    /// Target `tid` of campaign `c`, not found otherwise.
    async fn target_of(
        &self,
        txn: &DatabaseTransaction,
        c: &campaign::Model,
        tid: i64,
    ) -> Result<target::Model> {
        target::Entity::find_by_id(tid)
            .filter(target::Column::CampaignId.eq(c.id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)
    }

    /// Moves campaign `c` and everything it holds to node `to`, which the caller manages,
    /// while nothing was recorded against its targets; answers the node and its path.
    async fn move_to(
        &self,
        txn: &DatabaseTransaction,
        c: &campaign::Model,
        to: i64,
    ) -> Result<(i64, TreePath)> {
        let (node, path) =
            node_for(&self.s, txn, to, Permission::CampaignManage, "node_id").await?;
        let (values, points) = progress(txn, ProgressOf::Campaign(c.id)).await?;
        check_move(values + points)?;
        campaign::Entity::update_many()
            .col_expr(campaign::Column::NodeId, Expr::value(node.id))
            .col_expr(campaign::Column::NodePath, Expr::value(path.as_str()))
            .filter(campaign::Column::Id.eq(c.id))
            .exec(txn)
            .await?;
        // What the campaign holds carries its path, for the subtree's reads.
        for table in [
            "campaign_target",
            "campaign_milestone",
            "campaign_task",
            "campaign_file",
        ] {
            let q = sea_orm::sea_query::Query::update()
                .table(sea_orm::sea_query::Alias::new(table))
                .value(sea_orm::sea_query::Alias::new("node_path"), path.as_str())
                .and_where(Expr::col(sea_orm::sea_query::Alias::new("campaign_id")).eq(c.id))
                .to_owned();
            txn.execute(txn.get_database_backend().build(&q)).await?;
        }
        Ok((node.id, path))
    }

    /// Changes campaign `id`'s name, description, days and organization; the days keep
    /// every target's and milestone's due date.
    pub async fn update(&self, id: i64, input: &CampaignEditInput) -> Result<CampaignDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let mut dues: Vec<chrono::NaiveDate> = target::Entity::find()
            .select_only()
            .column(target::Column::DueOn)
            .filter(target::Column::CampaignId.eq(c.id))
            .into_tuple()
            .all(txn)
            .await?;
        let stones: Vec<chrono::NaiveDate> = ms::Entity::find()
            .select_only()
            .column(ms::Column::DueOn)
            .filter(ms::Column::CampaignId.eq(c.id))
            .into_tuple()
            .all(txn)
            .await?;
        dues.extend(stones);
        let e = input.parse(&dues)?;
        let moved = match e.node_id.filter(|n| *n != c.node_id) {
            Some(n) => Some(self.move_to(txn, &c, n).await?),
            None => None,
        };
        campaign::Entity::update_many()
            .col_expr(campaign::Column::Name, Expr::value(e.name.clone()))
            .col_expr(
                campaign::Column::Description,
                Expr::value(e.description.clone()),
            )
            .col_expr(campaign::Column::StartOn, Expr::value(e.start_on))
            .col_expr(campaign::Column::EndOn, Expr::value(e.end_on))
            .col_expr(campaign::Column::UpdatedAt, Expr::value(now_ms()))
            .filter(campaign::Column::Id.eq(c.id))
            .exec(txn)
            .await?;
        let mut after = json!({"name": e.name, "description": e.description,
                               "start_on": day(&e.start_on), "end_on": day(&e.end_on),
                               "node_id": c.node_id});
        if let Some((n, p)) = &moved {
            after["node_id"] = json!(n);
            // The move is recorded at the organization it came to as well, so that the
            // audit of either subtree shows it.
            work.record(Entry {
                action: "move",
                record_type: "campaign",
                record_id: Some(c.id.to_string()),
                node: Some((*n, p)),
                before: Some(json!({"node_id": c.node_id, "node_path": c.node_path})),
                after: Some(json!({"node_id": n, "node_path": p.as_str()})),
            })
            .await?;
        }
        work.record(Entry {
            action: "update",
            record_type: "campaign",
            record_id: Some(c.id.to_string()),
            node: Some((c.node_id, &path)),
            before: Some(header_json(&c)),
            after: Some(after),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Changes target `tid` of campaign `id`: its name, goal and due date, and its kind,
    /// live figure and baseline while nothing was recorded against it.
    pub async fn update_target(
        &self,
        id: i64,
        tid: i64,
        input: &TargetInput,
    ) -> Result<CampaignDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let old = self.target_of(txn, &c, tid).await?;
        let offered: Vec<(&str, &str)> = crate::areas::figure_keys()
            .map(|f| (f.key, f.kind.code()))
            .collect();
        let new = input.parse(&offered, c.start_on, c.end_on)?;
        let (values, points) = progress(txn, ProgressOf::Target(tid)).await?;
        let measure = Measure {
            kind: Kind::from_code(&old.kind).unwrap_or(Kind::Count),
            figure: old.figure.clone(),
            baseline: old.baseline,
        };
        check_target_change(&measure, &new, values + points > 0)?;
        target::Entity::update_many()
            .col_expr(target::Column::Name, Expr::value(new.name.clone()))
            .col_expr(target::Column::Kind, Expr::value(new.kind.code()))
            .col_expr(target::Column::Baseline, Expr::value(new.baseline))
            .col_expr(target::Column::Goal, Expr::value(new.goal))
            .col_expr(target::Column::DueOn, Expr::value(new.due_on))
            .col_expr(target::Column::Figure, Expr::value(new.figure.clone()))
            .filter(target::Column::Id.eq(old.id))
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "update",
            record_type: "campaign_target",
            record_id: Some(old.id.to_string()),
            node: Some((c.node_id, &path)),
            before: Some(target_json(&old)),
            after: Some(
                json!({"campaign_id": c.id, "name": new.name, "kind": new.kind.code(),
                               "baseline": new.baseline, "goal": new.goal,
                               "due_on": day(&new.due_on), "figure": new.figure}),
            ),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Removes target `tid` of campaign `id` with its values and its history.
    pub async fn delete_target(&self, id: i64, tid: i64) -> Result<CampaignDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let t = self.target_of(txn, &c, tid).await?;
        let values = val::Entity::delete_many()
            .filter(val::Column::TargetId.eq(t.id))
            .exec(txn)
            .await?
            .rows_affected;
        let points = snap::Entity::delete_many()
            .filter(snap::Column::TargetId.eq(t.id))
            .exec(txn)
            .await?
            .rows_affected;
        target::Entity::delete_by_id(t.id).exec(txn).await?;
        let mut before = target_json(&t);
        before["values"] = json!(values);
        before["history_points"] = json!(points);
        work.record(Entry {
            action: "delete",
            record_type: "campaign_target",
            record_id: Some(t.id.to_string()),
            node: Some((c.node_id, &path)),
            before: Some(before),
            after: None,
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Removes campaign `id` with its targets, milestones, linked tasks and files, refused
    /// (on the field `campaign`) once it has a progress history or a milestone done.
    pub async fn delete(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let (values, points) = progress(txn, ProgressOf::Campaign(c.id)).await?;
        let done = ms::Entity::find()
            .filter(ms::Column::CampaignId.eq(c.id))
            .filter(ms::Column::DoneOn.is_not_null())
            .count(txn)
            .await?;
        check_deletable(values + points, done)?;
        let files = file::Entity::delete_many()
            .filter(file::Column::CampaignId.eq(c.id))
            .exec(txn)
            .await?
            .rows_affected;
        let tasks = link::Entity::delete_many()
            .filter(link::Column::CampaignId.eq(c.id))
            .exec(txn)
            .await?
            .rows_affected;
        let targets = target::Entity::delete_many()
            .filter(target::Column::CampaignId.eq(c.id))
            .exec(txn)
            .await?
            .rows_affected;
        let milestones = ms::Entity::delete_many()
            .filter(ms::Column::CampaignId.eq(c.id))
            .exec(txn)
            .await?
            .rows_affected;
        campaign::Entity::delete_by_id(c.id).exec(txn).await?;
        let mut before = header_json(&c);
        before["status"] = json!(c.status);
        before["targets"] = json!(targets);
        before["milestones"] = json!(milestones);
        before["tasks"] = json!(tasks);
        before["files"] = json!(files);
        work.record(Entry {
            action: "delete",
            record_type: "campaign",
            record_id: Some(c.id.to_string()),
            node: Some((c.node_id, &path)),
            before: Some(before),
            after: None,
        })
        .await?;
        work.commit().await
    }
}
