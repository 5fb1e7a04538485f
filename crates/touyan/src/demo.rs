//! Demo data: the organizations the seed documents describe, with their real names and
//! shapes, plausible enterprises and branches beneath them, and one login per area.

use anyhow::Context;
use touyan_domain::auth::NewUser;
use touyan_domain::org::NodeDraft;
use touyan_storage::org::OrgFilter;
use touyan_storage::{Actor, Store};

pub const DEMO_PASSWORD: &str = "touyan-demo";

pub const LOGINS: [(&str, &str); 9] = [
    ("admin", "系统管理员 · 全部组织"),
    ("binhai", "组织管理员 · 潍坊滨海经济技术开发区"),
    ("nancun", "组织管理员 · 南村街道"),
    ("chaoyang", "组织管理员 · 北京市朝阳区"),
    ("yutai", "组织管理员 · 鱼台经济开发区"),
    ("viewer", "只读 · 潍坊滨海经济技术开发区"),
    (
        "zuzhi",
        "组织员 · 潍坊滨海经济技术开发区（可查看完整身份证号）",
    ),
    ("tianmaoying", "工作室领衔人 · 田茂英红星工匠工作室"),
    ("chengguan", "承办员 · 大屯街道城市管理办公室"),
];

struct N {
    name: &'static str,
    kind: &'static str,
    code: Option<&'static str>,
    kids: &'static [N],
}

const fn n(name: &'static str, kind: &'static str, kids: &'static [N]) -> N {
    N {
        name,
        kind,
        code: None,
        kids,
    }
}

const fn c(name: &'static str, kind: &'static str, code: &'static str, kids: &'static [N]) -> N {
    N {
        name,
        kind,
        code: Some(code),
        kids,
    }
}

/// [003] 区党工委 → 两新组织党委 → 园区党委 → 网格党总支 → 企业党组织 (five levels), the
/// industry-chain committees ("一链一党委"), an incubation branch, and [000] 央子街道 with
/// 滨城绿洲社区.
const BINHAI: N = c(
    "潍坊滨海经济技术开发区",
    "park",
    "WFBH",
    &[
        n(
            "潍坊滨海经济技术开发区党工委",
            "party_working_committee",
            &[n(
                "滨海区两新组织党委",
                "party_committee",
                &[
                    n(
                        "中国药谷园区党委",
                        "party_committee",
                        &[
                            n(
                                "药谷第一网格党总支",
                                "party_general_branch",
                                &[
                                    n("潍坊润丰化工股份有限公司党支部", "party_branch", &[]),
                                    n("山东海化医药有限公司党支部", "party_branch", &[]),
                                ],
                            ),
                            n(
                                "药谷第二网格党总支",
                                "party_general_branch",
                                &[n("潍坊新绿生物科技有限公司党支部", "party_branch", &[])],
                            ),
                        ],
                    ),
                    n(
                        "新材料产业园党委",
                        "party_committee",
                        &[n(
                            "新材料第一网格党总支",
                            "party_general_branch",
                            &[
                                n("山东滨海新材料有限公司党支部", "party_branch", &[]),
                                n("潍坊海晶新材料有限公司党支部", "party_branch", &[]),
                            ],
                        )],
                    ),
                    n(
                        "绿电产业园党委",
                        "party_committee",
                        &[n(
                            "绿电第一网格党总支",
                            "party_general_branch",
                            &[n("潍坊滨海风电装备有限公司党支部", "party_branch", &[])],
                        )],
                    ),
                    n("农化植保产业链党委", "chain_party_committee", &[]),
                    n("精细化工产业链党委", "chain_party_committee", &[]),
                    n("海洋装备产业链党委", "chain_party_committee", &[]),
                    n("孵化育新党支部", "party_branch", &[]),
                ],
            )],
        ),
        n(
            "中国药谷园区",
            "park",
            &[
                n(
                    "药谷第一网格",
                    "grid",
                    &[
                        n("潍坊润丰化工股份有限公司", "enterprise", &[]),
                        n("山东海化医药有限公司", "enterprise", &[]),
                    ],
                ),
                n(
                    "药谷第二网格",
                    "grid",
                    &[n("潍坊新绿生物科技有限公司", "enterprise", &[])],
                ),
            ],
        ),
        n(
            "新材料产业园",
            "park",
            &[n(
                "新材料第一网格",
                "grid",
                &[
                    n("山东滨海新材料有限公司", "enterprise", &[]),
                    n("潍坊海晶新材料有限公司", "enterprise", &[]),
                ],
            )],
        ),
        n(
            "央子街道",
            "street",
            &[
                n("央子街道党工委", "party_working_committee", &[]),
                n(
                    "滨城绿洲社区",
                    "community",
                    &[
                        n("滨城绿洲社区党委", "party_committee", &[]),
                        n("滨城绿洲第一网格", "grid", &[]),
                        n("滨城绿洲第二网格", "grid", &[]),
                    ],
                ),
                n(
                    "央子幼儿园",
                    "enterprise",
                    &[n("央子幼儿园党支部", "party_branch", &[])],
                ),
            ],
        ),
    ],
);

/// [001] 南村街道, home of 象霞工作室, with 泉星社区 and 北社区.
const NANCUN: N = c(
    "南村街道",
    "street",
    "NCJD",
    &[
        n("南村街道党工委", "party_working_committee", &[]),
        n(
            "泉星社区",
            "community",
            &[
                n("泉星社区党委", "party_committee", &[]),
                n("泉星第一网格", "grid", &[]),
                n("泉星第二网格", "grid", &[]),
            ],
        ),
        n(
            "北社区",
            "community",
            &[
                n("北社区党支部", "party_branch", &[]),
                n("北社区第一网格", "grid", &[]),
            ],
        ),
    ],
);

/// [002] 北京市朝阳区: 大屯街道 富成花园社区 and its four grids, 金盏地区.
const CHAOYANG: N = c(
    "北京市朝阳区",
    "district",
    "BJCY",
    &[
        n("朝阳区委组织部", "department", &[]),
        n("朝阳区总工会", "department", &[]),
        n("北京市劲松职业高中", "enterprise", &[]),
        n(
            "大屯街道",
            "street",
            &[
                n("大屯街道党工委", "party_working_committee", &[]),
                n("大屯街道城市管理办公室", "department", &[]),
                n(
                    "富成花园社区",
                    "community",
                    &[
                        n("富成花园社区党委", "party_committee", &[]),
                        n("富成花园第一网格", "grid", &[]),
                        n("富成花园第二网格", "grid", &[]),
                        n("富成花园第三网格", "grid", &[]),
                        n("富成花园第四网格", "grid", &[]),
                    ],
                ),
            ],
        ),
        n(
            "金盏地区",
            "street",
            &[n("金盏地区党委", "party_committee", &[])],
        ),
    ],
);

/// [004] 鱼台经济开发区 with its three parks.
const YUTAI: N = c(
    "鱼台经济开发区",
    "park",
    "YTKFQ",
    &[
        n("鱼台经济开发区党工委", "party_working_committee", &[]),
        n("鱼台经济开发区企业服务中心", "department", &[]),
        n(
            "精细化工产业园",
            "park",
            &[n(
                "精细化工第一网格",
                "grid",
                &[n(
                    "鱼台金源化工有限公司",
                    "enterprise",
                    &[n("鱼台金源化工有限公司党支部", "party_branch", &[])],
                )],
            )],
        ),
        n(
            "机电装备制造产业园",
            "park",
            &[n(
                "机电装备第一网格",
                "grid",
                &[n("鱼台宏达机电有限公司", "enterprise", &[])],
            )],
        ),
        n(
            "生物科技产业园",
            "park",
            &[n(
                "生物科技第一网格",
                "grid",
                &[n("鱼台康源生物科技有限公司", "enterprise", &[])],
            )],
        ),
    ],
);

/// [003] 葫芦岛市龙港区: 街道党工委 + 社区党组织 + 网格党支部 + 党员楼长 (the last are people).
const LONGGANG: N = c(
    "葫芦岛市龙港区",
    "district",
    "HLDLG",
    &[n(
        "龙港区某街道党工委",
        "party_working_committee",
        &[n(
            "幸福社区党委",
            "party_committee",
            &[n("幸福社区第一网格党支部", "party_branch", &[])],
        )],
    )],
);

pub async fn is_loaded(store: &Store) -> anyhow::Result<bool> {
    let system = Actor::system();
    let f = OrgFilter {
        q: Some("潍坊滨海经济技术开发区".into()),
        ..Default::default()
    };
    Ok(!store.scoped(&system).orgs().all(&f, 1).await?.is_empty())
}

/// [`load`] on a runtime of its own, with one thread, through a store of its own: the demo is
/// thousands of small statements in a row, and each one handed between the database's
/// thread and a multi-threaded runtime wakes idle workers that have nothing to do.
pub fn load_apart(url: &str, files_dir: &std::path::Path) -> anyhow::Result<()> {
    let (url, files_dir) = (url.to_string(), files_dir.to_path_buf());
    std::thread::spawn(move || {
        crate::processor::stay_on_one_processor();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        rt.block_on(async {
            let store = Store::connect(&url).await?.with_files_dir(files_dir);
            load(&store).await
        })
    })
    .join()
    .map_err(|_| anyhow::anyhow!("the demo loader stopped"))?
}

pub async fn load(store: &Store) -> anyhow::Result<()> {
    if is_loaded(store).await? {
        println!("demo data already present");
        return Ok(());
    }
    let started = std::time::Instant::now();
    let system = Actor::system();
    let s = store.scoped(&system);
    let kinds: Vec<String> = s
        .orgs()
        .kinds()
        .await?
        .into_iter()
        .map(|k| k.code)
        .collect();
    let mut roots = Vec::new();
    for root in [&BINHAI, &NANCUN, &CHAOYANG, &YUTAI, &LONGGANG] {
        // Depth-first, parents before children.
        let mut stack: Vec<(&N, Option<i64>)> = vec![(root, None)];
        let mut root_id = None;
        while let Some((node, parent)) = stack.pop() {
            let d = NodeDraft::parse(node.name, node.kind, node.code, None, &kinds)
                .map_err(|e| anyhow::anyhow!("{}: {e:?}", node.name))?;
            let created = s
                .orgs()
                .create(parent, d)
                .await
                .map_err(|e| anyhow::anyhow!("{}: {e:?}", node.name))?;
            root_id.get_or_insert(created.id);
            for k in node.kids.iter().rev() {
                stack.push((k, Some(created.id)));
            }
        }
        roots.push(root_id.expect("each root is created"));
    }
    let org_admin = s.roles().by_code("org_admin").await?;
    let readonly = s.roles().by_code("readonly").await?;
    let personnel = s.roles().by_code("personnel").await?;
    let accounts = [
        ("binhai", "滨海区党群工作部", roots[0], org_admin.id),
        ("nancun", "南村街道党工委", roots[1], org_admin.id),
        ("chaoyang", "朝阳区委组织部", roots[2], org_admin.id),
        ("yutai", "鱼台经济开发区党工委", roots[3], org_admin.id),
        ("viewer", "滨海区督查组", roots[0], readonly.id),
        ("zuzhi", "滨海区组织员", roots[0], personnel.id),
    ];
    for (username, display, node, role) in accounts {
        let new = NewUser::parse(username, display, DEMO_PASSWORD)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let u = s
            .users()
            .create(new, Some(node))
            .await
            .with_context(|| format!("creating {username}"))?;
        s.users()
            .assign(u.id, role, Some(node))
            .await
            .with_context(|| format!("granting {username}"))?;
    }
    let people = load_people(&s, &roots).await?;
    let studios = crate::demo_studio::load(&s).await?;
    crate::demo_studio::load_mechanisms(&s, &studios).await?;
    let requests = crate::demo_request::load(store, &s).await?;
    let added = crate::demo_figures::load(&s, &studios).await?;
    // The street's handling unit signs in as 承办员 (部门接单 [003]).
    let handler = s.roles().by_code("handler").await?;
    let unit = crate::demo_studio::node_named(&s, "大屯街道城市管理办公室").await?;
    let new = NewUser::parse("chengguan", "大屯街道城市管理办公室", DEMO_PASSWORD)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let u = s.users().create(new, Some(unit)).await?;
    s.users().assign(u.id, handler.id, Some(unit)).await?;
    println!(
        "demo data loaded in {:.1} s: 5 organization trees, {} people, {} studios, {} requests, logins {}",
        started.elapsed().as_secs_f64(),
        people + added.people,
        studios.len() + added.studios,
        requests + added.requests,
        LOGINS.iter().map(|l| l.0).collect::<Vec<_>>().join(", ")
    );
    Ok(())
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
    use chrono::{Datelike, NaiveDate};
    use touyan_domain::people::{parse_honour, parse_term, PersonInput, Step, ETHNICITIES};
    use touyan_storage::kit::today;
    use touyan_storage::people::TransitionInput;
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
            // workers [004]): `demo_figures` files them, nothing is generated there.
            if i == YUTAI_AREA {
                continue;
            }
            for k in 0..3 + rng.next(3) {
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
                // 滨海's applicants are the seed's 17 [003], filed by `demo_figures`.
                let status = if i == BINHAI_AREA && status == "applicant" {
                    "masses"
                } else {
                    status
                };
                let at = |years: i32| {
                    NaiveDate::from_ymd_opt(birth.year() + years, birth.month(), 1)
                        .expect("valid date")
                };
                let mut input = PersonInput {
                    name: format!(
                        "{}{}{}",
                        surnames[rng.next(surnames.len())],
                        given[rng.next(given.len())],
                        if rng.next(3) == 0 {
                            String::new()
                        } else {
                            given[rng.next(given.len())].to_string()
                        }
                    ),
                    gender: if male { "male" } else { "female" }.into(),
                    ethnicity: ETHNICITIES[if rng.next(10) == 0 {
                        2 + rng.next(5)
                    } else {
                        0
                    }]
                    .into(),
                    birth_date: birth.to_string(),
                    id_number: id_number(REGIONS[i], birth, (j * 10 + k) as u32, male),
                    phone: format!("13{}{:08}", 5 + rng.next(5), rng.next(100_000_000)),
                    education: ["bachelor", "college", "master", "high_school"][rng.next(4)].into(),
                    status: status.into(),
                    ..Default::default()
                };
                match status {
                    "full" => {
                        input.applied_on = at(20).to_string();
                        input.full_on = at(23).to_string();
                    }
                    "development_object" => {
                        input.development_object_on = (today() - chrono::Days::new(90)).to_string()
                    }
                    "activist" => {
                        input.activist_on = (today() - chrono::Days::new(400)).to_string()
                    }
                    "applicant" => {
                        input.applied_on = (today() - chrono::Days::new(200)).to_string()
                    }
                    _ => {}
                }
                let probationary = status == "probationary";
                if probationary {
                    input.status = "development_object".into();
                    input.development_object_on = (today() - chrono::Days::new(200)).to_string();
                }
                let p = s
                    .people()
                    .create(&input, home.id)
                    .await
                    .with_context(|| format!("person {}", input.name))?;
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
                if k == 0 {
                    let post = if home.kind == "grid" {
                        "grid_leader"
                    } else {
                        "secretary"
                    };
                    let term = parse_term(&at(35).min(today()).to_string(), "", today())?;
                    s.posts().create(p.id, post, home.id, term, "").await?;
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
                    let term =
                        parse_term(&(today() - chrono::Days::new(700)).to_string(), "", today())?;
                    s.posts().create(p.id, post, home.id, term, "").await?;
                }
                if rng.next(5) == 0 {
                    let (title, level) = [
                        // 红星工匠 is 滨海's own title, its 16 holders filed by `demo_figures`.
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
                    s.honours().create(p.id, h, Some(*root)).await?;
                }
            }
        }
    }
    Ok(count)
}
