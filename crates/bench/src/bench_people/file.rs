//! The import file: its columns as the template names them, its rows, written as .xlsx, read
//! back cell by cell and posted as a multipart body.

use super::*;

pub(super) fn col_of(header: &str) -> Col {
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

impl Template {
    pub(super) fn parse(bytes: &[u8]) -> anyhow::Result<Template> {
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
pub(super) fn label_or_code(
    labels: &[String],
    codes: &[&str],
    code: &str,
    use_code: bool,
) -> String {
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

pub(super) fn file_rows(n: usize, leaves: &[Leaf], seed: u64) -> Vec<FileRow> {
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

pub(super) const GENDER_CODES: [&str; 2] = ["male", "female"];

pub(super) fn status_codes() -> Vec<&'static str> {
    STATUS_MIX.iter().map(|s| s.0).collect()
}

/// The people file: the template's sheet name and header row as they are, then one row per
/// person; dates as date cells formatted yyyy-mm-dd, everything else as text.
pub(super) fn write_file(t: &Template, rows: &[FileRow]) -> anyhow::Result<Vec<u8>> {
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
pub(crate) fn read_every_cell(bytes: &[u8]) -> anyhow::Result<(u64, u64)> {
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

pub(crate) fn multipart_body(filename: &str, bytes: &[u8]) -> (String, Vec<u8>) {
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
