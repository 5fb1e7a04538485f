//! The demo's generated people: for the grassroots nodes of every tree, with posts, honours,
//! pipeline steps and quotas. The seeds' own people are in `people_figures`.

use super::{Demo, StepFuture};
use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use touyan_domain::people::{parse_honour, parse_term, PersonInput, Step, ETHNICITIES};
use touyan_storage::kit::today;
use touyan_storage::org::{OrgFilter, OrgNode};
use touyan_storage::people::TransitionInput;

/// People for every tree; the seeds' figures come in `people_figures`.
pub(super) fn load<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        d.people += load_people(&d.s, &d.roots).await?;
        Ok(())
    })
}

/// Positions of 滨海 and 鱼台 among the demo's roots.
const BINHAI_AREA: usize = 0;
const YUTAI_AREA: usize = 3;

/// Region codes of the five areas (GB/T 2260), for plausible identity numbers.
const REGIONS: [&str; 5] = ["370703", "440113", "110105", "370827", "211403"];
pub(crate) const SURNAMES: &str =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";
pub(crate) const GIVEN: &str =
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰志红建国文海燕雪梅晓东";

/// A small deterministic generator, so every demo database holds the same people.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

pub(crate) fn id_number(region: &str, birth: chrono::NaiveDate, seq: u32, male: bool) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let seq = seq % 500 * 2 + u32::from(male);
    let body = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// People for the grassroots nodes of every area, with posts, honours, pipeline steps and
/// the quotas the seeds quote ("投放发展党员指标51个" [003]).
async fn load_people(s: &touyan_storage::Scoped<'_>, roots: &[i64]) -> anyhow::Result<usize> {
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut rng = Lcg(20261121);
    let mut count = 0;
    let year = today().year();
    let quota = [51, 12, 30, 20, 8];
    for (i, root) in roots.iter().enumerate() {
        s.quotas().allocate(*root, year, quota[i]).await?;
        let f = OrgFilter {
            under: Some(*root),
            ..Default::default()
        };
        let nodes = s.orgs().all(&f, 1000).await?;
        let homes: Vec<_> = nodes
            .iter()
            .filter(|n| {
                matches!(
                    n.kind.as_str(),
                    "community" | "grid" | "party_branch" | "enterprise"
                )
            })
            .collect();
        for (j, home) in homes.iter().enumerate() {
            if home.parent_id == Some(*root) && j % 2 == 1 {
                s.quotas().allocate(home.id, year, 2).await.ok();
            }
            // 鱼台's people are the seed's own figures (26 branches, 180 members, 9 party
            // workers [004]): `people_figures` files them, nothing is generated there.
            if i == YUTAI_AREA {
                continue;
            }
            for k in 0..3 + rng.next(3) {
                let (input, birth, probationary) =
                    person_input(&mut rng, &surnames, &given, i, j, k);
                let p =
                    s.people().create(&input, home.id).await.with_context(|| {
                        format!("person {}", input.name.as_deref().unwrap_or(""))
                    })?;
                if probationary {
                    // Admitted this year through the pipeline, using a quota.
                    let t = TransitionInput {
                        step: Step::Admit,
                        on: today() - chrono::Days::new(30),
                        note: None,
                    };
                    s.people().transition(p.id, t).await.ok();
                }
                count += 1;
                post_for(s, &mut rng, p.id, home, i, k, birth).await?;
                honour_for(s, &mut rng, p.id, *root).await?;
            }
        }
    }
    Ok(count)
}

/// The `k`-th generated person at the `j`-th home of area `i`: the input, the birth date,
/// and whether the person is to be admitted this year (a probationary member).
fn person_input(
    rng: &mut Lcg,
    surnames: &[char],
    given: &[char],
    i: usize,
    j: usize,
    k: usize,
) -> (PersonInput, NaiveDate, bool) {
    let male = rng.next(2) == 0;
    let birth = NaiveDate::from_ymd_opt(
        1965 + rng.next(38) as i32,
        1 + rng.next(12) as u32,
        1 + rng.next(28) as u32,
    )
    .expect("valid date");
    let status = [
        "full",
        "full",
        "full",
        "probationary",
        "development_object",
        "activist",
        "applicant",
        "masses",
    ][rng.next(8)];
    // 滨海's applicants are the seed's 17 [003], filed by `people_figures`.
    let status = if i == BINHAI_AREA && status == "applicant" {
        "masses"
    } else {
        status
    };
    let mut input = PersonInput {
        name: Some(format!(
            "{}{}{}",
            surnames[rng.next(surnames.len())],
            given[rng.next(given.len())],
            if rng.next(3) == 0 {
                String::new()
            } else {
                given[rng.next(given.len())].to_string()
            }
        )),
        gender: Some(if male { "male" } else { "female" }.into()),
        ethnicity: Some(
            ETHNICITIES[if rng.next(10) == 0 {
                2 + rng.next(5)
            } else {
                0
            }]
            .into(),
        ),
        birth_date: Some(birth.to_string()),
        id_number: Some(id_number(REGIONS[i], birth, (j * 10 + k) as u32, male)),
        phone: Some(format!("13{}{:08}", 5 + rng.next(5), rng.next(100_000_000))),
        education: Some(["bachelor", "college", "master", "high_school"][rng.next(4)].into()),
        status: Some(status.into()),
        ..Default::default()
    };
    match status {
        "full" => {
            input.applied_on = Some(at(birth, 20).to_string());
            input.full_on = Some(at(birth, 23).to_string());
        }
        "development_object" => {
            input.development_object_on = Some((today() - chrono::Days::new(90)).to_string())
        }
        "activist" => input.activist_on = Some((today() - chrono::Days::new(400)).to_string()),
        "applicant" => input.applied_on = Some((today() - chrono::Days::new(200)).to_string()),
        _ => {}
    }
    let probationary = status == "probationary";
    if probationary {
        input.status = Some("development_object".into());
        input.development_object_on = Some((today() - chrono::Days::new(200)).to_string());
    }
    (input, birth, probationary)
}

/// The first of the birth month, `years` after the birth.
fn at(birth: NaiveDate, years: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(birth.year() + years, birth.month(), 1).expect("valid date")
}

/// The post the `k`-th person of a home holds: the first leads it, the second works there.
async fn post_for(
    s: &touyan_storage::Scoped<'_>,
    rng: &mut Lcg,
    person_id: i64,
    home: &OrgNode,
    i: usize,
    k: usize,
    birth: NaiveDate,
) -> anyhow::Result<()> {
    if k == 0 {
        let post = if home.kind == "grid" {
            "grid_leader"
        } else {
            "secretary"
        };
        let term = parse_term(&at(birth, 35).min(today()).to_string(), "", today())?;
        s.posts().create(person_id, post, home.id, term, "").await?;
    } else if k == 1 {
        let post = [
            "party_worker_full",
            "party_worker_part",
            "grid_worker",
            "committee_member",
        ][rng.next(4)];
        // 滨海's party workers are the seed's 13 in the parks [003].
        let post = if i == BINHAI_AREA && post.starts_with("party_worker") {
            "committee_member"
        } else {
            post
        };
        let term = parse_term(&(today() - chrono::Days::new(700)).to_string(), "", today())?;
        s.posts().create(person_id, post, home.id, term, "").await?;
    }
    Ok(())
}

/// One person in five holds an honour.
async fn honour_for(
    s: &touyan_storage::Scoped<'_>,
    rng: &mut Lcg,
    person_id: i64,
    root: i64,
) -> anyhow::Result<()> {
    if rng.next(5) == 0 {
        let (title, level) = [
            // 红星工匠 is 滨海's own title, its 16 holders filed by `people_figures`.
            ("优秀党务工作者", "district"),
            ("优秀共产党员", "city"),
            ("金牌网格员", "street"),
            ("银牌网格员", "street"),
            ("铜牌网格员", "street"),
        ][rng.next(5)];
        let h = parse_honour(
            title,
            level,
            &(today() - chrono::Days::new(100 + rng.next(900) as u64)).to_string(),
            "",
            today(),
        )?;
        s.honours().create(person_id, h, Some(root)).await?;
    }
    Ok(())
}
