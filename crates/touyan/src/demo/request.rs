//! Demo service requests, spread over the last months so that every measure has something to
//! show: 富成花园社区's four grids with 83 needs collected and 48 solved [002], 鱼台's 红色代办
//! with 61 collected and 57 solved [004], and 潍坊滨海's enterprise visits [003]; some still
//! open, some overdue and carded by the supervision job.

use super::{node_named, Demo, StepFuture};
use anyhow::Context;
use touyan_domain::request::intake::RequestInput;
use touyan_domain::request::workflow::ActionInput;
use touyan_storage::request::history::PastRequest;
use touyan_storage::request::visit::{ProblemInput, VisitInput};
use touyan_storage::{Scoped, Store};

/// Problems 王志府书记工作室's community solved ("300余个" [000]).
pub(crate) const WANG_ZHIFU_SOLVED: usize = 306;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// What happens to one request: how far it gets and how it ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Closed as solved, then rated.
    Solved,
    /// Closed, not solved.
    Unsolved,
    /// Still with the handler, dispatched and accepted.
    Handling,
    /// Dispatched long ago and never accepted: overdue and carded.
    Stuck,
    /// Replied, waiting for the follow-up visit.
    Replied,
}

/// A small deterministic generator, so every demo database is the same.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

const NEEDS: [(&str, &str); 10] = [
    ("environment", "楼道堆放杂物，影响通行和消防安全"),
    ("municipal", "小区门口路灯不亮，夜间出行不便"),
    ("property", "单元门禁损坏，外来人员随意进出"),
    ("elderly", "独居老人希望定期上门探访并协助就医"),
    ("neighbour", "楼上住户夜间噪音扰民，协商未果"),
    ("municipal", "雨水井盖松动，车辆经过有异响"),
    ("environment", "垃圾分类点清运不及时，夏季有异味"),
    ("safety", "电动车在楼道内充电，存在火灾隐患"),
    ("property", "地下车库漏水，墙面渗水发霉"),
    ("labour", "灵活就业人员咨询社保缴纳办理渠道"),
];

/// One request through its life, each step at its own moment in the past.
fn one(
    rng: &mut Lcg,
    node: i64,
    handler: i64,
    channel: &str,
    fate: Fate,
    start: i64,
    seq: usize,
) -> PastRequest {
    let (category, description) = NEEDS[seq % NEEDS.len()];
    let input = RequestInput {
        channel: channel.into(),
        category: category.into(),
        node_id: Some(node),
        address: format!("{}号楼{}单元", 1 + seq % 12, 1 + seq % 3),
        description: description.into(),
        contact_name: if channel == "patrol" {
            String::new()
        } else {
            format!(
                "居民{}",
                "甲乙丙丁戊己庚辛".chars().nth(seq % 8).unwrap_or('甲')
            )
        },
        contact_phone: if channel == "patrol" {
            String::new()
        } else {
            format!("139{:08}", 10_000_000 + seq * 7919 % 89_999_999)
        },
        urgency: String::new(),
        hotline_no: String::new(),
        enterprise_name: String::new(),
    };
    let act = |action: &str| ActionInput {
        action: action.into(),
        ..Default::default()
    };
    let mut steps = vec![];
    let mut t = start + HOUR / 2;
    let mut dispatch = act("dispatch");
    dispatch.node_id = Some(handler);
    steps.push((dispatch, t));
    // The generator is drawn in the same order whatever the fate, so the demo stays the same.
    'fate: {
        if fate == Fate::Stuck {
            break 'fate;
        }
        // Most are taken within the limit; a few late ones keep the response rate honest.
        t += HOUR * (1 + rng.next(if seq % 9 == 0 { 30 } else { 3 }) as i64);
        steps.push((act("accept"), t));
        if fate == Fate::Handling {
            break 'fate;
        }
        t += DAY * (1 + rng.next(if seq % 7 == 0 { 14 } else { 4 }) as i64);
        let mut reply = act("reply");
        reply.result = match fate {
            Fate::Unsolved => "已协调相关单位，因涉及产权问题暂未解决，已向诉求人说明".into(),
            _ => "已现场处置完毕，问题解决".into(),
        };
        steps.push((reply, t));
        if fate == Fate::Replied {
            break 'fate;
        }
        t += DAY;
        let mut follow = act("follow_up");
        follow.answer = "电话回访，诉求人知晓办理结果".into();
        if channel != "patrol" {
            follow.rating = match (fate, rng.next(10)) {
                (Fate::Unsolved, _) => "dissatisfied",
                (_, 0) => "basically_satisfied",
                (_, 1) => "basically_satisfied",
                _ => "satisfied",
            }
            .into();
            steps.push((follow, t));
        }
        t += HOUR;
        let mut close = act("close");
        close.solved = Some(fate == Fate::Solved);
        steps.push((close, t));
    }
    PastRequest {
        input,
        at_ms: start,
        steps,
    }
}

/// The demo's requests and visits.
pub(super) fn load<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        d.requests += requests(d.store, &d.s).await?;
        Ok(())
    })
}

/// The demo's requests and visits; answers how many requests were made.
async fn requests(store: &Store, s: &Scoped<'_>) -> anyhow::Result<usize> {
    let now = touyan_storage::now_ms();
    let mut rng = Lcg(20240601);
    let mut count = 0;
    let mut pasts = vec![];

    fucheng_needs(s, &mut rng, now, &mut pasts).await?;
    yutai_errands(s, &mut rng, now, &mut pasts).await?;
    count += binhai_visits(s).await?;
    wang_zhifu_solved(s, &mut rng, now, &mut pasts).await?;
    count += s
        .requests()
        .create_pasts(&pasts)
        .await
        .context("the demo's requests")?
        .len();

    // The supervision job's first pass over the history.
    store.raise_cards().await?;
    Ok(count)
}

/// 富成花园社区's needs from its four grids.
async fn fucheng_needs(
    s: &Scoped<'_>,
    rng: &mut Lcg,
    now: i64,
    pasts: &mut Vec<PastRequest>,
) -> anyhow::Result<()> {
    // [002] 富成花园社区: 83 needs from its four grids, 48 solved.
    let handler = node_named(s, "大屯街道城市管理办公室").await?;
    let grids = [
        node_named(s, "富成花园第一网格").await?,
        node_named(s, "富成花园第二网格").await?,
        node_named(s, "富成花园第三网格").await?,
        node_named(s, "富成花园第四网格").await?,
    ];
    for i in 0..83usize {
        let fate = match i {
            0..=47 => Fate::Solved,
            48..=59 => Fate::Unsolved,
            60..=69 => Fate::Handling,
            70..=76 => Fate::Replied,
            _ => Fate::Stuck,
        };
        let channel = ["doorstep", "window", "patrol", "doorstep"][i % 4];
        // Open ones are recent; the others spread over five months.
        let age = match fate {
            Fate::Solved | Fate::Unsolved => 20 + rng.next(130) as i64,
            _ => 3 + rng.next(12) as i64,
        };
        let start = now - age * DAY - rng.next(8) as i64 * HOUR;
        pasts.push(one(rng, grids[i % 4], handler, channel, fate, start, i));
    }
    Ok(())
}

/// 鱼台's 红色代办 requests.
async fn yutai_errands(
    s: &Scoped<'_>,
    rng: &mut Lcg,
    now: i64,
    pasts: &mut Vec<PastRequest>,
) -> anyhow::Result<()> {
    // [004] 鱼台 红色代办: 61 collected, 57 solved.
    let handler = node_named(s, "鱼台经济开发区企业服务中心").await?;
    let grid = node_named(s, "精细化工第一网格").await?;
    for i in 0..61usize {
        let fate = match i {
            0..=56 => Fate::Solved,
            57..=58 => Fate::Handling,
            _ => Fate::Stuck,
        };
        let age = match fate {
            Fate::Solved => 15 + rng.next(150) as i64,
            _ => 4 + rng.next(10) as i64,
        };
        let start = now - age * DAY - rng.next(8) as i64 * HOUR;
        pasts.push(one(rng, grid, handler, "doorstep", fate, start, 100 + i));
    }
    Ok(())
}

/// 滨海's enterprise visits; answers how many requests their problems became.
async fn binhai_visits(s: &Scoped<'_>) -> anyhow::Result<usize> {
    let mut count = 0;
    // [003] 潍坊滨海: instructors visit enterprises; each problem found becomes a request.
    for (enterprise, problems) in [
        (
            "潍坊润丰化工股份有限公司",
            [
                "企业反映园区道路货车停放影响进出",
                "希望协调办理危化品运输通行证",
            ]
            .as_slice(),
        ),
        (
            "山东海化医药有限公司",
            ["新招员工需要办理社保和公积金开户指导"].as_slice(),
        ),
        (
            "潍坊新绿生物科技有限公司",
            [
                "厂区周边雨季积水，需要疏通排水管网",
                "咨询高新技术企业认定申报",
            ]
            .as_slice(),
        ),
        (
            "山东滨海新材料有限公司",
            ["企业党支部换届需要党建工作指导员指导"].as_slice(),
        ),
    ] {
        let node = node_named(s, enterprise).await?;
        let visit = VisitInput {
            node_id: Some(node),
            visited_on: (touyan_storage::kit::today() - chrono::Days::new(3)).to_string(),
            visitor_person_id: None,
            visitor_name: "滨海区党建工作指导员".into(),
            household: String::new(),
            notes: "走访企业，了解生产经营和党建工作情况".into(),
            contact_name: "企业联络员".into(),
            contact_phone: "13953600001".into(),
            problems: problems
                .iter()
                .map(|d| ProblemInput {
                    category: "enterprise".into(),
                    description: (*d).into(),
                    ..Default::default()
                })
                .collect(),
        };
        let v = s
            .visits()
            .create(&visit)
            .await
            .with_context(|| format!("visit {enterprise}"))?;
        count += v.requests.len();
    }
    Ok(count)
}

/// The residents' requests 王志府书记工作室's community solved.
async fn wang_zhifu_solved(
    s: &Scoped<'_>,
    rng: &mut Lcg,
    now: i64,
    pasts: &mut Vec<PastRequest>,
) -> anyhow::Result<()> {
    // [000] 王志府书记工作室: "累计为居民群众解决各类问题300余个" — 306 residents' requests
    // from 滨城绿洲社区's two grids, handled by the community and solved, since the studio
    // opened in mid-2021.
    let handler = node_named(s, "滨城绿洲社区").await?;
    let grids = [
        node_named(s, "滨城绿洲第一网格").await?,
        node_named(s, "滨城绿洲第二网格").await?,
    ];
    for i in 0..WANG_ZHIFU_SOLVED {
        let age = 20 + (i as i64 * 1580 / WANG_ZHIFU_SOLVED as i64);
        let start = now - age * DAY - rng.next(8) as i64 * HOUR;
        let channel = ["doorstep", "window"][i % 2];
        let (node, fate) = (grids[i % 2], Fate::Solved);
        pasts.push(one(rng, node, handler, channel, fate, start, 200 + i));
    }
    Ok(())
}
