//! The work lists' demo: tasks issued down the trees of 鱼台 and 滨海, their recipients in
//! every state.
//! - 鱼台: the zone asks every 党支部 for its 2027 plan of member recruitment, due ten days
//!   ago: 16 accepted (12 of them submitted on time, 4 late), 3 submitted waiting for review,
//!   2 returned, 3 received and the rest not yet received; and it asks them to hold the 七一
//!   theme day and report it, due in three weeks: 5 submitted, 3 of them accepted.
//! - 滨海: the zone asks every 党委 for its quarter's summary of party building, due five
//!   days ago: half accepted, one returned, the others still to submit.
//!
//! Each step is recorded at the moment it would have been taken.

use super::{node_named, Demo, StepFuture};
use chrono::{Duration, NaiveDateTime};
use touyan_domain::task::{FeedbackInput, FormField, Step, Task};
use touyan_storage::org::OrgFilter;
use touyan_storage::task::now_beijing;
use touyan_storage::Scoped;

fn field(label: &str, kind: &str) -> FormField {
    FormField {
        label: label.into(),
        kind: kind.into(),
    }
}

async fn of_kind(s: &Scoped<'_>, under: i64, kind: &str) -> anyhow::Result<Vec<i64>> {
    let f = OrgFilter {
        under: Some(under),
        kind: Some(kind.into()),
        ..Default::default()
    };
    let mut ids: Vec<i64> = s
        .orgs()
        .all(&f, 500)
        .await?
        .into_iter()
        .map(|n| n.id)
        .collect();
    ids.sort_unstable();
    Ok(ids)
}

/// Where one recipient ends up, and when its steps were taken.
#[derive(Clone, Copy)]
enum End {
    Issued,
    Received,
    Submitted { late: bool },
    Returned,
    Accepted { late: bool },
}

/// Takes the steps that bring recipient `rid` to `end`; `due` decides whether a submission
/// falls before or after the due moment.
async fn walk(
    s: &Scoped<'_>,
    (task, rid): (i64, i64),
    end: End,
    issued: NaiveDateTime,
    due: NaiveDateTime,
    answers: &[&str],
) -> anyhow::Result<()> {
    let step = |st: Step, at: NaiveDateTime, reason: Option<&str>, fb: bool| {
        let feedback = fb.then(|| FeedbackInput {
            answers: answers.iter().map(|a| a.to_string()).collect(),
            note: "已经支委会研究".into(),
        });
        let reason = reason.map(str::to_string);
        async move {
            s.tasks()
                .step_as_of(task, rid, st, feedback, reason, at)
                .await
                .map_err(|e| anyhow::anyhow!("task {task} recipient {rid}: {e:?}"))
        }
    };
    if matches!(end, End::Issued) {
        return Ok(());
    }
    step(Step::Receive, issued + Duration::hours(20), None, false).await?;
    let submit_at = |late: bool| {
        if late {
            due + Duration::days(2)
        } else {
            due - Duration::days(3)
        }
    };
    match end {
        End::Issued | End::Received => {}
        End::Submitted { late } => {
            step(Step::Submit, submit_at(late), None, true).await?;
        }
        End::Returned => {
            let at = submit_at(false);
            step(Step::Submit, at, None, true).await?;
            let why = Some("请补充支委会会议记录");
            step(Step::Return, at + Duration::days(1), why, false).await?;
        }
        End::Accepted { late } => {
            let at = submit_at(late);
            step(Step::Submit, at, None, true).await?;
            step(Step::Accept, at + Duration::days(1), None, false).await?;
        }
    }
    Ok(())
}

/// Issues `t` at `issued` and walks its recipients, in the order of their nodes, to the
/// ends `end_of` gives by position.
async fn issue(
    s: &Scoped<'_>,
    t: Task,
    issued: NaiveDateTime,
    end_of: impl Fn(usize) -> End,
    answers: &[&str],
) -> anyhow::Result<()> {
    let due = t.due_at;
    let title = t.title.clone();
    let id = s
        .tasks()
        .issue_as_of(t, issued)
        .await
        .map_err(|e| anyhow::anyhow!("{title}: {e:?}"))?;
    let mut recipients = s.tasks().detail(id).await?.recipients;
    recipients.sort_by_key(|r| r.node_id);
    for (i, r) in recipients.iter().enumerate() {
        walk(s, (id, r.id), end_of(i), issued, due, answers).await?;
    }
    Ok(())
}

async fn yutai(s: &Scoped<'_>, now: NaiveDateTime) -> anyhow::Result<()> {
    let root = node_named(s, "鱼台经济开发区").await?;
    let issued = now - Duration::days(30);
    let plan = Task {
        node_id: root,
        title: "报送2027年度党员发展计划".into(),
        body: Some(
            "请各党支部经支委会研究后，报送2027年度发展党员计划，注明入党积极分子人数。".into(),
        ),
        due_at: now - Duration::days(10),
        chosen: vec![],
        by_kind: Some(("party_branch".into(), root)),
        fields: vec![
            field("计划发展党员人数", "number"),
            field("入党积极分子人数", "number"),
            field("是否经支委会研究", "yes_no"),
        ],
    };
    let end = |i: usize| match i {
        0..=11 => End::Accepted { late: false },
        12..=15 => End::Accepted { late: true },
        16..=18 => End::Submitted { late: true },
        19..=20 => End::Returned,
        21..=23 => End::Received,
        _ => End::Issued,
    };
    issue(s, plan, issued, end, &["2", "5", "yes"]).await?;
    let issued = now - Duration::days(5);
    let theme = Task {
        node_id: root,
        title: "开展“七一”主题党日活动并报送图文".into(),
        body: Some("各党支部结合实际开展主题党日活动，活动后报送参加人数和活动简报。".into()),
        due_at: now + Duration::days(21),
        chosen: vec![],
        by_kind: Some(("party_branch".into(), root)),
        fields: vec![field("参加人数", "number"), field("活动简报", "text")],
    };
    let end = |i: usize| match i {
        0..=2 => End::Accepted { late: false },
        3..=4 => End::Submitted { late: false },
        5..=9 => End::Received,
        _ => End::Issued,
    };
    let answers = ["18", "重温入党誓词，开展志愿服务"];
    issue(s, theme, issued, end, &answers).await?;
    // Issued for the "红帆领航"九项行动 (the campaigns' demo links it): the branches report
    // the enterprise problems they collected and solved [004].
    let problems = Task {
        node_id: root,
        title: "报送“五大突破”企业问题收集解决情况".into(),
        body: Some("请各党支部报送联系企业中收集到的问题数和已解决问题数，附解决情况说明。".into()),
        due_at: now + Duration::days(10),
        chosen: vec![],
        by_kind: Some(("party_branch".into(), root)),
        fields: vec![
            field("收集问题数", "number"),
            field("已解决问题数", "number"),
            field("解决情况说明", "text"),
        ],
    };
    let end = |i: usize| match i {
        0..=13 => End::Accepted { late: false },
        14..=17 => End::Submitted { late: false },
        18..=21 => End::Received,
        _ => End::Issued,
    };
    let answers = ["3", "3", "协调用工、融资和厂区配套问题"];
    issue(s, problems, now - Duration::days(12), end, &answers).await
}

async fn binhai(s: &Scoped<'_>, now: NaiveDateTime) -> anyhow::Result<()> {
    let root = node_named(s, "潍坊滨海经济技术开发区").await?;
    let committees = of_kind(s, root, "party_committee").await?;
    let half = committees.len() / 2;
    let summary = Task {
        node_id: root,
        title: "报送本季度党建工作总结".into(),
        body: Some(
            "请各党委报送本季度党建工作总结，包括组织生活开展情况和“红色引擎”项目进展。".into(),
        ),
        due_at: now - Duration::days(5),
        chosen: committees,
        by_kind: None,
        fields: vec![
            field("召开党委会议次数", "number"),
            field("是否完成季度述职", "yes_no"),
            field("存在问题", "text"),
        ],
    };
    let end = move |i: usize| match i {
        _ if i < half => End::Accepted { late: i % 2 == 1 },
        _ if i == half => End::Returned,
        _ => End::Received,
    };
    let answers = ["3", "yes", "部分企业党员流动性大"];
    issue(s, summary, now - Duration::days(20), end, &answers).await
}

pub(super) fn figures<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        let now = now_beijing();
        yutai(&s, now).await?;
        binhai(&s, now).await
    })
}
