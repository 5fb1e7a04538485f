use super::*;
use crate::sheet::{self, ColumnKind, ColumnSpec, SheetSpec};
use std::io::Write;
use zip::write::SimpleFileOptions;

const KIB: u64 = 1024;

/// Small limits, so that the tests stay fast.
const SMALL: Limits = Limits {
    entries: 40,
    directory: 64 * KIB,
    worksheet: 2 * MIB,
    part: MIB,
    total: 3 * MIB,
    text_run: 100 * KIB,
};

fn spec() -> SheetSpec {
    let col = |key, header: &str| ColumnSpec {
        key,
        header: header.to_owned(),
        aliases: vec![],
        required: true,
        choices: None,
        kind: ColumnKind::Text,
        width: 12.0,
    };
    SheetSpec {
        name: "人员".to_owned(),
        columns: vec![col("name", "姓名"), col("note", "备注")],
    }
}

/// A template with two example rows, its text in the shared-strings table.
fn template() -> Vec<u8> {
    let examples = vec![
        vec!["张三".to_owned(), "甲".to_owned()],
        vec!["李四".to_owned(), "乙".to_owned()],
    ];
    sheet::template(&spec(), "dict", &examples).unwrap()
}

/// The parts of an archive, by name, in order.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_owned(), data)
        })
        .collect()
}

/// An archive of `parts`, deflated.
fn archive(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The template with its shared-strings part replaced by `sst`.
fn with_shared_strings(sst: Vec<u8>) -> Vec<u8> {
    let mut p = parts(&template());
    let slot = p
        .iter_mut()
        .find(|(n, _)| n == "xl/sharedStrings.xml")
        .expect("the template has a shared-strings table");
    slot.1 = sst;
    archive(&p)
}

/// A shared-strings table of `count` strings of `len` letters each.
fn sst(count: usize, len: usize) -> Vec<u8> {
    let head = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;
    let mut out = head.as_bytes().to_vec();
    let item = format!("<si><t>{}</t></si>", "A".repeat(len));
    for _ in 0..count {
        out.extend_from_slice(item.as_bytes());
    }
    out.extend_from_slice(b"</sst>");
    out
}

#[test]
fn a_normal_file_passes_and_reads() {
    let bytes = template();
    assert_eq!(inspect(&bytes, &LIMITS), Ok(()));
    assert_eq!(inspect(&bytes, &SMALL), Ok(()));
    let rows = guarded(&bytes, |b| sheet::read(b, &spec())).unwrap();
    assert_eq!(rows.len(), 2);
}

#[test]
fn a_bomb_is_refused_before_reading() {
    // The reported file: one string of repeated letters, far beyond the limit.
    let bomb = with_shared_strings(sst(1, 8 * MIB as usize));
    assert!(bomb.len() < 100 * KIB as usize, "{}", bomb.len());
    assert_eq!(inspect(&bomb, &LIMITS), Err(Refusal::TextTooLong));
    let read = guarded(&bomb, |_| -> Result<(), SheetError> {
        panic!("the reader must not see a refused file")
    });
    let Err(WebError::Storage(StorageError::Invalid(fe))) = read else {
        panic!("a field error, not {read:?}")
    };
    assert_eq!(fe.0["file"], "imp.text_too_long");
    // Many short strings: the part's inflated size is what counts.
    let many = with_shared_strings(sst(3000, 500));
    assert_eq!(inspect(&many, &SMALL), Err(Refusal::PartTooLarge(MIB)));
    assert_eq!(inspect(&many, &LIMITS), Ok(()));
}

#[test]
fn the_total_of_all_parts_is_bounded() {
    let mut p = parts(&template());
    for i in 0..4 {
        p.push((
            format!("xl/media/image{i}.bin"),
            vec![b'x'; 900 * KIB as usize],
        ));
    }
    assert_eq!(
        inspect(&archive(&p), &SMALL),
        Err(Refusal::TooLarge(SMALL.total))
    );
}

#[test]
fn worksheets_may_be_larger_than_other_parts() {
    let mut p = parts(&template());
    let rows = "<row><c><v>1</v></c></row>".repeat(60_000);
    let sheet = p
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .unwrap();
    let text = String::from_utf8(sheet.1.clone()).unwrap();
    sheet.1 = text
        .replacen("<sheetData>", &format!("<sheetData>{rows}"), 1)
        .into_bytes();
    assert!(sheet.1.len() as u64 > SMALL.part && (sheet.1.len() as u64) < SMALL.worksheet);
    assert_eq!(inspect(&archive(&p), &SMALL), Ok(()));
    // The same bytes under another name are held to the smaller limit.
    let renamed = p
        .iter()
        .map(|(n, d)| (n.replace("worksheets/", "sheets/"), d.clone()))
        .collect::<Vec<_>>();
    assert_eq!(
        inspect(&archive(&renamed), &SMALL),
        Err(Refusal::PartTooLarge(SMALL.part))
    );
}

/// Overwrites the uncompressed size that the local header and the central directory give
/// for the part named `name`.
fn declare_size(bytes: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    for at in 0..bytes.len().saturating_sub(46) {
        let (field, name_len_at, name_at) = match bytes[at..at + 4] {
            [0x50, 0x4b, 0x03, 0x04] => (22, 26, 30),
            [0x50, 0x4b, 0x01, 0x02] => (24, 28, 46),
            _ => continue,
        };
        let len = u16::from_le_bytes([bytes[at + name_len_at], bytes[at + name_len_at + 1]]);
        if bytes.get(at + name_at..at + name_at + len as usize) == Some(name.as_bytes()) {
            bytes[at + field..at + field + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "a local header and a directory entry");
}

#[test]
fn a_lying_declared_size_is_caught_while_inflating() {
    let mut bytes = with_shared_strings(sst(3000, 500));
    declare_size(&mut bytes, "xl/sharedStrings.xml", 100);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
    assert_eq!(zip.by_name("xl/sharedStrings.xml").unwrap().size(), 100);
    drop(zip);
    let refused = inspect(&bytes, &SMALL);
    assert!(
        matches!(
            refused,
            Err(Refusal::PartTooLarge(_)) | Err(Refusal::NotAnArchive)
        ),
        "{refused:?}"
    );
    // An honest declaration of the same size is refused before inflating.
    let honest = with_shared_strings(sst(3000, 500));
    assert_eq!(inspect(&honest, &SMALL), Err(Refusal::PartTooLarge(MIB)));
}

#[test]
fn too_many_entries_are_refused() {
    let mut p = parts(&template());
    for i in 0..SMALL.entries {
        p.push((format!("xl/media/image{i}.png"), vec![0u8; 10]));
    }
    assert_eq!(inspect(&archive(&p), &SMALL), Err(Refusal::TooManyEntries));
    assert_eq!(inspect(&archive(&p), &LIMITS), Ok(()));
}

#[test]
fn text_runs_are_counted_across_chunks() {
    // 90 KiB and 110 KiB runs, each across the 64 KiB read chunks, against a 100 KiB limit.
    let short = format!("<a>{}</a>", "B".repeat(90 * KIB as usize));
    let long = format!("<a>{}</a>", "B".repeat(110 * KIB as usize));
    let run = |text: &str| inflated_size(text.as_bytes(), MIB, Some(SMALL.text_run));
    assert_eq!(run(&short), Ok(short.len() as u64));
    assert_eq!(run(&long), Err(Refusal::TextTooLong));
    // Parts the reader does not parse as text are not held to it.
    assert_eq!(
        inflated_size(long.as_bytes(), MIB, None),
        Ok(long.len() as u64)
    );
}

#[test]
fn not_an_archive() {
    assert_eq!(
        inspect(b"name,id\nzhang,1\n", &LIMITS),
        Err(Refusal::NotAnArchive)
    );
    let mut cut = template();
    cut.truncate(cut.len() / 2);
    assert_eq!(inspect(&cut, &LIMITS), Err(Refusal::NotAnArchive));
}

/// A shared-strings table shorter than the indexes the cells give.
fn short_shared_strings() -> Vec<u8> {
    let head = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>姓名</t></si></sst>"#;
    with_shared_strings(head.as_bytes().to_vec())
}

#[test]
fn a_short_shared_strings_table_answers_unreadable() {
    let bytes = short_shared_strings();
    assert_eq!(inspect(&bytes, &LIMITS), Ok(()));
    let read = guarded(&bytes, |b| sheet::read(b, &spec()));
    let Err(WebError::Storage(StorageError::Invalid(fe))) = read else {
        panic!("a field error, not {read:?}")
    };
    assert_eq!(fe.0["file"], "err.sheet_unreadable");
}

#[test]
fn a_panic_of_the_reader_answers_unreadable() {
    let read: WebResult<()> = unwound(|| panic!("index out of bounds"));
    let Err(WebError::Storage(StorageError::Invalid(fe))) = read else {
        panic!("a field error, not {read:?}")
    };
    assert_eq!(fe.0["file"], "err.sheet_unreadable");
}

#[tokio::test]
async fn the_gate_admits_so_many_then_answers_busy() {
    let gate = ImportGate::new(1, Duration::from_millis(50));
    let first = gate.admit().await.expect("a free turn");
    let busy = gate.admit().await.expect_err("no free turn");
    assert_eq!(busy.retry_after, 1);
    drop(first);
    assert!(gate.admit().await.is_ok());
    let r = busy.into_response();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.extensions().get::<ErrorInfo>().unwrap().key, Busy::KEY);
}

#[tokio::test]
async fn reading_runs_off_the_runtime() {
    // A current-thread runtime would be blocked by a read on it; off it, a timer still fires.
    let slow = read_off_runtime(Bytes::from(template()), |b| {
        std::thread::sleep(Duration::from_millis(300));
        sheet::read(b, &spec())
    });
    let tick = tokio::time::sleep(Duration::from_millis(20));
    tokio::pin!(slow);
    tokio::select! {
        _ = tick => {}
        _ = &mut slow => panic!("the read finished before the timer"),
    }
    assert_eq!(slow.await.unwrap().len(), 2);
}
