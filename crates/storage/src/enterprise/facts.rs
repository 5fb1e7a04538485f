//! What the tree and the people records say about enterprises' party building: their own
//! party organizations (party nodes at or under the enterprise's node) and the members whose
//! organization node is the enterprise or under it — read for a set of enterprises at once,
//! in two grouped reads, and matched to each enterprise by its path.

use crate::entity::enterprise_tables::enterprise_link;
use crate::entity::{org_node, person};
use crate::scope::within_any;
use crate::Result;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use touyan_domain::enterprise::links::LinkKind;
use touyan_domain::enterprise::PartyFacts;
use touyan_domain::tree::TreePath;

/// The kinds of node that are a party organization of their own (党委, 党总支, 党支部); a
/// 党工委 or a chain committee above enterprises is not one.
pub const PARTY_ORGANIZATION_KINDS: [&str; 3] =
    ["party_committee", "party_general_branch", "party_branch"];

/// Up to this many enterprises are read by their own subtrees; more, by their common one
/// (a statement naming hundreds of subtrees costs more than one range over all of them).
const FEW: usize = 32;

/// Members are full (正式) and probationary (预备) party members.
const MEMBER_STATUSES: [&str; 2] = ["full", "probationary"];

/// The enterprise among `paths` that `path` lies in (the nearest one), by walking up its
/// prefixes.
fn owner<'p>(paths: &'p HashMap<String, usize>, path: &str) -> Option<&'p usize> {
    let mut best = None;
    for (i, ch) in path.char_indices() {
        if ch == '/' && i > 0 {
            if let Some(k) = paths.get(&path[..=i]) {
                best = Some(k);
            }
        }
    }
    best
}

/// Facts of each enterprise at `paths` (node paths), in the same order, with its current
/// link (`links`, by path): an organization of its own filed elsewhere counts as one, a
/// covering branch is its cover.
pub(crate) async fn facts_with<C: ConnectionTrait>(
    conn: &C,
    paths: &[String],
    links: &HashMap<String, enterprise_link::Model>,
) -> Result<Vec<PartyFacts>> {
    let mut out = facts_of(conn, paths).await?;
    for (p, f) in paths.iter().zip(out.iter_mut()) {
        match links.get(p).and_then(|l| LinkKind::from_code(&l.kind)) {
            Some(LinkKind::Own) => f.own_organizations += 1,
            Some(LinkKind::Cover(c)) => f.cover = Some(c),
            None => {}
        }
    }
    Ok(out)
}

/// Facts of each enterprise at `paths` as the tree and the people records give them, without
/// its links.
pub(crate) async fn facts_of<C: ConnectionTrait>(
    conn: &C,
    paths: &[String],
) -> Result<Vec<PartyFacts>> {
    let mut out = vec![PartyFacts::default(); paths.len()];
    if paths.is_empty() {
        return Ok(out);
    }
    let index: HashMap<String, usize> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.clone(), i))
        .collect();
    let mut scopes = Vec::with_capacity(paths.len());
    for p in paths {
        scopes.push(TreePath::parse(p)?);
    }
    // Many enterprises are read in one pass over their common subtree (every row there is
    // matched to its enterprise below); a few, by their own subtrees.
    let lca;
    let scopes: &[TreePath] = if scopes.len() > FEW {
        lca = common_subtree(&scopes)?;
        std::slice::from_ref(&lca)
    } else {
        &scopes
    };
    for chunk in scopes.chunks(crate::IN_CHUNK) {
        let orgs: Vec<String> = org_node::Entity::find()
            .select_only()
            .column(org_node::Column::Path)
            .filter(within_any(org_node::Column::Path, chunk))
            .filter(org_node::Column::Kind.is_in(PARTY_ORGANIZATION_KINDS))
            .into_tuple()
            .all(conn)
            .await?;
        for path in orgs {
            if let Some(i) = owner(&index, &path) {
                out[*i].own_organizations += 1;
            }
        }
        let members: Vec<(String, String, i64)> = person::Entity::find()
            .select_only()
            .column(person::Column::NodePath)
            .column(person::Column::Status)
            .column_as(person::Column::Id.count(), "n")
            .filter(within_any(person::Column::NodePath, chunk))
            .filter(person::Column::Status.is_in(MEMBER_STATUSES))
            .group_by(person::Column::NodePath)
            .group_by(person::Column::Status)
            .into_tuple()
            .all(conn)
            .await?;
        for (path, status, n) in members {
            if let Some(i) = owner(&index, &path) {
                out[*i].members += n as u64;
                if status == "full" {
                    out[*i].full_members += n as u64;
                }
            }
        }
    }
    Ok(out)
}

/// The deepest path every one of `paths` lies under; the whole forest when they lie in
/// several trees. Rows in it outside every enterprise are matched to none.
fn common_subtree(paths: &[TreePath]) -> Result<TreePath> {
    let mut common: Vec<i64> = paths.first().map(TreePath::ids).unwrap_or_default();
    for p in &paths[1..] {
        let ids = p.ids();
        let same = common.iter().zip(&ids).take_while(|(a, b)| a == b).count();
        common.truncate(same);
    }
    if common.is_empty() {
        // Enterprises of several trees: one pass over everything.
        return Ok(TreePath::parse("/")?);
    }
    let text: String = common.iter().map(|id| format!("/{id}")).collect();
    Ok(TreePath::parse(&format!("{text}/"))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_enterprises_are_read_under_their_deepest_common_node() {
        let p = |s: &str| TreePath::parse(s).unwrap();
        let c = common_subtree(&[p("/1/5/9/"), p("/1/5/7/3/"), p("/1/5/")]).unwrap();
        assert_eq!(c.as_str(), "/1/5/");
        let c = common_subtree(&[p("/1/5/9/"), p("/1/6/")]).unwrap();
        assert_eq!(c.as_str(), "/1/");
    }

    #[test]
    fn a_path_belongs_to_the_nearest_enterprise_above_it() {
        let index: HashMap<String, usize> = [("/1/5/".to_string(), 0), ("/1/5/9/".to_string(), 1)]
            .into_iter()
            .collect();
        assert_eq!(owner(&index, "/1/5/"), Some(&0));
        assert_eq!(owner(&index, "/1/5/7/"), Some(&0));
        assert_eq!(owner(&index, "/1/5/9/12/"), Some(&1));
        assert_eq!(owner(&index, "/1/6/"), None);
        assert_eq!(owner(&index, "/1/"), None);
    }
}
