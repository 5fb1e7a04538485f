//! 滨海's "遍访企业" [003]: "累计走访企业223家，解决问题643个". The parks' enterprises are
//! visited once each by the 党建工作指导员; every problem found becomes a request ("企业下单、
//! 园区派单、部门接单"), dispatched to the zone's enterprise service centre, answered and
//! closed as solved. With the four recent visits of `request` (whose six problems are
//! still open) the visit measures read 223 enterprises visited and 643 problems solved.

use super::people_figures::{child, kinds, name_of};
use super::{node_named, Demo, StepFuture, DEMO_PASSWORD};
use anyhow::Context;
use touyan_domain::auth::NewUser;
use touyan_domain::request::workflow::ActionInput;
use touyan_storage::request::history::Steps;
use touyan_storage::request::visit::{ProblemInput, VisitInput};
use touyan_storage::Scoped;

/// Enterprises visited and problems solved, as the seed gives them.
pub(crate) const ENTERPRISES_VISITED: usize = 223;
pub(crate) const PROBLEMS_SOLVED: usize = 643;

/// The park enterprises of the demo's tree, visited too.
const NAMED: [&str; 5] = [
    "潍坊润丰化工股份有限公司",
    "山东海化医药有限公司",
    "潍坊新绿生物科技有限公司",
    "山东滨海新材料有限公司",
    "潍坊海晶新材料有限公司",
];

/// Name parts of the generated enterprises: 22 × 10 names, none the same as a named one.
const CORES: [&str; 22] = [
    "恒信", "泰和", "华瑞", "鑫海", "金润", "瑞康", "宏达", "永盛", "海纳", "东昊", "昌隆", "德润",
    "中科", "远航", "博瑞", "天成", "海川", "众诚", "利华", "盛世", "弘毅", "汇通",
];
const TRADES: [&str; 10] = [
    "化工有限公司",
    "医药科技有限公司",
    "新材料有限公司",
    "生物工程有限公司",
    "机械制造有限公司",
    "环保科技有限公司",
    "物流有限公司",
    "电气设备有限公司",
    "精细化工有限公司",
    "海洋科技有限公司",
];

const PROBLEMS: [&str; 12] = [
    "企业反映园区道路货车停放影响进出",
    "希望协调办理危化品运输通行证",
    "新招员工需要办理社保和公积金开户指导",
    "厂区周边雨季积水，需要疏通排水管网",
    "咨询高新技术企业认定申报",
    "企业党支部换届需要党建工作指导员指导",
    "申请协调园区专线公交优化发车时间",
    "咨询研发费用加计扣除政策",
    "希望对接高校开展技术合作",
    "厂区外围路灯损坏，夜班职工出行不便",
    "咨询环评手续变更办理流程",
    "希望协调解决职工子女入学问题",
];

fn act(action: &str) -> ActionInput {
    ActionInput {
        action: action.into(),
        ..Default::default()
    }
}

/// The visited enterprises: the five named and 218 generated ones under the parks' grids.
async fn enterprises(s: &Scoped<'_>) -> anyhow::Result<Vec<i64>> {
    let kinds = kinds(s).await?;
    let grids = [
        node_named(s, "药谷第一网格").await?,
        node_named(s, "药谷第二网格").await?,
        node_named(s, "新材料第一网格").await?,
    ];
    let mut out = Vec::with_capacity(ENTERPRISES_VISITED);
    for name in NAMED {
        out.push(node_named(s, name).await?);
    }
    for i in 0..ENTERPRISES_VISITED - NAMED.len() {
        let name = format!("潍坊{}{}", CORES[i % CORES.len()], TRADES[i / CORES.len()]);
        out.push(child(s, &kinds, grids[i % grids.len()], &name, "enterprise").await?);
    }
    Ok(out)
}

/// The seeds' enterprise visits, then the street's handling unit's login.
pub(super) fn load<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        d.requests += visits(&s).await?;
        // The street's handling unit signs in as 承办员 (部门接单 [003]).
        let handler = s.roles().by_code("handler").await?;
        let unit = node_named(&s, "大屯街道城市管理办公室").await?;
        let new = NewUser::parse("chengguan", "大屯街道城市管理办公室", DEMO_PASSWORD)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let u = s.users().create(new, Some(unit)).await?;
        s.users().assign(u.id, handler.id, Some(unit)).await?;
        Ok(())
    })
}

/// Answers how many requests the visits raised.
async fn visits(s: &Scoped<'_>) -> anyhow::Result<usize> {
    let kinds = kinds(s).await?;
    let root = node_named(s, "潍坊滨海经济技术开发区").await?;
    let centre = child(s, &kinds, root, "滨海区企业服务中心", "department").await?;
    let visited = enterprises(s).await?;
    // 643 = 197 visits finding three problems and 26 finding two.
    let three = PROBLEMS_SOLVED - 2 * ENTERPRISES_VISITED;
    let today = touyan_storage::kit::today();
    let mut seq = 0;
    let mut histories = Vec::with_capacity(PROBLEMS_SOLVED);
    for (i, node) in visited.iter().enumerate() {
        let found = if i < three { 3 } else { 2 };
        let problems = (0..found)
            .map(|k| ProblemInput {
                category: "enterprise".into(),
                description: PROBLEMS[(i * 3 + k) % PROBLEMS.len()].into(),
                ..Default::default()
            })
            .collect();
        let visit = VisitInput {
            node_id: Some(*node),
            visited_on: (today - chrono::Days::new(10 + (i as u64 * 3) % 690)).to_string(),
            visitor_person_id: None,
            visitor_name: format!("党建工作指导员{}", name_of(5000 + i % 8)),
            household: String::new(),
            notes: "遍访企业：了解生产经营和党建工作情况，收集企业诉求".into(),
            contact_name: "企业联络员".into(),
            contact_phone: format!("139536{:05}", 10_000 + i),
            problems,
        };
        let v = s
            .visits()
            .create(&visit)
            .await
            .with_context(|| format!("visit {i}"))?;
        for r in &v.requests {
            seq += 1;
            histories.push((r.id, solved(centre, seq)));
        }
    }
    anyhow::ensure!(seq == PROBLEMS_SOLVED, "{seq} problems solved");
    s.requests()
        .record_histories(&histories)
        .await
        .context("the visits' requests")?;
    Ok(seq)
}

/// 园区派单、部门接单: dispatched to the centre, accepted, answered and closed as solved.
fn solved(centre: i64, seq: usize) -> Steps {
    let mut dispatch = act("dispatch");
    dispatch.node_id = Some(centre);
    let mut reply = act("reply");
    reply.result = [
        "已协调相关部门现场办理，问题解决",
        "已上门讲解政策并协助办理完毕",
    ][seq % 2]
        .into();
    let mut close = act("close");
    close.solved = Some(true);
    let at = touyan_storage::now_ms();
    [dispatch, act("accept"), reply, close]
        .map(|a| (a, at))
        .to_vec()
}
