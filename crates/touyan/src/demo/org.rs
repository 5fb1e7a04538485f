//! The demo's organization trees: the organizations the seed documents describe, with their
//! real names and shapes, and plausible enterprises and branches beneath them.

use super::{Demo, StepFuture};
use touyan_domain::org::NodeDraft;

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

/// The five trees, parents before children; their roots, in this order, are `Demo::roots`.
pub(super) fn load<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        let kinds: Vec<String> = s
            .orgs()
            .kinds()
            .await?
            .into_iter()
            .map(|k| k.code)
            .collect();
        for root in [&BINHAI, &NANCUN, &CHAOYANG, &YUTAI, &LONGGANG] {
            // Depth-first, parents before children.
            let mut stack: Vec<(&N, Option<i64>)> = vec![(root, None)];
            let mut root_id = None;
            while let Some((node, parent)) = stack.pop() {
                let draft = NodeDraft::parse(node.name, node.kind, node.code, None, &kinds)
                    .map_err(|e| anyhow::anyhow!("{}: {e:?}", node.name))?;
                let created = s
                    .orgs()
                    .create(parent, draft)
                    .await
                    .map_err(|e| anyhow::anyhow!("{}: {e:?}", node.name))?;
                root_id.get_or_insert(created.id);
                for k in node.kids.iter().rev() {
                    stack.push((k, Some(created.id)));
                }
            }
            d.roots.push(root_id.expect("each root is created"));
        }
        Ok(())
    })
}
