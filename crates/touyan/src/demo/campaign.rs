//! The campaigns' demo: 鱼台's "红帆领航"九项行动 (with the 五大突破 in its description),
//! whose results the seed reports [004]: its coverage and instructor targets follow the live
//! figures the enterprise demo already makes true (coverage 100 %, 34 instructors), its
//! problem targets are kept by hand (61 collected, 57 solved), with a few milestones and a
//! history of earlier points.

use super::{node_named, Demo, StepFuture};
use chrono::{Duration, NaiveDate};
use touyan_domain::campaign::{
    CampaignInput, DoneInput, MilestoneInput, TargetInput, TaskLinkInput, ValueInput,
};
use touyan_storage::campaign::CampaignDetail;
use touyan_storage::kit::today;
use touyan_storage::Scoped;

fn on(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn target_id(d: &CampaignDetail, name: &str) -> anyhow::Result<i64> {
    d.targets
        .iter()
        .find(|t| t.name == name)
        .map(|t| t.id)
        .ok_or_else(|| anyhow::anyhow!("campaign target {name}"))
}

/// Adds a target (bound to `figure` when given) and answers the campaign.
async fn add(
    s: &Scoped<'_>,
    id: i64,
    (name, kind, baseline, goal): (&str, &str, f64, f64),
    due: NaiveDate,
    figure: &str,
) -> anyhow::Result<CampaignDetail> {
    let t = TargetInput {
        name: name.into(),
        kind: kind.into(),
        baseline: baseline.to_string(),
        goal: goal.to_string(),
        due_on: on(due),
        figure: figure.into(),
    };
    s.campaigns()
        .add_target(id, &t)
        .await
        .map_err(|e| anyhow::anyhow!("target {name}: {e:?}"))
}

pub(super) fn figures<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        let now = today();
        let zone = node_named(&s, "鱼台经济开发区").await?;
        let (start, end) = (now - Duration::days(150), now + Duration::days(200));
        let input = CampaignInput {
            node_id: zone.to_string(),
            name: "“红帆领航”九项行动".into(),
            description:
                "以“五大突破”为抓手，推进非公企业党组织覆盖、党建工作指导员选派和企业问题收集解决。"
                    .into(),
            start_on: on(start),
            end_on: on(end),
            status: "active".into(),
        };
        let c = s
            .campaigns()
            .create(&input)
            .await
            .map_err(|e| anyhow::anyhow!("campaign: {e:?}"))?;
        let id = c.campaign.id;
        let coverage = ("非公企业党组织覆盖率", "rate", 85.0, 100.0);
        add(&s, id, coverage, end, "enterprise.coverage_rate").await?;
        let sent = ("选派党建工作指导员", "count", 0.0, 34.0);
        add(
            &s,
            id,
            sent,
            now - Duration::days(30),
            "enterprise.instructors",
        )
        .await?;
        add(&s, id, ("收集企业问题", "count", 0.0, 61.0), end, "").await?;
        let c = add(&s, id, ("解决企业问题", "count", 0.0, 61.0), end, "").await?;
        // The earlier points of the live targets, as the daily job would have written them.
        let history = [
            (120, 88.6, 12.0),
            (90, 93.2, 20.0),
            (60, 97.7, 28.0),
            (30, 100.0, 34.0),
        ];
        let (cov, ins) = (target_id(&c, coverage.0)?, target_id(&c, sent.0)?);
        for (ago, rate, people) in history {
            let day = now - Duration::days(ago);
            s.campaigns().point_as_of(cov, day, rate).await?;
            s.campaigns().point_as_of(ins, day, people).await?;
        }
        let kept = [
            ("收集企业问题", 100, 24.0, "走访企业收集问题24个"),
            ("收集企业问题", 20, 61.0, "累计收集问题61个"),
            ("解决企业问题", 90, 15.0, "已解决15个"),
            ("解决企业问题", 45, 40.0, "已解决40个"),
            ("解决企业问题", 5, 57.0, "已解决57个，其余4个协调推进中"),
        ];
        for (name, ago, value, note) in kept {
            let v = ValueInput {
                on: on(now - Duration::days(ago)),
                value: value.to_string(),
                note: note.into(),
            };
            s.campaigns()
                .record_value(id, target_id(&c, name)?, &v)
                .await
                .map_err(|e| anyhow::anyhow!("value of {name}: {e:?}"))?;
        }
        milestones(&s, id, now).await?;
        link_tasks(&s, id).await
    })
}

/// Links the work-list task 鱼台 issued for the campaign (the tasks' demo issues it).
async fn link_tasks(s: &Scoped<'_>, id: i64) -> anyhow::Result<()> {
    let (task, _) = s
        .campaigns()
        .task_choices(id, 50)
        .await?
        .into_iter()
        .find(|(_, title)| title.contains("五大突破"))
        .ok_or_else(|| anyhow::anyhow!("the campaign's task"))?;
    let input = TaskLinkInput {
        task_id: task.to_string(),
    };
    s.campaigns()
        .link_task(id, &input)
        .await
        .map_err(|e| anyhow::anyhow!("campaign task: {e:?}"))?;
    Ok(())
}

async fn milestones(s: &Scoped<'_>, id: i64, now: NaiveDate) -> anyhow::Result<()> {
    let stones = [
        (
            "完成非公企业党组织摸底排查",
            -100,
            Some((-105, "44家企业党组织情况全部摸清")),
        ),
        (
            "党建工作指导员全部选派到位",
            -30,
            Some((-32, "34名指导员联系全部44家企业")),
        ),
        ("开展“五大突破”中期评估", 30, None),
    ];
    for (name, due, done) in stones {
        let m = MilestoneInput {
            name: name.into(),
            due_on: on(now + Duration::days(due)),
        };
        let d = s
            .campaigns()
            .add_milestone(id, &m)
            .await
            .map_err(|e| anyhow::anyhow!("milestone {name}: {e:?}"))?;
        let Some((when, note)) = done else { continue };
        let mid = d
            .milestones
            .iter()
            .find(|x| x.name == name)
            .map(|x| x.id)
            .ok_or_else(|| anyhow::anyhow!("milestone {name}"))?;
        let input = DoneInput {
            done_on: on(now + Duration::days(when)),
            note: note.into(),
            link: String::new(),
        };
        s.campaigns()
            .complete_milestone(id, mid, &input)
            .await
            .map_err(|e| anyhow::anyhow!("milestone {name} done: {e:?}"))?;
    }
    Ok(())
}
