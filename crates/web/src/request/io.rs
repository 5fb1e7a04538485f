//! Orders transferred by the 12345 hotline as a spreadsheet: the template with dropdowns and
//! Chinese (or English) headers, and the all-or-nothing import with a cell-by-cell report and
//! a marked copy. The API and the pages both call these.

use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::import_answer::Imported;
use crate::sheet::{self, ColumnKind, ColumnSpec, Row, SheetSpec};
use crate::{upload_guard, xlsx};
use axum::body::Bytes;
use axum::response::Response;
use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Reader, Xlsx};
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;
use std::io::Cursor;
use touyan_domain::request::intake::Urgency;
use touyan_storage::kit::import::ImportOutcome;
use touyan_storage::request::import::HotlineRow;
use touyan_storage::Scoped;

/// Most nodes the template's dropdown lists.
const NODE_CHOICES: u64 = 20_000;

/// The columns, in the order of the hotline's own export: key, required, width. Every
/// column is text so order numbers and phones stay exact and typed times stay as typed.
const COLUMNS: [(&str, bool, f64); 9] = [
    ("hotline_no", true, 22.0),
    ("called_at", true, 18.0),
    ("category", true, 14.0),
    ("node", true, 30.0),
    ("address", false, 28.0),
    ("description", true, 48.0),
    ("contact_name", true, 12.0),
    ("contact_phone", true, 16.0),
    ("urgency", false, 10.0),
];

/// Excel serial numbers read as call times when a cell holds a plain number:
/// 2000-01-01 ..= 2099-12-31 in the 1900 system.
const SERIAL_CALLS: std::ops::RangeInclusive<f64> = 36526.0..=73051.0;

fn both(key: &str) -> [String; 2] {
    [
        Tr::new(Lang::ZhCn).t(key).to_string(),
        Tr::new(Lang::En).t(key).to_string(),
    ]
}

fn urgency_key(code: &str) -> String {
    format!("rvisit.urgency.{code}")
}

/// The sheet; `nodes` and `categories` fill the dropdowns.
pub fn spec(tr: Tr, nodes: Vec<String>, categories: Vec<String>) -> SheetSpec {
    let mut nodes = Some(nodes);
    let mut categories = Some(categories);
    let columns = COLUMNS
        .iter()
        .map(|(key, required, width)| {
            let hk = format!("rimport.col.{key}");
            let choices = match *key {
                "node" => nodes.take().filter(|n| !n.is_empty()),
                "category" => categories.take().filter(|c| !c.is_empty()),
                "urgency" => Some(
                    Urgency::ALL
                        .iter()
                        .map(|u| tr.t(&urgency_key(u.code())).to_string())
                        .collect(),
                ),
                _ => None,
            };
            ColumnSpec {
                key,
                header: tr.t(&hk).to_string(),
                aliases: both(&hk).to_vec(),
                required: *required,
                choices,
                kind: ColumnKind::Text,
                width: *width,
            }
        })
        .collect();
    SheetSpec {
        name: tr.t("rimport.sheet").to_string(),
        columns,
    }
}

/// A blank template for the caller: the nodes where it takes in orders, the categories and
/// the urgencies to pick.
pub async fn template(s: &Scoped<'_>, tr: Tr) -> WebResult<Response> {
    let nodes = s.requests().import_nodes(NODE_CHOICES).await?.labels;
    let categories = s
        .visits()
        .categories()
        .await?
        .into_iter()
        .map(|c| {
            if tr.lang == Lang::En {
                c.name_en
            } else {
                c.name_zh
            }
        })
        .collect();
    let spec = spec(tr, nodes, categories);
    let bytes = sheet::template(&spec, tr.t("rimport.sheet_dict"), &[])
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!(
        "{}-{}.xlsx",
        tr.t("rimport.sheet"),
        tr.t("import.template_suffix")
    );
    Ok(xlsx::attachment(&name, bytes))
}

/// Urgency codes by themselves and by their labels in either language.
fn urgencies() -> HashMap<String, &'static str> {
    let mut m = HashMap::new();
    for u in Urgency::ALL {
        m.insert(u.code().to_string(), u.code());
        for l in both(&urgency_key(u.code())) {
            m.insert(l.to_lowercase(), u.code());
        }
    }
    m
}

/// A header text reduced for matching, as the sheet reader does.
fn header_key(text: &str) -> String {
    text.trim()
        .trim_start_matches(['*', '＊'])
        .trim()
        .to_ascii_lowercase()
}

/// `YYYY-MM-DD HH:MM:SS` of an Excel serial date-time.
fn serial_time(serial: f64, is_1904: bool) -> Option<String> {
    let epoch = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)
    }?
    .and_hms_opt(0, 0, 0)?;
    if !serial.is_finite() || serial < 0.0 {
        return None;
    }
    let seconds = (serial * 86_400.0).round() as i64;
    let at = epoch.checked_add_signed(Duration::seconds(seconds))?;
    Some(at.format("%Y-%m-%d %H:%M:%S").to_string())
}

/// A call time held as an Excel date-time (or a bare serial number), as text.
fn cell_time(cell: &Data) -> Option<String> {
    match cell {
        Data::DateTime(dt) => {
            let f = dt.as_f64();
            // calamine hides the flags unless its chrono feature is on; equality with rebuilt
            // values reveals them.
            let like = |kind, is_1904| *dt == ExcelDateTime::new(f, kind, is_1904);
            if like(ExcelDateTimeType::TimeDelta, false) || like(ExcelDateTimeType::TimeDelta, true)
            {
                return None;
            }
            serial_time(f, like(ExcelDateTimeType::DateTime, true))
        }
        Data::Float(f) if SERIAL_CALLS.contains(f) => serial_time(*f, false),
        Data::DateTimeIso(s) => Some(s.trim().replace('T', " ")),
        _ => None,
    }
}

/// The sheet reader keeps the day of a date-time cell only; call times need the time of day.
/// Reads the call-time column again, cell by cell as the reader streams them (never the whole
/// sheet at once), answering the full time of every cell that holds one, by spreadsheet row
/// number.
fn call_times(bytes: &[u8], spec: &SheetSpec, col: usize) -> HashMap<u32, String> {
    let mut out = HashMap::new();
    let Ok(mut book) = Xlsx::<Cursor<&[u8]>>::new(Cursor::new(bytes)) else {
        return out;
    };
    let names = book.sheet_names();
    let Some(name) = names
        .iter()
        .find(|n| **n == spec.name)
        .or_else(|| names.first())
        .cloned()
    else {
        return out;
    };
    let Ok(mut cells) = book.worksheet_cells_reader(&name) else {
        return out;
    };
    let c = &spec.columns[col];
    let keys: Vec<String> = std::iter::once(&c.header)
        .chain(&c.aliases)
        .map(|h| header_key(h))
        .collect();
    // The header is the first row with any text; the column is its first cell matching.
    let mut header: Option<u32> = None;
    let mut at: Option<u32> = None;
    let mut seen = 0usize;
    while let Ok(Some(cell)) = cells.next_cell() {
        seen += 1;
        if seen > sheet::MAX_CELLS {
            break;
        }
        let (r, c) = cell.get_position();
        match header {
            Some(h) if r != h => {
                let Some(p) = at else {
                    break;
                };
                if c == p {
                    if let Some(t) = cell_time(&Data::from(cell.get_value().clone())) {
                        out.insert(r + 1, t);
                    }
                }
            }
            _ if at.is_some() => {}
            _ => {
                let text = Data::from(cell.get_value().clone()).to_string();
                if text.trim().is_empty() {
                    continue;
                }
                header = Some(r);
                if keys.contains(&header_key(&text)) {
                    at = Some(c);
                }
            }
        }
    }
    out
}

/// Reads, checks and (when every cell is good) writes one hotline file. The file is read on
/// a blocking thread, after the archive check (`upload_guard`).
pub async fn import(s: &Scoped<'_>, tr: Tr, filename: &str, bytes: Bytes) -> WebResult<Imported> {
    let spec = spec(tr, vec![], vec![]);
    let read_spec = spec.clone();
    let mut rows =
        upload_guard::read_off_runtime(bytes.clone(), move |b| sheet::read(b, &read_spec)).await?;
    let at: HashMap<&str, usize> = spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key, i))
        .collect();
    let called = at["called_at"];
    // A value without a time of day may be a date-time cell the reader cut to its day.
    if rows
        .iter()
        .any(|r| !r.values[called].is_empty() && !r.values[called].contains(':'))
    {
        let times_spec = spec.clone();
        let times =
            upload_guard::off_runtime(move || Ok(call_times(&bytes, &times_spec, called))).await?;
        for r in &mut rows {
            if let Some(t) = times.get(&r.number) {
                r.values[called] = t.clone();
            }
        }
    }
    let get = |r: &Row, key: &str| -> String {
        at.get(key)
            .and_then(|i| r.values.get(*i).cloned())
            .unwrap_or_default()
    };
    let urgency = urgencies();
    let data = rows
        .iter()
        .map(|r| {
            let u = get(r, "urgency");
            HotlineRow {
                row: r.number,
                hotline_no: get(r, "hotline_no"),
                called_at: get(r, "called_at"),
                category: get(r, "category"),
                node: get(r, "node"),
                address: get(r, "address"),
                description: get(r, "description"),
                contact_name: get(r, "contact_name"),
                contact_phone: get(r, "contact_phone"),
                urgency: urgency
                    .get(&u.trim().to_lowercase())
                    .map_or(u.clone(), |c| c.to_string()),
            }
        })
        .collect();
    match s.requests().import_hotline(data, filename).await? {
        ImportOutcome::Imported(n) => Ok(Imported::Done(n)),
        ImportOutcome::Refused(errors) => {
            let (cells, report) =
                crate::import_answer::refused(s, tr, spec, rows, &errors, filename).await?;
            Ok(Imported::Refused { cells, report })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format, Workbook};

    #[test]
    fn serials_become_call_times() {
        assert_eq!(
            serial_time(46085.5, false).as_deref(),
            Some("2026-03-04 12:00:00")
        );
        assert_eq!(
            serial_time(46085.0 + 9.5 / 24.0, false).as_deref(),
            Some("2026-03-04 09:30:00")
        );
        assert_eq!(
            serial_time(0.0, true).as_deref(),
            Some("1904-01-01 00:00:00")
        );
        assert_eq!(serial_time(-1.0, false), None);
        assert_eq!(cell_time(&Data::Float(12.0)), None, "not a plausible call");
        assert_eq!(
            cell_time(&Data::DateTimeIso("2026-03-04T09:30:00".into())).as_deref(),
            Some("2026-03-04 09:30:00")
        );
    }

    #[test]
    fn date_time_cells_keep_their_time_of_day() {
        let tr = Tr::new(Lang::ZhCn);
        let mut spec = spec(tr, vec![], vec![]);
        spec.columns.truncate(2);
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("12345工单").unwrap();
        ws.write_string(0, 0, "*工单编号").unwrap();
        ws.write_string(0, 1, "来电时间").unwrap();
        ws.write_string(1, 0, "WF-20260304-0001").unwrap();
        let fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        ws.write_number_with_format(1, 1, 46085.0 + 9.5 / 24.0, &fmt)
            .unwrap();
        ws.write_string(2, 0, "WF-20260304-0002").unwrap();
        ws.write_string(2, 1, "2026-03-04 10:00").unwrap();
        ws.write_string(3, 0, "WF-20260304-0003").unwrap();
        ws.write_number(3, 1, 46085.75).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let rows = sheet::read(&bytes, &spec).unwrap();
        assert_eq!(rows[0].values[1], "2026-03-04", "the reader keeps the day");
        let times = call_times(&bytes, &spec, 1);
        assert_eq!(
            times.get(&2).map(String::as_str),
            Some("2026-03-04 09:30:00")
        );
        assert_eq!(times.get(&3), None, "text stays as typed");
        assert_eq!(
            times.get(&4).map(String::as_str),
            Some("2026-03-04 18:00:00")
        );
    }

    #[test]
    fn urgencies_by_code_or_label() {
        let u = urgencies();
        assert_eq!(u.get("特急"), Some(&"critical"));
        assert_eq!(u.get("urgent"), Some(&"urgent"));
        assert_eq!(u.get("normal"), Some(&"normal"));
    }
}
