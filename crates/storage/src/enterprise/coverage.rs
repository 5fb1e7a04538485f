//! Party-organization coverage of the operating enterprises under a node: how many have their
//! own organization, a joint or incubation cover, members only or nothing; the members in
//! them; the organization and work coverage rates — in all, and broken down by the node's
//! children, by industry, by size or by industrial chain.

use super::*;
use crate::entity::enterprise_tables::enterprise_mark as mark;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::tally::{BY_CHAIN, BY_INDUSTRY, BY_SIZE, IN_ANY_CHAIN};
use touyan_domain::tree::TreePath;

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Coverage {
    pub enterprises: u64,
    pub own: u64,
    pub joint: u64,
    pub incubation: u64,
    pub members_only: u64,
    pub none: u64,
    /// Members filed in them.
    pub members: u64,
    /// Enterprises that should have their own branch and have none.
    pub breaking_rule: u64,
    /// Organization coverage (own, joint or incubation) in percent, one decimal; none when
    /// there are no enterprises.
    pub organization_rate: Option<f64>,
    /// Work coverage (an organization or members working there) in percent.
    pub work_rate: Option<f64>,
}

impl Coverage {
    pub(super) fn add(&mut self, f: &PartyFacts) {
        let party = party_status(f).code();
        self.add_many(party, 1, f.members, u64::from(should_have_own_branch(f)));
    }

    /// `n` enterprises of party status `party` with their members and how many of them break
    /// the rule of three.
    pub(super) fn add_many(&mut self, party: &str, n: u64, members: u64, breaking: u64) {
        self.enterprises += n;
        self.members += members;
        self.breaking_rule += breaking;
        match PartyStatus::from_code(party) {
            Some(PartyStatus::Own) => self.own += n,
            Some(PartyStatus::Joint) => self.joint += n,
            Some(PartyStatus::Incubation) => self.incubation += n,
            Some(PartyStatus::MembersOnly) => self.members_only += n,
            Some(PartyStatus::None) | None => self.none += n,
        }
    }

    /// What is left of `self` without `part` (a part of it).
    fn less(mut self, part: &Coverage) -> Self {
        self.enterprises = self.enterprises.saturating_sub(part.enterprises);
        self.own = self.own.saturating_sub(part.own);
        self.joint = self.joint.saturating_sub(part.joint);
        self.incubation = self.incubation.saturating_sub(part.incubation);
        self.members_only = self.members_only.saturating_sub(part.members_only);
        self.none = self.none.saturating_sub(part.none);
        self.members = self.members.saturating_sub(part.members);
        self.breaking_rule = self.breaking_rule.saturating_sub(part.breaking_rule);
        self
    }

    pub(super) fn rated(mut self) -> Self {
        let organized = self.own + self.joint + self.incubation;
        self.organization_rate = rate(organized, self.enterprises);
        self.work_rate = rate(organized + self.members_only, self.enterprises);
        self
    }
}

fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// What a breakdown of coverage goes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageBy {
    /// The node's children (enterprises filed at the node itself under `""`).
    Child,
    /// The industry section (`""` when not recorded).
    Industry,
    /// The size (`""` when not recorded).
    Size,
    /// The chain committees (一链一党委) the enterprise is a current member of — one line per
    /// chain, so an enterprise in two chains is counted in both; `""` for none.
    Chain,
}

impl CoverageBy {
    pub fn parse(s: &str) -> Result<CoverageBy> {
        match s {
            "child" => Ok(CoverageBy::Child),
            "industry" => Ok(CoverageBy::Industry),
            "size" => Ok(CoverageBy::Size),
            "chain" => Ok(CoverageBy::Chain),
            _ => Err(StorageError::field("by", "err.choice")),
        }
    }
}

/// One line of a breakdown: its key (a child node's id, an industry or a size code) and, for
/// a child, its name.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CoverageRow {
    pub key: String,
    pub name: Option<String>,
    pub coverage: Coverage,
}

impl EnterpriseRepo<'_> {
    /// Coverage of the operating enterprises under `under` (or the caller's whole scope),
    /// summed from their marks.
    pub async fn coverage(&self, under: Option<i64>) -> Result<Coverage> {
        marks::sum_marks(&self.s, under).await
    }

    /// The coverage under `under`, line by line: by its children (which needs the node), by
    /// industry, by size or by chain. The lines add up to [`Self::coverage`], except by chain,
    /// where an enterprise is counted once in each of its chains. All come from the counts
    /// kept per node (see `counts` and [`chain_lines`]).
    pub async fn coverage_by(
        &self,
        under: Option<i64>,
        by: CoverageBy,
    ) -> Result<Vec<CoverageRow>> {
        let lines = match by {
            CoverageBy::Child => {
                let id = under.ok_or_else(|| StorageError::field("under", "err.required"))?;
                self.s
                    .orgs()
                    .path_of_readable(id, Permission::EnterpriseRead)
                    .await?;
                counts::read_children(self.s.db, id).await?
            }
            CoverageBy::Industry | CoverageBy::Size => {
                let scopes = self.s.list_scopes::<mark::Entity>(under).await?;
                let (prefix, code_of): (_, fn(&mark::Model) -> Option<String>) =
                    if by == CoverageBy::Industry {
                        (BY_INDUSTRY, |m| m.industry.clone())
                    } else {
                        (BY_SIZE, |m| m.size.clone())
                    };
                counts::read_by(self.s.db, &scopes, prefix, code_of).await?
            }
            CoverageBy::Chain => chain_lines(&self.s, under).await?,
        };
        Ok(rows(self.s.db, by, lines).await?)
    }

    /// The same breakdown as [`Self::coverage_by`], summed from every operating mark under
    /// the node: for checking the kept counts, and as the benchmark's baseline.
    pub async fn coverage_by_scan(
        &self,
        under: Option<i64>,
        by: CoverageBy,
    ) -> Result<Vec<CoverageRow>> {
        let depth = match (by, under) {
            (CoverageBy::Child, Some(id)) => Some(
                self.s
                    .orgs()
                    .path_of_readable(id, Permission::EnterpriseRead)
                    .await?
                    .ids()
                    .len(),
            ),
            (CoverageBy::Child, None) => return Err(StorageError::field("under", "err.required")),
            _ => None,
        };
        let marks = marks::operating_marks(&self.s, under).await?;
        let chains = if by == CoverageBy::Chain {
            let ids: Vec<i64> = marks.iter().map(|m| m.node_id).collect();
            chain::current_chains_of(self.s.db, &ids).await?
        } else {
            Default::default()
        };
        let mut lines: BTreeMap<String, Coverage> = BTreeMap::new();
        for m in &marks {
            let keys = match by {
                CoverageBy::Child => {
                    let ids = TreePath::parse(&m.node_path)?.ids();
                    vec![ids
                        .get(depth.unwrap_or(0))
                        .map(|id| id.to_string())
                        .unwrap_or_default()]
                }
                CoverageBy::Industry => vec![m.industry.clone().unwrap_or_default()],
                CoverageBy::Size => vec![m.size.clone().unwrap_or_default()],
                CoverageBy::Chain => match chains.get(&m.node_id) {
                    Some(ids) => ids.iter().map(|id| id.to_string()).collect(),
                    None => vec![String::new()],
                },
            };
            let breaking = u64::from(m.breaking);
            for key in keys {
                lines
                    .entry(key)
                    .or_default()
                    .add_many(&m.party, 1, m.members as u64, breaking);
            }
        }
        rows(self.s.db, by, lines).await
    }
}

/// The lines of a breakdown, rated and named (a child or a chain by its node's name), most
/// enterprises first and the unrecorded line last; lines left empty are dropped.
async fn rows<C: sea_orm::ConnectionTrait>(
    conn: &C,
    by: CoverageBy,
    mut lines: BTreeMap<String, Coverage>,
) -> Result<Vec<CoverageRow>> {
    lines.retain(|_, c| c.enterprises > 0);
    let names = if matches!(by, CoverageBy::Child | CoverageBy::Chain) {
        let ids: Vec<i64> = lines.keys().filter_map(|k| k.parse().ok()).collect();
        crate::kit::sql::node_names(conn, ids).await?
    } else {
        Default::default()
    };
    let mut out: Vec<CoverageRow> = lines
        .into_iter()
        .map(|(key, c)| CoverageRow {
            name: key
                .parse::<i64>()
                .ok()
                .and_then(|id| names.get(&id).cloned()),
            key,
            coverage: c.rated(),
        })
        .collect();
    // Most enterprises first; the unrecorded line last.
    out.sort_by(|a, b| {
        (
            a.key.is_empty(),
            std::cmp::Reverse(a.coverage.enterprises),
            &a.key,
        )
            .cmp(&(
                b.key.is_empty(),
                std::cmp::Reverse(b.coverage.enterprises),
                &b.key,
            ))
    });
    Ok(out)
}

/// The breakdown by chain, from the lines kept per node and chain (see `counts`): each
/// chain's line as kept, and the line of the enterprises in no chain as the kept total less
/// the kept line of those in any chain (a member of two chains is taken off once).
///
/// A membership is current from the write that files it until the write that ends it (its
/// `left_on` is set then, never ahead of that day): so the marks' chains, and the lines they
/// count in, change in the transactions of joining and leaving, as the chain staff's reading
/// of the member's profile does.
async fn chain_lines(s: &Scoped<'_>, under: Option<i64>) -> Result<BTreeMap<String, Coverage>> {
    let scopes = s.list_scopes::<mark::Entity>(under).await?;
    let mut out = counts::read_chains(s.db, &scopes).await?;
    let any = IN_ANY_CHAIN.strip_prefix(BY_CHAIN).unwrap_or_default();
    let in_chains = out.remove(any).unwrap_or_default();
    let total = out.remove("").unwrap_or_default();
    out.insert(String::new(), total.less(&in_chains));
    Ok(out)
}
