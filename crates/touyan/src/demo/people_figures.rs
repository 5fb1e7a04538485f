//! The seeds' figures as records, so that each one is a query over the demo (see README,
//! "演示数据与材料中的数字 / Demo figures"): 滨海's 16 红星工匠, 13 party workers in the parks
//! and 17 applicants [000, 003], 鱼台's 26 branches, 180 members and 9 full-time party workers
//! [004], and the posts 象霞工作室's apprentices were promoted to [001]. The studios and the
//! visits are in `studio_figures` and `request_figures`.

use super::people::{id_number, GIVEN, SURNAMES};
use super::{node_named, Demo, StepFuture};
use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use touyan_domain::org::{KindDraft, NodeDraft};
use touyan_domain::people::{parse_honour, parse_term, PersonInput};
use touyan_domain::studio::mentorship::OutcomeInput;
use touyan_storage::kit::today;
use touyan_storage::Scoped;

/// Post codes the demo adds to the post dictionary: 居委会主任 and 居委会副主任 [001].
pub(crate) const RESIDENTS_DIRECTOR: &str = "residents_director";
pub(crate) const RESIDENTS_DEPUTY_DIRECTOR: &str = "residents_deputy_director";

/// Region codes (GB/T 2260) for the identity numbers of the people filed here, apart from
/// those the generator and the studios use, so no number repeats.
const BINHAI_REGION: &str = "370702";
const YUTAI_REGION: &str = "370827";

/// The seeds' people, after the generated people, studios and requests exist.
pub(super) fn load<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        d.people += binhai_people(&d.s, d.studios[0].1[0]).await?;
        d.people += yutai(&d.s).await?;
        Ok(())
    })
}

/// A generated Chinese name, the same for the same `seq`.
pub(crate) fn name_of(seq: usize) -> String {
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut n = String::new();
    n.push(surnames[(seq * 7 + seq / surnames.len()) % surnames.len()]);
    n.push(given[(seq * 11 + 3) % given.len()]);
    if seq % 3 != 0 {
        n.push(given[(seq * 5 + seq / given.len() + 1) % given.len()]);
    }
    n
}

/// The node kinds the tree accepts, for [`child`].
pub(crate) async fn kinds(s: &Scoped<'_>) -> anyhow::Result<Vec<String>> {
    Ok(s.orgs()
        .kinds()
        .await?
        .into_iter()
        .map(|k| k.code)
        .collect())
}

/// A new node under `parent`; answers its id.
pub(crate) async fn child(
    s: &Scoped<'_>,
    kinds: &[String],
    parent: i64,
    name: &str,
    kind: &str,
) -> anyhow::Result<i64> {
    let d = NodeDraft::parse(name, kind, None, None, kinds)
        .map_err(|e| anyhow::anyhow!("{name}: {e:?}"))?;
    Ok(s.orgs()
        .create(Some(parent), d)
        .await
        .map_err(|e| anyhow::anyhow!("{name}: {e:?}"))?
        .id)
}

/// A person at `node` with political status `status` (`full` or `applicant`); answers the id.
pub(crate) async fn person(
    s: &Scoped<'_>,
    node: i64,
    region: &str,
    seq: usize,
    status: &str,
) -> anyhow::Result<i64> {
    let male = seq % 3 != 0;
    let young = status == "applicant";
    let year = if young {
        1994 + seq % 10
    } else {
        1968 + seq % 28
    } as i32;
    let birth = NaiveDate::from_ymd_opt(year, 1 + (seq % 12) as u32, 1 + (seq % 28) as u32)
        .context("birth date")?;
    let at = |years: i32| {
        NaiveDate::from_ymd_opt(birth.year() + years, 7, 1)
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let mut input = PersonInput {
        name: Some(name_of(seq)),
        gender: Some(if male { "male" } else { "female" }.into()),
        ethnicity: Some("汉族".into()),
        birth_date: Some(birth.to_string()),
        id_number: Some(id_number(region, birth, seq as u32, male)),
        phone: Some(format!("137{:08}", 10_000_000 + seq * 7919 % 89_999_999)),
        education: Some(["bachelor", "college", "master"][seq % 3].into()),
        status: Some(status.into()),
        ..Default::default()
    };
    if young {
        input.applied_on = Some((today() - chrono::Days::new(30 + (seq % 200) as u64)).to_string());
    } else {
        input.applied_on = Some(at(21));
        input.full_on = Some(at(24));
    }
    Ok(s.people()
        .create(&input, node)
        .await
        .with_context(|| format!("person {}", input.name.as_deref().unwrap_or("")))?
        .id)
}

/// A current post held since `since`.
pub(crate) async fn post(
    s: &Scoped<'_>,
    person: i64,
    code: &str,
    node: i64,
    since: &str,
) -> anyhow::Result<()> {
    let term = parse_term(since, "", today()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    s.posts()
        .create(person, code, node, term, "")
        .await
        .with_context(|| format!("post {code}"))?;
    Ok(())
}

/// 滨海: "评选“红星工匠”16人" [003], 11 of them in the first batch of September 2021 with
/// 田茂英 among them [000]; "配备专兼职党务工作者13名" in the parks' committees [003];
/// "培养吸收入党申请人员17名" by the incubation branch [003].
async fn binhai_people(s: &Scoped<'_>, tian_maoying: i64) -> anyhow::Result<usize> {
    let root = node_named(s, "潍坊滨海经济技术开发区").await?;
    let mut seq = 1000;
    let mut next = || {
        seq += 1;
        seq
    };
    // 红星工匠: 田茂英 and fifteen more from the parks' enterprises.
    let enterprises = [
        "潍坊润丰化工股份有限公司",
        "山东海化医药有限公司",
        "潍坊新绿生物科技有限公司",
        "山东滨海新材料有限公司",
        "潍坊海晶新材料有限公司",
    ];
    let mut craftsmen = vec![tian_maoying];
    for i in 0..15 {
        let node = node_named(s, enterprises[i % enterprises.len()]).await?;
        craftsmen.push(person(s, node, BINHAI_REGION, next(), "full").await?);
    }
    for (i, p) in craftsmen.iter().enumerate() {
        let (on, note) = if i < 11 {
            ("2021-09-28", "首批“红星工匠”")
        } else {
            ("2022-09-26", "第二批“红星工匠”")
        };
        let h = parse_honour("红星工匠", "district", on, note, today())
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        s.honours().create(*p, h, Some(root)).await?;
    }
    // 专兼职党务工作者: 5 full-time and 8 part-time over the three park committees.
    let committees = ["中国药谷园区党委", "新材料产业园党委", "绿电产业园党委"];
    for i in 0..13 {
        let node = node_named(s, committees[i % committees.len()]).await?;
        let p = person(s, node, BINHAI_REGION, next(), "full").await?;
        let code = if i < 5 {
            "party_worker_full"
        } else {
            "party_worker_part"
        };
        post(s, p, code, node, "2022-03-01").await?;
    }
    // 入党申请人 at 孵化育新党支部.
    let incubator = node_named(s, "孵化育新党支部").await?;
    for _ in 0..17 {
        person(s, incubator, BINHAI_REGION, next(), "applicant").await?;
    }
    Ok(15 + 13 + 17)
}

/// 鱼台: "现有26个党支部，党员180名…组织部配备专职党务工作者9名" [004]. The branches are
/// the enterprises' own, in the three parks; the 9 party workers serve at the 党工委组织部 and
/// are members too, so the branches hold 171.
async fn yutai(s: &Scoped<'_>) -> anyhow::Result<usize> {
    let kinds = kinds(s).await?;
    let root = node_named(s, "鱼台经济开发区").await?;
    let committee = node_named(s, "鱼台经济开发区党工委").await?;
    child(
        s,
        &kinds,
        committee,
        "鱼台经济开发区园区综合党委",
        "party_committee",
    )
    .await?;
    let department = child(s, &kinds, root, "鱼台经济开发区党工委组织部", "department").await?;
    let mut branches = vec![node_named(s, "鱼台金源化工有限公司党支部").await?];
    for name in ["鱼台宏达机电有限公司", "鱼台康源生物科技有限公司"] {
        let e = node_named(s, name).await?;
        branches.push(child(s, &kinds, e, &format!("{name}党支部"), "party_branch").await?);
    }
    let grids = [
        (node_named(s, "精细化工第一网格").await?, "化工"),
        (node_named(s, "机电装备第一网格").await?, "机电"),
        (node_named(s, "生物科技第一网格").await?, "生物"),
    ];
    const CORES: [&str; 8] = [
        "鲁星", "安泰", "青隆", "宏远", "鑫源", "瑞丰", "华通", "金港",
    ];
    for i in 0..23 {
        let (grid, trade) = grids[i % grids.len()];
        let name = format!("鱼台{}{}有限公司", CORES[i / 3], trade);
        let e = child(s, &kinds, grid, &name, "enterprise").await?;
        branches.push(child(s, &kinds, e, &format!("{name}党支部"), "party_branch").await?);
    }
    anyhow::ensure!(branches.len() == 26, "鱼台 has 26 branches");
    let mut seq = 2000;
    for (i, branch) in branches.iter().enumerate() {
        // 171 = 15 branches of 7 and 11 of 6; the first member is the secretary.
        for k in 0..if i < 15 { 7 } else { 6 } {
            seq += 1;
            let p = person(s, *branch, YUTAI_REGION, seq, "full").await?;
            if k == 0 {
                post(s, p, "secretary", *branch, "2021-01-05").await?;
            }
        }
    }
    for _ in 0..9 {
        seq += 1;
        let p = person(s, department, YUTAI_REGION, seq, "full").await?;
        post(s, p, "party_worker_full", department, "2020-03-16").await?;
    }
    Ok(seq - 2000)
}

/// "已成功培育出3名社区书记、1名居委会主任、3名副书记、4名居委会副主任" [001]: the posts
/// 象霞工作室's eleven apprentices hold now, each with a `promoted` outcome of the mentorship.
/// Answers nothing; fails unless `apprentices` are eleven.
pub(crate) async fn xiangxia_promotions(
    s: &Scoped<'_>,
    studio: i64,
    mentorship: i64,
    apprentices: &[i64],
) -> anyhow::Result<()> {
    anyhow::ensure!(apprentices.len() == 11, "象霞工作室 trains eleven");
    for (code, zh, en, order) in [
        (
            RESIDENTS_DIRECTOR,
            "居委会主任",
            "Residents' committee director",
            20,
        ),
        (
            RESIDENTS_DEPUTY_DIRECTOR,
            "居委会副主任",
            "Residents' committee deputy director",
            21,
        ),
    ] {
        let d =
            KindDraft::parse(code, zh, en, Some(order)).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        s.dict().create_entry("post", d).await?;
    }
    let kinds = kinds(s).await?;
    let street = node_named(s, "南村街道").await?;
    let mut communities = Vec::new();
    for name in ["兴业社区", "江南社区", "樟边社区", "梅山社区"] {
        communities.push(child(s, &kinds, street, name, "community").await?);
    }
    let quanxing = node_named(s, "泉星社区").await?;
    let north = node_named(s, "北社区").await?;
    let [xingye, jiangnan, zhangbian, meishan] = communities[..] else {
        anyhow::bail!("four communities");
    };
    let posts: [(&str, i64, &str); 11] = [
        ("secretary", xingye, "提任兴业社区党委书记"),
        ("secretary", jiangnan, "提任江南社区党委书记"),
        ("secretary", zhangbian, "提任樟边社区党委书记"),
        (RESIDENTS_DIRECTOR, meishan, "当选梅山社区居委会主任"),
        ("deputy_secretary", quanxing, "提任泉星社区党委副书记"),
        ("deputy_secretary", north, "提任北社区党支部副书记"),
        ("deputy_secretary", meishan, "提任梅山社区党委副书记"),
        (
            RESIDENTS_DEPUTY_DIRECTOR,
            xingye,
            "当选兴业社区居委会副主任",
        ),
        (
            RESIDENTS_DEPUTY_DIRECTOR,
            jiangnan,
            "当选江南社区居委会副主任",
        ),
        (
            RESIDENTS_DEPUTY_DIRECTOR,
            zhangbian,
            "当选樟边社区居委会副主任",
        ),
        (
            RESIDENTS_DEPUTY_DIRECTOR,
            quanxing,
            "当选泉星社区居委会副主任",
        ),
    ];
    for (i, ((code, node, note), p)) in posts.iter().zip(apprentices).enumerate() {
        let on = format!("{}-{:02}-15", 2021 + i % 3, 3 + i % 9);
        post(s, *p, code, *node, &on).await?;
        s.studio_mentorships()
            .add_outcome(
                studio,
                mentorship,
                &OutcomeInput {
                    person_id: Some(*p),
                    kind: "promoted".into(),
                    achieved_on: on.clone(),
                    description: note.to_string(),
                },
            )
            .await
            .with_context(|| (*note).to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::name_of;

    #[test]
    fn generated_names_are_two_or_three_characters() {
        for seq in 0..5000 {
            let n = name_of(seq);
            assert!((2..=3).contains(&n.chars().count()), "{n}");
        }
        assert_eq!(name_of(7), name_of(7));
    }
}
