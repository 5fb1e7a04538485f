//! Writes to the register: a centre recorded, changed or removed, and the enterprises it
//! serves replaced — each in one audited unit of work.

use super::*;
use crate::audit::Entry;
use crate::entity::org_node;
use crate::kit::lookup::node_for;
use crate::kit::work::Work;
use crate::{now_ms, StorageError};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ConnectionTrait};
use serde_json::json;
use touyan_domain::centre::Centre;
use touyan_domain::tree::TreePath;

fn centre_json(m: &centre::Model) -> serde_json::Value {
    json!({"name": m.name, "kind": m.kind, "node_id": m.node_id, "address": m.address,
           "facilities": m.facilities, "hours": m.hours, "phone": m.phone,
           "area_m2": m.area_m2, "opened_on": m.opened_on, "status": m.status,
           "closed_on": m.closed_on})
}

/// The checked fields over a row (a new one or the stored one).
fn fill(am: &mut centre::ActiveModel, c: Centre, node: &org_node::Model, now: i64) {
    am.node_id = Set(node.id);
    am.node_path = Set(node.path.clone());
    am.facilities = Set(c.facilities_text());
    am.name = Set(c.name);
    am.kind = Set(c.kind);
    am.address = Set(c.address);
    am.hours = Set(c.hours);
    am.phone = Set(c.phone);
    am.area_m2 = Set(c.area_m2);
    am.opened_on = Set(c.opened_on);
    am.status = Set(c.status);
    am.closed_on = Set(c.closed_on);
    am.updated_at = Set(now);
}

/// The enterprise nodes a centre may serve for this caller: nodes of kind 企业 where the
/// caller may change centres, or that the centre serves already (a wider admin's choice is
/// kept when the set is sent back). Any other id is refused alike, so a guess outside the
/// scope learns nothing.
async fn enterprises_for<C: ConnectionTrait>(
    s: &Scoped<'_>,
    conn: &C,
    ids: &[i64],
    already: &[i64],
) -> Result<Vec<org_node::Model>> {
    let nodes: HashMap<i64, org_node::Model> =
        crate::find_in(conn, org_node::Entity::find(), org_node::Column::Id, ids)
            .await?
            .into_iter()
            .map(|n| (n.id, n))
            .collect();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let usable = nodes.get(id).filter(|n| {
            let in_reach =
                || TreePath::parse(&n.path).is_ok_and(|p| s.actor.can(Permission::CentreWrite, &p));
            n.kind == "enterprise" && (already.contains(id) || in_reach())
        });
        match usable {
            Some(n) => out.push(n.clone()),
            None => {
                return Err(StorageError::field(
                    "enterprise_ids",
                    "err.centre_not_enterprise",
                ))
            }
        }
    }
    Ok(out)
}

impl CentreRepo<'_> {
    pub async fn create(&self, c: Centre) -> Result<CentreView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) =
            node_for(&self.s, txn, c.node_id, Permission::CentreWrite, "node_id").await?;
        let now = now_ms();
        let mut am = centre::ActiveModel {
            created_at: Set(now),
            ..Default::default()
        };
        fill(&mut am, c, &node, now);
        let m = am.insert(txn).await?;
        work.record(Entry {
            action: "create",
            record_type: "centre",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(centre_json(&m)),
        })
        .await?;
        work.commit().await?;
        self.get(m.id).await
    }

    /// Changes centre `id`; a new host must be a node the caller may file centres at.
    pub async fn update(&self, id: i64, c: Centre) -> Result<CentreView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (old, _) = self.s.load_for_write::<centre::Entity, _>(txn, id).await?;
        let (node, path) =
            node_for(&self.s, txn, c.node_id, Permission::CentreWrite, "node_id").await?;
        let before = centre_json(&old);
        let mut am: centre::ActiveModel = old.into();
        fill(&mut am, c, &node, now_ms());
        let m = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "centre",
            record_id: Some(id.to_string()),
            node: Some((node.id, &path)),
            before: Some(before),
            after: Some(centre_json(&m)),
        })
        .await?;
        work.commit().await?;
        self.get(id).await
    }

    /// Removes centre `id` and its list of enterprises served; a centre activities were
    /// recorded as held at stays, as the record of where they were held.
    pub async fn delete(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.s.load_for_write::<centre::Entity, _>(txn, id).await?;
        if crate::areas::held_at_centre_count(txn, id).await? > 0 {
            return Err(StorageError::Refused("rule.centre_has_activities"));
        }
        let served = served_ids(txn, id).await?;
        centre_enterprise::Entity::delete_many()
            .filter(centre_enterprise::Column::CentreId.eq(id))
            .exec(txn)
            .await?;
        centre::Entity::delete_by_id(id).exec(txn).await?;
        let mut before = centre_json(&m);
        before["enterprise_ids"] = json!(served);
        work.record(Entry {
            action: "delete",
            record_type: "centre",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, &path)),
            before: Some(before),
            after: None,
        })
        .await?;
        work.commit().await
    }

    /// Replaces the enterprises centre `id` serves with `ids` (enterprise nodes in the
    /// caller's reach), as one audited change.
    pub async fn set_served(&self, id: i64, ids: &[i64]) -> Result<CentreView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.s.load_for_write::<centre::Entity, _>(txn, id).await?;
        let before = served_ids(txn, id).await?;
        let nodes = enterprises_for(&self.s, txn, ids, &before).await?;
        centre_enterprise::Entity::delete_many()
            .filter(centre_enterprise::Column::CentreId.eq(id))
            .exec(txn)
            .await?;
        if !nodes.is_empty() {
            centre_enterprise::Entity::insert_many(nodes.iter().map(|n| {
                centre_enterprise::ActiveModel {
                    centre_id: Set(id),
                    node_id: Set(n.id),
                    node_path: Set(n.path.clone()),
                }
            }))
            .exec_without_returning(txn)
            .await?;
        }
        let mut after: Vec<i64> = nodes.iter().map(|n| n.id).collect();
        after.sort_unstable();
        work.record(Entry {
            action: "update",
            record_type: "centre_enterprise",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, &path)),
            before: Some(json!({"name": m.name, "enterprise_ids": before})),
            after: Some(json!({"name": m.name, "enterprise_ids": after})),
        })
        .await?;
        work.commit().await?;
        self.get(id).await
    }
}

/// The enterprise nodes centre `id` serves, by id.
async fn served_ids<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Vec<i64>> {
    Ok(centre_enterprise::Entity::find()
        .select_only()
        .column(centre_enterprise::Column::NodeId)
        .filter(centre_enterprise::Column::CentreId.eq(id))
        .order_by_asc(centre_enterprise::Column::NodeId)
        .into_tuple()
        .all(conn)
        .await?)
}
