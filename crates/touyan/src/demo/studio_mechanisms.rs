//! The seven mechanisms at work in the seeds' studios, after the studios themselves.

use super::studio::{achievement, application_no};
use anyhow::Context;
use touyan_domain::studio::achievement::AchievementInput;
use touyan_domain::studio::activity::{EvaluationInput, QuestionInput, SupportInput};
use touyan_domain::studio::mentorship::{
    ApprenticeInput, MentorshipInput, OutcomeInput, SessionInput, TrainingInput,
};
use touyan_domain::studio::project::{BenefitInput, ProjectInput, StageMoveInput};
use touyan_storage::Scoped;

/// The seven mechanisms at work in the seeds' studios: mentorship with its outcomes
/// ("共带徒弟10人" [002], "1+5+N" [000], 育苗工程 [001]), training, questions, an incubated
/// project with its benefit, achievements ("近50项课题、三等奖" [000]), evaluations and support.
pub(crate) async fn load_mechanisms(
    s: &Scoped<'_>,
    studios: &[(i64, Vec<i64>)],
) -> anyhow::Result<()> {
    mentorships(s, studios).await?;
    trainings(s, studios).await?;
    achievements(s, studios).await?;
    project(s, studios).await?;
    questions(s, studios).await?;
    evaluations_and_support(s, studios).await?;
    Ok(())
}

/// Mentorships with their sessions and outcomes.
async fn mentorships(s: &Scoped<'_>, studios: &[(i64, Vec<i64>)]) -> anyhow::Result<()> {
    // Mentorships: (studio, title, shape, start, goals, core apprentices, outcome kind, note).
    let groups: [(usize, &str, &str, &str, &str, usize, &str, &str); 4] = [
        (
            0,
            "红星工匠“1+5+N”带徒",
            "group",
            "2022-03-01",
            "五名核心徒弟掌握反应釜检修与工艺优化",
            5,
            "certified",
            "取得化工总控工高级工证书",
        ),
        (
            1,
            "“1+5+N”结对帮扶",
            "group",
            "2022-09-01",
            "通过体验式教研解决教学难题",
            3,
            "award",
            "市级教学能手评选获奖",
        ),
        (
            3,
            "育苗工程：社区书记一对一带教",
            "group",
            "2020-09-01",
            "培养社区书记和后备干部",
            3,
            "promoted",
            "提任社区党组织书记",
        ),
        (
            5,
            "师带徒：磁共振系统与射频线圈",
            "group",
            "2020-06-01",
            "徒弟在系统集成、射频线圈等分领域独立承担子项目",
            5,
            "subproject",
            "独立承担射频线圈子项目",
        ),
    ];
    for (i, title, shape, start, goals, core, outcome, note) in groups {
        let (sid, members) = &studios[i];
        let apprentices: Vec<ApprenticeInput> = members[1..]
            .iter()
            .enumerate()
            .map(|(k, p)| ApprenticeInput {
                person_id: Some(*p),
                tier: if k < core { "core" } else { "other" }.into(),
            })
            .collect();
        let m = s
            .studio_mentorships()
            .create(
                *sid,
                &MentorshipInput {
                    title: title.into(),
                    mentor_id: Some(members[0]),
                    shape: shape.into(),
                    apprentices,
                    started_on: start.into(),
                    goals: goals.into(),
                    plan: "每月集中带教一次，日常现场指导".into(),
                    planned_end_on: String::new(),
                },
            )
            .await
            .with_context(|| title.to_string())?;
        for (k, (on, content)) in [
            ("2023-03-15", "现场示范与讲解"),
            ("2023-06-20", "难题会诊"),
            ("2024-04-10", "成果复盘"),
        ]
        .iter()
        .enumerate()
        {
            s.studio_mentorships()
                .add_session(
                    *sid,
                    m.id,
                    &SessionInput {
                        held_on: on.to_string(),
                        content: content.to_string(),
                        hours: format!("{}", 2 + k),
                    },
                )
                .await?;
        }
        // "培育出3名社区书记、1名居委会主任、3名副书记、4名居委会副主任" [001]: every
        // apprentice's promotion; the others: one outcome per core apprentice.
        if i == 3 {
            super::people_figures::xiangxia_promotions(s, *sid, m.id, &members[1..]).await?;
            continue;
        }
        for p in members.iter().skip(1).take(3) {
            s.studio_mentorships()
                .add_outcome(
                    *sid,
                    m.id,
                    &OutcomeInput {
                        person_id: Some(*p),
                        kind: outcome.to_string(),
                        achieved_on: "2024-06-30".into(),
                        description: note.to_string(),
                    },
                )
                .await?;
        }
    }
    Ok(())
}

/// Training sessions.
async fn trainings(s: &Scoped<'_>, studios: &[(i64, Vec<i64>)]) -> anyhow::Result<()> {
    // Training sessions; the ones shared are the alliance's methods.
    let trainings: [(usize, &str, &str, u32, u32, bool); 5] = [
        (0, "安全生产与工艺纪律专题学习", "2024-03-12", 10, 10, false),
        (0, "党员先锋岗技能比武复盘", "2024-09-20", 10, 9, false),
        (3, "网格学堂：群众工作方法", "2023-05-18", 30, 27, false),
        (
            4,
            "烹饪技艺与工匠精神融合教学法",
            "2024-05-08",
            20,
            19,
            true,
        ),
        (5, "射频线圈调试方法分享", "2024-07-16", 12, 11, true),
    ];
    for (i, topic, on, expected, attended, shared) in trainings {
        s.studio_training()
            .create(
                studios[i].0,
                &TrainingInput {
                    topic: topic.into(),
                    held_on: on.into(),
                    expected: expected.to_string(),
                    attended: attended.to_string(),
                    place: "工作室".into(),
                    summary: String::new(),
                    shared,
                },
                &[],
            )
            .await
            .with_context(|| topic.to_string())?;
    }
    Ok(())
}

/// Patents, research topics and an award.
async fn achievements(s: &Scoped<'_>, studios: &[(i64, Vec<i64>)]) -> anyhow::Result<()> {
    // Achievements.
    let (craft, craft_people) = &studios[0];
    achievement(
        s,
        *craft,
        AchievementInput {
            kind: "utility_patent".into(),
            title: "一种反应釜机械密封冷却装置".into(),
            application_no: application_no("202220123456"),
            achieved_on: "2022-11-08".into(),
            public: true,
            ..Default::default()
        },
        craft_people[..3].to_vec(),
    )
    .await?;
    let (kinder, kinder_people) = &studios[1];
    // "近50项教研课题" and a 三等奖 [000].
    for k in 1..=48 {
        achievement(
            s,
            *kinder,
            AchievementInput {
                kind: "research_topic".into(),
                title: format!("幼儿园体验式教研课题第{k}号"),
                achieved_on: format!("{}-{:02}-15", 2021 + k % 4, 1 + k % 12),
                public: k <= 5,
                ..Default::default()
            },
            vec![kinder_people[(k % kinder_people.len() as i32) as usize]],
        )
        .await?;
    }
    achievement(
        s,
        *kinder,
        AchievementInput {
            kind: "award".into(),
            title: "优质课评选".into(),
            level: "city".into(),
            rank: "三等奖".into(),
            achieved_on: "2023-12-20".into(),
            public: true,
            ..Default::default()
        },
        vec![kinder_people[0]],
    )
    .await?;
    for (i, kind, title, on) in [
        (4, "research_topic", "中式烹饪传承教学研究", "2023-06-30"),
        (
            5,
            "invention_patent",
            "一种磁共振射频线圈的调谐电路",
            "2023-09-12",
        ),
    ] {
        let (sid, people) = &studios[i];
        achievement(
            s,
            *sid,
            AchievementInput {
                kind: kind.into(),
                title: title.into(),
                application_no: if kind == "invention_patent" {
                    application_no("202310456789")
                } else {
                    String::new()
                },
                achieved_on: on.into(),
                shared: true,
                public: true,
                ..Default::default()
            },
            people[..2].to_vec(),
        )
        .await?;
    }
    Ok(())
}

/// An incubated project taken to benefit, and a shared one.
async fn project(s: &Scoped<'_>, studios: &[(i64, Vec<i64>)]) -> anyhow::Result<()> {
    let (craft, _) = &studios[0];
    // An incubated project from idea to benefit ("让创意变项目…让成果变效益" [002]).
    let p = s
        .studio_projects()
        .create(
            *craft,
            &ProjectInput {
                title: "反应釜密封件国产化替代".into(),
                description: "以国产密封件替代进口件，降低备件成本".into(),
                started_on: "2022-01-10".into(),
                investment: "8万".into(),
                shared: false,
                team: vec![],
            },
        )
        .await?;
    for (to, on) in [
        ("project", "2022-04-01"),
        ("result", "2022-11-08"),
        ("benefit", "2023-06-30"),
    ] {
        s.studio_projects()
            .move_stage(
                *craft,
                p.project.id,
                &StageMoveInput {
                    to: to.into(),
                    on: on.into(),
                    note: String::new(),
                },
            )
            .await?;
    }
    for (year, revenue, saving) in [("2023", "0", "26.5万"), ("2024", "12万", "31万")] {
        s.studio_projects()
            .add_benefit(
                *craft,
                p.project.id,
                &BenefitInput {
                    year: year.into(),
                    revenue: revenue.into(),
                    saving: saving.into(),
                    note: String::new(),
                },
            )
            .await?;
    }
    let shared = s
        .studio_projects()
        .create(
            studios[5].0,
            &ProjectInput {
                title: "射频线圈联合攻关".into(),
                description: "联盟成员共同参与的攻关项目".into(),
                started_on: "2023-02-01".into(),
                investment: String::new(),
                shared: true,
                team: vec![],
            },
        )
        .await?;
    let _ = shared;
    Ok(())
}

/// Office hours questions, answered.
async fn questions(s: &Scoped<'_>, studios: &[(i64, Vec<i64>)]) -> anyhow::Result<()> {
    // Office hours questions at 王志府书记工作室.
    let (wzf, _) = &studios[2];
    for (title, body, answer) in [
        (
            "网格员如何组织楼栋议事会？",
            "新任网格员，想了解楼栋议事会的流程。",
            "先摸清楼栋党员和热心居民，议题提前公示，会上一事一议，会后公开结果。",
        ),
        (
            "“红马甲”志愿服务怎么记积分？",
            "志愿者问服务时长如何折算积分。",
            "按社区积分细则，每服务1小时记1分，重大活动另行加分，每月公示。",
        ),
    ] {
        let q = s
            .studio_questions()
            .ask(
                *wzf,
                &QuestionInput {
                    title: title.into(),
                    body: body.into(),
                    asker_name: "社区网格员".into(),
                },
            )
            .await?;
        s.studio_questions()
            .answer(*wzf, q.id, answer, Some(studios[2].1[0]))
            .await?;
    }
    Ok(())
}

/// Evaluations and support received.
async fn evaluations_and_support(
    s: &Scoped<'_>,
    studios: &[(i64, Vec<i64>)],
) -> anyhow::Result<()> {
    // Evaluations and support.
    for (i, score) in [(0usize, "93"), (3, "95"), (2, "86")] {
        s.studio_evaluations()
            .create(
                studios[i].0,
                &EvaluationInput {
                    period: "2024".into(),
                    evaluated_on: "2025-01-15".into(),
                    score: score.into(),
                    document_no: "2025年度工作室考核".into(),
                    ..Default::default()
                },
            )
            .await?;
    }
    for (i, kind, amount, source) in [
        (0usize, "funding", "5万", "滨海区总工会"),
        (3, "funding", "10万", "南村街道党工委"),
        (5, "reward", "2万", "朝阳区总工会"),
    ] {
        s.studio_support()
            .create(
                studios[i].0,
                &SupportInput {
                    kind: kind.into(),
                    amount: amount.into(),
                    received_on: "2024-03-01".into(),
                    source: source.into(),
                    note: String::new(),
                },
            )
            .await?;
    }
    Ok(())
}
