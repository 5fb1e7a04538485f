//! The units a request may be dispatched or transferred to: the departments along its
//! dispatching chain and the units inside the caller's own scope.

use super::*;

/// A unit a request may be dispatched or transferred to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HandlingUnit {
    pub id: i64,
    pub name: String,
    pub kind: String,
    /// The category's default handling unit.
    pub default: bool,
}

impl<'a> RequestRepo<'a> {
    /// The units along the request's dispatching chain: departments (职能部门) hanging
    /// directly off the dispatching unit or any unit above it ("园区派单、部门接单" [003]),
    /// with the category's default handling unit first. Units inside the caller's own
    /// scope may be picked besides these.
    async fn chain_units<C: ConnectionTrait>(
        &self,
        conn: &C,
        m: &sr::Model,
    ) -> Result<Vec<HandlingUnit>> {
        let chain = TreePath::parse(&m.dispatcher_path)?.ids();
        let mut rows = org_node::Entity::find()
            .filter(org_node::Column::ParentId.is_in(chain))
            .filter(org_node::Column::Kind.eq(DEPARTMENT_KIND))
            .filter(org_node::Column::Status.eq("active"))
            .order_by_asc(org_node::Column::Depth)
            .order_by_asc(org_node::Column::SortOrder)
            .order_by_asc(org_node::Column::Id)
            .limit(500)
            .all(conn)
            .await?;
        let default = category(conn, &m.category).await?.default_node_id;
        if let Some(d) = default {
            if let Some(i) = rows.iter().position(|r| r.id == d) {
                let r = rows.remove(i);
                rows.insert(0, r);
            } else if let Some(r) = org_node::Entity::find_by_id(d).one(conn).await? {
                rows.insert(0, r);
            }
        }
        Ok(rows
            .into_iter()
            .map(|r| HandlingUnit {
                default: Some(r.id) == default,
                id: r.id,
                name: r.name,
                kind: r.kind,
            })
            .collect())
    }

    /// Where the caller may dispatch or transfer request `id`: refused (403) to a caller
    /// who may do neither now, missing (404) outside its scope.
    pub async fn handling_units(&self, id: i64) -> Result<Vec<HandlingUnit>> {
        let m = self.readable(self.s.db, id).await?;
        let actions = self.actions_for(&m).await?;
        let moves = [ActionKind::Dispatch, ActionKind::Transfer];
        if !moves.iter().any(|k| actions.iter().any(|a| a == k.code())) {
            return Err(StorageError::Forbidden);
        }
        self.chain_units(self.s.db, &m).await
    }

    /// A dispatch or transfer target: a unit of the chain (see [`Self::handling_units`]) or a
    /// node the caller reads; anything else is answered as a missing node.
    pub(super) async fn check_target<C: ConnectionTrait>(
        &self,
        conn: &C,
        m: &sr::Model,
        node_id: i64,
    ) -> Result<()> {
        let missing = || StorageError::field("node_id", "err.node_missing");
        let n = org_node::Entity::find_by_id(node_id)
            .one(conn)
            .await?
            .ok_or_else(missing)?;
        if n.status != "active" {
            return Err(StorageError::field("node_id", "err.rq_unit_disabled"));
        }
        let path = TreePath::parse(&n.path)?;
        if self.s.actor.can(Permission::OrgRead, &path)
            || self.s.actor.can(Permission::RequestRead, &path)
            || self
                .chain_units(conn, m)
                .await?
                .iter()
                .any(|u| u.id == node_id)
        {
            Ok(())
        } else {
            Err(missing())
        }
    }
}

/// The organization kind of functional departments, the usual handling units.
const DEPARTMENT_KIND: &str = "department";
