//! The generated people: the grassroots nodes they are filed under, their names, identity
//! numbers and pipeline statuses.

use super::*;

/// The deepest nodes of the tree, in path order.
pub(super) async fn leaves(store: &Store) -> anyhow::Result<Vec<Leaf>> {
    let backend = store.db_backend();
    let rows = store
        .raw_connection()
        .query_all(stmt(
            backend,
            "SELECT id, parent_id, name, code, path, depth FROM org_node ORDER BY depth, path",
            vec![],
        ))
        .await?;
    let mut label_of: HashMap<i64, String> = HashMap::with_capacity(rows.len());
    let mut all = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get_by_index(0)?;
        let parent: Option<i64> = r.try_get_by_index(1)?;
        let name: String = r.try_get_by_index(2)?;
        let code: Option<String> = r.try_get_by_index(3)?;
        let path: String = r.try_get_by_index(4)?;
        let depth: i32 = r.try_get_by_index(5)?;
        let label = match parent.and_then(|p| label_of.get(&p)) {
            Some(pl) => format!("{pl}/{name}"),
            None => name,
        };
        label_of.insert(id, label.clone());
        all.push((id, code, path, depth, label));
    }
    let mut seen: HashMap<&str, u32> = HashMap::new();
    for (_, _, _, _, label) in &all {
        *seen.entry(label.as_str()).or_default() += 1;
    }
    let max_depth = all.iter().map(|n| n.3).max().unwrap_or(0);
    let mut out: Vec<Leaf> = all
        .iter()
        .filter(|n| n.3 == max_depth)
        .map(|(id, code, path, _, label)| Leaf {
            id: *id,
            path: path.clone(),
            code: code.clone().unwrap_or_default(),
            label: (seen[label.as_str()] == 1).then(|| label.clone()),
        })
        .collect();
    if out.is_empty() || out.iter().any(|l| l.code.is_empty()) {
        bail!("the organization tree has no leaves with codes: generate the city first");
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// People generator
// ---------------------------------------------------------------------------------------

pub(super) const SURNAMES: [&str; 30] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
];

pub(super) const GIVEN: [&str; 40] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "红", "建", "文", "国", "志", "海",
    "云", "峰", "鹏", "斌", "宇", "浩", "凯", "晨",
];

pub(super) const REGIONS: [&str; 10] = [
    "370702", "370703", "370705", "370781", "370211", "370102", "110101", "310104", "440305",
    "510107",
];

pub(super) const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

pub(super) const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Status codes with their share of the generated people, in percent.
pub(super) const STATUS_MIX: [(&str, u32); 6] = [
    ("masses", 30),
    ("applicant", 8),
    ("activist", 7),
    ("development_object", 5),
    ("probationary", 5),
    ("full", 45),
];

/// A valid 18-digit number: region, birth date, three-digit sequence (odd for men), and the
/// GB 11643 (ISO 7064 MOD 11-2) check character.
pub(super) fn id_number(region: &str, birth: NaiveDate, seq: u32) -> String {
    let first = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
    let sum: u32 = first
        .bytes()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let mut s = first;
    s.push(ID_CHECK[(sum % 11) as usize] as char);
    s
}

impl PeopleGen {
    pub(super) fn new(seed: u64) -> PeopleGen {
        let first_day = NaiveDate::from_ymd_opt(1945, 1, 1).expect("a date");
        let last_day = NaiveDate::from_ymd_opt(1995, 12, 31).expect("a date");
        PeopleGen {
            rng: StdRng::seed_from_u64(seed),
            taken: HashSet::new(),
            first_day,
            days: (last_day - first_day).num_days() + 1,
        }
    }

    /// A person every rule of the domain accepts, with a number no earlier one has. Births
    /// are 1945–1995, so every pipeline date lies well before today.
    pub(super) fn next(&mut self) -> GenPerson {
        let rng = &mut self.rng;
        let (birth, id_number, seq) = loop {
            let birth = self.first_day + chrono::Duration::days(rng.gen_range(0..self.days));
            let region = REGIONS[rng.gen_range(0..REGIONS.len())];
            let seq = rng.gen_range(0..1000u32);
            let n = id_number(region, birth, seq);
            if self.taken.insert(n.clone()) {
                break (birth, n, seq);
            }
        };
        let gender = if seq % 2 == 1 { "male" } else { "female" };
        let mut name = String::from(SURNAMES[rng.gen_range(0..SURNAMES.len())]);
        for _ in 0..rng.gen_range(1..=2) {
            name.push_str(GIVEN[rng.gen_range(0..GIVEN.len())]);
        }
        let ethnicity = match rng.gen_range(0..100) {
            0..=79 => Some(ETHNICITIES[0]),
            80..=89 => Some(ETHNICITIES[rng.gen_range(1..ETHNICITIES.len())]),
            _ => None,
        };
        let phone = (rng.gen_range(0..100) < 85).then(|| {
            format!(
                "1{}{:09}",
                rng.gen_range(3..=9),
                rng.gen_range(0..1_000_000_000u32)
            )
        });
        let education = (rng.gen_range(0..100) < 80).then(|| EDUCATION[rng.gen_range(0..8)]);
        let mut pick = rng.gen_range(0..100);
        let mut reached = 0;
        for (i, (_, share)) in STATUS_MIX.iter().enumerate() {
            if pick < *share {
                reached = i;
                break;
            }
            pick -= share;
        }
        let status = STATUS_MIX[reached].0;
        let mut dates = [None; 5];
        if reached > 0 {
            let adult = birth
                .checked_add_months(Months::new(18 * 12))
                .expect("a date");
            let mut d = adult + chrono::Duration::days(rng.gen_range(0..5 * 365));
            let gaps = [(0, 1), (90, 400), (365, 500), (30, 200), (365, 425)];
            for (i, slot) in dates.iter_mut().enumerate().take(reached) {
                d += chrono::Duration::days(rng.gen_range(gaps[i].0..gaps[i].1));
                *slot = Some(d);
            }
        }
        GenPerson {
            name,
            gender,
            ethnicity,
            birth,
            id_number,
            phone,
            education,
            status,
            dates,
        }
    }
}
