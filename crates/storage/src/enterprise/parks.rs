//! Park profiles (园区台账) and the parks overview: each park node under a node with its level,
//! its key-park flag, whether it has a party organization of its own, and the coverage of
//! the operating enterprises in it, summed from their marks; the figures the seeds give for a
//! zone's parks (parks, key parks, parks with an organization, parks fully covered by level,
//! enterprises with their own organization).
//!
//! - An enterprise belongs to its nearest park: the deepest park node above it. A zone that is
//!   itself a park and holds parks counts only the enterprises filed outside its parks, so
//!   no enterprise is counted twice in a summary.
//! - A park has a party organization of its own when a party-organization node
//!   ([`PARTY_ORGANIZATION_KINDS`]) is a direct child of the park node (园区党委、党总支、联合
//!   党支部 filed at the park), or when its profile names one filed elsewhere in the party
//!   line (滨海's 园区党委 stand under the zone's 两新组织党委, seed [003]).
//! - Crossing scope: a park's readers see the name of the committee its profile names even
//!   when that node lies outside their subtree (a park's staff under the zone, the committee
//!   under the 两新组织党委). Only the name crosses — not the node's people or records — and
//!   each such read is audited (`park_committee_view`), as chain reads are.

use super::*;
use crate::audit::Entry;
use crate::entity::enterprise_park as park;
use crate::entity::enterprise_tables::enterprise_mark as mark;
use crate::kit::work::Work;
use crate::now_ms;
use crate::scope::Guarded;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use touyan_domain::access::Permission;
use touyan_domain::enterprise::parks::{is_level, ParkFigures, ParkProfile, LEVELS};
use touyan_domain::tree::TreePath;

/// The kind of node a park profile is recorded on (开发区/园区).
pub const PARK_KIND: &str = "park";

/// A park profile is read with `enterprise.read` and changed with `enterprise.write` over the
/// park's node.
impl Guarded for park::Entity {
    const READ: Permission = Permission::EnterpriseRead;
    const WRITE: Permission = Permission::EnterpriseWrite;
    fn path_column() -> park::Column {
        park::Column::NodePath
    }
    fn path_of(m: &park::Model) -> &str {
        &m.node_path
    }
}

/// A park's profile as the form and the API show it; `recorded` is false (and the fields
/// blank) while none has been recorded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ParkProfileView {
    /// The park's node.
    pub id: i64,
    pub name: String,
    pub recorded: bool,
    /// `national`, `provincial`, `municipal` or `district`.
    pub level: Option<String>,
    /// A key park (重点园区).
    pub key: bool,
    pub operator: Option<String>,
    pub address: Option<String>,
    /// In square metres.
    pub area: Option<i64>,
    /// The park's party organization filed elsewhere in the party line: its node and name.
    pub committee: Option<i64>,
    pub committee_name: Option<String>,
    pub updated_at: Option<i64>,
}

/// One park of the overview.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ParkView {
    /// The park's node.
    pub id: i64,
    pub name: String,
    /// None while no profile is recorded.
    pub level: Option<String>,
    pub key: bool,
    pub operator: Option<String>,
    /// A party organization filed directly at the park node, or named by its profile.
    pub has_organization: bool,
    /// Operating enterprises whose nearest park this is.
    pub enterprises: u64,
    /// Of them, those with a party organization of their own.
    pub own: u64,
    /// Of them, those a joint or incubation branch covers.
    pub covered: u64,
    /// (own + covered) / enterprises in percent, one decimal; none without enterprises.
    pub organization_rate: Option<f64>,
    /// Every operating enterprise has its own organization or a cover (全覆盖); never for a
    /// park without operating enterprises.
    pub fully_covered: bool,
}

/// The parks of one level (`""`: no profile recorded) in a summary.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ParkLevelLine {
    pub level: String,
    pub parks: u64,
    pub with_organization: u64,
    pub fully_covered: u64,
    pub enterprises: u64,
    /// Enterprises with their own organization or a cover.
    pub organized: u64,
    pub organization_rate: Option<f64>,
}

/// The figures of the parks a filter keeps.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ParkSummary {
    pub parks: u64,
    pub key_parks: u64,
    pub with_organization: u64,
    pub fully_covered: u64,
    /// Operating enterprises in these parks.
    pub enterprises: u64,
    /// Of them, those with a party organization of their own (驻园企业建立党组织).
    pub own: u64,
    pub covered: u64,
    pub organization_rate: Option<f64>,
    /// By level, highest first; the parks without a profile last.
    pub by_level: Vec<ParkLevelLine>,
}

/// The parks overview: the summary of every park the filter keeps, and one page of them.
#[derive(Debug, Clone)]
pub struct ParksOverview {
    pub summary: ParkSummary,
    pub page: Page<ParkView>,
}

#[derive(Debug, Clone, Default)]
pub struct ParkFilter {
    pub under: Option<i64>,
    /// A level code.
    pub level: Option<String>,
    pub key: Option<bool>,
    pub has_organization: Option<bool>,
    pub fully_covered: Option<bool>,
}

impl ParkFilter {
    fn keeps(&self, p: &ParkView) -> bool {
        self.level
            .as_deref()
            .is_none_or(|l| p.level.as_deref() == Some(l))
            && self.key.is_none_or(|k| p.key == k)
            && self
                .has_organization
                .is_none_or(|h| p.has_organization == h)
            && self.fully_covered.is_none_or(|f| p.fully_covered == f)
    }
}

fn profile_json(m: &park::Model) -> serde_json::Value {
    json!({"level": m.level, "key": m.key_park, "operator": m.operator,
           "address": m.address, "area_m2": m.area_m2, "committee": m.committee_node_id})
}

fn profile_view(
    id: i64,
    name: String,
    m: Option<park::Model>,
    committee_name: Option<String>,
) -> ParkProfileView {
    match m {
        Some(m) => ParkProfileView {
            id,
            name,
            recorded: true,
            level: Some(m.level),
            key: m.key_park,
            operator: m.operator,
            address: m.address,
            area: m.area_m2,
            committee: m.committee_node_id,
            committee_name,
            updated_at: Some(m.updated_at),
        },
        None => ParkProfileView {
            id,
            name,
            recorded: false,
            level: None,
            key: false,
            operator: None,
            address: None,
            area: None,
            committee: None,
            committee_name: None,
            updated_at: None,
        },
    }
}

/// The index of the deepest park among `parks` (by path) that `path` lies in.
fn nearest_park(parks: &HashMap<&str, usize>, path: &str) -> Option<usize> {
    let mut best = None;
    for (i, ch) in path.char_indices() {
        if ch == '/' && i > 0 {
            if let Some(k) = parks.get(&path[..=i]) {
                best = Some(*k);
            }
        }
    }
    best
}

/// Adds the marks (path, party code) to the figures of their nearest parks.
fn tally(park_paths: &[String], marks: &[(String, String)]) -> Vec<ParkFigures> {
    let index: HashMap<&str, usize> = park_paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut out = vec![ParkFigures::default(); park_paths.len()];
    for (path, party) in marks {
        let Some(i) = nearest_park(&index, path) else {
            continue;
        };
        let f = &mut out[i];
        f.operating += 1;
        match PartyStatus::from_code(party) {
            Some(PartyStatus::Own) => f.own += 1,
            Some(PartyStatus::Joint | PartyStatus::Incubation) => f.covered += 1,
            _ => {}
        }
    }
    out
}

fn level_rank(level: &str) -> usize {
    LEVELS
        .iter()
        .position(|l| *l == level)
        .unwrap_or(LEVELS.len())
}

/// The summary of `parks`.
fn summarize(parks: &[ParkView]) -> ParkSummary {
    let mut s = ParkSummary::default();
    let mut lines: BTreeMap<(usize, String), ParkLevelLine> = BTreeMap::new();
    for p in parks {
        let level = p.level.clone().unwrap_or_default();
        let line = lines
            .entry((level_rank(&level), level.clone()))
            .or_insert_with(|| ParkLevelLine {
                level,
                ..Default::default()
            });
        let organized = p.own + p.covered;
        line.parks += 1;
        line.with_organization += u64::from(p.has_organization);
        line.fully_covered += u64::from(p.fully_covered);
        line.enterprises += p.enterprises;
        line.organized += organized;
        s.parks += 1;
        s.key_parks += u64::from(p.key);
        s.with_organization += u64::from(p.has_organization);
        s.fully_covered += u64::from(p.fully_covered);
        s.enterprises += p.enterprises;
        s.own += p.own;
        s.covered += p.covered;
    }
    let rate = |organized: u64, all: u64| {
        ParkFigures {
            operating: all,
            own: organized,
            covered: 0,
        }
        .rate()
    };
    s.organization_rate = rate(s.own + s.covered, s.enterprises);
    s.by_level = lines
        .into_values()
        .map(|mut l| {
            l.organization_rate = rate(l.organized, l.enterprises);
            l
        })
        .collect();
    s
}

impl EnterpriseRepo<'_> {
    /// The park nodes the caller reads the ledger of under `under`: (id, path, name), in
    /// tree order.
    async fn park_nodes(&self, under: Option<i64>) -> Result<Vec<(i64, String, String)>> {
        let seen = self
            .s
            .visible(org_node::Column::Path, Permission::EnterpriseRead, under)
            .await?;
        Ok(org_node::Entity::find()
            .select_only()
            .column(org_node::Column::Id)
            .column(org_node::Column::Path)
            .column(org_node::Column::Name)
            .filter(seen)
            .filter(org_node::Column::Kind.eq(PARK_KIND))
            .order_by_asc(org_node::Column::Path)
            .into_tuple()
            .all(self.s.db)
            .await?)
    }

    /// Which of the parks `ids` have a party organization filed directly at them.
    async fn parks_with_organization(&self, ids: &[i64]) -> Result<HashSet<i64>> {
        let mut out = HashSet::new();
        for chunk in ids.chunks(crate::IN_CHUNK) {
            let parents: Vec<Option<i64>> = org_node::Entity::find()
                .select_only()
                .column(org_node::Column::ParentId)
                .distinct()
                .filter(org_node::Column::ParentId.is_in(chunk.to_vec()))
                .filter(org_node::Column::Kind.is_in(PARTY_ORGANIZATION_KINDS))
                .into_tuple()
                .all(self.s.db)
                .await?;
            out.extend(parents.into_iter().flatten());
        }
        Ok(out)
    }

    /// Every park the filter keeps, in tree order, with the summary of them all. The
    /// enterprises' figures come from one read of the operating marks under the node (path
    /// and party status), each added to its nearest park; no park is read on its own.
    pub async fn parks_all(&self, f: &ParkFilter) -> Result<(ParkSummary, Vec<ParkView>)> {
        if let Some(l) = nonblank(&f.level) {
            if !is_level(&l) {
                return Err(StorageError::field("level", "err.choice"));
            }
        }
        let nodes = self.park_nodes(f.under).await?;
        let ids: Vec<i64> = nodes.iter().map(|n| n.0).collect();
        let seen = self.s.list_filter::<park::Entity>(f.under).await?;
        let profiles: HashMap<i64, park::Model> = park::Entity::find()
            .filter(seen)
            .all(self.s.db)
            .await?
            .into_iter()
            .map(|m| (m.node_id, m))
            .collect();
        let organized = self.parks_with_organization(&ids).await?;
        let seen = self.s.list_filter::<mark::Entity>(f.under).await?;
        let marks: Vec<(String, String)> = mark::Entity::find()
            .select_only()
            .column(mark::Column::NodePath)
            .column(mark::Column::Party)
            .filter(seen)
            .filter(mark::Column::Operating.eq(true))
            .into_tuple()
            .all(self.s.db)
            .await?;
        let paths: Vec<String> = nodes.iter().map(|n| n.1.clone()).collect();
        let figures = tally(&paths, &marks);
        let filter = ParkFilter {
            level: nonblank(&f.level),
            ..f.clone()
        };
        let parks: Vec<ParkView> = nodes
            .into_iter()
            .zip(figures)
            .map(|((id, _, name), fig)| {
                let p = profiles.get(&id);
                ParkView {
                    id,
                    name,
                    level: p.map(|p| p.level.clone()),
                    key: p.is_some_and(|p| p.key_park),
                    operator: p.and_then(|p| p.operator.clone()),
                    has_organization: organized.contains(&id)
                        || p.is_some_and(|p| p.committee_node_id.is_some()),
                    enterprises: fig.operating,
                    own: fig.own,
                    covered: fig.covered,
                    organization_rate: fig.rate(),
                    fully_covered: fig.fully_covered(),
                }
            })
            .filter(|p| filter.keeps(p))
            .collect();
        Ok((summarize(&parks), parks))
    }

    /// One page of the parks the filter keeps, with the summary of them all.
    pub async fn parks(&self, f: &ParkFilter, page: PageRequest) -> Result<ParksOverview> {
        let (summary, all) = self.parks_all(f).await?;
        let total = all.len() as u64;
        let items = all
            .into_iter()
            .skip(page.offset() as usize)
            .take(page.per_page as usize)
            .collect();
        Ok(ParksOverview {
            summary,
            page: Page {
                items,
                total,
                page: page.page,
                per_page: page.per_page,
            },
        })
    }

    /// Park node `id` with its path, when the caller holds `perm` there (404 for a node it
    /// cannot read, or one that is not a park; 403 for one it reads but may not change).
    async fn park_node<C: sea_orm::ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
        perm: Permission,
    ) -> Result<(org_node::Model, TreePath)> {
        let node = org_node::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let path = TreePath::parse(&node.path)?;
        self.s.require(perm, Permission::EnterpriseRead, &path)?;
        if node.kind != PARK_KIND {
            return Err(StorageError::NotFound);
        }
        Ok((node, path))
    }

    /// The profile of park node `id` (blank while none is recorded).
    pub async fn park_profile(&self, id: i64) -> Result<ParkProfileView> {
        let (node, _) = self
            .park_node(self.s.db, id, Permission::EnterpriseRead)
            .await?;
        let m = match self.s.load_for_read::<park::Entity, _>(self.s.db, id).await {
            Ok((m, _)) => Some(m),
            Err(StorageError::NotFound) => None,
            Err(e) => return Err(e),
        };
        let committee = self.committee_name(id, m.as_ref()).await?;
        Ok(profile_view(id, node.name, m, committee))
    }

    /// Records the profile of park node `id`, or replaces the one it has.
    pub async fn save_park(&self, id: i64, p: ParkProfile) -> Result<ParkProfileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) = self.park_node(txn, id, Permission::EnterpriseWrite).await?;
        if let Some(c) = p.committee {
            self.check_committee(txn, c).await?;
        }
        let old = park::Entity::find_by_id(id).one(txn).await?;
        let now = now_ms();
        let am = park::ActiveModel {
            node_id: Set(id),
            node_path: Set(node.path.clone()),
            level: Set(p.level),
            key_park: Set(p.key),
            operator: Set(p.operator),
            address: Set(p.address),
            area_m2: Set(p.area_m2),
            committee_node_id: Set(p.committee),
            created_at: Set(old.as_ref().map_or(now, |o| o.created_at)),
            updated_at: Set(now),
        };
        let saved = match &old {
            Some(_) => am.update(txn).await?,
            None => am.insert(txn).await?,
        };
        work.record(Entry {
            action: if old.is_some() { "update" } else { "create" },
            record_type: "park_profile",
            record_id: Some(id.to_string()),
            node: Some((id, &path)),
            before: old.as_ref().map(profile_json),
            after: Some(profile_json(&saved)),
        })
        .await?;
        work.commit().await?;
        let committee = self.committee_name(id, Some(&saved)).await?;
        Ok(profile_view(id, node.name, Some(saved), committee))
    }

    /// The name of the committee park `park_id`'s profile names; a read of one outside the
    /// caller's reach is audited in its own write (see the module's note on crossing scope).
    async fn committee_name(
        &self,
        park_id: i64,
        m: Option<&park::Model>,
    ) -> Result<Option<String>> {
        let Some(id) = m.and_then(|m| m.committee_node_id) else {
            return Ok(None);
        };
        let Some(node) = org_node::Entity::find_by_id(id).one(self.s.db).await? else {
            return Ok(None);
        };
        let reads =
            TreePath::parse(&node.path).is_ok_and(|p| self.s.actor.can(Permission::OrgRead, &p));
        if !reads {
            let work = Work::begin(self.s.db, self.s.actor).await?;
            work.record(Entry {
                action: "park_committee_view",
                record_type: "park_profile",
                record_id: Some(park_id.to_string()),
                node: self.s.actor.home_ref(),
                before: None,
                after: Some(json!({"park": park_id, "committee": id})),
            })
            .await?;
            work.commit().await?;
        }
        Ok(Some(node.name))
    }

    /// A park's committee must be a party organization (党委, 党总支, 党支部) the caller reads;
    /// any other node answers as unknown.
    async fn check_committee<C: sea_orm::ConnectionTrait>(&self, conn: &C, id: i64) -> Result<()> {
        let node = org_node::Entity::find_by_id(id).one(conn).await?;
        let fits = node.is_some_and(|n| {
            PARTY_ORGANIZATION_KINDS.contains(&n.kind.as_str())
                && TreePath::parse(&n.path).is_ok_and(|p| self.s.actor.can(Permission::OrgRead, &p))
        });
        if fits {
            Ok(())
        } else {
            Err(StorageError::field("committee", "err.park_committee"))
        }
    }

    /// Removes the profile of park node `id` (the node stays).
    pub async fn delete_park(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.s.load_for_write::<park::Entity, _>(txn, id).await?;
        park::Entity::delete_by_id(id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "park_profile",
            record_id: Some(id.to_string()),
            node: Some((id, &path)),
            before: Some(profile_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await
    }
}

#[cfg(test)]
#[path = "parks_tests.rs"]
mod tests;
