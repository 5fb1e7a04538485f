//! The studios the seeds count, beyond the six they name (`studio`): 滨海's "挂牌成立10家
//! “党员名师工作室”" and "12名优秀党组织书记成立“书记工作室”" [000], 5 of them "统筹建设" in the
//! parks [003]; 朝阳's "8家市级（示范性）创新工作室、44家区级创新工作室，申报各级各类创新成果、
//! 发明专利百余项" [002]. Generated names; each studio has a leader, is listed, and the city-level
//! innovation studios are demonstration studios.

use super::people_figures::{child, kinds, person};
use super::studio::{achievement, application_no, doc_prefix};
use super::{node_named, Demo, StepFuture};
use anyhow::Context;
use touyan_domain::studio::achievement::AchievementInput;
use touyan_domain::studio::{MoveInput, StudioInput};
use touyan_storage::kit::today;
use touyan_storage::studio::StudioNew;
use touyan_storage::Scoped;

const BINHAI_REGION: &str = "370702";
const CHAOYANG_REGION: &str = "110101";

/// One generated studio.
struct Plan<'a> {
    name: String,
    kind: &'a str,
    level: &'a str,
    demonstration: bool,
    host: i64,
    host_name: &'a str,
    field: &'a str,
    plaque_on: String,
}

/// Creates the studio with its leader (a new person at the host), lists it, and moves it to
/// demonstration when the plan says so; answers the studio id and the leader's person id.
async fn studio(
    s: &Scoped<'_>,
    p: &Plan<'_>,
    region: &str,
    seq: usize,
) -> anyhow::Result<(i64, i64)> {
    let kinds: Vec<String> = touyan_domain::studio::BUILTIN_KINDS
        .iter()
        .map(|k| k.0.to_string())
        .collect();
    let leader = person(s, p.host, region, seq, "full").await?;
    let input = StudioInput {
        name: p.name.clone(),
        kind: p.kind.into(),
        level: p.level.into(),
        demonstration: p.demonstration,
        field: p.field.into(),
        plaque_on: p.plaque_on.clone(),
        description: String::new(),
        slug: String::new(),
        public: false,
        ..Default::default()
    }
    .parse(&kinds, today())
    .map_err(|e| anyhow::anyhow!("{}: {e:?}", p.name))?;
    let v = s
        .studios()
        .create(StudioNew {
            studio: input,
            node_id: p.host,
            leader_id: Some(leader),
            // Applied a month before the plaque.
            applied_on: chrono::NaiveDate::parse_from_str(&p.plaque_on, "%Y-%m-%d")
                .ok()
                .map(|d| d - chrono::Days::new(30)),
        })
        .await
        .with_context(|| p.name.clone())?;
    s.studios()
        .add_member(v.id, leader, "core", &p.plaque_on, "")
        .await?;
    let year = &p.plaque_on[..4];
    let mut moves = vec![("listed", p.plaque_on.clone(), "评审通过，命名挂牌")];
    if p.demonstration {
        moves.push(("demonstration", format!("{year}-12-20"), "年度考核优秀"));
    }
    for (i, (to, on, reason)) in moves.into_iter().enumerate() {
        let m = MoveInput {
            to: to.into(),
            on,
            reason: reason.into(),
            document_no: format!(
                "{}〔{year}〕{}号",
                doc_prefix(p.host_name),
                11 + seq % 40 + i
            ),
            evaluation_id: None,
        };
        s.studios()
            .transition(v.id, &m)
            .await
            .with_context(|| format!("{} → {to}", p.name))?;
    }
    Ok((v.id, leader))
}

/// The seeds' counts of studios.
pub(super) fn load<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let added = studios(&d.s).await?;
        d.studio_count += added;
        // Each added studio's leader is a new person.
        d.people += added;
        Ok(())
    })
}

/// Answers how many studios were added.
async fn studios(s: &Scoped<'_>) -> anyhow::Result<usize> {
    Ok(binhai(s).await? + chaoyang(s).await?)
}

/// 滨海: nine more 党员名师工作室 in schools (央子幼儿园's is the tenth), and eleven more 书记
/// 工作室 (王志府's is the twelfth): five at the parks' enterprise branches, six elsewhere.
async fn binhai(s: &Scoped<'_>) -> anyhow::Result<usize> {
    let kinds = kinds(s).await?;
    let street = node_named(s, "央子街道").await?;
    const SCHOOLS: [(&str, &str); 9] = [
        ("滨海区实验小学", "小学数学"),
        ("滨海区实验中学", "初中语文"),
        ("央子街道中心小学", "小学语文"),
        ("央子街道初级中学", "初中物理"),
        ("滨海区第一中学", "高中化学"),
        ("滨海区大家洼小学", "小学英语"),
        ("滨海区职业中等专业学校", "化工专业教学"),
        ("滨海区第二实验小学", "小学科学"),
        ("滨海区特殊教育学校", "特殊教育"),
    ];
    let mut seq = 3000;
    let mut schools = Vec::new();
    for (i, (school, field)) in SCHOOLS.iter().enumerate() {
        let host = child(s, &kinds, street, school, "enterprise").await?;
        schools.push(host);
        seq += 1;
        let plan = Plan {
            name: format!("{school}党员名师工作室"),
            kind: "famous_teacher",
            level: "district",
            demonstration: false,
            host,
            host_name: school,
            field,
            plaque_on: format!("2021-{:02}-10", 9 + i % 3),
        };
        studio(s, &plan, BINHAI_REGION, seq).await?;
    }
    // Secretaries' studios: the host is the party organization the secretary leads.
    let mut hosts: Vec<(i64, String, &str)> = Vec::new();
    for (name, field) in [
        ("潍坊润丰化工股份有限公司党支部", "非公企业党建"),
        ("山东海化医药有限公司党支部", "党建与安全生产融合"),
        ("潍坊新绿生物科技有限公司党支部", "党员先锋岗"),
        ("山东滨海新材料有限公司党支部", "企业骨干培养"),
        ("潍坊海晶新材料有限公司党支部", "党建品牌创建"),
        ("央子街道党工委", "街道党建引领基层治理"),
        ("央子幼儿园党支部", "学校党建"),
    ] {
        hosts.push((node_named(s, name).await?, name.to_string(), field));
    }
    for (i, school) in SCHOOLS[..4].iter().enumerate() {
        let name = format!("{}党支部", school.0);
        let id = child(s, &kinds, schools[i], &name, "party_branch").await?;
        hosts.push((id, name, "学校党建"));
    }
    for (i, (host, host_name, field)) in hosts.iter().enumerate() {
        seq += 1;
        let plan = Plan {
            name: format!("{}书记工作室", super::people_figures::name_of(seq)),
            kind: "secretary",
            level: "district",
            demonstration: false,
            host: *host,
            host_name,
            field,
            plaque_on: format!("{}-{:02}-01", 2021 + i % 2, 3 + i % 9),
        };
        studio(s, &plan, BINHAI_REGION, seq).await?;
    }
    Ok(SCHOOLS.len() + hosts.len())
}

/// 朝阳: seven more city-level demonstration studios (牛京刚's is the eighth) and 43 more
/// district-level ones (王文韬's is the 44th), at 25 enterprises of the district, with two
/// achievements each: with the two the named studios hold, 102 (百余项).
async fn chaoyang(s: &Scoped<'_>) -> anyhow::Result<usize> {
    let kinds = kinds(s).await?;
    let root = node_named(s, "北京市朝阳区").await?;
    const CORES: [&str; 5] = ["京朝", "望京", "东坝", "酒仙桥", "双井"];
    const TRADES: [(&str, &str); 5] = [
        ("电子科技有限公司", "电子装联工艺"),
        ("汽车维修有限公司", "新能源汽车维修"),
        ("建设工程有限公司", "装配式建筑施工"),
        ("热力有限公司", "供热管网节能"),
        ("医疗器械有限公司", "医疗器械研发"),
    ];
    let mut seq = 4000;
    let mut studios = Vec::new();
    for i in 0..50 {
        let (core, (trade, field)) = (CORES[i / 2 % 5], TRADES[i / 10]);
        let host_name = format!("北京{core}{trade}");
        let host = if i % 2 == 0 {
            child(s, &kinds, root, &host_name, "enterprise").await?
        } else {
            node_named(s, &host_name).await?
        };
        seq += 1;
        let city = i < 7;
        let plan = Plan {
            name: format!("{}创新工作室", super::people_figures::name_of(seq)),
            kind: "worker_innovation",
            level: if city { "city" } else { "district" },
            demonstration: city,
            host,
            host_name: "朝阳",
            field,
            plaque_on: format!("{}-{:02}-28", 2018 + i % 6, 1 + i % 12),
        };
        studios.push(studio(s, &plan, CHAOYANG_REGION, seq).await?);
    }
    for (i, (id, leader)) in studios.iter().enumerate() {
        let year = 2019 + i % 6;
        let (kind, title) = if i % 3 == 0 {
            ("invention_patent", "一种检测装置")
        } else {
            ("utility_patent", "一种快速安装夹具")
        };
        let patent = AchievementInput {
            kind: kind.into(),
            title: format!("{title}（{}）", i + 1),
            application_no: application_no(&format!(
                "{year}{}{:07}",
                if kind == "invention_patent" { 1 } else { 2 },
                104_000 + i * 37
            )),
            achieved_on: format!("{year}-{:02}-18", 1 + i % 12),
            ..Default::default()
        };
        achievement(s, *id, patent, vec![*leader]).await?;
        let innovation = AchievementInput {
            kind: "innovation".into(),
            title: format!("技术革新成果第{}项", i + 1),
            level: "district".into(),
            achieved_on: format!("{year}-{:02}-08", 1 + (i + 5) % 12),
            ..Default::default()
        };
        achievement(s, *id, innovation, vec![*leader]).await?;
    }
    Ok(studios.len())
}
