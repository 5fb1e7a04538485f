//! The city's tree: its districts, streets, parks, communities, grids and enterprises, named
//! from word lists so siblings never share a name.

use super::*;

pub(super) const DISTRICTS: [&str; 10] = [
    "东湖区",
    "西山区",
    "南港区",
    "北岭区",
    "中原区",
    "高新区",
    "滨江区",
    "临河区",
    "青山区",
    "云溪区",
];

pub(super) const STREET_WORDS: [&str; 12] = [
    "人民", "解放", "建设", "和平", "胜利", "新华", "光明", "长安", "朝阳", "文化", "东风", "团结",
];

pub(super) const PARK_WORDS: [&str; 6] = [
    "智能制造",
    "生物医药",
    "新材料",
    "电子信息",
    "现代物流",
    "绿色能源",
];

pub(super) const COMMUNITY_WORDS: [&str; 16] = [
    "幸福", "锦绣", "阳光", "春晖", "康乐", "金桥", "翠湖", "枫林", "桃园", "丽水", "星河", "福泽",
    "馨苑", "和顺", "安居", "百花",
];

pub(super) const FIRM_WORDS: [&str; 10] = [
    "恒信", "宏达", "瑞丰", "华盛", "鼎新", "博远", "汇通", "康源", "金石", "海晶",
];

pub(super) const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];

pub(super) fn build_tree(shape: &CityShape, base: i64) -> anyhow::Result<Vec<GenNode>> {
    let d = shape.districts;
    let u = shape.units_per_district;
    let c = shape.children_per_unit;
    if d == 0 || u == 0 || c == 0 || shape.parks_per_district > u {
        bail!("bad city shape: {shape:?}");
    }
    let fixed = 1 + d + d * u + d * u * c;
    if shape.nodes < fixed + d * u * c {
        bail!(
            "--nodes must be at least {} for this shape (one leaf under each depth-4 node)",
            fixed + d * u * c
        );
    }
    let depth4 = d * u * c;
    let leaves = shape.nodes - fixed;
    let (per4, extra) = (leaves / depth4, leaves % depth4);

    let mut out: Vec<GenNode> = Vec::with_capacity(shape.nodes);
    let mut next = base;
    // Adds a node and returns what its children need to know of it.
    let mut push = |out: &mut Vec<GenNode>,
                    parent: Option<&Parent>,
                    name: String,
                    kind: &'static str,
                    code: String,
                    sort_order: i32| {
        let id = next;
        next += 1;
        let path = match parent {
            Some(p) => format!("{}{id}/", p.path),
            None => format!("/{id}/"),
        };
        let depth = parent.map_or(1, |p| p.depth + 1);
        out.push(GenNode {
            id,
            parent_id: parent.map(|p| p.id),
            path: path.clone(),
            depth,
            name,
            kind,
            code,
            sort_order,
        });
        Parent { id, path, depth }
    };
    // Depth-first, parents before children, so ids grow in path order.
    let root = push(&mut out, None, "示范市".into(), "city", CITY_CODE.into(), 0);
    let mut n4 = 0usize;
    for di in 0..d {
        let dname = DISTRICTS
            .get(di)
            .map(|s| s.to_string())
            .unwrap_or_else(|| format!("第{}区", di + 1));
        let dcode = format!("{CITY_CODE}-D{:02}", di + 1);
        let district = push(
            &mut out,
            Some(&root),
            dname.clone(),
            "district",
            dcode.clone(),
            di as i32,
        );
        let streets = u - shape.parks_per_district;
        for ui in 0..u {
            let is_park = ui >= streets;
            let (uname, ucode, kind) = if is_park {
                let pi = ui - streets;
                (
                    format!("{dname}{}产业园", PARK_WORDS[(di + pi) % PARK_WORDS.len()]),
                    format!("{dcode}-P{:02}", pi + 1),
                    "park",
                )
            } else {
                (
                    format!("{}街道", cycled(&STREET_WORDS, di * 3, ui)),
                    format!("{dcode}-S{:02}", ui + 1),
                    "street",
                )
            };
            let unit = push(
                &mut out,
                Some(&district),
                uname,
                kind,
                ucode.clone(),
                ui as i32,
            );
            for ci in 0..c {
                let (cname, ccode, ckind) = if is_park {
                    (
                        format!("第{}网格", ci + 1),
                        format!("{ucode}-G{:02}", ci + 1),
                        "grid",
                    )
                } else {
                    (
                        format!(
                            "{}{}",
                            cycled(&COMMUNITY_WORDS, ui * 7, ci),
                            if ci % 4 == 3 { "村" } else { "社区" }
                        ),
                        format!("{ucode}-C{:02}", ci + 1),
                        "community",
                    )
                };
                let mid = push(
                    &mut out,
                    Some(&unit),
                    cname,
                    ckind,
                    ccode.clone(),
                    ci as i32,
                );
                let count = per4 + usize::from(n4 < extra);
                n4 += 1;
                for li in 0..count {
                    let (lname, lcode, lkind) = if is_park {
                        (
                            format!("{}科技有限公司", firm_name(ci, di + ui, li)),
                            format!("{ccode}-E{:02}", li + 1),
                            "enterprise",
                        )
                    } else {
                        (
                            format!("第{}网格", li + 1),
                            format!("{ccode}-G{:02}", li + 1),
                            "grid",
                        )
                    };
                    push(&mut out, Some(&mid), lname, lkind, lcode, li as i32);
                }
            }
        }
    }
    debug_assert_eq!(out.len(), shape.nodes);
    Ok(out)
}

/// The `i`-th of a run of sibling names drawn from `words` starting at `start`: each word
/// once, then the words again with a round number, so siblings never share a name.
pub(super) fn cycled(words: &[&str], start: usize, i: usize) -> String {
    let word = words[(start + i) % words.len()];
    match i / words.len() {
        0 => word.to_string(),
        round => format!("{word}{}", round + 1),
    }
}

/// The `li`-th enterprise of a grid: two firm words, the first running through the list
/// and the second moving on each time the first has come round, so the first hundred names
/// under a grid differ; past them a round number keeps them apart.
pub(super) fn firm_name(start: usize, shift: usize, li: usize) -> String {
    let n = FIRM_WORDS.len();
    let pair = format!(
        "{}{}",
        FIRM_WORDS[(start + li) % n],
        FIRM_WORDS[(shift + li / n) % n]
    );
    match li / (n * n) {
        0 => pair,
        round => format!("{pair}{}", round + 1),
    }
}
