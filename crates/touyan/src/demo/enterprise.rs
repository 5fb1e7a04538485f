//! The enterprise ledger's demo: a profile on every enterprise node of the five trees, and
//! 鱼台's 44 enterprises [004] — "向园区44家企业选派党建工作指导员34名" — all covered: the 26
//! with their own branch (made by the people's figures), 18 more covered by joint branches,
//! so that the park's non-public enterprise party-organization coverage is 100 % [004]. The
//! ties (instructors, chains, links) are in `enterprise_ties`.

use super::people_figures::{child, kinds};
use super::{enterprise_parks, enterprise_ties};
use super::{node_named, Demo, StepFuture};
use chrono::NaiveDate;
use touyan_domain::enterprise::{CreditCode, Enterprise, Revenue};
use touyan_domain::money::Fen;
use touyan_storage::org::OrgFilter;
use touyan_storage::Scoped;

/// The administrative division each tree's enterprises are registered in (GB/T 2260), by the
/// root's name.
const DIVISIONS: [(&str, &str); 5] = [
    ("潍坊滨海经济技术开发区", "370791"),
    ("南村街道", "440113"),
    ("北京市朝阳区", "110105"),
    ("鱼台经济开发区", "370827"),
    ("葫芦岛市龙港区", "211403"),
];

/// The nine characters after the division: an organization code made from a sequence number
/// in the code's own characters.
pub(super) fn code_for(division: &str, seq: usize) -> anyhow::Result<CreditCode> {
    const SET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut n = seq as u64 * 7919 + 104_729;
    let mut tail = String::new();
    for _ in 0..7 {
        tail.push(SET[(n % 31) as usize] as char);
        n /= 31;
    }
    CreditCode::complete(&format!("91{division}MA{tail}"))
        .map_err(|e| anyhow::anyhow!("credit code {seq}: {e:?}"))
}

fn profile(division: &str, seq: usize) -> anyhow::Result<Enterprise> {
    let sizes = ["small", "medium", "small", "micro", "large"];
    let industries = ["C", "C", "C", "M", "F", "I", "G"];
    Ok(Enterprise {
        credit_code: code_for(division, seq)?,
        legal_rep: None,
        industry: Some(industries[seq % industries.len()].to_string()),
        size: Some(sizes[seq % sizes.len()].to_string()),
        employees: Some(20 + (seq as i64 * 37) % 480),
        founded_on: NaiveDate::from_ymd_opt(2003 + (seq % 20) as i32, 1 + (seq % 12) as u32, 8),
        address: None,
        status: "operating".into(),
        status_on: None,
    })
}

/// 鱼台's 18 enterprises without a branch of their own, each covered by a joint branch.
async fn yutai_joint(s: &Scoped<'_>) -> anyhow::Result<Vec<i64>> {
    let kinds = kinds(s).await?;
    let grids = [
        (node_named(s, "精细化工第一网格").await?, "化工"),
        (node_named(s, "机电装备第一网格").await?, "机电"),
        (node_named(s, "生物科技第一网格").await?, "生物"),
    ];
    const NAMES: [&str; 6] = ["恒信", "博远", "德润", "嘉禾", "永盛", "汇通"];
    let mut out = Vec::new();
    for i in 0..18 {
        let (grid, trade) = grids[i % grids.len()];
        let name = format!("鱼台{}{}科技有限公司", NAMES[i / 3], trade);
        out.push(child(s, &kinds, grid, &name, "enterprise").await?);
    }
    Ok(out)
}

pub(super) fn figures<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        let joint = yutai_joint(&s).await?;
        let mut seq = 0;
        for (root_name, division) in DIVISIONS {
            let root = node_named(&s, root_name).await?;
            let f = OrgFilter {
                under: Some(root),
                kind: Some("enterprise".into()),
                ..Default::default()
            };
            for node in s.orgs().all(&f, 10_000).await? {
                seq += 1;
                s.enterprises()
                    .save(node.id, profile(division, seq)?)
                    .await
                    .map_err(|e| anyhow::anyhow!("{}: {e:?}", node.name))?;
                // Last year's revenue, for the ledger's figures by year.
                let yuan = 5_000_000 + (seq as i64 * 2_654_435) % 300_000_000;
                let r = Revenue {
                    year: 2025,
                    amount: Fen(yuan * 100),
                };
                s.enterprises().set_revenue(node.id, r).await?;
            }
        }
        enterprise_ties::yutai(&s, &joint).await?;
        enterprise_ties::binhai(&s).await?;
        enterprise_parks::load(&s).await?;
        // The parks' census of last year (起底), taken on the figures above.
        for root in ["鱼台经济开发区", "潍坊滨海经济技术开发区"] {
            let node = node_named(&s, root).await?;
            s.enterprises().take_census(node, 2025).await?;
        }
        Ok(())
    })
}
