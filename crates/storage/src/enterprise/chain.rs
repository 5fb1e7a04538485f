//! Industrial-chain party committees (一链一党委, [003]): a chain committee node links member
//! enterprises across parks without moving them in the tree. Those who read the chain's node
//! see the profiles and coverage of its current members — not their people, nor anything of
//! an enterprise that left — and each such read outside their own subtree is audited. This and
//! studio alliances are the places where records cross subtree scope.

use super::*;
use crate::audit::Entry;
use crate::entity::enterprise_tables::{chain_member, enterprise_mark};
use crate::kit::area::TallyQuery;
use crate::kit::today;
use crate::kit::work::Work;
use crate::now_ms;
use crate::scope::within_any;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::links::Tie;
use touyan_domain::tree::TreePath;

/// The kind of node that is a chain committee.
pub const CHAIN_KIND: &str = "chain_party_committee";

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChainView {
    /// The chain committee's node.
    pub id: i64,
    pub name: String,
    pub parent_name: Option<String>,
    /// Member enterprises now.
    pub members: u64,
    /// Coverage of the operating member enterprises.
    pub coverage: Coverage,
    /// Council meetings (议事会) the chain committee held.
    pub meetings: u64,
    /// Visits to member enterprises since each joined, the problems they found, those solved.
    pub visits: u64,
    pub problems: u64,
    pub solved: u64,
    /// The caller may add and remove members.
    pub manage: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChainMemberView {
    pub id: i64,
    pub enterprise_id: i64,
    pub name: String,
    pub joined_on: chrono::NaiveDate,
    pub left_on: Option<chrono::NaiveDate>,
    /// The profile, for a current member only.
    pub profile: Option<EnterpriseView>,
}

/// Records a read of profiles outside the caller's subtree through a chain, in its own write.
async fn audit_crossing(s: &Scoped<'_>, chain_id: i64, enterprises: &[i64]) -> Result<()> {
    let work = Work::begin(s.db, s.actor).await?;
    work.record(Entry {
        action: "chain_view",
        record_type: "enterprise",
        record_id: Some(chain_id.to_string()),
        node: s.actor.home_ref(),
        before: None,
        after: Some(json!({"chain_node_id": chain_id, "enterprises": enterprises})),
    })
    .await?;
    work.commit().await
}

fn joined_json(m: &chain_member::Model) -> serde_json::Value {
    json!({"chain_node_id": m.chain_node_id, "node_id": m.node_id,
           "joined_on": m.joined_on, "left_on": m.left_on})
}

impl EnterpriseRepo<'_> {
    /// A profile the caller reads: in its scope, or a current member of a chain whose node it
    /// reads (that read is audited); not found otherwise.
    pub(crate) async fn readable(&self, id: i64) -> Result<enterprise::Model> {
        match self
            .s
            .load_for_read::<enterprise::Entity, _>(self.s.db, id)
            .await
        {
            Ok((m, _)) => Ok(m),
            Err(StorageError::NotFound) => self.through_chain(id).await,
            Err(e) => Err(e),
        }
    }

    async fn through_chain(&self, id: i64) -> Result<enterprise::Model> {
        let scopes = self.s.scopes(Permission::EnterpriseRead)?;
        let row = chain_member::Entity::find()
            .filter(chain_member::Column::NodeId.eq(id))
            .filter(chain_member::Column::LeftOn.is_null())
            .filter(within_any(chain_member::Column::ChainPath, &scopes))
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        let m = enterprise::Entity::find_by_id(id)
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        audit_crossing(&self.s, row.chain_node_id, &[id]).await?;
        Ok(m)
    }

    /// The chain committee node `id` if the caller holds `perm` over it; not found otherwise.
    async fn chain_node<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
        perm: Permission,
    ) -> Result<org_node::Model> {
        let n = org_node::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let p = TreePath::parse(&n.path)?;
        if n.kind != CHAIN_KIND || !self.s.actor.can(Permission::EnterpriseRead, &p) {
            return Err(StorageError::NotFound);
        }
        if !self.s.actor.can(perm, &p) {
            return Err(StorageError::Forbidden);
        }
        Ok(n)
    }

    /// Chain committees under `under` (or the caller's whole scope) with their figures.
    pub async fn chains(&self, under: Option<i64>) -> Result<Vec<ChainView>> {
        let scopes = self.s.list_scopes::<enterprise::Entity>(under).await?;
        let nodes = org_node::Entity::find()
            .filter(within_any(org_node::Column::Path, &scopes))
            .filter(org_node::Column::Kind.eq(CHAIN_KIND))
            .order_by_asc(org_node::Column::Path)
            .all(self.s.db)
            .await?;
        self.chain_views(nodes).await
    }

    pub async fn chain(&self, id: i64) -> Result<ChainView> {
        let n = self
            .chain_node(self.s.db, id, Permission::EnterpriseRead)
            .await?;
        Ok(self.chain_views(vec![n]).await?.remove(0))
    }

    async fn chain_views(&self, nodes: Vec<org_node::Model>) -> Result<Vec<ChainView>> {
        let ids: Vec<i64> = nodes.iter().map(|n| n.id).collect();
        let rows: Vec<chain_member::Model> = crate::find_in(
            self.s.db,
            chain_member::Entity::find().filter(chain_member::Column::LeftOn.is_null()),
            chain_member::Column::ChainNodeId,
            &ids,
        )
        .await?;
        let member_ids: Vec<i64> = rows.iter().map(|r| r.node_id).collect();
        // The members' kept marks (operating ones), read through the chain like their
        // profiles.
        let marks: Vec<enterprise_mark::Model> = crate::find_in(
            self.s.db,
            enterprise_mark::Entity::find().filter(enterprise_mark::Column::Operating.eq(true)),
            enterprise_mark::Column::NodeId,
            &member_ids,
        )
        .await?;
        let mark_of: HashMap<i64, &enterprise_mark::Model> =
            marks.iter().map(|m| (m.node_id, m)).collect();
        let since: HashMap<i64, chrono::NaiveDate> =
            rows.iter().map(|r| (r.node_id, r.joined_on)).collect();
        let tally = crate::areas::tally(
            self.s.db,
            "visits",
            &TallyQuery {
                node_ids: member_ids.clone(),
                since,
                ..Default::default()
            },
        )
        .await?;
        let councils = crate::areas::tally(
            self.s.db,
            "chain_councils",
            &TallyQuery {
                node_ids: ids.clone(),
                ..Default::default()
            },
        )
        .await?;
        let parents = crate::kit::sql::node_names(
            self.s.db,
            nodes.iter().filter_map(|n| n.parent_id).collect(),
        )
        .await?;
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            let mine: Vec<i64> = rows
                .iter()
                .filter(|r| r.chain_node_id == n.id)
                .map(|r| r.node_id)
                .collect();
            let mut c = Coverage::default();
            for m in mine.iter().filter_map(|id| mark_of.get(id)) {
                c.add_many(&m.party, 1, m.members as u64, u64::from(m.breaking));
            }
            let lines = tally.iter().filter(|t| mine.contains(&t.node_id));
            let (visits, problems, solved) = lines.fold((0, 0, 0), |(a, b, c), t| {
                (a + t.count, b + t.items, c + t.done)
            });
            let manage = TreePath::parse(&n.path)
                .map(|p| self.s.actor.can(Permission::EnterpriseWrite, &p))
                .unwrap_or(false);
            let meetings = councils
                .iter()
                .filter(|t| t.node_id == n.id)
                .map(|t| t.count)
                .sum();
            out.push(ChainView {
                meetings,
                id: n.id,
                parent_name: n.parent_id.and_then(|p| parents.get(&p).cloned()),
                name: n.name,
                members: mine.len() as u64,
                coverage: c.rated(),
                visits,
                problems,
                solved,
                manage,
            });
        }
        Ok(out)
    }

    /// The chain's members, current first; profiles of current members only. Profiles
    /// outside the caller's own subtree are read through the chain and audited.
    pub async fn chain_members(&self, id: i64) -> Result<Vec<ChainMemberView>> {
        self.chain_node(self.s.db, id, Permission::EnterpriseRead)
            .await?;
        let rows = chain_member::Entity::find()
            .filter(chain_member::Column::ChainNodeId.eq(id))
            .order_by_asc(chain_member::Column::LeftOn.is_not_null())
            .order_by_asc(chain_member::Column::NodePath)
            .all(self.s.db)
            .await?;
        let current: Vec<i64> = rows
            .iter()
            .filter(|r| r.left_on.is_none())
            .map(|r| r.node_id)
            .collect();
        let profiles: Vec<enterprise::Model> = crate::find_in(
            self.s.db,
            enterprise::Entity::find(),
            enterprise::Column::NodeId,
            &current,
        )
        .await?;
        let outside: Vec<i64> = profiles
            .iter()
            .filter(|m| {
                TreePath::parse(&m.node_path)
                    .map(|p| !self.s.actor.can(Permission::EnterpriseRead, &p))
                    .unwrap_or(true)
            })
            .map(|m| m.node_id)
            .collect();
        if !outside.is_empty() {
            audit_crossing(&self.s, id, &outside).await?;
        }
        let mut views: HashMap<i64, EnterpriseView> = self
            .views(profiles)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let names =
            crate::kit::sql::node_names(self.s.db, rows.iter().map(|r| r.node_id).collect())
                .await?;
        Ok(rows
            .into_iter()
            .map(|r| ChainMemberView {
                id: r.id,
                enterprise_id: r.node_id,
                name: names.get(&r.node_id).cloned().unwrap_or_default(),
                joined_on: r.joined_on,
                left_on: r.left_on,
                profile: if r.left_on.is_none() {
                    views.remove(&r.node_id)
                } else {
                    None
                },
            })
            .collect())
    }

    /// Adds an enterprise the caller may change to a chain it runs.
    pub async fn join_chain(&self, id: i64, tie: Tie) -> Result<ChainMemberView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let chain = self
            .chain_node(txn, id, Permission::EnterpriseWrite)
            .await?;
        let (profile, path) = match self
            .s
            .load_for_write::<enterprise::Entity, _>(txn, tie.id)
            .await
        {
            Ok(x) => x,
            Err(StorageError::NotFound | StorageError::Forbidden) => {
                return Err(StorageError::field("id", "err.ent_unknown"))
            }
            Err(e) => return Err(e),
        };
        let already = chain_member::Entity::find()
            .filter(chain_member::Column::ChainNodeId.eq(id))
            .filter(chain_member::Column::NodeId.eq(tie.id))
            .filter(chain_member::Column::LeftOn.is_null())
            .one(txn)
            .await?;
        if already.is_some() {
            return Err(StorageError::conflict("id", "err.chain_member_exists"));
        }
        let m = chain_member::ActiveModel {
            chain_node_id: Set(chain.id),
            chain_path: Set(chain.path.clone()),
            node_id: Set(tie.id),
            node_path: Set(profile.node_path.clone()),
            joined_on: Set(tie.from_on),
            left_on: Set(None),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        // Its mark now counts under the chain too, at every node above it.
        super::marks::remark(txn, tie.id).await?;
        work.record(Entry {
            action: "join",
            record_type: "chain",
            record_id: Some(id.to_string()),
            node: Some((tie.id, &path)),
            before: None,
            after: Some(joined_json(&m)),
        })
        .await?;
        work.commit().await?;
        let name = crate::kit::sql::node_names(self.s.db, vec![tie.id]).await?;
        Ok(ChainMemberView {
            id: m.id,
            enterprise_id: tie.id,
            name: name.get(&tie.id).cloned().unwrap_or_default(),
            joined_on: m.joined_on,
            left_on: None,
            profile: Some(self.views(vec![profile]).await?.remove(0)),
        })
    }

    /// A member enterprise (membership `mid`) leaves a chain today: by the chain's managers, or
    /// by those who read the chain and may change the enterprise. From then on the chain's staff
    /// see nothing of it, and its mark counts no more under the chain.
    pub async fn leave_chain(&self, id: i64, mid: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let chain = self.chain_node(txn, id, Permission::EnterpriseRead).await?;
        let runs = TreePath::parse(&chain.path)
            .map(|p| self.s.actor.can(Permission::EnterpriseWrite, &p))
            .unwrap_or(false);
        let row = chain_member::Entity::find_by_id(mid)
            .filter(chain_member::Column::ChainNodeId.eq(id))
            .filter(chain_member::Column::LeftOn.is_null())
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let path = TreePath::parse(&row.node_path)?;
        if !runs && !self.s.actor.can(Permission::EnterpriseWrite, &path) {
            return Err(StorageError::Forbidden);
        }
        let before = joined_json(&row);
        let on = today().max(row.joined_on);
        let mut am: chain_member::ActiveModel = row.into();
        am.left_on = Set(Some(on));
        let after = am.update(txn).await?;
        // Its mark no longer counts under the chain.
        super::marks::remark(txn, after.node_id).await?;
        work.record(Entry {
            action: "leave",
            record_type: "chain",
            record_id: Some(id.to_string()),
            node: Some((after.node_id, &path)),
            before: Some(before),
            after: Some(joined_json(&after)),
        })
        .await?;
        work.commit().await
    }

    /// Chains enterprise `id` belongs to now (names only, for its page).
    pub async fn chains_of(&self, id: i64) -> Result<Vec<(i64, String)>> {
        self.readable(id).await?;
        let ids: Vec<i64> = chain_member::Entity::find()
            .select_only()
            .column(chain_member::Column::ChainNodeId)
            .filter(chain_member::Column::NodeId.eq(id))
            .filter(chain_member::Column::LeftOn.is_null())
            .into_tuple()
            .all(self.s.db)
            .await?;
        let names = crate::kit::sql::node_names(self.s.db, ids.clone()).await?;
        Ok(ids
            .into_iter()
            .map(|i| (i, names.get(&i).cloned().unwrap_or_default()))
            .collect())
    }
}

/// The chain committees each of the enterprise nodes `ids` is a current member of (by node
/// id), for a breakdown of coverage by chain. The enterprises were read in the caller's scope;
/// the chains are named as on an enterprise's own page.
pub(super) async fn current_chains_of<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<i64>>> {
    let rows = crate::find_in(
        conn,
        chain_member::Entity::find().filter(chain_member::Column::LeftOn.is_null()),
        chain_member::Column::NodeId,
        ids,
    )
    .await?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in rows {
        out.entry(r.node_id).or_default().push(r.chain_node_id);
    }
    Ok(out)
}
