//! The star ratings' demo: 鱼台's 26 branches rated every quarter since 2020 by the park's
//! quarterly inspection scores (巡查评分), their stars moving up and down as the scores
//! rotate, and the 红星津贴 paid quarterly to each branch's secretary as its part-time
//! party-affairs worker: "2020 年以来已发放红星津贴 27 050 元" [004].
//!
//! Every quarter two branches hold five stars, ten four, seven three and seven two — the
//! caps of 10 % / 40 % / 30 % of 26 exactly — so the quarter pays 2 × 5★ + 10 × 4★ + 7 × 3★:
//! 955 yuan a quarter in 2020 (160 / 60 / 5 yuan) and 1 010 yuan from 2021 (170 / 60 / 10
//! yuan), 4 × 955 + 23 × 1 010 = 27 050 yuan over the 27 quarters to 2026Q3.

use super::{node_named, Demo, StepFuture};
use chrono::Days;
use touyan_domain::rating::{AmountInput, BatchInput, BatchState, PayeeInput, Period, RuleInput};
use touyan_storage::kit::area::{RoundOutcome, RoundResult};
use touyan_storage::org::OrgFilter;
use touyan_storage::people::PersonFilter;
use touyan_storage::Scoped;

/// The quarters rated and paid: 2020Q1 to 2026Q3.
fn quarters() -> Vec<Period> {
    let mut out = vec![];
    for year in 2020..=2026 {
        for q in 1..=4 {
            if year == 2026 && q == 4 {
                break;
            }
            out.push(Period::parse(&format!("{year}Q{q}")).expect("a quarter"));
        }
    }
    out
}

/// The amounts of a quarter in yuan, 3★, 4★ and 5★ (the rest pay nothing).
fn amounts(p: &Period) -> (&'static str, &'static str, &'static str) {
    if p.code.starts_with("2020") {
        ("5", "60", "160")
    } else {
        ("10", "60", "170")
    }
}

/// The score in hundredths of the branch at `rank` (0 the best) of a quarter: the two best
/// from 90, the next ten from 80, seven from 70, the last seven from 60.
fn score(rank: usize) -> i64 {
    let base = match rank {
        0..=1 => 90_00,
        2..=11 => 80_00,
        12..=18 => 70_00,
        _ => 60_00,
    };
    base + ((25 - rank as i64) * 37) % 900
}

async fn secretary(s: &Scoped<'_>, branch: i64) -> anyhow::Result<(i64, String)> {
    let f = PersonFilter {
        under: Some(branch),
        post: Some("secretary".into()),
        ..Default::default()
    };
    let page = touyan_domain::paging::PageRequest {
        page: 1,
        per_page: 5,
    };
    let p = s.people().list(&f, page, false).await?;
    p.items
        .first()
        .map(|p| (p.id, p.name.clone()))
        .ok_or_else(|| anyhow::anyhow!("a secretary at branch {branch}"))
}

pub(super) fn figures<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        let root = node_named(&s, "鱼台经济开发区").await?;
        let f = OrgFilter {
            under: Some(root),
            kind: Some("party_branch".into()),
            ..Default::default()
        };
        let branches: Vec<i64> = s.orgs().all(&f, 100).await?.iter().map(|n| n.id).collect();
        anyhow::ensure!(branches.len() == 26, "鱼台 has 26 branches");
        for (i, b) in branches.iter().enumerate() {
            let (p, name) = secretary(&s, *b).await?;
            let term =
                touyan_domain::people::parse_term("2020-01-01", "", touyan_storage::kit::today())
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            s.posts()
                .create(p, "party_worker_part", *b, term, "")
                .await?;
            // Two secretaries have not handed in their accounts yet, so the payee list and
            // a draft batch show what is missing.
            if i < 24 {
                let account = PayeeInput {
                    bank_name: ["中国农业银行鱼台支行", "鱼台农村商业银行"][i % 2].into(),
                    holder: name,
                    account_number: format!("6228 4800 9900 {:04} 17", 100 + i),
                };
                s.ratings().set_payee(p, &account).await?;
            }
        }
        let rules = RuleInput {
            threshold_1: "50".into(),
            threshold_2: "60".into(),
            threshold_3: "70".into(),
            threshold_4: "80".into(),
            threshold_5: "90".into(),
            cap_3: "30".into(),
            cap_4: "40".into(),
            cap_5: "10".into(),
            veto_policy: "at_most_one".into(),
            notice_days: "5".into(),
            ..Default::default()
        };
        let r = s.ratings();
        r.set_rules(root, &rules).await?;
        let path = touyan_domain::tree::TreePath::parse(&s.orgs().get(root).await?.path)?;
        for (q, period) in quarters().iter().enumerate() {
            // Each quarter the ranks rotate: rank = (7 × branch + 5 × quarter) mod 26.
            let results = branches
                .iter()
                .enumerate()
                .map(|(i, b)| RoundResult {
                    node_id: *b,
                    score_hundredths: score((7 * i + 5 * q) % 26),
                    vetoed: false,
                })
                .collect();
            let outcome = RoundOutcome {
                round_id: 0,
                node_id: root,
                node_path: path.clone(),
                period: period.code.clone(),
                title: format!("{} 园区党组织巡查评分", period.code),
                results,
            };
            let issued = period.last + Days::new(10);
            r.rate_outcome_on(&outcome, issued).await?;
            let (a3, a4, a5) = amounts(period);
            let table = AmountInput {
                period: period.code.clone(),
                amount_3: a3.into(),
                amount_4: a4.into(),
                amount_5: a5.into(),
                ..Default::default()
            };
            r.set_amounts(root, &table).await?;
            let b = r
                .compute_batch(&BatchInput {
                    node_id: root.to_string(),
                    period: period.code.clone(),
                })
                .await?;
            r.advance_batch_on(b.batch.id, BatchState::Approved, issued + Days::new(15))
                .await?;
            r.advance_batch_on(b.batch.id, BatchState::Paid, issued + Days::new(20))
                .await?;
        }
        Ok(())
    })
}
