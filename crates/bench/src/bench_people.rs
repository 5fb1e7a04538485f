//! Benchmark of the people module (`touyan bench-people`), on SQLite and, when given a URL,
//! PostgreSQL. Two measurements, each against its own target:
//!
//! 1. **Import.** A people file of `--rows` rows (100 000 by default) laid out with exactly
//!    the headers of the import template the running server hands out, with valid and unique
//!    identity numbers, is read by calamine alone (open the workbook, read every cell; the
//!    target is an import under 3× that), then imported through `POST
//!    /api/v1/people/import` by a signed-in admin into a fresh database holding only the
//!    city's organization tree, on a server started in this process on port 0. The process's
//!    peak resident memory is reset just before each import and read after it. To show where
//!    the time goes, the same rows are also handed to `PeopleRepo::import` directly, and its
//!    steps are redone one at a time with public pieces and bare statements. A second series
//!    imports the same file into a ledger that already holds `--stored` other people.
//! 2. **Scoped list.** The city tree (`generate_city`) with `--people` people (500 000 by
//!    default) bulk-inserted over its leaves; an org admin of one district lists the first
//!    page of 20 full members with their total through `PeopleRepo::list`, against the bare
//!    count and page (the target is within 1.5× of those), and again with a name substring.
//!
//! It prints markdown tables. Loops are bounded by an iteration count and a time budget;
//! nothing asserts a time.

use crate::bench::{
    fmt_ms, fmt_ratio, measure, org_admin_at, prepare_postgres, redact, refresh_statistics,
    scalar_i64, secondary_indexes, split_db_url, stmt, Budget, Stat, BENCH_PASSWORD,
};
use anyhow::{bail, Context};
use chrono::{Datelike, Months, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, QueryResult, TransactionTrait, Value,
};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use touyan_domain::paging::PageRequest;
use touyan_domain::people::{PersonInput, EDUCATION, ETHNICITIES};
use touyan_domain::tree::TreePath;
use touyan_storage::people::{PersonFilter, PersonRow};
use touyan_storage::{Actor, Store};

use crate::bench::{generate_city, CityShape};

/// Code of the district whose org admin lists people (the first district of the city).
const DISTRICT_CODE: &str = "CY-D01";
/// Rows per multi-row INSERT of people (19 values each).
const BATCH: usize = 500;
/// The name substring of the second list shape: a common character of given names.
const NAME_Q: &str = "华";

#[derive(clap::Args, Debug, Clone)]
pub struct BenchPeopleArgs {
    /// Directory of the SQLite databases (default: <temp dir>/touyan-bench-people).
    #[arg(long)]
    pub sqlite_dir: Option<PathBuf>,
    /// Skip SQLite.
    #[arg(long)]
    pub no_sqlite: bool,
    /// PostgreSQL URL of a database used only by this benchmark; its name must contain
    /// "bench". It holds the list data (dropped and created again unless --reuse); the
    /// imports go to `<name>_import`, dropped and created again before each import.
    #[arg(long)]
    pub postgres: Option<String>,
    /// Rows of the generated people file.
    #[arg(long, default_value_t = 100_000)]
    pub rows: usize,
    /// Imports through HTTP per backend, each into a fresh database.
    #[arg(long, default_value_t = 3)]
    pub import_runs: usize,
    /// Times calamine alone reads the file.
    #[arg(long, default_value_t = 3)]
    pub read_runs: usize,
    /// People already in the ledger for a second series of imports per backend (written
    /// before the server starts, not timed; none of them shares a number with the file), so
    /// the import takes its path for a ledger that is not nearly empty. 0 skips the series.
    #[arg(long, default_value_t = 100_000)]
    pub stored: usize,
    /// Skip the extra import straight through `PeopleRepo::import` (no HTTP, no sheet).
    #[arg(long)]
    pub no_storage_import: bool,
    /// Also write the generated people file here.
    #[arg(long)]
    pub keep_file: Option<PathBuf>,
    /// Skip the import measurement.
    #[arg(long)]
    pub no_import: bool,
    /// Skip the scoped-list measurement.
    #[arg(long)]
    pub no_list: bool,
    /// Organization nodes of the city (for the list and for the import's databases).
    #[arg(long, default_value_t = 20_000)]
    pub nodes: usize,
    /// People inserted for the scoped list.
    #[arg(long, default_value_t = 500_000)]
    pub people: usize,
    /// Use the list data already in the databases instead of generating it again.
    #[arg(long)]
    pub reuse: bool,
    /// Timed iterations per list measurement.
    #[arg(long, default_value_t = 200)]
    pub iterations: usize,
    /// Untimed iterations before each list measurement.
    #[arg(long, default_value_t = 20)]
    pub warmup: usize,
    /// Time budget per list measurement in seconds (at least 5 samples are always taken).
    #[arg(long, default_value_t = 15)]
    pub budget_secs: u64,
    /// Print the query plans of the bare list statements.
    #[arg(long)]
    pub explain: bool,
    /// Also write the report (markdown) to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Seed of the data generators.
    #[arg(long, default_value_t = 20_240_601)]
    pub seed: u64,
}

// ---------------------------------------------------------------------------------------
// Timing helpers (the same rules as `touyan bench`)
// ---------------------------------------------------------------------------------------

fn fmt_mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

// ---------------------------------------------------------------------------------------
// Memory of this process (Linux)
// ---------------------------------------------------------------------------------------

/// A `VmXXX:` line of /proc/self/status, in KiB.
fn proc_status_kib(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Resets the peak resident set size (VmHWM) to the current one.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Hands the memory the allocators keep after earlier work (writing and reading the file)
/// back to the system, so the resident size before an import is what is live: Rust's
/// allocations go through mimalloc (see `main.rs`), C code's (the bundled SQLite) through
/// glibc.
fn trim_heap() {
    extern "C" {
        fn mi_collect(force: bool);
    }
    // SAFETY: mimalloc's collect only frees pages it holds unused; it has no preconditions.
    unsafe {
        mi_collect(true);
    }
    trim_glibc();
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_glibc() {
    extern "C" {
        fn malloc_trim(pad: usize) -> i32;
    }
    // SAFETY: glibc's malloc_trim only releases free memory; it has no preconditions.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_glibc() {}

#[derive(Debug, Clone, Copy, Default)]
struct Memory {
    /// Resident set size just before the import, KiB.
    before: u64,
    /// Peak resident set size during the import, KiB.
    peak: u64,
}

// ---------------------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------------------

fn with_db(url: &str, db: &str) -> anyhow::Result<String> {
    let (prefix, _, query) = split_db_url(url)?;
    Ok(format!("{prefix}{db}{query}"))
}

fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.to_path_buf().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

// ---------------------------------------------------------------------------------------
// The tree, as the generator left it
// ---------------------------------------------------------------------------------------

struct Leaf {
    id: i64,
    path: String,
    code: String,
    /// The path of names from the top (`示范市/东湖区/...`) when no other node has it.
    label: Option<String>,
}

/// The deepest nodes of the tree, in path order.
async fn leaves(store: &Store) -> anyhow::Result<Vec<Leaf>> {
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

const SURNAMES: [&str; 30] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
];
const GIVEN: [&str; 40] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "红", "建", "文", "国", "志", "海",
    "云", "峰", "鹏", "斌", "宇", "浩", "凯", "晨",
];
const REGIONS: [&str; 10] = [
    "370702", "370703", "370705", "370781", "370211", "370102", "110101", "310104", "440305",
    "510107",
];
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Status codes with their share of the generated people, in percent.
const STATUS_MIX: [(&str, u32); 6] = [
    ("masses", 30),
    ("applicant", 8),
    ("activist", 7),
    ("development_object", 5),
    ("probationary", 5),
    ("full", 45),
];

/// A valid 18-digit number: region, birth date, three-digit sequence (odd for men), and the
/// GB 11643 (ISO 7064 MOD 11-2) check character.
fn id_number(region: &str, birth: NaiveDate, seq: u32) -> String {
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

struct GenPerson {
    name: String,
    /// `male` or `female`, as the number says.
    gender: &'static str,
    ethnicity: Option<&'static str>,
    birth: NaiveDate,
    id_number: String,
    phone: Option<String>,
    /// Code.
    education: Option<&'static str>,
    /// Code.
    status: &'static str,
    /// applied, activist, development object, probation, full: set up to the stage reached.
    dates: [Option<NaiveDate>; 5],
}

struct PeopleGen {
    rng: StdRng,
    taken: HashSet<String>,
    first_day: NaiveDate,
    days: i64,
}

impl PeopleGen {
    fn new(seed: u64) -> PeopleGen {
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
    fn next(&mut self) -> GenPerson {
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

// ---------------------------------------------------------------------------------------
// The people file
// ---------------------------------------------------------------------------------------

/// What a template column holds, recognized by its header in either language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Gender,
    Ethnicity,
    BirthDate,
    IdNumber,
    Phone,
    Education,
    Node,
    Status,
    Date(usize),
    Notes,
    Unknown,
}

fn col_of(header: &str) -> Col {
    let h = header.trim().trim_start_matches(['*', '＊']).trim();
    match h {
        "姓名" | "Name" => Col::Name,
        "性别" | "Gender" => Col::Gender,
        "民族" | "Ethnicity" => Col::Ethnicity,
        "出生日期" | "Birth date" => Col::BirthDate,
        "身份证号" | "ID number" => Col::IdNumber,
        "手机号码" | "Mobile" => Col::Phone,
        "学历" | "Education" => Col::Education,
        "所属组织" | "Organization" => Col::Node,
        "政治面貌" | "Political status" => Col::Status,
        "申请入党日期" | "Applied on" => Col::Date(0),
        "确定积极分子日期" | "Activist since" => Col::Date(1),
        "列为发展对象日期" | "Candidate since" => Col::Date(2),
        "接收预备党员日期" | "Admitted on" => Col::Date(3),
        "转正日期" | "Full member since" => Col::Date(4),
        "备注" | "Notes" => Col::Notes,
        _ => Col::Unknown,
    }
}

/// The template as downloaded: sheet name, header row, and the labels of the dropdowns
/// (from its hidden dictionary sheet) of gender, education and status, in code order.
struct Template {
    sheet: String,
    header: Vec<String>,
    genders: Vec<String>,
    educations: Vec<String>,
    statuses: Vec<String>,
}

impl Template {
    fn parse(bytes: &[u8]) -> anyhow::Result<Template> {
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
            .context("the template is not an .xlsx workbook")?;
        let names = book.sheet_names();
        let sheet = names
            .first()
            .cloned()
            .context("the template has no sheet")?;
        let range = book.worksheet_range(&sheet)?;
        let header: Vec<String> = range
            .rows()
            .next()
            .context("the template has no header row")?
            .iter()
            .map(|c| c.to_string())
            .collect();
        // The dictionary sheet: one column per list, headed by the column's header.
        let mut lists: HashMap<String, Vec<String>> = HashMap::new();
        if let Some(dict) = names.get(1) {
            let r = book.worksheet_range(dict)?;
            let rows: Vec<Vec<String>> = r
                .rows()
                .map(|row| row.iter().map(|c| c.to_string()).collect())
                .collect();
            let width = rows.first().map_or(0, Vec::len);
            for c in 0..width {
                let mut vals = rows
                    .iter()
                    .map(|row| row.get(c).cloned().unwrap_or_default());
                let head = vals.next().unwrap_or_default();
                lists.insert(head, vals.filter(|v| !v.is_empty()).collect());
            }
        }
        let list_of = |col: Col| {
            header
                .iter()
                .find(|h| col_of(h) == col)
                .and_then(|h| lists.get(h.trim_start_matches(['*', '＊'])))
                .cloned()
                .unwrap_or_default()
        };
        Ok(Template {
            genders: list_of(Col::Gender),
            educations: list_of(Col::Education),
            statuses: list_of(Col::Status),
            sheet,
            header,
        })
    }
}

/// The label at the code's position in `codes`, or the code itself when `use_code` or when the
/// template had no such list.
fn label_or_code(labels: &[String], codes: &[&str], code: &str, use_code: bool) -> String {
    if use_code {
        return code.to_string();
    }
    codes
        .iter()
        .position(|c| *c == code)
        .and_then(|i| labels.get(i))
        .cloned()
        .unwrap_or_else(|| code.to_string())
}

/// One generated row as the file and the storage-only import give it.
struct FileRow {
    p: GenPerson,
    /// Code or path of names.
    node: String,
    /// Gender, education and status cells written as codes rather than labels.
    codes: bool,
}

fn file_rows(n: usize, leaves: &[Leaf], seed: u64) -> Vec<FileRow> {
    let mut g = PeopleGen::new(seed);
    let mut rng = StdRng::seed_from_u64(seed ^ 0xf11e);
    (0..n)
        .map(|_| {
            let leaf = &leaves[rng.gen_range(0..leaves.len())];
            let node = match &leaf.label {
                Some(l) if rng.gen_range(0..10) == 0 => l.clone(),
                _ => leaf.code.clone(),
            };
            FileRow {
                p: g.next(),
                node,
                codes: rng.gen_range(0..10) == 0,
            }
        })
        .collect()
}

const GENDER_CODES: [&str; 2] = ["male", "female"];

fn status_codes() -> Vec<&'static str> {
    STATUS_MIX.iter().map(|s| s.0).collect()
}

/// The people file: the template's sheet name and header row as they are, then one row per
/// person; dates as date cells formatted yyyy-mm-dd, everything else as text.
fn write_file(t: &Template, rows: &[FileRow]) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let cols: Vec<Col> = t.header.iter().map(|h| col_of(h)).collect();
    if let Some(h) = t.header.iter().find(|h| col_of(h) == Col::Unknown) {
        println!("template column {h:?} is not one this benchmark fills; left blank");
    }
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let statuses = status_codes();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(&t.sheet)?;
    for (c, h) in t.header.iter().enumerate() {
        ws.write_string(0, c as u16, h)?;
    }
    let date = |d: NaiveDate| {
        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
            .map_err(anyhow::Error::from)
    };
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, col) in cols.iter().enumerate() {
            let c = c as u16;
            match col {
                Col::Name => {
                    ws.write_string(row, c, &r.p.name)?;
                }
                Col::Gender => {
                    let v = label_or_code(&t.genders, &GENDER_CODES, r.p.gender, r.codes);
                    ws.write_string(row, c, v)?;
                }
                Col::Ethnicity => {
                    if let Some(e) = r.p.ethnicity {
                        ws.write_string(row, c, e)?;
                    }
                }
                Col::BirthDate => {
                    ws.write_datetime_with_format(row, c, &date(r.p.birth)?, &date_format)?;
                }
                Col::IdNumber => {
                    ws.write_string(row, c, &r.p.id_number)?;
                }
                Col::Phone => {
                    if let Some(p) = &r.p.phone {
                        ws.write_string(row, c, p)?;
                    }
                }
                Col::Education => {
                    if let Some(e) = r.p.education {
                        let v = label_or_code(&t.educations, &EDUCATION, e, r.codes);
                        ws.write_string(row, c, v)?;
                    }
                }
                Col::Node => {
                    ws.write_string(row, c, &r.node)?;
                }
                Col::Status => {
                    // Members of the masses are left blank now and then: blank means masses.
                    if !(r.p.status == "masses" && r.codes) {
                        let v = label_or_code(&t.statuses, &statuses, r.p.status, r.codes);
                        ws.write_string(row, c, v)?;
                    }
                }
                Col::Date(k) => {
                    if let Some(d) = r.p.dates[*k] {
                        ws.write_datetime_with_format(row, c, &date(d)?, &date_format)?;
                    }
                }
                Col::Notes | Col::Unknown => {}
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

/// Opens the workbook and reads every cell of its first sheet with the streaming reader the
/// import uses, touching each value. Answers (cells, characters of text).
fn read_every_cell(bytes: &[u8]) -> anyhow::Result<(u64, u64)> {
    use calamine::{DataRef, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .context("no worksheet")?;
    let mut cells = book.worksheet_cells_reader(&name)?;
    let (mut n, mut chars) = (0u64, 0u64);
    while let Some(cell) = cells.next_cell()? {
        n += 1;
        chars += match cell.get_value() {
            DataRef::SharedString(s) => s.len() as u64,
            DataRef::String(s) => s.len() as u64,
            DataRef::DateTime(d) => d.as_f64() as u64 & 1,
            DataRef::Float(f) => *f as u64 & 1,
            DataRef::Int(i) => *i as u64 & 1,
            _ => 0,
        };
    }
    Ok((n, chars))
}

fn multipart_body(filename: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = format!("touyan-bench-{:016x}", rand::random::<u64>());
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

/// A server on a fresh database holding the city tree, with a signed-in admin.
struct Running {
    base: String,
    client: reqwest::Client,
    csrf: String,
    stop: tokio::sync::oneshot::Sender<()>,
    serving: tokio::task::JoinHandle<std::io::Result<()>>,
    store: Store,
}

impl Running {
    async fn shut(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.serving.await??;
        self.store.raw_connection().clone().close().await?;
        Ok(())
    }
}

/// Empties the import database (a new SQLite file, or a new PostgreSQL database) and builds
/// the city tree in it, with no audit entries.
async fn fresh_import_db(
    url: &str,
    backend_pg: bool,
    nodes: usize,
    seed: u64,
) -> anyhow::Result<Store> {
    if backend_pg {
        prepare_postgres(url, true).await?;
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        remove_sqlite(Path::new(path));
    }
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let shape = CityShape {
        nodes,
        rows: 0,
        seed,
        ..CityShape::default()
    };
    generate_city(&store, &shape).await?;
    Ok(store)
}

async fn start_server(url: &str, store: Store) -> anyhow::Result<Running> {
    let admin_password = format!("bench-{:016x}", rand::random::<u64>());
    let server = touyan_web::build(touyan_web::Config {
        database_url: url.to_string(),
        listen: "127.0.0.1:0".into(),
        admin_password: Some(admin_password.clone()),
        ..Default::default()
    })
    .await?;
    let base = format!("http://{}", server.local_addr());
    let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async move {
        let _ = stop_rx.await;
    }));
    let client = reqwest::Client::builder()
        .no_proxy()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let r = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": "admin", "password": admin_password}))
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("admin sign-in: {} {}", r.status(), r.text().await?);
    }
    let me: serde_json::Value = r.json().await?;
    let csrf = me["csrf_token"]
        .as_str()
        .context("the sign-in answered no CSRF token")?
        .to_string();
    Ok(Running {
        base,
        client,
        csrf,
        stop,
        serving,
        store,
    })
}

struct ImportRun {
    ms: f64,
    mem: Memory,
    /// calamine's reads of the same file, timed just before and just after this import (see
    /// `bench_import`).
    read_ms: [f64; 2],
}

struct ImportReport {
    title: String,
    /// People in the ledger before each import.
    stored: usize,
    runs: Vec<ImportRun>,
    /// Milliseconds of `PeopleRepo::import` called directly on rows already in memory.
    storage_ms: Option<f64>,
    phases: Option<Phases>,
    setup_ms: f64,
}

impl ImportReport {
    fn label(&self) -> String {
        match self.stored {
            0 => self.title.clone(),
            n => format!("{}, {n} people stored", self.title),
        }
    }
}

/// One import, timed, of a file of `rows` rows into a ledger of `stored` people; its `read_ms`
/// is left for the caller, which times the reads around it.
async fn import_once(
    r: &Running,
    file: &[u8],
    rows: usize,
    stored: usize,
) -> anyhow::Result<ImportRun> {
    let (content_type, body) = multipart_body("people.xlsx", file);
    let url = format!("{}/api/v1/people/import", r.base);
    let req = r
        .client
        .post(url)
        .header("content-type", content_type)
        .header("x-csrf-token", &r.csrf)
        .body(body);
    trim_heap();
    let peak_ok = reset_peak_rss();
    let before = proc_status_kib("VmRSS").unwrap_or(0);
    let t = Instant::now();
    let resp = req.send().await?;
    let status = resp.status();
    let text = resp.text().await?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let peak = if peak_ok {
        proc_status_kib("VmHWM").unwrap_or(0)
    } else {
        0
    };
    if !status.is_success() {
        let cut: String = text.chars().take(2000).collect();
        bail!("import answered {status}: {cut}");
    }
    let v: serde_json::Value = serde_json::from_str(&text)?;
    if v["imported"].as_u64() != Some(rows as u64) {
        bail!("import answered {v}, expected {rows} rows");
    }
    let backend = r.store.db_backend();
    let n = scalar_i64(
        r.store.raw_connection(),
        backend,
        "SELECT COUNT(*) FROM person",
        vec![],
    )
    .await?
    .unwrap_or(0);
    if n != (rows + stored) as i64 {
        bail!("{n} people in the database after importing {rows} into {stored}");
    }
    Ok(ImportRun {
        ms,
        mem: Memory { before, peak },
        read_ms: [0.0; 2],
    })
}

/// A fresh import database with the admin signed in through `Auth::login`.
async fn fresh_admin(
    url: &str,
    pg: bool,
    args: &BenchPeopleArgs,
) -> anyhow::Result<(Store, Actor)> {
    let store = fresh_import_db(url, pg, args.nodes, args.seed).await?;
    store
        .auth()
        .ensure_admin(Some(BENCH_PASSWORD.into()))
        .await?;
    let ok = store
        .auth()
        .login("admin", BENCH_PASSWORD, Some("127.0.0.1".into()))
        .await
        .map_err(|e| anyhow::anyhow!("admin login: {e:?}"))?;
    Ok((store, ok.actor))
}

/// The rows as the import hands them to the storage layer (codes, dates as yyyy-mm-dd).
fn person_rows(rows: &[FileRow]) -> Vec<PersonRow> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    rows.iter()
        .enumerate()
        .map(|(i, r)| PersonRow {
            row: i as u32 + 2,
            node: r.node.clone(),
            input: PersonInput {
                name: Some(r.p.name.clone()),
                gender: Some(r.p.gender.into()),
                ethnicity: Some(r.p.ethnicity.unwrap_or_default().into()),
                birth_date: Some(r.p.birth.to_string()),
                id_number: Some(r.p.id_number.clone()),
                phone: Some(r.p.phone.clone().unwrap_or_default()),
                education: Some(r.p.education.unwrap_or_default().into()),
                status: Some(r.p.status.into()),
                applied_on: Some(date(r.p.dates[0])),
                activist_on: Some(date(r.p.dates[1])),
                development_object_on: Some(date(r.p.dates[2])),
                probation_on: Some(date(r.p.dates[3])),
                full_on: Some(date(r.p.dates[4])),
                notes: Some(String::new()),
                node_id: None,
            },
        })
        .collect()
}

/// The same rows straight into `PeopleRepo::import` as the signed-in admin (no HTTP, no
/// workbook): node resolution, checks, the duplicate lookup and the inserts.
async fn storage_import(
    url: &str,
    pg: bool,
    args: &BenchPeopleArgs,
    rows: &[FileRow],
) -> anyhow::Result<f64> {
    let (store, actor) = fresh_admin(url, pg, args).await?;
    let data = person_rows(rows);
    let t = Instant::now();
    let out = store
        .scoped(&actor)
        .people()
        .import(data, "people.xlsx")
        .await?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    match out {
        touyan_storage::kit::import::ImportOutcome::Imported(n) if n == rows.len() as u64 => {}
        touyan_storage::kit::import::ImportOutcome::Imported(n) => {
            bail!("storage import wrote {n} of {} rows", rows.len())
        }
        touyan_storage::kit::import::ImportOutcome::Refused(e) => {
            bail!(
                "storage import refused: {:?}",
                e.iter().take(5).collect::<Vec<_>>()
            )
        }
    }
    store.raw_connection().clone().close().await?;
    Ok(ms)
}

/// The steps of `PeopleRepo::import` redone one at a time with public pieces, on another
/// fresh database, in milliseconds.
#[derive(Debug, Clone, Copy)]
struct Phases {
    /// `import_nodes` (the resolver over every node in scope) and resolving every row.
    nodes: f64,
    /// `PersonInput::parse` of every row.
    parse: f64,
    /// The duplicate lookup: `SELECT` of people whose number is among 400, per 400 rows.
    lookup: f64,
    /// The rows written with bare multi-row `INSERT`s of 400 rows, in one transaction, in the order
    /// the import writes them.
    insert: f64,
    /// The same on another fresh database, between `bulk::set_aside` and `bulk::build_again`.
    load_insert: f64,
}

async fn import_phases(
    url: &str,
    pg: bool,
    args: &BenchPeopleArgs,
    rows: &[FileRow],
) -> anyhow::Result<Phases> {
    let (store, actor) = fresh_admin(url, pg, args).await?;
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let data = person_rows(rows);

    let t = Instant::now();
    let resolver = store.scoped(&actor).import_nodes(i64::MAX as u64).await?;
    let mut placed: Vec<(i64, String)> = Vec::with_capacity(data.len());
    for r in &data {
        let (id, path) = resolver
            .resolve(&r.node)
            .with_context(|| format!("node {} not resolved", r.node))?;
        placed.push((id, path.to_string()));
    }
    let nodes = t.elapsed().as_secs_f64() * 1000.0;

    let today = touyan_storage::kit::today();
    let t = Instant::now();
    let mut parsed = Vec::with_capacity(data.len());
    for r in &data {
        parsed.push(
            r.input
                .parse(today)
                .map_err(|e| anyhow::anyhow!("row {}: {e:?}", r.row))?,
        );
    }
    let parse = t.elapsed().as_secs_f64() * 1000.0;

    const CHUNK: usize = 400;
    let t = Instant::now();
    for chunk in parsed.chunks(CHUNK) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let sql = format!(
            "SELECT {PERSON_SELECT} FROM \"person\" WHERE \"person\".\"id_number\" IN ({marks})"
        );
        let values: Vec<Value> = chunk
            .iter()
            .map(|p| p.id_number.as_str().to_string().into())
            .collect();
        let found = conn.query_all(stmt(backend, &sql, values)).await?;
        if !found.is_empty() {
            bail!("a fresh database already holds some of the numbers");
        }
    }
    let lookup = t.elapsed().as_secs_f64() * 1000.0;

    let insert = bare_inserts(&store, &parsed, &placed, false).await?;
    store.raw_connection().clone().close().await?;
    // The same on another fresh database, with the table's indexes (and on PostgreSQL its
    // foreign key) set aside and built again, as the import does into a nearly empty ledger.
    let (store, _) = fresh_admin(url, pg, args).await?;
    let load_insert = bare_inserts(&store, &parsed, &placed, true).await?;
    store.raw_connection().clone().close().await?;
    Ok(Phases {
        nodes,
        parse,
        lookup,
        insert,
        load_insert,
    })
}

/// `parsed` written with bare multi-row `INSERT`s of 400 rows in one transaction, in the
/// order the import writes them; with `aside`, between `bulk::set_aside` and
/// `bulk::build_again`. Milliseconds, commit included.
async fn bare_inserts(
    store: &Store,
    parsed: &[touyan_domain::people::Person],
    placed: &[(i64, String)],
    aside: bool,
) -> anyhow::Result<f64> {
    const CHUNK: usize = 400;
    let backend = store.db_backend();
    let conn = store.raw_connection();
    // The rows in the order the import writes them: each batch of 5 000 by node path, then
    // by number.
    let mut order: Vec<usize> = (0..parsed.len()).collect();
    for batch in order.chunks_mut(5000) {
        batch.sort_unstable_by(|&a, &b| {
            (placed[a].1.as_str(), parsed[a].id_number.as_str())
                .cmp(&(placed[b].1.as_str(), parsed[b].id_number.as_str()))
        });
    }
    let now = touyan_storage::now_ms();
    let t = Instant::now();
    let txn = conn.begin().await?;
    let defs = if aside {
        touyan_storage::bulk::set_aside(&txn, "person").await?
    } else {
        vec![]
    };
    for chunk in order.chunks(CHUNK) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * PERSON_COLS.len());
        for (p, (node_id, path)) in chunk.iter().map(|&i| (&parsed[i], &placed[i])) {
            let pl = &p.pipeline;
            values.extend([
                p.name.clone().into(),
                p.gender.code().into(),
                p.ethnicity.clone().into(),
                p.birth_date.into(),
                p.id_number.as_str().to_string().into(),
                p.phone.as_ref().map(|m| m.as_str().to_string()).into(),
                p.education.clone().into(),
                (*node_id).into(),
                path.clone().into(),
                pl.status().code().into(),
                pl.applied_on.into(),
                pl.activist_on.into(),
                pl.development_object_on.into(),
                pl.probation_on.into(),
                Value::Int(None),
                pl.full_on.into(),
                p.notes.clone().into(),
                now.into(),
                now.into(),
            ]);
        }
        txn.execute(stmt(backend, &insert_sql(chunk.len()), values))
            .await?;
    }
    touyan_storage::bulk::build_again(&txn, &defs).await?;
    txn.commit().await?;
    Ok(t.elapsed().as_secs_f64() * 1000.0)
}

/// The file, with how it was made, and calamine's reading times.
struct FileInfo {
    bytes: Vec<u8>,
    rows: Vec<FileRow>,
    header: Vec<String>,
    gen_ms: f64,
    cells: u64,
    read: Vec<f64>,
}

async fn make_file(running: &Running, args: &BenchPeopleArgs) -> anyhow::Result<FileInfo> {
    let r = running
        .client
        .get(format!(
            "{}/api/v1/people/import-template.xlsx",
            running.base
        ))
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("template: {}", r.status());
    }
    let template = Template::parse(&r.bytes().await?)?;
    println!(
        "template sheet {:?}, headers {:?}",
        template.sheet, template.header
    );
    let leaves = leaves(&running.store).await?;
    let t = Instant::now();
    let rows = file_rows(args.rows, &leaves, args.seed);
    let bytes = write_file(&template, &rows)?;
    let gen_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "people file: {} rows, {:.1} MB, written in {:.1} s",
        rows.len(),
        bytes.len() as f64 / 1e6,
        gen_ms / 1000.0
    );
    if let Some(p) = &args.keep_file {
        std::fs::write(p, &bytes).with_context(|| format!("writing {}", p.display()))?;
    }
    let mut read = Vec::new();
    let mut cells = 0;
    for _ in 0..args.read_runs.max(1) {
        let t = Instant::now();
        let (n, _) = read_every_cell(&bytes)?;
        read.push(t.elapsed().as_secs_f64() * 1000.0);
        cells = n;
    }
    println!("calamine alone: {cells} cells, {read:.0?} ms");
    Ok(FileInfo {
        bytes,
        rows,
        header: template.header,
        gen_ms,
        cells,
        read,
    })
}

async fn bench_import(
    title: &str,
    url: &str,
    pg: bool,
    args: &BenchPeopleArgs,
    file: &mut Option<FileInfo>,
    stored: usize,
) -> anyhow::Result<ImportReport> {
    println!(
        "== import, {title}, {stored} people stored: {}",
        redact(url)
    );
    let mut runs = Vec::new();
    let mut setup_ms = 0.0;
    let numbers: HashSet<String> = match (stored, file.as_ref()) {
        (0, _) => HashSet::new(),
        (_, Some(f)) => f.rows.iter().map(|r| r.p.id_number.clone()).collect(),
        (_, None) => bail!("the series into a stored ledger runs after the file is made"),
    };
    for i in 0..args.import_runs.max(1) {
        let t = Instant::now();
        let store = fresh_import_db(url, pg, args.nodes, args.seed).await?;
        if stored > 0 {
            insert_people(&store, stored, args.seed ^ 0x570d, &numbers).await?;
        }
        let running = start_server(url, store).await?;
        setup_ms = t.elapsed().as_secs_f64() * 1000.0;
        if file.is_none() {
            *file = Some(make_file(&running, args).await?);
        }
        let f = file.as_ref().expect("made above");
        // A read of the file right before and right after each import, so that each import
        // has a divisor timed under the same state of the machine (its speed drifts by tens
        // of percent within a minute).
        let read = || -> anyhow::Result<f64> {
            let t = Instant::now();
            read_every_cell(&f.bytes)?;
            Ok(t.elapsed().as_secs_f64() * 1000.0)
        };
        let before = read()?;
        let mut run = import_once(&running, &f.bytes, f.rows.len(), stored).await?;
        run.read_ms = [before, read()?];
        println!(
            "import {}: {:.0} ms (calamine before and after: {:.0?} ms), peak RSS {} (RSS before {})",
            i + 1,
            run.ms,
            run.read_ms,
            fmt_mib(run.mem.peak),
            fmt_mib(run.mem.before)
        );
        runs.push(run);
        running.shut().await?;
    }
    // Where the time goes is measured for the load into a nearly empty ledger only.
    let apart = args.no_storage_import || stored > 0;
    let storage_ms = if apart {
        None
    } else {
        let f = file.as_ref().expect("made above");
        let ms = storage_import(url, pg, args, &f.rows).await?;
        println!("PeopleRepo::import alone: {ms:.0} ms");
        Some(ms)
    };
    let phases = if apart {
        None
    } else {
        let f = file.as_ref().expect("made above");
        let p = import_phases(url, pg, args, &f.rows).await?;
        println!("its steps redone apart: {p:?}");
        Some(p)
    };
    Ok(ImportReport {
        title: title.to_string(),
        stored,
        runs,
        storage_ms,
        phases,
        setup_ms,
    })
}

// ---------------------------------------------------------------------------------------
// Scoped list
// ---------------------------------------------------------------------------------------

const PERSON_COLS: [&str; 19] = [
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "id_number",
    "phone",
    "education",
    "node_id",
    "node_path",
    "status",
    "applied_on",
    "activist_on",
    "development_object_on",
    "probation_on",
    "probation_extended_months",
    "full_on",
    "notes",
    "created_at",
    "updated_at",
];

const PERSON_SELECT: &str = "\"person\".\"id\", \"person\".\"name\", \"person\".\"gender\", \
    \"person\".\"ethnicity\", \"person\".\"birth_date\", \"person\".\"id_number\", \
    \"person\".\"phone\", \"person\".\"education\", \"person\".\"node_id\", \
    \"person\".\"node_path\", \"person\".\"status\", \"person\".\"applied_on\", \
    \"person\".\"activist_on\", \"person\".\"development_object_on\", \
    \"person\".\"probation_on\", \"person\".\"probation_extended_months\", \
    \"person\".\"full_on\", \"person\".\"notes\", \"person\".\"created_at\", \
    \"person\".\"updated_at\"";

fn insert_sql(rows: usize) -> String {
    let one = format!("({})", vec!["?"; PERSON_COLS.len()].join(","));
    let quoted: Vec<String> = PERSON_COLS.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "INSERT INTO person ({}) VALUES {}",
        quoted.join(", "),
        vec![one.as_str(); rows].join(",")
    )
}

/// Inserts `n` people over the leaves with multi-row INSERTs, secondary indexes dropped for
/// the load and rebuilt after it in the same transaction, then refreshes statistics.
async fn insert_people(
    store: &Store,
    n: usize,
    seed: u64,
    avoid: &HashSet<String>,
) -> anyhow::Result<()> {
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let leaves = leaves(store).await?;
    let t = Instant::now();
    let now = touyan_storage::now_ms();
    let mut g = PeopleGen::new(seed ^ 0x5eed);
    g.taken = avoid.clone();
    let mut rng = StdRng::seed_from_u64(seed ^ 0x1ea5);
    let txn = conn.begin().await?;
    let indexes = secondary_indexes(&txn, backend, "person").await?;
    for (name, _) in &indexes {
        txn.execute_unprepared(&format!("DROP INDEX \"{name}\""))
            .await?;
    }
    let mut done = 0;
    let mut next_report = 100_000;
    while done < n {
        let k = BATCH.min(n - done);
        let mut values: Vec<Value> = Vec::with_capacity(k * PERSON_COLS.len());
        for _ in 0..k {
            let p = g.next();
            let leaf = &leaves[rng.gen_range(0..leaves.len())];
            values.extend([
                p.name.into(),
                p.gender.into(),
                p.ethnicity.map(str::to_string).into(),
                p.birth.into(),
                p.id_number.into(),
                p.phone.into(),
                p.education.map(str::to_string).into(),
                leaf.id.into(),
                leaf.path.clone().into(),
                p.status.into(),
                p.dates[0].into(),
                p.dates[1].into(),
                p.dates[2].into(),
                p.dates[3].into(),
                Value::Int(None),
                p.dates[4].into(),
                Value::String(None),
                now.into(),
                now.into(),
            ]);
        }
        txn.execute(stmt(backend, &insert_sql(k), values)).await?;
        done += k;
        if done >= next_report || done == n {
            println!(
                "person: {done}/{n} rows ({:.1} s)",
                t.elapsed().as_secs_f64()
            );
            next_report += 100_000;
        }
    }
    let ti = Instant::now();
    for (_, sql) in &indexes {
        txn.execute_unprepared(sql).await?;
    }
    txn.commit().await?;
    println!(
        "person: {n} rows in {:.1} s (indexes rebuilt in {:.1} s)",
        t.elapsed().as_secs_f64(),
        ti.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    refresh_statistics(conn, backend).await?;
    println!("statistics refreshed in {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}

/// The district's org admin (created on first use), signed in.
async fn district_admin(store: &Store) -> anyhow::Result<(i64, String, TreePath, Actor)> {
    let a = org_admin_at(store, DISTRICT_CODE, "bench_people_district").await?;
    Ok((a.node_id, a.name, a.path, a.actor))
}

/// One filter shape of the list: the product's filter and the bare statements' condition.
struct Shape {
    label: &'static str,
    filter: PersonFilter,
    /// Extra condition after the range, with its values.
    cond: &'static str,
    values: Vec<Value>,
}

/// Reads every column of every row, as the ORM would, and returns the ids.
fn person_ids(rows: Vec<QueryResult>) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get_by_index(0)?;
        let _: String = r.try_get_by_index(1)?;
        let _: String = r.try_get_by_index(2)?;
        let _: Option<String> = r.try_get_by_index(3)?;
        let _: NaiveDate = r.try_get_by_index(4)?;
        let _: String = r.try_get_by_index(5)?;
        let _: Option<String> = r.try_get_by_index(6)?;
        let _: Option<String> = r.try_get_by_index(7)?;
        let _: i64 = r.try_get_by_index(8)?;
        let _: String = r.try_get_by_index(9)?;
        let _: String = r.try_get_by_index(10)?;
        for i in 11..15 {
            let _: Option<NaiveDate> = r.try_get_by_index(i)?;
        }
        let _: Option<i32> = r.try_get_by_index(15)?;
        let _: Option<NaiveDate> = r.try_get_by_index(16)?;
        let _: Option<String> = r.try_get_by_index(17)?;
        let _: i64 = r.try_get_by_index(18)?;
        let _: i64 = r.try_get_by_index(19)?;
        ids.push(id);
    }
    Ok(ids)
}

struct Bare<'a> {
    conn: &'a DatabaseConnection,
    backend: DbBackend,
    path: &'a TreePath,
}

impl Bare<'_> {
    fn range(&self) -> Vec<Value> {
        vec![self.path.as_str().into(), self.path.upper_bound().into()]
    }
    fn count_sql(s: &Shape) -> String {
        format!(
            "SELECT COUNT(*) FROM \"person\" WHERE \"person\".\"node_path\" >= ? AND \"person\".\"node_path\" < ? AND {}",
            s.cond
        )
    }
    fn page_sql(s: &Shape) -> String {
        format!(
            "SELECT {PERSON_SELECT} FROM \"person\" WHERE \"person\".\"node_path\" >= ? AND \"person\".\"node_path\" < ? AND {} \
             ORDER BY \"person\".\"node_path\" ASC, \"person\".\"id\" ASC LIMIT ? OFFSET ?",
            s.cond
        )
    }
    fn values(&self, s: &Shape, paged: bool) -> Vec<Value> {
        let mut v = self.range();
        v.extend(s.values.iter().cloned());
        if paged {
            v.push(Value::BigUnsigned(Some(20)));
            v.push(Value::BigUnsigned(Some(0)));
        }
        v
    }
    async fn count(&self, s: &Shape) -> anyhow::Result<i64> {
        Ok(scalar_i64(
            self.conn,
            self.backend,
            &Self::count_sql(s),
            self.values(s, false),
        )
        .await?
        .unwrap_or(0))
    }
    async fn page_rows(&self, s: &Shape) -> Result<Vec<QueryResult>, sea_orm::DbErr> {
        self.conn
            .query_all(stmt(self.backend, &Self::page_sql(s), self.values(s, true)))
            .await
    }
    async fn page(&self, s: &Shape) -> anyhow::Result<Vec<i64>> {
        person_ids(self.page_rows(s).await?)
    }
    /// The names of the page's nodes, as the list's views read them.
    async fn names_lookup(&self, mut node_ids: Vec<i64>) -> anyhow::Result<()> {
        node_ids.sort_unstable();
        node_ids.dedup();
        if node_ids.is_empty() {
            return Ok(());
        }
        let marks = vec!["?"; node_ids.len()].join(", ");
        let sql = format!(
            "SELECT \"org_node\".\"id\", \"org_node\".\"name\" FROM \"org_node\" WHERE \"org_node\".\"id\" IN ({marks})"
        );
        let names = self
            .conn
            .query_all(stmt(
                self.backend,
                &sql,
                node_ids.into_iter().map(Value::from).collect(),
            ))
            .await?;
        for r in names {
            let _: String = r.try_get_by_index(1)?;
        }
        Ok(())
    }
    /// The statements `PeopleRepo::list` sends, written out: the count and the page side by
    /// side on two connections (the list's condition is the bare one: the district's range,
    /// whose path comes with the caller's grants, and the filter), then the names of the
    /// page's nodes.
    async fn product_form(&self, s: &Shape) -> anyhow::Result<Vec<i64>> {
        let (count, rows) = tokio::join!(self.count(s), self.page_rows(s));
        count?;
        let rows = rows?;
        let mut node_ids: Vec<i64> = Vec::with_capacity(rows.len());
        for r in &rows {
            node_ids.push(r.try_get_by_index(8)?);
        }
        let ids = person_ids(rows)?;
        self.names_lookup(node_ids).await?;
        Ok(ids)
    }
    async fn explain(&self, label: &str, sql: &str, values: Vec<Value>) -> anyhow::Result<String> {
        let (prefix, col) = match self.backend {
            DbBackend::Postgres => ("EXPLAIN (ANALYZE, BUFFERS) ", "QUERY PLAN"),
            _ => ("EXPLAIN QUERY PLAN ", "detail"),
        };
        let rows = self
            .conn
            .query_all(stmt(self.backend, &format!("{prefix}{sql}"), values))
            .await?;
        let mut out = format!("-- {label}\n");
        for r in rows {
            let line: String = r.try_get("", col)?;
            out.push_str(&line);
            out.push('\n');
        }
        Ok(out)
    }
}

struct ShapeResult {
    label: &'static str,
    total: i64,
    product: Stat,
    bare: Stat,
    bare_count: Stat,
    bare_page: Stat,
    product_form: Stat,
    lookups: Stat,
}

struct ListReport {
    title: String,
    setup: String,
    shapes: Vec<ShapeResult>,
    plans: String,
}

async fn bench_list(
    title: &str,
    url: &str,
    args: &BenchPeopleArgs,
    budget: Budget,
) -> anyhow::Result<ListReport> {
    println!("== scoped list, {title}: {}", redact(url));
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let mut setup = String::new();
    let have = scalar_i64(conn, backend, "SELECT COUNT(*) FROM person", vec![])
        .await?
        .unwrap_or(0);
    if have > 0 && args.reuse {
        println!("reusing the {have} people already present");
        refresh_statistics(conn, backend).await?;
        let _ = writeln!(setup, "Data reused (`--reuse`).");
    } else {
        if have > 0 {
            bail!("the database already holds people; pass --reuse or use an empty database");
        }
        let t = Instant::now();
        let shape = CityShape {
            nodes: args.nodes,
            rows: 0,
            seed: args.seed,
            ..CityShape::default()
        };
        generate_city(&store, &shape).await?;
        let tree_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        insert_people(&store, args.people, args.seed, &HashSet::new()).await?;
        let _ = writeln!(
            setup,
            "Data generated: the tree in {tree_s:.0} s (`generate_city`, no audit entries), the \
             people in {:.0} s (multi-row `INSERT`s, indexes rebuilt, statistics refreshed).",
            t.elapsed().as_secs_f64()
        );
    }
    let nodes = scalar_i64(conn, backend, "SELECT COUNT(*) FROM org_node", vec![])
        .await?
        .unwrap_or(0);
    let people = scalar_i64(conn, backend, "SELECT COUNT(*) FROM person", vec![])
        .await?
        .unwrap_or(0);
    let (node_id, name, path, actor) = district_admin(&store).await?;
    let in_scope = scalar_i64(
        conn,
        backend,
        "SELECT COUNT(*) FROM person WHERE node_path >= ? AND node_path < ?",
        vec![path.as_str().into(), path.upper_bound().into()],
    )
    .await?
    .unwrap_or(0);
    let _ = writeln!(
        setup,
        "{nodes} organization nodes, {people} people on the deepest nodes. The caller is the \
         org admin (组织管理员) of district {name} ({DISTRICT_CODE}, `{}`), signed in through \
         `Auth::login`; {in_scope} people in its scope.",
        path.as_str()
    );

    let shapes = [
        Shape {
            label: "status = full",
            filter: PersonFilter {
                under: Some(node_id),
                status: Some("full".into()),
                ..Default::default()
            },
            cond: "\"person\".\"status\" = ?",
            values: vec!["full".into()],
        },
        Shape {
            label: "name contains 华",
            filter: PersonFilter {
                under: Some(node_id),
                q: Some(NAME_Q.into()),
                ..Default::default()
            },
            cond: "\"person\".\"name\" LIKE ? ESCAPE '\\'",
            values: vec![touyan_storage::kit::sql::like_contains(NAME_Q).into()],
        },
    ];
    let bare = Bare {
        conn,
        backend,
        path: &path,
    };
    let repo = || store.scoped(&actor);
    let mut results = Vec::new();
    let mut plans = String::new();
    for s in &shapes {
        // The product and the bare statements must agree before they are timed.
        let page = repo()
            .people()
            .list(&s.filter, PageRequest::default(), false)
            .await?;
        let ids: Vec<i64> = page.items.iter().map(|p| p.id).collect();
        let page_nodes: Vec<i64> = page.items.iter().map(|p| p.node_id).collect();
        let count = bare.count(s).await?;
        let bare_ids = bare.page(s).await?;
        if page.total as i64 != count || ids != bare_ids || bare.product_form(s).await? != ids {
            bail!(
                "{}: PeopleRepo::list (total {}, first {:?}) disagrees with the bare statements (total {count}, first {:?})",
                s.label,
                page.total,
                ids.first(),
                bare_ids.first()
            );
        }
        println!("-- {}: {count} matches", s.label);
        if args.explain {
            plans.push_str(&format!("== {}\n", s.label));
            plans.push_str(
                &bare
                    .explain("count", &Bare::count_sql(s), bare.values(s, false))
                    .await?,
            );
            plans.push_str(
                &bare
                    .explain("page", &Bare::page_sql(s), bare.values(s, true))
                    .await?,
            );
        }
        let product = measure(budget, || async {
            Ok::<_, anyhow::Error>(
                repo()
                    .people()
                    .list(&s.filter, PageRequest::default(), false)
                    .await?,
            )
        })
        .await?;
        let bare_both = measure(budget, || async {
            let c = bare.count(s).await?;
            let p = bare.page(s).await?;
            Ok::<_, anyhow::Error>((c, p))
        })
        .await?;
        let bare_count = measure(budget, || bare.count(s)).await?;
        let bare_page = measure(budget, || bare.page(s)).await?;
        let product_form = measure(budget, || bare.product_form(s)).await?;
        let lookups = measure(budget, || bare.names_lookup(page_nodes.clone())).await?;
        println!(
            "   PeopleRepo::list {} | bare count + page {} | count {} | page {} | product's statements {}",
            product.cell(),
            bare_both.cell(),
            bare_count.cell(),
            bare_page.cell(),
            product_form.cell()
        );
        results.push(ShapeResult {
            label: s.label,
            total: count,
            product,
            bare: bare_both,
            bare_count,
            bare_page,
            product_form,
            lookups,
        });
    }
    store.raw_connection().clone().close().await?;
    Ok(ListReport {
        title: title.to_string(),
        setup,
        shapes: results,
        plans,
    })
}

// ---------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let n = s.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

fn best(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn render_import(f: &FileInfo, reports: &[ImportReport], nodes: usize) -> String {
    let mut s = String::new();
    let read_med = median(&f.read);
    let read_best = best(&f.read);
    let _ = writeln!(s, "### Import of {} people\n", f.rows.len());
    let coded = f.rows.iter().filter(|r| r.codes).count();
    let by_code = f.rows.iter().filter(|r| r.node.starts_with("CY-")).count();
    let _ = writeln!(
        s,
        "File: {} data rows under the template's {} headers ({}), {:.1} MB, {} cells; written in \
         {:.1} s. Nodes named by code in {} rows and by path of names in {}; gender, education and \
         status as the template's labels in {} rows and as codes in {}; dates as date cells.\n",
        f.rows.len(),
        f.header.len(),
        f.header.join(", "),
        f.bytes.len() as f64 / 1e6,
        f.cells,
        f.gen_ms / 1000.0,
        by_code,
        f.rows.len() - by_code,
        f.rows.len() - coded,
        coded,
    );
    let _ = writeln!(
        s,
        "calamine alone (open the workbook from memory, read every cell with the streaming \
         reader the import uses): best {} ms, median {} ms of {} reads ({}).\n",
        fmt_ms(read_best),
        fmt_ms(read_med),
        f.read.len(),
        f.read
            .iter()
            .map(|v| fmt_ms(*v))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        s,
        "`POST /api/v1/people/import` as the signed-in admin, each into a fresh database holding \
         only the {nodes}-node city tree (rows marked \"people stored\": and that many people \
         already, none sharing a number with the file, written with the list data's loader \
         before the server starts), timed from sending the request to the whole 200 answer; \
         the process's peak RSS (client, server and, on SQLite, the database engine) reset \
         just before:\n"
    );
    let _ = writeln!(
        s,
        "| backend | imports (ms) | median | best | median / calamine median | best / calamine best | calamine just before and after each import (ms) | each import / the mean of its two reads | median of those | target < 3× | peak RSS per run | peak − RSS before, per run |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---|---|---:|---|---|---|");
    for r in reports {
        let ms: Vec<f64> = r.runs.iter().map(|x| x.ms).collect();
        let (m, b) = (median(&ms), best(&ms));
        let ratio = m / read_med;
        let paired: Vec<f64> = r
            .runs
            .iter()
            .map(|x| x.ms / ((x.read_ms[0] + x.read_ms[1]) / 2.0))
            .collect();
        let paired_med = median(&paired);
        let mem = |f: &dyn Fn(&Memory) -> u64| {
            r.runs
                .iter()
                .map(|x| {
                    if x.mem.peak > 0 {
                        fmt_mib(f(&x.mem))
                    } else {
                        "n/a".into()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.label(),
            ms.iter()
                .map(|v| format!("{v:.0}"))
                .collect::<Vec<_>>()
                .join(", "),
            fmt_ms(m),
            fmt_ms(b),
            fmt_ratio(ratio),
            fmt_ratio(b / read_best),
            r.runs
                .iter()
                .map(|x| format!("{:.0}/{:.0}", x.read_ms[0], x.read_ms[1]))
                .collect::<Vec<_>>()
                .join(", "),
            paired
                .iter()
                .map(|v| fmt_ratio(*v))
                .collect::<Vec<_>>()
                .join(", "),
            fmt_ratio(paired_med),
            match (ratio < 3.0, paired_med < 3.0) {
                (true, true) => "met",
                (false, false) => "**missed**",
                (false, true) =>
                    "**missed** against calamine's median; met against the reads around each import",
                (true, false) =>
                    "**missed** against the reads around each import; met against calamine's median",
            },
            mem(&|x| x.peak),
            mem(&|x| x.peak.saturating_sub(x.before)),
        );
    }
    let before: Vec<String> = reports
        .iter()
        .flat_map(|r| r.runs.iter().map(|x| fmt_mib(x.mem.before)))
        .collect();
    let _ = writeln!(
        s,
        "\nBefore each import the allocators' free memory is handed back (`mi_collect`, `malloc_trim`), then \
         the peak is reset; the resident size just before was {} (the runs in table order). \
         Setting up a fresh database and server took about {} s per run (not timed).\n",
        before.join(", "),
        reports
            .iter()
            .map(|r| format!("{:.1} ({})", r.setup_ms / 1000.0, r.label()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if reports.iter().any(|r| r.storage_ms.is_some()) {
        let _ = writeln!(
            s,
            "Where the time goes: the same rows handed to `PeopleRepo::import` directly (no HTTP, \
             no workbook; one run, into another fresh database), and its steps redone one at a \
             time with public pieces (one run, into a third fresh database): building the node \
             resolver (`import_nodes`) and resolving every row; `PersonInput::parse` of every \
             row; the duplicate lookup (`SELECT` of the people holding 400 numbers, per 400 \
             rows); and the rows written as bare multi-row `INSERT`s of 400 rows in one \
             transaction, in the order the import writes them (each batch of 5 000 by node \
             path, then number), first into the table as it is, then (on a fourth fresh \
             database) with its indexes and, on PostgreSQL, its foreign key set aside and \
             built again (`touyan_storage::bulk`), as the import does into a ledger of fewer \
             than 5 000 people, which is what every import of the first series is. \"Steps of the load \
             together\" adds the resolver, the parse and the second write (a load reads the \
             stored people once instead of looking numbers up per batch). Milliseconds:\n"
        );
        let _ = writeln!(
            s,
            "| backend | HTTP import, median | `PeopleRepo::import` alone | resolver | parse | duplicate lookup | bare inserts, indexes kept | bare inserts, indexes set aside and built again | steps of the load together | `import` alone − those steps |"
        );
        let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for r in reports.iter().filter(|r| r.stored == 0) {
            let ms: Vec<f64> = r.runs.iter().map(|x| x.ms).collect();
            let cell = |v: Option<f64>| v.map_or("not run".to_string(), |v| format!("{v:.0}"));
            let steps = r.phases.map(|p| p.nodes + p.parse + p.load_insert);
            let _ = writeln!(
                s,
                "| {} | {:.0} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.title,
                median(&ms),
                cell(r.storage_ms),
                cell(r.phases.map(|p| p.nodes)),
                cell(r.phases.map(|p| p.parse)),
                cell(r.phases.map(|p| p.lookup)),
                cell(r.phases.map(|p| p.insert)),
                cell(r.phases.map(|p| p.load_insert)),
                cell(steps),
                cell(r.storage_ms.zip(steps).map(|(a, b)| a - b)),
            );
        }
        let _ = writeln!(s);
    }
    s
}

fn render_list(r: &ListReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### Scoped list, {}\n", r.title);
    let _ = writeln!(s, "{}", r.setup);
    let _ = writeln!(
        s,
        "First page of 20 (ordered by node path, then id) plus the total, as the district's org \
         admin. Milliseconds, median (95th percentile):\n"
    );
    let _ = writeln!(
        s,
        "| filter | matches | `PeopleRepo::list` | bare count + page | list / bare | target ≤ 1.5× | bare count | bare page | n |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---|---:|---:|---:|");
    for x in &r.shapes {
        let ratio = x.product.median / x.bare.median;
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            x.label,
            x.total,
            x.product.cell(),
            x.bare.cell(),
            fmt_ratio(ratio),
            if ratio <= 1.5 { "met" } else { "**missed**" },
            x.bare_count.cell(),
            x.bare_page.cell(),
            x.product.n.min(x.bare.n),
        );
    }
    let _ = writeln!(
        s,
        "\nThe list's statements written out and timed bare: the bare count and page sent side \
         by side on two connections, as the list sends them (the district's path comes with the \
         caller's grants, so no node is read first), then the names of the page's nodes; and \
         that names lookup alone:\n"
    );
    let _ = writeln!(
        s,
        "| filter | the list's statements, bare | names lookup | list / its statements |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|");
    for x in &r.shapes {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            x.label,
            x.product_form.cell(),
            x.lookups.cell(),
            fmt_ratio(x.product.median / x.product_form.median),
        );
    }
    let _ = writeln!(s);
    s
}

// ---------------------------------------------------------------------------------------
// Entry
// ---------------------------------------------------------------------------------------

pub async fn run(args: BenchPeopleArgs) -> anyhow::Result<()> {
    let budget = Budget {
        iterations: args.iterations.max(1),
        warmup: args.warmup,
        limit: Duration::from_secs(args.budget_secs.max(1)),
    };
    let mut backends: Vec<(&str, String, String, bool)> = Vec::new();
    if !args.no_sqlite {
        let dir = args
            .sqlite_dir
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("touyan-bench-people"));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let list = dir.join("list.db");
        if !args.reuse {
            remove_sqlite(&list);
        }
        backends.push((
            "SQLite",
            format!("sqlite://{}", dir.join("import.db").display()),
            format!("sqlite://{}", list.display()),
            false,
        ));
    }
    if let Some(url) = &args.postgres {
        let (_, db, _) = split_db_url(url)?;
        backends.push((
            "PostgreSQL",
            with_db(url, &format!("{db}_import"))?,
            url.clone(),
            true,
        ));
    }
    if backends.is_empty() {
        bail!("nothing to measure: SQLite skipped and no --postgres URL given");
    }

    let mut md = String::new();
    if !args.no_import {
        let mut file = None;
        let mut reports = Vec::new();
        for (title, import_url, _, pg) in &backends {
            reports.push(
                bench_import(title, import_url, *pg, &args, &mut file, 0)
                    .await
                    .with_context(|| format!("{title} import"))?,
            );
        }
        if args.stored > 0 {
            for (title, import_url, _, pg) in &backends {
                reports.push(
                    bench_import(title, import_url, *pg, &args, &mut file, args.stored)
                        .await
                        .with_context(|| format!("{title} import into a stored ledger"))?,
                );
            }
        }
        if let Some(f) = &file {
            md.push_str(&render_import(f, &reports, args.nodes));
        }
    }
    if !args.no_list {
        let _ = writeln!(
            md,
            "Scoped-list timings: {} timed iterations after {} warm-up ones, fewer when a \
             measurement passed its {} s budget (n below).\n",
            budget.iterations,
            budget.warmup,
            budget.limit.as_secs()
        );
        let mut plans = String::new();
        for (title, _, list_url, pg) in &backends {
            if *pg {
                prepare_postgres(list_url, !args.reuse).await?;
            }
            let r = bench_list(title, list_url, &args, budget)
                .await
                .with_context(|| format!("{title} scoped list"))?;
            md.push_str(&render_list(&r));
            if args.explain {
                let _ = writeln!(plans, "## Plans, {}\n\n```\n{}```\n", r.title, r.plans);
            }
        }
        if args.explain {
            println!("{plans}");
        }
    }
    println!("\n{md}");
    if let Some(out) = &args.out {
        std::fs::write(out, &md).with_context(|| format!("writing {}", out.display()))?;
        println!("report written to {}", out.display());
    }
    Ok(())
}
