//! Writes to the ledger: a profile recorded or changed on an enterprise node, removed, and a
//! year's revenue set or removed — each in one audited unit of work.

use super::*;
use crate::audit::Entry;
use crate::kit::lookup::node_for;
use crate::kit::work::Work;
use crate::now_ms;
use sea_orm::ActiveModelTrait;
use sea_orm::{ActiveValue::Set, ConnectionTrait, PaginatorTrait};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::{Enterprise, Revenue};
use touyan_domain::tree::TreePath;

fn profile_json(m: &enterprise::Model) -> serde_json::Value {
    json!({"credit_code": m.credit_code, "legal_rep": m.legal_rep, "industry": m.industry,
           "size": m.size, "employees": m.employees, "founded_on": m.founded_on,
           "address": m.address, "status": m.status, "status_on": m.status_on})
}

pub(super) async fn code_free<C: ConnectionTrait>(conn: &C, code: &str, except: i64) -> Result<()> {
    let taken = enterprise::Entity::find()
        .filter(enterprise::Column::CreditCode.eq(code))
        .filter(enterprise::Column::NodeId.ne(except))
        .count(conn)
        .await?;
    if taken > 0 {
        return Err(StorageError::conflict(
            "credit_code",
            "err.ent_credit_taken",
        ));
    }
    Ok(())
}

/// Codes looked up per statement (well under both backends' bind-parameter limits).
const CODE_CHUNK: usize = 400;

/// The rows among `wanted` (code, node, row) whose code is held by another enterprise: the
/// check of [`code_free`] for many profiles at once.
pub(super) async fn code_free_many<C: ConnectionTrait>(
    conn: &C,
    wanted: &[(String, i64, u32)],
) -> Result<Vec<u32>> {
    let mut taken = vec![];
    for chunk in wanted.chunks(CODE_CHUNK) {
        let codes: Vec<String> = chunk.iter().map(|w| w.0.clone()).collect();
        let holders: HashMap<String, i64> = enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::CreditCode)
            .column(enterprise::Column::NodeId)
            .filter(enterprise::Column::CreditCode.is_in(codes))
            .into_tuple::<(String, i64)>()
            .all(conn)
            .await?
            .into_iter()
            .collect();
        for (code, id, row) in chunk {
            if holders.get(code).is_some_and(|holder| holder != id) {
                taken.push(*row);
            }
        }
    }
    Ok(taken)
}

impl EnterpriseRepo<'_> {
    /// The name of enterprise node `id`, for a caller who may record its profile; not found
    /// for any other node or caller.
    pub async fn blank_for(&self, id: i64) -> Result<String> {
        let node = match node_for(
            &self.s,
            self.s.db,
            id,
            Permission::EnterpriseWrite,
            "node_id",
        )
        .await
        {
            Ok((n, _)) => n,
            Err(StorageError::Invalid(_)) => return Err(StorageError::NotFound),
            Err(e) => return Err(e),
        };
        if node.kind != "enterprise" {
            return Err(StorageError::NotFound);
        }
        Ok(node.name)
    }

    /// Whether the caller may change the ledger at node `id`.
    pub async fn can_write(&self, id: i64) -> Result<bool> {
        let node = crate::entity::org_node::Entity::find_by_id(id)
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        let path = touyan_domain::tree::TreePath::parse(&node.path)?;
        Ok(self.s.actor.can(Permission::EnterpriseWrite, &path))
    }

    /// Records the profile of enterprise node `id`, or changes the one it has.
    pub async fn save(&self, id: i64, e: Enterprise) -> Result<EnterpriseView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) =
            node_for(&self.s, txn, id, Permission::EnterpriseWrite, "node_id").await?;
        if node.kind != "enterprise" {
            return Err(StorageError::field("node_id", "err.ent_not_enterprise"));
        }
        code_free(txn, e.credit_code.as_str(), id).await?;
        let old = enterprise::Entity::find_by_id(id).one(txn).await?;
        write_profiles(&work, &[ProfileWrite { id, path, old, e }]).await?;
        work.commit().await?;
        self.get(id).await
    }

    /// Removes the profile of enterprise node `id` and its revenue (the node stays).
    pub async fn delete(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self
            .s
            .load_for_write::<enterprise::Entity, _>(txn, id)
            .await?;
        enterprise_revenue::Entity::delete_many()
            .filter(enterprise_revenue::Column::NodeId.eq(id))
            .exec(txn)
            .await?;
        enterprise::Entity::delete_by_id(id).exec(txn).await?;
        marks::remark(txn, id).await?;
        work.record(Entry {
            action: "delete",
            record_type: "enterprise",
            record_id: Some(id.to_string()),
            node: Some((id, &path)),
            before: Some(profile_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await
    }

    /// Sets the revenue of one year (a second value for the year replaces the first).
    pub async fn set_revenue(&self, id: i64, r: Revenue) -> Result<RevenueView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, path) = self
            .s
            .load_for_write::<enterprise::Entity, _>(txn, id)
            .await?;
        let old = enterprise_revenue::Entity::find()
            .filter(enterprise_revenue::Column::NodeId.eq(id))
            .filter(enterprise_revenue::Column::Year.eq(r.year))
            .one(txn)
            .await?;
        let mut saved = write_revenues(&work, &[RevenueWrite { id, path, old, r }]).await?;
        work.commit().await?;
        Ok(saved.remove(0))
    }

    /// Removes one revenue record of enterprise `id`; another enterprise's is not found.
    pub async fn delete_revenue(&self, id: i64, rid: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, path) = self
            .s
            .load_for_write::<enterprise::Entity, _>(txn, id)
            .await?;
        let old = enterprise_revenue::Entity::find_by_id(rid)
            .filter(enterprise_revenue::Column::NodeId.eq(id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        enterprise_revenue::Entity::delete_by_id(old.id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "enterprise_revenue",
            record_id: Some(old.id.to_string()),
            node: Some((id, &path)),
            before: Some(json!({"year": old.year, "amount_fen": old.amount_fen})),
            after: None,
        })
        .await?;
        work.commit().await
    }
}

/// Whether the stored profile `old`, at `path`, already holds `e` (a file row that changes
/// nothing writes nothing).
pub(super) fn unchanged(old: &enterprise::Model, path: &TreePath, e: &Enterprise) -> bool {
    old.node_path == path.as_str()
        && old.credit_code == e.credit_code.as_str()
        && old.legal_rep == e.legal_rep
        && old.industry == e.industry
        && old.size == e.size
        && old.employees == e.employees
        && old.founded_on == e.founded_on
        && old.address == e.address
        && old.status == e.status
        && old.status_on == e.status_on
}

/// Rows a multi-row insert carries (14 values each for a profile: well under both backends'
/// bind-parameter limits).
const INSERT_CHUNK: usize = 500;

/// A checked profile to write: the enterprise's node, its path, the profile stored there
/// (replaced) if any, and the new values.
pub(super) struct ProfileWrite {
    pub(super) id: i64,
    pub(super) path: TreePath,
    pub(super) old: Option<enterprise::Model>,
    pub(super) e: Enterprise,
}

/// The stored form of a checked profile.
fn profile_model(w: &ProfileWrite, now: i64) -> enterprise::Model {
    let e = w.e.clone();
    enterprise::Model {
        node_id: w.id,
        node_path: w.path.as_str().to_string(),
        credit_code: e.credit_code.as_str().to_string(),
        legal_rep: e.legal_rep,
        industry: e.industry,
        size: e.size,
        employees: e.employees,
        founded_on: e.founded_on,
        address: e.address,
        status: e.status,
        status_on: e.status_on,
        cover: w.old.as_ref().and_then(|o| o.cover.clone()),
        created_at: w.old.as_ref().map_or(now, |o| o.created_at),
        updated_at: now,
    }
}

/// Writes checked profiles inside `work`, each recorded (created or updated): the new ones
/// in multi-row inserts, the stored ones replaced one by one. The caller has checked the
/// nodes, its right over them and the credit codes' uniqueness. A form's save (one profile)
/// and an import (many) both write through here.
pub(super) async fn write_profiles(work: &Work<'_>, rows: &[ProfileWrite]) -> Result<()> {
    let txn = work.txn();
    let now = now_ms();
    let mut written = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(INSERT_CHUNK) {
        let models: Vec<enterprise::Model> = chunk.iter().map(|w| profile_model(w, now)).collect();
        let fresh: Vec<enterprise::ActiveModel> = chunk
            .iter()
            .zip(&models)
            .filter(|(w, _)| w.old.is_none())
            .map(|(_, m)| m.clone().into())
            .collect();
        if !fresh.is_empty() {
            enterprise::Entity::insert_many(fresh)
                .exec_without_returning(txn)
                .await?;
        }
        let mut entries = Vec::with_capacity(chunk.len());
        for (w, m) in chunk.iter().zip(models) {
            let before = w.old.as_ref().map(profile_json);
            if let Some(old) = &w.old {
                let mut am: enterprise::ActiveModel = old.clone().into();
                am.node_path = Set(m.node_path.clone());
                am.credit_code = Set(m.credit_code.clone());
                am.legal_rep = Set(m.legal_rep.clone());
                am.industry = Set(m.industry.clone());
                am.size = Set(m.size.clone());
                am.employees = Set(m.employees);
                am.founded_on = Set(m.founded_on);
                am.address = Set(m.address.clone());
                am.status = Set(m.status.clone());
                am.status_on = Set(m.status_on);
                am.updated_at = Set(now);
                am.update(txn).await?;
            }
            entries.push(Entry {
                action: if before.is_some() { "update" } else { "create" },
                record_type: "enterprise",
                record_id: Some(w.id.to_string()),
                node: Some((w.id, &w.path)),
                before,
                after: Some(profile_json(&m)),
            });
            written.push(m);
        }
        work.record_many(entries).await?;
    }
    // Their marks, in one pass once all are written, from the profiles in hand: read back
    // from a table that has just grown by thousands of rows in this transaction, they cost a
    // planner working from the table's old statistics a scan per chunk on PostgreSQL.
    marks::remark_profiles(txn, &written).await
}

/// A checked year of revenue to set: the enterprise, its path, the value stored for that
/// year (replaced) if any, and the new one.
pub(super) struct RevenueWrite {
    pub(super) id: i64,
    pub(super) path: TreePath,
    pub(super) old: Option<enterprise_revenue::Model>,
    pub(super) r: Revenue,
}

/// Sets checked years of revenue inside `work`, each recorded: new years in multi-row
/// inserts, stored ones replaced one by one. Answers each as written, in order. A form's
/// entry (one) and an import (many) both write through here.
pub(super) async fn write_revenues(
    work: &Work<'_>,
    rows: &[RevenueWrite],
) -> Result<Vec<RevenueView>> {
    let txn = work.txn();
    let now = now_ms();
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(INSERT_CHUNK) {
        let fresh: Vec<enterprise_revenue::ActiveModel> = chunk
            .iter()
            .filter(|w| w.old.is_none())
            .map(|w| enterprise_revenue::ActiveModel {
                node_id: Set(w.id),
                year: Set(w.r.year),
                amount_fen: Set(w.r.amount.0),
                created_at: Set(now),
                ..Default::default()
            })
            .collect();
        // The new rows' ids, by enterprise and year, read back after the insert.
        let mut ids: HashMap<(i64, i32), i64> = HashMap::new();
        if !fresh.is_empty() {
            enterprise_revenue::Entity::insert_many(fresh)
                .exec_without_returning(txn)
                .await?;
            let nodes: Vec<i64> = chunk
                .iter()
                .filter(|w| w.old.is_none())
                .map(|w| w.id)
                .collect();
            let found: Vec<(i64, i64, i32)> = enterprise_revenue::Entity::find()
                .select_only()
                .column(enterprise_revenue::Column::Id)
                .column(enterprise_revenue::Column::NodeId)
                .column(enterprise_revenue::Column::Year)
                .filter(enterprise_revenue::Column::NodeId.is_in(nodes))
                .into_tuple()
                .all(txn)
                .await?;
            ids.extend(found.into_iter().map(|(id, node, year)| ((node, year), id)));
        }
        let mut entries = Vec::with_capacity(chunk.len());
        for w in chunk {
            let before = w
                .old
                .as_ref()
                .map(|o| json!({"year": o.year, "amount_fen": o.amount_fen}));
            let id = match &w.old {
                Some(o) => {
                    let mut am: enterprise_revenue::ActiveModel = o.clone().into();
                    am.amount_fen = Set(w.r.amount.0);
                    am.update(txn).await?.id
                }
                None => *ids.get(&(w.id, w.r.year)).ok_or_else(|| {
                    StorageError::from(sea_orm::DbErr::RecordNotFound(
                        "a revenue just inserted".into(),
                    ))
                })?,
            };
            entries.push(Entry {
                action: if before.is_some() { "update" } else { "create" },
                record_type: "enterprise_revenue",
                record_id: Some(id.to_string()),
                node: Some((w.id, &w.path)),
                before,
                after: Some(json!({"year": w.r.year, "amount_fen": w.r.amount.0})),
            });
            out.push(RevenueView {
                id,
                year: w.r.year,
                amount_fen: w.r.amount.0,
                amount: w.r.amount.yuan(),
            });
        }
        work.record_many(entries).await?;
    }
    Ok(out)
}
