//! The ledger's ties in the demo, each a figure of the seeds made as records:
//! - 鱼台 [004]: "向园区44家企业选派党建工作指导员34名" — the 9 full-time party workers and 25
//!   branch secretaries, sent one to each enterprise and ten to a second; the guidance team of
//!   "县级领导2名、科级干部15名"; the 18 enterprises without a branch covered by the branch of a
//!   neighbour in their grid (联合党支部).
//! - 滨海 [003]: "营业收入过亿元企业78家、过十亿元企业16家" in 2025; "一链一党委" — 6 chain committees, each linking enterprises across the parks;
//!   the 孵化育新党支部 that "孵化党支部12个" (enterprises it covered until they had a branch
//!   of their own) and still covers five more; a joint branch in 药谷; the parks' first
//!   enterprises tied to their own branches in the party tree.

use super::node_named;
use super::people_figures::{child, kinds};
use chrono::NaiveDate;
use touyan_domain::enterprise::links::{Link, LinkKind, TeamMember, Tie};
use touyan_domain::enterprise::{Cover, Revenue};
use touyan_domain::money::Fen;
use touyan_storage::org::OrgFilter;
use touyan_storage::people::PersonFilter;
use touyan_storage::Scoped;

fn day(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| anyhow::anyhow!("date {y}-{m}-{d}"))
}

/// Nodes of `kind` under `under`, in tree order.
async fn nodes(s: &Scoped<'_>, under: i64, kind: &str) -> anyhow::Result<Vec<(i64, String)>> {
    let f = OrgFilter {
        under: Some(under),
        kind: Some(kind.into()),
        ..Default::default()
    };
    Ok(s.orgs()
        .all(&f, 10_000)
        .await?
        .into_iter()
        .map(|n| (n.id, n.name))
        .collect())
}

/// People under `under` holding post `post` now.
async fn holding(s: &Scoped<'_>, under: i64, post: &str) -> anyhow::Result<Vec<i64>> {
    let f = PersonFilter {
        under: Some(under),
        post: Some(post.into()),
        ..Default::default()
    };
    let page = touyan_domain::paging::PageRequest {
        page: 1,
        per_page: 200,
    };
    Ok(s.people()
        .list(&f, page, false)
        .await?
        .items
        .into_iter()
        .map(|p| p.id)
        .collect())
}

async fn link(
    s: &Scoped<'_>,
    e: i64,
    kind: LinkKind,
    org: i64,
    from: NaiveDate,
) -> anyhow::Result<()> {
    s.enterprises()
        .set_link(
            e,
            Link {
                kind,
                org_node_id: org,
                from_on: from,
            },
        )
        .await
        .map_err(|err| anyhow::anyhow!("link {e}: {err:?}"))?;
    Ok(())
}

/// 鱼台's instructors, guidance team and joint branches; `joint` are the 18 enterprises
/// without a branch of their own.
pub(super) async fn yutai(s: &Scoped<'_>, joint: &[i64]) -> anyhow::Result<()> {
    let root = node_named(s, "鱼台经济开发区").await?;
    let enterprises = nodes(s, root, "enterprise").await?;
    anyhow::ensure!(enterprises.len() == 44, "鱼台 has 44 enterprises");
    // A joint branch: the first branch in the enterprise's grid.
    for e in joint {
        let grid = s.orgs().get(*e).await?.parent_id.unwrap_or(root);
        let (branch, _) = nodes(s, grid, "party_branch")
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("a branch in the grid of {e}"))?;
        link(
            s,
            *e,
            LinkKind::Cover(Cover::Joint),
            branch,
            day(2021, 6, 1)?,
        )
        .await?;
    }
    let mut instructors = holding(s, root, "party_worker_full").await?;
    instructors.extend(holding(s, root, "secretary").await?.into_iter().take(25));
    anyhow::ensure!(instructors.len() == 34, "鱼台 sends 34 instructors");
    for (i, (e, _)) in enterprises.iter().enumerate() {
        let tie = Tie {
            id: instructors[i % instructors.len()],
            from_on: day(2021, 3, 1)?,
        };
        s.enterprises().assign(*e, tie).await?;
    }
    let committee = node_named(s, "鱼台经济开发区党工委").await?;
    let team = s
        .enterprises()
        .create_team(committee, "鱼台经济开发区党建工作指导团")
        .await?;
    for (i, p) in instructors.iter().take(17).enumerate() {
        let (rank, duty) = match i {
            0 => ("county", Some("团长".to_string())),
            1 => ("county", Some("副团长".to_string())),
            _ => ("section", None),
        };
        let m = TeamMember {
            person_id: *p,
            rank: rank.into(),
            duty,
        };
        s.enterprises().add_team_member(team.id, m).await?;
    }
    Ok(())
}

/// The six chain committees [003]; the first three are in the tree already.
const CHAINS: [&str; 6] = [
    "农化植保产业链党委",
    "精细化工产业链党委",
    "海洋装备产业链党委",
    "生物医药产业链党委",
    "新材料产业链党委",
    "新能源产业链党委",
];

/// 滨海's revenue, chains and links (after the profiles are written).
pub(super) async fn binhai(s: &Scoped<'_>) -> anyhow::Result<()> {
    let root = node_named(s, "潍坊滨海经济技术开发区").await?;
    let mut all = nodes(s, root, "enterprise").await?;
    // The kindergarten last: it is not among the large earners.
    all.sort_by_key(|(_, n)| n.contains("幼儿园"));
    anyhow::ensure!(all.len() > 100, "滨海 has {} enterprises", all.len());
    for (i, (e, _)) in all.iter().enumerate() {
        let yuan: i64 = match i {
            0..16 => 1_200_000_000 + i as i64 * 137_000_000,
            16..78 => 120_000_000 + (i as i64 - 16) * 11_000_000,
            _ => 20_000_000 + (i as i64 % 25) * 3_000_000,
        };
        let r = Revenue {
            year: 2025,
            amount: Fen(yuan * 100),
        };
        s.enterprises().set_revenue(*e, r).await?;
    }
    binhai_chains(s, &all).await?;
    binhai_links(s, &all).await
}

async fn binhai_chains(s: &Scoped<'_>, all: &[(i64, String)]) -> anyhow::Result<()> {
    let kinds = kinds(s).await?;
    let parent = node_named(s, "滨海区两新组织党委").await?;
    // The enterprises dealt out grid by grid, so that each chain spans the parks.
    let mut by_grid: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
    for (e, _) in all {
        let grid = s.orgs().get(*e).await?.parent_id.unwrap_or(0);
        by_grid.entry(grid).or_default().push(*e);
    }
    let mut dealt = Vec::new();
    for k in 0..all.len() {
        dealt.extend(by_grid.values().filter_map(|v| v.get(k)));
    }
    for (c, name) in CHAINS.iter().enumerate() {
        let chain = match node_named(s, name).await {
            Ok(id) => id,
            Err(_) => child(s, &kinds, parent, name, "chain_party_committee").await?,
        };
        for e in dealt.iter().skip(c * 10).take(10) {
            let tie = Tie {
                id: *e,
                from_on: day(2023, 3, 1)?,
            };
            s.enterprises()
                .join_chain(chain, tie)
                .await
                .map_err(|err| anyhow::anyhow!("{name}: {err:?}"))?;
        }
    }
    Ok(())
}

async fn binhai_links(s: &Scoped<'_>, all: &[(i64, String)]) -> anyhow::Result<()> {
    let kinds = kinds(s).await?;
    let root = node_named(s, "潍坊滨海经济技术开发区").await?;
    let branches: std::collections::HashMap<String, i64> = nodes(s, root, "party_branch")
        .await?
        .into_iter()
        .map(|(id, name)| (name, id))
        .collect();
    // The parks' first enterprises and their branches in the party tree.
    let mut rest = Vec::new();
    for (e, name) in all {
        match branches.get(&format!("{name}党支部")) {
            Some(branch) => link(s, *e, LinkKind::Own, *branch, day(2019, 7, 1)?).await?,
            None => rest.push(*e),
        }
    }
    let incubator = node_named(s, "孵化育新党支部").await?;
    let grid_branch = node_named(s, "新材料第一网格党总支").await?;
    // Twelve incubated: covered from 2022, a branch of their own in 2024.
    for (i, e) in rest.iter().take(12).enumerate() {
        link(
            s,
            *e,
            LinkKind::Cover(Cover::Incubation),
            incubator,
            day(2022, 3, 1)?,
        )
        .await?;
        let name = s.orgs().get(*e).await?.name;
        let own = child(
            s,
            &kinds,
            grid_branch,
            &format!("{name}党支部"),
            "party_branch",
        )
        .await?;
        link(
            s,
            *e,
            LinkKind::Own,
            own,
            day(2024, 1 + (i % 12) as u32, 10)?,
        )
        .await?;
    }
    // Five covered now, with no applicant among their people yet (the branch's 17 applied
    // with the branch itself).
    let mut covered = 0;
    for e in rest.iter().skip(12) {
        if covered == 5 {
            break;
        }
        let f = PersonFilter {
            under: Some(*e),
            status: Some("applicant".into()),
            ..Default::default()
        };
        let page = touyan_domain::paging::PageRequest {
            page: 1,
            per_page: 1,
        };
        if s.people().list(&f, page, false).await?.total == 0 {
            let from = day(2024, 5, 1)?;
            link(s, *e, LinkKind::Cover(Cover::Incubation), incubator, from).await?;
            covered += 1;
        }
    }
    // A joint branch in 药谷 for ten more.
    let general = node_named(s, "药谷第一网格党总支").await?;
    let joint = child(s, &kinds, general, "药谷企业联合党支部", "party_branch").await?;
    for e in rest.iter().skip(17).take(10) {
        link(
            s,
            *e,
            LinkKind::Cover(Cover::Joint),
            joint,
            day(2023, 6, 1)?,
        )
        .await?;
    }
    Ok(())
}
