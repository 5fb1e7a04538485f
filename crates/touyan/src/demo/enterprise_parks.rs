//! [002] 国家文创实验区 in 朝阳区: "文创实验区内有51家重点文化产业园区 … 已有32家园区建立党
//! 组织，16家市级文化产业园区实现'全覆盖'，带动48家驻园企业建立党支部". The zone (a park node
//! with its 文创行业党委) holds 51 key culture-industry parks, each with a park profile:
//! - 16 municipal parks with a joint branch at the park: two enterprises with a branch of
//!   their own and one the park's branch covers — fully covered;
//! - 4 more municipal parks and the 2 national ones with a branch or committee at the park,
//!   each with an enterprise still without any organization;
//! - 10 district parks with a branch at the park (8 with an enterprise that has its own
//!   branch), and 19 district parks without one, each with an enterprise without any.
//!
//! That makes 32 parks with an organization, 16 fully covered and 48 in-park enterprises with
//! their own branch, all read back through the parks overview in the demo's test.

use super::enterprise::code_for;
use super::node_named;
use super::people_figures::{child, kinds};
use chrono::NaiveDate;
use touyan_domain::enterprise::links::{Link, LinkKind};
use touyan_domain::enterprise::parks::ParkProfile;
use touyan_domain::enterprise::{Cover, Enterprise};
use touyan_storage::Scoped;

pub(crate) const ZONE: &str = "国家文创实验区";
const COMMITTEE: &str = "国家文创实验区文创行业党委";

/// The seeds' own parks: (name, the word their enterprises are named with, level).
const NAMED: [(&str, &str, &str); 3] = [
    ("通惠河畔文化创意产业园", "通惠河畔", "municipal"),
    ("中国出版创意产业基地", "中版创意", "national"),
    ("北京国家广告产业园区", "国广创意", "national"),
];

/// The other parks' names: a word and a kind of park.
const WORDS: [&str; 16] = [
    "墨韵", "光影", "数创", "匠心", "星河", "云帆", "青禾", "朗月", "锦绣", "博艺", "鸿音", "知行",
    "拾光", "汇文", "象素", "融创",
];
const SORTS: [&str; 3] = ["文化创意产业园", "数字文化产业园", "创意设计园"];

/// What the enterprises of a park's companies do, three to a kind of park.
const TRADES: [&str; 9] = [
    "文化传媒",
    "创意设计",
    "数字科技",
    "影视制作",
    "出版发行",
    "广告策划",
    "动漫游戏",
    "演艺经纪",
    "艺术品",
];

/// One park of the zone: its enterprises with a branch of their own, covered by the park's
/// branch, and without any organization.
struct Plan {
    name: String,
    word: &'static str,
    /// Which three trades its enterprises take.
    block: usize,
    level: &'static str,
    organization: bool,
    own: usize,
    joint: usize,
    none: usize,
}

/// The 51 parks in order: the seeds' three first, then the generated ones.
fn plans() -> Vec<Plan> {
    let mut names: Vec<(String, &'static str, usize)> = NAMED
        .iter()
        .map(|(n, w, _)| (n.to_string(), *w, 0))
        .collect();
    for i in 0..48 {
        names.push((
            format!("{}{}", WORDS[i % 16], SORTS[i / 16]),
            WORDS[i % 16],
            i / 16,
        ));
    }
    // (level, organization, own, joint, none) for each park after the seeds' three: the
    // first is 通惠河畔 (fully covered), then the two national ones.
    let mut shapes: Vec<(&str, bool, usize, usize, usize)> = vec![
        ("municipal", true, 2, 1, 0),
        ("national", true, 2, 0, 1),
        ("national", true, 2, 0, 1),
    ];
    shapes.extend(std::iter::repeat_n(("municipal", true, 2, 1, 0), 15));
    shapes.extend(std::iter::repeat_n(("municipal", true, 1, 0, 1), 4));
    shapes.extend(std::iter::repeat_n(("district", true, 1, 0, 1), 8));
    shapes.extend(std::iter::repeat_n(("district", true, 0, 0, 1), 2));
    shapes.extend(std::iter::repeat_n(("district", false, 0, 0, 1), 19));
    names
        .into_iter()
        .zip(shapes)
        .map(
            |((name, word, block), (level, organization, own, joint, none))| Plan {
                name,
                word,
                block,
                level,
                organization,
                own,
                joint,
                none,
            },
        )
        .collect()
}

fn profile(seq: usize) -> anyhow::Result<Enterprise> {
    let industries = ["R", "I", "L", "M"];
    Ok(Enterprise {
        credit_code: code_for("110105", seq)?,
        legal_rep: None,
        industry: Some(industries[seq % industries.len()].to_string()),
        size: Some(
            if seq.is_multiple_of(3) {
                "micro"
            } else {
                "small"
            }
            .to_string(),
        ),
        employees: Some(12 + (seq as i64 * 29) % 180),
        founded_on: NaiveDate::from_ymd_opt(2008 + (seq % 15) as i32, 1 + (seq % 12) as u32, 18),
        address: None,
        status: "operating".into(),
        status_on: None,
    })
}

/// How an enterprise of a park is tied to a party organization.
#[derive(Clone, Copy)]
enum Tie {
    /// A branch of its own, under its node.
    Own,
    /// Covered by the park's joint branch.
    Joint,
    None,
}

/// The first sequence number of the zone's credit codes (after every other demo enterprise's).
const FIRST_SEQ: usize = 20_000;

/// Makes the zone, its committee and parks, their profiles, enterprises and branches.
/// [003] 滨海's parks: its park committees stand in the party line under the zone's 两新组织党委
/// (五级组织体系), so each profile names its committee. "国家级新材料产业基地" gives the
/// new-materials park's level; the pharmaceutical park's level is the demo's own.
const BINHAI_PARKS: [(&str, &str, &str); 2] = [
    ("中国药谷园区", "district", "中国药谷园区党委"),
    ("新材料产业园", "national", "新材料产业园党委"),
];

async fn binhai_parks(s: &Scoped<'_>) -> anyhow::Result<()> {
    for (park, level, committee) in BINHAI_PARKS {
        let p = ParkProfile {
            level: level.into(),
            key: true,
            operator: None,
            address: None,
            area_m2: None,
            committee: Some(node_named(s, committee).await?),
        };
        s.enterprises()
            .save_park(node_named(s, park).await?, p)
            .await?;
    }
    Ok(())
}

pub(super) async fn load(s: &Scoped<'_>) -> anyhow::Result<()> {
    binhai_parks(s).await?;
    let kinds = kinds(s).await?;
    let district = node_named(s, "北京市朝阳区").await?;
    let zone = child(s, &kinds, district, ZONE, "park").await?;
    child(s, &kinds, zone, COMMITTEE, "party_committee").await?;
    let zone_profile = ParkProfile {
        level: "national".into(),
        key: false,
        operator: None,
        address: None,
        area_m2: None,
        committee: None,
    };
    s.enterprises().save_park(zone, zone_profile).await?;
    let mut seq = FIRST_SEQ;
    for (i, plan) in plans().iter().enumerate() {
        let park = child(s, &kinds, zone, &plan.name, "park").await?;
        let p = ParkProfile {
            level: plan.level.into(),
            key: true,
            operator: Some(format!("北京{}文化发展有限公司", plan.word)),
            address: None,
            area_m2: Some(20_000 + (i as i64 * 7_919) % 180_000),
            committee: None,
        };
        s.enterprises().save_park(park, p).await?;
        let branch = if plan.organization {
            let (name, kind) = match plan.level {
                "national" => (format!("{}党委", plan.name), "party_committee"),
                _ => (format!("{}联合党支部", plan.name), "party_branch"),
            };
            Some(child(s, &kinds, park, &name, kind).await?)
        } else {
            None
        };
        let trades = &TRADES[plan.block * 3..plan.block * 3 + 3];
        let ties = std::iter::repeat_n(Tie::Own, plan.own)
            .chain(std::iter::repeat_n(Tie::Joint, plan.joint))
            .chain(std::iter::repeat_n(Tie::None, plan.none));
        for (tie, trade) in ties.zip(trades) {
            seq += 1;
            let name = format!("北京{}{}有限公司", plan.word, trade);
            let e = child(s, &kinds, park, &name, "enterprise").await?;
            s.enterprises()
                .save(e, profile(seq)?)
                .await
                .map_err(|err| anyhow::anyhow!("{name}: {err:?}"))?;
            match (tie, branch) {
                (Tie::Own, _) => {
                    child(s, &kinds, e, &format!("{name}党支部"), "party_branch").await?;
                }
                (Tie::Joint, Some(org)) => {
                    let link = Link {
                        kind: LinkKind::Cover(Cover::Joint),
                        org_node_id: org,
                        from_on: NaiveDate::from_ymd_opt(2022, 7, 1).expect("a date"),
                    };
                    s.enterprises().set_link(e, link).await?;
                }
                (Tie::Joint, None) => anyhow::bail!("{}: no branch to cover", plan.name),
                (Tie::None, _) => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_holds_the_seeds_figures_and_unique_names() {
        let p = plans();
        assert_eq!(p.len(), 51);
        assert_eq!(p.iter().filter(|p| p.organization).count(), 32);
        let full = |p: &&Plan| p.none == 0 && p.own + p.joint > 0;
        assert_eq!(p.iter().filter(full).count(), 16);
        assert!(p.iter().filter(full).all(|p| p.level == "municipal"));
        assert_eq!(p.iter().map(|p| p.own).sum::<usize>(), 48);
        let mut names: Vec<&str> = p.iter().map(|p| p.name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 51);
        assert_eq!(p[0].name, "通惠河畔文化创意产业园");
    }
}
