//! Spreadsheet imports stay bounded: an archive whose parts inflate too far is refused before
//! the reader sees it, a file that makes the reader give up answers 422 "unreadable", on every
//! import of the API and of the pages, and the server keeps answering while imports run.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;
use std::io::{Cursor, Read, Write};
use std::time::{Duration, Instant};
use zip::write::SimpleFileOptions;

/// The eight imports of the API: (template, import).
const API: [(&str, &str); 8] = [
    (
        "/api/v1/people/import-template.xlsx",
        "/api/v1/people/import",
    ),
    ("/api/v1/posts/import-template.xlsx", "/api/v1/posts/import"),
    (
        "/api/v1/honours/import-template.xlsx",
        "/api/v1/honours/import",
    ),
    (
        "/api/v1/quotas/import-template.xlsx",
        "/api/v1/quotas/import",
    ),
    (
        "/api/v1/requests/import-template.xlsx",
        "/api/v1/requests/import",
    ),
    (
        "/api/v1/achievements/import-template.xlsx",
        "/api/v1/achievements/import",
    ),
    (
        "/api/v1/enterprises/import-template.xlsx",
        "/api/v1/enterprises/import",
    ),
    (
        "/api/v1/activities/import-template.xlsx",
        "/api/v1/activities/import",
    ),
];

/// The import forms of the pages.
const PAGES: [&str; 5] = [
    "/people/import/people",
    "/requests/import",
    "/achievements/import",
    "/enterprises/import",
    "/activities/import",
];

const MIB: usize = 1024 * 1024;

/// Rebuilds the archive `bytes` with its shared-strings table written by `sst`.
fn with_shared_strings(bytes: &[u8], sst: impl Fn(&mut dyn Write)) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let mut replaced = false;
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().to_string();
        out.start_file(name.as_str(), opts).unwrap();
        if name == "xl/sharedStrings.xml" {
            sst(&mut out);
            replaced = true;
        } else {
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            out.write_all(&data).unwrap();
        }
    }
    assert!(replaced, "the template has a shared-strings table");
    out.finish().unwrap().into_inner()
}

const SST_HEAD: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// The reported file: the template with one string of `mib` MiB of "A" in its table.
fn one_long_string(template: &[u8], mib: usize) -> Vec<u8> {
    with_shared_strings(template, |w| {
        w.write_all(SST_HEAD).unwrap();
        w.write_all(b"<si><t>").unwrap();
        let chunk = vec![b'A'; MIB];
        for _ in 0..mib {
            w.write_all(&chunk).unwrap();
        }
        w.write_all(b"</t></si></sst>").unwrap();
    })
}

/// The template with `mib` MiB of short strings in its table: every text is of a normal
/// length, only the whole is too large.
fn many_strings(template: &[u8], mib: usize) -> Vec<u8> {
    with_shared_strings(template, |w| {
        w.write_all(SST_HEAD).unwrap();
        let item = format!("<si><t>{}</t></si>", "名".repeat(330));
        let chunk = item.repeat(MIB / item.len() + 1);
        for _ in 0..mib {
            w.write_all(chunk.as_bytes()).unwrap();
        }
        w.write_all(b"</sst>").unwrap();
    })
}

/// The template with a shared-strings table shorter than the indexes its cells give.
fn short_shared_strings(template: &[u8]) -> Vec<u8> {
    with_shared_strings(template, |w| {
        w.write_all(SST_HEAD).unwrap();
        w.write_all(b"<si><t>x</t></si></sst>").unwrap();
    })
}

/// Overwrites the uncompressed size the local header and the central directory give for the
/// part named `name`, so that it declares far less than it holds.
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

/// Posts a multipart form with the CSRF field and `file`, as the page forms do.
async fn post_file(s: &Session, path: &str, bytes: &[u8]) -> reqwest::Response {
    let boundary = "import-limits-boundary-3e9d";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n",
        s.csrf
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    s.c.post(s.url(path))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(CSRF_HEADER, &s.csrf)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The message an API refusal gives for the file, after checking its shape.
fn file_message(route: &str, s: StatusCode, v: &Value) -> String {
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{route}: {v}");
    assert_eq!(v["error"]["code"], "invalid", "{route}: {v}");
    let fields = v["error"]["fields"].as_object().unwrap();
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["file"], "{route}: {v}");
    fields["file"].as_str().unwrap().to_string()
}

async fn templates(admin: &Session) -> Vec<Vec<u8>> {
    let mut out = vec![];
    for (template, _) in API {
        let (s, bytes) = admin.get_bytes(template).await;
        assert_eq!(s, StatusCode::OK, "{template}");
        out.push(bytes);
    }
    out
}

async fn people_count(admin: &Session) -> i64 {
    let (_, v) = admin.get_json("/api/v1/people?per_page=1").await;
    v["total"].as_i64().unwrap()
}

#[tokio::test]
async fn bombs_are_refused_before_reading_on_every_import() {
    let app = spawn().await;
    let admin = app.admin().await;
    let templates = templates(&admin).await;
    // The reported shape: one string far longer than any cell, from a file of a few hundred KB.
    let long = one_long_string(&templates[0], 32);
    assert!(long.len() < MIB, "{} bytes", long.len());
    // Strings of a normal length, 70 MiB of them: the part's size is what is refused.
    let many = many_strings(&templates[0], 70);
    assert!(many.len() < 2 * MIB, "{} bytes", many.len());
    for (_, route) in API {
        let (s, v) = admin.upload(route, "bomb.xlsx", &long).await;
        let msg = file_message(route, s, &v);
        assert!(msg.contains("过长"), "{route}: {msg}");
        let (s, v) = admin.upload(route, "bomb.xlsx", &many).await;
        let msg = file_message(route, s, &v);
        assert!(msg.contains("64 MiB"), "{route}: {msg}");
    }
    // The page forms show the refusal on the form.
    for page in PAGES {
        let r = post_file(&admin, page, &many).await;
        assert_eq!(r.status(), StatusCode::OK, "{page}");
        let html = r.text().await.unwrap();
        assert!(html.contains("role=\"alert\""), "{page}: {html}");
        assert!(html.contains("64 MiB"), "{page}: {html}");
    }
    assert_eq!(people_count(&admin).await, 0);
}

#[tokio::test]
async fn a_declared_size_that_lies_is_caught_while_inflating() {
    let app = spawn().await;
    let admin = app.admin().await;
    let templates = templates(&admin).await;
    let mut lying = many_strings(&templates[4], 70);
    declare_size(&mut lying, "xl/sharedStrings.xml", 4096);
    let (s, v) = admin
        .upload("/api/v1/requests/import", "l.xlsx", &lying)
        .await;
    let msg = file_message("requests", s, &v);
    assert!(msg.contains("64 MiB"), "{msg}");
}

#[tokio::test]
async fn a_short_shared_strings_table_answers_unreadable_everywhere() {
    let app = spawn().await;
    let admin = app.admin().await;
    let templates = templates(&admin).await;
    for ((_, route), template) in API.iter().zip(&templates) {
        let file = short_shared_strings(template);
        let (s, v) = admin.upload(route, "short.xlsx", &file).await;
        let msg = file_message(route, s, &v);
        assert!(msg.contains("无法读取"), "{route}: {msg}");
    }
    for (page, template) in PAGES.iter().zip([
        &templates[0],
        &templates[4],
        &templates[5],
        &templates[6],
        &templates[7],
    ]) {
        let r = post_file(&admin, page, &short_shared_strings(template)).await;
        assert_eq!(r.status(), StatusCode::OK, "{page}");
        let html = r.text().await.unwrap();
        assert!(html.contains("无法读取"), "{page}: {html}");
    }
    // The server is still there, and the good template still reads (as a file without rows).
    let (s, v) = admin
        .upload("/api/v1/people/import", "t.xlsx", &templates[0])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(people_count(&admin).await, 0);
}

#[tokio::test]
async fn health_stays_fast_while_imports_run() {
    let app = spawn().await;
    let admin = app.admin().await;
    let (_, template) = admin
        .get_bytes("/api/v1/requests/import-template.xlsx")
        .await;
    // A part that declares 4 KiB and inflates to 64 MiB before it is stopped: the check
    // works for a while, off the async workers.
    let mut lying = many_strings(&template, 70);
    declare_size(&mut lying, "xl/sharedStrings.xml", 4096);
    let done = std::sync::atomic::AtomicBool::new(false);
    let imports = async {
        let started = Instant::now();
        let (a, b) = tokio::join!(
            admin.upload("/api/v1/requests/import", "a.xlsx", &lying),
            admin.upload("/api/v1/requests/import", "b.xlsx", &lying),
        );
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(a.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.1);
        assert_eq!(b.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", b.1);
        started.elapsed()
    };
    let health = async {
        let c = client();
        let mut slowest = Duration::ZERO;
        let mut answered = 0;
        tokio::time::sleep(Duration::from_millis(20)).await;
        while !done.load(std::sync::atomic::Ordering::SeqCst) {
            let t = Instant::now();
            let r = c.get(app.url("/healthz")).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            slowest = slowest.max(t.elapsed());
            answered += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        (slowest, answered)
    };
    let (took, (slowest, answered)) = tokio::join!(imports, health);
    assert!(answered >= 3, "{answered} answers in {took:?}");
    assert!(
        slowest < Duration::from_millis(500) && slowest * 3 < took,
        "the slowest /healthz took {slowest:?} while two imports took {took:?}"
    );
}
