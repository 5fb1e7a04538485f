//! The targets of a new round: the nodes chosen, every organization of some kinds under a
//! node (found when the round starts, only within the caller's scope), or studios hosted in
//! the round's subtree, which the studio area offers through the list of areas.

use crate::entity::evaluation_tables::round;
use crate::entity::org_node;
use crate::kit::area::StudioRef;
use crate::kit::lookup::node_for;
use crate::scope::within;
use crate::{Result, Scoped, StorageError};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use touyan_domain::access::Permission;
use touyan_domain::evaluation::{Round, StudioRules, Subject, MAX_TARGETS};
use touyan_domain::tree::TreePath;

/// One organization or studio a new round assesses, filed at `node_path`.
pub(super) struct NewTarget {
    pub node_id: i64,
    pub node_path: String,
    pub studio_id: Option<i64>,
    pub studio_name: Option<String>,
}

/// The studios a studio round may name: those hosted under the round's node. Read before the
/// write's transaction; the node is checked again inside it.
pub(super) async fn offered_studios(db: &DatabaseConnection, r: &Round) -> Result<Vec<StudioRef>> {
    if r.subject != Subject::Studios {
        return Ok(Vec::new());
    }
    let Some(n) = org_node::Entity::find_by_id(r.node_id).one(db).await? else {
        return Ok(Vec::new());
    };
    crate::areas::studios_under(db, &TreePath::parse(&n.path)?).await
}

fn outside(field: &str) -> StorageError {
    StorageError::field(field, "err.evaluation_target_outside")
}

/// The targets of round `r` run at `path`.
pub(super) async fn resolve<C: ConnectionTrait>(
    s: &Scoped<'_>,
    conn: &C,
    r: &Round,
    path: &TreePath,
    studios: &[StudioRef],
) -> Result<Vec<NewTarget>> {
    let inside = |p: &str| {
        TreePath::parse(p)
            .is_ok_and(|p| p.is_within(path) && s.actor.can(Permission::EvaluationManage, &p))
    };
    let node_target = |n: org_node::Model| NewTarget {
        node_id: n.id,
        node_path: n.path,
        studio_id: None,
        studio_name: None,
    };
    if r.subject == Subject::Studios {
        let mut out = Vec::new();
        for id in &r.target_ids {
            let st = studios
                .iter()
                .find(|st| st.id == *id && inside(&st.node_path))
                .ok_or_else(|| outside("target_ids"))?;
            out.push(NewTarget {
                node_id: st.node_id,
                node_path: st.node_path.clone(),
                studio_id: Some(st.id),
                studio_name: Some(st.name.clone()),
            });
        }
        return Ok(out);
    }
    if let Some(sel) = &r.selector {
        let (_, under) = node_for(
            s,
            conn,
            sel.node_id,
            Permission::EvaluationManage,
            "under_node_id",
        )
        .await?;
        if !under.is_within(path) {
            return Err(outside("under_node_id"));
        }
        let mut nodes: Vec<org_node::Model> = org_node::Entity::find()
            .filter(within(org_node::Column::Path, &under))
            .filter(org_node::Column::Kind.is_in(sel.kinds.clone()))
            .filter(org_node::Column::Status.eq("active"))
            .all(conn)
            .await?;
        nodes.retain(|n| inside(&n.path));
        nodes.sort_by_key(|n| n.id);
        if nodes.is_empty() {
            return Err(StorageError::field(
                "under_node_id",
                "err.evaluation_no_targets",
            ));
        }
        if nodes.len() > MAX_TARGETS {
            return Err(StorageError::field("under_node_id", "err.choice"));
        }
        return Ok(nodes.into_iter().map(node_target).collect());
    }
    let nodes = org_node::Entity::find()
        .filter(org_node::Column::Id.is_in(r.target_ids.clone()))
        .all(conn)
        .await?;
    if nodes.len() != r.target_ids.len() || !nodes.iter().all(|n| inside(&n.path)) {
        return Err(outside("target_ids"));
    }
    Ok(nodes.into_iter().map(node_target).collect())
}

/// A round's studio rules as kept on it.
pub(super) fn rules_of(m: &round::Model) -> StudioRules {
    StudioRules {
        demonstration_at: m.demonstration_at,
        warned_below: m.warned_below,
        delisted_below: m.delisted_below,
    }
}

/// Most studios a round's form offers.
const STUDIO_CHOICES: usize = 500;

impl super::EvaluationRepo<'_> {
    /// The studios the caller may start a studio round for (hosted where it holds
    /// `evaluation.manage`), by name, for the round's form.
    pub async fn studio_choices(&self) -> Result<Vec<StudioRef>> {
        let mut out = Vec::new();
        for root in self.s.actor.grants.scopes(Permission::EvaluationManage) {
            out.extend(crate::areas::studios_under(self.s.db, &root).await?);
        }
        out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        out.dedup_by_key(|s| s.id);
        out.truncate(STUDIO_CHOICES);
        Ok(out)
    }
}
