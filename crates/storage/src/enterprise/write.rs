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
        write_profile(&work, id, &path, old, e).await?;
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
        let saved = write_revenue(&work, id, &path, old, r).await?;
        work.commit().await?;
        Ok(saved)
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

/// Writes the checked profile `e` of enterprise node `id` (at `path`) inside `work`, over the
/// stored one `old` when there is one, and records it. The caller has checked the node, the
/// caller's right and the credit code's uniqueness. A form's save and an import share it.
pub(super) async fn write_profile(
    work: &Work<'_>,
    id: i64,
    path: &TreePath,
    old: Option<enterprise::Model>,
    e: Enterprise,
) -> Result<enterprise::Model> {
    let txn = work.txn();
    let now = now_ms();
    let before = old.as_ref().map(profile_json);
    let mut am: enterprise::ActiveModel = match old {
        Some(m) => m.into(),
        None => enterprise::ActiveModel {
            node_id: Set(id),
            created_at: Set(now),
            ..Default::default()
        },
    };
    am.node_path = Set(path.as_str().to_string());
    am.credit_code = Set(e.credit_code.as_str().to_string());
    am.legal_rep = Set(e.legal_rep);
    am.industry = Set(e.industry);
    am.size = Set(e.size);
    am.employees = Set(e.employees);
    am.founded_on = Set(e.founded_on);
    am.address = Set(e.address);
    am.status = Set(e.status);
    am.status_on = Set(e.status_on);
    am.updated_at = Set(now);
    let m = if before.is_some() {
        am.update(txn).await?
    } else {
        am.insert(txn).await?
    };
    work.record(Entry {
        action: if before.is_some() { "update" } else { "create" },
        record_type: "enterprise",
        record_id: Some(id.to_string()),
        node: Some((id, path)),
        before,
        after: Some(profile_json(&m)),
    })
    .await?;
    Ok(m)
}

/// Sets one year's revenue `r` of enterprise `id` (at `path`) inside `work`, replacing the
/// stored value `old` of that year when there is one, and records it.
pub(super) async fn write_revenue(
    work: &Work<'_>,
    id: i64,
    path: &TreePath,
    old: Option<enterprise_revenue::Model>,
    r: Revenue,
) -> Result<RevenueView> {
    let txn = work.txn();
    let before = old
        .as_ref()
        .map(|o| json!({"year": o.year, "amount_fen": o.amount_fen}));
    let saved = match old {
        Some(o) => {
            let mut am: enterprise_revenue::ActiveModel = o.into();
            am.amount_fen = Set(r.amount.0);
            am.update(txn).await?
        }
        None => {
            enterprise_revenue::ActiveModel {
                node_id: Set(id),
                year: Set(r.year),
                amount_fen: Set(r.amount.0),
                created_at: Set(now_ms()),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    work.record(Entry {
        action: if before.is_some() { "update" } else { "create" },
        record_type: "enterprise_revenue",
        record_id: Some(saved.id.to_string()),
        node: Some((id, path)),
        before,
        after: Some(json!({"year": r.year, "amount_fen": r.amount.0})),
    })
    .await?;
    Ok(RevenueView {
        id: saved.id,
        year: r.year,
        amount_fen: r.amount.0,
        amount: r.amount.yuan(),
    })
}
