//! The sheet kit's tests: templates, reading, marked copies and cell texts.

use super::*;
use calamine::{Data, Range};
use std::io::Read;

fn col(key: &'static str, header: &str, alias: &str, kind: ColumnKind) -> ColumnSpec {
    ColumnSpec {
        key,
        header: header.to_owned(),
        aliases: vec![alias.to_owned()],
        required: false,
        choices: None,
        kind,
        width: 14.0,
    }
}

fn spec() -> SheetSpec {
    let mut name = col("name", "姓名", "Name", ColumnKind::Text);
    name.required = true;
    let mut id = col("id_number", "身份证号", "ID number", ColumnKind::Text);
    id.required = true;
    let mut gender = col("gender", "性别", "Gender", ColumnKind::Text);
    gender.choices = Some(vec!["男".to_owned(), "女".to_owned()]);
    SheetSpec {
        name: "人员".to_owned(),
        columns: vec![
            name,
            id,
            col("phone", "手机号", "Phone", ColumnKind::Text),
            gender,
            col("birth", "出生日期", "Birth date", ColumnKind::Date),
            col("score", "分数", "Score", ColumnKind::Number),
        ],
    }
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// A one-sheet workbook named `name`, filled by `fill`.
fn book(
    name: &str,
    fill: impl FnOnce(&mut Worksheet) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> Vec<u8> {
    let mut ws = Worksheet::new();
    ws.set_name(name).unwrap();
    fill(&mut ws).unwrap();
    let mut wb = Workbook::new();
    wb.push_worksheet(ws);
    wb.save_to_buffer().unwrap()
}

fn write_row(
    ws: &mut Worksheet,
    r: u32,
    values: &[&str],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (c, v) in values.iter().enumerate() {
        ws.write_string(r, c as u16, *v)?;
    }
    Ok(())
}

fn zip_text(bytes: &[u8], path: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(path)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn calamine_range(bytes: &[u8], sheet: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    wb.worksheet_range(sheet).unwrap()
}

#[test]
fn template_reads_back_with_its_examples() {
    let spec = spec();
    let examples = vec![
        strings(&[
            "张三",
            "110101199003071234",
            "13812345678",
            "男",
            "1990-03-07",
            "90",
        ]),
        strings(&["李四", "11010119850101002X", "", "女", "", ""]),
    ];
    let bytes = template(&spec, "字典", &examples).unwrap();

    let header = calamine_range(&bytes, "人员");
    let first: Vec<String> = header
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        first,
        ["*姓名", "*身份证号", "手机号", "性别", "出生日期", "分数"]
    );

    let rows = read(&bytes, &spec).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].number, 2);
    assert_eq!(rows[0].values, examples[0]);
    assert_eq!(rows[1].number, 3);
    assert_eq!(rows[1].values, examples[1]);
}

#[test]
fn a_filled_template_reads_back_with_its_guarded_columns() {
    let spec = spec();
    let lines = vec![
        strings(&["张三", "110101199003071234", "", "男", "1990-03-07", "90.5"]),
        strings(&["李四", "11010119850101002X", "", "女", "", "12"]),
    ];
    let guard = Guard {
        hidden: vec![1],
        locked: vec![0, 1],
    };
    let bytes = filled(&spec, "字典", &lines, &guard).unwrap();
    assert_eq!(read(&bytes, &spec).unwrap()[0].values, lines[0]);
    assert_eq!(read(&bytes, &spec).unwrap()[1].values, lines[1]);
    // Figures are numbers, the key column hidden, the sheet protected; the open columns'
    // cells unlocked, the guarded ones not.
    let range = calamine_range(&bytes, "人员");
    assert_eq!(range.get_value((1, 5)), Some(&Data::Float(90.5)));
    let xml = zip_text(&bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<sheetProtection"), "{xml}");
    assert!(xml.contains(r#"<col min="2" max="2""#) && xml.contains(r#"hidden="1""#));
    let styles = zip_text(&bytes, "xl/styles.xml");
    assert!(styles.contains(r#"<protection locked="0"/>"#), "{styles}");
}

#[test]
fn headers_match_by_alias_star_spaces_and_case_in_any_order() {
    let bytes = book("Sheet1", |ws| {
        write_row(ws, 0, &[" * id NUMBER ", "Remark", "＊Name", "出生日期 "])?;
        write_row(
            ws,
            1,
            &["320102198001011234", "ignored", "王五", "1980-01-01"],
        )
    });
    let rows = read(&bytes, &spec()).unwrap();
    assert_eq!(
        rows,
        vec![Row {
            number: 2,
            values: strings(&["王五", "320102198001011234", "", "", "1980-01-01", ""]),
        }]
    );
}

#[test]
fn named_sheet_is_preferred_over_the_first() {
    let mut first = Worksheet::new();
    first.set_name("说明").unwrap();
    write_row(&mut first, 0, &["姓名", "身份证号"]).unwrap();
    write_row(&mut first, 1, &["wrong", "sheet"]).unwrap();
    let mut second = Worksheet::new();
    second.set_name("人员").unwrap();
    write_row(&mut second, 0, &["姓名", "身份证号"]).unwrap();
    write_row(&mut second, 1, &["right", "sheet"]).unwrap();
    let mut wb = Workbook::new();
    wb.push_worksheet(first);
    wb.push_worksheet(second);
    let rows = read(&wb.save_to_buffer().unwrap(), &spec()).unwrap();
    assert_eq!(rows[0].values[..2], ["right", "sheet"]);
}

#[test]
fn numbers_read_as_exact_digit_strings() {
    let bytes = book("人员", |ws| {
        write_row(ws, 0, &["姓名", "身份证号", "手机号", "分数", "性别"])?;
        // What Excel keeps of an 18-digit id typed as a number, and one
        // that only 17 significant digits tell apart from its neighbours.
        ws.write_string(1, 0, "a")?;
        ws.write_number(1, 1, 110105194912310000.0)?;
        ws.write_number(1, 2, 13812345678.0)?;
        ws.write_number(1, 3, 3.25)?;
        ws.write_boolean(1, 4, true)?;
        ws.write_string(2, 0, "b")?;
        ws.write_number(2, 1, 110101199003071230.0)?;
        ws.write_number(2, 2, -0.0)?;
        ws.write_number(2, 3, 0.1)?;
        Ok(())
    });
    let rows = read(&bytes, &spec()).unwrap();
    assert_eq!(
        rows[0].values,
        strings(&["a", "110105194912310000", "13812345678", "true", "", "3.25"])
    );
    assert_eq!(
        rows[1].values,
        strings(&["b", "110101199003071230", "0", "", "", "0.1"])
    );
}

#[test]
fn dates_read_as_iso_days() {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy/m/d hh:mm");
    let bytes = book("人员", |ws| {
        write_row(ws, 0, &["姓名", "身份证号", "出生日期", "手机号"])?;
        ws.write_string(1, 0, "date cell")?;
        ws.write_number_with_format(1, 2, 45000.0, &date)?;
        ws.write_number_with_format(1, 3, 45000.0, &date)?;
        ws.write_string(2, 0, "date-time just before midnight")?;
        ws.write_number_with_format(2, 2, 45000.999_999_999, &date_time)?;
        ws.write_string(3, 0, "serial in a date column")?;
        ws.write_number(3, 2, 32939.0)?;
        ws.write_number(3, 3, 32939.0)?;
        ws.write_string(4, 0, "not a sensible serial")?;
        ws.write_number(4, 2, 19900307.0)?;
        ws.write_string(5, 0, "a year")?;
        ws.write_number(5, 2, 1990.0)?;
        Ok(())
    });
    let rows = read(&bytes, &spec()).unwrap();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.values[4].as_str(), r.values[2].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("2023-03-15", "2023-03-15"),
            ("2023-03-16", ""),
            ("1990-03-07", "32939"),
            ("19900307", ""),
            ("1990", ""),
        ]
    );
}

#[test]
fn serials_convert_like_excel() {
    assert_eq!(serial_date(1.0, false).as_deref(), Some("1900-01-01"));
    assert_eq!(serial_date(59.0, false).as_deref(), Some("1900-02-28"));
    assert_eq!(serial_date(61.0, false).as_deref(), Some("1900-03-01"));
    assert_eq!(serial_date(36526.5, false).as_deref(), Some("2000-01-01"));
    assert_eq!(
        serial_date(SERIAL_MAX, false).as_deref(),
        Some("9999-12-31")
    );
    assert_eq!(serial_date(0.0, true).as_deref(), Some("1904-01-01"));
    assert_eq!(serial_date(0.5, false), None);
    assert_eq!(
        serial_date(*SERIAL_DATES.start(), false).as_deref(),
        Some("1910-01-01")
    );
    assert_eq!(
        serial_date(*SERIAL_DATES.end(), false).as_deref(),
        Some("2099-12-31")
    );
    let in_1904 = ExcelDateTime::new(0.0, ExcelDateTimeType::DateTime, true);
    assert_eq!(
        cell_text(&DataRef::DateTime(in_1904), ColumnKind::Text),
        "1904-01-01"
    );
    let duration = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
    assert_eq!(
        cell_text(&DataRef::DateTime(duration), ColumnKind::Date),
        "1.5"
    );
    let iso = DataRef::DateTimeIso("2024-02-29T08:00:00".to_owned());
    assert_eq!(cell_text(&iso, ColumnKind::Text), "2024-02-29");
    assert_eq!(
        cell_text(
            &DataRef::Error(calamine::CellErrorType::NA),
            ColumnKind::Text
        ),
        ""
    );
}

#[test]
fn blank_rows_are_skipped_and_numbers_kept() {
    let bytes = book("人员", |ws| {
        // Rows 1 and 2 blank (row 2 only spaces), header on row 3.
        ws.write_string(1, 1, "   ")?;
        write_row(ws, 2, &["", "*姓名", "身份证号", "其他"])?;
        write_row(ws, 3, &["x", " 甲 ", "1"])?;
        write_row(ws, 4, &["", " ", "\u{3000}"])?;
        // Only an unknown column filled: blank as far as the spec goes.
        write_row(ws, 5, &["x", "", "", "extra"])?;
        write_row(ws, 7, &["", "乙", "2"])
    });
    let rows = read(&bytes, &spec()).unwrap();
    let got: Vec<(u32, &str, &str)> = rows
        .iter()
        .map(|r| (r.number, r.values[0].as_str(), r.values[1].as_str()))
        .collect();
    assert_eq!(got, [(4, "甲", "1"), (8, "乙", "2")]);
}

#[test]
fn missing_columns() {
    let no_id = book("人员", |ws| {
        write_row(ws, 0, &["姓名", "手机号"])?;
        write_row(ws, 1, &["甲", "138"])
    });
    assert_eq!(
        read(&no_id, &spec()),
        Err(SheetError::MissingColumn("身份证号".to_owned()))
    );
    assert_eq!(
        SheetError::MissingColumn(String::new()).key(),
        "err.sheet_column_missing"
    );

    let only_required = book("人员", |ws| {
        write_row(ws, 0, &["身份证号", "姓名"])?;
        write_row(ws, 1, &["1", "甲"])
    });
    let rows = read(&only_required, &spec()).unwrap();
    assert_eq!(rows[0].values, strings(&["甲", "1", "", "", "", ""]));
}

#[test]
fn unreadable_empty_and_too_many() {
    assert_eq!(
        read(b"PK\x03\x04 not really a zip", &spec()),
        Err(SheetError::Unreadable)
    );
    assert_eq!(read(b"", &spec()), Err(SheetError::Unreadable));
    assert_eq!(SheetError::Unreadable.key(), "err.sheet_unreadable");

    let header_only = book("人员", |ws| write_row(ws, 0, &["姓名", "身份证号"]));
    assert_eq!(read(&header_only, &spec()), Err(SheetError::Empty));
    let nothing = book("人员", |_| Ok(()));
    assert_eq!(read(&nothing, &spec()), Err(SheetError::Empty));

    let three = book("人员", |ws| {
        write_row(ws, 0, &["姓名", "身份证号"])?;
        for r in 1..=3 {
            write_row(ws, r, &["甲", "1"])?;
        }
        Ok(())
    });
    assert_eq!(read_at_most(&three, &spec(), 3).map(|r| r.len()), Ok(3));
    assert_eq!(
        read_at_most(&three, &spec(), 2),
        Err(SheetError::TooManyRows(2))
    );
    assert_eq!(
        SheetError::TooManyRows(MAX_ROWS).key(),
        "err.sheet_too_many_rows"
    );
}

#[test]
fn batches_hand_on_rows_in_order_and_can_stop() {
    let five = book("人员", |ws| {
        write_row(ws, 0, &["姓名", "身份证号"])?;
        for r in 1..=5 {
            write_row(ws, r, &["甲", &r.to_string()])?;
        }
        Ok(())
    });
    let mut seen: Vec<Vec<u32>> = vec![];
    read_batches(&five, &spec(), 2, |rows| {
        seen.push(rows.iter().map(|r| r.number).collect());
        true
    })
    .unwrap();
    assert_eq!(seen, [vec![2, 3], vec![4, 5], vec![6]]);

    let mut taken = 0;
    read_batches(&five, &spec(), 2, |rows| {
        taken += rows.len();
        false
    })
    .unwrap();
    assert_eq!(taken, 2, "a false answer stops the reading");

    // The row limit counts rows handed on, not those still held.
    assert_eq!(
        read_in_batches(&five, &spec(), 4, 2, |_| true),
        Err(SheetError::TooManyRows(4))
    );
    let empty = book("人员", |ws| write_row(ws, 0, &["姓名", "身份证号"]));
    assert_eq!(
        read_batches(&empty, &spec(), 2, |_| true),
        Err(SheetError::Empty)
    );
}

#[test]
fn template_has_dropdowns_on_a_hidden_sheet() {
    let mut spec = spec();
    let orgs: Vec<String> = (0..20_000).map(|i| format!("第{i}党支部")).collect();
    spec.columns.push(ColumnSpec {
        choices: Some(orgs.clone()),
        ..col("org", "所在支部", "Branch", ColumnKind::Text)
    });
    // A second column with the same list shares its dict column.
    spec.columns.push(ColumnSpec {
        choices: Some(orgs),
        ..col("org2", "转入支部", "To branch", ColumnKind::Text)
    });
    let bytes = template(&spec, "dict", &[]).unwrap();

    let sheet = zip_text(&bytes, "xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<dataValidation ").count(), 3, "{sheet}");
    assert!(sheet.contains(r#"type="list""#));
    assert!(
        sheet.contains("<formula1>dict!$A$2:$A$3</formula1>"),
        "{sheet}"
    );
    assert!(
        sheet.contains("<formula1>dict!$B$2:$B$20001</formula1>"),
        "{sheet}"
    );
    assert!(sheet.contains(r#"sqref="D2:D200001""#), "{sheet}");
    assert!(sheet.contains(r#"<pane ySplit="1""#), "{sheet}");
    let workbook = zip_text(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"<sheet name="dict" sheetId="2" state="hidden""#),
        "{workbook}"
    );
    let styles = zip_text(&bytes, "xl/styles.xml");
    assert!(styles.contains(r#"numFmtId="49""#), "text format: {styles}");
    assert!(
        styles.contains(r#"formatCode="yyyy\-mm\-dd""#)
            || styles.contains(r#"formatCode="yyyy-mm-dd""#),
        "{styles}"
    );

    let dict = calamine_range(&bytes, "dict");
    assert_eq!(dict.get((0, 1)), Some(&Data::String("所在支部".to_owned())));
    assert_eq!(
        dict.get((20_000, 1)),
        Some(&Data::String("第19999党支部".to_owned()))
    );
    assert_eq!(dict.get((1, 2)), None);
}

#[test]
fn template_without_choices_has_one_sheet() {
    let mut spec = spec();
    spec.columns[3].choices = Some(Vec::new());
    let bytes = template(&spec, "dict", &[]).unwrap();
    let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.as_slice())).unwrap();
    assert_eq!(wb.sheet_names(), ["人员"]);
    assert!(!zip_text(&bytes, "xl/worksheets/sheet1.xml").contains("dataValidation"));
}

#[test]
fn marked_copy_reads_back_with_notes() {
    let spec = spec();
    let rows = vec![
        Row {
            number: 2,
            values: strings(&["甲", "110101199003071234", "", "男", "1990-03-07", ""]),
        },
        Row {
            number: 4,
            values: strings(&["乙", "bad-id", "12", "", "", ""]),
        },
    ];
    let bad = |col: usize, message: &str| BadCell {
        sheet: "人员".to_owned(),
        row: 4,
        column: spec
            .columns
            .get(col)
            .map(|c| c.header.clone())
            .unwrap_or_default(),
        col,
        value: String::new(),
        message: message.to_owned(),
    };
    let bad = vec![
        bad(1, "身份证号格式错误"),
        bad(3, "性别不能为空"),
        bad(99, "与第2行重复"),
    ];
    let bytes = marked_copy(&spec, &rows, &bad, "错误说明").unwrap();

    let range = calamine_range(&bytes, "人员");
    let text = |r: usize, c: usize| range.get((r, c)).map(|d| d.to_string()).unwrap_or_default();
    assert_eq!(text(0, 0), "*姓名");
    assert_eq!(text(0, 6), "错误说明");
    assert_eq!(text(1, 1), "110101199003071234");
    assert_eq!(text(1, 6), "");
    assert_eq!(text(2, 0), "", "row numbers are kept, so row 3 stays blank");
    assert_eq!(text(3, 1), "bad-id");
    assert_eq!(text(3, 6), "身份证号格式错误；性别不能为空；与第2行重复");

    // Re-importing the copy gives the same rows back.
    assert_eq!(read(&bytes, &spec).unwrap(), rows);

    let comments = zip_text(&bytes, "xl/comments1.xml");
    assert!(comments.contains("身份证号格式错误"), "{comments}");
    assert!(comments.contains("性别不能为空"), "{comments}");
    assert!(!comments.contains("与第2行重复"), "{comments}");
    assert!(
        comments.contains(r#"ref="B4""#) && comments.contains(r#"ref="D4""#),
        "{comments}"
    );
    let styles = zip_text(&bytes, "xl/styles.xml");
    assert!(styles.contains("FFFFC7CE"), "{styles}");
}

#[test]
fn marked_copy_renumbers_rows_out_of_order() {
    let spec = spec();
    let rows = vec![
        Row {
            number: 9,
            values: strings(&["甲", "1"]),
        },
        Row {
            number: 3,
            values: strings(&["乙", "2"]),
        },
    ];
    let bytes = marked_copy(&spec, &rows, &[], "错误说明").unwrap();
    let got: Vec<(u32, String)> = read(&bytes, &spec)
        .unwrap()
        .into_iter()
        .map(|r| (r.number, r.values[0].clone()))
        .collect();
    assert_eq!(got, [(2, "甲".to_owned()), (3, "乙".to_owned())]);
}
