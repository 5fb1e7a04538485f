//! The organization picker's answers: nodes found by a few characters of their name or of its
//! pinyin, a level of the tree to browse, or the labels of nodes already chosen. Only nodes
//! where the caller holds the permission of the action the picker serves are offered; each
//! comes with the names above it that the caller may read.

use super::*;
use touyan_domain::spell::spell_query;

/// One node as a picker offers it.
#[derive(Debug, Clone, Serialize)]
pub struct Pickable {
    pub id: i64,
    pub name: String,
    pub kind: String,
    /// Names of the readable nodes above it, top first.
    pub above: Vec<String>,
    pub has_children: bool,
    pub disabled: bool,
}

/// What the picker asks for.
pub enum PickAsk<'a> {
    /// Nodes whose name (or its pinyin key) holds the text.
    Text(&'a str),
    /// The top nodes where the permission holds (`None`), or the children of one of them.
    Level(Option<i64>),
    /// Nodes already chosen, to show their names.
    Ids(&'a [i64]),
}

/// How many matches a text search looks at before it ranks them.
const SEARCHED: u64 = 200;

impl OrgRepo<'_> {
    /// Up to `limit` nodes for the picker of an action that needs `perm`.
    pub async fn pick(
        &self,
        ask: PickAsk<'_>,
        perm: Permission,
        limit: usize,
    ) -> Result<Vec<Pickable>> {
        let scopes = match self.s.scopes(perm) {
            Ok(s) => s,
            Err(StorageError::NotFound) => return Ok(vec![]),
            Err(e) => return Err(e),
        };
        let base = org_node::Entity::find().filter(within_any(org_node::Column::Path, &scopes));
        let mut rows = match ask {
            PickAsk::Text(text) => {
                let text = text.trim();
                if text.is_empty() {
                    return Ok(vec![]);
                }
                let mut any = sea_orm::Condition::any()
                    .add(like_expr(org_node::Column::Name, text))
                    .add(like_expr(org_node::Column::Code, text));
                if let Some(spelled) = spell_query(text) {
                    any = any.add(like_expr(org_node::Column::Spell, &spelled));
                }
                let mut rows = base
                    .filter(any)
                    .order_by_asc(org_node::Column::Depth)
                    .order_by_asc(org_node::Column::Path)
                    .limit(SEARCHED)
                    .all(self.s.db)
                    .await?;
                rows.sort_by_key(|m| (rank(&m.name, text), m.depth));
                rows
            }
            PickAsk::Level(None) => {
                let ids: Vec<i64> = scopes.iter().filter_map(|p| p.id()).collect();
                let q = if ids.len() < scopes.len() {
                    base.filter(org_node::Column::ParentId.is_null())
                } else {
                    base.filter(org_node::Column::Id.is_in(ids))
                };
                q.order_by_asc(org_node::Column::Path)
                    .all(self.s.db)
                    .await?
            }
            PickAsk::Level(Some(parent)) => {
                self.path_of_readable(parent, perm).await?;
                base.filter(org_node::Column::ParentId.eq(parent))
                    .order_by_asc(org_node::Column::SortOrder)
                    .order_by_asc(org_node::Column::Id)
                    .all(self.s.db)
                    .await?
            }
            PickAsk::Ids(ids) => {
                base.filter(org_node::Column::Id.is_in(ids.iter().copied()))
                    .all(self.s.db)
                    .await?
            }
        };
        rows.truncate(limit);
        self.pickable(rows).await
    }

    /// The rows with the readable names above them and whether they have children.
    async fn pickable(&self, rows: Vec<org_node::Model>) -> Result<Vec<Pickable>> {
        let mut above_ids: Vec<i64> = Vec::new();
        let mut paths = Vec::with_capacity(rows.len());
        for m in &rows {
            let p = TreePath::parse(&m.path)?;
            let ids = p.ids();
            above_ids.extend(&ids[..ids.len().saturating_sub(1)]);
            paths.push(p);
        }
        above_ids.sort_unstable();
        above_ids.dedup();
        let names: HashMap<i64, (String, String)> = if above_ids.is_empty() {
            HashMap::new()
        } else {
            let found: Vec<(i64, String, String)> = org_node::Entity::find()
                .select_only()
                .column(org_node::Column::Id)
                .column(org_node::Column::Name)
                .column(org_node::Column::Path)
                .filter(org_node::Column::Id.is_in(above_ids))
                .into_tuple()
                .all(self.s.db)
                .await?;
            found
                .into_iter()
                .map(|(id, name, path)| (id, (name, path)))
                .collect()
        };
        let readable = |path: &str| {
            TreePath::parse(path)
                .map(|p| self.s.actor.can(Permission::OrgRead, &p))
                .unwrap_or(false)
        };
        let flagged = self.with_child_flags(rows).await?;
        Ok(flagged
            .into_iter()
            .zip(paths)
            .map(|(item, p)| {
                let ids = p.ids();
                let above = ids[..ids.len().saturating_sub(1)]
                    .iter()
                    .filter_map(|i| names.get(i))
                    .filter(|(_, path)| readable(path))
                    .map(|(name, _)| name.clone())
                    .collect();
                Pickable {
                    id: item.node.id,
                    disabled: item.node.status == NodeStatus::Disabled.code(),
                    name: item.node.name,
                    kind: item.node.kind,
                    above,
                    has_children: item.has_children,
                }
            })
            .collect())
    }
}

/// A name equal to the text first, then one that starts with it, then the rest.
fn rank(name: &str, text: &str) -> u8 {
    if name == text {
        0
    } else if name.starts_with(text) {
        1
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::rank;

    #[test]
    fn the_exact_name_comes_before_a_prefix_and_a_prefix_before_the_rest() {
        let mut names = vec!["大屯街道富成花园", "富成花园社区", "富成花园"];
        names.sort_by_key(|n| rank(n, "富成花园"));
        assert_eq!(names, ["富成花园", "富成花园社区", "大屯街道富成花园"]);
    }
}
