//! Demo studios: the seeds' studios with their real names and figures — 田茂英 红星工匠工作室
//! (a team of 10) and 央子幼儿园 党员名师工作室 (3 members and 1 activist) and 王志府书记工作室
//! [000], 象霞工作室 [001], 牛京刚创新工作室 and 王文韬创新工作室 [002] — and the 朝阳区创新工作室
//! 联盟 [002], with a leader's login.

use super::{node_named, Demo, StepFuture};
use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use touyan_domain::auth::NewUser;
use touyan_domain::people::PersonInput;
use touyan_domain::studio::{MoveInput, StudioInput};
use touyan_storage::kit::today;
use touyan_storage::studio::StudioNew;
use touyan_storage::Scoped;

/// The seeds' studios with their members, moves and login, then the mechanisms at work in
/// them.
pub(super) fn load<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        d.studios = studios(&d.s).await?;
        super::studio_mechanisms::load_mechanisms(&d.s, &d.studios).await?;
        d.studio_count += d.studios.len();
        Ok(())
    })
}

/// A studio of the seeds: name, kind, level, demonstration flag, host node, leader, field,
/// plaque date, description, public address, the states it went through (with decision
/// numbers), and how many members it has besides the leader.
pub(crate) struct SeedStudio {
    pub name: &'static str,
    pub kind: &'static str,
    pub level: &'static str,
    pub demonstration: bool,
    pub host: &'static str,
    pub leader: &'static str,
    pub field: &'static str,
    pub plaque_on: &'static str,
    pub description: &'static str,
    pub slug: &'static str,
    pub moves: &'static [(&'static str, &'static str, &'static str)],
    pub members: usize,
}

pub(crate) const STUDIOS: [SeedStudio; 6] = [
    SeedStudio {
        name: "田茂英红星工匠工作室",
        kind: "red_craftsman",
        level: "district",
        demonstration: true,
        host: "潍坊润丰化工股份有限公司",
        leader: "田茂英",
        field: "化工生产工艺与设备",
        plaque_on: "2021-10-15",
        description: "潍坊滨海区首家“红星工匠”工作室。10人的工作室团队，既是带徒传技的平台，也发挥党员先锋模范作用，激活公司科研创新能力。",
        slug: "tian-maoying",
        moves: &[
            ("listed", "2021-10-15", "滨海区首批“红星工匠”评定"),
            ("demonstration", "2023-01-10", "年度考核优秀"),
        ],
        members: 9,
    },
    SeedStudio {
        name: "央子幼儿园党员名师工作室",
        kind: "famous_teacher",
        level: "district",
        demonstration: false,
        host: "央子幼儿园",
        leader: "刘红梅",
        field: "学前教育教研",
        plaque_on: "2021-09-01",
        description: "现有党员3名、入党积极分子1名，通过“体验式”教研活动探索“1+5+N”结对帮扶模式，教师结对共同解决教学难题。",
        slug: "yangzi-kindergarten",
        moves: &[("listed", "2021-09-01", "滨海区党员名师计划挂牌")],
        members: 3,
    },
    SeedStudio {
        name: "王志府书记工作室",
        kind: "secretary",
        level: "district",
        demonstration: false,
        host: "滨城绿洲社区",
        leader: "王志府",
        field: "社区网格微治理",
        plaque_on: "2021-06-30",
        description: "创新“三微”机制：“红色网格”微治理、“红马甲”微服务、“红物业”微联动，累计为居民群众解决各类问题300余个。",
        slug: "wang-zhifu",
        moves: &[("listed", "2021-06-30", "街道党工委评审通过")],
        members: 4,
    },
    SeedStudio {
        name: "象霞工作室",
        kind: "secretary",
        level: "city",
        demonstration: true,
        host: "南村街道",
        leader: "田象霞",
        field: "社区干部培养（育苗工程）",
        plaque_on: "2020-06-18",
        description: "全市第一批社区书记工作室，实施“育苗工程”，整合“网格学堂”“社工加油站”等平台，培养社区书记和后备干部。",
        slug: "xiangxia",
        moves: &[
            ("listed", "2020-06-18", "全市第一批社区书记工作室"),
            ("demonstration", "2023-06-20", "成立三周年考核优秀"),
        ],
        // The eleven cadres it trained [001] (see `people_figures::xiangxia_promotions`).
        members: 11,
    },
    SeedStudio {
        name: "牛京刚创新工作室",
        kind: "worker_innovation",
        level: "city",
        // One of 朝阳's "8家市级（示范性）创新工作室" [002].
        demonstration: true,
        host: "北京市劲松职业高中",
        leader: "牛京刚",
        field: "烹饪技艺传承与教学",
        plaque_on: "2019-05-01",
        description: "将工匠精神和中国传统文化融入烹饪教学全过程。",
        slug: "niu-jinggang",
        moves: &[
            ("listed", "2019-05-01", "市级职工创新工作室命名"),
            ("demonstration", "2020-12-20", "市级示范性职工创新工作室命名"),
        ],
        members: 4,
    },
    SeedStudio {
        name: "王文韬创新工作室",
        kind: "worker_innovation",
        level: "district",
        demonstration: false,
        host: "朝阳区总工会",
        leader: "王文韬",
        field: "磁共振系统与射频线圈开发",
        plaque_on: "2020-04-28",
        description: "采取师带徒活动，共带徒弟10人；徒弟已在系统集成和射频线圈等分领域独立承担子项目。",
        slug: "",
        moves: &[("listed", "2020-04-28", "区级职工创新工作室命名")],
        members: 10,
    },
];

/// A full party member at `node` with a plausible identity number; answers the id.
pub(crate) async fn person_at(
    s: &Scoped<'_>,
    node: i64,
    name: &str,
    region: &str,
    seq: u32,
) -> anyhow::Result<i64> {
    let male = seq % 2 == 0;
    let birth = NaiveDate::from_ymd_opt(1970 + (seq % 25) as i32, 1 + seq % 12, 1 + seq % 27)
        .context("birth date")?;
    let at =
        |years: i32| NaiveDate::from_ymd_opt(birth.year() + years, 6, 1).map(|d| d.to_string());
    let input = PersonInput {
        name: Some(name.into()),
        gender: Some(if male { "male" } else { "female" }.into()),
        ethnicity: Some("汉族".into()),
        birth_date: Some(birth.to_string()),
        id_number: Some(super::people::id_number(region, birth, 400 + seq, male)),
        education: Some("bachelor".into()),
        status: Some("full".into()),
        applied_on: Some(at(22).unwrap_or_default()),
        full_on: Some(at(25).unwrap_or_default()),
        ..Default::default()
    };
    Ok(s.people()
        .create(&input, node)
        .await
        .with_context(|| format!("person {name}"))?
        .id)
}

/// An activist (入党积极分子) at `node`: applied two years ago, activist for a year.
async fn activist_at(
    s: &Scoped<'_>,
    node: i64,
    name: &str,
    region: &str,
    seq: u32,
) -> anyhow::Result<i64> {
    let birth = NaiveDate::from_ymd_opt(1995, 1 + seq % 12, 1 + seq % 27).context("birth date")?;
    let input = PersonInput {
        name: Some(name.into()),
        gender: Some("female".into()),
        ethnicity: Some("汉族".into()),
        birth_date: Some(birth.to_string()),
        id_number: Some(super::people::id_number(region, birth, 400 + seq, false)),
        education: Some("bachelor".into()),
        status: Some("activist".into()),
        applied_on: Some((today() - chrono::Days::new(800)).to_string()),
        activist_on: Some((today() - chrono::Days::new(400)).to_string()),
        ..Default::default()
    };
    Ok(s.people()
        .create(&input, node)
        .await
        .with_context(|| format!("person {name}"))?
        .id)
}

/// Names for the studios' members.
const MEMBER_NAMES: &str = "张建国李秀英王海燕刘志强陈晓东杨雪梅赵文华周玉兰吴明超徐丽娟孙国平马晓静朱海涛胡桂英郭伟林何静";

/// Studios, their members and lifecycle moves, the alliance, and the leader's login.
/// Answers the studio ids in the order of [`STUDIOS`] and each studio's member person ids.
pub(crate) async fn studios(s: &Scoped<'_>) -> anyhow::Result<Vec<(i64, Vec<i64>)>> {
    let names: Vec<char> = MEMBER_NAMES.chars().collect();
    let kinds: Vec<String> = touyan_domain::studio::BUILTIN_KINDS
        .iter()
        .map(|k| k.0.to_string())
        .collect();
    let mut out = Vec::new();
    let mut seq = 0u32;
    for st in &STUDIOS {
        let host = node_named(s, st.host).await?;
        let region = if st.host.contains("朝阳") || st.host.contains("劲松") {
            "110106"
        } else if st.host.contains("南村") {
            "440114"
        } else {
            "370704"
        };
        seq += 1;
        let leader = person_at(s, host, st.leader, region, seq).await?;
        let studio = StudioInput {
            name: st.name.into(),
            kind: st.kind.into(),
            level: st.level.into(),
            demonstration: st.demonstration,
            field: st.field.into(),
            plaque_on: st.plaque_on.into(),
            description: st.description.into(),
            slug: st.slug.into(),
            public: !st.slug.is_empty(),
            ..Default::default()
        }
        .parse(&kinds, today())
        .map_err(|e| anyhow::anyhow!("{}: {e:?}", st.name))?;
        let v = s
            .studios()
            .create(StudioNew {
                studio,
                node_id: host,
                leader_id: Some(leader),
                // Applied a month before the plaque.
                applied_on: NaiveDate::parse_from_str(st.plaque_on, "%Y-%m-%d")
                    .ok()
                    .map(|d| d - chrono::Days::new(30)),
            })
            .await
            .with_context(|| st.name.to_string())?;
        let mut members = vec![leader];
        s.studios()
            .add_member(v.id, leader, "core", st.plaque_on, "")
            .await?;
        for i in 0..st.members {
            seq += 1;
            let at = (seq as usize * 3) % (names.len() / 3 - 1) * 3;
            let name: String = names[at..at + 3].iter().collect();
            // "现有党员3名，入党积极分子1名" [000]: the master-teacher studio's last member
            // is an activist, not yet a party member.
            let activist = st.kind == "famous_teacher" && i + 1 == st.members;
            let p = if activist {
                activist_at(s, host, &name, region, seq).await?
            } else {
                person_at(s, host, &name, region, seq).await?
            };
            let role = if i < 2 {
                "core"
            } else if i < 6 {
                "member"
            } else {
                "trainee"
            };
            s.studios()
                .add_member(v.id, p, role, st.plaque_on, "")
                .await?;
            members.push(p);
        }
        for (i, (to, on, reason)) in st.moves.iter().enumerate() {
            let m = MoveInput {
                to: (*to).into(),
                on: (*on).into(),
                reason: (*reason).into(),
                document_no: format!("{}〔{}〕{}号", doc_prefix(st.host), &on[..4], 3 + i * 7),
                evaluation_id: None,
            };
            s.studios()
                .transition(v.id, &m)
                .await
                .with_context(|| format!("{} → {to}", st.name))?;
        }
        out.push((v.id, members));
    }

    alliance(s, &out).await?;
    leader_login(s, &out).await?;
    Ok(out)
}

/// The alliance two of the studios join.
async fn alliance(s: &Scoped<'_>, studios: &[(i64, Vec<i64>)]) -> anyhow::Result<()> {
    // [002] 朝阳区创新工作室联盟: cross-type, cross-industry, cross-unit.
    let chaoyang = node_named(s, "北京市朝阳区").await?;
    let a = s
        .alliances()
        .create(
            chaoyang,
            "朝阳区创新工作室联盟",
            "跨类型、跨行业、跨单位的创新工作室联盟：将产业上下游“链”起来，将技能人才“联”起来，搭建合作创新、成果共享平台，构建资源共享体系和互动智慧库。",
        )
        .await?;
    for (id, _) in &studios[4..6] {
        s.alliances().join(a.id, *id, "2021-03-01").await?;
    }
    Ok(())
}

/// The craftsman leader's own login, linked to the leader's person.
async fn leader_login(s: &Scoped<'_>, studios: &[(i64, Vec<i64>)]) -> anyhow::Result<()> {
    // The craftsman leader's own login, linked to the person, assigned at the host unit.
    let host = node_named(s, STUDIOS[0].host).await?;
    let role = s.roles().by_code("studio_leader").await?;
    let new = NewUser::parse("tianmaoying", "田茂英", super::DEMO_PASSWORD)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let u = s.users().create(new, Some(host)).await?;
    s.users().assign(u.id, role.id, Some(host)).await?;
    s.users()
        .update(
            u.id,
            touyan_storage::user::UserPatch {
                person_id: Some(Some(studios[0].1[0])),
                ..Default::default()
            },
        )
        .await?;
    Ok(())
}

pub(crate) fn doc_prefix(host: &str) -> &'static str {
    if host.contains("南村") {
        "南街党发"
    } else if host.contains("朝阳") || host.contains("劲松") {
        "朝工发"
    } else {
        "滨党发"
    }
}

/// A valid application number for a body of 12 digits: the check character is whichever the
/// domain's own check accepts.
pub(crate) fn application_no(body: &str) -> String {
    let today = today();
    "0123456789X"
        .chars()
        .map(|c| format!("{body}.{c}"))
        .find(|n| touyan_domain::studio::achievement::parse_application_no(n, today).is_ok())
        .unwrap_or_else(|| format!("{body}.0"))
}

pub(crate) async fn achievement(
    s: &Scoped<'_>,
    studio: i64,
    input: touyan_domain::studio::achievement::AchievementInput,
    contributors: Vec<i64>,
) -> anyhow::Result<()> {
    let a = input
        .parse(today())
        .map_err(|e| anyhow::anyhow!("{}: {e:?}", input.title))?;
    s.studio_achievements()
        .create(studio, a, contributors, vec![])
        .await
        .with_context(|| input.title.clone())?;
    Ok(())
}
