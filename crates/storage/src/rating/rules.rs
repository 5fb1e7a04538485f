//! Rule sets: the one a node keeps, and the one that applies at a node (its own, else the
//! nearest above it, else the default scheme).

use super::{RatingRepo, RuleView};
use crate::audit::Entry;
use crate::entity::rating_tables::rating_rule as rule;
use crate::kit::lookup::node_for;
use crate::kit::work::Work;
use crate::{now_ms, Result};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::rating::{RuleInput, RuleSet, VetoPolicy};
use touyan_domain::tree::TreePath;

pub(super) fn to_rules(m: &rule::Model) -> RuleSet {
    let th = [
        m.threshold_1,
        m.threshold_2,
        m.threshold_3,
        m.threshold_4,
        m.threshold_5,
    ];
    let caps = [m.cap_1, m.cap_2, m.cap_3, m.cap_4, m.cap_5]
        .map(|c| c.and_then(|v| u32::try_from(v).ok()));
    RuleSet {
        thresholds: th,
        caps,
        veto: VetoPolicy::from_code(&m.veto_policy).unwrap_or(VetoPolicy::AtMostOne),
        step_limit: m.step_limit,
        notice_days: u32::try_from(m.notice_days).unwrap_or(0),
    }
}

/// The rules that apply at the node of `path`, with the node they come from (none: the
/// default scheme).
pub(crate) async fn rules_at<C: ConnectionTrait>(
    conn: &C,
    path: &TreePath,
) -> Result<(RuleSet, Option<i64>)> {
    let ids = path.ids();
    let rows = rule::Entity::find()
        .filter(rule::Column::NodeId.is_in(ids.clone()))
        .all(conn)
        .await?;
    for id in ids.iter().rev() {
        if let Some(m) = rows.iter().find(|m| m.node_id == *id) {
            return Ok((to_rules(m), Some(m.node_id)));
        }
    }
    Ok((RuleSet::default(), None))
}

fn view(node_id: i64, r: &RuleSet, from: Option<i64>) -> RuleView {
    RuleView {
        node_id,
        from_node_id: from,
        thresholds: r.thresholds.to_vec(),
        caps: r.caps.to_vec(),
        veto_policy: r.veto.code().into(),
        step_limit: r.step_limit,
        notice_days: r.notice_days,
    }
}

impl RatingRepo<'_> {
    /// The rules that apply at node `node_id` (which the caller reads).
    pub async fn rules(&self, node_id: i64) -> Result<RuleView> {
        let path = self
            .s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        let (r, from) = rules_at(self.s.db, &path).await?;
        Ok(view(node_id, &r, from))
    }

    /// Sets node `node_id`'s own rule set (the caller manages the node).
    pub async fn set_rules(&self, node_id: i64, input: &RuleInput) -> Result<RuleView> {
        self.s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        let r = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) = node_for(&self.s, txn, node_id, Permission::RatingManage, "node_id")
            .await
            .map_err(|_| crate::StorageError::Forbidden)?;
        let old = rule::Entity::find()
            .filter(rule::Column::NodeId.eq(node.id))
            .one(txn)
            .await?;
        let cap = |i: usize| r.caps[i].map(|c| c as i32);
        let mut m = rule::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            threshold_1: Set(r.thresholds[0]),
            threshold_2: Set(r.thresholds[1]),
            threshold_3: Set(r.thresholds[2]),
            threshold_4: Set(r.thresholds[3]),
            threshold_5: Set(r.thresholds[4]),
            cap_1: Set(cap(0)),
            cap_2: Set(cap(1)),
            cap_3: Set(cap(2)),
            cap_4: Set(cap(3)),
            cap_5: Set(cap(4)),
            veto_policy: Set(r.veto.code().into()),
            step_limit: Set(r.step_limit),
            notice_days: Set(r.notice_days as i32),
            updated_by: Set(self.s.actor.display_name.clone()),
            updated_at: Set(now_ms()),
            ..Default::default()
        };
        let after = json!({"thresholds": r.thresholds, "caps": r.caps, "veto": r.veto.code(),
                           "step_limit": r.step_limit, "notice_days": r.notice_days});
        let before = match &old {
            Some(o) => {
                m.id = Set(o.id);
                let b = to_rules(o);
                m.update(txn).await?;
                Some(
                    json!({"thresholds": b.thresholds, "caps": b.caps, "veto": b.veto.code(),
                            "step_limit": b.step_limit, "notice_days": b.notice_days}),
                )
            }
            None => {
                m.insert(txn).await?;
                None
            }
        };
        work.record(Entry {
            action: if before.is_some() { "update" } else { "create" },
            record_type: "rating_rule",
            record_id: Some(node.id.to_string()),
            node: Some((node.id, &path)),
            before,
            after: Some(after),
        })
        .await?;
        work.commit().await?;
        Ok(view(node.id, &r, Some(node.id)))
    }
}
