//! Party-organization coverage of the operating enterprises under a node: how many have their
//! own organization, a joint or incubation cover, members only or nothing; the members in
//! them; the organization and work coverage rates — in all, and broken down by the node's
//! children, by industry or by size.

use super::*;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
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
        self.enterprises += 1;
        self.members += f.members;
        self.breaking_rule += u64::from(should_have_own_branch(f));
        match party_status(f) {
            PartyStatus::Own => self.own += 1,
            PartyStatus::Joint => self.joint += 1,
            PartyStatus::Incubation => self.incubation += 1,
            PartyStatus::MembersOnly => self.members_only += 1,
            PartyStatus::None => self.none += 1,
        }
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
}

impl CoverageBy {
    pub fn parse(s: &str) -> Result<CoverageBy> {
        match s {
            "child" => Ok(CoverageBy::Child),
            "industry" => Ok(CoverageBy::Industry),
            "size" => Ok(CoverageBy::Size),
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

struct Row {
    path: String,
    cover: Option<String>,
    industry: Option<String>,
    size: Option<String>,
}

impl EnterpriseRepo<'_> {
    async fn operating(&self, under: Option<i64>) -> Result<(Vec<Row>, Vec<PartyFacts>)> {
        let seen = self.s.list_filter::<enterprise::Entity>(under).await?;
        type Tuple = (String, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Tuple> = enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::NodePath)
            .column(enterprise::Column::Cover)
            .column(enterprise::Column::Industry)
            .column(enterprise::Column::Size)
            .filter(seen)
            .filter(enterprise::Column::Status.eq("operating"))
            .into_tuple()
            .all(self.s.db)
            .await?;
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|(path, cover, industry, size)| Row {
                path,
                cover,
                industry,
                size,
            })
            .collect();
        let paths: Vec<String> = rows.iter().map(|r| r.path.clone()).collect();
        let links = links::current_by_path(self.s.db, &paths).await?;
        let mut facts = facts::facts_with(self.s.db, &paths, &links).await?;
        for (r, f) in rows.iter().zip(facts.iter_mut()) {
            f.cover = f
                .cover
                .or(legacy_cover(&r.path, &links, r.cover.as_deref()));
        }
        Ok((rows, facts))
    }

    /// Coverage of the operating enterprises under `under` (or the caller's whole scope).
    pub async fn coverage(&self, under: Option<i64>) -> Result<Coverage> {
        let (_, facts) = self.operating(under).await?;
        let mut c = Coverage::default();
        for f in &facts {
            c.add(f);
        }
        Ok(c.rated())
    }

    /// The coverage under `under`, line by line: by its children (which needs the node), by
    /// industry or by size. The lines add up to [`Self::coverage`].
    pub async fn coverage_by(
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
        let (rows, facts) = self.operating(under).await?;
        let mut lines: BTreeMap<String, Coverage> = BTreeMap::new();
        for (r, f) in rows.iter().zip(&facts) {
            let key = match by {
                CoverageBy::Child => {
                    let ids = TreePath::parse(&r.path)?.ids();
                    ids.get(depth.unwrap_or(0))
                        .map(|id| id.to_string())
                        .unwrap_or_default()
                }
                CoverageBy::Industry => r.industry.clone().unwrap_or_default(),
                CoverageBy::Size => r.size.clone().unwrap_or_default(),
            };
            lines.entry(key).or_default().add(f);
        }
        let names = if by == CoverageBy::Child {
            let ids: Vec<i64> = lines.keys().filter_map(|k| k.parse().ok()).collect();
            crate::kit::sql::node_names(self.s.db, ids).await?
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
}
