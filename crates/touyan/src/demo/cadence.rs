//! The work cadence's demo, from the seeds' own figures:
//! - 滨海 [003], in 2025: the six chain committees' 14 council meetings ("召开产业链党委议事会
//!   14场次"); 15 secretaries' salons, development forums and observation visits ("书记沙龙、
//!   发展论坛、观摩学习等15场次"); 19 joint theme days, volunteering and theory study ("联合
//!   开展主题党日、志愿服务、理论学习等实践活动19场次"); each park committee's quarterly
//!   meeting on party building ("每季度至少召开1次党委会议") — every 党委 of 滨海 —, in 2025 and
//!   this year so far. The council meetings, salons, forums and joint theme days and study
//!   are held at the service centres the organizations may use, in turn.
//! - 鱼台 [004]: the working committee's 四个一 this year — a meeting every month, an
//!   inspection every quarter, the half-year conference before 七一, the year's action —, and
//!   the enterprise branches' 主题党日, 支委会, 一刻钟党课 and members' meetings of the last
//!   months, with attendance from their rosters; some branches behind this month; the monthly
//!   党小组会 lifted for the zone's small enterprise branches; one branch's request to correct
//!   a locked record waits on the working committee.
//!
//! Activities are recorded as entered a few days after they were held, as they would have
//! been.

use super::{node_named, Demo, StepFuture};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use touyan_domain::access::{Grant, Grants, Permission};
use touyan_domain::cadence::{Activity, Attendance, Cycle, ObligationInput, Period, Proposal};
use touyan_storage::cadence::ActivityFilter;
use touyan_storage::org::OrgFilter;
use touyan_storage::{Actor, Scoped};

/// Chain council meetings per chain committee, in the order of their names: 14 in all.
const COUNCILS: [usize; 6] = [3, 3, 2, 2, 2, 2];

/// (type, how many, topic) of 滨海's exchanges and joint activities in 2025.
const BINHAI_2025: &[(&str, usize, &str)] = &[
    ("secretary_salon", 6, "书记沙龙：党建引领企业发展"),
    ("forum", 4, "园区高质量发展论坛"),
    ("observation", 5, "党建示范点观摩学习"),
    ("theme_day", 8, "联合主题党日"),
    ("volunteering", 6, "“红色引擎”志愿服务"),
    ("theory_study", 5, "联合理论学习"),
];

fn at(day: NaiveDate, hour: u32) -> NaiveDateTime {
    day.and_hms_opt(hour, 30, 0).expect("a time of day")
}

fn activity(node_id: i64, types: &[&str], held_at: NaiveDateTime, topic: &str) -> Activity {
    Activity {
        node_id,
        types: types.iter().map(|t| t.to_string()).collect(),
        held_at,
        place: Some("党员活动室".into()),
        centre_id: None,
        host: Some("党组织书记".into()),
        recorder: Some("组织委员".into()),
        lecturer: None,
        topic: topic.into(),
        minutes: Some(format!(
            "{topic}。会议传达学习了上级精神，研究部署了近期工作。"
        )),
        attendance: Vec::new(),
    }
}

/// The types of 滨海's exchanges held at a service centre (observation visits and
/// volunteering go out to where they are).
const AT_CENTRES: [&str; 4] = ["secretary_salon", "forum", "theme_day", "theory_study"];

/// The open service centres an activity of `node` may be held at.
async fn open_centres(s: &Scoped<'_>, node: i64) -> anyhow::Result<Vec<i64>> {
    Ok(s.cadence()
        .usable_centres(node)
        .await?
        .into_iter()
        .filter(|c| c.status == "open")
        .map(|c| c.id)
        .collect())
}

/// `a` held at the `k`th of `centres` in turn (at none when there are none).
fn at_centre(mut a: Activity, centres: &[i64], k: usize) -> Activity {
    if let Some(id) = centres.get(k % centres.len().max(1)) {
        a.centre_id = Some(*id);
        a.place = None;
    }
    a
}

/// Records `a`, entered three days after it was held (today at the latest); one that
/// would be held after today is not recorded.
async fn record(s: &Scoped<'_>, a: Activity, today: NaiveDate) -> anyhow::Result<()> {
    if a.held_on() > today {
        return Ok(());
    }
    let entered = (a.held_on() + Duration::days(3)).min(today);
    let topic = a.topic.clone();
    s.cadence()
        .create_recorded_on(a, entered)
        .await
        .map_err(|e| anyhow::anyhow!("{topic}: {e:?}"))?;
    Ok(())
}

async fn of_kind(s: &Scoped<'_>, under: i64, kind: &str) -> anyhow::Result<Vec<(i64, String)>> {
    let f = OrgFilter {
        under: Some(under),
        kind: Some(kind.into()),
        ..Default::default()
    };
    Ok(s.orgs()
        .all(&f, 500)
        .await?
        .into_iter()
        .map(|n| (n.id, n.name))
        .collect())
}

fn day(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| anyhow::anyhow!("{y}-{m}-{d}"))
}

async fn binhai(s: &Scoped<'_>, today: NaiveDate) -> anyhow::Result<()> {
    let root = node_named(s, "潍坊滨海经济技术开发区").await?;
    let mut chains = of_kind(s, root, "chain_party_committee").await?;
    chains.sort();
    anyhow::ensure!(chains.len() == 6, "滨海 has {} chains", chains.len());
    for ((chain, name), n) in chains.iter().zip(COUNCILS) {
        let centres = open_centres(s, *chain).await?;
        for k in 0..n {
            let held = day(2025, 3 + 3 * k as u32, 12 + k as u32)?;
            let a = activity(
                *chain,
                &["chain_council"],
                at(held, 14),
                &format!("{name}议事会"),
            );
            record(s, at_centre(a, &centres, k), today).await?;
        }
    }
    let committee = node_named(s, "滨海区两新组织党委").await?;
    let centres = open_centres(s, committee).await?;
    for (ty, n, topic) in BINHAI_2025 {
        for k in 0..*n {
            let held = day(2025, 1 + (k as u32 * 2) % 11, 8 + k as u32)?;
            let a = activity(committee, &[ty], at(held, 9), topic);
            let a = if AT_CENTRES.contains(ty) {
                at_centre(a, &centres, k)
            } else {
                a
            };
            record(s, a, today).await?;
        }
    }
    // Each party committee meets on party building every quarter, 2025 and this year so far.
    for (id, _) in of_kind(s, root, "party_committee").await? {
        let mut q = Period::containing(Cycle::Quarter, day(2025, 1, 1)?);
        while q.start() <= today {
            let held = (q.start() + Duration::days(40)).min(today);
            let a = activity(
                id,
                &["party_committee_meeting"],
                at(held, 15),
                "党委会议专题研究党建工作",
            );
            record(s, a, today).await?;
            q = q.next();
        }
    }
    Ok(())
}

/// 鱼台's working committee keeps 四个一 this year up to today.
async fn yutai_committee(s: &Scoped<'_>, today: NaiveDate) -> anyhow::Result<()> {
    let id = node_named(s, "鱼台经济开发区党工委").await?;
    let year = today.year();
    let mut month = Period::containing(Cycle::Month, day(year, 1, 1)?);
    while month.start() <= today {
        let held = (month.start() + Duration::days(4)).min(today);
        let a = activity(id, &["monthly_meeting"], at(held, 9), "园区党建工作例会");
        record(s, a, today).await?;
        if month.index % 3 == 0 && month.end() <= today {
            let a = activity(
                id,
                &["inspection"],
                at(month.end() - Duration::days(5), 9),
                "园区党建工作季度巡查",
            );
            record(s, a, today).await?;
        }
        month = month.next();
    }
    if day(year, 6, 28)? <= today {
        let a = activity(
            id,
            &["half_year_summary"],
            at(day(year, 6, 28)?, 9),
            "“七一”园区党建工作会议",
        );
        record(s, a, today).await?;
    }
    let a = activity(
        id,
        &["annual_action"],
        at(day(year, 3, 5)?.min(today), 9),
        "“五大突破”专项行动部署",
    );
    record(s, a, today).await
}

/// The enterprise branches' activities of the last five months and this one: a theme day
/// and a committee meeting each month (one branch in four has not held this month's yet),
/// a members' meeting with a quarter-hour lecture each quarter, attendance from the roster.
/// The enterprise branches are small: the working committee's superior lifts the monthly
/// party-group meeting for them (党员人数较少的支部不设党小组), an obligation set for the
/// zone's subtree; the zone's 党委 meet every quarter.
async fn yutai_branches(s: &Scoped<'_>, today: NaiveDate) -> anyhow::Result<()> {
    let root = node_named(s, "鱼台经济开发区").await?;
    let lifted = ObligationInput {
        node_id: root.to_string(),
        kinds: vec!["party_branch".into()],
        activity_type: "group_meeting".into(),
        cycle: "month".into(),
        min_count: "0".into(),
        due: String::new(),
    };
    let kinds: Vec<String> = s
        .dict()
        .kind_names()
        .await?
        .into_iter()
        .map(|k| k.code)
        .collect();
    let o = lifted.parse(&kinds, &s.cadence().type_codes().await?)?;
    s.cadence()
        .create_obligation(o)
        .await
        .map_err(|e| anyhow::anyhow!("lifting 党小组会: {e:?}"))?;
    for (id, _) in of_kind(s, root, "party_committee").await? {
        let mut q = Period::containing(Cycle::Quarter, day(today.year(), 1, 1)?);
        while q.start() <= today {
            let held = (q.start() + Duration::days(20)).min(today);
            let a = activity(
                id,
                &["party_committee_meeting"],
                at(held, 15),
                "党委会议研究党建工作",
            );
            record(s, a, today).await?;
            q = q.next();
        }
    }
    let branches = of_kind(s, root, "party_branch").await?;
    let this_month = Period::containing(Cycle::Month, today);
    let mut first = this_month;
    for _ in 0..5 {
        first = first.previous();
    }
    for (i, (branch, name)) in branches.iter().enumerate() {
        let mut month = first;
        while month.start() <= today {
            let current = month == this_month;
            if current && (i % 4 == 0 || today.day() < 10) {
                break;
            }
            let held = month.start() + Duration::days(6 + (i % 5) as i64);
            let roster = s.cadence().roster(*branch, held).await?;
            let mut a = activity(
                *branch,
                &["theme_day"],
                at(held, 15),
                &format!("{name}主题党日"),
            );
            a.attendance = roster
                .iter()
                .take(1)
                .filter(|_| i % 3 == 0)
                .map(|r| Attendance {
                    person_id: r.person_id,
                    status: "leave".into(),
                    reason: Some("出差".into()),
                })
                .collect();
            record(s, a, today).await?;
            let a = activity(
                *branch,
                &["committee_meeting"],
                at(held + Duration::days(1), 9),
                "支委会研究月度工作",
            );
            record(s, a, today).await?;
            if month.index % 3 == 2 {
                let mut a = activity(
                    *branch,
                    &["branch_congress", "quarter_hour_lecture", "party_lecture"],
                    at(held + Duration::days(7), 17),
                    "支部党员大会暨车间“一刻钟党课”",
                );
                a.lecturer = Some("党支部书记".into());
                record(s, a, today).await?;
            }
            month = month.next();
        }
    }
    Ok(())
}

/// One change request waiting on the working committee: a 鱼台 branch's organizer asks to
/// correct the time of its oldest theme day, a record locked since.
async fn pending_change(d: &Demo<'_>, today: NaiveDate) -> anyhow::Result<()> {
    let s = d.s;
    let root = node_named(&s, "鱼台经济开发区").await?;
    let branches = of_kind(&s, root, "party_branch").await?;
    let (branch, name) = branches
        .get(1)
        .ok_or_else(|| anyhow::anyhow!("鱼台 has no second branch"))?;
    let f = ActivityFilter {
        under: Some(*branch),
        activity_type: Some("theme_day".into()),
        ..Default::default()
    };
    let Some(old) = s
        .cadence()
        .all_activities(&f, 100)
        .await?
        .into_iter()
        .filter(|a| a.locked)
        .min_by_key(|a| a.held_on)
    else {
        return Ok(());
    };
    let organizer = Actor {
        user_id: None,
        username: "demo-organizer".into(),
        display_name: format!("{name}组织委员"),
        grants: Grants::new(vec![Grant {
            permissions: [Permission::CadenceRead, Permission::CadenceWrite]
                .into_iter()
                .collect(),
            scope: s
                .orgs()
                .path_of_readable(*branch, Permission::CadenceRead)
                .await?,
        }]),
        token_id: None,
        ip: None,
        locale: "zh-CN".into(),
        home: None,
    };
    let mut a = activity(
        *branch,
        &["theme_day"],
        at(old.held_on, 16),
        &format!("{name}主题党日"),
    );
    a.minutes = old.minutes.clone();
    let p = Proposal {
        activity: a,
        reason: "活动实际于下午四点开始，登记时时间填写有误".into(),
    };
    anyhow::ensure!(old.held_on <= today, "a past activity");
    d.store
        .scoped(&organizer)
        .cadence()
        .propose_change(old.id, p)
        .await
        .map_err(|e| anyhow::anyhow!("change request: {e:?}"))?;
    Ok(())
}

pub(super) fn figures<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        let today = touyan_storage::kit::today();
        binhai(&s, today).await?;
        yutai_committee(&s, today).await?;
        yutai_branches(&s, today).await?;
        pending_change(d, today).await
    })
}
